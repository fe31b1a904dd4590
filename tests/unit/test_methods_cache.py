"""Memoised development fits, Mack's derived other-sigma total, and the one-pass bootstrap."""

import warnings
from dataclasses import replace

import chainladder as cl
import numpy as np
import pytest
from methods_helpers import raa_inputs, sample, xyz_inputs

from reserving.assumptions import (
    DevelopmentAssumptions,
    LossRatioAssumptions,
    MethodOptions,
    SegmentAssumptions,
    TailAssumptions,
)
from reserving.methods import MethodInputs, pipeline, run_method
from reserving.methods.inputs import FIT_MEMO_SIZE
from reserving.methods.mack import mack_total_std_err

APRIORI = SegmentAssumptions(loss_ratio=LossRatioAssumptions(default=0.65))
SET = ("chainladder", "mack", "expected_loss", "bf", "benktander", "cape_cod")


def _count_fits(monkeypatch) -> list[str]:
    calls: list[str] = []
    original = pipeline.developed_with_tail

    def counting(tri, labels, assumptions):
        calls.append(str(tri.columns[0]))
        return original(tri, labels, assumptions)

    monkeypatch.setattr(pipeline, "developed_with_tail", counting)
    return calls


def test_a_method_set_fits_development_once(monkeypatch):
    calls = _count_fits(monkeypatch)
    inputs = xyz_inputs()
    for method in SET:
        run_method(method, inputs, APRIORI)
    assert calls == ["incurred"]  # Mack's other sigma is derived, not refitted
    run_method("chainladder", inputs, replace(APRIORI, tail=TailAssumptions(kind="exponential")))
    assert calls == ["incurred", "incurred"]  # another tail is another fit


def test_memoised_results_equal_fresh_ones_and_the_fit_is_not_mutated():
    shared = xyz_inputs()
    developed = shared.developed(APRIORI)
    before = {
        name: np.asarray(getattr(developed, name).values, dtype=float).copy() for name in ("ldf_", "sigma_", "std_err_")
    }
    values = np.asarray(developed.values, dtype=float).copy()
    for method in (*SET, "average_claim", "bootstrap"):
        small = replace(APRIORI, options=MethodOptions(n_sims=50))
        again = run_method(method, shared, small)
        fresh = run_method(method, xyz_inputs(), small)
        np.testing.assert_allclose(again.origins["ultimate"], fresh.origins["ultimate"], rtol=1e-12)
    assert shared.developed(APRIORI) is developed
    np.testing.assert_array_equal(np.asarray(developed.values, dtype=float), values)
    for name, array in before.items():
        np.testing.assert_array_equal(np.asarray(getattr(developed, name).values, dtype=float), array)


def test_the_memo_is_bounded():
    inputs = raa_inputs()
    for n in range(FIT_MEMO_SIZE + 4):
        inputs.memo(("k", n), lambda n=n: n)
    assert len(inputs._fits) == FIT_MEMO_SIZE
    assert inputs.memo(("k", FIT_MEMO_SIZE + 3), lambda: -1) == FIT_MEMO_SIZE + 3  # newest kept
    assert inputs.memo(("k", 0), lambda: -1) == -1  # oldest dropped


def test_mack_reports_both_published_raa_totals_from_one_fit():
    result = run_method("mack", raa_inputs(), SegmentAssumptions())
    by_sigma = result.details["total_std_err_by_sigma"]
    assert by_sigma["log-linear"] == pytest.approx(26880.74, abs=0.01)
    assert by_sigma["mack"] == pytest.approx(26909.01, abs=0.01)


def test_mack_genins_other_sigma_is_the_default_convention():
    inputs = MethodInputs.from_triangles("paid", {"paid": sample("genins")})
    result = run_method("mack", inputs, SegmentAssumptions(development=DevelopmentAssumptions(sigma="mack")))
    assert result.details["total_std_err_by_sigma"]["mack"] == pytest.approx(2447095, abs=1)
    assert result.details["total_std_err_by_sigma"]["log-linear"] == pytest.approx(2441364, abs=1)


@pytest.mark.parametrize("name", ["raa", "genins", "ukmotor"])
@pytest.mark.parametrize("sigma", ["log-linear", "mack"])
@pytest.mark.parametrize(
    ("tail", "dev"),
    [
        (TailAssumptions(), DevelopmentAssumptions()),
        (TailAssumptions(), DevelopmentAssumptions(average="simple", n_periods=5, drop_high=1)),
        (TailAssumptions(kind="exponential"), DevelopmentAssumptions()),
        (TailAssumptions(kind="constant", factor=1.05), DevelopmentAssumptions(average="simple")),
    ],
)
def test_derived_other_sigma_total_equals_a_full_mack_fit(name, sigma, tail, dev):
    tri = sample(name)
    assumptions = SegmentAssumptions(development=replace(dev, sigma=sigma), tail=tail)
    other = "mack" if sigma == "log-linear" else "log-linear"
    derived = run_method("mack", MethodInputs.from_triangles("x", {"x": tri}), assumptions)
    fitted = mack_total_std_err(MethodInputs.from_triangles("x", {"x": tri}), assumptions, other)
    assert derived.details["total_std_err_by_sigma"][other] == pytest.approx(fitted, rel=1e-9)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        developed = cl.Development(sigma_interpolation=sigma, average=dev.average, n_periods=dev.n_periods)
        if dev.drop_high:
            developed.set_params(drop_high=dev.drop_high)
        reference = cl.MackChainladder().fit(developed.fit_transform(tri)) if tail.kind == "none" else None
    if reference is not None:
        own = float(np.asarray(reference.total_mack_std_err_.values).ravel()[0])
        assert derived.total["std_err"] == pytest.approx(own, rel=1e-9)


def test_bootstrap_reports_its_real_stages_and_is_reproducible():
    seen: list[float] = []
    small = SegmentAssumptions(options=MethodOptions(n_sims=500, seed=11))
    first = run_method("bootstrap", raa_inputs(), small, progress=seen.append)
    again = run_method("bootstrap", raa_inputs(), small)
    assert seen == [0.0, 0.15, 0.4, 0.95, 1.0]
    np.testing.assert_array_equal(first.details["total_ibnr"], again.details["total_ibnr"])
    other_seed = run_method("bootstrap", raa_inputs(), replace(small, options=MethodOptions(n_sims=500, seed=12)))
    assert not np.array_equal(first.details["total_ibnr"], other_seed.details["total_ibnr"])
    assert first.details["mean"] == pytest.approx(52135, rel=0.1)
