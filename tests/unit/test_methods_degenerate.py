"""Degenerate triangles: every method answers with a `MethodDataError`-style message, never a traceback."""

import warnings

import chainladder as cl
import numpy as np
import pytest
from methods_helpers import grid_triangle, sample

from reserving.assumptions import LossRatioAssumptions, MethodOptions, SegmentAssumptions
from reserving.errors import MethodDataError, ReservingError
from reserving.methods import METHODS, MethodInputs, run_method
from reserving.methods.failures import data_errors, describe_problems

NAN = np.nan
ASSUMPTIONS = SegmentAssumptions(
    measure="paid", loss_ratio=LossRatioAssumptions(default=0.65), options=MethodOptions(n_sims=50)
)
GRIDS = {
    "zero row": [[0, 0, 0, 0], [100, 150, 160, NAN], [120, 170, NAN, NAN], [130, NAN, NAN, NAN]],
    "all zeros": [[0, 0, 0], [0, 0, NAN], [0, NAN, NAN]],
    "single column": [[100], [120], [130]],
    "two origins": [[100, 150], [120, NAN]],
}


def adriatic() -> MethodInputs:
    """clrd 'Adriatic Ins Co' / othliab: a 10 x 10 triangle with one observed cell."""
    tri = sample("clrd").loc["Adriatic Ins Co", "othliab"]
    return MethodInputs.from_triangles("paid", {"paid": tri["CumPaidLoss"]}, premium=tri["EarnedPremNet"])


def degenerate(grid) -> MethodInputs:
    paid = grid_triangle(grid, name="paid")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        triangles = {"paid": paid, "incurred": paid * 1.2, "reported_count": paid * 0 + 5}
    return MethodInputs.from_triangles("paid", triangles, premium=1000.0)


def test_clark_on_the_sparse_adriatic_triangle_says_what_is_wrong():
    with pytest.raises(MethodDataError, match=r"clark needs at least 2 origins .* has 1 origin\(s\) with data"):
        run_method("clark", adriatic(), ASSUMPTIONS)


def test_a_chainladder_crash_becomes_a_data_error_naming_the_problem():
    # the clrd2025 Adriatic othliab segment as the dataset builds it: one cell
    inputs = MethodInputs.from_triangles("paid", {"paid": grid_triangle([[3.0]], name="paid")})

    @data_errors("clark")
    def bare_clark(inputs, _assumptions):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return cl.ClarkLDF().fit(inputs.triangle)  # AttributeError: 'numpy.float64' ... 'ddims'

    with pytest.raises(MethodDataError) as caught:
        bare_clark(inputs, ASSUMPTIONS)
    message = str(caught.value)
    assert "clark cannot be run on the 'paid' triangle (1 origins x 1 ages)" in message
    assert "only 1 origin period(s) with data" in message
    assert isinstance(caught.value.__cause__, AttributeError)
    with pytest.raises(MethodDataError, match="clark needs at least 2 origins"):
        run_method("clark", inputs, ASSUMPTIONS)


def test_engine_bugs_are_not_disguised_as_data_errors():
    @data_errors("chainladder")
    def buggy(inputs, _assumptions):
        return inputs.no_such_attribute

    with pytest.raises(AttributeError):
        buggy(adriatic(), ASSUMPTIONS)


def test_bootstrap_on_adriatic_names_the_data_problem():
    with pytest.raises(MethodDataError, match=r"bootstrap cannot be run .* only 1 origin period"):
        run_method("bootstrap", adriatic(), ASSUMPTIONS)


@pytest.mark.parametrize("case", sorted(GRIDS))
@pytest.mark.parametrize("method", list(METHODS))
def test_every_method_on_degenerate_triangles_runs_or_raises_our_error(case, method):
    inputs = degenerate(GRIDS[case])
    try:
        result = run_method(method, inputs, ASSUMPTIONS)
    except ReservingError as exc:
        assert str(exc)  # a message for the user, never a chainladder traceback
        return
    latest = np.asarray(inputs.triangle.latest_diagonal.values, dtype=float)[0, 0, :, -1]
    np.testing.assert_allclose(result.origins["latest"], latest)


def test_describe_problems_lists_sparse_rows_and_unobservable_ages():
    problems = describe_problems(adriatic().triangle)
    assert problems == [
        "only 1 origin period(s) with data (at least 2 are needed)",
        "no link ratio can be observed from age(s) 12, 24, 36, 48, 60, 72 ... (months)",
    ]
    assert describe_problems(sample("raa")) == []
