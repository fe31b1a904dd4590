"""The Valuations page's parts: the filtered list, one valuation's detail, and its workflow actions by role.

An actuary submits; a chief actuary approves or returns (returning needs a comment, and a
material change against the last approved valuation needs a written reason before it can be
approved); an approved valuation is locked, and "new version" makes an editable draft of it.
A viewer sees everything with every button disabled and the reason shown. Actions run in
button callbacks; a refusal from the repository is shown as an error message, never a traceback.

One valuation id (`CURRENT`, plain state, not a widget) decides what the page is about: the
picker is re-seeded from it on every run, and the body, the buttons and the exports are drawn
from the same record. The picker's labels carry the status, so Streamlit would otherwise drop
the picked value when a submission changes its label and fall back to the last valuation
while the browser still showed the first (issue 16). After an action the id follows the
valuation acted on (a new version: the new draft), a status filter that would hide it is
cleared, and the comment and reason are emptied.
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
CURRENT = "val_current"
"""Id of the valuation the page shows and acts on (plain state, kept across reruns and actions)."""
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
    _follow_link(records)
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
    labels = {str(r.id): valuation_label(r) for r in shown}
    current = current_id()
    if current is None or str(current) not in labels:
        current = shown[-1].id  # nothing picked yet, or filtered out: the latest shown
        _remember(current)
    # Seed the picker from the one id on every run, so it always shows what the body shows.
    _set(PICK, str(current))
    st.selectbox(t("val.pick"), list(labels), format_func=labels.__getitem__, key=PICK, on_change=_picked)
    return next(r for r in shown if r.id == current)


def valuation_label(record: ValuationRecord) -> str:
    """Return the picker's text of one valuation: id, version, status and measure."""
    return t(
        "val.label",
        id=record.id,
        version=record.version,
        status=status_text(record.status),
        measure=measure_text(record.measure),
    )


def current_id() -> int | None:
    """Id of the valuation the page is about (None before the first run of the page)."""
    value = state.widget_value(CURRENT)
    return int(value) if value is not None else None


def _set(key: str, value: object) -> None:
    """Give state `key` a new value (for a widget: one the browser is sent, not only the server).

    Forgetting a widget's value alone resets it on the server while the browser keeps showing,
    and later sends back, what was typed; a value set through state is sent to the browser.
    """
    state.forget_widgets((key,))
    state.seed_widget(key, value)


def _remember(valuation_id: int) -> None:
    _set(CURRENT, int(valuation_id))


def _picked() -> None:
    """Picker callback: the valuation picked becomes the one the page shows and acts on."""
    value = state.widget_value(PICK)
    if value:
        _remember(int(value))


def _follow_link(records: list[ValuationRecord]) -> bool:
    """Show the valuation a link names (filters cleared), once: the user's later picks stand."""
    linked = st.query_params.get(LINK)
    if linked is None:
        return False
    del st.query_params[LINK]
    if not any(str(record.id) == linked for record in records):
        return False
    for key in (FILTER_STATUS, FILTER_DATASET, FILTER_SEGMENT):
        _set(key, ALL)
    _remember(int(linked))
    return True


# ------------------------------------------------------------------- callbacks
def _act(action: str, valuation_id: int, version: int, shown_at: str) -> None:
    """Run one workflow action on the valuation the page showed, and leave the outcome as a message.

    `version` and `shown_at` (its last update when drawn) come from the record the buttons were
    drawn for: if it changed since (another user edited or moved it), nothing is done and the
    user is asked to look again, so nobody approves what they have not seen.
    """
    user = auth.current_user().name
    comment = str(state.widget_value(COMMENT, "") or "").strip() or None
    reason = str(state.widget_value(REASON, "") or "").strip() or None
    try:
        repo = database.repository()
        before = repo.get_valuation(valuation_id)
        if before.updated_at.isoformat() != shown_at:
            raise ReservingError(t("gov.val.stale", id=valuation_id, version=version))
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
            state.set_notice("success", t("gov.val.opened", id=record.id, version=record.version))
            return
    except ReservingError as exc:
        state.set_notice("error", error_text(exc))
        return
    follow(done)
    _set(COMMENT, "")
    _set(REASON, "")
    state.set_notice(
        "success",
        t(f"gov.val.done.{action}", id=done.id, version=done.version, parent=before.id, parent_version=before.version),
    )


def follow(record: ValuationRecord) -> None:
    """Make `record` the valuation the page shows next, clearing a status filter that would hide it."""
    _remember(record.id)
    status = state.widget_value(FILTER_STATUS)
    if status and status != record.status:
        _set(FILTER_STATUS, ALL)


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
    st.markdown(t("gov.val.acting_on", id=record.id, version=record.version))
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
            args=(action, record.id, record.version, record.updated_at.isoformat()),
            disabled=why is not None,
            help=why,
            icon=icon,
        )
    cols[-1].button(
        t("val.action.open"),
        key="val_open",
        on_click=_act,
        args=("open", record.id, record.version, record.updated_at.isoformat()),
        icon=":material/folder_open:",
    )
