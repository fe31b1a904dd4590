"""A grid (origins down, development ages or valuation periods across) read into observations."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from reserving.columns import calendar_headers, used_columns
from reserving.dataset import ORIGIN, PREMIUM, VALUATION
from reserving.grains import GRAIN_MONTHS, period_end, period_label
from reserving.mapping import ColumnMapping
from reserving.parsing import ParsedTime, ParseError, age_header, age_range, common_label_grain, grain_of_dates
from reserving.readers import SourceTable

from .cells import COL, ROW, number, segment_value
from .development import ages_to_months, development_grain, valuation_at
from .issues import Collector
from .times import parse_origins


def wide_observations(
    source: SourceTable, mapping: ColumnMapping, issues: Collector
) -> tuple[pd.DataFrame, str | None, str | None]:
    """Read a grid into observations (one per filled cell), with the origin and development grains."""
    origins, origin_grain = parse_origins(source, mapping, issues)
    if origin_grain is None:
        return pd.DataFrame(), None, None
    skip = used_columns(mapping)
    headers = {c: age_header(c) for c in source.columns if c not in skip}
    ages = {c: a for c, a in headers.items() if a is not None}
    if not ages:
        calendar = calendar_headers(c for c in source.columns if c not in skip)
        if len(calendar) >= 2:
            return calendar_observations(source, mapping, origins, origin_grain, calendar=calendar, issues=issues)
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
    months = ages_to_months(dict(ages), mapping, origin_grain, issues, None)
    grain = development_grain(list(months.values()), origin_grain, mapping)
    measure = mapping.values[0][0]
    records = []
    for row, cells, base in wide_rows(source, mapping, origins, issues):
        for col, age in months.items():
            if age < 1:
                issues.error("bad-development", f"development age {age} months is not positive", column=str(col))
                continue
            value = number(cells[str(col)], row, str(col), issues)
            if value is None:
                continue
            valuation = valuation_at(origins[row], age, grain)
            if valuation is None:
                issues.error("bad-development", f"development age {age} months is beyond any date", row, str(col))
                continue
            records.append({**base, COL: str(col), VALUATION: valuation, measure: value})
    return pd.DataFrame(records), origin_grain, grain


def wide_rows(
    source: SourceTable, mapping: ColumnMapping, origins: dict[int, pd.Timestamp], issues: Collector
) -> Iterator[tuple[int, dict[str, object], dict[str, object]]]:
    """Each grid row with a readable origin: its number, its cells, and the fields every cell of it shares."""
    for index, values in zip(source.table.index, source.table.itertuples(index=False), strict=True):
        row = int(index)
        if row not in origins:
            continue
        cells = dict(zip(source.columns, values, strict=True))
        base: dict[str, object] = {ROW: row, ORIGIN: origins[row]}
        for col in mapping.segments:
            base[col] = segment_value(cells[col], row, col, issues)
        if mapping.premium:
            base[PREMIUM] = number(cells[mapping.premium], row, mapping.premium, issues)
        yield row, cells, base


def calendar_observations(
    source: SourceTable,
    mapping: ColumnMapping,
    origins: dict[int, pd.Timestamp],
    origin_grain: str,
    *,
    calendar: dict[str, ParsedTime],
    issues: Collector,
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
    for row, cells, base in wide_rows(source, mapping, origins, issues):
        for col, valuation in ends.items():
            value = number(cells[col], row, col, issues)
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
            records.append({**base, COL: col, VALUATION: valuation, measure: value})
    return pd.DataFrame(records), origin_grain, grain


def grid_locations(
    source: SourceTable, obs: pd.DataFrame, mapping: ColumnMapping, origin_grain: str
) -> tuple[dict[int, str], dict[tuple[object, ...], int]]:
    """Where a grid's cells sit: the column of each development age, the row of each segment and origin.

    A cell missing inside the triangle has no observation to carry its place; these let its
    warning name the spreadsheet cell all the same. A long table has neither (empty dicts).
    """
    if mapping.shape != "wide":
        return {}, {}
    months = ages_to_months(
        {c: a for c in source.columns if (a := age_header(c)) is not None and c not in used_columns(mapping)},
        mapping,
        origin_grain,
        Collector(source),
        None,
    )
    age_columns = {age: str(col) for col, age in months.items()}
    segments = list(mapping.segments)
    origin_rows = {
        tuple(rec[:-1]): int(rec[-1])
        for rec in obs[[*segments, ORIGIN, ROW]].drop_duplicates().itertuples(index=False, name=None)
    }
    return age_columns, origin_rows
