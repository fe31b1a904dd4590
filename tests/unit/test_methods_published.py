"""Published figures: Mack 1993/1994, Merz-Wuthrich 2008, Munich chain ladder, Clark."""

import numpy as np
import pytest
from methods_helpers import col, raa_inputs, sample

from reserving.assumptions import DevelopmentAssumptions, MethodOptions, SegmentAssumptions
from reserving.methods import MethodInputs, run_method

MACK = SegmentAssumptions(development=DevelopmentAssumptions(sigma="mack"))


def test_mack_raa_log_linear_matches_r_default():
    result = run_method("mack", raa_inputs(), SegmentAssumptions())
    assert result.total["ibnr"] == pytest.approx(52135.23, abs=0.01)
    assert result.total["std_err"] == pytest.approx(26880.74, abs=0.01)
    expected = [0, 143, 592, 713, 1452, 1995, 2204, 5354, 6332, 24566]
    np.testing.assert_allclose(col(result, "std_err"), expected, atol=0.6)
    assert result.details["total_std_err_by_sigma"]["mack"] == pytest.approx(26909.01, abs=0.01)


def test_mack_raa_mack_sigma_matches_mack_1994_p130():
    result = run_method("mack", raa_inputs(), MACK)
    assert result.total["std_err"] == pytest.approx(26909.01, abs=0.01)
    expected = [0, 206, 623, 747, 1469, 2002, 2209, 5358, 6333, 24566]
    np.testing.assert_allclose(col(result, "std_err"), expected, atol=0.6)
    assert col(result, "ibnr")[0] == 0.0  # fully developed: 0, not NaN


def test_mack_genins_matches_mack_1993():
    inputs = MethodInputs.from_triangles("paid", {"paid": sample("genins")})
    result = run_method("mack", inputs, MACK)
    assert result.total["ibnr"] == pytest.approx(18680856, abs=1)
    assert result.total["std_err"] == pytest.approx(2447095, abs=1)
    expected = [0, 75535, 121699, 133549, 261406, 411010, 558317, 875328, 971258, 1363155]
    np.testing.assert_allclose(col(result, "std_err"), expected, atol=1)


def test_merz_wuthrich_2008_example():
    """MW (2008) example: one-year CDR msep^1/2 81,080 in total against Mack's 108,401."""
    inputs = MethodInputs.from_triangles("paid", {"paid": sample("mw2008")})
    result = run_method("mack", inputs, MACK)
    assert result.total["ibnr"] == pytest.approx(2237826, abs=1)
    assert result.total["cdr_std_err"] == pytest.approx(81080, abs=1)
    assert result.total["std_err"] == pytest.approx(108401, abs=1)
    # published per-origin figures (the two least developed rows are compared from 2004 on)
    cdr = [3923, 9723, 28443, 20954, 28119, 53321]
    np.testing.assert_allclose(col(result, "cdr_std_err")[3:], cdr, atol=1)
    mack = [4157, 10536, 30319, 35967, 45090, 69552]
    np.testing.assert_allclose(col(result, "std_err")[3:], mack, atol=1)


def test_one_year_cdr_equals_mack_when_one_period_is_left():
    result = run_method("mack", raa_inputs(), MACK)
    assert col(result, "cdr_std_err")[1] == pytest.approx(col(result, "std_err")[1], rel=1e-9)
    assert (col(result, "cdr_std_err")[2:] < col(result, "std_err")[2:]).all()


def test_munich_chain_ladder_matches_r():
    mcl = sample("mcl")
    triangles = {"paid": mcl["paid"], "incurred": mcl["incurred"]}
    paid = run_method("munich", MethodInputs.from_triangles("paid", triangles), SegmentAssumptions())
    incurred = run_method("munich", MethodInputs.from_triangles("incurred", triangles), SegmentAssumptions())
    assert paid.total["ultimate"] == pytest.approx(32121.5, abs=0.01)
    assert incurred.total["ultimate"] == pytest.approx(32719.51, abs=0.01)
    np.testing.assert_allclose(
        col(paid, "ultimate"), [2131, 2384.842, 4553.624, 6069.509, 4878.950, 4598.996, 7504.576], atol=0.001
    )


def test_clark_ldf_on_raa_matches_r_vignette():
    result = run_method("clark", raa_inputs(), SegmentAssumptions())
    assert result.total["ultimate"] == pytest.approx(272009, rel=1e-4)  # R 272,009; chainladder 272,001


def test_clark_cape_cod_weibull_elr_on_raa():
    inputs = MethodInputs.from_triangles("incurred", {"incurred": sample("raa")}, premium=40000)
    options = MethodOptions(clark_growth="weibull", clark_form="cape_cod")
    result = run_method("clark", inputs, SegmentAssumptions(options=options))
    assert result.details["form"] == "cape_cod"
    assert result.details["elr"] == pytest.approx(0.566, abs=0.0005)
