"""Figures of the Statement section: data in, `go.Figure` out, no session state.

Titles and axis labels are given by the caller (already in the user's language), so the
builders stay pure and testable without Streamlit.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.core.charts import THEME, value_axis
from reserving import formats


def _layout(fig: go.Figure, title: str, x_title: str, y_title: str) -> go.Figure:
    fig.update_layout(
        template=THEME.template,
        colorway=list(THEME.colorway),
        font={"family": THEME.font_family, "size": THEME.font_size},
        height=THEME.height,
        title={"text": title},
        margin={"l": 60, "r": 20, "t": 50, "b": 50},
        xaxis_title=x_title,
        yaxis_title=y_title,
    )
    return value_axis(fig, formats.AMOUNT)


def runoff_figure(runoff: pd.DataFrame, title: str, x_title: str, y_title: str) -> go.Figure:
    """UPR gross at each future month end, one line per line of business (`upr_runoff` output)."""
    fig = go.Figure()
    for line, part in runoff.groupby("line", sort=True):
        fig.add_trace(go.Scatter(x=part["month"], y=part["upr_gross"], mode="lines+markers", name=str(line)))
    return _layout(fig, title, x_title, y_title)


def branch_figure(rows: pd.DataFrame, title: str, x_title: str, y_title: str) -> go.Figure:
    """UPR gross by branch, stacked by line (the statement's branch x line rows)."""
    fig = go.Figure()
    branches = sorted(rows["branch"].astype(str).unique())
    for line, part in rows.groupby("line", sort=True):
        values = part.set_index(part["branch"].astype(str))["upr_gross"].reindex(branches, fill_value=0.0)
        fig.add_trace(go.Bar(x=branches, y=values.to_numpy(), name=str(line)))
    fig.update_layout(barmode="stack")
    return _layout(fig, title, x_title, y_title)


def sensitivity_figure(curve: pd.DataFrame, chosen: float, title: str, x_title: str, y_title: str) -> go.Figure:
    """Total PDR against the (UPR-weighted) loss ratio, with the chosen loss ratio marked."""
    fig = go.Figure(go.Scatter(x=curve["loss_ratio"], y=curve["pdr"], mode="lines+markers", name=y_title))
    fig.add_vline(x=chosen, line_dash="dash")
    fig = _layout(fig, title, x_title, y_title)
    return value_axis(fig, formats.RATIO, axis="x")
