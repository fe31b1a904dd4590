"""Methods page: every method side by side by origin and in total, with the a-priori loss ratios they use."""

import streamlit as st

from components.analysis import assumption_editors as editors
from components.analysis import assumption_state, method_charts, method_runs
from components.analysis.method_views import comparison_tables, long_ultimates, totals_table
from components.core import cached
from components.core.feedback import attempt
from components.core.scope import current_selection
from components.core.tables import AMOUNT, RATIO, show_table
from components.i18n.catalogue import t
from components.i18n.labels import caption_values

st.title(t("meth.title"))
selection = current_selection()
if selection is None:
    st.stop()
st.caption(t("tri.caption", **caption_values(selection)))
dataset = selection.dataset
inputs = attempt(cached.method_inputs, dataset.content_hash, selection.measure, selection.segment, dataset)
if inputs is None:
    st.stop()
assumption_state.prepare_widgets(selection)
slot = assumption_state.slot_of(selection)
for note in assumption_state.scope_notes(selection):
    st.caption(note)
with st.expander(t("meth.lr.title"), expanded=inputs.premium is not None):
    if inputs.premium is None:
        st.info(t("meth.lr.no_premium"))
    else:
        editors.loss_ratio_editor(slot, slot.load(), inputs)
editors.method_options(slot, slot.load())

comparison = attempt(method_runs.run_all, selection)
if comparison is None:
    st.stop()
if comparison.notes:
    lines = "\n".join(f"- **{label}**: {message}" for label, message in comparison.notes.items())
    st.info(t("meth.notes", lines=lines), icon=":material/info:")
warned = method_runs.warnings_of(comparison)
if warned:
    st.warning(t("meth.warnings", lines="\n".join(f"- {line}" for line in warned)), icon=":material/warning:")
if not comparison.results:
    st.stop()
cape_cod = comparison.results.get("cape_cod")
if cape_cod is not None:
    implied = cape_cod.details.get("apriori_")
    if isinstance(implied, float):
        st.caption(t("meth.cape_cod_implied", ratio=f"{implied:.4f}"))

st.subheader(t("meth.totals"))
show_table(totals_table(comparison.results, comparison.labels, comparison.inputs), "meth_totals", number_format=AMOUNT)
tables = comparison_tables(comparison.results, comparison.labels, comparison.inputs)
names = list(tables)
for tab, name in zip(st.tabs([t(f"meth.tab.{name}") for name in names]), names, strict=True):
    with tab:
        show_table(tables[name], f"meth_{name}", number_format=RATIO if name == "loss_ratio" else AMOUNT)
fig = method_charts.methods_chart(
    long_ultimates(comparison.results, comparison.labels),
    x_title=t("chart.origin"),
    y_title=t("meth.chart.ultimate"),
)
st.plotly_chart(fig, key="meth_chart", width="stretch")
