"""The Development page's chart: every link ratio by age, the averages through them, the factor selected.

A pure builder (data in, `go.Figure` out, no ``st.*``): the page passes the link-ratio grid,
which ratios are left out, the averages and the selected factors, with every text already
translated, so the figure can be tested as a plain function.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components.core.charts import THEME, _apply_theme

LEFT_OUT_COLOUR = "#c00000"
"""Left-out ratios are red crosses: no line colour of `THEME` is red, so they never read as kept points."""
POINT_COLOUR = "#7f8c99"
SELECTED_COLOUR = "#1b1f24"
AVERAGE_DASHES = ("dot", "dash", "dashdot", "longdash")


@dataclass(frozen=True)
class ChartText:
    """What the figure says, already in the user's language."""

    x_title: str = "Development age (months)"
    y_title: str = "Link ratio"
    kept: str = "Link ratios"
    left_out: str = "Left out"
    selected: str = "Selected"
    origin: str = "Origin"


def link_age(link: object) -> int:
    """Age a link ratio develops from: 12 for ``12-24``."""
    return int(str(link).split("-")[0])


def chart_points(ratios: pd.DataFrame, excluded: pd.DataFrame) -> pd.DataFrame:
    """One row per observed link ratio: ``origin``, ``link``, ``age`` (from-age), ``ratio``, ``excluded``.

    `excluded` is a boolean grid shaped like `ratios` (True where the ratio is left out);
    cells without a ratio (beyond the latest diagonal, or an undefined ratio) are dropped.
    """
    mask = excluded.reindex(index=ratios.index, columns=ratios.columns).fillna(False).astype(bool)
    rows = []
    for origin in ratios.index:
        for link in ratios.columns:
            value = ratios.at[origin, link]
            if pd.notna(value) and np.isfinite(float(value)):
                rows.append((str(origin), str(link), link_age(link), float(value), bool(mask.at[origin, link])))
    return pd.DataFrame(rows, columns=["origin", "link", "age", "ratio", "excluded"])


def _points(points: pd.DataFrame, name: str, text: ChartText, marker: dict) -> go.Scatter:
    return go.Scatter(
        x=points["age"].to_numpy(),
        y=points["ratio"].to_numpy(),
        mode="markers",
        name=name,
        marker=marker,
        customdata=np.column_stack([points["origin"].to_numpy(), points["link"].to_numpy()]),
        hovertemplate=f"{text.origin} %{{customdata[0]}}<br>%{{customdata[1]}}: %{{y:.4f}}<extra>{name}</extra>",
    )


def _line(factors: pd.Series, name: str, **style: object) -> go.Scatter:
    values = pd.to_numeric(factors, errors="coerce")
    return go.Scatter(
        x=[link_age(link) for link in values.index],
        y=values.to_numpy(dtype=float),
        name=name,
        customdata=[str(link) for link in values.index],
        hovertemplate=f"%{{customdata}}: %{{y:.4f}}<extra>{name}</extra>",
        **style,
    )


def development_chart(
    ratios: pd.DataFrame,
    excluded: pd.DataFrame,
    averages: Mapping[str, pd.Series],
    selected: pd.Series,
    text: ChartText = ChartText(),
) -> go.Figure:
    """Link ratios by development age, with the averages as lines and the selected factor marked.

    Parameters
    ----------
    ratios : DataFrame
        The link-ratio grid: origins down, links (``12-24``) across; NaN where there is none.
    excluded : DataFrame of bool
        Shaped like `ratios`; True where the user left the ratio out (by cell or diagonal).
        Those points are drawn as red crosses under their own legend entry, so what the
        averages leave out is visible at a glance.
    averages : mapping of legend name to Series
        Each average to draw as a line, indexed by link (volume-weighted, simple, the
        user's chosen average ...), in legend order.
    selected : Series
        The factor used at each link (the chosen average, a typed factor or a curve fit),
        drawn as a thick line with diamond markers.
    text : ChartText
        Legend and axis text, already translated.
    """
    points = chart_points(ratios, excluded)
    fig = go.Figure()
    kept = points[~points["excluded"]]
    fig.add_trace(_points(kept, text.kept, text, {"color": POINT_COLOUR, "size": 7, "opacity": 0.8}))
    dropped = points[points["excluded"]]
    marker = {"color": LEFT_OUT_COLOUR, "size": 10, "symbol": "x-thin-open", "line": {"width": 2}}
    fig.add_trace(_points(dropped, text.left_out, text, marker))
    for position, (name, factors) in enumerate(averages.items()):
        colour = THEME.colorway[position % len(THEME.colorway)]
        dash = AVERAGE_DASHES[position % len(AVERAGE_DASHES)]
        fig.add_trace(_line(factors, name, mode="lines", line={"color": colour, "width": 2, "dash": dash}))
    fig.add_trace(
        _line(
            selected,
            text.selected,
            mode="lines+markers",
            line={"color": SELECTED_COLOUR, "width": 3},
            marker={"symbol": "diamond", "size": 9, "color": SELECTED_COLOUR},
        )
    )
    _apply_theme(fig, None)
    links = list(ratios.columns)
    fig.update_xaxes(
        title_text=text.x_title, tickvals=[link_age(link) for link in links], ticktext=[str(link) for link in links]
    )
    fig.update_yaxes(title_text=text.y_title)
    fig.update_layout(legend={"orientation": "h", "y": -0.2})
    return fig
