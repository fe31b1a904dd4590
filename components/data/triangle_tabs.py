"""The tabs of the Triangles page, one function each, over cached views of one triangle.

Each tab fetches its own view, so a view that fails (a single-origin segment has no link
ratios, say) shows its error in its tab while the others still work.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.core import cached, charts
from components.core.feedback import attempt
from components.core.scope import Scope
from components.core.tables import AMOUNT, FACTOR, RATIO, show_table
from components.i18n.catalogue import Labeller, t
from components.i18n.labels import measure_text

RATIO_FORMATS = {"paid_to_incurred": RATIO, "closure_rate": RATIO}
"""Ratios shown as fractions; the average amounts use `AMOUNT`."""
HEATMAP_VIEWS = ("link_ratios", "cumulative", "incremental")


def view(selection: Scope, name: str) -> pd.DataFrame | None:
    """Return a cached view of the selected triangle, or None with the error shown."""
    dataset = selection.dataset
    return attempt(cached.triangle_view, name, dataset.content_hash, selection.measure, selection.segment, dataset)


def grid_tab(selection: Scope, name: str) -> None:
    """Cumulative or incremental grid."""
    grid = view(selection, name)
    if grid is not None:
        show_table(grid, f"tri_{name}", number_format=AMOUNT)


def heatmap_tab(selection: Scope) -> None:
    """Draw a heatmap of link ratios (default), cumulative or incremental values."""
    name = st.radio(
        t("tri.heatmap.view"),
        HEATMAP_VIEWS,
        format_func=Labeller("tri.heatmap.view."),
        horizontal=True,
        key="tri_heatmap_view",
    )
    grid = view(selection, name)
    if grid is None:
        return
    value_format = ".3f" if name == "link_ratios" else ",.0f"
    fig = charts.triangle_heatmap(grid, x_title=t("chart.age"), y_title=t("chart.origin"), value_format=value_format)
    st.plotly_chart(fig, key="tri_heatmap_chart", width="stretch")


def link_ratio_tab(selection: Scope) -> None:
    """Age-to-age factors and their averages."""
    ratios = view(selection, "link_ratios")
    if ratios is not None:
        show_table(ratios, "tri_link_ratios", number_format=FACTOR)
    averages = view(selection, "averages")
    if averages is not None:
        st.markdown(f"**{t('tri.averages')}**")
        show_table(averages, "tri_averages", number_format=FACTOR)


def curves_tab(selection: Scope) -> None:
    """Cumulative development by origin, one line each."""
    curves = view(selection, "curves")
    if curves is None:
        return
    fig = charts.development_curves(curves, x_title=t("chart.age"), y_title=measure_text(selection.measure))
    st.plotly_chart(fig, key="tri_curves_chart", width="stretch")
    show_table(curves, "tri_curves", number_format=None)


def diagonals_tab(selection: Scope) -> None:
    """Incremental amounts by calendar period."""
    diagonals = view(selection, "diagonals")
    if diagonals is not None:
        show_table(diagonals, "tri_diagonals", number_format=AMOUNT)


def ratios_tab(selection: Scope) -> None:
    """Every ratio triangle the data supports (paid/incurred, average case reserve ...)."""
    dataset = selection.dataset
    ratios = attempt(cached.ratio_views, dataset.content_hash, selection.segment, dataset)
    if ratios is None:
        return
    if not ratios:
        st.info(t("tri.ratios.none"))
        return
    for name, grid in ratios.items():
        st.markdown(f"**{t(f'ratio.{name}')}**")
        show_table(grid, f"tri_ratio_{name}", number_format=RATIO_FORMATS.get(name, AMOUNT))
