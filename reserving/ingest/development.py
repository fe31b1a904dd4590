"""Development ages and valuation dates: from a long table's age or date column to each row's valuation."""

from __future__ import annotations

import math
from itertools import pairwise

import pandas as pd

from reserving.grains import GRAIN_MONTHS, GRAIN_NAMES, period_end, period_label, valuation_at_age
from reserving.mapping import ColumnMapping
from reserving.parsing import DAY, ParseError, grain_of_dates, normalise_text, parse_age
from reserving.readers import SourceTable

from .issues import Collector
from .times import parse_times, time_grain


def ages_to_months(
    ages: dict[object, tuple[int, str | None]],
    mapping: ColumnMapping,
    origin_grain: str,
    issues: Collector,
    column: str | None,
) -> dict[object, int]:
    """Development ages in months from parsed ages, resolving bare numbers as months or periods.

    With ``development_unit='auto'``, ages that are all positive multiples of 3 are months
    (12, 24, 36 or 3, 6, 9); anything else (1, 2, 3 or 0, 1, 2) counts periods of the
    development grain (the origin grain unless set), and a warning says so; numbers that
    neither are months nor count one by one (0, 12, 24) are an error. Ages that say their
    unit (``12m``, ``1年``, ``第1期``) need no guess.
    """
    bare = [n for n, unit in ages.values() if unit is None]
    unit = mapping.development_unit
    if unit == "auto" and bare:
        unit = "months" if all(n > 0 and n % 3 == 0 for n in bare) else "periods"
    grain = mapping.development_grain or origin_grain
    zero_based = bool(bare) and min(bare) == 0
    distinct = sorted(set(bare))
    step = math.gcd(*(b - a for a, b in pairwise(distinct))) if len(distinct) > 1 else 1
    if unit == "periods" and step > 1 and mapping.development_unit == "auto":
        # 0, 12, 24: not months (0 is no age) and not periods (they count one by one)
        issues.error(
            "bad-development",
            f"development ages {distinct[:4]}... are neither months (an age of 0 months is no age) nor periods"
            " (they would count 1, 2, 3 ...); set the development unit, or write the first age as 12",
            column=column,
        )
    elif unit == "periods" and bare and mapping.development_unit == "auto":
        base = "0-based" if zero_based else "1-based"
        issues.warn(
            "development-unit",
            f"development ages {sorted(set(bare))[:4]}... are read as {base} periods of one {GRAIN_NAMES[grain]};"
            " set the development unit to months if they are months",
            column=column,
        )
    years = [n for n, u in ages.values() if u == "years"]
    years_zero = bool(years) and min(years) == 0
    periods = [n for n, u in ages.values() if u == "periods"]
    periods_zero = bool(periods) and min(periods) == 0
    months: dict[object, int] = {}
    for key, (n, kind) in ages.items():
        if kind == "months":
            value = n
        elif kind == "years":
            value = (n + years_zero) * 12
        elif kind == "periods":
            value = (n + periods_zero) * GRAIN_MONTHS[grain]
        elif unit == "periods":
            value = (n + zero_based) * GRAIN_MONTHS[grain]
        else:
            value = n
        months[key] = value
    return months


def valuation_at(origin: pd.Timestamp, months: int, grain: str) -> pd.Timestamp | None:
    """End of the `grain` period reached `months` after `origin`; None past pandas' last date (2262)."""
    try:
        return period_end(valuation_at_age(origin, months), grain)
    except (ValueError, OverflowError):
        return None


def development_grain(months: list[int], origin_grain: str, mapping: ColumnMapping) -> str:
    """Return the mapping's development grain, else the coarsest grain that every age is a multiple of."""
    if mapping.development_grain:
        return mapping.development_grain
    step = GRAIN_MONTHS[origin_grain]
    for m in months:
        step = math.gcd(step, m)
    return next(code for code in ("Y", "S", "Q", "M") if step % GRAIN_MONTHS[code] == 0)


def valuations_from_ages(
    source: SourceTable,
    mapping: ColumnMapping,
    origins: dict[int, pd.Timestamp],
    origin_grain: str,
    issues: Collector,
) -> tuple[dict[int, pd.Timestamp], str | None]:
    """Return each row's valuation from its development age, and the development grain."""
    col = str(mapping.development)
    parsed: dict[int, object] = {}
    ages: dict[object, tuple[int, str | None]] = {}
    for row, value in source.table[col].items():
        try:
            age = parse_age(value)
        except ParseError as exc:
            issues.error("bad-development", f"cannot read the development age: {exc}", int(row), col)
            continue
        if age is None:
            issues.error("bad-development", "the development age is missing", int(row), col)
            continue
        key = normalise_text(value)
        ages[key] = age
        parsed[int(row)] = key
    months = ages_to_months(ages, mapping, origin_grain, issues, col)
    grain = development_grain(list(months.values()), origin_grain, mapping)
    valuations: dict[int, pd.Timestamp] = {}
    for row, key in parsed.items():
        if months[key] < 1:
            issues.error("bad-development", f"development age {months[key]} months is not positive", row, col)
        elif row in origins:
            valuation = valuation_at(origins[row], months[key], grain)
            if valuation is None:
                issues.error("bad-development", f"development age {months[key]} months is beyond any date", row, col)
            else:
                valuations[row] = valuation
    return valuations, grain


def valuations_from_dates(
    source: SourceTable,
    mapping: ColumnMapping,
    origins: dict[int, pd.Timestamp],
    origin_grain: str,
    issues: Collector,
) -> tuple[dict[int, pd.Timestamp], str | None]:
    """Return each row's valuation date (moved to its period end), and the development grain."""
    col = str(mapping.valuation)
    parsed = parse_times(source, col, "valuation", issues)
    if parsed is None:
        return {}, None
    grain = time_grain(
        mapping.development_grain,
        parsed,
        col,
        "valuation",
        issues,
        from_dates=lambda dates: grain_of_dates(dates, True, GRAIN_MONTHS[origin_grain]) or origin_grain,
    )
    if grain is None:
        return {}, None
    valuations: dict[int, pd.Timestamp] = {}
    moved = 0
    for row, p in parsed.items():
        end = period_end(p.ts, grain)
        if p.grain == DAY and end != p.ts:
            moved += 1
        if row not in origins:
            continue
        if end < origins[row]:
            issues.error(
                "valuation-before-origin",
                f"the valuation {end.date()} is before its origin {period_label(origins[row], origin_grain)}",
                row,
                col,
            )
            continue
        valuations[row] = end
    if moved and mapping.cumulative:
        issues.warn(
            "valuation-moved",
            f"{moved} valuation date(s) are not the end of a {GRAIN_NAMES[grain]}; they are moved to the end of"
            " their period",
            column=col,
        )
    return valuations, grain
