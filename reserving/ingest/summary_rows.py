"""Rows around a grid that are no origin: totals, development factors and notes, skipped with a warning."""

from __future__ import annotations

from dataclasses import replace

from reserving.columns import row_label_kind, used_columns
from reserving.mapping import ColumnMapping
from reserving.parsing import ParseError, is_missing, parse_period
from reserving.readers import SourceTable

from .issues import Collector
from .table_checks import is_wide_age


def content_columns(source: SourceTable, mapping: ColumnMapping) -> list[str]:
    """Columns that hold a row's data: measures, development or valuation, premium, and a grid's ages."""
    cols = [c for _, c in mapping.values if c]
    cols += [c for c in (mapping.development, mapping.valuation, mapping.premium) if c]
    if mapping.shape == "wide":
        cols += [c for c in source.columns if c not in used_columns(mapping) and is_wide_age(mapping, c)]
    return [c for c in dict.fromkeys(cols) if c in source.table.columns]


def reads_as_period(value: object) -> bool:
    """Tell whether a label reads as a period in either day order (so it is an origin, not a note)."""
    for day_first in (True, False):
        try:
            return parse_period(value, day_first) is not None
        except ParseError:
            continue
    return False


def drop_summary_rows(
    source: SourceTable, mapping: ColumnMapping, issues: Collector, content: list[str]
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
        if not isinstance(value, str) or is_missing(value) or reads_as_period(value):
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
