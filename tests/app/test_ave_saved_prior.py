"""A valuation saved last year as the prior of the retrospection pages, used as booked on the current data.

The valuation is saved on `china_prior` (China market as reported at 2023-12-31), for
北京 车险, whose paid of 2023Q3 was later corrected by 150.00 in `china`: the AvE against
the saved valuation must follow the booked figures, not a rebuild from the corrected data.
"""

from __future__ import annotations

import pandas as pd
import pytest

from reserving.assumptions import SegmentAssumptions
from reserving.retrospection import (
    Pattern,
    PriorValuation,
    actual_vs_expected,
    deviation_from_bookings,
    prior_from_cut,
    valuation_from_booking,
    value_segment,
)
from reserving.retrospection.booking import BOOKING_KEYS
from reserving.samples import get_sample
from reserving.storage import Repository, open_database
from tests.app.conftest import choose_dataset, table
from tests.app.saved_helpers import go, save_valuation, session

LABEL = "branch=北京, line=车险"
KEY = (("branch", "北京"), ("line", "车险"))
T0 = pd.Timestamp("2023-12-31")


def _on_segment(at, token: str):
    choose_dataset(at, token)
    at.sidebar.selectbox(key="sidebar_segment").set_value(LABEL).run()
    assert not at.exception
    assert at.sidebar.selectbox(key="sidebar_measure").value == "paid"
    return at


def _saved_record():
    repo = Repository(open_database())
    (record,) = repo.list_valuations()
    return record


def _prior_of(results: dict) -> PriorValuation:
    """The prior as the saved record states it: booked IBNR, date, pattern and Mack s.e."""
    labels = [row["origin"] for row in results["origins"]]
    mack = results["mack_std_err"]
    return PriorValuation(
        valuation_date=pd.Timestamp(results["valuation_date"]),
        ibnr=pd.Series([row["ibnr"] for row in results["origins"]], index=labels, dtype=float),
        pattern=Pattern.from_cdfs(results["pattern"]["ages"], results["pattern"]["cdfs"]),
        std_err=pd.Series([mack["origins"][label] for label in labels], index=labels, dtype=float),
        total_std_err=float(mack["total"]),
        method=results["method"],
    )


@pytest.fixture
def saved_then_current():
    """Save a valuation of china_prior for the segment, then load china on the same segment.

    Function-scoped, so the test's private database (tests/app/conftest.py) is already set.
    """
    at = _on_segment(session(), "sample:china_prior")
    save_valuation(at)
    record = _saved_record()
    _on_segment(at, "sample:china")
    return at, record


def test_ave_against_the_saved_valuation_uses_its_booking(saved_then_current):
    at, record = saved_then_current
    results = record.results
    assert results["valuation_date"] == "2023-12-31"
    go(at, "ave")
    at.radio(key="ave_prior_kind").set_value("saved").run()
    at.selectbox(key="ave_saved").set_value(record.id).run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.selectbox(key="ave_to").value == "2024-12-31"
    china = get_sample("china")
    expected = actual_vs_expected(china, "paid", _prior_of(results), segment=KEY)
    shown = table(at, "ave_origins")
    domain = expected.origins.set_index("origin")
    for origin in domain.index:
        for name in ("ibnr_prior", "expected", "actual", "a_minus_e"):
            assert shown.loc[origin, name] == pytest.approx(domain.loc[origin, name], rel=1e-9, abs=1e-9), (
                origin,
                name,
            )
    assert shown.loc["Total", "expected"] == pytest.approx(expected.total["expected"], rel=1e-12)
    assert shown.loc["Total", "a_minus_e"] == pytest.approx(expected.total["a_minus_e"], rel=1e-12)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Total A - E"] == f"{expected.total['a_minus_e']:,.0f}"
    # the cut-back prior (corrected data) expects more from 2023Q3, whose paid at T0 was restated
    cut = actual_vs_expected(china, "paid", prior_from_cut(china, "paid", T0, KEY, method=None), segment=KEY)
    cut_rows = cut.origins.set_index("origin")
    assert shown.loc["2023Q3", "expected"] < cut_rows.loc["2023Q3", "expected"] - 20
    assert shown.loc["2023Q3", "a_minus_e"] > cut_rows.loc["2023Q3", "a_minus_e"] + 20
    assert shown.loc["2023Q3", "actual"] == pytest.approx(cut_rows.loc["2023Q3", "actual"])  # same current data
    # and the page says which prior it used
    assert any(f"saved valuation #{record.id} at 2023-12-31" in c.value for c in at.caption)


def test_retrospective_deviation_from_the_saved_valuation(saved_then_current):
    at, record = saved_then_current
    go(at, "retro")
    at.radio(key="retro_original").set_value("saved").run()
    assert [i.value for i in at.info] == [
        "Pick at least one saved valuation made before the current data's valuation date."
    ]
    at.multiselect(key="retro_saved").set_value([record.id]).run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    china = get_sample("china")
    current = value_segment(china, "paid", KEY, SegmentAssumptions(measure="paid"), None)
    expected = deviation_from_bookings([valuation_from_booking(record.results)], current)
    shown = table(at, "retro_origins")
    row = expected.origins.set_index("origin").loc["2023Q3"]
    for name in ("original", "paid_since", "reserve", "deviation"):
        assert shown.loc["2023Q3", name] == pytest.approx(row[name]), name
    assert shown.loc["Total", "deviation"] == pytest.approx(expected.total["deviation"])
    booked = {r["origin"]: r for r in record.results["origins"]}["2023Q3"]
    assert shown.loc["2023Q3", "original"] == pytest.approx(booked["ultimate"] - record.results["paid"]["2023Q3"])
    estimates = table(at, "retro_estimates")
    assert list(estimates.columns) == ["2023-12-31", "2024-12-31"]
    assert estimates.loc["2023Q3", "2023-12-31"] == pytest.approx(booked["ultimate"])


def test_a_valuation_saved_without_its_booking_is_rebuilt_from_its_data(saved_then_current):
    """Results saved before the booking was stored: date and pattern come from the saved china_prior data."""
    at, record = saved_then_current
    old = {key: value for key, value in record.results.items() if key not in BOOKING_KEYS}
    repo = Repository(open_database())
    edited = repo.update_draft(record.id, user="local", results=old, reason="results as saved by an older version")
    assert "pattern" not in edited.results
    go(at, "ave")
    at.radio(key="ave_prior_kind").set_value("saved").run()
    at.selectbox(key="ave_saved").set_value(record.id).run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    booked = actual_vs_expected(get_sample("china"), "paid", _prior_of(record.results), segment=KEY)
    shown = table(at, "ave_origins")
    assert shown.loc["Total", "expected"] == pytest.approx(booked.total["expected"], rel=1e-12)  # same pattern rebuilt
    by_origin = booked.origins.set_index("origin")
    assert shown.loc["2023Q3", "expected"] == pytest.approx(by_origin.loc["2023Q3", "expected"])
    assert shown.drop(index="Total")["std_err"].isna().all()  # chain ladder saved no s.e. of its own
