"""The retrospective deviation's records and highlighted tables.

Each flagged line (segment, origin) gets a cause and a corrective measure, written in a
data editor. The records are kept in session state per dataset and measure (see
`components.core.state.retro_records`), flow back into the deviation results (so the CSV of the
tables carries them) and download on their own as CSV. The saved-valuation store has no
notes field, so they are not written to the database.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd
import streamlit as st

from components.core import state
from components.core.scope import Scope
from components.core.tables import (
    column_kinds,
    csv_download,
    display_frame,
    grid_values,
    has_named_index,
    header_config,
)
from components.i18n.catalogue import t
from components.i18n.labels import column_text
from components.retro.retro_views import RECORD_COLUMNS, records_from_frame
from reserving import formats

HIGHLIGHT = "background-color: #fde2d4"
"""Background of a flagged row."""
EDITOR = "retro_records_editor"


def records_key(selection: Scope) -> str:
    """Return the records' key: a dataset and measure (the segment is part of each record's own key)."""
    return f"{selection.dataset.content_hash}|{selection.measure}"


def load(key: str) -> dict[tuple[str, str], dict[str, str]]:
    """Return the records kept for `key`."""
    return state.retro_records(key)


def highlight_flagged(frame: pd.DataFrame) -> pd.DataFrame:
    """CSS per cell: flagged rows (column ``flag`` true) get `HIGHLIGHT`."""
    flags = frame["flag"].astype(bool) if "flag" in frame else pd.Series(False, index=frame.index)
    return pd.DataFrame(
        [[HIGHLIGHT if flag else "" for _ in frame.columns] for flag in flags], index=frame.index, columns=frame.columns
    )


def cell_formats(shown: pd.DataFrame) -> dict[str, object]:
    """Text of each numeric column's cells by its kind (amounts 0 decimals, deviation rate -18.4%), for a Styler.

    A Styler writes text, so the number formats of `reserving.formats` apply here as in
    every other table (it wrote 2 decimals for every number, and rates as fractions).
    """
    return {
        col: (lambda value, kind=kind: "" if pd.isna(value) else formats.format_number(value, kind))
        for col, kind in column_kinds(shown, None).items()
    }


def show_highlighted(frame: pd.DataFrame, key: str) -> None:
    """Like `components.core.tables.show_table` (same keys, CSV download), with flagged rows highlighted."""
    shown = display_frame(frame)
    styled = shown.style.apply(highlight_flagged, axis=None).format(cell_formats(shown), na_rep=formats.MISSING)
    with st.container(key=f"table_{key}"):
        st.dataframe(styled, column_config=header_config(shown), hide_index=not has_named_index(frame))
        csv_download(frame, key)


def editor_key(flagged: pd.DataFrame) -> str:
    """Return the editor's key, which names its lines, so a new set of flagged lines starts without stale edits."""
    lines = "\x1f".join(f"{s}\x1e{o}" for s, o in zip(flagged["segment"], flagged["origin"], strict=True))
    return f"{EDITOR}_{hashlib.sha256(lines.encode()).hexdigest()[:12]}"


def _keep(key: str, widget: str, base: pd.DataFrame) -> None:
    """Apply the editor's changes to `base` and keep the records (a callback: runs before the page)."""
    edits: dict[str, Any] = state.widget_value(widget) or {}
    edited = base.copy()
    for row, changes in (edits.get("edited_rows") or {}).items():
        for column, value in changes.items():
            if column in ("cause", "corrective_measure"):
                edited.loc[edited.index[int(row)], column] = value
    kept = load(key)
    for segment, origin in zip(edited["segment"], edited["origin"], strict=True):
        kept.pop((str(segment), str(origin)), None)
    kept.update(records_from_frame(edited))
    state.set_retro_records(key, kept)


def editor(key: str, flagged: pd.DataFrame) -> None:
    """Edit the cause and corrective measure of each flagged line; keep them with a button; download as CSV."""
    if flagged.empty:
        st.caption(t("retro.records_none"))
        return
    st.caption(t("retro.records_hint"))
    widget = editor_key(flagged)
    st.data_editor(
        grid_values(
            flagged, {"deviation_rate": formats.RATIO}
        ),  # shown in percent; only the text columns are read back
        key=widget,
        hide_index=True,
        disabled=[c for c in RECORD_COLUMNS if c not in ("cause", "corrective_measure")],
        column_config={
            **header_config(flagged),
            "deviation": st.column_config.NumberColumn(
                column_text("deviation"), format=formats.GRID_FORMATS[formats.AMOUNT]
            ),
            "deviation_rate": st.column_config.NumberColumn(
                column_text("deviation_rate"), format=formats.GRID_FORMATS[formats.RATIO]
            ),
        },
    )
    cols = st.columns(2)
    cols[0].button(t("retro.records_keep"), key="retro_records_keep", on_click=_keep, args=(key, widget, flagged))
    csv_download(flagged, "retro_records", where=cols[1])
