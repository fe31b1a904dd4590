"""The upload flow of the Data page: read, map, validate, and only then accept.

Nothing here replaces the loaded dataset until the user presses "Use this dataset", and
that button is enabled only for a report without errors; a file that cannot be read at all
shows its error (with the place) and leaves everything as it was.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pandas as pd
import streamlit as st

from components.core import cached, state
from components.core.feedback import attempt
from components.core.tables import show_table
from components.data import mapping_editor
from components.i18n.catalogue import Labeller, t
from reserving import ingest
from reserving.mapping import ColumnMapping
from reserving.validation import ValidationReport

FILE_TYPES = ["csv", "txt", "xlsx", "parquet"]
ENCODINGS = ("", "utf-8", "utf-8-sig", "gb18030", "gbk", "latin-1")
PREVIEW_ROWS = 200


def read_upload(blob: state.FileBlob) -> ingest.SourceTable | None:
    """Read the file, letting the user choose the sheet (Excel) or the encoding (CSV).

    Returns None, with the error shown, when the file cannot be read.
    """
    key = blob.sha256[:12]
    source = attempt(cached.source_table, blob.sha256, None, None, blob)
    if source is None:
        st.info(t("data.upload.read_failed"))
        return None
    if source.kind == "xlsx" and len(source.sheets) > 1:
        sheet = st.selectbox(t("data.upload.sheet"), source.sheets, key=f"data_sheet_{key}")
        if sheet != source.sheet:
            source = attempt(cached.source_table, blob.sha256, sheet, None, blob)
    elif source.kind == "csv":
        encoding = st.selectbox(
            t("data.upload.encoding"),
            ENCODINGS,
            format_func=Labeller(empty="data.upload.encoding_auto", literal=True),
            key=f"data_encoding_{key}",
        )
        if encoding:
            source = attempt(cached.source_table, blob.sha256, None, encoding, blob)
    if source is None:
        st.info(t("data.upload.read_failed"))
    return source


def premium_inputs(source: ingest.SourceTable) -> tuple[state.FileBlob | None, str | None]:
    """Ask for optional premium from another file or (Excel) another sheet of the same workbook."""
    with st.expander(t("data.premium.title")):
        premium_file = st.file_uploader(t("data.premium.file"), type=FILE_TYPES, key="data_premium_file")
        sheet = None
        others = [name for name in source.sheets if name != source.sheet]
        if others:
            chosen = st.selectbox(
                t("data.premium.sheet"),
                ["", *others],
                format_func=Labeller(empty="data.mapping.none", literal=True),
                key="data_premium_sheet",
            )
            sheet = chosen or None
    blob = state.FileBlob.of(premium_file.name, premium_file.getvalue()) if premium_file is not None else None
    return blob, (None if blob is not None else sheet)


def issues_frame(report: ValidationReport) -> pd.DataFrame:
    """Tabulate the report: severity, file, sheet, row, column, message (errors first)."""
    issues = list(report.errors) + list(report.warnings)
    return pd.DataFrame(
        {
            t("data.report.severity"): [issue.severity for issue in issues],
            t("data.report.file"): [issue.location.file or "" for issue in issues],
            t("data.report.sheet"): [issue.location.sheet or "" for issue in issues],
            t("data.report.row"): pd.array([issue.location.row for issue in issues], dtype="Int64"),
            t("data.report.column"): [issue.location.column or "" for issue in issues],
            t("data.report.message"): [issue.message for issue in issues],
        }
    )


def render_report(report: ValidationReport) -> None:
    """Errors (which block) and warnings (which do not), in words and as a table."""
    st.markdown(f"**{t('data.report.title')}**")
    if report.errors:
        st.error(t("data.report.blocked", count=len(report.errors), first=report.errors[0].describe()))
    elif report.warnings:
        st.warning(t("data.report.ok_warnings", count=len(report.warnings)))
    else:
        st.success(t("data.report.ok"))
    if report.issues:
        show_table(issues_frame(report), "data_report", number_format=None)


def mapping_json(mapping: ColumnMapping) -> str:
    """Canonical JSON of a mapping: the cache key of the load and the form saved with the dataset."""
    return json.dumps(mapping.to_dict(), sort_keys=True, ensure_ascii=False)


def render_upload() -> None:
    """Draw the whole upload flow; see the module docstring."""
    uploaded = st.file_uploader(t("data.upload.file"), type=FILE_TYPES, key="data_upload")
    if uploaded is None:
        st.caption(t("data.upload.hint"))
        return
    handle_upload(state.FileBlob.of(uploaded.name, uploaded.getvalue()))


def handle_upload(blob: state.FileBlob) -> None:
    """Read, map and validate `blob`, and offer to use it; split out so it runs on any bytes."""
    source = read_upload(blob)
    if source is None:
        return
    state.refresh_pending_source(f"{blob.sha256}:{source.sheet}:{source.encoding}", mapping_editor.PREFIX)
    none = t("data.upload.none")
    st.caption(
        t("data.upload.detected", kind=source.kind, encoding=source.encoding or none, sheet=source.sheet or none)
    )
    with st.expander(t("data.upload.preview", rows=len(source.table)), expanded=False):
        show_table(source.table.head(PREVIEW_ROWS), "data_preview", number_format=None)
    guess = attempt(ingest.guess_mapping, source)
    if guess is None:
        guess = ColumnMapping()
    columns = [str(col) for col in source.table.columns]
    mapping = mapping_editor.edit_mapping(columns, replace(guess, sheet=source.sheet, encoding=source.encoding))
    premium_blob, premium_sheet = premium_inputs(source)
    premium_source = premium_blob.name if premium_blob else premium_sheet
    mapping = replace(mapping, premium_source=premium_source or mapping.premium_source)
    record = state.UploadRecord.of(blob, mapping_json(mapping), premium_blob, premium_sheet)
    result = attempt(
        cached.load_result,
        blob.sha256,
        record.mapping_json,
        premium_blob.sha256 if premium_blob else (premium_sheet or ""),
        blob,
        premium_blob,
        premium_sheet,
    )
    if result is None:
        return
    render_report(result.report)
    usable = result.report.ok and result.dataset is not None
    st.button(
        t("data.use"),
        key="data_use",
        type="primary",
        disabled=not usable,
        on_click=state.accept_upload,
        args=(record,),
    )
    if state.dataset_ref() == state.DatasetRef("upload", record.id):
        st.success(t("data.use.done", name=blob.name))
