"""Downloading a saved valuation as the Excel workbook, the HTML report and the working-papers zip.

Building the exports recomputes the valuation's exhibits from the saved data
(`reserving.reports.load_valuation_report`), which takes a few seconds, so it runs on a
button press with a progress bar. The files are kept in a small server-wide store keyed by
the database, the valuation id and its last update: saved work is shared by design, and an
approved valuation never changes, so its files are built once.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from components.core.feedback import attempt
from components.core.lru import LruStore
from components.governance import database
from components.i18n.catalogue import t
from reserving.reports import EXPORTERS, load_valuation_report
from reserving.storage import Repository, ValuationRecord

FORMATS: dict[str, str] = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html",
    "zip": "application/zip",
}
"""Export format (also the file extension) -> MIME type, in the order the buttons are shown."""

ExportFiles = dict[str, bytes]


class ExportStore(LruStore[ExportFiles]):
    """A thread-safe LRU map of built export files, shared by the sessions of one server."""


@st.cache_resource(max_entries=1, show_spinner=False)
def export_store() -> ExportStore:
    """Return the server's store of built exports (a few valuations' files at a time)."""
    return ExportStore(max_entries=8)


def export_key(repo: Repository, record: ValuationRecord) -> tuple:
    """Key of a valuation's exports: the database, the valuation and when it last changed."""
    return (repo.db.url, record.id, record.updated_at.isoformat())


def export_stem(record: ValuationRecord) -> str:
    """File name (without extension) of a valuation's exports: its id and version, as the page names it."""
    return f"valuation-{record.id}-v{record.version}"


def build_exports(repo: Repository, valuation_id: int, progress: Callable[[float, str], None]) -> ExportFiles:
    """Recompute the valuation's exhibits once and write every format, reporting progress (0..1, step)."""
    progress(0.05, "exhibits")
    report = load_valuation_report(repo, valuation_id)
    files: ExportFiles = {}
    for index, fmt in enumerate(FORMATS, start=1):
        progress(0.3 + 0.7 * (index - 1) / len(FORMATS), fmt)
        files[fmt] = EXPORTERS[fmt](report)
    progress(1.0, "done")
    return files


def render_exports(record: ValuationRecord) -> None:
    """Draw the build button (with progress), then one download button per format."""
    st.subheader(t("gov.exp.title", id=record.id, version=record.version))
    stem = export_stem(record)
    repo = database.repository()
    key = export_key(repo, record)
    store = export_store()
    files = store.get(key)
    if files is None:
        if not st.button(t("exp.build"), key="val_export_build", icon=":material/build:"):
            st.caption(t("exp.hint"))
            return
        bar = st.progress(0.0, text=t("exp.step.exhibits"))

        def report(fraction: float, step: str) -> None:
            bar.progress(fraction, text=t(f"exp.step.{step}"))

        with st.spinner(t("exp.building")):
            files = attempt(build_exports, repo, record.id, report)
        bar.empty()
        if files is None:
            return
        store.put(key, files)
    st.caption(t("gov.exp.files", files=", ".join(f"{stem}.{fmt}" for fmt in FORMATS)))
    cols = st.columns(len(FORMATS))
    for col, (fmt, mime) in zip(cols, FORMATS.items(), strict=True):
        col.download_button(
            t(f"exp.download.{fmt}"),
            data=files[fmt],
            file_name=f"{stem}.{fmt}",
            mime=mime,
            key=f"val_export_{fmt}",
            on_click="ignore",
            icon=":material/download:",
        )
