"""The Saved work page's two panels: save the current work, and reopen a saved dataset.

Every action runs in its button's callback (before the page is drawn), writes through the
repository and leaves a message with `state.set_notice`, so the page then shows the saved
state. A role that may not save sees the buttons disabled with the reason; the repository
refuses such a write anyway.
"""

from __future__ import annotations

import streamlit as st

from components.core import state
from components.core.feedback import error_text
from components.core.scope import Scope, current_selection
from components.core.tables import show_table
from components.governance import auth, database, saved_work, storage_views
from components.i18n.catalogue import t
from components.i18n.labels import caption_values, dataset_text, status_text
from reserving.errors import ReservingError
from reserving.storage import Repository
from reserving.storage.roles import Action

REASON = "saved_reason"
INTO = "saved_into"
PICK = "saved_pick"
NEW = "new"


def _run(action: str) -> None:
    """Run one of the three save buttons (`action` is ``dataset``, ``assumptions`` or ``valuation``)."""
    selection = current_selection(report=False)
    user = auth.current_user().name
    reason = str(state.widget_value(REASON, "") or "").strip() or None
    try:
        repo = database.repository()
        if selection is None:
            raise ReservingError("there is no dataset to save")
        if action == "dataset":
            record = saved_work.save_dataset(repo, selection, user)
            state.set_notice("success", t("saved.dataset_done", name=record.name))
        elif action == "assumptions":
            records = saved_work.save_assumptions(repo, selection, user, reason)
            state.set_notice("success", t("saved.assumptions_done", count=len(records)))
        else:
            into = state.widget_value(INTO, NEW)
            valuation = saved_work.save_valuation(
                repo, selection, user, into=None if into in (None, NEW) else int(into), reason=reason
            )
            state.set_notice("success", t("saved.valuation_done", id=valuation.id, version=valuation.version))
    except ReservingError as exc:
        state.set_notice("error", error_text(exc))


def _disabled_reason(action: Action) -> str | None:
    user = auth.current_user()
    if auth.can(action, user):
        return None
    return t("auth.cannot", role=auth.role_label(user.role))


def render_save(repo: Repository, selection: Scope) -> None:
    """Draw the current dataset, segment and measure, a reason, and the three save buttons."""
    st.subheader(t("saved.save_title"))
    st.caption(t("tri.caption", **caption_values(selection)))
    st.text_input(t("saved.reason"), key=REASON)
    source = saved_work.source_of(selection)
    editable = saved_work.editable_valuations(repo, source.content_hash, selection)
    options = {NEW: t("saved.into_new")}
    options.update(
        {str(r.id): t("saved.into_draft", id=r.id, version=r.version, status=status_text(r.status)) for r in editable}
    )
    if state.widget_value(INTO) not in options:
        state.forget_widgets((INTO,))
    st.selectbox(t("saved.into"), list(options), format_func=options.__getitem__, key=INTO)
    cols = st.columns(3)
    for col, (action, permission, icon) in zip(
        cols,
        (
            ("dataset", Action.SAVE_DATASET, ":material/database:"),
            ("assumptions", Action.SAVE_ASSUMPTIONS, ":material/tune:"),
            ("valuation", Action.CREATE_VALUATION, ":material/verified:"),
        ),
        strict=True,
    ):
        why = _disabled_reason(permission)
        col.button(
            t(f"saved.save_{action}"),
            key=f"saved_save_{action}",
            on_click=_run,
            args=(action,),
            disabled=why is not None,
            help=why,
            icon=icon,
        )


def _open(dataset_hash: str) -> None:
    try:
        count = saved_work.reopen_dataset(database.repository(), dataset_hash)
    except ReservingError as exc:
        state.set_notice("error", error_text(exc))
        return
    state.set_notice("success", t("saved.reopened", count=count))


def render_reopen(repo: Repository) -> None:
    """Draw the saved datasets, the assumption history of the one picked, and a button to open it here."""
    st.subheader(t("saved.reopen_title"))
    records = repo.list_datasets()
    if not records:
        st.info(t("saved.none"))
        return
    show_table(storage_views.datasets_frame(records), "saved_datasets", number_format=None)
    labels = {
        r.content_hash: t("saved.dataset_label", id=r.id, name=dataset_text(r.name), by=r.created_by) for r in records
    }
    if state.widget_value(PICK) not in labels:
        state.forget_widgets((PICK,))
    picked = st.selectbox(t("saved.pick"), list(labels), format_func=labels.__getitem__, key=PICK)
    history = repo.assumption_history(picked)
    if history:
        show_table(storage_views.history_frame(history), "saved_history", number_format=None)
    else:
        st.caption(t("saved.no_assumptions"))
    st.button(
        t("saved.open"), key="saved_open", on_click=_open, args=(picked,), type="primary", icon=":material/folder_open:"
    )
