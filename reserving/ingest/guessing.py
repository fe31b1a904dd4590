"""Completing a column mapping: the fields the user left empty are guessed from the table."""

from __future__ import annotations

from dataclasses import replace

from reserving.columns import guess_columns
from reserving.mapping import ColumnMapping
from reserving.readers import SourceTable


def sample_values(source: SourceTable, limit: int = 50) -> dict[str, list[object]]:
    """Return the first `limit` values of each column: enough to tell dates from amounts."""
    head = source.table.head(limit)
    return {str(col): list(head[col]) for col in head.columns}


def complete_mapping(source: SourceTable, mapping: ColumnMapping) -> ColumnMapping:
    """Fill the None fields of `mapping` by guessing from `source`; the hand-given fields stay."""
    guessed = guess_columns(source.columns, sample_values(source), mapping)
    return replace(
        guessed,
        sheet=source.sheet if source.kind == "xlsx" else guessed.sheet,
        encoding=source.encoding if source.kind == "csv" else guessed.encoding,
    )


def guess_mapping(source: SourceTable) -> ColumnMapping:
    """Guess the whole mapping (shape, origin, development or valuation, measures, segments, premium)."""
    return complete_mapping(source, ColumnMapping())
