"""Actual vs expected: hand-computed 4x4 triangles (full and part periods), the chain-ladder identity, flags."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from reserving.assumptions import SegmentAssumptions
from reserving.dataset import Dataset
from reserving.errors import InputError
from reserving.methods.inputs import MethodInputs
from reserving.methods.registry import run_method
from reserving.retrospection.ave import PriorValuation, actual_vs_expected, ave_report, prior_from_cut
from reserving.retrospection.pattern import Pattern
from reserving.samples import get_sample

# Cumulative paid by origin year; ages 12, 24, 36, 48, 60. The diagonal at 2023-12-31 is the prior,
# the one at 2024-12-31 the current data (origin 2024 is new).
ANNUAL = {
    2020: [100.0, 150.0, 165.0, 170.0, 172.0],
    2021: [110.0, 160.0, 180.0, 186.0],
    2022: [120.0, 185.0, 200.0],
    2023: [130.0, 190.0],
    2024: [140.0],
}
# Volume-weighted factors of the triangle cut at 2023-12-31, by hand.
F1 = (150 + 160 + 185) / (100 + 110 + 120)  # 1.5
F2 = (165 + 180) / (150 + 160)
F3 = 170 / 165


def annual_dataset() -> Dataset:
    rows = [
        {"origin": pd.Timestamp(year, 1, 1), "valuation": pd.Timestamp(year + j, 12, 31), "paid": value}
        for year, values in ANNUAL.items()
        for j, value in enumerate(values)
    ]
    return Dataset("annual", pd.DataFrame(rows), (), ("paid",), "Y", "Y")


def half_year_dataset() -> Dataset:
    """Same year-end values, plus half-year cells in between (Y origins x S development), to 2024-12-31."""
    rows = []
    for year, values in ANNUAL.items():
        previous = 0.0
        for j, value in enumerate(values):
            mid = previous + 0.4 * (value - previous)
            rows.append({"origin": pd.Timestamp(year, 1, 1), "valuation": pd.Timestamp(year + j, 6, 30), "paid": mid})
            rows.append(
                {"origin": pd.Timestamp(year, 1, 1), "valuation": pd.Timestamp(year + j, 12, 31), "paid": value}
            )
            previous = value
    return Dataset("half", pd.DataFrame(rows), (), ("paid",), "Y", "S")


def by_origin(result) -> pd.DataFrame:
    return result.origins.set_index("origin")


def test_full_period_by_hand() -> None:
    data = annual_dataset()
    prior = prior_from_cut(data, "paid", pd.Timestamp("2023-12-31"))
    result = by_origin(actual_vs_expected(data, "paid", prior))
    assert list(result.index) == ["2020", "2021", "2022", "2023"]  # 2024 started after the prior
    # IBNR of the prior, chain ladder without tail
    assert result.loc["2021", "ibnr_prior"] == pytest.approx(180 * (F3 - 1))
    assert result.loc["2022", "ibnr_prior"] == pytest.approx(185 * (F2 * F3 - 1))
    # oldest origin at the end of the pattern: nothing expected
    assert result.loc["2020", "pct_from"] == pytest.approx(1.0)
    assert result.loc["2020", "expected"] == 0.0
    assert result.loc["2020", "actual"] == pytest.approx(2.0)
    # p = 1/CDF; E = IBNR (p1 - p0) / (1 - p0)
    p24, p36 = 1 / (F2 * F3), 1 / F3
    ibnr22 = 185 * (F2 * F3 - 1)
    assert result.loc["2022", "expected"] == pytest.approx(ibnr22 * (p36 - p24) / (1 - p24))
    assert result.loc["2023", "expected"] == pytest.approx(65.0)  # 130 x (1.5 - 1)
    assert result.loc["2023", "actual"] == pytest.approx(60.0)
    assert result.loc["2023", "a_minus_e"] == pytest.approx(-5.0)
    assert result.loc["2023", "a_over_e"] == pytest.approx(60 / 65)
    assert result.loc["2022", "actual"] == pytest.approx(15.0)
    assert result.loc["2021", "actual"] == pytest.approx(6.0)


def test_one_full_period_equals_latest_times_factor_minus_one() -> None:
    """Over one development period, chain-ladder AvE expects latest x (f - 1) for every origin."""
    data = get_sample("raa")
    grid = data.frame.pivot_table(index="origin", columns="valuation", values="incurred")
    cut = data.frame[data.frame["valuation"] <= "1989-12-31"].copy()
    cut["age"] = (cut["valuation"].dt.year - cut["origin"].dt.year + 1) * 12
    tri = cut.pivot_table(index="origin", columns="age", values="incurred")
    ages = list(tri.columns)
    factors = {}
    for a, b in itertools.pairwise(ages):
        both = tri[[a, b]].dropna()
        factors[a] = both[b].sum() / both[a].sum()
    prior = prior_from_cut(data, "incurred", pd.Timestamp("1989-12-31"))
    result = by_origin(actual_vs_expected(data, "incurred", prior))
    for origin, row in tri.iterrows():
        age = int(row.last_valid_index())
        label = str(origin.year)
        expected = row[age] * (factors[age] - 1) if age in factors else 0.0
        assert result.loc[label, "expected"] == pytest.approx(expected, rel=1e-9, abs=1e-9)
        actual = grid.loc[origin, pd.Timestamp("1990-12-31")] - grid.loc[origin, pd.Timestamp("1989-12-31")]
        assert result.loc[label, "actual"] == pytest.approx(actual)


def test_half_a_development_period_interpolates_linearly_in_percent_reported() -> None:
    data = half_year_dataset()
    prior = prior_from_cut(data, "paid", pd.Timestamp("2023-12-31"), pattern_grain="Y")
    assert prior.pattern.ages == (12.0, 24.0, 36.0, 48.0)
    assert prior.pattern.cdfs == pytest.approx((F1 * F2 * F3, F2 * F3, F3, 1.0))
    result = actual_vs_expected(data, "paid", prior, to=pd.Timestamp("2024-06-30"))
    rows = by_origin(result)
    p12, p24, p36 = 1 / (F1 * F2 * F3), 1 / (F2 * F3), 1 / F3
    ibnr = {"2021": 180 * (F3 - 1), "2022": 185 * (F2 * F3 - 1), "2023": 130 * (F1 * F2 * F3 - 1)}
    expected = {
        "2020": 0.0,
        "2021": ibnr["2021"] * ((p36 + 1.0) / 2 - p36) / (1 - p36),
        "2022": ibnr["2022"] * ((p24 + p36) / 2 - p24) / (1 - p24),
        "2023": ibnr["2023"] * ((p12 + p24) / 2 - p12) / (1 - p12),
    }
    for label, value in expected.items():
        assert rows.loc[label, "expected"] == pytest.approx(value), label
        assert rows.loc[label, "ibnr_prior"] == pytest.approx(ibnr.get(label, 0.0)), label
    # actual: half-year cell 40% of the way to the year-end value
    assert rows.loc["2023", "actual"] == pytest.approx(130 + 0.4 * 60 - 130)
    assert rows.loc["2023", "age_to"] == 18
    assert list(result.calendar["period"]) == ["2024H1"]


def test_calendar_periods_split_the_total() -> None:
    data = half_year_dataset()
    prior = prior_from_cut(data, "paid", pd.Timestamp("2023-12-31"), pattern_grain="Y")
    half = actual_vs_expected(data, "paid", prior, to=pd.Timestamp("2024-06-30"))
    year = actual_vs_expected(data, "paid", prior)
    calendar = year.calendar.set_index("period")
    assert list(calendar.index) == ["2024H1", "2024H2"]
    assert calendar.loc["2024H1", "expected"] == pytest.approx(half.total["expected"])
    assert calendar.loc["2024H1", "actual"] == pytest.approx(half.total["actual"])
    assert calendar["expected"].sum() == pytest.approx(year.origins["expected"].sum())
    # over the full year the half-year split adds back to the annual pattern's emergence
    assert by_origin(year).loc["2023", "expected"] == pytest.approx(65.0)


def test_prior_as_plain_inputs_saved_valuation() -> None:
    pattern = Pattern.from_cdfs([12, 24], [2.0, 1.25])  # ends above 1: completed at 36 months
    assert pattern.ages[-1] == 36.0
    assert pattern.percent_reported(np.array([6, 12, 18, 30, 36, 99])) == pytest.approx(
        [0.25, 0.5, 0.65, 0.9, 1.0, 1.0]
    )
    data = annual_dataset()
    prior = PriorValuation(
        valuation_date=pd.Timestamp("2023-12-31"),
        ibnr=pd.Series({"2022": 100.0, "2023": 200.0}),
        pattern=pattern,
        std_err=pd.Series({"2022": 10.0, "2023": 1000.0}),
    )
    result = by_origin(actual_vs_expected(data, "paid", prior, k=1.0))
    assert result.loc["2022", "expected"] == pytest.approx(100.0 * (1.0 - 0.8) / (1 - 0.8))  # age 24 -> 36
    assert result.loc["2023", "expected"] == pytest.approx(200.0 * (0.8 - 0.5) / (1 - 0.5))
    assert bool(result.loc["2022", "flag"]) is True  # |15 - 100| > 10
    assert bool(result.loc["2023", "flag"]) is False  # |60 - 120| < 1000


def plain_prior(total_std_err: float) -> PriorValuation:
    """A saved prior at 2023-12-31 on the annual data: p = 0.5 at 12, 0.8 at 24, 1 at 36 months."""
    return PriorValuation(
        valuation_date=pd.Timestamp("2023-12-31"),
        ibnr=pd.Series({"2022": 100.0, "2023": 200.0}),
        pattern=Pattern.from_cdfs([12, 24], [2.0, 1.25]),
        std_err=pd.Series({"2022": 10.0, "2023": 1000.0}),
        total_std_err=total_std_err,
    )


@pytest.mark.parametrize(
    ("k", "flag_2022", "flag_total"),
    [(1.0, True, True), (1.4, True, True), (1.5, True, False), (8.0, True, False), (9.0, False, False)],
)
def test_origin_and_total_flags_move_with_k_by_hand(k, flag_2022, flag_total) -> None:
    """By hand: 2022 expects 100 x (1 - 0.8) / (1 - 0.8) = 100 and paid 200 - 185 = 15, |A - E| = 85
    against s.e. 10; 2023 expects 200 x (0.8 - 0.5) / (1 - 0.5) = 120 and paid 190 - 130 = 60,
    |A - E| = 60 against s.e. 1000. The total: A - E = 75 - 220 = -145 against s.e. 100, so it
    is flagged for k < 1.45 only (145 > 140 at k = 1.4; 145 < 150 at k = 1.5).
    """
    result = actual_vs_expected(annual_dataset(), "paid", plain_prior(100.0), k=k)
    rows = by_origin(result)
    assert rows.loc["2022", "a_minus_e"] == pytest.approx(15.0 - 100.0)
    assert rows.loc["2023", "a_minus_e"] == pytest.approx(60.0 - 120.0)
    assert result.total["a_minus_e"] == pytest.approx(-145.0)
    assert bool(rows.loc["2022", "flag"]) is flag_2022
    assert bool(rows.loc["2023", "flag"]) is False
    assert result.total["flag"] is flag_total


def test_origins_without_a_prior_are_listed_not_dropped_silently() -> None:
    """The plain prior has 2022 and 2023 only: 2020 and 2021 are not in it, 2024 started after it.

    Emergence to 2024-12-31 by hand: 2020 172 - 170 = 2, 2021 186 - 180 = 6, 2024 140 - 0 = 140.
    """
    result = actual_vs_expected(annual_dataset(), "paid", plain_prior(100.0))
    assert list(result.origins["origin"]) == ["2022", "2023"]
    left = result.left_out.set_index("origin")
    assert list(left.index) == ["2020", "2021", "2024"]
    assert list(left["reason"]) == ["not_in_prior", "not_in_prior", "after_as_of"]
    assert list(left["actual"]) == pytest.approx([2.0, 6.0, 140.0])
    assert result.notes == (
        "origin(s) 2024 start after the as-of date (2023-12-31) and have no prior: left out of actual vs expected;"
        " their emergence to 2024-12-31 is 140.00",
        "origin(s) 2020, 2021 are not in the prior valuation: left out of actual vs expected; their emergence to"
        " 2024-12-31 is 8.00",
    )


def test_origins_after_the_as_of_date_are_reported_on_the_rebuilt_prior_and_summed_over_segments() -> None:
    data = annual_dataset()
    result = ave_report(data, "paid", pd.Timestamp("2023-12-31")).total
    assert result.left_out.to_dict("records") == [{"origin": "2024", "reason": "after_as_of", "actual": 140.0}]
    china = get_sample("china")
    report = ave_report(china, "paid", pd.Timestamp("2024-06-30"))
    frame = china.frame
    new = frame[(frame["origin"] > "2024-06-30") & (frame["valuation"] == "2024-12-31")]
    by_hand = new.groupby(new["origin"].dt.to_period("Q").astype(str))["paid"].sum()
    summed = report.total.left_out.set_index("origin")
    assert set(summed["reason"]) == {"after_as_of"}
    assert summed["actual"].to_dict() == pytest.approx(by_hand.to_dict())
    assert sum(len(r.left_out) for _, r in report.segments) >= len(summed)


def test_flags_use_k_times_the_prior_mack_std_err() -> None:
    data = get_sample("raa")
    cut = data.cut("1989-12-31")
    mack = run_method("mack", MethodInputs.from_dataset(cut, "incurred"), SegmentAssumptions(measure="incurred"))
    # A and E by hand, independently of the code's columns: over one development year chain-ladder
    # AvE expects latest x (f - 1) (see test_one_full_period_...), the actual is the diagonal's step
    grid = data.frame.pivot_table(index="origin", columns="valuation", values="incurred")
    tri = cut.frame.assign(age=(cut.frame["valuation"].dt.year - cut.frame["origin"].dt.year + 1) * 12)
    tri = tri.pivot_table(index="origin", columns="age", values="incurred")
    factors = {a: tri[[a, b]].dropna()[b].sum() / tri[[a, b]].dropna()[a].sum() for a, b in itertools.pairwise(tri)}
    a_minus_e = {}
    for origin, row in tri.iterrows():
        age = int(row.last_valid_index())
        expected = row[age] * (factors[age] - 1) if age in factors else 0.0
        actual = grid.loc[origin, pd.Timestamp("1990-12-31")] - grid.loc[origin, pd.Timestamp("1989-12-31")]
        a_minus_e[str(origin.year)] = actual - expected
    se = dict(zip(mack.origins["origin"], mack.origins["std_err"], strict=True))
    for k in (1.0, 2.5):
        report = ave_report(data, "incurred", pd.Timestamp("1989-12-31"), k=k)
        rows = report.total.origins
        assert rows["std_err"].to_numpy() == pytest.approx(mack.origins["std_err"].to_numpy())
        by_hand = {o: bool(np.isfinite(se[o]) and abs(d) > k * se[o]) for o, d in a_minus_e.items()}
        assert dict(zip(rows["origin"], rows["flag"].astype(bool), strict=True)) == by_hand
        assert report.total.total["std_err"] == pytest.approx(mack.total["std_err"])
    flagged = {
        k: int(ave_report(data, "incurred", pd.Timestamp("1989-12-31"), k=k).total.origins["flag"].sum())
        for k in (1, 3)
    }
    assert flagged[1] > flagged[3]


def test_segments_and_total_on_china_paid() -> None:
    data = get_sample("china")
    report = ave_report(data, "paid", pd.Timestamp("2024-06-30"))
    assert len(report.segments) == 9
    frame = data.frame
    at = {d: frame[frame["valuation"] == d].groupby("origin")["paid"].sum() for d in ("2024-06-30", "2024-12-31")}
    old = at["2024-06-30"].index
    actual_by_hand = (at["2024-12-31"].reindex(old) - at["2024-06-30"]).sum()
    assert report.total.total["actual"] == pytest.approx(actual_by_hand)
    assert report.total.total["expected"] == pytest.approx(sum(r.total["expected"] for _, r in report.segments))
    assert list(report.total.calendar["period"]) == ["2024Q3", "2024Q4"]
    assert report.total.total["std_err"] != report.total.total["std_err"]  # NaN: segments are not independent
    incurred = ave_report(data.filter({"branch": "北京", "line": "车险"}), "incurred", pd.Timestamp("2024-06-30"))
    assert len(incurred.segments) == 1
    assert incurred.total.total["expected"] > 0


def test_bad_dates() -> None:
    data = annual_dataset()
    with pytest.raises(InputError, match="outside the data"):
        ave_report(data, "paid", pd.Timestamp("2025-12-31"))
    with pytest.raises(InputError, match="not the end of a year"):
        ave_report(data, "paid", pd.Timestamp("2023-06-30"))
    with pytest.raises(InputError, match="must be after"):
        ave_report(data, "paid", pd.Timestamp("2023-12-31"), to=pd.Timestamp("2022-12-31"))
    with pytest.raises(InputError, match="does not end a year"):
        prior_from_cut(half_year_dataset(), "paid", pd.Timestamp("2023-06-30"), pattern_grain="Y")
