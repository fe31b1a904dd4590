"""Retrospective deviation with saved valuations as the original estimates (as booked), re-estimated on current data."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from reserving.assumptions import SegmentAssumptions
from reserving.errors import InputError
from reserving.reports.valuation_run import compute_exhibits, make_spec, results_json
from reserving.retrospection import (
    deviation_from_bookings,
    retrospective_deviation,
    valuation_from_booking,
    value_segment,
)
from reserving.retrospection.booking import BOOKING_KEYS
from reserving.samples import get_sample

KEY = (("branch", "北京"), ("line", "车险"))
DATES = [pd.Timestamp("2022-12-31"), pd.Timestamp("2023-12-31"), pd.Timestamp("2024-12-31")]


def saved_results(dataset, measure: str = "paid") -> dict:
    """Results of a saved chain-ladder valuation of the segment, through JSON as the database keeps them."""
    spec = make_spec(measure, dict(KEY), ["chainladder"], "chainladder", SegmentAssumptions(measure=measure))
    return json.loads(json.dumps(results_json(compute_exhibits(dataset, spec))))


@pytest.fixture(scope="module")
def china():
    return get_sample("china")


@pytest.fixture(scope="module")
def current(china):
    return value_segment(china, "paid", KEY, SegmentAssumptions(measure="paid"), None)


@pytest.fixture(scope="module")
def booked_2022(china):
    return saved_results(china.cut(DATES[0]))


@pytest.fixture(scope="module")
def booked_prior():
    return saved_results(get_sample("china_prior"))


def test_bookings_of_unrestated_data_reproduce_the_rebuilt_deviation(china, current, booked_2022):
    bookings = [valuation_from_booking(booked_2022), valuation_from_booking(saved_results(china.cut(DATES[1])))]
    result = deviation_from_bookings(bookings[::-1], current)  # any order: sorted by date
    rebuilt = dict(retrospective_deviation(china, "paid", DATES, method=None).segments)[KEY]
    assert result.valuations == DATES
    shown, expected = result.origins.set_index("origin"), rebuilt.origins.set_index("origin")
    for name in ("original", "paid_since", "reserve", "re_estimate", "deviation", "deviation_rate"):
        assert shown[name].to_numpy() == pytest.approx(expected[name].to_numpy(), rel=1e-12, nan_ok=True), name
    assert result.total["deviation"] == pytest.approx(rebuilt.total["deviation"], rel=1e-12)
    pd.testing.assert_frame_equal(result.estimates, rebuilt.estimates, rtol=1e-12)


def test_the_original_is_the_booked_reserve_and_paid_since_runs_from_booked_paid(china, current, booked_prior):
    """china_prior booked 2023Q3 with paid 150.00 lower; the restated payment shows as paid since T0."""
    result = deviation_from_bookings([valuation_from_booking(booked_prior)], current)
    row = result.origins.set_index("origin").loc["2023Q3"]
    booked = {r["origin"]: r for r in booked_prior["origins"]}["2023Q3"]
    booked_paid = booked_prior["paid"]["2023Q3"]
    assert booked_prior["reserve_basis"] == "paid"
    assert row["original"] == pytest.approx(booked["ultimate"] - booked_paid)  # by hand: ultimate - paid at T0
    now = current.origins.set_index("origin").loc["2023Q3"]
    assert row["paid_since"] == pytest.approx(now["paid"] - booked_paid)
    assert row["reserve"] == pytest.approx(now["ultimate"] - now["paid"])
    assert row["deviation"] == pytest.approx(row["original"] - row["paid_since"] - row["reserve"])
    rebuilt = dict(retrospective_deviation(china, "paid", DATES[1:], method=None).segments)[KEY]
    cut_row = rebuilt.origins.set_index("origin").loc["2023Q3"]
    assert row["paid_since"] == pytest.approx(cut_row["paid_since"] + 150.0)  # the restated payment
    assert row["original"] != pytest.approx(cut_row["original"])


def test_two_bookings_chain_to_the_current_re_estimate(current, booked_2022, booked_prior):
    result = deviation_from_bookings(
        [valuation_from_booking(booked_2022), valuation_from_booking(booked_prior)], current
    )
    steps = result.by_valuation.set_index(["valuation", "origin"])
    at_2023 = steps.loc[(DATES[1], "2022Q4")]
    booked = {r["origin"]: r for r in booked_prior["origins"]}["2022Q4"]
    assert at_2023["reserve"] == pytest.approx(booked["ultimate"] - booked_prior["paid"]["2022Q4"])  # as booked
    assert at_2023["paid_since"] == pytest.approx(booked_prior["paid"]["2022Q4"] - booked_2022["paid"]["2022Q4"])
    last = steps.loc[(DATES[2], "2022Q4")]
    assert last["reserve"] == pytest.approx(current.column("reserve")["2022Q4"])
    assert [t["valuation"] for t in result.total_by_valuation] == DATES[1:]


def test_a_booking_at_the_current_date_is_replaced_by_the_current_data(china, current, booked_2022):
    same_date = valuation_from_booking(saved_results(china))
    with_it = deviation_from_bookings([valuation_from_booking(booked_2022), same_date], current)
    without = deviation_from_bookings([valuation_from_booking(booked_2022)], current)
    assert with_it.valuations == [DATES[0], DATES[2]]
    assert with_it.total["deviation"] == pytest.approx(without.total["deviation"])


def test_bad_bookings_are_refused(current, booked_2022):
    with pytest.raises(InputError, match="at least one saved valuation"):
        deviation_from_bookings([], current)
    later = valuation_from_booking({**booked_2022, "valuation_date": "2025-12-31"})
    with pytest.raises(InputError, match="later than the current data"):
        deviation_from_bookings([later], current)
    incurred = value_segment(get_sample("china"), "incurred", KEY, SegmentAssumptions(measure="incurred"), None)
    with pytest.raises(InputError, match="is of paid"):
        deviation_from_bookings([valuation_from_booking(booked_2022)], incurred)
    twice = valuation_from_booking(booked_2022)
    with pytest.raises(InputError, match="increasing"):
        deviation_from_bookings([twice, twice], current)


def test_results_saved_without_paid(booked_2022):
    old = {key: value for key, value in booked_2022.items() if key not in BOOKING_KEYS}
    with pytest.raises(InputError, match="no valuation date"):
        valuation_from_booking(old)
    paid = valuation_from_booking(old, valuation_date=DATES[0])  # a paid valuation: its latest is its paid
    assert paid.column("reserve").to_numpy() == pytest.approx(valuation_from_booking(booked_2022).column("reserve"))
    incurred = {**old, "measure": "incurred"}
    with pytest.raises(InputError, match="no paid by origin"):
        valuation_from_booking(incurred, valuation_date=DATES[0])
    given = valuation_from_booking(incurred, valuation_date=DATES[0], paid={"2019Q1": 10.0}, reserve_basis="paid")
    assert given.reserve_basis == "paid"
    first = given.origins.iloc[0]
    assert first["paid"] == 10.0
    assert first["reserve"] == pytest.approx(first["ultimate"] - 10.0)
    assert first["start"] == pd.Timestamp("2019-01-01")
