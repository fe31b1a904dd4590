"""Selected factors: exclusions and overrides move the ultimates by the hand-computed amount; tails."""

import warnings

import chainladder as cl
import numpy as np
import pytest
from methods_helpers import col, raa_inputs, sample

from reserving.assumptions import DevelopmentAssumptions, SegmentAssumptions, TailAssumptions
from reserving.errors import AssumptionError
from reserving.methods import run_method
from reserving.methods.development import develop, factor_table

RAA = np.asarray(sample("raa").values, dtype=float)[0, 0]


def volume_factors(grid: np.ndarray, skip: set[tuple[int, int]] = frozenset()) -> np.ndarray:
    """Volume-weighted factors by hand, leaving out (row, column) link ratios in `skip`."""
    factors = []
    for j in range(grid.shape[1] - 1):
        rows = [i for i in range(grid.shape[0]) if not np.isnan(grid[i, j + 1]) and (i, j) not in skip]
        factors.append(grid[rows, j + 1].sum() / grid[rows, j].sum())
    return np.array(factors)


def test_volume_factors_match_hand_computation():
    developed = develop(sample("raa"), DevelopmentAssumptions(), raa_inputs().origin_labels)
    np.testing.assert_allclose(factor_table(developed)["ldf"], volume_factors(RAA), rtol=1e-12)


def test_excluded_link_ratio_changes_the_latest_origin_by_hand_amount():
    base = run_method("chainladder", raa_inputs(), SegmentAssumptions())
    excluded = SegmentAssumptions(development=DevelopmentAssumptions(excluded_cells=(("1982", 12),)))
    result = run_method("chainladder", raa_inputs(), excluded)
    f = volume_factors(RAA)
    g = volume_factors(RAA, {(1, 0)})
    expected_1990 = RAA[9, 0] * np.prod(g)
    assert col(result, "ultimate")[9] == pytest.approx(expected_1990, rel=1e-10)
    delta = RAA[9, 0] * (g[0] - f[0]) * np.prod(f[1:])
    assert result.total["ultimate"] - base.total["ultimate"] == pytest.approx(delta, rel=1e-9)
    np.testing.assert_allclose(col(result, "ultimate")[:9], col(base, "ultimate")[:9])


def test_excluded_valuation_drops_the_diagonal_of_link_ratios():
    # the 1985 diagonal holds the link ratios ending in 1985: row i from column 1985-1981-1-i
    assumptions = SegmentAssumptions(development=DevelopmentAssumptions(excluded_valuations=("1985-12-31",)))
    result = run_method("chainladder", raa_inputs(), assumptions)
    skip = {(i, 1985 - 1981 - 1 - i) for i in range(4)}
    g = volume_factors(RAA, skip)
    assert col(result, "ultimate")[9] == pytest.approx(RAA[9, 0] * np.prod(g), rel=1e-10)


def test_manual_override_replaces_one_factor():
    assumptions = SegmentAssumptions(development=DevelopmentAssumptions(overrides=((12, 3.5),)))
    result = run_method("chainladder", raa_inputs(), assumptions)
    f = volume_factors(RAA)
    assert col(result, "ultimate")[9] == pytest.approx(RAA[9, 0] * 3.5 * np.prod(f[1:]), rel=1e-10)
    assert col(result, "ultimate")[8] == pytest.approx(RAA[8, 1] * np.prod(f[1:]), rel=1e-10)
    mack = run_method("mack", raa_inputs(), assumptions)  # Mack still runs on the selected factors
    assert mack.total["ultimate"] == pytest.approx(result.total["ultimate"])
    assert mack.total["std_err"] > 0


def test_simple_average_and_n_periods():
    assumptions = SegmentAssumptions(development=DevelopmentAssumptions(average="simple", n_periods=3))
    result = run_method("chainladder", raa_inputs(), assumptions)
    ratios = RAA[:, 1] / RAA[:, 0]
    f0 = np.mean(ratios[~np.isnan(ratios)][-3:])
    f = volume_factors(RAA)
    rest = []
    for j in range(1, 9):
        r = RAA[:, j + 1] / RAA[:, j]
        rest.append(np.mean(r[~np.isnan(r)][-3:]))
    assert col(result, "ultimate")[9] == pytest.approx(RAA[9, 0] * f0 * np.prod(rest), rel=1e-10)
    assert f0 != pytest.approx(f[0])


def test_constant_tail_multiplies_every_ultimate():
    base = run_method("chainladder", raa_inputs(), SegmentAssumptions())
    tailed = run_method(
        "chainladder", raa_inputs(), SegmentAssumptions(tail=TailAssumptions(kind="constant", factor=1.05))
    )
    np.testing.assert_allclose(col(tailed, "ultimate"), col(base, "ultimate") * 1.05, rtol=1e-10)
    assert col(tailed, "ibnr")[0] == pytest.approx(18834 * 0.05)


@pytest.mark.parametrize(
    ("kind", "estimator"),
    [
        ("exponential", lambda: cl.TailCurve(curve="exponential")),
        ("inverse_power", lambda: cl.TailCurve(curve="inverse_power")),
        ("bondy", cl.TailBondy),
    ],
)
def test_fitted_tails_equal_the_engine_fit_on_selected_factors(kind, estimator):
    base = run_method("chainladder", raa_inputs(), SegmentAssumptions())
    tailed = run_method("chainladder", raa_inputs(), SegmentAssumptions(tail=TailAssumptions(kind=kind)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        factor = float(np.asarray(estimator().fit(sample("raa")).tail_).ravel()[0])
    assert col(tailed, "ultimate")[0] / col(base, "ultimate")[0] == pytest.approx(factor, rel=1e-10)
    if kind == "exponential":
        assert factor == pytest.approx(1.00944, abs=5e-6)  # engine-notes figure


def test_unknown_exclusion_raises():
    bad = SegmentAssumptions(development=DevelopmentAssumptions(excluded_cells=(("1975", 12),)))
    with pytest.raises(AssumptionError) as refused:
        run_method("chainladder", raa_inputs(), bad)
    message = refused.value.message
    assert "origin '1975'" in message and "does not have" in message  # which origin, and that it is not there
    assert "its origins are 1981, 1982, 1983, 1984, 1985, 1986, 1987, 1988, 1989, 1990" in message
    assert "Take it out of the left-out ratios" in message
    bad = SegmentAssumptions(development=DevelopmentAssumptions(overrides=((120, 1.1),)))
    with pytest.raises(AssumptionError, match="no factor from age 120"):
        run_method("chainladder", raa_inputs(), bad)
