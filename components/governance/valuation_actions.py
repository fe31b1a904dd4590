"""The Valuations page's parts: the filtered list, one valuation's detail, and its workflow actions by role.

An actuary submits; a chief actuary approves or returns (returning needs a comment, and a
material change against the last approved valuation needs a written reason before it can be
approved); an approved valuation is locked, and "new version" makes an editable draft of it.
A viewer sees everything with every button disabled and the reason shown. Actions run in
button callbacks; a refusal from the repository is shown as an error message, never a traceback.
"""

from __future__ import annotations

import streamlit as st

from components.core import state
from components.core.feedback import error_text
from components.core.tables import AMOUNT, show_table
from components.governance import auth, database, saved_work, storage_views
from components.i18n.catalogue import Labeller, t
from components.i18n.labels import dataset_text, measure_text, segment_name, status_text
from reserving.errors import ReservingError
from reserving.storage import Repository, Status, ValuationRecord
from reserving.storage.roles import Action

ALL = ""
FILTER_STATUS = "val_status"
FILTER_DATASET = "val_dataset"
FILTER_SEGMENT = "val_segment"
PICK = "val_pick"
COMMENT = "val_comment"
REASON = "val_reason"
LINK = "valuation"
"""Query parameter naming the valuation to show (links from the Batch page: ``valuations?valuation=ID``)."""


def _choice(key: str, label: str, options: dict[str, str]) -> str | None:
    """Draw a filter selectbox whose first option means "any"; returns the value or None."""
    if state.widget_value(key) not in options:
        state.forget_widgets((key,))
    value = st.selectbox(label, list(options), format_func=options.__getitem__, key=key)
    return value or None


def render_list(repo: Repository) -> ValuationRecord | None:
    """Draw the filters, the table of valuations, and the picker of the one to work on (None when there are none)."""
    records = repo.list_valuations()
    if not records:
        st.info(t("val.none"))
        return None
    linked = _follow_link(records)
    names = {r.content_hash: r.name for r in repo.list_datasets()}
    cols = st.columns(3)
    with cols[0]:
        statuses = {ALL: t("val.any")} | {s.value: status_text(s.value) for s in Status}
        status = _choice(FILTER_STATUS, t("val.filter.status"), statuses)
    with cols[1]:
        hashes = dict.fromkeys(r.data_hash for r in records)
        datasets = {ALL: t("val.any")} | {h: dataset_text(names.get(h, h[:12])) for h in hashes}
        dataset = _choice(FILTER_DATASET, t("val.filter.dataset"), datasets)
    with cols[2]:
        segments = dict.fromkeys(storage_views.segment_text(r.segment) for r in records)
        segment = _choice(
            FILTER_SEGMENT, t("val.filter.segment"), {ALL: t("val.any")} | {s: segment_name(s) for s in segments}
        )
    shown = storage_views.filter_valuations(records, status, dataset, segment)
    show_table(storage_views.valuations_frame(shown, names), "val_list", number_format=AMOUNT)
    if not shown:
        st.caption(t("val.no_match"))
        return None
    labels = {
        str(r.id): t(
            "val.label", id=r.id, version=r.version, status=status_text(r.status), measure=measure_text(r.measure)
        )
        for r in shown
    }
    if state.widget_value(PICK) not in labels:
        state.forget_widgets((PICK,))
    index = 0 if linked else len(labels) - 1  # a linked valuation is already the widget's value
    picked = st.selectbox(t("val.pick"), list(labels), format_func=labels.__getitem__, key=PICK, index=index)
    return next(r for r in shown if str(r.id) == picked)


def _follow_link(records: list[ValuationRecord]) -> bool:
    """Show the valuation a link names (filters cleared), once: the user's later picks stand."""
    linked = st.query_params.get(LINK)
    if linked is None:
        return False
    del st.query_params[LINK]
    if not any(str(record.id) == linked for record in records):
        return False
    state.forget_widgets((FILTER_STATUS, FILTER_DATASET, FILTER_SEGMENT, PICK))
    state.seed_widget(PICK, linked)
    return True


# ------------------------------------------------------------------- callbacks
def _act(action: str, valuation_id: int) -> None:
    """Run one workflow action for the current user and leave the outcome as a message."""
    user = auth.current_user().name
    comment = str(state.widget_value(COMMENT, "") or "").strip() or None
    reason = str(state.widget_value(REASON, "") or "").strip() or None
    try:
        repo = database.repository()
        if action == "submit":
            done = repo.submit(valuation_id, user=user, comment=comment, reason=reason)
        elif action == "approve":
            _, changes = repo.material_changes(valuation_id)
            if changes and reason is None and not _submit_reason(repo, valuation_id):
                raise ReservingError(t("val.reason_required"))
            done = repo.approve(valuation_id, user=user, comment=comment, reason=reason)
        elif action == "return":
            if comment is None:
                raise ReservingError(t("val.comment_required"))
            done = repo.return_valuation(valuation_id, user=user, comment=comment)
        elif action == "new_version":
            done = repo.new_version(valuation_id, user=user, reason=reason)
        else:
            record = saved_work.reopen_valuation(repo, valuation_id)
            state.set_notice("success", t("val.opened", id=record.id))
            return
    except ReservingError as exc:
        state.set_notice("error", error_text(exc))
        return
    state.forget_widgets((COMMENT, REASON))
    if action == "new_version":
        state.forget_widgets((PICK, FILTER_STATUS))
    state.set_notice("success", t(f"val.done.{action}", id=done.id, version=done.version))


def _submit_reason(repo: Repository, valuation_id: int) -> str | None:
    submitted = [r for r in repo.transitions(valuation_id) if r.to_status == Status.SUBMITTED.value]
    return submitted[-1].reason if submitted else None


# ------------------------------------------------------------------- detail
def _why_not(record: ValuationRecord, action: Action, allowed_states: set[str]) -> str | None:
    """Why the current user cannot take `action` on `record` now (None: they can)."""
    user = auth.current_user()
    if not auth.can(action, user):
        return t("auth.cannot", role=auth.role_label(user.role))
    if record.status not in allowed_states:
        return t("val.wrong_status", status=status_text(record.status))
    return None


def render_detail(repo: Repository, record: ValuationRecord) -> None:
    """Status (locked when approved), results, history, material changes and the action buttons."""
    st.subheader(t("val.detail", id=record.id, version=record.version, status=status_text(record.status)))
    if record.status == Status.APPROVED.value:
        st.info(t("val.locked"), icon=":material/lock:")
    st.caption(
        t(
            "val.meta",
            measure=measure_text(record.measure),
            segment=segment_name(storage_views.segment_text(record.segment)),
            by=record.created_by,
            app=record.app_version,
            cl=record.chainladder_version,
        )
    )
    show_table(storage_views.selected_results_frame(record), "val_results", number_format=AMOUNT)
    history = repo.transitions(record.id)
    if history:
        show_table(storage_views.transitions_frame(history), "val_history", number_format=None)
    previous, changes = repo.material_changes(record.id)
    if changes:
        lines = "\n".join(f"- {change}" for change in changes)
        st.warning(t("val.material", previous=previous, lines=lines), icon=":material/warning:")
    elif previous is not None:
        st.caption(t("val.no_material", previous=previous))
    _actions(record, bool(changes))


def _actions(record: ValuationRecord, material: bool) -> None:
    st.text_area(t("val.comment"), key=COMMENT, help=t("val.comment_help"))
    st.text_area(t("val.reason_material") if material else t("val.reason"), key=REASON)
    editable = {Status.DRAFT.value, Status.RETURNED.value}
    buttons = (
        ("submit", Action.SUBMIT, editable, ":material/send:"),
        ("approve", Action.APPROVE, {Status.SUBMITTED.value}, ":material/task_alt:"),
        ("return", Action.RETURN, {Status.SUBMITTED.value}, ":material/undo:"),
        ("new_version", Action.CREATE_VALUATION, {Status.APPROVED.value}, ":material/content_copy:"),
    )
    cols = st.columns(len(buttons) + 1)
    for col, (action, permission, states, icon) in zip(cols, buttons, strict=False):
        why = _why_not(record, permission, states)
        col.button(
            Labeller("val.action.")(action),
            key=f"val_{action}",
            on_click=_act,
            args=(action, record.id),
            disabled=why is not None,
            help=why,
            icon=icon,
        )
    cols[-1].button(
        t("val.action.open"), key="val_open", on_click=_act, args=("open", record.id), icon=":material/folder_open:"
    )
