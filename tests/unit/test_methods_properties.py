"""Properties of the a-priori family, selection, and missing-data errors."""

import numpy as np
import pytest
from methods_helpers import col, raa_inputs, xyz_inputs

from reserving.assumptions import LossRatioAssumptions, MethodOptions, SegmentAssumptions, Selection
from reserving.errors import AssumptionError, MethodDataError
from reserving.methods import run_method, select


def chain_ladder_ratios():
    inputs = xyz_inputs()
    cl_result = run_method("chainladder", inputs, SegmentAssumptions())
    ratios = col(cl_result, "ultimate") / inputs.premium
    by_origin = tuple(zip(inputs.origin_labels, ratios, strict=True))
    return inputs, cl_result, LossRatioAssumptions(by_origin=by_origin)


def test_bf_with_chain_ladder_apriori_equals_chain_ladder():
    inputs, cl_result, lr = chain_ladder_ratios()
    bf = run_method("bf", inputs, SegmentAssumptions(loss_ratio=lr))
    np.testing.assert_allclose(col(bf, "ultimate"), col(cl_result, "ultimate"), rtol=1e-10)


def test_benktander_converges_to_chain_ladder():
    inputs = xyz_inputs()
    cl_result = run_method("chainladder", inputs, SegmentAssumptions())
    far = SegmentAssumptions(
        loss_ratio=LossRatioAssumptions(default=0.5), options=MethodOptions(benktander_iterations=200)
    )
    result = run_method("benktander", inputs, far)
    np.testing.assert_allclose(col(result, "ultimate"), col(cl_result, "ultimate"), rtol=1e-6)
    zero = SegmentAssumptions(
        loss_ratio=LossRatioAssumptions(default=0.5), options=MethodOptions(benktander_iterations=0)
    )
    np.testing.assert_allclose(
        col(run_method("benktander", inputs, zero), "ultimate"), col(run_method("bf", inputs, zero), "ultimate")
    )


def test_cape_cod_implied_ratio_as_bf_apriori_equals_cape_cod():
    inputs = xyz_inputs()
    cape = run_method("cape_cod", inputs, SegmentAssumptions())
    elr = cape.details["apriori_"]
    bf = run_method("bf", inputs, SegmentAssumptions(loss_ratio=LossRatioAssumptions(default=elr)))
    np.testing.assert_allclose(col(bf, "ultimate"), col(cape, "ultimate"), rtol=1e-10)
    via_source = run_method("bf", inputs, SegmentAssumptions(loss_ratio=LossRatioAssumptions(source="cape_cod")))
    np.testing.assert_allclose(col(via_source, "ultimate"), col(cape, "ultimate"), rtol=1e-10)
    # Cape Cod ELR = sum(latest) / sum(premium / CDF)  (Stanard-Buhlmann, no trend, no decay)
    used = inputs.premium / col(cape, "cdf")
    assert elr == pytest.approx(col(cape, "latest").sum() / used.sum(), rel=1e-10)


def test_bf_and_expected_loss_formulas_by_hand():
    inputs = xyz_inputs()
    lr = LossRatioAssumptions(default=0.7, by_origin=(("2008", 0.8),))
    bf = run_method("bf", inputs, SegmentAssumptions(loss_ratio=lr))
    elr = np.where(np.array(inputs.origin_labels) == "2008", 0.8, 0.7)
    expected_ibnr = elr * inputs.premium * (1 - 1 / col(bf, "cdf"))
    np.testing.assert_allclose(col(bf, "ibnr"), expected_ibnr, rtol=1e-9)
    el = run_method("expected_loss", inputs, SegmentAssumptions(loss_ratio=lr))
    np.testing.assert_allclose(col(el, "ultimate"), elr * inputs.premium, rtol=1e-12)
    np.testing.assert_allclose(col(el, "loss_ratio"), elr)


@pytest.mark.parametrize(
    ("method", "missing"),
    [
        ("bf", "premium"),
        ("cape_cod", "premium"),
        ("expected_loss", "premium"),
        ("average_claim", "reported_count"),
        ("case_development", "paid"),
        ("munich", "paid"),
    ],
)
def test_methods_lacking_data_say_what_is_missing(method, missing):
    with pytest.raises(MethodDataError, match=missing):
        run_method(method, raa_inputs(), SegmentAssumptions(loss_ratio=LossRatioAssumptions(default=0.6)))


def test_bf_without_loss_ratio_names_the_origins():
    with pytest.raises(AssumptionError, match="a-priori loss ratio; none for 1998"):
        run_method("bf", xyz_inputs(), SegmentAssumptions())


def test_unknown_method():
    with pytest.raises(AssumptionError, match="unknown method 'magic'"):
        run_method("magic", raa_inputs(), SegmentAssumptions())


def test_selection_blends_per_origin_and_keeps_the_reason():
    inputs = xyz_inputs()
    lr = SegmentAssumptions(loss_ratio=LossRatioAssumptions(default=0.7))
    results = {m: run_method(m, inputs, lr).origins for m in ("chainladder", "bf")}
    selection = Selection(
        by_origin=(("2008", (("bf", 3.0), ("chainladder", 1.0)), "immature year"), ("2007", (("bf", 1.0),), "")),
    )
    chosen = select(results, selection)
    cl_u, bf_u = results["chainladder"]["ultimate"].to_numpy(), results["bf"]["ultimate"].to_numpy()
    assert chosen["ultimate"].iloc[-1] == pytest.approx(0.75 * bf_u[-1] + 0.25 * cl_u[-1])
    assert chosen["ultimate"].iloc[-2] == pytest.approx(bf_u[-2])
    assert chosen["ultimate"].iloc[0] == pytest.approx(cl_u[0])
    assert chosen["reason"].iloc[-1] == "immature year"
    assert chosen["method"].iloc[-1] == "0.75 bf + 0.25 chainladder"
    assert chosen["ibnr"].sum() == pytest.approx(chosen["ultimate"].sum() - chosen["latest"].sum())
    with pytest.raises(AssumptionError, match="'mack', which has no results"):
        select(results, Selection(default_method="mack"))
