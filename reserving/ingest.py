"""From an uploaded file to a validated `Dataset`: read, map columns, parse, check, build.

The public entry points are `read_source` (re-exported from `reserving.readers`),
`guess_mapping` / `complete_mapping`, and `load_table` / `load_bytes` / `load_path`, which
never raise for bad data: every problem becomes an `Issue` in the `ValidationReport`, so the
user sees all of them at once, each with the file, sheet, spreadsheet row and column.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path

import pandas as pd

from reserving.columns import (
    PREMIUM_NAMES,
    calendar_headers,
    guess_columns,
    is_exposure,
    is_transaction_date,
    normalise_name,
    row_label_kind,
    used_columns,
)
from reserving.dataset import ORIGIN, PREMIUM, VALUATION, Dataset
from reserving.errors import InputError, Location
from reserving.grains import GRAIN_MONTHS, GRAIN_NAMES, period_end, period_label, period_start, valuation_at_age
from reserving.mapping import ColumnMapping
from reserving.parsing import (
    DAY,
    ParsedTime,
    ParseError,
    age_header,
    age_range,
    common_label_grain,
    day_first_of,
    excel_serial_column,
    grain_of_dates,
    is_missing,
    normalise_text,
    parse_age,
    parse_number,
    parse_period,
)
from reserving.readers import MAX_FILE_BYTES, SourceTable, read_source
from reserving.validation import ERROR, WARNING, Issue, ValidationReport

__all__ = [
    "LoadResult",
    "SourceTable",
    "complete_mapping",
    "guess_mapping",
    "load_bytes",
    "load_path",
    "load_table",
    "read_source",
]

MAX_ISSUES_PER_RULE = 20
"""Issues kept per rule; a listing with thousands of negative amounts gets one summary line."""
MONOTONE_MEASURES = ("paid", "reported_count", "closed_count", "paid_alae")
"""Cumulative measures that should never decrease (incurred and case reserves may)."""
TOTAL_LABELS = frozenset({"total", "totals", "sum", "合计", "总计", "小计", "汇总"})
"""Origin labels of a total row (exact, after normalisation); `row_label_kind` knows more spellings."""
MAX_LISTED_COLUMNS = 10
"""Column names listed in one message; a file with thousands of stray columns gets a count."""

_ROW = "_row"
_COL = "_col"


@dataclass(frozen=True)
class LoadResult:
    """What a load produced: the dataset (None when the report has errors), the report, the mapping used."""

    dataset: Dataset | None
    report: ValidationReport
    mapping: ColumnMapping


class _Collector:
    """Issues of one load, capped per rule so that one systematic problem does not drown the rest."""

    def __init__(self, source: SourceTable) -> None:
        self.source = source
        self.issues: list[Issue] = []
        self.counts: Counter[str] = Counter()

    def add(
        self,
        severity: str,
        rule: str,
        message: str,
        row: int | None = None,
        column: str | None = None,
        *,
        source: SourceTable | None = None,
    ) -> None:
        self.counts[rule] += 1
        if self.counts[rule] <= MAX_ISSUES_PER_RULE:
            src = source or self.source
            self.issues.append(Issue(severity, message, Location(src.file_name, src.sheet, row, column), rule))

    def error(self, rule: str, message: str, row: int | None = None, column: str | None = None) -> None:
        self.add(ERROR, rule, message, row, column)

    def warn(self, rule: str, message: str, row: int | None = None, column: str | None = None) -> None:
        self.add(WARNING, rule, message, row, column)

    @property
    def has_errors(self) -> bool:
        return any(i.severity == ERROR for i in self.issues)

    def report(self) -> ValidationReport:
        issues = list(self.issues)
        for rule, count in self.counts.items():
            if count > MAX_ISSUES_PER_RULE:
                severity = next(i.severity for i in self.issues if i.rule == rule)
                more = count - MAX_ISSUES_PER_RULE
                issues.append(
                    Issue(
                        severity,
                        f"{more} more issue(s) of the same kind ({rule}) not listed",
                        Location(self.source.file_name, self.source.sheet),
                        rule,
                    )
                )
        return ValidationReport(tuple(sorted(issues, key=lambda i: i.severity != ERROR)))


# ---------------------------------------------------------------------------- mapping
def _sample_values(source: SourceTable, limit: int = 50) -> dict[str, list[object]]:
    head = source.table.head(limit)
    return {str(col): list(head[col]) for col in head.columns}


def complete_mapping(source: SourceTable, mapping: ColumnMapping) -> ColumnMapping:
    """Fill the None fields of `mapping` by guessing from `source`; the hand-given fields stay."""
    guessed = guess_columns(source.columns, _sample_values(source), mapping)
    return replace(
        guessed,
        sheet=source.sheet if source.kind == "xlsx" else guessed.sheet,
        encoding=source.encoding if source.kind == "csv" else guessed.encoding,
    )


def guess_mapping(source: SourceTable) -> ColumnMapping:
    """Guess the whole mapping (shape, origin, development or valuation, measures, segments, premium)."""
    return complete_mapping(source, ColumnMapping())


def _check_mapping(source: SourceTable, mapping: ColumnMapping, issues: _Collector) -> None:
    columns = source.columns
    named = [
        ("origin", mapping.origin),
        ("development", mapping.development),
        ("valuation", mapping.valuation),
        ("premium", mapping.premium),
    ]
    named += [(measure, col) for measure, col in mapping.values if col]
    named += [("segment", col) for col in mapping.segments]
    for role, col in named:
        if col and col not in columns:
            issues.error("unknown-column", f"the {role} column '{col}' is not in the table; the columns are {columns}")
    if mapping.development and mapping.valuation:
        issues.error("mapping", "map either a development column or a valuation column, not both")
    if issues.has_errors:
        return
    others = [s for s in source.sheets if s != source.sheet]
    hint = f"; the workbook also has the sheet(s) {others}" if others else ""
    if not mapping.origin:
        issues.error("no-origin", f"no origin column (accident year, quarter or date) found among {columns}{hint}")
    if mapping.shape != "wide" and not (mapping.development or mapping.valuation):
        issues.error("no-development", f"no development age or valuation date column found among {columns}{hint}")
    if not mapping.values:
        issues.error("no-measure", f"no measure column (paid, incurred, counts ...) found among {columns}{hint}")
    for measure, col in mapping.values:
        if col and len(source.table) and source.table[col].map(is_missing).all():
            issues.error("empty-measure", f"the {measure} column is empty", column=col)
    if not issues.has_errors:
        unused = [c for c in columns if c not in used_columns(mapping) and not _is_wide_age(mapping, c)]
        if unused:
            more = len(unused) - MAX_LISTED_COLUMNS
            listed = f"{unused[:MAX_LISTED_COLUMNS]} and {more} more" if more > 0 else f"{unused}"
            issues.warn("unused-column", f"columns not used: {listed}")


def _is_wide_age(mapping: ColumnMapping, column: str) -> bool:
    return mapping.shape == "wide" and (age_header(column) is not None or column in calendar_headers([column]))


# ---------------------------------------------------------------------------- time parsing
def _parse_origins(
    source: SourceTable, mapping: ColumnMapping, issues: _Collector
) -> tuple[dict[int, pd.Timestamp], str | None]:
    """Origin start date of every row that has a readable one, and the origin grain."""
    col = str(mapping.origin)
    parsed = _parse_times(source, col, "origin", issues, skip_totals=True)
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

    grain = _time_grain(mapping.origin_grain, parsed, col, "origin", issues, from_dates=from_dates)
    if grain is None:
        return {}, None
    return {row: period_start(p.ts, grain) for row, p in parsed.items()}, grain


def _parse_times(
    source: SourceTable, col: str, what: str, issues: _Collector, *, skip_totals: bool = False
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
        key = value if _hashable(value) else str(value)
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


def _time_grain(
    given: str | None,
    parsed: dict[int, ParsedTime],
    col: str,
    what: str,
    issues: _Collector,
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


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _ages_to_months(
    ages: dict[object, tuple[int, str | None]],
    mapping: ColumnMapping,
    origin_grain: str,
    issues: _Collector,
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


def _valuation_at(origin: pd.Timestamp, months: int, grain: str) -> pd.Timestamp | None:
    """End of the `grain` period reached `months` after `origin`; None past pandas' last date (2262)."""
    try:
        return period_end(valuation_at_age(origin, months), grain)
    except (ValueError, OverflowError):
        return None


def _development_grain(months: list[int], origin_grain: str, mapping: ColumnMapping) -> str:
    if mapping.development_grain:
        return mapping.development_grain
    step = GRAIN_MONTHS[origin_grain]
    for m in months:
        step = math.gcd(step, m)
    return next(code for code in ("Y", "S", "Q", "M") if step % GRAIN_MONTHS[code] == 0)


def _valuations_from_ages(
    source: SourceTable,
    mapping: ColumnMapping,
    origins: dict[int, pd.Timestamp],
    origin_grain: str,
    issues: _Collector,
) -> tuple[dict[int, pd.Timestamp], str | None]:
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
    months = _ages_to_months(ages, mapping, origin_grain, issues, col)
    grain = _development_grain(list(months.values()), origin_grain, mapping)
    valuations: dict[int, pd.Timestamp] = {}
    for row, key in parsed.items():
        if months[key] < 1:
            issues.error("bad-development", f"development age {months[key]} months is not positive", row, col)
        elif row in origins:
            valuation = _valuation_at(origins[row], months[key], grain)
            if valuation is None:
                issues.error("bad-development", f"development age {months[key]} months is beyond any date", row, col)
            else:
                valuations[row] = valuation
    return valuations, grain


def _valuations_from_dates(
    source: SourceTable,
    mapping: ColumnMapping,
    origins: dict[int, pd.Timestamp],
    origin_grain: str,
    issues: _Collector,
) -> tuple[dict[int, pd.Timestamp], str | None]:
    col = str(mapping.valuation)
    parsed = _parse_times(source, col, "valuation", issues)
    if parsed is None:
        return {}, None
    grain = _time_grain(
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


# ---------------------------------------------------------------------------- observations
def _number(value: object, row: int, col: str, issues: _Collector) -> float | None:
    try:
        return parse_number(value)
    except ParseError as exc:
        issues.error("bad-number", str(exc), row, col)
        return None


def _segment_value(value: object, row: int, col: str, issues: _Collector) -> str:
    if is_missing(value):
        issues.warn("blank-segment", "the segment value is blank (read as '(blank)')", row, col)
        return "(blank)"
    return normalise_text(value)


def _long_observations(
    source: SourceTable, mapping: ColumnMapping, issues: _Collector
) -> tuple[pd.DataFrame, str | None, str | None]:
    origins, origin_grain = _parse_origins(source, mapping, issues)
    if origin_grain is None:
        return pd.DataFrame(), None, None
    if mapping.development:
        valuations, dev_grain = _valuations_from_ages(source, mapping, origins, origin_grain, issues)
    else:
        valuations, dev_grain = _valuations_from_dates(source, mapping, origins, origin_grain, issues)
    fine_grain = origin_grain
    coarse = _coarser_valuation_grain(source, mapping, origins, valuations, origin_grain)
    if coarse is not None:
        issues.warn(
            "origin-grouped",
            f"every valuation is a {GRAIN_NAMES[coarse]} end, so a triangle of {GRAIN_NAMES[origin_grain]}"
            f" origins would miss most cells: the origins are grouped by {GRAIN_NAMES[coarse]}",
            column=mapping.origin,
        )
        origins = {row: period_start(ts, coarse) for row, ts in origins.items()}
        origin_grain = dev_grain = coarse
    table = source.table
    records = []
    for index, values in zip(table.index, table.itertuples(index=False), strict=True):
        row = int(index)
        cells = dict(zip(source.columns, values, strict=True))
        record: dict[str, object] = {_ROW: row, _COL: None}
        for col in mapping.segments:
            record[col] = _segment_value(cells[col], row, col, issues)
        for measure, col in mapping.values:
            record[measure] = _number(cells[col], row, col, issues)
        if mapping.premium:
            record[PREMIUM] = _number(cells[mapping.premium], row, mapping.premium, issues)
        if row in origins and row in valuations:
            record[ORIGIN] = origins[row]
            record[VALUATION] = valuations[row]
            records.append(record)
    obs = pd.DataFrame(records)
    if origin_grain != fine_grain and mapping.cumulative and not obs.empty:
        obs = _sum_grouped_origins(obs, mapping)
    return obs, origin_grain, dev_grain


def _coarser_valuation_grain(
    source: SourceTable,
    mapping: ColumnMapping,
    origins: dict[int, pd.Timestamp],
    valuations: dict[int, pd.Timestamp],
    origin_grain: str,
) -> str | None:
    """Return the grain to group origins by when every valuation is a coarser period's end, else None.

    Quarterly origins valued only at year ends make a quarterly triangle with a hole in three
    cells of every four, which no method can develop; their cumulative amounts add up to a
    yearly triangle. Nothing is grouped when the user set a grain, when there is a single
    valuation date, or when two rows already fill the same cell (reported as duplicates).
    """
    if not mapping.valuation or mapping.origin_grain or mapping.development_grain:
        return None
    dates = set(valuations.values())
    if len(dates) < 2:
        return None
    coarse = grain_of_dates(dates, at_end=True)
    if coarse is None or GRAIN_MONTHS[coarse] <= GRAIN_MONTHS[origin_grain]:
        return None
    keys = [
        (*(normalise_text(source.table.at[row, c]) for c in mapping.segments), origins[row], valuations[row])
        for row in valuations
        if row in origins
    ]
    return coarse if len(keys) == len(set(keys)) else None


def _sum_grouped_origins(obs: pd.DataFrame, mapping: ColumnMapping) -> pd.DataFrame:
    """Add up the cumulative cells of the finer origins now sharing an origin (and premium alike)."""
    keys = [*mapping.segments, ORIGIN, VALUATION]
    sums = [m for m, _ in mapping.values] + ([PREMIUM] if PREMIUM in obs else [])
    agg: dict[str, object] = {col: (lambda x: x.sum(min_count=1)) for col in sums}
    agg.update({_ROW: "first", _COL: "first"})
    return obs.groupby(keys, as_index=False, sort=False).agg(agg)


def _wide_observations(
    source: SourceTable, mapping: ColumnMapping, issues: _Collector
) -> tuple[pd.DataFrame, str | None, str | None]:
    origins, origin_grain = _parse_origins(source, mapping, issues)
    if origin_grain is None:
        return pd.DataFrame(), None, None
    skip = used_columns(mapping)
    headers = {c: age_header(c) for c in source.columns if c not in skip}
    ages = {c: a for c, a in headers.items() if a is not None}
    if not ages:
        calendar = calendar_headers(c for c in source.columns if c not in skip)
        if len(calendar) >= 2:
            return _calendar_observations(source, mapping, origins, origin_grain, calendar=calendar, issues=issues)
        issues.error("no-development", f"no development ages (12, 24 ... or 1, 2 ...) in the header {source.columns}")
        return pd.DataFrame(), None, None
    spans = [span for c in ages if (span := age_range(c)) is not None]
    if spans and min(start for start, _ in spans) > 0:
        listed = [c for c in ages if age_range(c) is not None][:3]
        issues.error(
            "factor-headers",
            f"the age columns {listed} ... span two ages, as the columns of age-to-age factors do; load the"
            " triangle of amounts, whose columns are ages (12, 24 ... or 0-12, 12-24 ...)",
        )
        return pd.DataFrame(), None, None
    months = _ages_to_months(dict(ages), mapping, origin_grain, issues, None)
    grain = _development_grain(list(months.values()), origin_grain, mapping)
    measure = mapping.values[0][0]
    records = []
    for row, cells, base in _wide_rows(source, mapping, origins, issues):
        for col, age in months.items():
            if age < 1:
                issues.error("bad-development", f"development age {age} months is not positive", column=str(col))
                continue
            value = _number(cells[str(col)], row, str(col), issues)
            if value is None:
                continue
            valuation = _valuation_at(origins[row], age, grain)
            if valuation is None:
                issues.error("bad-development", f"development age {age} months is beyond any date", row, str(col))
                continue
            records.append({**base, _COL: str(col), VALUATION: valuation, measure: value})
    return pd.DataFrame(records), origin_grain, grain


def _wide_rows(
    source: SourceTable, mapping: ColumnMapping, origins: dict[int, pd.Timestamp], issues: _Collector
) -> Iterator[tuple[int, dict[str, object], dict[str, object]]]:
    """Each grid row with a readable origin: its number, its cells, and the fields every cell of it shares."""
    for index, values in zip(source.table.index, source.table.itertuples(index=False), strict=True):
        row = int(index)
        if row not in origins:
            continue
        cells = dict(zip(source.columns, values, strict=True))
        base: dict[str, object] = {_ROW: row, ORIGIN: origins[row]}
        for col in mapping.segments:
            base[col] = _segment_value(cells[col], row, col, issues)
        if mapping.premium:
            base[PREMIUM] = _number(cells[mapping.premium], row, mapping.premium, issues)
        yield row, cells, base


def _calendar_observations(
    source: SourceTable,
    mapping: ColumnMapping,
    origins: dict[int, pd.Timestamp],
    origin_grain: str,
    *,
    calendar: dict[str, ParsedTime],
    issues: _Collector,
) -> tuple[pd.DataFrame, str | None, str | None]:
    """Cells of a grid whose columns are valuation periods (事故年度 x 评估年度: 2015, 2016 ...).

    Each column is the end of its period; the cells left of an origin's first valuation are
    blank in such a grid, and a number there is an error at its cell.
    """
    try:
        grain = mapping.development_grain or common_label_grain(p.grain for p in calendar.values())
    except ParseError as exc:
        issues.error("no-development", f"the valuation columns of the grid mix periods: {exc}")
        return pd.DataFrame(), None, None
    if grain is None:
        dates = [p.ts for p in calendar.values()]
        grain = grain_of_dates(dates, True, GRAIN_MONTHS[origin_grain]) or origin_grain
    ends = {col: period_end(p.ts, grain) for col, p in calendar.items()}
    measure = mapping.values[0][0]
    records = []
    for row, cells, base in _wide_rows(source, mapping, origins, issues):
        for col, valuation in ends.items():
            value = _number(cells[col], row, col, issues)
            if value is None:
                continue
            if valuation < origins[row]:
                issues.error(
                    "valuation-before-origin",
                    f"the valuation {valuation.date()} is before its origin {period_label(origins[row], origin_grain)}"
                    " (if the columns are development years, head them 1, 2, 3 ... or 12, 24, 36 ...)",
                    row,
                    col,
                )
                continue
            records.append({**base, _COL: col, VALUATION: valuation, measure: value})
    return pd.DataFrame(records), origin_grain, grain


# ---------------------------------------------------------------------------- checks and cells
def _cell_text(origin: pd.Timestamp, valuation: pd.Timestamp, origin_grain: str) -> str:
    return f"origin {period_label(origin, origin_grain)}, valuation {valuation.date()}"


def _check_duplicates(
    obs: pd.DataFrame, keys: list[str], origin_grain: str, where: str, issues: _Collector, *, hint: str = ""
) -> None:
    dup = obs[obs.duplicated(keys, keep=False)]
    for _, group in dup.groupby(keys, sort=False):
        first = group.iloc[0]
        for _, other in group.iloc[1:].iterrows():
            column = other[_COL] if isinstance(other[_COL], str) else where
            issues.error(
                "duplicate-cell",
                f"duplicate cell ({_cell_text(first[ORIGIN], first[VALUATION], origin_grain)}): rows"
                f" {int(first[_ROW])} and {int(other[_ROW])}{hint}",
                int(other[_ROW]),
                column,
            )


def _cumulate(cells: pd.DataFrame, keys: list[str], measures: list[str], dev_grain: str) -> pd.DataFrame:
    """Cumulate incremental cells along development, filling periods without movement with zero."""
    last = cells[VALUATION].max()
    step = pd.DateOffset(months=GRAIN_MONTHS[dev_grain])
    frames = []
    for key, group in cells.groupby(keys[:-1], sort=True):
        first = period_end(pd.Timestamp(group[ORIGIN].iloc[0]), dev_grain)
        grid = []
        current = first
        while current <= last:
            grid.append(current)
            current = period_end(current + step, dev_grain)
        full = group.set_index(VALUATION)[measures].reindex(pd.DatetimeIndex(grid, name=VALUATION))
        full = full.fillna(0.0).cumsum()
        values = key if isinstance(key, tuple) else (key,)
        for col, val in zip(keys[:-1], values, strict=True):
            full[col] = val
        frames.append(full.reset_index())
    return pd.concat(frames, ignore_index=True)


def _warn_values(
    frame: pd.DataFrame,
    measures: list[str],
    mapping: ColumnMapping,
    origin_grain: str,
    issues: _Collector,
) -> None:
    """Negative values, decreasing cumulative amounts or counts, missing cells inside the triangle."""
    column_of = {m: c for m, c in mapping.values if c}
    keys = [*mapping.segments, ORIGIN]
    ordered = frame.sort_values([*keys, VALUATION])
    has_rows = _ROW in ordered.columns and mapping.cumulative

    def where(record: pd.Series, measure: str) -> tuple[int | None, str | None]:
        row = int(record[_ROW]) if has_rows and not pd.isna(record[_ROW]) else None
        col = record[_COL] if has_rows and isinstance(record.get(_COL), str) else column_of.get(measure)
        return row, col

    for measure in measures:
        values = ordered[measure]
        for _, record in ordered[values < 0].iterrows():
            row, col = where(record, measure)
            issues.warn(
                "negative",
                f"negative {measure} {record[measure]:,.0f}"
                f" ({_cell_text(record[ORIGIN], record[VALUATION], origin_grain)})",
                row,
                col,
            )
        if measure in MONOTONE_MEASURES:
            previous = ordered.groupby(keys, sort=False)[measure].shift()
            for idx in ordered.index[(ordered[measure] < previous - 1e-9)]:
                record = ordered.loc[idx]
                row, col = where(record, measure)
                issues.warn(
                    "decreasing",
                    f"cumulative {measure} decreases from {previous.loc[idx]:,.0f} to {record[measure]:,.0f}"
                    f" ({_cell_text(record[ORIGIN], record[VALUATION], origin_grain)})",
                    row,
                    col,
                )


def _warn_missing(
    frame: pd.DataFrame,
    measures: list[str],
    mapping: ColumnMapping,
    *,
    origin_grain: str,
    dev_grain: str,
    age_columns: dict[int, str],
    origin_rows: dict[tuple[object, ...], int],
    issues: _Collector,
) -> None:
    """Warn of cells missing inside the triangle: between an origin's first cell and the latest diagonal."""
    step = pd.DateOffset(months=GRAIN_MONTHS[dev_grain])
    seg_cols = list(mapping.segments)
    column_of = {m: c for m, c in mapping.values if c}
    groups = frame.groupby(seg_cols, sort=False) if seg_cols else [((), frame)]
    for seg, seg_frame in groups:
        seg_values = seg if isinstance(seg, tuple) else (seg,)
        last = seg_frame[VALUATION].max()
        for measure in measures:
            present = seg_frame.dropna(subset=[measure])
            if present.empty:
                continue
            for origin, cells in present.groupby(ORIGIN, sort=True):
                have = set(cells[VALUATION])
                current = min(have)
                while current <= last:
                    if current not in have:
                        age = (current.year - origin.year) * 12 + current.month - origin.month + 1
                        row = origin_rows.get((*seg_values, origin))
                        col = age_columns.get(age, column_of.get(measure))
                        issues.warn(
                            "missing-cell",
                            f"{measure} is missing inside the triangle ({_cell_text(origin, current, origin_grain)},"
                            f" age {age} months)",
                            row if age in age_columns else None,
                            col,
                        )
                    current = period_end(current + step, dev_grain)


def _warn_single_origin_segments(
    frame: pd.DataFrame, segments: list[str], origin_grain: str, issues: _Collector
) -> None:
    """Warn of segments with one origin: they load (and count in the totals) but cannot be developed alone."""
    counts = frame.groupby(segments, sort=True)[ORIGIN].agg(["nunique", "min"])
    for key, row in counts.iterrows():
        if row["nunique"] == 1:
            values = key if isinstance(key, tuple) else (key,)
            segment = ", ".join(f"{c}={v}" for c, v in zip(segments, values, strict=True))
            issues.warn(
                "single-origin-segment",
                f"segment {segment} has a single origin ({period_label(row['min'], origin_grain)}): a method"
                " cannot develop it on its own",
            )


# ---------------------------------------------------------------------------- rows that are not data
def _content_columns(source: SourceTable, mapping: ColumnMapping) -> list[str]:
    """Columns that hold a row's data: measures, development or valuation, premium, and a grid's ages."""
    cols = [c for _, c in mapping.values if c]
    cols += [c for c in (mapping.development, mapping.valuation, mapping.premium) if c]
    if mapping.shape == "wide":
        cols += [c for c in source.columns if c not in used_columns(mapping) and _is_wide_age(mapping, c)]
    return [c for c in dict.fromkeys(cols) if c in source.table.columns]


def _reads_as_period(value: object) -> bool:
    for day_first in (True, False):
        try:
            return parse_period(value, day_first) is not None
        except ParseError:
            continue
    return False


def _drop_summary_rows(
    source: SourceTable, mapping: ColumnMapping, issues: _Collector, content: list[str]
) -> tuple[SourceTable, list[str]]:
    """Return the table without rows that are no origin: totals, development factors, notes.

    Spreadsheets carry them around the grid: ``Total`` or ``合计`` rows, rows of link ratios
    (``Vol-wtd LDF``, ``Selected``), and notes (``Source: claims system``) with nothing in the
    data columns. Each is skipped with a warning naming its row; a row whose label is unreadable
    but holds numbers stays, to be refused as a bad origin. The labels of the note rows are
    returned too: when they head blocks of a segment, the duplicate cells that follow say so.
    """
    col = mapping.origin
    if not col or col not in source.table.columns:
        return source, []
    drop = []
    notes: list[str] = []
    for row, value in source.table[col].items():
        if not isinstance(value, str) or is_missing(value) or _reads_as_period(value):
            continue
        kind = row_label_kind(value)
        if kind == "total":
            issues.warn("total-row", f"row '{value}' looks like a total and is skipped", int(row), col)
        elif kind == "factor":
            issues.warn("factor-row", f"row '{value}' looks like development factors and is skipped", int(row), col)
        elif all(is_missing(v) for v in source.table.loc[row, content]):
            issues.warn("note-row", f"row '{value}' holds no data (a note?) and is skipped", int(row), col)
            notes.append(value)
        else:
            continue
        drop.append(row)
    return (replace(source, table=source.table.drop(index=drop)) if drop else source), notes


def _check_repeated_header(source: SourceTable, issues: _Collector) -> None:
    """Refuse a sheet whose rows repeat the header: several tables stacked, or exports pasted together."""
    named = [(i, normalise_name(c)) for i, c in enumerate(source.columns) if not c.startswith("column ")]
    if len(named) < 2:
        return
    need = max(2, (len(named) + 1) // 2)
    same = pd.Series(0, index=source.table.index)
    for i, name in named:
        series = source.table.iloc[:, i]
        matches = {v for v in series.unique() if _hashable(v) and normalise_name(_header_text(v)) == name}
        if name and matches:
            same += series.isin(matches).astype(int)
    repeats = same.index[same >= need]
    if len(repeats):
        place = "sheet" if source.kind == "xlsx" else "file"
        issues.error(
            "repeated-header",
            f"this row repeats the header of row {source.header_row}: the {place} holds more than one table;"
            f" put each table on its own {place} and load them one at a time",
            int(repeats[0]),
        )


def _header_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if is_missing(value) else str(value)


# ---------------------------------------------------------------------------- premium
def _premium_from_table(obs: pd.DataFrame, keys: list[str], issues: _Collector) -> pd.DataFrame | None:
    rows = obs.dropna(subset=[PREMIUM]).sort_values([*keys, VALUATION] if VALUATION in obs else keys)
    if rows.empty:
        return None
    varies = rows.groupby(keys)[PREMIUM].nunique()
    if (varies > 1).any():
        issues.warn("premium-varies", "premium differs between rows of the same origin; the latest is used")
    return rows.groupby(keys, as_index=False)[PREMIUM].last()


def _premium_from_source(
    premium: SourceTable, mapping: ColumnMapping, origin_grain: str, issues: _Collector
) -> pd.DataFrame | None:
    columns = premium.columns
    origin_col = next((c for c in columns if c == mapping.origin), None)
    guessed = guess_columns(columns, _sample_values(premium), ColumnMapping(shape="long"))
    origin_col = origin_col or guessed.origin or columns[0]
    value_col = next((c for c in columns if normalise_name(c) in PREMIUM_NAMES), None)
    if value_col is None:
        value_col = next((c for c in reversed(columns) if c != origin_col), None)
    missing_segments = [s for s in mapping.segments if s not in columns]
    if value_col is None:
        issues.add(
            ERROR,
            "premium",
            f"the premium table needs an origin and a premium column; it has {columns}",
            source=premium,
        )
        return None
    if missing_segments:
        issues.add(
            WARNING,
            "premium",
            f"the premium table has no segment column(s) {missing_segments}; premium is not used",
            source=premium,
        )
        return None
    sub = ColumnMapping(origin=origin_col, origin_grain=origin_grain)
    sub_issues = _Collector(premium)
    premium, _ = _drop_summary_rows(premium, sub, sub_issues, [value_col])
    origins, _ = _parse_origins(premium, sub, sub_issues)
    records = []
    for row, cells in premium.table.iterrows():
        value = _number(cells[value_col], int(row), value_col, sub_issues)
        if int(row) in origins and value is not None:
            rec: dict[str, object] = {ORIGIN: origins[int(row)], PREMIUM: value}
            rec.update({s: normalise_text(cells[s]) for s in mapping.segments})
            records.append(rec)
    issues.issues.extend(sub_issues.issues)
    if not records:
        return None
    frame = pd.DataFrame(records)
    return frame.groupby([*mapping.segments, ORIGIN], as_index=False)[PREMIUM].sum()


def _check_premium(
    frame: pd.DataFrame, premium: pd.DataFrame, keys: list[str], origin_grain: str, issues: _Collector
) -> None:
    have = set(premium[keys].itertuples(index=False, name=None))
    for key in frame[keys].drop_duplicates().itertuples(index=False, name=None):
        if key not in have:
            origin = key[-1]
            segment = ", ".join(f"{c}={v}" for c, v in zip(keys[:-1], key[:-1], strict=True))
            suffix = f" ({segment})" if segment else ""
            issues.warn("premium-missing", f"origin {period_label(origin, origin_grain)}{suffix} has no premium")


# ---------------------------------------------------------------------------- load
def _content_hash(source: SourceTable, mapping: ColumnMapping, premium: SourceTable | None) -> str:
    digest = hashlib.sha256()
    digest.update(source.data or source.table.to_csv().encode())
    digest.update(json.dumps(mapping.to_dict(), sort_keys=True, ensure_ascii=False).encode())
    if premium is not None:
        digest.update(premium.data or premium.table.to_csv().encode())
    return digest.hexdigest()


def load_table(
    source: SourceTable,
    mapping: ColumnMapping,
    premium: SourceTable | None = None,
    name: str | None = None,
) -> LoadResult:
    """Validate a read table under a mapping and build the dataset.

    Never raises for bad data: problems become issues of the report, and the dataset is
    None when any of them is an error.

    Parameters
    ----------
    source : SourceTable
        The table read from the user's file.
    mapping : ColumnMapping
        Columns given by hand; fields left None are guessed.
    premium : SourceTable, optional
        A separate table of premium (or exposure) by origin [and segments].
    name : str, optional
        Dataset title (the file name by default).
    """
    issues = _Collector(source)
    used = complete_mapping(source, mapping)
    for rng in source.merged:
        issues.warn("merged-cells", f"merged cells {rng}: only the first cell holds the value, the others are blank")
    _check_mapping(source, used, issues)
    if not issues.has_errors:
        _check_repeated_header(source, issues)
    if issues.has_errors:
        return LoadResult(None, issues.report(), used)
    wide = used.shape == "wide"
    source, notes = _drop_summary_rows(source, used, issues, _content_columns(source, used))
    if mapping.cumulative and not used.cumulative:
        if is_transaction_date(used.valuation):
            issues.warn(
                "incremental",
                f"'{used.valuation}' dates single payments: the amounts are summed by origin and period and"
                " accumulated (map the valuation column by hand to read them as cumulative)",
                column=used.valuation,
            )
        else:
            issues.warn(
                "incremental",
                f"the columns {[c for _, c in used.values]} hold the movements of each period: they are"
                " accumulated along development",
            )
    obs, origin_grain, dev_grain = (_wide_observations if wide else _long_observations)(source, used, issues)
    if origin_grain is None or dev_grain is None or obs.empty:
        if not issues.has_errors:
            issues.error("empty", "the table has no data rows")
        return LoadResult(None, issues.report(), used)
    measures = [m for m, _ in used.values]
    segments = list(used.segments)
    for m in measures:
        if m not in obs:
            obs[m] = float("nan")
    obs[measures] = obs[measures].astype(float)
    keys = [*segments, ORIGIN, VALUATION]
    if used.cumulative:
        where = str(used.origin if wide else (used.development or used.valuation))
        hint = "; if the rows are single payments, load the values as incremental" if used.valuation else ""
        if notes:
            hint += f"; the skipped rows {notes[:3]} may head blocks of one segment: give the segment in a column"
        _check_duplicates(obs, keys, origin_grain, where, issues, hint=hint)
        frame = obs.drop_duplicates(keys).reset_index(drop=True)
    else:
        cells = obs.groupby(keys, as_index=False)[measures].sum(min_count=1)
        frame = _cumulate(cells, keys, measures, dev_grain)
    origins = frame[ORIGIN].unique()
    if len(origins) < 2:
        only = period_label(pd.Timestamp(origins[0]), origin_grain) if len(origins) else "none"
        issues.error("single-origin", f"the triangle has a single origin ({only}); at least two are needed")
    elif segments:
        _warn_single_origin_segments(frame, segments, origin_grain, issues)
    _warn_values(frame, measures, used, origin_grain, issues)
    if used.cumulative and not issues.has_errors:
        age_cols = {}
        origin_rows: dict[tuple[object, ...], int] = {}
        if wide:
            months = _ages_to_months(
                {c: a for c in source.columns if (a := age_header(c)) is not None and c not in used_columns(used)},
                used,
                origin_grain,
                _Collector(source),
                None,
            )
            age_cols = {age: str(col) for col, age in months.items()}
            origin_rows = {
                tuple(rec[:-1]): int(rec[-1])
                for rec in obs[[*segments, ORIGIN, _ROW]].drop_duplicates().itertuples(index=False, name=None)
            }
        _warn_missing(
            frame,
            measures,
            used,
            origin_grain=origin_grain,
            dev_grain=dev_grain,
            age_columns=age_cols,
            origin_rows=origin_rows,
            issues=issues,
        )
    premium_frame = None
    if used.premium and PREMIUM in obs:
        premium_frame = _premium_from_table(obs, [*segments, ORIGIN], issues)
    elif premium is not None:
        premium_frame = _premium_from_source(premium, used, origin_grain, issues)
    if premium_frame is not None:
        _check_premium(frame, premium_frame, [*segments, ORIGIN], origin_grain, issues)
    report = issues.report()
    if not report.ok:
        return LoadResult(None, report, used)
    tidy = frame[[*segments, ORIGIN, VALUATION, *measures]].copy()
    for col in segments:
        tidy[col] = tidy[col].astype(str)
    tidy[ORIGIN] = pd.to_datetime(tidy[ORIGIN]).astype("datetime64[ns]")
    tidy[VALUATION] = pd.to_datetime(tidy[VALUATION]).astype("datetime64[ns]")
    tidy = tidy.sort_values([*segments, ORIGIN, VALUATION]).reset_index(drop=True)
    if premium_frame is not None:
        premium_frame = premium_frame[[*segments, ORIGIN, PREMIUM]].copy()
        premium_frame[ORIGIN] = pd.to_datetime(premium_frame[ORIGIN]).astype("datetime64[ns]")
        premium_frame[PREMIUM] = premium_frame[PREMIUM].astype(float)
        premium_frame = premium_frame.sort_values([*segments, ORIGIN]).reset_index(drop=True)
    premium_col = used.premium or (premium.columns[-1] if premium is not None else None)
    dataset = Dataset(
        name=name or source.file_name,
        frame=tidy,
        segments=tuple(segments),
        measures=tuple(measures),
        origin_grain=origin_grain,
        development_grain=dev_grain,
        premium=premium_frame,
        premium_label="exposure" if is_exposure(premium_col) else "earned premium",
        warnings=tuple(i.describe() for i in report.warnings),
        content_hash=_content_hash(source, used, premium),
        source={
            "file_name": source.file_name,
            "kind": source.kind,
            "sheet": source.sheet,
            "encoding": source.encoding,
            "mapping": used.to_dict(),
            "premium_file": premium.file_name if premium is not None else None,
            "premium_sheet": premium.sheet if premium is not None else None,
        },
    )
    return LoadResult(dataset, report, used)


def _failed(exc: InputError, mapping: ColumnMapping) -> LoadResult:
    issue = Issue(ERROR, exc.message, exc.location, "unreadable")
    return LoadResult(None, ValidationReport((issue,)), mapping)


def load_bytes(
    data: bytes,
    file_name: str,
    mapping: ColumnMapping = ColumnMapping(),  # noqa: B008 - frozen, so a shared default is safe
    premium: tuple[bytes, str] | None = None,
) -> LoadResult:
    """Read uploaded bytes, complete the mapping and load; read errors become an error issue.

    `mapping.premium_source` naming another sheet of the same workbook is honoured when no
    separate `premium` file is given.
    """
    try:
        source = read_source(data, file_name, mapping.sheet, mapping.encoding)
    except InputError as exc:
        return _failed(exc, mapping)
    premium_table = None
    try:
        if premium is not None:
            premium_table = read_source(premium[0], premium[1])
        elif mapping.premium_source:
            if source.kind != "xlsx" or mapping.premium_source not in source.sheets:
                raise InputError(
                    f"premium source '{mapping.premium_source}' is neither a sheet of the workbook nor a file",
                    Location(file_name),
                )
            premium_table = read_source(data, file_name, sheet=mapping.premium_source)
    except InputError as exc:
        return _failed(exc, mapping)
    return load_table(source, mapping, premium_table)


def load_path(path: str | Path, mapping: ColumnMapping = ColumnMapping()) -> LoadResult:  # noqa: B008
    """Load a file from disk (the command line's entry point).

    `mapping.premium_source` may name a sheet of the same workbook or a file path (absolute,
    relative to the working directory, or relative to the data file's folder).
    """
    path = Path(path)
    try:
        data = _read_file(path)
        premium = None
        if mapping.premium_source:
            candidate = Path(mapping.premium_source)
            if not candidate.is_file() and not candidate.is_absolute():
                candidate = path.parent / candidate
            if candidate.is_file():
                premium = (_read_file(candidate), candidate.name)
    except InputError as exc:
        return _failed(exc, mapping)
    return load_bytes(data, path.name, mapping, premium)


def _read_file(path: Path) -> bytes:
    if not path.is_file():
        raise InputError(f"file not found: {path}", Location(path.name))
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InputError(f"the file is larger than {MAX_FILE_BYTES / 2**20:.0f} MB", Location(path.name))
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", Location(path.name)) from exc
