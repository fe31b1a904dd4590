"""Origin and valuation columns: each cell read as a date or a period label, and the column's grain."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from reserving.columns import normalise_name
from reserving.grains import period_start
from reserving.mapping import ColumnMapping
from reserving.parsing import (
    ParsedTime,
    ParseError,
    common_label_grain,
    day_first_of,
    excel_serial_column,
    grain_of_dates,
    is_missing,
    normalise_text,
    parse_period,
)
from reserving.readers import SourceTable

from .cells import hashable
from .issues import Collector

TOTAL_LABELS = frozenset({"total", "totals", "sum", "合计", "总计", "小计", "汇总"})
"""Origin labels of a total row (exact, after normalisation); `row_label_kind` knows more spellings."""


def parse_origins(
    source: SourceTable, mapping: ColumnMapping, issues: Collector
) -> tuple[dict[int, pd.Timestamp], str | None]:
    """Origin start date of every row that has a readable one, and the origin grain."""
    col = str(mapping.origin)
    parsed = parse_times(source, col, "origin", issues, skip_totals=True)
    if parsed is None:
        return {}, None

    def from_dates(dates: list[pd.Timestamp]) -> str:
        grain = grain_of_dates(dates, at_end=False)
        if grain is None:
            issues.warn(
                "origin-grain",
                "origin dates fall on arbitrary days; they are grouped by year (set the origin grain to"
                " group them by quarter or month)",
                column=col,
            )
        return grain or "Y"

    grain = time_grain(mapping.origin_grain, parsed, col, "origin", issues, from_dates=from_dates)
    if grain is None:
        return {}, None
    return {row: period_start(p.ts, grain) for row, p in parsed.items()}, grain


def parse_times(
    source: SourceTable, col: str, what: str, issues: Collector, *, skip_totals: bool = False
) -> dict[int, ParsedTime] | None:
    """Every readable cell of an origin or valuation column (`what`), reporting the others as ``bad-<what>``.

    Day-first or month-first order is settled once for the whole column (None, after an
    error, when the column mixes both), and so is whether whole numbers are Excel day numbers;
    each distinct value is parsed once, as a long table repeats few dates. With `skip_totals`,
    rows labelled like a total are skipped with a warning.
    """
    code = f"bad-{what}"
    series = source.table[col]
    try:
        day_first = day_first_of(series.unique())
    except ParseError as exc:
        issues.error(code, str(exc), column=col)
        return None
    serial = excel_serial_column(series.unique())
    if serial:
        example = next(v for v in series if not is_missing(v))
        date = parse_period(example, serial=True)
        issues.warn(
            "excel-serial",
            f"the {what}s are Excel day numbers ({normalise_text(example)} is"
            f" {date.ts.date() if date else '?'}); they are read as dates",
            column=col,
        )
    parsed: dict[int, ParsedTime] = {}
    memo: dict[object, ParsedTime | ParseError | None] = {}
    for row, value in series.items():
        if skip_totals and isinstance(value, str) and normalise_name(value) in TOTAL_LABELS:
            issues.warn("total-row", f"row '{value}' looks like a total and is skipped", int(row), col)
            continue
        key = value if hashable(value) else str(value)
        if key not in memo:
            try:
                memo[key] = parse_period(value, day_first, serial=serial)
            except ParseError as exc:
                memo[key] = exc
        result = memo[key]
        if isinstance(result, ParseError):
            issues.error(code, f"cannot read the {what}: {result}", int(row), col)
        elif result is None:
            issues.error(code, f"the {what} is missing", int(row), col)
        else:
            parsed[int(row)] = result
    return parsed


def time_grain(
    given: str | None,
    parsed: dict[int, ParsedTime],
    col: str,
    what: str,
    issues: Collector,
    *,
    from_dates: Callable[[list[pd.Timestamp]], str],
) -> str | None:
    """Grain of an origin or valuation column: the mapping's (`given`), else the labels' (2019Q1 ...).

    A column of plain dates leaves the choice to `from_dates`; None when nothing was read or
    labels of different grains are mixed (reported as ``bad-<what>``).
    """
    if given is not None or not parsed:
        return given
    try:
        grain = common_label_grain(p.grain for p in parsed.values())
    except ParseError as exc:
        issues.error(f"bad-{what}", f"cannot read the {what}s: {exc}", column=col)
        return None
    return grain if grain is not None else from_dates([p.ts for p in parsed.values()])
