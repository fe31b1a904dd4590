"""Checks on the table as a whole before any cell is read: the mapping fits it, it holds one table."""

from __future__ import annotations

import pandas as pd

from reserving.columns import calendar_headers, normalise_name, used_columns
from reserving.mapping import ColumnMapping
from reserving.parsing import age_header, is_missing
from reserving.readers import SourceTable

from .cells import hashable
from .issues import Collector

MAX_LISTED_COLUMNS = 10
"""Column names listed in one message; a file with thousands of stray columns gets a count."""


def check_mapping(source: SourceTable, mapping: ColumnMapping, issues: Collector) -> None:
    """Every mapped column exists, the roles a triangle needs are there, and unused columns are named."""
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
        unused = [c for c in columns if c not in used_columns(mapping) and not is_wide_age(mapping, c)]
        if unused:
            more = len(unused) - MAX_LISTED_COLUMNS
            listed = f"{unused[:MAX_LISTED_COLUMNS]} and {more} more" if more > 0 else f"{unused}"
            issues.warn("unused-column", f"columns not used: {listed}")


def is_wide_age(mapping: ColumnMapping, column: str) -> bool:
    """Tell whether a grid column is headed by a development age or a valuation period."""
    return mapping.shape == "wide" and (age_header(column) is not None or column in calendar_headers([column]))


def check_repeated_header(source: SourceTable, issues: Collector) -> None:
    """Refuse a sheet whose rows repeat the header: several tables stacked, or exports pasted together."""
    named = [(i, normalise_name(c)) for i, c in enumerate(source.columns) if not c.startswith("column ")]
    if len(named) < 2:
        return
    need = max(2, (len(named) + 1) // 2)
    same = pd.Series(0, index=source.table.index)
    for i, name in named:
        series = source.table.iloc[:, i]
        matches = {v for v in series.unique() if hashable(v) and normalise_name(header_text(v)) == name}
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


def header_text(value: object) -> str:
    """Return a cell as it would read in a header row (12.0 reads as '12')."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if is_missing(value) else str(value)
