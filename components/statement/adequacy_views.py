"""The premium adequacy test on screen: units, loss ratios with their defaults, loads, the PDR and its sensitivity.

The engine has no default loss ratio (no sensible industry value exists), so the page offers
the current claims dataset's selected ultimate over premium of its latest origin when that
dataset has premium, and otherwise asks for a ratio per unit with a clear message.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from components.core.feedback import attempt
from components.core.scope import current_selection
from components.core.tables import RATIO, show_table
from components.i18n.catalogue import Labeller, t
from components.statement import upr_cached, upr_charts
from components.statement.sensitivity import pdr_sensitivity
from reserving.errors import ReservingError
from reserving.unexpired import AdequacyParameters, UprResult

UNITS = ("line", "line_branch")
SENSITIVITY_FACTORS = np.linspace(0.5, 1.5, 11)
"""Loss ratios of the sensitivity: 50% to 150% of the chosen ones."""


def claims_default() -> tuple[float, str] | None:
    """Return the selected ultimate / premium of the current claims dataset's latest origin, and where it comes from."""
    selection = current_selection(report=False)
    if selection is None or not selection.dataset.has_premium:
        return None
    try:
        from components.retro.retro_runs import loss_ratios  # noqa: PLC0415 - only needed when there is premium

        frame = loss_ratios(selection).dropna()
    except (ReservingError, KeyError, ValueError):
        return None
    if frame.empty:
        return None
    last = frame.iloc[-1]
    ratio = float(last["loss_ratio"])
    if not np.isfinite(ratio) or ratio < 0:
        return None
    return ratio, t("pdr.default.claims", dataset=selection.dataset.name, origin=str(frame.index[-1]))


def unit_keys(result: UprResult, unit: str) -> list[tuple[str, str | None, str]]:
    """Return the units of the test: (key, branch, line); the key is the line or ``branch|line``."""
    if unit == "line":
        return [(str(line), None, str(line)) for line in result.by_line["line"]]
    return [
        (f"{b}|{line}", str(b), str(line)) for b, line in zip(result.rows["branch"], result.rows["line"], strict=True)
    ]


def loss_ratio_controls(result: UprResult, unit: str) -> tuple[tuple[str, float], ...] | None:
    """Ask a loss ratio (%) per unit, its default and source shown; None with a message while one is missing."""
    default = claims_default()
    if default is None:
        st.info(t("pdr.default.none"))
    else:
        st.caption(t("pdr.default.shown", ratio=f"{default[0]:.1%}", source=default[1]))
    out: list[tuple[str, float]] = []
    missing: list[str] = []
    cols = st.columns(3)
    for i, (key, branch, line) in enumerate(unit_keys(result, unit)):
        label = line if branch is None else f"{branch} / {line}"
        value = cols[i % 3].number_input(
            t("pdr.loss_ratio", unit=label),
            min_value=0.0,
            max_value=500.0,
            value=round(default[0] * 100, 2) if default else None,
            step=1.0,
            key=f"upr_pdr_lr_{unit}_{key}",
        )
        if value is None:
            missing.append(label)
        else:
            out.append((key, float(value) / 100))
    if missing:
        st.warning(t("pdr.missing", units=t("list.join").join(missing)))
        return None
    return tuple(out)


def parameter_controls(result: UprResult) -> AdequacyParameters | None:
    """All the test's assumptions; None while a loss ratio is missing or a value is refused."""
    unit = st.radio(t("pdr.unit"), UNITS, format_func=Labeller("pdr.unit."), horizontal=True, key="upr_pdr_unit")
    ratios = loss_ratio_controls(result, unit)
    cols = st.columns(3)
    alae = cols[0].number_input(t("pdr.alae"), min_value=0.0, max_value=100.0, value=0.0, step=0.5, key="upr_pdr_alae")
    ulae = cols[1].number_input(t("pdr.ulae"), min_value=0.0, max_value=100.0, value=0.0, step=0.5, key="upr_pdr_ulae")
    maintenance = cols[2].number_input(
        t("pdr.maintenance"), min_value=0.0, max_value=100.0, value=0.0, step=0.5, key="upr_pdr_maintenance"
    )
    cols = st.columns(3)
    rate = cols[0].number_input(
        t("pdr.discount"), min_value=-50.0, max_value=50.0, value=0.0, step=0.25, key="upr_pdr_discount"
    )
    margin = cols[1].number_input(
        t("pdr.risk_margin"), min_value=0.0, max_value=100.0, value=0.0, step=0.5, key="upr_pdr_margin"
    )
    offsetting = cols[2].toggle(t("pdr.offsetting"), key="upr_pdr_offsetting", help=t("pdr.offsetting_help"))
    if ratios is None:
        return None
    return attempt(
        AdequacyParameters,
        unit=unit,
        loss_ratios=ratios,
        alae_ratio=alae / 100,
        ulae_ratio=ulae / 100,
        maintenance_ratio=maintenance / 100,
        discount_rate=rate / 100,
        risk_margin_ratio=margin / 100,
        offsetting=offsetting,
    )


def render(result: UprResult, content_key: str, mapping: str) -> None:
    """Draw the whole adequacy section."""
    st.caption(t("pdr.caption"))
    parameters = parameter_controls(result)
    if parameters is None:
        return
    settings = upr_cached.settings_json(result.settings)
    test = attempt(upr_cached.adequacy, content_key, mapping, settings, upr_cached.settings_json(parameters), result)
    if test is None:
        return
    st.metric(t("pdr.metric.total"), f"{test.total_pdr:,.2f}")
    show_table(test.units, "upr_pdr_units", kinds={"loss_ratio": RATIO})
    curve = attempt(pdr_sensitivity, result, parameters, test.units, SENSITIVITY_FACTORS)
    if curve is None or test.units.empty:
        return
    gross = test.units["upr_gross"]
    chosen = float((test.units["loss_ratio"] * gross).sum() / gross.sum()) if gross.sum() else 0.0
    fig = upr_charts.sensitivity_figure(
        curve, chosen, t("pdr.chart.title"), t("pdr.chart.loss_ratio"), t("pdr.chart.pdr")
    )
    st.plotly_chart(fig, key="upr_pdr_chart", width="stretch")
    show_table(curve, "upr_pdr_sensitivity", kinds={"factor": RATIO, "loss_ratio": RATIO})
