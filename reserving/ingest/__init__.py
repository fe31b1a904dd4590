"""From an uploaded file to a validated `Dataset`: read, map columns, parse, check, build.

The public entry points are `read_source` (re-exported from `reserving.readers`),
`guess_mapping` / `complete_mapping`, and `load_table` / `load_bytes` / `load_path`, which
never raise for bad data: every problem becomes an `Issue` in the `ValidationReport`, so the
user sees all of them at once, each with the file, sheet, spreadsheet row and column.

One module per step: `guessing` (the mapping), `table_checks` and `summary_rows` (the table
as a whole), `times` and `development` (origins, ages, valuations), `long` and `wide` (the
table's shape to observations), `triangle` (to cumulative cells), `value_checks` (warnings
on the cells), `premium`, `build` (the `Dataset`), `load` (the sequence) and `files`.
"""

from __future__ import annotations

from reserving.readers import SourceTable, read_source

from .files import load_bytes, load_path
from .guessing import complete_mapping, guess_mapping
from .issues import MAX_ISSUES_PER_RULE
from .load import LoadResult, load_table
from .table_checks import MAX_LISTED_COLUMNS
from .times import TOTAL_LABELS
from .value_checks import MONOTONE_MEASURES

__all__ = [
    "MAX_ISSUES_PER_RULE",
    "MAX_LISTED_COLUMNS",
    "MONOTONE_MEASURES",
    "TOTAL_LABELS",
    "LoadResult",
    "SourceTable",
    "complete_mapping",
    "guess_mapping",
    "load_bytes",
    "load_path",
    "load_table",
    "read_source",
]
