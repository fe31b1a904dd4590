"""Average claim and reserve (case-outstanding) development against hand computations."""

import numpy as np
import pytest
from methods_helpers import col, grid_triangle, xyz_inputs

from reserving.assumptions import DevelopmentAssumptions, SegmentAssumptions
from reserving.errors import MethodDataError
from reserving.methods import MethodInputs, run_method
from reserving.methods.case_development import case_ratios

PAID = [[100, 150, 170], [110, 160], [120]]
CASE = [[80, 40, 10], [90, 45], [100]]
INCURRED = [[p + c for p, c in zip(pr, cr, strict=True)] for pr, cr in zip(PAID, CASE, strict=True)]
COUNTS = [[10, 12, 12], [11, 13], [12]]


def small_inputs(measure: str) -> MethodInputs:
    return MethodInputs.from_triangles(
        measure,
        {
            "paid": grid_triangle(PAID, name="paid"),
            "incurred": grid_triangle(INCURRED, name="incurred"),
            "reported_count": grid_triangle(COUNTS, name="reported_count"),
        },
    )


def test_case_development_volume_ratios_by_hand():
    # q = sum a(j+1)/sum a(j); h = sum paid increments / sum a(j)
    # age 12: q = 85/170 = 0.5, h = 100/170; age 24: q = 10/40 = 0.25, h = 20/40 = 0.5
    result = run_method("case_development", small_inputs("paid"), SegmentAssumptions())
    ratios = result.details["ratios"]
    np.testing.assert_allclose(ratios["carry_over"], [0.5, 0.25])
    np.testing.assert_allclose(ratios["payment"], [100 / 170, 0.5])
    # 2002: 160 + 0.5*45 paid, 0.25*45 left and paid at the end; 2003 runs off two periods
    expected = [170 + 10, 160 + 22.5 + 11.25, 120 + 100 * 100 / 170 + 0.5 * 50 + 12.5]
    np.testing.assert_allclose(col(result, "ultimate"), expected)
    np.testing.assert_allclose(col(result, "ibnr"), np.array(expected) - [170, 160, 120])


def test_case_development_ibnr_is_against_the_chosen_measure():
    result = run_method("case_development", small_inputs("incurred"), SegmentAssumptions())
    assert col(result, "ibnr")[1] == pytest.approx(193.75 - 205)  # IBNER: case reserves redundant


def test_case_development_simple_average_matches_chainladder_case_outstanding():
    import warnings

    import chainladder as cl

    inputs = xyz_inputs("paid")
    simple = SegmentAssumptions(development=DevelopmentAssumptions(average="simple"))
    result = run_method("case_development", inputs, simple)
    both = cl.concat([inputs.triangles["paid"], inputs.triangles["incurred"]], axis=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = cl.CaseOutstanding(paid_to_incurred=("paid", "incurred")).fit(both)
    paid = np.asarray(both["paid"].values, dtype=float)[0, 0]
    case = np.asarray((both["incurred"] - both["paid"]).values, dtype=float)[0, 0]
    ratios = case_ratios(paid, case, [int(a) for a in both.development], "simple", -1)
    engine_q = np.asarray(model.case_ldf_.values, dtype=float).ravel()
    engine_h = np.asarray(model.paid_ldf_.values, dtype=float).ravel()
    known = ~np.isnan(engine_q)
    assert known.sum() >= 9
    np.testing.assert_allclose(ratios.carry_over[known], engine_q[known], rtol=1e-10)
    np.testing.assert_allclose(ratios.payment[known], engine_h[known], rtol=1e-10)
    assert result.total["ultimate"] > result.total["latest"]


def test_average_claim_is_ultimate_counts_times_ultimate_severity():
    result = run_method("average_claim", small_inputs("incurred"), SegmentAssumptions())
    counts = np.array([[10, 12, 12], [11, 13, np.nan], [12, np.nan, np.nan]], dtype=float)
    amounts = np.array([[180, 190, 180], [200, 205, np.nan], [220, np.nan, np.nan]], dtype=float)
    severity = amounts / counts
    count_f = [(12 + 13) / (10 + 11), 12 / 12]
    sev_f = [(severity[0, 1] + severity[1, 1]) / (severity[0, 0] + severity[1, 0]), severity[0, 2] / severity[0, 1]]
    expected = [
        12 * 15.0,
        13 * count_f[1] * severity[1, 1] * sev_f[1],
        12 * count_f[0] * count_f[1] * severity[2, 0] * sev_f[0] * sev_f[1],
    ]
    np.testing.assert_allclose(col(result, "ultimate"), expected, rtol=1e-12)
    np.testing.assert_allclose(col(result, "ultimate_count"), [12, 13, 12 * 25 / 21], rtol=1e-12)
    assert result.total["ibnr"] == pytest.approx(sum(expected) - (180 + 205 + 220))


def test_average_claim_refuses_a_count_measure():
    with pytest.raises(MethodDataError, match="not the count measure"):
        run_method("average_claim", small_inputs("reported_count"), SegmentAssumptions())
