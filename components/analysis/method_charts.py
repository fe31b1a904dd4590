"""Plotly builders of the analysis pages: factors and tail, methods against the selection, the bootstrap.

Pure functions in the manner of `components.core.charts` (frames in, `go.Figure` out, the one
`THEME`, text passed in already translated), so they are tested as plain functions.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components.core.charts import THEME, _apply_theme, value_axis
from reserving import formats


def tail_factors_chart(
    factors: pd.DataFrame,
    tail: pd.DataFrame,
    *,
    observed_name: str = "Observed (selected average)",
    fitted_name: str = "With tail",
    x_title: str = "Link",
    y_title: str = "Factor",
    title: str | None = None,
) -> go.Figure:
    """Observed selected factors against the factors used once the tail is fitted.

    Parameters
    ----------
    factors : DataFrame
        Index ``link`` ('12-24'), columns ``observed`` and ``selected`` (see `FactorView.factors`).
    tail : DataFrame
        Factors beyond the last age (index ``link``, column ``selected``), drawn on the fitted line.
    """
    links = [str(link) for link in factors.index]
    tail_links = [str(link) for link in tail.index]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=links,
            y=factors["observed"].to_numpy(dtype=float),
            mode="lines+markers",
            name=observed_name,
            hovertemplate=f"%{{x}}: {formats.hover_value(formats.FACTOR)}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=links + tail_links,
            y=np.concatenate([factors["selected"].to_numpy(dtype=float), tail["selected"].to_numpy(dtype=float)]),
            mode="lines+markers",
            name=fitted_name,
            line={"dash": "dash"},
            hovertemplate=f"%{{x}}: {formats.hover_value(formats.FACTOR)}<extra></extra>",
        )
    )
    _apply_theme(fig, title)
    fig.update_xaxes(title_text=x_title, type="category")
    fig.update_yaxes(title_text=y_title)
    return value_axis(fig, formats.FACTOR)


def methods_chart(
    ultimates: pd.DataFrame,
    selected: pd.Series | None = None,
    *,
    selected_name: str = "Selected",
    x_title: str = "Origin",
    y_title: str = "Ultimate",
    title: str | None = None,
) -> go.Figure:
    """Ultimates of every method by origin (markers), with the selection as a line over them.

    Parameters
    ----------
    ultimates : DataFrame
        Tidy rows ``origin``, ``method``, ``ultimate`` (see `method_views.long_ultimates`).
    selected : Series or None
        Selected ultimate by origin label.
    """
    fig = go.Figure()
    for method, rows in ultimates.groupby("method", sort=False):
        fig.add_trace(
            go.Scatter(
                x=rows["origin"].astype(str).to_numpy(),
                y=rows["ultimate"].to_numpy(dtype=float),
                mode="markers",
                name=str(method),
                marker={"size": 9},
                hovertemplate=f"{method}<br>%{{x}}: {formats.hover_value(formats.AMOUNT)}<extra></extra>",
            )
        )
    if selected is not None:
        fig.add_trace(
            go.Scatter(
                x=[str(o) for o in selected.index],
                y=selected.to_numpy(dtype=float),
                mode="lines+markers",
                name=selected_name,
                line={"color": "#000000", "width": 2},
                marker={"symbol": "diamond", "size": 10, "color": "#000000"},
                hovertemplate=f"{selected_name}<br>%{{x}}: {formats.hover_value(formats.AMOUNT)}<extra></extra>",
            )
        )
    _apply_theme(fig, title)
    fig.update_xaxes(title_text=x_title, type="category")
    fig.update_yaxes(title_text=y_title)
    return value_axis(fig, formats.AMOUNT)


HISTOGRAM_HOVER = f"{formats.hover_value(formats.AMOUNT, 'x')}: {formats.hover_value(formats.COUNT)}<extra></extra>"
"""Hover text of a histogram bar: the IBNR amount and the number of simulations."""


def ibnr_histogram(
    simulated: np.ndarray,
    percentiles: Mapping[str, float],
    *,
    x_title: str = "Total IBNR",
    y_title: str = "Simulations",
    title: str | None = None,
    bins: int = 50,
) -> go.Figure:
    """Histogram of simulated total IBNR with a dotted vertical line at each percentile.

    Parameters
    ----------
    simulated : ndarray
        Simulated total IBNR, one value per simulation.
    percentiles : mapping of label to value
        Lines to draw (``{"50": ..., "99.5": ...}``), labelled ``P50`` ... on the chart.
    """
    values = np.asarray(simulated, dtype=float)
    fig = go.Figure(
        go.Histogram(
            x=values,
            nbinsx=bins,
            name=x_title,
            marker={"color": THEME.colorway[0]},
            hovertemplate=HISTOGRAM_HOVER,
        )
    )
    for label, value in percentiles.items():
        fig.add_vline(
            x=float(value),
            line={"dash": "dot", "color": THEME.colorway[1]},
            annotation_text=f"P{label}",
            annotation_position="top",
        )
    _apply_theme(fig, title)
    fig.update_layout(showlegend=False, bargap=0.02)
    fig.update_xaxes(title_text=x_title)
    fig.update_yaxes(title_text=y_title)
    value_axis(fig, formats.COUNT)
    return value_axis(fig, formats.AMOUNT, axis="x")
