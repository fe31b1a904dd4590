"""Analysis of change page: a waterfall from the prior valuation to the current one, and the roll-forward."""

import streamlit as st

from components.core.feedback import attempt, show_skipped
from components.core.scope import current_selection
from components.core.tables import AMOUNT, show_table
from components.i18n.catalogue import Labeller, t
from components.i18n.labels import caption_values
from components.retro import prior_picker, retro_charts, retro_runs, retro_views
from reserving.retrospection import STEPS
from reserving.retrospection.change import BASES

st.title(t("page.change"))
selection = current_selection()
if selection is None:
    st.stop()
st.caption(t("retro.caption", **caption_values(selection)))
prior = attempt(prior_picker.change_controls, selection)
if prior is None:
    st.stop()
basis = st.radio(t("chg.basis"), BASES, format_func=Labeller("chg.basis."), horizontal=True, key="chg_basis")
runs = attempt(retro_runs.change_run, selection, prior, basis)
if runs is None:
    st.stop()
total = runs.total
show_skipped(runs.skipped)
labels = {name: t(f"chg.step.{name}") for name, _ in STEPS} | {"prior": t("chg.prior"), "current": t("chg.current")}
steps = total.steps.assign(label=[labels[name] for name in total.steps["step"]])
fig = retro_charts.change_waterfall(
    steps,
    total.prior,
    total.current,
    prior_label=t("chg.prior"),
    current_label=t("chg.current"),
    y_title=t(f"chg.basis.{basis}"),
)
st.plotly_chart(fig, key="chg_waterfall", width="stretch")
check = retro_views.change_check(total)
with st.container(key="chg_check"):
    st.markdown(
        t(
            "chg.check",
            prior=f"{check['prior']:,.2f}",
            steps=f"{check['steps']:,.2f}",
            total=f"{check['prior'] + check['steps']:,.2f}",
            current=f"{check['current']:,.2f}",
            difference=f"{round(check['difference'], 2) + 0.0:,.2f}",
        )
    )
st.subheader(t("chg.steps"))
show_table(retro_views.change_steps_table(total, labels), "chg_steps", number_format=AMOUNT)
if runs.several:
    st.subheader(t("retro.by_segment"))
    segments = retro_views.change_segment_table([(label, r) for label, _, r in runs.segments], total)
    show_table(segments, "chg_segments", number_format=AMOUNT)
st.subheader(t("chg.by_origin"))
show_table(retro_views.by_origin_table(total), "chg_by_origin", number_format=AMOUNT)
st.subheader(t("chg.rollforward"))
show_table(retro_views.rollforward_table(total), "chg_rollforward", number_format=AMOUNT)
