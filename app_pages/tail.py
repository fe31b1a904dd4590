"""Tail page: the tail beyond the last age, fitted vs observed factors, and its effect on total IBNR."""

import streamlit as st

from components.analysis import assumption_editors as editors
from components.analysis import assumption_state, method_charts, method_runs
from components.core import cached
from components.core.feedback import attempt
from components.core.scope import current_selection
from components.core.tables import FACTOR, show_table
from components.i18n.catalogue import t
from components.i18n.labels import caption_values
from reserving.assumptions import TailAssumptions

st.title(t("tail.title"))
selection = current_selection()
if selection is None:
    st.stop()
st.caption(t("tri.caption", **caption_values(selection)))
dataset = selection.dataset
assumption_state.prepare_widgets(selection)
slot = assumption_state.slot_of(selection)
assumptions = slot.load()
inputs = attempt(cached.method_inputs, dataset.content_hash, selection.measure, selection.segment, dataset)
if inputs is None:
    st.stop()
editors.tail_controls(slot, assumptions, [int(a) for a in inputs.triangle.development])
for note in assumption_state.scope_notes(selection):
    st.caption(note)

view = attempt(cached.factors_for, dataset, selection.segment, assumptions)
with_tail = attempt(method_runs.method_result, selection, "chainladder")
without = attempt(method_runs.method_result, selection, "chainladder", tail=TailAssumptions())
if view is None or with_tail is None or without is None:
    st.stop()
cols = st.columns(4)
cols[0].metric(t("tail.factor_result"), f"{view.tail_factor:.4f}")
cols[1].metric(t("tail.ibnr_without"), f"{without.total['ibnr']:,.0f}")
cols[2].metric(t("tail.ibnr_with"), f"{with_tail.total['ibnr']:,.0f}")
cols[3].metric(t("tail.ibnr_delta"), f"{with_tail.total['ibnr'] - without.total['ibnr']:,.0f}")
fig = method_charts.tail_factors_chart(
    view.factors,
    view.tail,
    observed_name=t("tail.chart.observed"),
    fitted_name=t("tail.chart.fitted"),
    x_title=t("tail.chart.link"),
    y_title=t("tail.chart.factor"),
)
st.plotly_chart(fig, key="tail_chart", width="stretch")
table = view.factors[["observed", "selected", "cdf"]].copy()
for link, factor in view.tail["selected"].items():
    table.loc[link] = {"observed": float("nan"), "selected": factor, "cdf": float("nan")}
show_table(table, "tail_factors", number_format=FACTOR)
