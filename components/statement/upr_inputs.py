"""The Unearned premium page's inputs: which listing, its hand mapping, the dates and a method per line.

A listing is used only once it passes validation: an upload with errors shows its located
report and leaves the listing in use (the sample, or the last good upload) as it was.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components.core import state
from components.core.feedback import attempt
from components.core.state import FileBlob
from components.core.tables import show_table
from components.data.upload import ENCODINGS, FILE_TYPES, issues_frame
from components.i18n.catalogue import Labeller, t
from components.statement import upr_cached
from reserving.unexpired import ListingResult, PolicyMapping, UprSettings
from reserving.unexpired.columns import parse_pairs
from reserving.unexpired.methods import CURVE, DAILY, REVERSE_78, RULE_78, is_compulsory_name

LINE_METHODS = (DAILY, RULE_78, REVERSE_78, CURVE, "1/24", "1/8", "1/4")
"""Methods a line of a policy listing may take (the custom curve is edited as a table of cumulative shares)."""
DEFAULT_CURVE = pd.DataFrame({"month": range(1, 13), "earned_share": [m / 12 for m in range(1, 13)]})
"""A starting curve to edit: 12 months, evenly earned."""
SOURCES = ("sample", "upload")
METHOD_LABEL = Labeller("upr.method.")
"""Picklable `format_func` of the method pickers (session state must pickle)."""


@dataclass(frozen=True)
class ListingInUse:
    """The listing the page values: its bytes, mapping JSON and validated frame."""

    blob: FileBlob
    mapping: str
    result: ListingResult

    @property
    def policies(self) -> pd.DataFrame:
        """Return the validated policy frame."""
        assert self.result.policies is not None
        return self.result.policies


def read_mapping(text: str, sheet: str = "", encoding: str = "") -> str:
    """Turn the ``ROLE=COL`` lines typed by hand, sheet and encoding into mapping JSON (`InputError` on a bad line)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    mapping = PolicyMapping.from_pairs(parse_pairs(lines), sheet=sheet.strip() or None, encoding=encoding or None)
    return upr_cached.mapping_json(mapping)


def load(blob: FileBlob, mapping: str) -> ListingResult:
    """Return the cached, validated listing of `blob` under `mapping`."""
    return upr_cached.listing(blob.sha256, blob.name, mapping, blob.data)


def render_report(result: ListingResult) -> None:
    """Show the validation report: errors block (with the first one's place), warnings show; every entry located."""
    report = result.report
    if report.errors:
        st.error(t("upr.report.blocked", count=len(report.errors), first=report.errors[0].describe()))
    elif report.warnings:
        st.warning(t("upr.report.warnings", count=len(report.warnings), first=report.warnings[0].describe()))
    else:
        st.success(t("upr.report.ok"))
    if report.issues:
        show_table(issues_frame(report), "upr_report", number_format=None)


def upload_controls() -> None:
    """Upload a listing and map columns by hand; a listing without errors becomes the one in use."""
    uploaded = st.file_uploader(t("upr.upload.file"), type=FILE_TYPES, key="upr_upload")
    text = st.text_area(t("upr.upload.mapping"), key="upr_mapping", help=t("upr.upload.mapping_help"))
    cols = st.columns(2)
    sheet = cols[0].text_input(t("upr.upload.sheet"), key="upr_sheet", help=t("upr.upload.sheet_help"))
    encoding = cols[1].selectbox(
        t("upr.upload.encoding"),
        ENCODINGS,
        format_func=Labeller(empty="upr.upload.encoding_auto", literal=True),
        key="upr_encoding",
    )
    if uploaded is None:
        st.caption(t("upr.upload.hint"))
        return
    mapping = attempt(read_mapping, text, sheet, encoding)
    if mapping is None:
        return
    blob = FileBlob.of(uploaded.name, uploaded.getvalue())
    result = attempt(load, blob, mapping)
    if result is None:
        return
    render_report(result)
    if result.report.ok:
        state.set_upr_listing(blob, mapping)


def listing_controls() -> ListingInUse | None:
    """Choose the sample or an upload; return the listing in use (the sample until an upload passes)."""
    source = st.radio(t("upr.source"), SOURCES, format_func=Labeller("upr.source."), horizontal=True, key="upr_source")
    if source == "upload":
        upload_controls()
    held = state.upr_listing() if source == "upload" else None
    blob, mapping = held if held is not None else (upr_cached.sample_blob(), upr_cached.NO_MAPPING_JSON)
    result = attempt(load, blob, mapping)
    if result is None or result.policies is None:
        if result is not None:
            render_report(result)
        return None
    name = t("upr.sample_name") if held is None else blob.name
    st.caption(t("upr.in_use", name=name, rows=len(result.policies)))
    if source == "upload" and held is None:
        st.info(t("upr.upload.sample_kept"))
    return ListingInUse(blob, mapping, result)


def default_valuation(policies: pd.DataFrame) -> dt.date:
    """Return the month end of the latest start date: the listing's natural valuation date."""
    latest = policies["start_date"].max()
    if pd.isna(latest):
        return dt.date.today()
    return (pd.Timestamp(latest) + pd.offsets.MonthEnd(0)).date()


def compulsory_in_listing(policies: pd.DataFrame) -> set[str]:
    """Return the lines the listing itself marks compulsory motor (by name, 交强险, or by its flag column)."""
    named = {line for line in policies["line"].unique() if is_compulsory_name(line)}
    return named | set(policies.loc[policies["compulsory"], "line"])


def method_controls(lines: list[str], compulsory: set[str]) -> tuple[tuple[str, str], ...]:
    """Ask a method per line (1/365 by default); a compulsory-motor line shows 1/365 only and says why."""
    st.markdown(f"**{t('upr.methods')}**")
    chosen: list[tuple[str, str]] = []
    cols = st.columns(min(3, max(1, len(lines))))
    for i, line in enumerate(lines):
        where = cols[i % len(cols)]
        if line in compulsory:
            where.selectbox(line, (DAILY,), format_func=METHOD_LABEL, key=f"upr_method_cm_{line}", disabled=True)
            where.info(t("upr.compulsory_only", line=line))
            chosen.append((line, DAILY))
            continue
        method = where.selectbox(line, LINE_METHODS, format_func=METHOD_LABEL, key=f"upr_method_{line}")
        chosen.append((line, method))
    return tuple(chosen)


def method_label(method: str) -> str:
    """Return the name of a UPR method in the session's language."""
    return t(f"upr.method.{method}")


def settings_controls(policies: pd.DataFrame) -> UprSettings | None:
    """Ask the valuation and opening dates, compulsory lines and methods; None (with a message) if they clash."""
    cols = st.columns(3)
    valuation = cols[0].date_input(t("upr.valuation"), value=default_valuation(policies), key="upr_valuation")
    with_opening = cols[1].checkbox(t("upr.opening_on"), key="upr_opening_on")
    opening = None
    if with_opening:
        opening = cols[1].date_input(
            t("upr.opening"), value=dt.date(valuation.year - 1, 12, 31), key="upr_opening", help=t("upr.opening_help")
        )
    lines = sorted(str(line) for line in policies["line"].unique())
    own = compulsory_in_listing(policies)
    extra = cols[2].multiselect(
        t("upr.compulsory"),
        [line for line in lines if line not in own],
        key="upr_compulsory",
        help=t("upr.compulsory_help"),
    )
    methods = method_controls(lines, own | set(extra))
    curve = curve_controls() if any(method == CURVE for _, method in methods) else ()
    return attempt(
        UprSettings,
        valuation_date=valuation.isoformat(),
        opening_date=opening.isoformat() if opening else None,
        line_methods=methods,
        curve=curve,
        acquisition_ratios=acquisition_controls(policies),
        compulsory_lines=tuple(extra),
    )


def curve_controls() -> tuple[tuple[int, float], ...]:
    """Edit the custom earning curve: month after the start, cumulative share earned by its end."""
    st.markdown(f"**{t('upr.curve')}**")
    st.caption(t("upr.curve_help"))
    config = {col: st.column_config.NumberColumn(t(f"col.{col}")) for col in DEFAULT_CURVE.columns}
    edited = st.data_editor(DEFAULT_CURVE, num_rows="dynamic", key="upr_curve", hide_index=True, column_config=config)
    edited = edited.dropna()
    return tuple((int(m), float(s)) for m, s in zip(edited["month"], edited["earned_share"], strict=True))


def acquisition_controls(policies: pd.DataFrame) -> tuple[tuple[str, float], ...]:
    """Ask an acquisition-cost ratio (%) for each line with rows that have no cost of their own."""
    lacking = sorted(str(line) for line in policies.loc[policies["acquisition_cost"].isna(), "line"].unique())
    if not lacking:
        return ()
    st.markdown(f"**{t('upr.acquisition')}**")
    cols = st.columns(min(3, len(lacking)))
    ratios = []
    for i, line in enumerate(lacking):
        percent = cols[i % len(cols)].number_input(
            line, min_value=0.0, max_value=99.0, value=0.0, step=0.5, key=f"upr_acq_{line}"
        )
        ratios.append((line, percent / 100))
    return tuple(ratios)
