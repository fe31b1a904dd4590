"""Reading a listing's date and amount columns at once, cell by cell only where the fast path fails.

A listing can hold a million rows, so parsing every cell in Python would dominate the run.
Each column is first read in one vectorised call (ISO dates, plain numbers); only the cells
that call cannot read go through the project's cell parsers (`reserving.parsing`), which
accept ``2023/1/1``, ``2023年1月1日``, ``1,234``, ``¥1,234`` and say what is wrong otherwise.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from reserving.ingest.issues import Collector
from reserving.parsing import DAY, ParseError, excel_serial_column, is_missing, parse_number, parse_period

_TRUE = frozenset({"1", "y", "yes", "true", "t", "是", "交强险", "x", "√"})
_FALSE = frozenset({"0", "n", "no", "false", "f", "否", ""})


def _missing_mask(values: pd.Series) -> np.ndarray:
    return np.fromiter((is_missing(v) for v in values), dtype=bool, count=len(values))


def _date_like(value: object) -> bool:
    """Whether the fast reader may see the cell: text or a date (a bare number may be an Excel serial)."""
    return isinstance(value, str | dt.date | np.datetime64)


def parse_dates(values: pd.Series, column: str, issues: Collector) -> pd.Series:
    """Return the column as ``datetime64[s]`` (NaT where blank); an unreadable cell is an error issue."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.astype("datetime64[s]").dt.normalize()
    readable = values if pd.api.types.is_string_dtype(values) else values.where(values.map(_date_like), None)
    fast = pd.Series(pd.to_datetime(readable, format="ISO8601", errors="coerce"), index=values.index)
    fast = fast.astype("datetime64[s]")
    todo = fast.isna()
    if todo.any():
        pending = values[todo]
        blank = _missing_mask(pending)
        pending = pending[~blank]
        serial = excel_serial_column(pending)
        for row, value in pending.items():
            try:
                parsed = parse_period(value, serial=serial)
            except ParseError as exc:
                issues.error("bad_date", str(exc), int(row), column)
                continue
            if parsed is None:
                continue
            if parsed.grain != DAY:
                issues.error(
                    "bad_date", f"'{value}' is a period, not a date (expected e.g. 2024-03-31)", int(row), column
                )
                continue
            fast.loc[row] = parsed.ts
    return fast.dt.normalize()


def parse_amounts(values: pd.Series, column: str, issues: Collector) -> pd.Series:
    """Return the column as float (NaN where blank); text that is not a number is an error issue."""
    fast = pd.to_numeric(values, errors="coerce").astype(float)
    bad = ~np.isfinite(fast.to_numpy())
    if bad.any():
        for row, value in values[bad].items():
            try:
                number = parse_number(value)
            except ParseError as exc:
                issues.error("bad_amount", str(exc), int(row), column)
                continue
            fast.loc[row] = np.nan if number is None else number
    return fast


def parse_flags(values: pd.Series, column: str, issues: Collector) -> pd.Series:
    """Return a yes/no column (是/否, 1/0, true/false, blank = no) as bool; anything else is an error issue."""
    text = values.map(lambda v: "" if is_missing(v) else str(v).strip().lower())
    known = text.isin(_TRUE | _FALSE)
    for row, value in values[~known].items():
        issues.error("bad_flag", f"not a yes/no value: '{value}' (expected 是/否, yes/no or 1/0)", int(row), column)
    return text.isin(_TRUE)
