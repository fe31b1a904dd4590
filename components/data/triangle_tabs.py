"""The tabs of the Triangles page, one function each, over cached views of one triangle.

Each tab fetches its own view, so a view that fails (a single-origin segment has no link
ratios, say) shows its error in its tab while the others still work. One "Compact view"
toggle above the tabs (`compact_toggle`) shows every grid of a large triangle whole.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.core import cached, charts, state
from components.core.feedback import attempt
from components.core.scope import Scope
from components.core.tables import AMOUNT, FACTOR, RATIO, show_table
from components.data import compact_grid
from components.data.compact_grid import compact_table
from components.i18n.catalogue import Labeller, t
from components.i18n.labels import measure_text
from reserving.errors import ReservingError

RATIO_FORMATS = {"paid_to_incurred": RATIO, "closure_rate": RATIO}
"""Ratios shown as fractions; the average amounts use `AMOUNT`."""
HEATMAP_VIEWS = ("link_ratios", "cumulative", "incremental")
TOGGLE_PREFIX = "tri"


def view(selection: Scope, name: str) -> pd.DataFrame | None:
    """Return a cached view of the selected triangle, or None with the error shown."""
    dataset = selection.dataset
    return attempt(cached.triangle_view, name, dataset.content_hash, selection.measure, selection.segment, dataset)


def _n_ages(selection: Scope) -> int:
    """Development ages of the selected triangle (memoised on the dataset); 0 when it cannot be built."""
    try:
        return len(selection.dataset.triangle(selection.measure, selection.segment).development)
    except ReservingError:
        return 0  # the tabs show the error themselves


def compact_toggle(selection: Scope) -> bool:
    """Draw the Triangles page's 'Compact view' toggle (on by default for large triangles); return it."""
    return compact_grid.compact_toggle(TOGGLE_PREFIX, _n_ages(selection))


def is_compact(selection: Scope) -> bool:
    """Whether the tabs show the compact view: the toggle's value, or the default for this size before it is drawn."""
    n_ages = _n_ages(selection)
    return bool(state.widget_value(compact_grid.toggle_key(TOGGLE_PREFIX, n_ages), compact_grid.is_large(n_ages)))


def _grid(selection: Scope, grid: pd.DataFrame, key: str, number_format: str | None) -> None:
    """Show one grid with `show_table`, or whole (every row, factors to 3 decimals) in the compact view."""
    if is_compact(selection):
        compact_table(grid, key, number_format=number_format)
    else:
        show_table(grid, key, number_format=number_format)


def grid_tab(selection: Scope, name: str) -> None:
    """Cumulative or incremental grid."""
    grid = view(selection, name)
    if grid is not None:
        _grid(selection, grid, f"tri_{name}", AMOUNT)


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
        _grid(selection, ratios, "tri_link_ratios", FACTOR)
    averages = view(selection, "averages")
    if averages is not None:
        st.markdown(f"**{t('tri.averages')}**")
        _grid(selection, averages, "tri_averages", FACTOR)


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
        _grid(selection, diagonals, "tri_diagonals", AMOUNT)


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
        _grid(selection, grid, f"tri_ratio_{name}", RATIO_FORMATS.get(name, AMOUNT))
