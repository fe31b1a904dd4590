"""Retrospective deviation page (回溯分析): the reserve held at T0 against paid since plus the later re-estimate."""

import pandas as pd
import streamlit as st

from components.core.feedback import attempt, show_skipped
from components.core.scope import current_selection
from components.core.tables import amount_or_dash, ratio_or_dash, show_table
from components.i18n.catalogue import t
from components.i18n.labels import caption_values
from components.retro import prior_picker, retro_charts, retro_records, retro_runs, retro_views
from reserving.retrospection import DEFAULT_THRESHOLD

st.title(t("page.retro"))
selection = current_selection()
if selection is None:
    st.stop()
dataset = selection.dataset
st.caption(t("retro.caption", **caption_values(selection)))
cols = st.columns([3, 1])
original = attempt(prior_picker.retro_original_controls, selection, cols[0])
if original is None:
    st.stop()
chosen: list[str] = []
if not original.saved:
    options = [retro_runs.iso(d) for d in prior_picker.date_options(dataset)]
    defaults = [retro_runs.iso(d) for d in prior_picker.default_retro_dates(dataset)]
    chosen = cols[0].multiselect(t("retro.dates"), options, default=defaults, key="retro_dates")
percent = cols[1].number_input(
    t("retro.threshold"), min_value=0.0, max_value=100.0, value=DEFAULT_THRESHOLD * 100, step=0.5, key="retro_threshold"
)
records_key = retro_records.records_key(selection)
records = retro_records.load(records_key)
if original.saved:
    if not original.bookings:
        st.info(t("retro.saved_hint"))
        st.stop()
    bookings = [booking for _, booking in original.bookings]
    runs = attempt(retro_runs.deviation_saved_run, selection, bookings, percent / 100, records)
    if runs is not None:
        first_id, first = min(original.bookings, key=lambda pair: pair[1].valuation_date)
        st.caption(
            t(
                "retro.saved_note",
                id=first_id,
                date=retro_runs.iso(first.valuation_date),
                current=retro_runs.iso(dataset.valuation_date),
            )
        )
else:
    if len(chosen) < 2:
        st.info(t("retro.dates_hint"))
        st.stop()
    dates = sorted(pd.Timestamp(d) for d in chosen)
    runs = attempt(retro_runs.deviation_run, selection, dates, percent / 100, records)
if runs is None:
    st.stop()
total = runs.total
show_skipped(runs.skipped)
flagged = retro_views.flagged_lines([(label, r) for label, _, r in runs.segments], records)
cols = st.columns(3)
cols[0].metric(t("retro.total_deviation"), amount_or_dash(total.total["deviation"]))
cols[1].metric(t("retro.total_rate"), ratio_or_dash(total.total["deviation_rate"]))
cols[2].metric(t("retro.flag_count"), len(flagged))

st.subheader(t("retro.by_origin"))
table = retro_views.deviation_table(total)
retro_records.show_highlighted(table, "retro_origins")
st.subheader(t("retro.by_valuation"))
show_table(retro_views.deviation_by_valuation(total), "retro_by_valuation", number_format=None)
if runs.several:
    st.subheader(t("retro.by_segment"))
    segments = retro_views.deviation_segment_table([(label, r) for label, _, r in runs.segments], total)
    retro_records.show_highlighted(segments, "retro_segments")

st.subheader(t("retro.estimates"))
show_table(total.estimates, "retro_estimates")
fig = retro_charts.estimates_chart(total.estimates, x_title=t("chart.valuation_date"), y_title=t("chart.ultimate"))
st.plotly_chart(fig, key="retro_estimates_chart", width="stretch")

st.subheader(t("retro.records"))
retro_records.editor(records_key, flagged)
