"""Valuation dates of a retrospective analysis: parsing, checking against the data, calendar periods.

The dates compared must be dates at which the data has a diagonal: a prior rebuilt by
cutting the data back, and the actual emergence since, are only defined there. A date
that is not one fails with a message listing the span and step of the data's valuations.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import pandas as pd

from reserving.dataset import VALUATION, Dataset
from reserving.errors import InputError
from reserving.grains import GRAIN_MONTHS, grain_name, period_label, period_start


def parse_date(value: str | pd.Timestamp, what: str = "date") -> pd.Timestamp:
    """Parse a date given as text or Timestamp; `InputError` when it is not a date."""
    if isinstance(value, pd.Timestamp):
        return value.normalize()
    try:
        stamp = pd.Timestamp(str(value).strip())
    except (ValueError, TypeError) as exc:
        raise InputError(f"{what}: '{value}' is not a date (use YYYY-MM-DD)") from exc
    if pd.isna(stamp):
        raise InputError(f"{what}: '{value}' is not a date (use YYYY-MM-DD)")
    return stamp.normalize()


def parse_dates(text: str, what: str = "--valuations") -> list[pd.Timestamp]:
    """Parse a comma-separated list of dates (``2022-12-31,2023-12-31``)."""
    parts = [p for p in (s.strip() for s in str(text).split(",")) if p]
    return [parse_date(p, what) for p in parts]


def valuation_dates(dataset: Dataset) -> list[pd.Timestamp]:
    """Every valuation date at which the data has values, sorted."""
    return sorted(pd.Timestamp(v) for v in dataset.frame[VALUATION].unique())


def check_valuation(dataset: Dataset, date: pd.Timestamp, what: str) -> pd.Timestamp:
    """Return `date` if the data has a diagonal there; else an `InputError` saying what the data has."""
    dates = valuation_dates(dataset)
    if date in set(dates):
        return date
    step = grain_name(dataset.development_grain)
    outside = date < dates[0] or date > dates[-1]
    where = "outside the data" if outside else f"not the end of a {step} in the data"
    raise InputError(
        f"{what} {date.date()} is {where}; the data has valuations every {step} "
        f"from {dates[0].date()} to {dates[-1].date()}"
    )


def check_order(dates: Iterable[pd.Timestamp], what: str) -> list[pd.Timestamp]:
    """Dates must be strictly increasing."""
    dates = list(dates)
    for a, b in itertools.pairwise(dates):
        if b <= a:
            raise InputError(f"{what}: dates must be increasing, got {a.date()} then {b.date()}")
    return dates


def calendar_period_ends(start: pd.Timestamp, end: pd.Timestamp, grain: str) -> list[pd.Timestamp]:
    """List the ends of the calendar periods of `grain` that make up (start, end], in order."""
    step = pd.offsets.MonthEnd(GRAIN_MONTHS[grain])
    ends = []
    current = start
    while current < end:
        current = (current + step).normalize()
        ends.append(min(current, end))
    return ends


def calendar_label(period_end: pd.Timestamp, grain: str) -> str:
    """Label of the calendar period ending at `period_end` ('2024Q1', '2024')."""
    return period_label(period_start(period_end, grain), grain)
