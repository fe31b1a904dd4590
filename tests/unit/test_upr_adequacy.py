"""The premium adequacy test against hand figures, with and without offsetting; parameters as data."""

from __future__ import annotations

import json

import pytest

from reserving.errors import AssumptionError
from reserving.unexpired import AdequacyParameters, UprSettings, compute_upr, premium_adequacy, read_listing_bytes

# Both policies start after the valuation date, so UPR gross = premium exactly:
# A: gross 100, acquisition 20 -> net 80; B: gross 200, acquisition 30 -> net 170.
LISTING = (
    "保单号,分支机构,险种,起保日期,终止日期,签单保费,保单获取成本\n"
    "P1,广东,A,2025-01-01,2025-12-31,100,20\n"
    "P2,广东,B,2025-01-01,2025-12-31,120,18\n"
    "P3,上海,B,2025-01-01,2025-12-31,80,12\n"
)
PARAMS = AdequacyParameters(
    loss_ratios=(("A", 0.9), ("B", 0.6)), ulae_ratio=0.05, maintenance_ratio=0.05, risk_margin_ratio=0.1
)


@pytest.fixture(scope="module")
def result():
    policies = read_listing_bytes(LISTING.encode(), "p.csv").require()
    return compute_upr(policies, UprSettings("2024-12-31"))


def test_pdr_per_line_without_offsetting(result) -> None:
    # A: claims 0.9 x 100 = 90, ULAE 4.5, maintenance 5 -> 99.5, x 1.1 = 109.45; 80 - 109.45 = -29.45
    # B: claims 0.6 x 200 = 120, ULAE 6, maintenance 10 -> 136, x 1.1 = 149.6; 170 - 149.6 = +20.4
    test = premium_adequacy(result, PARAMS)
    units = test.units.set_index("unit")
    assert units.loc["A", "required"] == pytest.approx(109.45)
    assert units.loc["A", "surplus"] == pytest.approx(-29.45)
    assert units.loc["A", "pdr"] == pytest.approx(29.45)
    assert units.loc["B", "surplus"] == pytest.approx(20.4)
    assert units.loc["B", "pdr"] == 0
    assert test.total_pdr == pytest.approx(29.45)
    assert not units["discounted"].any()  # mid-point of a year's cover is 0.5 year, under the 1-year threshold
    assert units.loc["A", "duration_years"] == pytest.approx(365 / 2 / 365)


def test_pdr_with_offsetting(result) -> None:
    # max(0, 109.45 + 149.6 - (80 + 170)) = 9.05, all on A (the only deficient unit)
    test = premium_adequacy(result, AdequacyParameters(**{**PARAMS.__dict__, "offsetting": True}))
    assert test.total_pdr == pytest.approx(9.05)
    units = test.units.set_index("unit")
    assert units.loc["A", "pdr"] == pytest.approx(9.05)
    assert units.loc["B", "pdr"] == 0


def test_line_by_branch_units_fall_back_to_the_line_ratio(result) -> None:
    # 广东|B has its own 0.8: 0.8 x 120 = 96 + ULAE 4.8 + maintenance 6 = 106.8 x 1.1 = 117.48; net 102
    params = AdequacyParameters(
        **{**PARAMS.__dict__, "unit": "line_branch", "loss_ratios": (*PARAMS.loss_ratios, ("广东|B", 0.8))}
    )
    units = premium_adequacy(result, params).units.set_index("unit")
    assert units.loc["广东|B", "pdr"] == pytest.approx(117.48 - 102)
    # 上海|B uses B's 0.6: 48 + 2.4 + 4 = 54.4 x 1.1 = 59.84 < net 68
    assert units.loc["上海|B", "pdr"] == 0
    assert units.loc["上海|B", "surplus"] == pytest.approx(68 - 59.84)


def test_discounting_with_a_payment_pattern_over_the_threshold(result) -> None:
    # half paid at 0.5 and half at 1.5 years, 5 %: factor 0.5/1.05^0.5 + 0.5/1.05^1.5; duration > 0.5 threshold
    params = AdequacyParameters(
        loss_ratios=(("A", 1.0), ("B", 1.0)),
        payment_pattern=(0.5, 0.5),
        discount_rate=0.05,
        discount_threshold_years=0.5,
    )
    factor = 0.5 * 1.05**-0.5 + 0.5 * 1.05**-1.5
    units = premium_adequacy(result, params).units.set_index("unit")
    assert units.loc["A", "present_value"] == pytest.approx(100 * factor)
    assert units.loc["A", "pdr"] == pytest.approx(100 * factor - 80)
    assert units.loc["A", "duration_years"] == pytest.approx((0.5 * 1.05**-0.5 * 0.5 + 0.5 * 1.05**-1.5 * 1.5) / factor)


def test_missing_loss_ratio_is_an_error_in_words(result) -> None:
    with pytest.raises(AssumptionError, match="no policy-year loss ratio for the unit 'B'"):
        premium_adequacy(result, AdequacyParameters(loss_ratios=(("A", 0.9),)))


def test_parameters_are_hashable_and_round_trip_through_json() -> None:
    assert hash(PARAMS) == hash(AdequacyParameters(**PARAMS.__dict__))
    again = AdequacyParameters.from_dict(json.loads(json.dumps(PARAMS.to_dict())))
    assert again == PARAMS
    settings = UprSettings("2024-12-31", method="78", line_methods=(("交强险", "1/365"),), opening_date="2023-12-31")
    assert UprSettings.from_dict(json.loads(json.dumps(settings.to_dict()))) == settings
    assert hash(settings)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"payment_pattern": (0.5, 0.4)}, "adding to 1"),
        ({"unit": "branch"}, "unknown valuation unit"),
        ({"ulae_ratio": -0.1}, "cannot be negative"),
    ],
)
def test_bad_parameters_are_refused(kwargs, message) -> None:
    with pytest.raises(AssumptionError, match=message):
        AdequacyParameters(**kwargs)
