"""Tables as the user sees them: one helper that shows a frame and offers it as CSV.

Every table in the app goes through `show_table`, so each one has a download button with
its own key, the same number formats, and a keyed container tests can find it by.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.i18n import t

AMOUNT = "%,.0f"
"""Monetary amounts and counts: thousands separators, no decimals."""
FACTOR = "%.4f"
"""Development factors and ratios."""
RATIO = "%.3f"
"""Shares such as paid/incurred or closure rates."""


def has_named_index(frame: pd.DataFrame) -> bool:
    """Whether the index carries data (``origin``, ``average``) rather than row numbers."""
    return any(name is not None for name in frame.index.names)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """Encode the frame as UTF-8 CSV with a byte-order mark, so Excel opens Chinese text correctly."""
    return frame.to_csv(index=has_named_index(frame)).encode("utf-8-sig")


def display_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy with string column labels (development ages are ints), which the grid needs."""
    shown = frame.copy()
    shown.columns = [str(col) for col in shown.columns]
    return shown


def show_table(
    frame: pd.DataFrame,
    key: str,
    *,
    number_format: str | None = AMOUNT,
    file_name: str | None = None,
    height: int | str = "auto",
) -> None:
    """Show `frame` with a CSV download button.

    Parameters
    ----------
    frame : DataFrame
        The table; a named index (``origin``) is shown and exported as a column.
    key : str
        Unique on the page; the container gets ``table_<key>`` and the button ``<key>_csv``.
    number_format : str or None
        printf-style format for numeric columns (`AMOUNT`, `FACTOR`, `RATIO`), None for Streamlit's
        default; missing cells (beyond the latest diagonal) show blank either way.
    file_name : str or None
        Download name; ``<key>.csv`` when None.
    height : int or "auto"
        Height of the grid in pixels.
    """
    shown = display_frame(frame)
    numeric = [col for col in shown.columns if pd.api.types.is_numeric_dtype(shown[col])]
    config = {col: st.column_config.NumberColumn(format=number_format) for col in numeric} if number_format else {}
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
