"""Compare page: two saved valuations side by side, assumptions diff and results diff, ultimates by origin."""

import streamlit as st

from components.core.feedback import attempt
from components.core.tables import AMOUNT, show_table
from components.governance import database, storage_views
from components.i18n.catalogue import t
from components.i18n.labels import measure_text, status_text

st.title(t("cmp.title"))
repo = attempt(database.repository)
records = attempt(repo.list_valuations) if repo is not None else None
if not records:
    st.info(t("cmp.none"))
    st.stop()
labels = {
    r.id: t("cmp.label", id=r.id, version=r.version, status=status_text(r.status), measure=measure_text(r.measure))
    for r in records
}
ids = list(labels)
cols = st.columns(2)
first = cols[0].selectbox(t("cmp.a"), ids, format_func=labels.__getitem__, key="cmp_a", index=max(len(ids) - 2, 0))
second = cols[1].selectbox(t("cmp.b"), ids, format_func=labels.__getitem__, key="cmp_b", index=len(ids) - 1)
diffs = attempt(repo.compare_valuations, first, second)
if diffs is None:
    st.stop()
assumptions, results = diffs
ultimates = storage_views.ultimates_by_origin(results)
totals = storage_views.result_changes(results)
total = storage_views.total_change(results)
if total is not None:
    metrics = st.columns(3)
    metrics[0].metric(t("cmp.total_a", id=first), f"{total[0]:,.0f}")
    metrics[1].metric(t("cmp.total_b", id=second), f"{total[1]:,.0f}")
    metrics[2].metric(t("cmp.total_change"), f"{total[2]:+,.0f}")
left, right = st.columns(2)
with left:
    st.subheader(t("cmp.assumptions"))
    changed_only = st.toggle(t("cmp.changed_only"), value=True, key="cmp_changed_only")
    show_table(storage_views.assumption_changes(assumptions, changed_only), "cmp_assumptions", number_format=None)
with right:
    st.subheader(t("cmp.results"))
    show_table(totals, "cmp_results", number_format=AMOUNT)
fig = storage_views.ultimates_chart(
    ultimates, t("cmp.series", id=first), t("cmp.series", id=second), t("chart.origin"), t("meth.chart.ultimate")
)
st.plotly_chart(fig, key="cmp_chart", width="stretch")
