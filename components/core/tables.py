"""Tables as the user sees them: one helper that shows a frame and offers it as CSV.

Every table in the app goes through `show_table`, so each one has a download button with
its own key, the same number formats, and a keyed container tests can find it by.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager, nullcontext
from typing import Any

import pandas as pd
import streamlit as st

from components.i18n.catalogue import t
from components.i18n.labels import (
    action_text,
    coded,
    column_text,
    measure_text,
    object_text,
    row_text,
    run_key_text,
    status_text,
)
from reserving import formats
from reserving.reports.safe_cells import frame_to_csv

AMOUNT = formats.GRID_FORMATS[formats.AMOUNT]
"""Table format of monetary amounts: thousands separators, no decimals (``number_format=AMOUNT``)."""
FACTOR = formats.GRID_FORMATS[formats.FACTOR]
"""Table format of development factors: four decimals."""
RATIO = formats.GRID_FORMATS[formats.RATIO]
"""Table format of ratios (loss ratio, A/E, deviation rate): a percent with one decimal."""
COUNT = formats.GRID_FORMATS[formats.COUNT]
ROW_PX = 35
"""Height of one grid row in pixels, for tables that must show every row without scrolling."""
TABLE_KINDS: dict[str, formats.Kind] = {AMOUNT: formats.AMOUNT, FACTOR: formats.FACTOR, RATIO: formats.RATIO}
"""Kind of a table's `number_format`: the kind of every column whose raw name has none of its own."""


def as_kind(number_format: str | None) -> formats.Kind | None:
    """Kind named by a table format: one of the constants above or a kind name itself (``"ratio"``)."""
    if number_format is None:
        return None
    if number_format in formats.KINDS:
        return number_format  # type: ignore[return-value]
    return TABLE_KINDS.get(number_format)


def column_kind(column: object, number_format: str | None) -> formats.Kind | None:
    """Kind of one numeric column: its raw name's kind (`reserving.formats.kind_of`), else the table's.

    The raw name decides first, so a ratio column keeps its percent in a table of amounts
    and a CDF its four decimals; a label the registry does not know (a method's name, a
    development age) takes the table's kind, so "Expected loss ratio" in a table of
    ultimates is an amount.
    """
    return formats.kind_of(column, as_kind(number_format))


def column_format(column: str, number_format: str | None, dtype: object) -> str | None:
    """Return the printf format of one numeric column in the grid (None: Streamlit's own, for whole numbers)."""
    kind = column_kind(column, number_format)
    if kind is not None:
        return formats.GRID_FORMATS[kind]
    if pd.api.types.is_float_dtype(dtype):
        return "%,.2f"
    return None


def amount_or_dash(value: object) -> str:
    """Format an amount for a metric; a missing or non-finite one shows as a dash, never as 'nan'."""
    return formats.format_amount(value)


def ratio_or_dash(value: object) -> str:
    """Format a ratio (a fraction) for a metric as a percent with one decimal: 0.706 -> '70.6%'."""
    return formats.format_ratio(value)


def has_named_index(frame: pd.DataFrame) -> bool:
    """Whether the index carries data (``origin``, ``average``) rather than row numbers."""
    return any(name is not None for name in frame.index.names)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """Encode the frame as UTF-8 CSV with a byte-order mark (Excel then reads Chinese text).

    Text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) is written as
    text, since segment names and reasons come from users' files.
    """
    return frame_to_csv(frame, index=has_named_index(frame))


CODED_COLUMNS: dict[str, Callable[[str], str]] = {
    "status": status_text,
    "from": status_text,
    "to": status_text,
    "action": action_text,
    "object_type": object_text,
    "measure": measure_text,
    "method": run_key_text,
    "previous_method": run_key_text,
    "selected_method": run_key_text,
    "default_method": run_key_text,
    "selected": run_key_text,
    "flag_reason": lambda code: coded("flag_reason.", code),
    "left_out_reason": lambda code: coded("left_out.", code),
}
"""Columns whose cells are stored codes; the grid shows their names, the data (and the CSV) keeps the codes."""


def csv_download(frame: pd.DataFrame, key: str, file_name: str | None = None, where: Any = None) -> None:
    """Draw the CSV download of a table: ``<key>.csv`` (unless named), widget key ``<key>_csv``, raw numbers.

    Every table's download reads and behaves the same; `where` is a column or container
    (the page itself by default).
    """
    (st if where is None else where).download_button(
        t("table.download"),
        data=csv_bytes(frame),
        file_name=file_name or f"{key}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
    )


def display_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy with string column labels (development ages are ints) and translated row labels.

    Row labels such as ``Total`` or ``Volume 5`` are display text; origins, dates and names
    are not in the catalogue and stay as they are (see `components.i18n.labels.row_text`).
    A missing text cell (``None``) reads as a dash.
    """
    shown = frame.copy()
    shown.columns = [str(col) for col in shown.columns]
    index = shown.index
    if not isinstance(index, pd.MultiIndex) and (index.dtype == object or pd.api.types.is_string_dtype(index)):
        shown.index = pd.Index(
            [row_text(value) if isinstance(value, str) else value for value in shown.index], name=shown.index.name
        )
    for col in shown.columns:
        values = shown[col]
        textual = values.dtype == object or pd.api.types.is_string_dtype(values)
        if textual and values.isna().any():  # text, or mixed values (an assumption's old and new value)
            shown[col] = values.astype(object).where(values.notna(), formats.MISSING)
    return shown


def header_config(shown: pd.DataFrame) -> dict[str, object]:
    """Header labels only (no formats), for grids that format their cells themselves (a Styler, an editor)."""
    config: dict[str, object] = {str(col): st.column_config.Column(column_text(col)) for col in shown.columns}
    if shown.index.name is not None and not isinstance(shown.index, pd.MultiIndex):
        config["_index"] = st.column_config.Column(column_text(shown.index.name))
    return config


def column_kinds(
    shown: pd.DataFrame, number_format: str | None, kinds: Mapping[str, str] | None = None
) -> dict[str, formats.Kind | None]:
    """Kind of every numeric column of a grid (None for a number of no kind); text columns are left out."""
    out: dict[str, formats.Kind | None] = {}
    for col in shown.columns:
        series = shown[col]
        if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        given = (kinds or {}).get(col)
        out[col] = as_kind(given) if given is not None else column_kind(col, number_format)
    return out


def grid_values(shown: pd.DataFrame, kinds: Mapping[str, formats.Kind | None]) -> pd.DataFrame:
    """Return the grid's copy with ratio columns multiplied by 100, so "%.1f%%" shows 0.772 as 77.2% and still sorts."""
    scaled = shown.copy()
    for col, kind in kinds.items():
        factor = formats.GRID_SCALE.get(kind) if kind else None
        if factor:
            scaled[col] = scaled[col].astype(float) * factor
    return scaled


def column_config(
    shown: pd.DataFrame, number_format: str | None, kinds: Mapping[str, str] | None = None
) -> dict[str, object]:
    """Header label and format of every column, and the index's header, for `st.dataframe`.

    Headers come from the catalogue (``col.<name>``); a name it does not hold (a segment
    column of the user's file, a development age) is shown as it is. Numeric columns get
    the format of their kind (see `column_kinds`), so they stay numbers and sort.
    """
    numeric = column_kinds(shown, number_format, kinds)
    config: dict[str, object] = {}
    for col in shown.columns:
        label = column_text(col)
        if col in numeric:
            kind = numeric[col]
            fmt = formats.GRID_FORMATS[kind] if kind else column_format(col, None, shown[col].dtype)
            config[col] = st.column_config.NumberColumn(label, format=fmt) if fmt else st.column_config.Column(label)
        elif col in CODED_COLUMNS and not pd.api.types.is_bool_dtype(shown[col]):
            codes = [value for value in shown[col].dropna().unique().tolist() if isinstance(value, str)]
            config[col] = st.column_config.SelectboxColumn(label, options=codes, format_func=CODED_COLUMNS[col])
        else:
            config[col] = st.column_config.Column(label)
    if shown.index.name is not None and not isinstance(shown.index, pd.MultiIndex):
        config["_index"] = st.column_config.Column(column_text(shown.index.name))
    return config


def show_table(
    frame: pd.DataFrame,
    key: str,
    *,
    number_format: str | None = AMOUNT,
    kinds: Mapping[str, str] | None = None,
    file_name: str | None = None,
    height: int | str = "auto",
    narrower: Mapping[str, str] | None = None,
    grid_area: Callable[[], AbstractContextManager[None]] | None = None,
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
        The table's kind (`AMOUNT`, `FACTOR`, `RATIO` or a kind name of `reserving.formats`) for
        columns whose raw name has no kind of its own; None leaves those to Streamlit. Columns
        the registry knows (``ibnr``, ``loss_ratio``, ``cdf``) always get their own kind's
        format. Missing cells (beyond the latest diagonal) show blank.
    kinds : mapping of column to kind, optional
        Kinds that override the above for single columns.
    file_name : str or None
        Download name; ``<key>.csv`` when None.
    height : int or "auto"
        Height of the grid in pixels.
    narrower : mapping of format to format, optional
        Grid formats to show with fewer digits (the compact view's factors, ``%.4f`` -> ``%.3f``);
        the CSV keeps every digit.
    grid_area : callable returning a context manager, optional
        Drawn around the grid only (the compact view's zoomed container), not the button.
    """
    shown = display_frame(frame)
    config = column_config(shown, number_format, kinds)
    for column in config.values():
        type_config = column.get("type_config") if isinstance(column, dict) else None
        if narrower and isinstance(type_config, dict) and type_config.get("format") in narrower:
            type_config["format"] = narrower[type_config["format"]]
    with st.container(key=f"table_{key}"):
        with grid_area() if grid_area is not None else nullcontext():
            st.dataframe(
                grid_values(shown, column_kinds(shown, number_format, kinds)),
                column_config=config,
                height=height,
                placeholder="",
                hide_index=not has_named_index(frame),
            )
        csv_download(frame, key, file_name)
