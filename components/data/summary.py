"""The loaded dataset at a glance: what it holds, its grains, its origins and latest totals."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.core.tables import show_table
from components.i18n.catalogue import t
from components.i18n.labels import dataset_text, measure_text, measures_text
from reserving.dataset import Dataset


def grain_text(code: str) -> str:
    """Name a grain code as a word in the user's language ('Q' -> 'quarter')."""
    return t(f"grain.{code}")


def summary_facts(dataset: Dataset) -> pd.DataFrame:
    """Tabulate the dataset's facts as a two-column table (what, value), ready to show or export."""
    labels = dataset.origin_labels
    if dataset.has_premium:
        premium = t("data.summary.premium_yes", label=dataset.premium_label)
    else:
        premium = t("data.summary.premium_no")
    rows = [
        (t("data.summary.segments"), ", ".join(dataset.segments) or t("data.summary.no_segments")),
        (t("data.summary.measures"), measures_text(dataset.measures)),
        (t("data.summary.origin_grain"), grain_text(dataset.origin_grain)),
        (t("data.summary.development_grain"), grain_text(dataset.development_grain)),
        (
            t("data.summary.origins"),
            t("data.summary.origins_value", count=len(labels), first=labels[0], last=labels[-1]),
        ),
        (t("data.summary.valuation"), dataset.valuation_date.date().isoformat()),
        (t("data.summary.ages"), ", ".join(str(age) for age in dataset.development_ages)),
        (t("data.summary.premium"), premium),
    ]
    return pd.DataFrame(rows, columns=["item", "value"])


def render_summary(dataset: Dataset) -> None:
    """Facts table, one metric per measure for the latest diagonal, and any load warnings."""
    st.subheader(t("data.current", name=dataset_text(dataset.name)))
    st.markdown(f"**{t('data.summary.latest')}**")
    totals = dataset.latest_totals()
    columns = st.columns(min(len(totals), 5) or 1)
    for index, (measure, total) in enumerate(totals.items()):
        columns[index % len(columns)].metric(measure_text(measure), f"{total:,.0f}")
    show_table(summary_facts(dataset), "data_summary", number_format=None)
    if dataset.warnings:
        with st.expander(t("data.summary.warnings", count=len(dataset.warnings))):
            for warning in dataset.warnings:
                st.warning(warning)
