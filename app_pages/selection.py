"""Selection page: a method or a weighted blend per origin with a reason; the selected reserve and what changed."""

import pandas as pd
import streamlit as st

from components.analysis import assumption_state, method_charts, method_runs, selection_editor
from components.analysis.method_views import long_ultimates, selected_table, selection_changes
from components.core.feedback import attempt
from components.core.scope import current_selection
from components.core.tables import AMOUNT, show_table
from components.i18n.catalogue import t
from components.i18n.labels import caption_values
from reserving.methods import select
from reserving.valuation.schema import SEVERAL

st.title(t("sel.title"))
selection = current_selection()
if selection is None:
    st.stop()
st.caption(t("tri.caption", **caption_values(selection)))
assumption_state.prepare_widgets(selection)
slot = assumption_state.slot_of(selection)
comparison = attempt(method_runs.run_all, selection)
if comparison is None or not comparison.results:
    st.stop()
frames = {key: result.origins for key, result in comparison.results.items()}

selection_editor.editor(slot, slot.load(), comparison)
assumptions = slot.load()
valued = attempt(method_runs.valuation, selection, comparison)
if valued is None:
    st.stop()
selected = valued.selected.frame()
selected["method"] = selected["method"].replace(SEVERAL, t("val.several"))  # segments of a sum chose differently
table = selected_table(selected, comparison.inputs)
cols = st.columns(3)
cols[0].metric(t("sel.total_ultimate"), f"{valued.total.ultimate:,.0f}")
cols[1].metric(t("sel.total_ibnr"), f"{valued.total.ibnr:,.0f}")
if pd.notna(table.loc["Total", "loss_ratio_pct"]):
    cols[2].metric(t("sel.total_loss_ratio"), f"{table.loc['Total', 'loss_ratio_pct']:.1f}%")
for note in assumption_state.scope_notes(selection):
    st.caption(note)
show_table(table, "sel_selected", number_format=AMOUNT)
fig = method_charts.methods_chart(
    long_ultimates(comparison.results, comparison.labels),
    selected.set_index("origin")["ultimate"],
    selected_name=t("sel.chart.selected"),
    x_title=t("chart.origin"),
    y_title=t("meth.chart.ultimate"),
)
st.plotly_chart(fig, key="sel_chart", width="stretch")

st.subheader(t("sel.changes"))
previous = selection_editor.previous(slot)
if previous is None:
    st.caption(t("sel.no_previous"))
else:
    before = attempt(select, frames, previous)
    if before is not None:
        show_table(selection_changes(before, selected), "sel_changes", number_format=AMOUNT)
