"""Compare page: two saved valuations side by side: totals, ultimate and IBNR by origin, assumptions diff by name."""

import streamlit as st

from components.core.feedback import attempt
from components.core.tables import AMOUNT, show_table
from components.governance import database, storage_views
from components.i18n.catalogue import Labeller, t
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
totals = storage_views.result_changes(results)
metrics = st.columns(4)
for col, field in zip(metrics[::2], ("ultimate", "ibnr"), strict=True):
    total = storage_views.total_change(results, field)
    if total is not None:
        col.metric(t(f"gov.cmp.total.{field}", a=first, b=second), f"{total[1]:,.0f}", f"{total[2]:+,.0f}")
        col.caption(t("gov.cmp.total_of_a", id=first, value=f"{total[0]:,.0f}"))
st.subheader(t("gov.cmp.by_origin"))
show_table(storage_views.origin_comparison(results), "cmp_by_origin", number_format=AMOUNT)
field = st.radio(
    t("gov.cmp.chart_field"),
    ["ibnr", "ultimate"],
    format_func=Labeller("gov.cmp.field."),
    horizontal=True,
    key="cmp_chart_field",
)
fig = storage_views.ultimates_chart(
    storage_views.figures_by_origin(results, field),
    t("cmp.series", id=first),
    t("cmp.series", id=second),
    t("chart.origin"),
    t(f"gov.cmp.field.{field}"),
)
st.plotly_chart(fig, key="cmp_chart", width="stretch")
left, right = st.columns(2)
with left:
    st.subheader(t("cmp.assumptions"))
    st.caption(t("gov.cmp.by_name"))
    changed_only = st.toggle(t("cmp.changed_only"), value=True, key="cmp_changed_only")
    show_table(storage_views.assumption_changes(assumptions, changed_only), "cmp_assumptions", number_format=None)
with right:
    st.subheader(t("cmp.results"))
    show_table(totals, "cmp_results", number_format=AMOUNT)
