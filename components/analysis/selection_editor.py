"""The per-origin selection editor: a method or a weighted blend for each origin, with a reason.

The table is a draft until the user applies it; applying keeps the selection it replaces
as the previous one, so the page can show what changed. The table and the pickers hold run
keys (``chainladder``, ``chainladder_paid``, `BLEND`) and show their labels, so a draft or a
pick made in one language is still valid after the user switches to another.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import streamlit as st

from components.analysis.assumption_state import Slot
from components.analysis.method_runs import Comparison
from components.analysis.method_views import BLEND, selection_frame, selection_from_frame, weight_column
from components.core import state
from components.core.feedback import show_error
from components.i18n.catalogue import t
from components.i18n.labels import column_text
from reserving.assumptions import SegmentAssumptions, Selection
from reserving.errors import AssumptionError

EDITOR_KEY = "sel_editor"


@dataclass(frozen=True)
class RunLabeller:
    """A picklable ``format_func``: run key (or `BLEND`) -> its label in the session's language."""

    labels: dict[str, str]

    def __call__(self, key: object) -> str:
        """Return the label of `key`; a key no longer compared is shown as it is."""
        if key == BLEND:
            return t("sel.blend")
        return self.labels.get(str(key), str(key))


def editor(slot: Slot, assumptions: SegmentAssumptions, comparison: Comparison) -> None:
    """Draw the selection table and the apply button; applying saves the draft and keeps the previous one."""
    labels = comparison.labels
    origins = list(comparison.inputs.origin_labels)
    quick_pick(slot, assumptions, origins, labels)
    assumptions = slot.load()
    default = assumptions.selection.default_method
    if default not in labels:
        default = next(iter(labels))
    keys = {key: key for key in labels}
    base = selection_frame(assumptions.selection, origins, keys)
    config = {
        "_index": st.column_config.Column(column_text("origin")),
        "method": st.column_config.SelectboxColumn(
            t("sel.method"), options=[*labels, BLEND], required=True, format_func=RunLabeller(labels)
        ),
        "reason": st.column_config.TextColumn(t("sel.reason")),
        **{
            weight_column(key): st.column_config.NumberColumn(
                t("sel.weight", label=label), min_value=0.0, format="%.2f"
            )
            for key, label in labels.items()
        },
    }
    st.caption(t("sel.hint"))
    edited = st.data_editor(base, key=EDITOR_KEY, column_config=config, num_rows="fixed")
    if not st.button(t("sel.apply"), key="sel_apply", type="primary"):
        return
    try:
        draft = selection_from_frame(edited, keys, default)
    except AssumptionError as exc:
        show_error(exc)
        return
    state.set_previous_selection_data(slot.key, assumptions.selection.to_dict())
    slot.update(selection=draft)
    st.toast(t("sel.applied"), icon=":material/check:")


def quick_pick(slot: Slot, assumptions: SegmentAssumptions, origins: list[str], labels: dict[str, str]) -> None:
    """Pick one method for several origins at once, with one reason: the common case in a few clicks."""
    with st.container(border=True):
        st.markdown(f"**{t('sel.quick.title')}**")
        cols = st.columns([3, 2, 3])
        chosen = cols[0].multiselect(t("sel.quick.origins"), origins, key="sel_quick_origins")
        if state.widget_value("sel_quick_method") not in labels:
            state.forget_widgets(["sel_quick_method"])
        method = cols[1].selectbox(
            t("sel.quick.method"), list(labels), format_func=RunLabeller(labels), key="sel_quick_method"
        )
        reason = cols[2].text_input(t("sel.quick.reason"), key="sel_quick_reason")
        if not st.button(t("sel.quick.apply"), key="sel_quick_apply", disabled=not chosen):
            return
    kept = [entry for entry in assumptions.selection.by_origin if entry[0] not in chosen]
    picked = [(origin, ((method, 1.0),), reason) for origin in chosen]
    try:
        draft = replace(assumptions.selection, by_origin=tuple(kept + picked))
    except AssumptionError as exc:
        show_error(exc)
        return
    state.set_previous_selection_data(slot.key, assumptions.selection.to_dict())
    slot.update(selection=draft)
    state.forget_widgets([EDITOR_KEY])
    st.toast(t("sel.applied"), icon=":material/check:")


def previous(slot: Slot) -> Selection | None:
    """Return the selection replaced by the last one applied, or None."""
    data = state.previous_selection_data(slot.key)
    if data is None:
        return None
    try:
        return Selection.from_dict(data)
    except AssumptionError:
        return None
