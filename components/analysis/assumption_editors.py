"""Widgets that edit a segment's assumptions: development, tail, loss ratios, options, the file.

Every widget is seeded from the stored `SegmentAssumptions` (through a `Slot`) before it
is drawn and writes its value back in its ``on_change`` callback, so a choice survives
page changes. Tables edited in place (typed factors, a-priori loss ratios) and the
clickable link-ratio grid are read where they are drawn and saved when they differ from
the stored assumptions, which also lets the tests drive them through their widget state.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from components.analysis import assumption_state
from components.analysis.assumption_state import Slot
from components.analysis.development_chart import ChartText, development_chart
from components.analysis.method_views import (
    FactorView,
    cell_label,
    excluded_mask,
    link_cells,
    overrides_from_row,
    overrides_row,
    parse_cell_label,
)
from components.core import state
from components.core.feedback import show_error
from components.core.scope import Scope
from components.core.tables import csv_download, display_frame, header_config
from components.data.compact_grid import compact_area, full_height
from components.i18n.catalogue import Labeller, t
from components.i18n.labels import column_text, row_text
from reserving.assumptions import (
    AVERAGES,
    CLARK_FORM_BY_DATA,
    CLARK_FORMS,
    CLARK_GROWTHS,
    LOSS_RATIO_SOURCES,
    SIGMAS,
    TAIL_KINDS,
    DevelopmentAssumptions,
    SegmentAssumptions,
)
from reserving.errors import AssumptionError
from reserving.methods import MethodInputs

GRID_COUNTER = "dev_grid"
EXCLUDED_STYLE = "text-decoration: line-through; color: #9a9a9a; background-color: #f1f1f1"
"""Left-out cells: grey on grey. Streamlit's grid takes only colours and weight from a Styler, so the
strike itself is drawn into the text (`struck`); the CSS rule serves any HTML rendering of the Styler."""
TAIL_FACTOR_MIN = 0.0001
"""Smallest tail factor the editor takes: any factor above 0 is a tail (below 1 books salvage and recoveries)."""
CLARK_TRUNCATION_MAX = 1200
"""A century of development, in months: far beyond any triangle, so only typing errors are stopped."""
STRIKE = "\u0336"
"""COMBINING LONG STROKE OVERLAY: after every character, the text is drawn struck through."""


@dataclass(frozen=True)
class OptionalLabel:
    """A picklable ``format_func`` showing a catalogue text for a sentinel option and the option otherwise."""

    sentinel: object
    key: str

    def __call__(self, option: object) -> str:
        """Return the text shown for `option`."""
        return t(self.key) if option == self.sentinel else str(option)


@dataclass(frozen=True)
class RangeLabel:
    """A picklable ``format_func`` for a (low, high) percentile pair ('P25 to P75')."""

    def __call__(self, option: tuple[float, float]) -> str:
        """Return the text shown for `option`."""
        return t("unc.range_label", low=f"{option[0]:g}", high=f"{option[1]:g}")


# --------------------------------------------------------------------------- callbacks
def _reject(key: str, exc: AssumptionError) -> None:
    st.toast(t("assumptions.rejected", message=exc.message), icon=":material/error:")
    state.forget_widgets([key])


def _set_part(slot: Slot, part: str, name: str, key: str) -> None:
    """Write widget `key` into field `name` of the assumptions part `part` (``development`` ...)."""
    current = slot.load()
    try:
        changed = replace(getattr(current, part), **{name: state.widget_value(key)})
    except AssumptionError as exc:
        _reject(key, exc)
        return
    slot.update(**{part: changed})


def _set_cells(slot: Slot, key: str) -> None:
    cells = tuple(parse_cell_label(text) for text in state.widget_value(key, []))
    slot.update(development=replace(slot.load().development, excluded_cells=cells))


def _set_valuations(slot: Slot, key: str) -> None:
    values = tuple(state.widget_value(key, []))
    slot.update(development=replace(slot.load().development, excluded_valuations=values))


def _widget(key: str, value: object) -> str:
    state.seed_widget(key, value)
    return key


def _bound(slot: Slot, part: str, name: str, key: str, value: object) -> dict[str, Any]:
    """Keyword arguments binding widget `key` to field `name` of the assumptions part `part`.

    The widget is seeded with the stored `value` and writes its value back through `_set_part`,
    so every assumption widget keeps its choice across pages the same way.
    """
    return {"key": _widget(key, value), "on_change": _set_part, "args": (slot, part, name, key)}


# --------------------------------------------------------------------------- development
def development_controls(slot: Slot, assumptions: SegmentAssumptions, n_origins: int) -> None:
    """Average, number of latest periods, and how many high / low link ratios to drop."""
    dev = assumptions.development
    cols = st.columns(4)
    cols[0].selectbox(
        t("dev.average"),
        AVERAGES,
        format_func=Labeller("dev.average."),
        **_bound(slot, "development", "average", "dev_average", dev.average),
    )
    periods = [-1, *range(1, max(n_origins, 3))]  # 1 = the latest link ratio alone, a choice a user may mean
    cols[1].selectbox(
        t("dev.n_periods"),
        periods,
        format_func=OptionalLabel(-1, "dev.n_periods.all"),
        **_bound(slot, "development", "n_periods", "dev_n_periods", dev.n_periods if dev.n_periods in periods else -1),
    )
    most = max(n_origins - 3, 0)
    for col, name in ((cols[2], "drop_high"), (cols[3], "drop_low")):
        col.number_input(
            t(f"dev.{name}"),
            min_value=0,
            max_value=most,
            step=1,
            **_bound(slot, "development", name, f"dev_{name}", min(getattr(dev, name), most)),
        )


def struck(text: str) -> str:
    """`text` struck through, character by character (what the grid shows for a left-out ratio)."""
    return "".join(char + STRIKE for char in text)


def _struck_format(decimals: int) -> Callable[[float], str]:
    return lambda value: struck(f"{value:.{decimals}f}")


def styled_link_ratios(ratios: pd.DataFrame, mask: pd.DataFrame, decimals: int = 4) -> Styler:
    """Style the link-ratio grid as the page shows it: `decimals` places, left-out ratios greyed and struck through."""
    shown = display_frame(ratios)
    styles = pd.DataFrame(
        [[EXCLUDED_STYLE if out else "" for out in row] for row in mask.to_numpy()],
        index=shown.index,
        columns=shown.columns,
    )
    styled = shown.style.format(f"{{:.{decimals}f}}", na_rep="").apply(lambda _frame: styles, axis=None)
    for (row, column), out in zip(
        itertools.product(shown.index, shown.columns), mask.to_numpy().ravel().tolist(), strict=True
    ):
        if out and pd.notna(shown.at[row, column]):
            styled = styled.format(_struck_format(decimals), subset=([row], [column]))
    return styled


def link_ratio_picker(
    slot: Slot, assumptions: SegmentAssumptions, ratios: pd.DataFrame, valuations: dict, *, compact: bool = False
) -> None:
    """Draw the link-ratio triangle; clicking a ratio leaves it out (or brings it back), struck through when out.

    A click is a one-cell selection of the grid: it toggles the cell in the exclusions and
    the grid is drawn again under a new key, so the next click starts from no selection.
    `compact` draws the whole triangle smaller, ratios to 3 decimals (`compact_grid`).
    """
    version = state.counter(GRID_COUNTER)
    key = f"dev_grid_{version}"
    mask = excluded_mask(ratios, assumptions.development, valuations)
    styled = styled_link_ratios(ratios, mask, decimals=3 if compact else 4)
    with st.container(key="table_dev_link_ratios"):
        with compact_area("dev_link_ratios", compact):
            event = st.dataframe(
                styled,
                key=key,
                column_config=header_config(styled.data),
                height=full_height(len(ratios)) if compact else "auto",
                on_select="rerun",
                selection_mode="single-cell",
                placeholder="",
            )
        csv_download(ratios, "dev_link_ratios")
    cells = event.selection.cells if event is not None else []
    if not cells or str(cells[0][1]) not in {str(link) for link in ratios.columns}:
        return  # nothing clicked, or the origin column (not a link ratio)
    row, column = cells[0]
    cell = (str(ratios.index[int(row)]), int(str(column).split("-")[0]))
    excluded = list(assumptions.development.excluded_cells)
    excluded = [c for c in excluded if c != cell] if cell in excluded else [*excluded, cell]
    slot.update(development=replace(assumptions.development, excluded_cells=tuple(excluded)))
    state.forget_widgets([key, "dev_excluded_cells"])
    state.bump_counter(GRID_COUNTER)
    st.rerun()


def exclusion_lists(slot: Slot, assumptions: SegmentAssumptions, ratios: pd.DataFrame, valuations: dict) -> None:
    """Excluded single link ratios (removable) and whole diagonals, as multiselects."""
    dev = assumptions.development
    options = [cell_label(o, a) for o, a in link_cells(ratios)]
    chosen = [cell_label(o, a) for o, a in dev.excluded_cells if cell_label(o, a) in options]
    cols = st.columns(2)
    cols[0].multiselect(
        t("dev.excluded_cells"),
        options,
        key=_widget("dev_excluded_cells", chosen),
        on_change=_set_cells,
        args=(slot, "dev_excluded_cells"),
        placeholder=t("dev.excluded_none"),
    )
    diagonals = sorted(set(valuations.values()))
    cols[1].multiselect(
        t("dev.excluded_valuations"),
        diagonals,
        key=_widget("dev_excluded_valuations", [v for v in dev.excluded_valuations if v in diagonals]),
        on_change=_set_valuations,
        args=(slot, "dev_excluded_valuations"),
        placeholder=t("dev.excluded_none"),
    )


def chosen_average_label(development: DevelopmentAssumptions) -> str:
    """Legend name of the user's average: its kind, its periods and what it drops ('simple, latest 5')."""
    periods = (
        t("dev.chart.periods_all")
        if development.n_periods < 0
        else t("dev.chart.periods_latest", n=development.n_periods)
    )
    label = t("dev.chart.chosen", average=t(f"dev.average.{development.average}"), periods=periods)
    if development.drop_high or development.drop_low:
        label += ", " + t("dev.chart.dropped", high=development.drop_high, low=development.drop_low)
    return label


def link_ratio_chart(
    ratios: pd.DataFrame,
    mask: pd.DataFrame,
    *,
    averages: pd.DataFrame,
    chosen: FactorView,
    selected: FactorView,
    development: DevelopmentAssumptions,
) -> None:
    """Draw the link ratios by age with the volume and simple averages, the user's average and the selected factor.

    Every average is computed without the left-out ratios (`averages` comes from the same
    exclusions), so each line can be checked against the points it runs through. `chosen`
    holds the factors of the user's average without typed factors (its ``observed``), and
    `selected` the factors used (typed factors and the tail's curve included).
    """
    lines = {
        t("dev.chart.volume"): averages.loc["Volume all"],
        t("dev.chart.simple"): averages.loc["Simple all"],
        chosen_average_label(development): chosen.factors["observed"],
    }
    text = ChartText(
        x_title=t("chart.age"),
        y_title=t("dev.chart.y"),
        kept=t("dev.chart.kept"),
        left_out=t("dev.chart.left_out"),
        selected=t("dev.chart.selected"),
        origin=t("chart.origin"),
    )
    figure = development_chart(ratios, mask, lines, selected.factors["selected"], text)
    st.plotly_chart(figure, key="dev_chart", width="stretch")


def overrides_editor(slot: Slot, assumptions: SegmentAssumptions, links: Sequence[str]) -> SegmentAssumptions:
    """One editable row of typed factors (blank = use the average); returns the assumptions after the edit."""
    base = overrides_row(links, assumptions.development)
    config: dict[str, object] = {
        link: st.column_config.NumberColumn(format="%.4f", min_value=0.0001) for link in base.columns
    }
    config["_index"] = st.column_config.Column(column_text(base.index.name))
    base.index = pd.Index([row_text(value) for value in base.index], name=base.index.name)
    edited = st.data_editor(base, key="dev_overrides", column_config=config, num_rows="fixed")
    typed = overrides_from_row(edited)
    if typed == assumptions.development.overrides:
        return assumptions
    try:
        return slot.update(development=replace(assumptions.development, overrides=typed))
    except AssumptionError as exc:
        show_error(exc)
        return assumptions


def assumptions_file(selection: Scope, assumptions: SegmentAssumptions) -> None:
    """Download the assumptions as JSON, or upload a file to replace them."""
    with st.expander(t("assumptions.file")):
        st.download_button(
            t("assumptions.download"),
            data=assumptions.dumps().encode("utf-8"),
            file_name=f"assumptions_{assumptions.measure}.json",
            mime="application/json",
            key="io_assumptions_download",
            icon=":material/download:",
        )
        upload = st.file_uploader(t("assumptions.upload"), type=["json"], key="io_assumptions_file")
        if upload is None:
            return
        try:
            loaded = assumption_state.apply_upload(selection, upload.getvalue())
        except AssumptionError as exc:
            show_error(exc)
            return
        if loaded is not None:
            st.rerun()


# --------------------------------------------------------------------------- tail
def tail_controls(slot: Slot, assumptions: SegmentAssumptions, ages: Sequence[int]) -> None:
    """Tail kind, its factor, fit range, attachment age and Clark's growth curve."""
    tail = assumptions.tail
    cols = st.columns(3)
    cols[0].selectbox(
        t("tail.kind"),
        TAIL_KINDS,
        format_func=Labeller("tail.kind."),
        **_bound(slot, "tail", "kind", "tail_kind", tail.kind),
    )
    if tail.kind == "constant":
        cols[1].number_input(
            t("tail.factor"),
            min_value=TAIL_FACTOR_MIN,
            step=0.005,
            format="%.4f",
            help=t("tail.factor_help"),
            **_bound(slot, "tail", "factor", "tail_factor", float(tail.factor)),
        )
    if tail.kind == "clark":
        cols[1].selectbox(
            t("tail.growth"),
            CLARK_GROWTHS,
            format_func=Labeller("growth."),
            **_bound(slot, "options", "clark_growth", "tail_growth", assumptions.options.clark_growth),
        )
    if tail.kind in ("exponential", "inverse_power", "bondy"):
        choices = [None, *ages]
        label = OptionalLabel(None, "tail.all_ages")
        cols[1].selectbox(
            t("tail.fit_from"),
            choices,
            format_func=label,
            **_bound(slot, "tail", "fit_from", "tail_fit_from", tail.fit_from if tail.fit_from in choices else None),
        )
        if tail.kind != "bondy":
            cols[2].selectbox(
                t("tail.fit_to"),
                choices,
                format_func=label,
                **_bound(slot, "tail", "fit_to", "tail_fit_to", tail.fit_to if tail.fit_to in choices else None),
            )
    if tail.kind != "none":
        choices = [None, *ages]
        attachment = tail.attachment_age if tail.attachment_age in choices else None
        cols[0].selectbox(
            t("tail.attachment"),
            choices,
            format_func=OptionalLabel(None, "tail.after_last"),
            **_bound(slot, "tail", "attachment_age", "tail_attachment", attachment),
        )


# --------------------------------------------------------------------------- loss ratios and method options
def _apply_all(slot: Slot, key: str) -> None:
    value = state.widget_value(key)
    if value is None:
        return
    current = slot.load().loss_ratio
    try:
        slot.update(loss_ratio=replace(current, default=float(value), by_origin=(), source="manual"))
    except AssumptionError as exc:
        _reject(key, exc)
        return
    state.forget_widgets(["meth_lr_table", "meth_lr_source"])


def loss_ratio_editor(slot: Slot, assumptions: SegmentAssumptions, inputs: MethodInputs) -> SegmentAssumptions:
    """A-priori loss ratios: manual per origin (or one value for all) or Cape Cod's; returns the assumptions."""
    lr = assumptions.loss_ratio
    st.radio(
        t("meth.lr.source"),
        LOSS_RATIO_SOURCES,
        format_func=Labeller("meth.lr.source."),
        horizontal=True,
        **_bound(slot, "loss_ratio", "source", "meth_lr_source", lr.source),
    )
    if lr.source != "manual":
        return assumptions
    cols = st.columns([2, 1])
    cols[0].number_input(
        t("meth.lr.all"),
        min_value=0.0,
        max_value=10.0,
        step=0.05,
        format="%.3f",
        value=None,
        key="meth_lr_all",
    )
    cols[1].button(t("meth.lr.apply"), key="meth_lr_apply", on_click=_apply_all, args=(slot, "meth_lr_all"))
    base = pd.DataFrame(
        {"premium": inputs.premium, "loss_ratio": [lr.for_origin(o) for o in inputs.origin_labels]},
        index=pd.Index(list(inputs.origin_labels), name="origin"),
        dtype=float,
    )
    config = {
        "premium": st.column_config.NumberColumn(t("col.premium"), format="%,.0f", disabled=True),
        "loss_ratio": st.column_config.NumberColumn(t("col.apriori"), format="%.3f", min_value=0.0, max_value=10.0),
        "_index": st.column_config.Column(column_text("origin")),
    }
    edited = st.data_editor(base, key="meth_lr_table", column_config=config, num_rows="fixed")
    by_origin = tuple(
        (str(origin), float(value))
        for origin, value in edited["loss_ratio"].items()
        if pd.notna(value) and (lr.default is None or float(value) != lr.default)
    )
    if by_origin == lr.by_origin:
        return assumptions
    try:
        return slot.update(loss_ratio=replace(lr, by_origin=by_origin))
    except AssumptionError as exc:
        show_error(exc)
        return assumptions


def method_options(slot: Slot, assumptions: SegmentAssumptions) -> None:
    """Benktander steps, Cape Cod decay and trend, Clark's growth curve, form and truncation."""
    opts = assumptions.options
    with st.expander(t("meth.options")):
        cols = st.columns(3)
        cols[0].number_input(
            t("meth.benktander_steps"),
            min_value=0,
            max_value=50,
            step=1,
            help=t("meth.benktander_steps_help"),
            **_bound(slot, "options", "benktander_iterations", "meth_bk_iterations", opts.benktander_iterations),
        )
        cols[1].number_input(
            t("meth.cape_cod_decay"),
            min_value=0.0,
            max_value=1.0,
            step=0.05,
            **_bound(slot, "options", "cape_cod_decay", "meth_cc_decay", float(opts.cape_cod_decay)),
        )
        cols[2].number_input(
            t("meth.cape_cod_trend"),
            min_value=-0.5,
            max_value=1.0,
            step=0.01,
            **_bound(slot, "options", "cape_cod_trend", "meth_cc_trend", float(opts.cape_cod_trend)),
        )
        cols = st.columns(3)
        cols[0].selectbox(
            t("tail.growth"),
            CLARK_GROWTHS,
            format_func=Labeller("growth."),
            **_bound(slot, "options", "clark_growth", "meth_clark_growth", opts.clark_growth),
        )
        cols[1].selectbox(
            t("meth.clark_form"),
            clark_form_choices(opts.clark_form),
            format_func=Labeller("meth.clark_form."),
            help=t("meth.clark_form_help"),
            **_bound(slot, "options", "clark_form", "meth_clark_form", opts.clark_form),
        )
        cols[2].number_input(
            t("meth.clark_truncation"),
            min_value=1,
            max_value=CLARK_TRUNCATION_MAX,
            step=12,
            value=None,
            placeholder=t("meth.clark_truncation_none"),
            help=t("meth.clark_truncation_help"),
            **_bound(slot, "options", "clark_truncation", "meth_clark_truncation", opts.clark_truncation),
        )


def clark_form_choices(current: str) -> list[str]:
    """Return the Clark forms a user may pick; the pre-version-2 form only while a loaded option set still has it.

    `CLARK_FORM_BY_DATA` keeps an old saved set's figures (Cape Cod whenever premium exists) but is
    never offered for a new choice: once the user picks LDF or Cape Cod it leaves the list.
    """
    return [*CLARK_FORMS, CLARK_FORM_BY_DATA] if current == CLARK_FORM_BY_DATA else list(CLARK_FORMS)


# --------------------------------------------------------------------------- uncertainty
def sigma_control(slot: Slot, assumptions: SegmentAssumptions) -> None:
    """Which sigma extrapolation the Mack reserve range uses."""
    st.radio(
        t("unc.sigma"),
        SIGMAS,
        format_func=Labeller("unc.sigma."),
        horizontal=True,
        **_bound(slot, "development", "sigma", "unc_sigma", assumptions.development.sigma),
    )


def bootstrap_controls(slot: Slot, assumptions: SegmentAssumptions) -> bool:
    """Draw the number of simulations, seed and the run button; return True when the button was pressed."""
    opts = assumptions.options
    cols = st.columns([1, 1, 1])
    cols[0].number_input(
        t("unc.n_sims"),
        min_value=100,
        max_value=100_000,
        step=500,
        **_bound(slot, "options", "n_sims", "unc_n_sims", opts.n_sims),
    )
    cols[1].number_input(
        t("unc.seed"),
        min_value=0,
        step=1,
        **_bound(slot, "options", "seed", "unc_seed", opts.seed),
    )
    return cols[2].button(t("unc.run"), key="unc_run", type="primary", icon=":material/play_arrow:")
