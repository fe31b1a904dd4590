"""The UPR statement on screen: tables per line x branch, per line and in total, and the two charts."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.core.tables import amount_or_dash, show_table
from components.i18n.catalogue import t
from components.statement import upr_charts
from components.statement.upr_inputs import method_label
from reserving.unexpired import AMOUNT_COLUMNS, UprResult

CEDED = ("ceded_upr", "ceded_unexpired_commission", "ceded_upr_net", "retained_upr_net")
PERIOD = ("earned_premium", "opening_upr_gross")


def shown_columns(result: UprResult) -> list[str]:
    """Return the amount columns to show: earned premium only with an opening date, ceded only with ceded data."""
    out = list(AMOUNT_COLUMNS)
    if result.settings.opening_date is None:
        out = [c for c in out if c not in PERIOD]
    if not result.has_ceded:
        out = [c for c in out if c not in CEDED]
    return out


def statement_table(frame: pd.DataFrame, amounts: list[str], keys: list[str]) -> pd.DataFrame:
    """Return a table of the statement with the method named in the user's language."""
    table = frame[[*keys, *amounts]].copy() if "method" not in frame else frame[[*keys, "method", *amounts]].copy()
    if "method" in table:
        table.insert(len(keys), "upr_method", table.pop("method").map(method_label))
    return table


def total_frame(result: UprResult, amounts: list[str]) -> pd.DataFrame:
    """Return the one-row total."""
    return pd.DataFrame([{c: result.total[c] for c in amounts}])


def render_tables(result: UprResult) -> None:
    """Show the three tables, each with its download."""
    amounts = shown_columns(result)
    st.subheader(t("upr.table.total"))
    st.metric(t("upr.metric.upr_net"), amount_or_dash(result.total["upr_net"]))
    show_table(total_frame(result, amounts), "upr_total")
    st.subheader(t("upr.table.by_line"))
    show_table(statement_table(result.by_line, amounts, ["line"]), "upr_by_line")
    st.subheader(t("upr.table.rows"))
    show_table(statement_table(result.rows, amounts, ["branch", "line"]), "upr_rows")


def render_charts(result: UprResult, runoff: pd.DataFrame | None) -> None:
    """Draw the UPR run-off by future month per line, and UPR by branch."""
    left, right = st.columns(2)
    if runoff is not None:
        fig = upr_charts.runoff_figure(runoff, t("upr.chart.runoff"), t("upr.chart.month"), t("upr.chart.upr"))
        left.plotly_chart(fig, key="upr_runoff_chart", width="stretch")
        show_table(runoff, "upr_runoff")
    fig = upr_charts.branch_figure(result.rows, t("upr.chart.branch"), t("col.branch"), t("upr.chart.upr"))
    right.plotly_chart(fig, key="upr_branch_chart", width="stretch")
