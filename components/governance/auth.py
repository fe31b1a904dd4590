"""Who is using the app: configured users with passwords, a platform login, or one local user.

Users and roles come from ``.streamlit/secrets.toml`` (read through `st.secrets` only)::

    [users.li]
    role = "chief_actuary"
    password_sha256 = "<sha256 hex of the password>"

When the app is deployed behind a platform login (`st.user`), the platform says who the
user is and the same table gives their role (a viewer when not listed). With no users
configured at all the app runs as the single local user ``local`` (an actuary), so the
quick start needs no setup; the sidebar says so. Configured users are copied into the
database's users table when someone logs in (`Repository.sync_configured_users`, on the
configuration's authority, also into a database the quick start used first), because the
repository checks every write against the role it holds there (see docs/users.md).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st

from components.core import state
from components.governance import database
from components.i18n.catalogue import t
from reserving.errors import ReservingError
from reserving.storage import Repository, Role
from reserving.storage.roles import Action, allowed

LOCAL_USER = "local"
LOCAL_ROLE = Role.ACTUARY.value
FIELD_NAME = "auth_name"
FIELD_PASSWORD = "auth_password"
_LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class ConfiguredUser:
    """One ``[users.NAME]`` table of the secrets: the role and the sha256 of the password."""

    name: str
    role: str
    password_sha256: str | None = None


def password_hash(password: str) -> str:
    """Return the hex sha256 of `password`, the form the secrets file holds."""
    return hashlib.sha256(password.encode("utf-8")).hexdigest()


def parse_users(table: Mapping[str, Any] | None) -> dict[str, ConfiguredUser]:
    """Read the ``users`` table of the secrets; entries with an unknown role are skipped (and logged)."""
    users: dict[str, ConfiguredUser] = {}
    for name, found in (table or {}).items():
        entry = found if isinstance(found, Mapping) else {}
        role = str(entry.get("role", ""))
        if role not in {r.value for r in Role}:
            _LOG.warning("user %r in the secrets has unknown role %r; skipped", name, role)
            continue
        digest = entry.get("password_sha256")
        users[str(name)] = ConfiguredUser(str(name), role, str(digest).lower() if digest else None)
    return users


def configured_users() -> dict[str, ConfiguredUser]:
    """Return the users configured in the secrets (empty when there is no secrets file or no users table)."""
    secrets = st.secrets
    if not secrets.load_if_toml_exists():
        return {}
    return parse_users(secrets.get("users"))


def check_password(user: ConfiguredUser | None, password: str) -> bool:
    """Whether `password` is `user`'s (constant-time compare; a user without a hash cannot log in by password)."""
    if user is None or not user.password_sha256:
        return False
    return hmac.compare_digest(password_hash(password), user.password_sha256)


def platform_identity() -> str | None:
    """Return the e-mail (or name) of a user logged in through the platform's login, if there is one."""
    try:
        info = st.user.to_dict()
    except Exception:  # no platform login configured in this deployment
        return None
    if not info.get("is_logged_in"):
        return None
    found = info.get("email") or info.get("name")
    return str(found) if found else None


# ------------------------------------------------------------------- database users
def sync_users(repo: Repository, users: Mapping[str, str]) -> list[str]:
    """Copy configured users (name -> role) into the database; return the names stored.

    The secrets file is the administrator's word, so the repository adds the missing users
    and applies role changes on its authority (audit user ``config``), whatever the database
    already holds: a database first used in quick-start mode (only ``local``) receives the
    configured users as well as an empty one.
    """
    return [record.name for record in repo.sync_configured_users(users, source="secrets")]


def _ensure_local(repo: Repository) -> list[str]:
    """Make sure the local user exists (it is the first user of an empty database)."""
    names = {user.name for user in repo.list_users()}
    if LOCAL_USER in names:
        return []
    if names:
        return [LOCAL_USER]
    repo.add_user(LOCAL_USER, LOCAL_ROLE)
    return []


def _sync(configured: Mapping[str, ConfiguredUser], local: bool) -> None:
    """Sync users at login; a database that cannot be opened or refuses is reported, not fatal."""
    try:
        repo = database.repository()
        if local:
            missing = _ensure_local(repo)
        else:
            sync_users(repo, {u.name: u.role for u in configured.values()})
            missing = []
    except ReservingError as exc:
        state.set_notice("warning", t("auth.sync_failed", message=exc.message))
        return
    if missing:
        state.set_notice("warning", t("auth.not_synced", names=", ".join(missing)))


# ------------------------------------------------------------------- login flow
def _on_login() -> None:
    configured = configured_users()
    name = str(state.widget_value(FIELD_NAME, "") or "").strip()
    found = configured.get(name)
    if not check_password(found, str(state.widget_value(FIELD_PASSWORD, "") or "")):
        state.set_notice("error", t("auth.bad_login"))
        return
    assert found is not None
    state.set_session_user(state.SessionUser(found.name, found.role, "password"))
    state.forget_widgets((FIELD_PASSWORD,))
    _sync(configured, local=False)


def _on_logout() -> None:
    state.set_session_user(None)


def _resolve(configured: Mapping[str, ConfiguredUser]) -> state.SessionUser | None:
    """Return the session's user, after checking it still matches the configuration."""
    current = state.session_user()
    identity = platform_identity()
    if identity is not None:
        role = configured[identity].role if identity in configured else Role.VIEWER.value
        if current is None or current.name != identity or current.role != role:
            current = state.SessionUser(identity, role, "platform")
            state.set_session_user(current)
            _sync(configured, local=False)
        return current
    if not configured:
        if current is None or current.source != "local":
            current = state.SessionUser(LOCAL_USER, LOCAL_ROLE, "local")
            state.set_session_user(current)
            _sync(configured, local=True)
        return current
    if current is not None and (current.source != "password" or current.name not in configured):
        state.set_session_user(None)
        return None
    if current is not None and configured[current.name].role != current.role:
        current = state.SessionUser(current.name, configured[current.name].role, "password")
        state.set_session_user(current)
    return current


def login_gate() -> state.SessionUser:
    """Return the logged-in user; without one, draw the login form and stop the run."""
    user = _resolve(configured_users())
    if user is not None:
        return user
    st.title(t("auth.title"))
    show_notice()
    with st.form("auth_form"):
        st.text_input(t("auth.name"), key=FIELD_NAME)
        st.text_input(t("auth.password"), type="password", key=FIELD_PASSWORD)
        st.form_submit_button(t("auth.login"), on_click=_on_login, key="auth_login")
    st.stop()
    raise AssertionError("unreachable")  # pragma: no cover - st.stop() ends the run


def render_user_box(user: state.SessionUser) -> None:
    """Sidebar: who is logged in and their role; a logout button; a note for the local user."""
    with st.sidebar:
        st.divider()
        st.markdown(t("auth.logged_in", name=user.name, role=role_label(user.role)))
        if user.source == "local":
            st.caption(t("auth.local_note"))
        elif user.source == "platform":
            st.button(t("auth.logout"), key="auth_logout", on_click=st.logout, icon=":material/logout:")
        else:
            st.button(t("auth.logout"), key="auth_logout", on_click=_on_logout, icon=":material/logout:")


def show_notice() -> None:
    """Show (once) the message an action left for this run."""
    found = state.pop_notice()
    if found is None:
        return
    kind, text = found
    {"success": st.success, "warning": st.warning, "info": st.info}.get(kind, st.error)(text)


def role_label(role: str) -> str:
    """Return the role in words ('chief actuary')."""
    return t(f"role.{role}")


def current_user() -> state.SessionUser:
    """Return the logged-in user (app.py has run the gate, so there always is one on a page)."""
    user = state.session_user()
    return user if user is not None else state.SessionUser(LOCAL_USER, Role.VIEWER.value, "local")


def can(action: Action, user: state.SessionUser | None = None) -> bool:
    """Whether the (current) user's role allows `action`."""
    return allowed((user or current_user()).role, action)
