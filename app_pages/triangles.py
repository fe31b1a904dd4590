"""Triangles page: the selected triangle seen every usual way, each table downloadable."""

import streamlit as st

from components.core.scope import current_selection
from components.data import triangle_tabs
from components.i18n.catalogue import t
from components.i18n.labels import caption_values

st.title(t("tri.title"))
selection = current_selection()
if selection is None:
    st.stop()
st.caption(t("tri.caption", **caption_values(selection)))

triangle_tabs.compact_toggle(selection)  # one toggle for every grid of the tabs

TABS = ("cumulative", "incremental", "heatmap", "link_ratios", "curves", "diagonals", "ratios")
tabs = st.tabs([t(f"tri.tab.{name}") for name in TABS])
with tabs[0]:
    triangle_tabs.grid_tab(selection, "cumulative")
with tabs[1]:
    triangle_tabs.grid_tab(selection, "incremental")
with tabs[2]:
    triangle_tabs.heatmap_tab(selection)
with tabs[3]:
    triangle_tabs.link_ratio_tab(selection)
with tabs[4]:
    triangle_tabs.curves_tab(selection)
with tabs[5]:
    triangle_tabs.diagonals_tab(selection)
with tabs[6]:
    triangle_tabs.ratios_tab(selection)
