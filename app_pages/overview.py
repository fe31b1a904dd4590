"""Overview page: for a manager at a glance, the selected reserve and its movement, loss ratios, AvE and flags."""

import pandas as pd
import streamlit as st

from components.analysis import assumption_state
from components.core.feedback import attempt, show_skipped
from components.core.scope import Scope, current_selection
from components.core.tables import AMOUNT, show_table
from components.i18n.catalogue import t
from components.i18n.labels import caption_values, status_text
from components.retro import prior_picker, retro_charts, retro_runs, retro_views
from reserving import formats
from reserving.retrospection import DEFAULT_THRESHOLD
from reserving.storage import ValuationRecord
from reserving.valuation import SUM

AVE_K = 1.0
TOP = 5


def amount(value: float) -> str:
    """Show a headline figure to the unit, or the dash where there is none to compare with."""
    return f"{value:,.0f}" if pd.notna(value) else formats.MISSING


def movement_notes(
    selection: Scope, record: ValuationRecord, booked: retro_runs.BookedMovement, then: str
) -> list[str]:
    """Say which valuation the movement is against, and where its segments do not meet the current scope."""
    shown = {"id": record.id, "version": record.version}
    notes = [t("ov.saved.against", **shown, status=status_text(record.status), date=then)]
    # one row for All segments of segmented data is the summed triangle (retro_runs.parts)
    summed_now = len(booked.rows) == 1 and not selection.segment and bool(selection.dataset.segment_keys())
    if summed_now and booked.aggregate == SUM:
        notes.append(t("ov.saved.was_sum", **shown))
    elif len(booked.rows) > 1 and not booked.per_segment:
        notes.append(t("ov.saved.no_segments", **shown))
    elif booked.missing or booked.extra:
        notes.append(
            t(
                "ov.saved.segments_differ",
                **shown,
                missing="; ".join(booked.missing) or "-",
                extra="; ".join(booked.extra) or "-",
            )
        )
    return notes


st.title(t("page.overview"))
selection = current_selection()
if selection is None:
    st.info(t("ov.no_dataset"))
    st.page_link("app_pages/data.py", label=t("ov.open_data"), icon=":material/upload_file:")
    st.stop()
dataset = selection.dataset
st.caption(t("retro.caption", **caption_values(selection)))
dates = prior_picker.date_options(dataset)
if len(dates) < 2:
    st.stop()
prior = prior_picker.overview_prior(selection, "ov_prior")  # a date, or a saved valuation booked at a date
prior_date, record = prior.date, prior.record
now, then = retro_runs.iso(dataset.valuation_date), retro_runs.iso(prior_date)

deviation = attempt(retro_runs.deviation_run, selection, [prior_date, dataset.valuation_date], DEFAULT_THRESHOLD)
if deviation is None:
    st.stop()
show_skipped(deviation.skipped)
if record is None:
    valued = {label for label, _, _ in deviation.segments}
    movement = retro_views.reserve_movement_table(
        [
            (label, *retro_runs.segment_ibnr(part, [prior_date, dataset.valuation_date]))
            for label, part in retro_runs.labelled(selection)
            if label in valued
        ]
    )
    prior_label = t("ov.ibnr_prior", date=then)
    notes: list[str] = []
else:
    # the movement starts from what the saved valuation booked (its stored results), not a rebuild
    current = attempt(retro_runs.current_ibnr, selection)
    if current is None:
        st.stop()
    show_skipped([pair for pair in current[1] if pair not in deviation.skipped])
    booked = retro_runs.booked_movement(record.results or {}, current[0])
    movement = retro_views.booked_movement_table(booked.rows, booked.total)
    prior_label = t("ov.ibnr_booked", id=record.id, version=record.version)
    notes = movement_notes(selection, record, booked, then)
cols = st.columns(3)
cols[0].metric(t("ov.ibnr"), amount(movement.loc[retro_views.TOTAL, "ibnr"]))
cols[1].metric(prior_label, amount(movement.loc[retro_views.TOTAL, "ibnr_prior"]))
cols[2].metric(t("ov.movement"), amount(movement.loc[retro_views.TOTAL, "movement"]))
st.subheader(t("ov.reserve"))
for note in notes:
    st.caption(note)
for note in assumption_state.scope_notes(selection):
    st.caption(note)
show_table(movement, "ov_reserve", number_format=AMOUNT)
st.page_link("app_pages/change.py", label=t("ov.open_change"), icon=":material/waterfall_chart:")

st.subheader(t("ov.loss_ratios"))
ratios = retro_runs.loss_ratios(selection)
if ratios["premium"].notna().any():
    fig = retro_charts.loss_ratio_chart(ratios, x_title=t("chart.origin"), y_title=t("chart.loss_ratio"))
    st.plotly_chart(fig, key="ov_loss_ratios", width="stretch")
else:
    st.caption(t("ov.no_premium"))

st.subheader(t("ov.ave", date=then))
ave = attempt(retro_runs.ave_run, selection, prior_date, dataset.valuation_date, AVE_K)
if ave is not None:
    show_skipped([pair for pair in ave.skipped if pair not in deviation.skipped])
    largest = retro_views.largest_deviations([(label, r) for label, _, r in ave.segments], TOP)
    show_table(largest, "ov_ave", number_format=None)
st.page_link("app_pages/ave.py", label=t("ov.open_ave"), icon=":material/compare:")

st.subheader(t("ov.retro", date=then, current=now))
flags = retro_views.flagged_lines([(label, r) for label, _, r in deviation.segments])
if flags.empty:
    st.caption(t("ov.retro_none", threshold=DEFAULT_THRESHOLD))
else:
    show_table(flags.drop(columns=["cause", "corrective_measure"]), "ov_retro", number_format=None)
st.page_link("app_pages/retro.py", label=t("ov.open_retro"), icon=":material/history_toggle_off:")
