"""Tables as the user sees them: one helper that shows a frame and offers it as CSV.

Every table in the app goes through `show_table`, so each one has a download button with
its own key, the same number formats, and a keyed container tests can find it by.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd
import streamlit as st

from components.i18n.catalogue import t
from components.i18n.labels import action_text, column_text, measure_text, object_text, row_text, status_text
from reserving.reports.safe_cells import frame_to_csv

AMOUNT = "%,.0f"
"""Monetary amounts and counts: thousands separators, no decimals."""
FACTOR = "%.4f"
"""Development factors and ratios."""
RATIO = "%.3f"
"""Shares such as paid/incurred or closure rates."""
ROW_PX = 35
"""Height of one grid row in pixels, for tables that must show every row without scrolling."""
DECIMAL = "%,.2f"
"""Other non-integer numbers when a table asks for no single format."""
RATIO_WORDS = ("ratio", "rate", "a_over_e", "a/e", "cdf", "ldf", "factor", "share", "pct", "weight")
"""Column names holding these words are ratios, whatever the table's main format."""


def column_format(column: str, number_format: str | None, dtype: object) -> str | None:
    """Choose the display format of one numeric column.

    Ratio-like columns (loss ratio, A/E, deviation rate, CDF ...) keep their decimals even
    in a table of amounts, so one table can mix reserves and ratios legibly.
    """
    ratio_like = any(word in column.lower() for word in RATIO_WORDS)
    if number_format == AMOUNT and ratio_like:
        return RATIO
    if number_format is not None:
        return number_format
    if pd.api.types.is_float_dtype(dtype):
        return RATIO if ratio_like else DECIMAL
    return None


def amount_or_dash(value: object) -> str:
    """Format an amount for a metric; a missing or non-finite one shows as a dash, never as 'nan'."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "—"
    return f"{number:,.0f}" if math.isfinite(number) else "—"


def has_named_index(frame: pd.DataFrame) -> bool:
    """Whether the index carries data (``origin``, ``average``) rather than row numbers."""
    return any(name is not None for name in frame.index.names)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """Encode the frame as UTF-8 CSV with a byte-order mark (Excel then reads Chinese text).

    Text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) is written as
    text, since segment names and reasons come from users' files.
    """
    return frame_to_csv(frame, index=has_named_index(frame))


CODED_COLUMNS = {
    "status": status_text,
    "from": status_text,
    "to": status_text,
    "action": action_text,
    "object_type": object_text,
    "measure": measure_text,
}
"""Columns whose cells are stored codes; the grid shows their names, the data (and the CSV) keeps the codes."""


def display_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy with string column labels (development ages are ints) and translated row labels.

    Row labels such as ``Total`` or ``Volume 5`` are display text; origins, dates and names
    are not in the catalogue and stay as they are (see `components.i18n.labels.row_text`).
    """
    shown = frame.copy()
    shown.columns = [str(col) for col in shown.columns]
    index = shown.index
    if not isinstance(index, pd.MultiIndex) and (index.dtype == object or pd.api.types.is_string_dtype(index)):
        shown.index = pd.Index(
            [row_text(value) if isinstance(value, str) else value for value in shown.index], name=shown.index.name
        )
    return shown


def header_config(shown: pd.DataFrame) -> dict[str, object]:
    """Header labels only (no formats), for grids that format their cells themselves (a Styler, an editor)."""
    config: dict[str, object] = {str(col): st.column_config.Column(column_text(col)) for col in shown.columns}
    if shown.index.name is not None and not isinstance(shown.index, pd.MultiIndex):
        config["_index"] = st.column_config.Column(column_text(shown.index.name))
    return config


def column_config(shown: pd.DataFrame, number_format: str | None, formats: Mapping[str, str] | None) -> dict:
    """Header label and format of every column, and the index's header, for `st.dataframe`.

    Headers come from the catalogue (``col.<name>``); a name it does not hold (a segment
    column of the user's file, a development age) is shown as it is.
    """
    config: dict[str, object] = {}
    for col in shown.columns:
        label = column_text(col)
        if col in CODED_COLUMNS and not pd.api.types.is_numeric_dtype(shown[col]):
            codes = [value for value in shown[col].dropna().unique().tolist() if isinstance(value, str)]
            config[col] = st.column_config.SelectboxColumn(label, options=codes, format_func=CODED_COLUMNS[col])
            continue
        if not pd.api.types.is_numeric_dtype(shown[col]) or pd.api.types.is_bool_dtype(shown[col]):
            config[col] = st.column_config.Column(label)
            continue
        fmt = (formats or {}).get(col) or column_format(col, number_format, shown[col].dtype)
        config[col] = st.column_config.NumberColumn(label, format=fmt) if fmt else st.column_config.Column(label)
    if shown.index.name is not None and not isinstance(shown.index, pd.MultiIndex):
        config["_index"] = st.column_config.Column(column_text(shown.index.name))
    return config


def show_table(
    frame: pd.DataFrame,
    key: str,
    *,
    number_format: str | None = AMOUNT,
    formats: Mapping[str, str] | None = None,
    file_name: str | None = None,
    height: int | str = "auto",
) -> None:
    """Show `frame` with a CSV download button.

    Parameters
    ----------
    frame : DataFrame
        The table; a named index (``origin``) is shown and exported as a column. The grid
        shows catalogue headers and row labels; the CSV keeps the raw column names, a
        machine-readable contract.
    key : str
        Unique on the page; the container gets ``table_<key>`` and the button ``<key>_csv``.
    number_format : str or None
        printf-style format for numeric columns (`AMOUNT`, `FACTOR`, `RATIO`); None lets each
        column choose (see `column_format`). Missing cells (beyond the latest diagonal) show blank.
    formats : mapping of column to format, optional
        Formats that override the above for single columns.
    file_name : str or None
        Download name; ``<key>.csv`` when None.
    height : int or "auto"
        Height of the grid in pixels.
    """
    shown = display_frame(frame)
    config = column_config(shown, number_format, formats)
    with st.container(key=f"table_{key}"):
        st.dataframe(
            shown,
            column_config=config,
            height=height,
            placeholder="",
            hide_index=not has_named_index(frame),
        )
        st.download_button(
            t("table.download"),
            data=csv_bytes(frame),
            file_name=file_name or f"{key}.csv",
            mime="text/csv",
            key=f"{key}_csv",
            icon=":material/download:",
        )
