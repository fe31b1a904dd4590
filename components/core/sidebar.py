"""The shared sidebar: dataset, segment, measure and language pickers.

Drawn by app.py on every run, before the page. Each picker is seeded from plain state and
writes back in its callback (see `components.core.state`), so the choice holds across pages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from components.core import cached, state
from components.core.scope import Scope, current_selection, segment_text
from components.i18n.catalogue import LANGUAGES, Labeller, t
from components.i18n.labels import measure_text, sample_text


def dataset_options() -> dict[str, str]:
    """Picker options: dataset token -> label, the bundled samples then this session's uploads."""
    options = {
        state.DatasetRef("sample", info.id).token: t("dataset.sample_label", title=sample_text(info).title)
        for info in cached.sample_list()
    }
    for record in state.uploads():
        options[state.DatasetRef("upload", record.id).token] = t("dataset.upload_label", name=record.file.name)
    return options


def _on_dataset() -> None:
    token = state.widget_value(state.SIDEBAR_DATASET)
    if token:
        state.select_dataset(state.DatasetRef.from_token(token))


def _on_measure() -> None:
    state.set_measure(state.widget_value(state.SIDEBAR_MEASURE))


def _on_segment(labels: dict[str, tuple]) -> None:
    state.set_segment(labels.get(state.widget_value(state.SIDEBAR_SEGMENT, ""), ()))


def _on_aggregate() -> None:
    state.set_aggregate(state.widget_value(state.SIDEBAR_AGGREGATE, "sum"))


def _on_language() -> None:
    state.set_language(state.widget_value(state.SIDEBAR_LANGUAGE, "en"))


def render_sidebar() -> Scope | None:
    """Draw the pickers; return the resulting selection (None when no dataset can be built)."""
    with st.sidebar:
        options = dataset_options()
        current = state.dataset_ref().token
        if current not in options:  # a sample id from an older session, say
            options[current] = current
        _picker(
            t("sidebar.dataset"),
            state.SIDEBAR_DATASET,
            current,
            list(options),
            format_func=options.__getitem__,
            on_change=_on_dataset,
        )
        selection = current_selection(report=False)
        if selection is None:
            st.caption(t("sidebar.no_dataset"))
        else:
            _segment_and_measure(selection)
        _picker(
            t("sidebar.language"),
            state.SIDEBAR_LANGUAGE,
            state.language(),
            list(LANGUAGES),
            format_func=LANGUAGES.__getitem__,
            on_change=_on_language,
        )
    return selection


def _segment_and_measure(selection: Scope) -> None:
    dataset = selection.dataset
    if dataset.segments:
        keys = [(), *dataset.segment_keys()]
        labels = {segment_text(key) if key else "": key for key in keys}
        _picker(
            t("sidebar.segment"),
            state.SIDEBAR_SEGMENT,
            segment_text(selection.segment) if selection.segment else "",
            list(labels),
            format_func=Labeller(empty="segment.all", literal=True),
            on_change=_on_segment,
            args=(labels,),
        )
        if not selection.segment and len(keys) > 2:
            aggregate_picker()
    _picker(
        t("sidebar.measure"),
        state.SIDEBAR_MEASURE,
        selection.measure,
        list(dataset.measures),
        format_func=measure_text,
        on_change=_on_measure,
    )


def _picker(
    label: str,
    key: str,
    current: object,
    options: list[Any],
    *,
    format_func: Callable[[Any], str],
    on_change: Callable[..., None],
    args: tuple[Any, ...] = (),
) -> None:
    """Draw one sidebar picker seeded from plain state; its callback writes the choice back (see module doc)."""
    state.seed_widget(key, current)
    st.selectbox(label, options, format_func=format_func, key=key, on_change=on_change, args=args)


AGGREGATES = ("sum", "summed_triangle")


def aggregate_picker() -> None:
    """How "All segments" is valued: the sum of the segments (the company figure) or the summed triangle.

    Held in session state, honoured by every page and saved with a valuation.
    """
    state.seed_widget(state.SIDEBAR_AGGREGATE, state.aggregate())
    st.radio(
        t("val.aggregate"),
        list(AGGREGATES),
        format_func=Labeller(prefix="val.aggregate."),
        key=state.SIDEBAR_AGGREGATE,
        on_change=_on_aggregate,
        help=t("val.aggregate.help"),
    )
