"""The premium adequacy test on screen: units, loss ratios with their defaults, loads, the PDR and its sensitivity.

The engine has no default loss ratio (no sensible industry value exists), so the page offers
the current claims dataset's selected ultimate over premium of its latest origin (of the
unit's own line/branch segments when the dataset has them) when that dataset has premium,
and otherwise asks for a ratio per unit with a clear message.
"""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pandas as pd
import streamlit as st

from components.core import state
from components.core.feedback import attempt
from components.core.scope import Scope, current_selection
from components.core.tables import RATIO, amount_or_dash, show_table
from components.i18n.catalogue import Labeller, t
from components.i18n.labels import dataset_text
from components.statement import upr_cached, upr_charts
from components.statement.sensitivity import pdr_sensitivity
from reserving.dataset import SegmentKey
from reserving.errors import ReservingError
from reserving.unexpired import AdequacyParameters, UprResult

UNITS = ("line", "line_branch")
LR_PREFIX = "upr_pdr_lr_"
SENSITIVITY_RANGE = (50, 150)
"""Default range of the sensitivity: 50% to 150% of the chosen loss ratios."""
SENSITIVITY_POINTS = 21


def latest_ratio(selection: Scope) -> tuple[float, float, str] | None:
    """Return the selected ultimate, premium and origin of the latest origin with premium, or None."""
    from components.retro.retro_runs import loss_ratios  # noqa: PLC0415 - only needed when there is premium

    try:
        frame = loss_ratios(selection).dropna(subset=["ultimate", "premium"])
    except (ReservingError, KeyError, ValueError):
        return None
    frame = frame[frame["premium"] > 0]
    if frame.empty:
        return None
    return float(frame["ultimate"].iloc[-1]), float(frame["premium"].iloc[-1]), str(frame.index[-1])


def matching_segments(selection: Scope, branch: str | None, line: str) -> list[SegmentKey]:
    """Return the claims segments of a unit: those whose line (and branch, for a line x branch unit) match."""
    out = []
    for key in selection.dataset.segment_keys():
        dims = dict(key)
        if str(dims.get("line")) == line and (branch is None or str(dims.get("branch")) == branch):
            out.append(key)
    return out


def claims_defaults(units: list[tuple[str, str | None, str]]) -> dict[str, tuple[float, str]]:
    """Return a default loss ratio and its source per unit from the current claims dataset, where it has premium.

    A unit takes the selected ultimate over premium of the latest origin of the claims segments
    of the same line (and branch); without such segments, that of the dataset as a whole.
    """
    selection = current_selection(report=False)
    if selection is None or not selection.dataset.has_premium:
        return {}
    name = dataset_text(selection.dataset.name)
    whole = latest_ratio(selection)
    out: dict[str, tuple[float, str]] = {}
    for key, branch, line in units:
        segments = matching_segments(selection, branch, line)
        parts = [latest_ratio(replace(selection, segment=segment)) for segment in segments]
        if segments and all(part is not None for part in parts):
            ultimate = sum(part[0] for part in parts if part)
            premium = sum(part[1] for part in parts if part)
            origin = next(part[2] for part in parts if part)
            where = line if branch is None else f"{branch} / {line}"
            source = t("pdr.default.segment", dataset=name, segment=where, origin=origin)
        elif whole is not None:
            ultimate, premium, origin = whole
            source = t("pdr.default.claims", dataset=name, origin=origin)
        else:
            continue
        if premium > 0 and np.isfinite(ultimate / premium):
            out[key] = (ultimate / premium, source)
    return out


def unit_keys(result: UprResult, unit: str) -> list[tuple[str, str | None, str]]:
    """Return the units of the test: (key, branch, line); the key is the line or ``branch|line``."""
    if unit == "line":
        return [(str(line), None, str(line)) for line in result.by_line["line"]]
    return [
        (f"{b}|{line}", str(b), str(line)) for b, line in zip(result.rows["branch"], result.rows["line"], strict=True)
    ]


def loss_ratio_controls(result: UprResult, unit: str) -> tuple[tuple[str, float], ...] | None:
    """Ask a loss ratio (%) per unit, its default and source shown; None with a message while one is missing."""
    units = unit_keys(result, unit)
    defaults = claims_defaults(units)
    # new defaults (another claims dataset or unit) seed the ratio boxes afresh
    state.refresh_widgets("upr_pdr_loss_ratios", json.dumps(sorted(defaults.items()), ensure_ascii=False), LR_PREFIX)
    if not defaults:
        st.info(t("pdr.default.none"))
    else:
        shown = pd.DataFrame(
            {
                "unit": [key for key, _, _ in units],
                "default_loss_ratio": [defaults[key][0] if key in defaults else np.nan for key, _, _ in units],
                "source": [defaults[key][1] if key in defaults else t("pdr.default.missing") for key, _, _ in units],
            }
        )
        show_table(shown, "upr_pdr_defaults", kinds={"default_loss_ratio": "ratio"})
    out: list[tuple[str, float]] = []
    missing: list[str] = []
    cols = st.columns(3)
    for i, (key, branch, line) in enumerate(units):
        label = line if branch is None else f"{branch} / {line}"
        default = defaults.get(key)
        value = cols[i % 3].number_input(
            t("pdr.loss_ratio", unit=label),
            min_value=0.0,
            max_value=500.0,
            value=round(default[0] * 100, 2) if default else None,
            step=1.0,
            key=f"{LR_PREFIX}{unit}_{key}",
            help=default[1] if default else t("pdr.default.missing"),
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
    st.metric(t("pdr.metric.total"), amount_or_dash(test.total_pdr))
    show_table(test.units, "upr_pdr_units", kinds={"loss_ratio": RATIO})
    low, high = st.slider(
        t("pdr.range"), min_value=0, max_value=300, value=SENSITIVITY_RANGE, step=5, key="upr_pdr_range"
    )
    factors = np.linspace(low / 100, max(high, low + 1) / 100, SENSITIVITY_POINTS)
    curve = attempt(pdr_sensitivity, result, parameters, test.units, factors)
    if curve is None or test.units.empty:
        return
    gross = test.units["upr_gross"]
    chosen = float((test.units["loss_ratio"] * gross).sum() / gross.sum()) if gross.sum() else 0.0
    fig = upr_charts.sensitivity_figure(
        curve, chosen, t("pdr.chart.title"), t("pdr.chart.loss_ratio"), t("pdr.chart.pdr")
    )
    st.plotly_chart(fig, key="upr_pdr_chart", width="stretch")
    show_table(curve, "upr_pdr_sensitivity", kinds={"factor": RATIO, "loss_ratio": RATIO})
