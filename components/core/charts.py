"""Plotly figure builders: a tidy DataFrame in, a `go.Figure` out.

Pure functions, no ``st.*``: they can be tested as plain functions and reused in reports.
Text shown on a figure (titles, axis labels) is passed in by the caller, already
translated. Every figure takes its look from the one `THEME`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from reserving import formats


@dataclass(frozen=True)
class Theme:
    """The look shared by every figure of the app."""

    font_family: str = "Source Sans Pro, Noto Sans SC, sans-serif"
    font_size: int = 13
    colorway: tuple[str, ...] = (
        "#1f4e79",
        "#c55a11",
        "#548235",
        "#7030a0",
        "#bf9000",
        "#2e75b6",
        "#a5a5a5",
        "#843c0c",
        "#375623",
        "#ff6f61",
    )
    heat_scale: str = "RdYlGn_r"
    template: str = "plotly_white"
    height: int = 460


THEME = Theme()


def _apply_theme(fig: go.Figure, title: str | None) -> go.Figure:
    fig.update_layout(
        template=THEME.template,
        colorway=list(THEME.colorway),
        font={"family": THEME.font_family, "size": THEME.font_size},
        height=THEME.height,
        margin={"l": 60, "r": 20, "t": 50 if title else 20, "b": 50},
        title={"text": title} if title else None,
        legend={"title": {"text": ""}},
    )
    return fig


def value_axis(fig: go.Figure, kind: formats.Kind, axis: str = "y") -> go.Figure:
    """Give a figure's value axis the tick format of `kind` (amounts ``80,000,000``, ratios ``75%``), never ``80M``.

    One helper for every chart, so an amount axis reads like the tables' amounts
    (`reserving.formats.TICK_FORMATS`) in both languages.
    """
    settings = formats.axis_format(kind)
    if axis == "x":
        fig.update_xaxes(**settings)
    else:
        fig.update_yaxes(**settings)
    return fig


def triangle_heatmap(
    grid: pd.DataFrame,
    *,
    title: str | None = None,
    x_title: str = "Development age (months)",
    y_title: str = "Origin",
    value_format: str = ",.0f",
) -> go.Figure:
    """Heatmap of a triangle grid (origins down, development ages across), values written in the cells.

    Each column is coloured on its own scale (values relative to the column's range), so a
    cell that stands out from its development age shows whatever the size of the age's
    values; the hover text and cell labels show the real values.

    Parameters
    ----------
    grid : DataFrame
        Origin labels as index, development labels as columns; NaN where there is no cell.
    title, x_title, y_title : str
        Text shown on the figure (already translated).
    value_format : str
        Python format spec of the cell labels (``,.0f`` amounts, ``.3f`` factors); missing
        cells are left blank.
    """
    values = grid.to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        low = np.nanmin(np.where(np.isnan(values), np.inf, values), axis=0)
        high = np.nanmax(np.where(np.isnan(values), -np.inf, values), axis=0)
        span = np.where(high > low, high - low, 1.0)
        scaled = (values - low) / span
    scaled = np.where(np.isfinite(scaled), scaled, np.nan)
    x = [str(col) for col in grid.columns]
    y = [str(idx) for idx in grid.index]
    text = [["" if np.isnan(v) else format(v, value_format) for v in row] for row in values]
    fig = go.Figure(
        go.Heatmap(
            z=scaled,
            x=x,
            y=y,
            text=text,
            texttemplate="%{text}",
            hovertemplate=f"{y_title} %{{y}}<br>{x_title} %{{x}}<br>%{{text}}<extra></extra>",
            colorscale=THEME.heat_scale,
            showscale=False,
            xgap=1,
            ygap=1,
        )
    )
    _apply_theme(fig, title)
    fig.update_xaxes(title_text=x_title, type="category", side="top")
    fig.update_yaxes(title_text=y_title, type="category", autorange="reversed")
    return fig


def development_curves(
    curves: pd.DataFrame,
    *,
    title: str | None = None,
    x_title: str = "Development age (months)",
    y_title: str = "Value",
    origin: str = "origin",
    age: str = "age",
    value: str = "value",
    kind: formats.Kind = formats.AMOUNT,
) -> go.Figure:
    """One line per origin of a tidy frame (origin, age, value): how each origin developed.

    Origins appear in the legend in their sorted order; a later origin's shorter line is
    the point of the chart (it shows where each origin stands against the older ones).
    Rows without a value (cells beyond the latest diagonal) are left out. `kind` sets the
    value axis and hover format (amounts by default; `reserving.formats.RATIO` for ratios).
    """
    fig = go.Figure()
    for label, group in curves.groupby(origin, sort=True):
        rows = group.dropna(subset=[value]).sort_values(age)
        fig.add_trace(
            go.Scatter(
                x=rows[age].to_numpy(),
                y=rows[value].to_numpy(),
                mode="lines+markers",
                name=str(label),
                hovertemplate=f"{label}<br>{x_title} %{{x}}<br>{y_title} {formats.hover_value(kind)}<extra></extra>",
            )
        )
    _apply_theme(fig, title)
    fig.update_xaxes(title_text=x_title)
    fig.update_yaxes(title_text=y_title)
    return value_axis(fig, kind)
