"""Retrospective deviation on the China sample against a chain ladder worked by hand in plain pandas."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from reserving.errors import InputError
from reserving.retrospection.deviation import deviation_from_valuations, retrospective_deviation
from reserving.retrospection.valuation import SegmentValuation
from reserving.samples import get_sample

CLAIMS = Path(__file__).resolve().parents[2] / "data" / "china_market" / "claims.csv"
DATES = [pd.Timestamp(d) for d in ("2022-12-31", "2023-12-31", "2024-12-31")]
BRANCH, LINE, ORIGIN = "上海", "责任险", "2022Q2"


def raw_segment() -> pd.DataFrame:
    """The segment's rows from the CSV file, with the quarter index of origin and valuation."""
    raw = pd.read_csv(CLAIMS, encoding="utf-8", dtype={"事故季度": str})
    raw = raw[(raw["分支机构"] == BRANCH) & (raw["险种"] == LINE)].copy()
    origin = pd.PeriodIndex(raw["事故季度"], freq="Q")
    valuation = pd.PeriodIndex(pd.to_datetime(raw["评估日期"]), freq="Q")
    raw["origin"] = [str(p) for p in origin]
    raw["dev"] = [v.ordinal - o.ordinal for o, v in zip(origin, valuation, strict=True)]
    raw["valued"] = pd.to_datetime(raw["评估日期"])
    return raw


def hand_valuation(raw: pd.DataFrame, date: pd.Timestamp) -> pd.DataFrame:
    """Volume-weighted chain ladder on incurred at `date`; reserve = ultimate - paid."""
    known = raw[raw["valued"] <= date]
    incurred = known.pivot(index="origin", columns="dev", values="已发生赔款")
    paid = known.pivot(index="origin", columns="dev", values="已决赔款")
    devs = list(incurred.columns)
    factors = []
    for j in devs[:-1]:
        both = incurred[[j, j + 1]].dropna()
        factors.append(both[j + 1].sum() / both[j].sum())
    cdf = {j: float(np.prod(factors[i:])) for i, j in enumerate(devs)}
    latest_dev = incurred.apply(lambda row: row.last_valid_index(), axis=1)
    latest = incurred.apply(lambda row: row[row.last_valid_index()], axis=1)
    paid_latest = paid.apply(lambda row: row[row.last_valid_index()], axis=1)
    ultimate = latest * latest_dev.map(cdf)
    return pd.DataFrame({"ultimate": ultimate, "paid": paid_latest, "reserve": ultimate - paid_latest})


@pytest.fixture(scope="module")
def report():
    return retrospective_deviation(get_sample("china"), "incurred", DATES)


def test_one_segment_and_origin_by_hand(report) -> None:
    raw = raw_segment()
    hand = [hand_valuation(raw, d) for d in DATES]
    original = hand[0].loc[ORIGIN, "reserve"]
    result = dict(report.segments)[(("branch", BRANCH), ("line", LINE))]
    steps = result.by_valuation[result.by_valuation["origin"] == ORIGIN].set_index("valuation")
    for later, date in zip(hand[1:], DATES[1:], strict=True):
        paid_since = later.loc[ORIGIN, "paid"] - hand[0].loc[ORIGIN, "paid"]
        re_estimate = paid_since + later.loc[ORIGIN, "reserve"]
        row = steps.loc[date]
        assert row["original"] == pytest.approx(original)
        assert row["paid_since"] == pytest.approx(paid_since)
        assert row["re_estimate"] == pytest.approx(re_estimate)
        assert row["deviation"] == pytest.approx(original - re_estimate)
        assert row["deviation_rate"] == pytest.approx((original - re_estimate) / original)
        assert bool(row["flag"]) is bool(abs((original - re_estimate) / original) > 0.05)
    last = result.origins.set_index("origin").loc[ORIGIN]
    assert last["re_estimate"] == pytest.approx(steps.loc[DATES[-1], "re_estimate"])
    # the triangle of estimates: ultimate as seen at each date, empty before the origin existed
    estimates = result.estimates
    for frame, date in zip(hand, DATES, strict=True):
        assert estimates.loc[ORIGIN, date.strftime("%Y-%m-%d")] == pytest.approx(frame.loc[ORIGIN, "ultimate"])
    assert np.isnan(estimates.loc["2023Q1", "2022-12-31"])
    assert estimates.loc["2023Q1", "2024-12-31"] == pytest.approx(hand[2].loc["2023Q1", "ultimate"])


def test_origins_are_those_at_t0_and_totals_add_up(report) -> None:
    result = dict(report.segments)[(("branch", BRANCH), ("line", LINE))]
    assert list(result.origins["origin"]) == [str(p) for p in pd.period_range("2019Q1", "2022Q4", freq="Q")]
    total = result.total
    assert total["original"] == pytest.approx(result.origins["original"].sum())
    assert total["re_estimate"] == pytest.approx(result.origins["re_estimate"].sum())
    assert total["deviation_rate"] == pytest.approx(total["deviation"] / total["original"])
    assert [t["valuation"] for t in result.total_by_valuation] == DATES[1:]
    overall = report.total.total
    assert overall["deviation"] == pytest.approx(sum(r.total["deviation"] for _, r in report.segments))
    assert overall["paid_since"] == pytest.approx(sum(r.total["paid_since"] for _, r in report.segments))
    assert report.reserve_basis == "paid"


def _valuation(date: str, reserve: list[float], paid: list[float]) -> SegmentValuation:
    frame = pd.DataFrame(
        {
            "origin": ["A", "B"],
            "start": [pd.Timestamp("2020-01-01"), pd.Timestamp("2021-01-01")],
            "latest": paid,
            "paid": paid,
            "ultimate": np.add(reserve, paid),
            "ibnr": reserve,
            "reserve": reserve,
            "std_err": [np.nan, np.nan],
        }
    )
    return SegmentValuation(pd.Timestamp(date), "paid", "chainladder", frame, "paid")


def test_threshold_and_records() -> None:
    t0 = _valuation("2023-12-31", [100.0, 200.0], [50.0, 10.0])
    t1 = _valuation("2024-12-31", [60.0, 100.0], [94.0, 100.0])
    records = {"A": {"cause": "large claim", "corrective_measure": "review case reserves"}}
    result = deviation_from_valuations([t0, t1], threshold=0.05, records=records)
    rows = result.origins.set_index("origin")
    # A: re-estimate 44 + 60 = 104, deviation -4 (-4%); B: 90 + 100 = 190, deviation 10 (5%, not above)
    assert rows.loc["A", "deviation"] == pytest.approx(-4.0)
    assert rows.loc["A", "deviation_rate"] == pytest.approx(-0.04)
    assert rows.loc["B", "deviation_rate"] == pytest.approx(0.05)
    assert not rows["flag"].any()
    assert rows.loc["A", "cause"] == "large claim"
    assert rows.loc["B", "corrective_measure"] == ""
    strict = deviation_from_valuations([t0, t1], threshold=0.03)
    assert list(strict.origins["flag"]) == [True, True]
    assert strict.total["deviation"] == pytest.approx(6.0)


def test_bad_valuations() -> None:
    data = get_sample("raa")
    with pytest.raises(InputError, match="at least two"):
        retrospective_deviation(data, "incurred", [pd.Timestamp("1988-12-31")])
    with pytest.raises(InputError, match="increasing"):
        retrospective_deviation(data, "incurred", [pd.Timestamp("1989-12-31"), pd.Timestamp("1988-12-31")])
    with pytest.raises(InputError, match="outside the data"):
        retrospective_deviation(data, "incurred", [pd.Timestamp("1988-12-31"), pd.Timestamp("1991-12-31")])
