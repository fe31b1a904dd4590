"""Retrospective flags: a nil reserve that later emerged is flagged, never dropped for want of a rate."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from reserving.cli import main
from reserving.retrospection.deviation import deviation_from_valuations, retrospective_deviation
from reserving.retrospection.valuation import SegmentValuation
from reserving.samples import get_sample


def valuation(date: str, reserve: list[float], paid: list[float]) -> SegmentValuation:
    frame = pd.DataFrame(
        {
            "origin": ["A", "B", "C", "D"],
            "start": pd.to_datetime(["2019-01-01", "2020-01-01", "2021-01-01", "2022-01-01"]),
            "latest": paid,
            "paid": paid,
            "ultimate": np.add(reserve, paid),
            "ibnr": reserve,
            "reserve": reserve,
            "std_err": [np.nan] * 4,
        }
    )
    return SegmentValuation(pd.Timestamp(date), "paid", "chainladder", frame, "paid")


def test_each_flag_says_why_and_a_nil_reserve_that_paid_is_flagged() -> None:
    """By hand, T0 -> T1:

    A held at 0, paid 1,000,000 -> 1,156,738 and 0 left: re-estimate 156,738, deviation -156,738,
      no rate (nothing to divide by), flagged as emergence on a nil reserve;
    B 200 -> paid 150 + 30 left = 180: deviation 20, rate 10% -> redundancy;
    C 100 -> paid 80 + 40 left = 120: deviation -20, rate -20% -> deficiency;
    D held at 0 and nothing since: not flagged, rate not defined.
    """
    t0 = valuation("2023-12-31", [0.0, 200.0, 100.0, 0.0], [1_000_000.0, 10.0, 10.0, 5.0])
    t1 = valuation("2024-12-31", [0.0, 30.0, 40.0, 0.0], [1_156_738.0, 160.0, 90.0, 5.0])
    rows = deviation_from_valuations([t0, t1], threshold=0.05).origins.set_index("origin")
    assert rows.loc["A", "paid_since"] == pytest.approx(156_738.0)
    assert rows.loc["A", "deviation"] == pytest.approx(-156_738.0)
    assert math.isnan(rows.loc["A", "deviation_rate"])
    assert bool(rows.loc["A", "flag"]) is True
    assert rows.loc["A", "flag_reason"] == "nil_reserve"
    assert rows.loc["B", "deviation_rate"] == pytest.approx(0.10)
    assert (bool(rows.loc["B", "flag"]), rows.loc["B", "flag_reason"]) == (True, "redundancy")
    assert rows.loc["C", "deviation_rate"] == pytest.approx(-0.20)
    assert (bool(rows.loc["C", "flag"]), rows.loc["C", "flag_reason"]) == (True, "deficiency")
    assert math.isnan(rows.loc["D", "deviation_rate"])
    assert (bool(rows.loc["D", "flag"]), rows.loc["D", "flag_reason"]) == (False, "")


def test_under_the_threshold_there_is_no_reason() -> None:
    t0 = valuation("2023-12-31", [0.0, 200.0, 100.0, 0.0], [0.0, 10.0, 10.0, 5.0])
    t1 = valuation("2024-12-31", [0.0, 30.0, 40.0, 0.0], [0.4, 160.0, 90.0, 5.0])
    rows = deviation_from_valuations([t0, t1], threshold=0.25).origins.set_index("origin")
    # A's 0.4 since a nil reserve is rounding (below half a unit); B 10% and C -20% are within 25%
    assert not rows["flag"].any()
    assert set(rows["flag_reason"]) == {""}


RAA_1981 = {108: 18_662.0, 120: 18_834.0}
"""RAA's oldest origin (published triangle): incurred at 108 and 120 months."""


def test_raa_oldest_origin_at_the_end_of_the_pattern_is_flagged_when_it_develops() -> None:
    """Valued at 1989 with no tail, 1981 is at the last age: reserve 0. By 1990 it reports 172 more."""
    report = retrospective_deviation(
        get_sample("raa"), "incurred", [pd.Timestamp("1989-12-31"), pd.Timestamp("1990-12-31")]
    )
    row = report.total.origins.set_index("origin").loc["1981"]
    assert row["original"] == 0.0
    assert row["paid_since"] == pytest.approx(RAA_1981[120] - RAA_1981[108])
    assert row["deviation"] == pytest.approx(-172.0)
    assert math.isnan(row["deviation_rate"])
    assert (bool(row["flag"]), row["flag_reason"]) == (True, "nil_reserve")


def test_cli_json_shows_the_rate_as_not_defined_and_the_reason(capsys) -> None:
    assert main(["retro", "sample:raa", "--valuations", "1989-12-31,1990-12-31"]) == 0
    out = json.loads(capsys.readouterr().out)
    origin = next(o for o in out["results"][0]["origins"] if o["origin"] == "1981")
    assert origin["deviation_rate"] is None
    assert origin["flag"] is True
    assert origin["flag_reason"] == "nil_reserve"
    assert origin["by_valuation"][-1]["flag_reason"] == "nil_reserve"
    assert out["total"]["flag_reason"] in ("deficiency", "redundancy")
