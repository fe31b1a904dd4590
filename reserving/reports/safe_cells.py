"""Writing user text into spreadsheets and CSV files without it ever becoming a formula.

Segment names, file names, reasons and audit comments are typed by users or come from
uploaded files. A spreadsheet program treats a cell whose text starts with ``=``, ``+``,
``-`` or ``@`` (and, in some programs, a tab or carriage return) as a formula, which can
run commands or leak data when a reviewer opens the exhibit (CSV/formula injection).
Every writer goes through `is_formula_like`:

- Excel cells are written with `set_cell`: risky text keeps its exact value but the cell
  type is forced to string, so the workbook holds no formula at all;
- CSV values go through `csv_value`, which prefixes a single quote (the OWASP advice),
  since a CSV file has no cell types.

Numbers are never touched: a negative number is a number, not text starting with ``-``.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""Leading characters that make a spreadsheet read text as a formula."""


def is_formula_like(value: Any) -> bool:
    """Tell whether `value` is text a spreadsheet could take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def plain_value(value: Any) -> Any:
    """Return `value` as a type a cell can hold: numbers as numbers, NaN as empty, the rest as text.

    numpy and pandas scalars become Python numbers, timestamps become dates (no time zone,
    which Excel cannot store), and containers become their text.
    """
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().replace(tzinfo=None)
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date | str):
        return value
    return str(value)


def set_cell(cell: Cell, value: Any, number_format: str | None = None) -> Cell:
    """Write `value` into an openpyxl cell; text is always stored as text, never as a formula.

    Characters XML cannot hold (control characters other than tab, newline and carriage
    return) are removed, because openpyxl refuses them and an exhibit must still be written.
    """
    value = plain_value(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = value
        cell.data_type = "s"  # openpyxl would otherwise type "=..." as a formula
        return cell
    cell.value = value
    if number_format and isinstance(value, int | float) and not isinstance(value, bool):
        cell.number_format = number_format
    return cell


def csv_value(value: Any) -> Any:
    """Return a value for a CSV cell: formula-like text prefixed with a single quote, the rest unchanged."""
    value = plain_value(value)
    if is_formula_like(value):
        return "'" + value
    return value


def safe_csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Copy of `frame` whose text cells, column names and index labels are safe to write as CSV."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(csv_value).astype(object)
    out.columns = [csv_value(str(c)) if isinstance(c, str) else c for c in out.columns]
    if out.index.dtype == object or pd.api.types.is_string_dtype(out.index):
        out.index = pd.Index([csv_value(v) for v in out.index], name=out.index.name)
    return out


def frame_to_csv(frame: pd.DataFrame, index: bool = False) -> bytes:
    """CSV bytes of `frame` (UTF-8 with BOM so spreadsheet programs read Chinese text), injection-safe."""
    return safe_csv_frame(frame).to_csv(index=index).encode("utf-8-sig")
