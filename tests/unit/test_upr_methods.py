"""Hand figures of the UPR methods (1/365, rule of 78, reverse, 1/24-1/8-1/4, custom curve) and the identity.

Every expected figure is worked by hand in the comment beside it; amounts are chosen so that
the hand figure is a whole number, and the tolerance (1e-9) only absorbs float rounding.
"""

from __future__ import annotations

import pandas as pd
import pytest

from reserving.unexpired import (
    MethodNotAllowedError,
    UprSettings,
    compute_upr,
    grouped_unearned,
    grouped_upr,
    read_listing_bytes,
    upr_runoff,
)
from reserving.unexpired.compute import upr_rows

HEADER = "保单号,分支机构,险种,起保日期,终止日期,签单保费,保单获取成本"


def listing(*rows: str, header: str = HEADER) -> pd.DataFrame:
    data = (header + "\n" + "\n".join(rows) + "\n").encode("utf-8")
    return read_listing_bytes(data, "policies.csv").require()


def upr(policies: pd.DataFrame, valuation: str, **kwargs: object) -> float:
    return compute_upr(policies, UprSettings(valuation, **kwargs)).total["upr_gross"]


def test_daily_in_a_leap_year_counts_366_days() -> None:
    # 2024 has 366 days; at 24:00 of 31 March 31 + 29 + 31 = 91 days are earned, 275 remain
    policies = listing("P1,广东,车险,2024-01-01,2024-12-31,366,36.6")
    result = compute_upr(policies, UprSettings("2024-03-31"))
    assert result.total["upr_gross"] == pytest.approx(275, abs=1e-9)
    assert result.total["unexpired_acquisition_cost"] == pytest.approx(27.5, abs=1e-9)
    assert result.total["upr_net"] == pytest.approx(247.5, abs=1e-9)
    assert result.policies["unearned_share"].iloc[0] == pytest.approx(275 / 366, abs=1e-12)


def test_one_day_policy_is_unearned_the_day_before_and_earned_at_24h() -> None:
    policies = listing("P1,广东,车险,2024-06-30,2024-06-30,100,0")
    assert upr(policies, "2024-06-29") == pytest.approx(100)  # cover is 00:00-24:00 of 30 June
    assert upr(policies, "2024-06-30") == 0  # valued at 24:00: the day has run


def test_policy_starting_after_the_valuation_date_is_wholly_unearned() -> None:
    policies = listing("P1,广东,车险,2025-02-01,2026-01-31,120,12", "P2,广东,车险,2024-01-01,2024-12-31,366,0")
    result = compute_upr(policies, UprSettings("2024-12-31"))
    assert result.total["upr_gross"] == pytest.approx(120)  # P2 has run out, P1 not started
    assert result.total["written_premium"] == pytest.approx(486)  # it is in the listing, so written


def test_endorsement_earns_from_its_own_effective_date() -> None:
    # policy 366 over 2024; endorsement +61 effective 1 Nov (1 Nov-31 Dec = 61 days)
    # at 24:00 of 30 Nov: policy 31/366 x 366 = 31, endorsement 31/61 x 61 = 31
    header = HEADER + ",批改生效日期"
    policies = listing("P1,广东,车险,2024-01-01,2024-12-31,366,0,", "P1,广东,车险,,,61,0,2024-11-01", header=header)
    assert policies["endorsement"].tolist() == [False, True]
    assert upr(policies, "2024-11-30") == pytest.approx(62, abs=1e-9)
    # before 1 Nov the endorsement is in the listing (so written) but not in force: wholly unearned
    assert upr(policies, "2024-10-31") == pytest.approx(61 + 61, abs=1e-9)


def test_cancellation_leaves_no_upr_and_nets_the_refund() -> None:
    # 366 over 2024, cancelled on 1 July with a refund of the 184 days 1 July - 31 December
    header = HEADER + ",退保日期,退保金额"
    policies = listing("P1,广东,车险,2024-01-01,2024-12-31,366,0,2024-07-01,184", header=header)
    assert upr(policies, "2024-06-30") == pytest.approx(184)  # not cancelled yet at 24:00 of 30 June
    late = compute_upr(policies, UprSettings("2024-07-31", opening_date="2023-12-31"))
    assert late.total["upr_gross"] == 0
    assert late.total["written_premium"] == pytest.approx(182)  # 366 - 184
    assert late.total["earned_premium"] == pytest.approx(182)  # the 182 days January-June


def test_rule_of_78_after_5_months_of_12() -> None:
    # n = 12, k = 5: rule of 78 unearned (n-k)(n-k+1)/(n(n+1)) = 7 x 8 / 156 = 56/156
    policies = listing("P1,广东,企财险,2023-01-01,2023-12-31,156,15.6")
    assert upr(policies, "2023-05-31", method="78") == pytest.approx(56, abs=1e-9)
    assert upr(policies, "2023-06-14", method="78") == pytest.approx(56, abs=1e-9)  # still 5 whole months
    # reverse rule of 78: 1 - k(k+1)/(n(n+1)) = 1 - 30/156 = 126/156
    assert upr(policies, "2023-05-31", method="reverse78") == pytest.approx(126, abs=1e-9)
    assert upr(policies, "2022-12-31", method="78") == pytest.approx(156)  # not started
    assert upr(policies, "2023-12-31", method="reverse78") == 0


def test_rule_of_78_counts_month_anniversaries_from_a_mid_month_start() -> None:
    policies = listing("P1,广东,企财险,2023-01-15,2024-01-14,156,0")
    assert upr(policies, "2023-02-13", method="78") == pytest.approx(156)  # k = 0
    # one month at 24:00 of 14 Feb: (11 x 12)/156 x 156 = 132
    assert upr(policies, "2023-02-14", method="78") == pytest.approx(132, abs=1e-9)


def test_custom_curve_by_whole_months() -> None:
    policies = listing("P1,广东,企财险,2024-01-01,2024-03-31,100,0")
    curve = ((1, 0.5), (2, 0.8), (3, 1.0))
    assert upr(policies, "2024-01-31", method="curve", curve=curve) == pytest.approx(50)
    assert upr(policies, "2024-02-29", method="curve", curve=curve) == pytest.approx(20)
    assert upr(policies, "2024-02-15", method="curve", curve=curve) == pytest.approx(50)


def grouped_table(periods: list[str], premium: float) -> pd.DataFrame:
    return pd.DataFrame({"line": "分入", "period_start": pd.to_datetime(periods), "written_premium": premium})


def test_one_24th_at_a_year_end_is_2m_minus_1_over_24() -> None:
    months = pd.date_range("2024-01-01", periods=12, freq="MS")
    shares = grouped_unearned(months.to_numpy(), "1/24", pd.Timestamp("2024-12-31").to_datetime64())
    assert shares * 24 == pytest.approx([2 * m - 1 for m in range(1, 13)], abs=1e-9)
    rows = grouped_upr(grouped_table(list(months.astype(str)), 24.0), "1/24", "2024-12-31")
    assert rows["upr_gross"].sum() == pytest.approx(144, abs=1e-9)  # 1 + 3 + ... + 23


def test_one_24th_at_a_mid_year_valuation() -> None:
    # at 24:00 of 30 June: month p of 2024 is (2p + 11)/24 unearned (13 ... 23), July-December 2023 1 ... 11
    months = pd.date_range("2023-07-01", periods=12, freq="MS")
    shares = grouped_unearned(months.to_numpy(), "1/24", pd.Timestamp("2024-06-30").to_datetime64())
    assert shares * 24 == pytest.approx([1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23], abs=1e-9)
    rows = grouped_upr(grouped_table(list(months.astype(str)), 24.0), "1/24", "2024-06-30", "2023-12-31")
    # opening at the 2023 year end: months 7-12 are (2m - 1)/24 -> 13 + 15 + ... + 23 = 108;
    # written January-June 2024: 6 x 24 = 144; closing 1 + 3 + ... + 23 = 144
    assert rows["opening_upr_gross"].sum() == pytest.approx(108, abs=1e-9)
    assert rows["written_premium"].sum() == pytest.approx(144)
    assert rows["earned_premium"].sum() == pytest.approx(144 + 108 - 144, abs=1e-9)


def test_one_8th_and_one_4th_at_a_year_end() -> None:
    quarters = pd.to_datetime(["2024-01-01", "2024-04-01", "2024-07-01", "2024-10-01"]).to_numpy()
    year_end = pd.Timestamp("2024-12-31").to_datetime64()
    assert grouped_unearned(quarters, "1/8", year_end) * 8 == pytest.approx([1, 3, 5, 7])
    halves = pd.to_datetime(["2024-01-01", "2024-07-01"]).to_numpy()
    assert grouped_unearned(halves, "1/4", year_end) * 4 == pytest.approx([1, 3])


def test_one_24th_groups_a_listing_by_writing_month() -> None:
    # written 10 March, annual: March is month 3 -> 5/24 unearned at the year end; 24 x 5/24 = 5
    policies = listing("P1,广东,分入,2024-03-10,2025-03-09,24,0")
    assert upr(policies, "2024-12-31", method="1/24") == pytest.approx(5, abs=1e-9)


def test_compulsory_motor_only_accepts_1_365() -> None:
    policies = listing("P1,广东,交强险,2024-01-01,2024-12-31,366,0", "P2,广东,企财险,2024-01-01,2024-12-31,366,0")
    with pytest.raises(MethodNotAllowedError, match=r"交强险.*Rule No\. 1.*1/365"):
        compute_upr(policies, UprSettings("2024-06-30", method="78"))
    # the property line may use the rule of 78 while compulsory motor keeps 1/365
    ok = compute_upr(policies, UprSettings("2024-06-30", line_methods=(("企财险", "78"),)))
    assert dict(ok.methods) == {"交强险": "1/365", "企财险": "78"}


def test_compulsory_flag_column_marks_a_line() -> None:
    header = HEADER + ",是否交强险"
    policies = listing("P1,广东,车险A,2024-01-01,2024-12-31,366,0,是", header=header)
    with pytest.raises(MethodNotAllowedError, match="1/365"):
        compute_upr(policies, UprSettings("2024-06-30", method="1/24"))


def test_earned_premium_identity_by_hand_and_on_every_row() -> None:
    # 1 July 2023 - 30 June 2024 (366 days, 29 Feb 2024 inside), premium 366: at 31 Dec 2023
    # 182 days remain (January-June 2024); nothing is written in 2024 and nothing left at its end
    policies = listing("P1,广东,车险,2023-07-01,2024-06-30,366,0", "P2,上海,车险,2024-04-01,2025-03-31,365,0")
    result = compute_upr(policies, UprSettings("2024-12-31", opening_date="2023-12-31"))
    row = result.rows.set_index("branch")
    assert row.loc["广东", "opening_upr_gross"] == pytest.approx(182)
    assert row.loc["广东", "earned_premium"] == pytest.approx(182)
    # P2: 1 April - 31 December 2024 is 275 days earned of 365
    assert row.loc["上海", "earned_premium"] == pytest.approx(275, abs=1e-9)
    table = result.rows
    identity = table["written_premium"] + table["opening_upr_gross"] - table["upr_gross"]
    assert table["earned_premium"].to_numpy() == pytest.approx(identity.to_numpy())
    assert compute_upr(policies, UprSettings("2024-12-31")).total["earned_premium"] is None


def test_runoff_earns_the_whole_upr() -> None:
    policies = listing("P1,广东,车险,2024-07-01,2025-06-30,365,0", "P2,广东,企财险,2024-10-01,2025-03-31,182,0")
    settings = UprSettings("2024-12-31")
    runoff = upr_runoff(policies, settings)
    by_line = runoff.groupby("line")["earned_premium"].sum()
    assert by_line["车险"] == pytest.approx(181, abs=1e-9)  # January-June 2025: 31+28+31+30+31+30
    assert by_line["企财险"] == pytest.approx(90, abs=1e-9)  # January-March 2025 of 182 days: 90 days
    first = runoff[(runoff["line"] == "车险") & (runoff["month"] == 1)]
    assert first["earned_premium"].iloc[0] == pytest.approx(31)
    assert runoff.groupby("line")["earned_share"].sum().to_numpy() == pytest.approx([1.0, 1.0])


def test_acquisition_ratio_per_line_fills_rows_without_a_cost() -> None:
    policies = read_listing_bytes(
        "保单号,分支机构,险种,起保日期,终止日期,签单保费\nP1,广东,车险,2024-01-01,2024-12-31,366\n".encode(),
        "p.csv",
        acquisition_ratios={"车险": 0.1},
    ).require()
    rows = upr_rows(policies, UprSettings("2024-03-31"))
    assert rows["unexpired_acquisition_cost"].iloc[0] == pytest.approx(27.5)  # 10 % of 275


def test_acquisition_ratio_in_the_settings_fills_rows_without_a_cost() -> None:
    # no cost column: the settings' 12 % applies; 275/366 x 366 x 12 % = 33
    policies = read_listing_bytes(
        "保单号,分支机构,险种,起保日期,终止日期,签单保费\nP1,广东,车险,2024-01-01,2024-12-31,366\n".encode(), "p.csv"
    ).require()
    with_ratio = compute_upr(policies, UprSettings("2024-03-31", acquisition_ratios=(("车险", 0.12),)))
    assert with_ratio.total["unexpired_acquisition_cost"] == pytest.approx(33)
    assert compute_upr(policies, UprSettings("2024-03-31")).total["upr_net"] == pytest.approx(275)


def test_ceded_premium_and_commission_unearn_like_the_gross() -> None:
    # 275/366 unearned at 31 March 2024: ceded 183 -> 137.5, commission 36.6 -> 27.5, acquisition 73.2 -> 55
    header = HEADER + ",分出保费,分保佣金"
    policies = listing("P1,广东,车险,2024-01-01,2024-12-31,366,73.2,183,36.6", header=header)
    result = compute_upr(policies, UprSettings("2024-03-31"))
    total = result.total
    assert result.has_ceded
    assert total["upr_net"] == pytest.approx(275 - 55)
    assert total["ceded_upr"] == pytest.approx(137.5)
    assert total["ceded_unexpired_commission"] == pytest.approx(27.5)
    assert total["ceded_upr_net"] == pytest.approx(110)
    assert total["retained_upr_net"] == pytest.approx(220 - 110)


def test_a_written_date_after_the_valuation_date_keeps_the_row_out() -> None:
    header = HEADER + ",签单日期"
    policies = listing("P1,广东,车险,2025-02-01,2026-01-31,120,0,2025-01-10", header=header)
    result = compute_upr(policies, UprSettings("2024-12-31"))
    assert result.total["upr_gross"] == 0
    assert result.total["written_premium"] == 0
    assert compute_upr(policies, UprSettings("2025-01-31")).total["upr_gross"] == pytest.approx(120)


def test_a_policy_upr_is_never_negative() -> None:
    # at 30 September: policy 92/366 x 366 = 92; endorsement -400 from 1 July (184 days): -400 x 92/184 = -200
    header = HEADER + ",批改生效日期"
    rows = ("P1,广东,车险,2024-01-01,2024-12-31,366,0,", "P1,广东,车险,,,-400,0,2024-07-01")
    policies = listing(*rows, "P2,广东,车险,2024-01-01,2024-12-31,366,0,", header=header)
    assert upr(policies, "2024-09-30") == pytest.approx(92)  # P1 floored at 0, P2 keeps its 92
    smaller = listing(rows[0], "P1,广东,车险,,,-92,0,2024-07-01", header=header)
    assert upr(smaller, "2024-09-30") == pytest.approx(92 - 46)  # a reduction it can bear is kept
