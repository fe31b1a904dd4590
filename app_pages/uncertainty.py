"""Uncertainty page: Mack s.e. under both sigma rules, the one-year CDR, an ODP bootstrap on demand, ranges."""

import math
from dataclasses import replace

import pandas as pd
import streamlit as st

from components.analysis import assumption_editors as editors
from components.analysis import assumption_state, method_charts, method_runs
from components.analysis.method_views import mack_table, percentile_table
from components.core import cached
from components.core.feedback import attempt
from components.core.scope import current_selection
from components.core.tables import AMOUNT, amount_or_dash, show_table
from components.i18n.catalogue import t
from components.i18n.labels import caption_values
from reserving.assumptions import SIGMAS
from reserving.methods.ranges import reserve_range

RANGES = ((25.0, 75.0), (10.0, 90.0), (5.0, 95.0), (0.5, 99.5))

st.title(t("unc.title"))
selection = current_selection()
if selection is None:
    st.stop()
st.caption(t("tri.caption", **caption_values(selection)))
dataset, segment = selection.dataset, selection.segment
assumption_state.prepare_widgets(selection)
slot = assumption_state.slot_of(selection)
assumptions = slot.load()
if assumption_state.segment_count(selection) and method_runs.aggregate(selection) == "sum":
    st.info(t("unc.summed_note", count=assumption_state.segment_count(selection)), icon=":material/info:")

st.subheader(t("unc.mack"))
by_sigma = {}
for sigma in SIGMAS:
    sigma_assumptions = replace(assumptions, development=replace(assumptions.development, sigma=sigma))
    by_sigma[sigma] = attempt(cached.result_for, "mack", dataset, segment, sigma_assumptions)
if any(result is None for result in by_sigma.values()):
    st.stop()
cols = st.columns(len(SIGMAS))
for col, sigma in zip(cols, SIGMAS, strict=True):
    col.metric(t(f"unc.total_se.{sigma}"), amount_or_dash(by_sigma[sigma].total["std_err"]))
if any(not math.isfinite(float(result.total["std_err"])) for result in by_sigma.values()):
    st.info(t("unc.se_unavailable"), icon=":material/info:")
mack_warnings = dict.fromkeys(w for result in by_sigma.values() for w in result.warnings)
if mack_warnings:
    lines = "\n".join(f"- {t('unc.mack')}: {w}" for w in mack_warnings)
    st.warning(t("meth.warnings", lines=lines), icon=":material/warning:")
show_table(mack_table(by_sigma), "unc_mack", number_format=AMOUNT)
st.caption(t("unc.cdr_note"))

st.subheader(t("unc.bootstrap"))
pressed = editors.bootstrap_controls(slot, assumptions)
assumptions = slot.load()
boot = cached.stored_bootstrap(dataset, segment, assumptions)
if pressed:
    bar = st.progress(0.0, text=t("unc.progress"))
    boot = attempt(cached.run_bootstrap, dataset, segment, assumptions, progress=lambda f: bar.progress(min(f, 1.0)))
if boot is None:
    st.caption(t("unc.bootstrap_hint"))
else:
    st.caption(t("unc.bootstrap_done", n_sims=boot.details["n_sims"], seed=boot.details["seed"]))
    if boot.warnings:
        lines = "\n".join(f"- {t('unc.bootstrap')}: {w}" for w in boot.warnings)
        st.warning(t("meth.warnings", lines=lines), icon=":material/warning:")
    show_table(percentile_table(boot), "unc_percentiles", number_format=AMOUNT)
    fig = method_charts.ibnr_histogram(
        boot.details["total_ibnr"],
        boot.details["percentiles"],
        x_title=t("unc.chart.total_ibnr"),
        y_title=t("unc.chart.count"),
    )
    st.plotly_chart(fig, key="unc_histogram", width="stretch")

st.subheader(t("unc.ranges"))
editors.sigma_control(slot, assumptions)
low, high = st.selectbox(t("unc.range"), RANGES, format_func=editors.RangeLabel(), key="unc_range")
mack = by_sigma[slot.load().development.sigma]
ranges = reserve_range(mack, low, high).set_index("origin")
ranges.insert(0, "method", "mack")
if boot is not None:
    boot_range = reserve_range(boot, low, high).set_index("origin")
    boot_range.insert(0, "method", "bootstrap")
    ranges = pd.concat([ranges, boot_range])
show_table(ranges, "unc_ranges", number_format=AMOUNT)
