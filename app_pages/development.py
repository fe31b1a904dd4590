"""Development page: link ratios (a grid and a chart by age), their averages, exclusions and typed factors."""

from dataclasses import replace

import streamlit as st

from components.analysis import assumption_editors as editors
from components.analysis import assumption_state
from components.analysis.method_views import development_table, excluded_links, excluded_mask, link_valuations
from components.core import cached
from components.core.feedback import attempt
from components.core.scope import current_selection
from components.core.tables import FACTOR, show_table
from components.data.compact_grid import compact_table, compact_toggle, full_height
from components.i18n.catalogue import t
from components.i18n.labels import caption_values

st.title(t("dev.title"))
selection = current_selection()
if selection is None:
    st.stop()
st.caption(t("tri.caption", **caption_values(selection)))
dataset = selection.dataset
view_args = (dataset.content_hash, selection.measure, selection.segment, dataset)
ratios = attempt(cached.triangle_view, "link_ratios", *view_args)
if ratios is None:
    st.stop()

assumption_state.prepare_widgets(selection)
slot = assumption_state.slot_of(selection)
for note in assumption_state.scope_notes(selection):
    st.caption(note)
assumptions = slot.load()
valuations = link_valuations(ratios, dataset.origin_grain)
editors.development_controls(slot, assumptions, len(ratios) + 1)
st.markdown(f"**{t('dev.link_ratios')}**")
st.caption(t("dev.click_hint"))
compact = compact_toggle("dev", len(ratios.columns) + 1)
editors.link_ratio_picker(slot, assumptions, ratios, valuations, compact=compact)
editors.exclusion_lists(slot, assumptions, ratios, valuations)

left_out = excluded_links(assumptions.development, valuations)
averages = attempt(cached.averages_without, *view_args[:3], left_out, dataset)
view = attempt(cached.factors_for, dataset, selection.segment, assumptions)
if view is not None and averages is not None:
    st.markdown(f"**{t('dev.chart')}**")
    st.caption(t("dev.chart.caption"))
    mask = excluded_mask(ratios, assumptions.development, valuations)
    averaged = replace(assumptions, development=replace(assumptions.development, overrides=()))
    chosen = view if averaged == assumptions else attempt(cached.factors_for, dataset, selection.segment, averaged)
    if chosen is not None:
        editors.link_ratio_chart(
            ratios, mask, averages=averages, chosen=chosen, selected=view, development=assumptions.development
        )
    st.markdown(f"**{t('dev.selected')}**")
    factors = development_table(averages, view)
    if compact:
        compact_table(factors, "dev_factors", number_format=FACTOR)
    else:
        show_table(factors, "dev_factors", number_format=FACTOR, height=full_height(len(factors)))
st.markdown(f"**{t('dev.overrides')}**")
st.caption(t("dev.overrides_hint"))
edited = editors.overrides_editor(slot, assumptions, list(ratios.columns))
if edited != assumptions:
    st.rerun()  # the table above shows the factors before the edit
editors.assumptions_file(selection, assumptions)
