"""Plotly builders of the retrospection charts: tidy frames in, `go.Figure` out.

Pure functions in the style of `components.core.charts` (one `THEME`, no ``st.*``, captions
passed in already translated), so they are tested as plain functions and reused in reports.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components.core.charts import THEME, _apply_theme, value_axis
from reserving import formats

INCREASE, DECREASE, TOTAL_COLOUR = "#c55a11", "#548235", "#1f4e79"
"""Waterfall colours: a step that raises the reserve, one that lowers it, the end bars."""


def _category_chart(
    fig: go.Figure, x_title: str, y_title: str, title: str | None, kind: formats.Kind, **layout: object
) -> go.Figure:
    """Finish a chart whose x labels are categories (origins, dates as text) and whose values read as `kind`.

    Category axes keep ``2019`` or ``2024-06-30`` as labels rather than a numeric or time scale.
    """
    fig.update_layout(**layout, xaxis_title=x_title, yaxis_title=y_title)
    fig.update_xaxes(type="category")
    return value_axis(_apply_theme(fig, title), kind)


def ave_bars(
    frame: pd.DataFrame,
    *,
    actual_name: str = "Actual",
    expected_name: str = "Expected",
    x_title: str = "Origin",
    y_title: str = "Emergence",
    flagged: Sequence[str] = (),
    title: str | None = None,
) -> go.Figure:
    """Actual beside expected emergence per origin (index = origin; columns ``actual``, ``expected``).

    Flagged origins get a black outline on their actual bar, so the eye finds them.
    """
    origins = [str(o) for o in frame.index]
    outline = [2.5 if o in set(flagged) else 0.0 for o in origins]
    fig = go.Figure(
        [
            go.Bar(
                name=expected_name, x=origins, y=frame["expected"].to_numpy(dtype=float), marker_color=THEME.colorway[6]
            ),
            go.Bar(
                name=actual_name,
                x=origins,
                y=frame["actual"].to_numpy(dtype=float),
                marker={"color": THEME.colorway[0], "line": {"color": "#000000", "width": outline}},
            ),
        ]
    )
    return _category_chart(fig, x_title, y_title, title, formats.AMOUNT, barmode="group")


def ae_heatmap(
    grid: pd.DataFrame,
    *,
    x_title: str = "Calendar period",
    y_title: str = "Origin",
    title: str | None = None,
    span: float = 1.0,
) -> go.Figure:
    """A/E by origin x calendar period, centred on 1 (green below, red above, clipped at 1 +/- `span`)."""
    values = grid.to_numpy(dtype=float)
    text = [["" if not np.isfinite(v) else formats.format_ratio(v) for v in row] for row in values]
    fig = go.Figure(
        go.Heatmap(
            z=values,
            x=[str(c) for c in grid.columns],
            y=[str(i) for i in grid.index],
            text=text,
            texttemplate="%{text}",
            colorscale=THEME.heat_scale,
            zmid=1.0,
            zmin=1.0 - span,
            zmax=1.0 + span,
            hoverongaps=False,
            colorbar={"title": {"text": "A/E"}, **formats.axis_format(formats.RATIO)},
        )
    )
    fig.update_layout(xaxis_title=x_title, yaxis_title=y_title)
    fig.update_xaxes(type="category")
    fig.update_yaxes(type="category", autorange="reversed")
    return _apply_theme(fig, title)


def estimates_chart(
    estimates: pd.DataFrame,
    *,
    x_title: str = "Valuation date",
    y_title: str = "Ultimate",
    title: str | None = None,
) -> go.Figure:
    """Draw the triangle of estimates as lines: one per origin, its ultimate as seen at each valuation date."""
    fig = go.Figure()
    dates = [str(c) for c in estimates.columns]
    for origin, row in estimates.iterrows():
        values = row.to_numpy(dtype=float)
        if not np.isfinite(values).any():
            continue
        fig.add_trace(go.Scatter(x=dates, y=values, mode="lines+markers", name=str(origin)))
    return _category_chart(fig, x_title, y_title, title, formats.AMOUNT)


def change_waterfall(
    steps: pd.DataFrame,
    prior: float,
    current: float,
    *,
    prior_label: str = "Prior",
    current_label: str = "Current",
    y_title: str = "Ultimate",
    title: str | None = None,
) -> go.Figure:
    """Waterfall from `prior` through each step (columns ``label``, ``change``) to `current`.

    The end bars are absolute values and the steps relative, so the bars land where the
    numbers say; the current bar is drawn from `current` itself (not Plotly's running sum),
    which makes any failure of the steps to add up visible as a gap. The axis starts at 0
    (it started near the lowest running total, 80M for a 90M ultimate, which made a 2%
    step look like half the reserve); each bar carries its figure as text.
    """
    labels = [prior_label, *[str(s) for s in steps["label"]], current_label]
    values = [float(prior), *steps["change"].astype(float), float(current)]
    measures = ["absolute", *["relative"] * len(steps), "absolute"]
    fig = go.Figure(
        go.Waterfall(
            x=labels,
            y=values,
            measure=measures,
            text=[formats.format_amount(v) for v in values],
            textposition="outside",
            increasing={"marker": {"color": INCREASE}},
            decreasing={"marker": {"color": DECREASE}},
            totals={"marker": {"color": TOTAL_COLOUR}},
            connector={"line": {"color": "#a5a5a5"}},
        )
    )
    running = np.cumsum(values[:-1])
    low, high = min(0.0, prior, current, *running), max(0.0, prior, current, *running)
    pad = 0.12 * max(high - low, 1.0)  # room for the text above the bars
    fig.update_layout(
        yaxis_title=y_title,
        showlegend=False,
        yaxis_range=[low - pad if low < 0 else 0.0, high + pad if high > 0 else 0.0],
    )
    return value_axis(_apply_theme(fig, title), formats.AMOUNT)


def loss_ratio_chart(
    frame: pd.DataFrame,
    *,
    x_title: str = "Origin",
    y_title: str = "Loss ratio",
    title: str | None = None,
) -> go.Figure:
    """Draw the selected loss ratio per origin (index = origin; column ``loss_ratio``) as bars, in percent."""
    ratios = frame["loss_ratio"].to_numpy(dtype=float)
    fig = go.Figure(go.Bar(x=[str(o) for o in frame.index], y=ratios, marker_color=THEME.colorway[0]))
    fig.update_traces(hovertemplate=f"%{{x}}: {formats.hover_value(formats.RATIO)}<extra></extra>")
    return _category_chart(fig, x_title, y_title, title, formats.RATIO)
