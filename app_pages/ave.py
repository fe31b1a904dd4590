"""Actual vs expected page: emergence since a prior valuation against what the prior expected, with flags."""

import streamlit as st

from components.core.feedback import attempt, show_skipped
from components.core.scope import current_selection
from components.core.tables import amount_or_dash, ratio_or_dash, show_table
from components.i18n.catalogue import t
from components.i18n.labels import caption_values
from components.retro import prior_picker, retro_charts, retro_runs, retro_views

st.title(t("page.ave"))
selection = current_selection()
if selection is None:
    st.stop()
st.caption(t("retro.caption", **caption_values(selection)))
choice = attempt(prior_picker.ave_controls, selection)
if choice is None:
    st.stop()
k = st.slider(t("ave.k"), min_value=0.0, max_value=5.0, value=1.0, step=0.25, key="ave_k")
runs = attempt(retro_runs.ave_run, selection, choice.as_of, choice.to, k, choice=choice.assumptions, saved=choice.saved)
if runs is None:
    st.stop()
total = runs.total
show_skipped(runs.skipped)
if choice.saved is not None:
    st.caption(t("ave.saved_note", id=choice.saved[0].split("|")[1], date=retro_runs.iso(choice.as_of)))
cols = st.columns(5)
cols[0].metric(t("ave.expected"), amount_or_dash(total.total["expected"]))
cols[1].metric(t("ave.actual"), amount_or_dash(total.total["actual"]))
cols[2].metric(t("ave.a_minus_e"), amount_or_dash(total.total["a_minus_e"]))
cols[3].metric(t("ave.a_over_e"), ratio_or_dash(total.total["a_over_e"]))
cols[4].metric(t("ave.flags"), int(total.origins["flag"].sum()))

st.subheader(t("ave.by_origin"))
show_table(retro_views.ave_origin_table(total), "ave_origins", number_format=None)
st.caption(t("ave.se_note"))
bars = retro_charts.ave_bars(
    total.origins.set_index("origin"),
    actual_name=t("ave.actual"),
    expected_name=t("ave.expected"),
    x_title=t("chart.origin"),
    y_title=t("chart.emergence"),
    flagged=list(total.origins.loc[total.origins["flag"], "origin"]),
)
st.plotly_chart(bars, key="ave_chart", width="stretch")

st.subheader(t("ave.by_calendar"))
show_table(retro_views.ave_calendar_table(total), "ave_calendar", number_format=None)
st.subheader(t("ave.heatmap"))
heat = retro_charts.ae_heatmap(
    retro_views.ae_grid(total), x_title=t("chart.calendar_period"), y_title=t("chart.origin")
)
st.plotly_chart(heat, key="ave_heatmap", width="stretch")

if not total.left_out.empty:
    st.subheader(t("ave.left_out"))
    st.caption(t("ave.left_out_note", origins=", ".join(map(str, total.left_out["origin"]))))
    show_table(retro_views.ave_left_out_table(total), "ave_left_out")

if runs.several:
    st.subheader(t("retro.by_segment"))
    table = retro_views.ave_segment_table([(label, r) for label, _, r in runs.segments], total)
    show_table(table, "ave_segments", number_format=None)
