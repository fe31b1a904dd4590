"""Helpers of the saved-work AppTests: sessions, logins, configured users, and the numbers to compare."""

from __future__ import annotations

import hashlib

import pandas as pd
from streamlit.testing.v1 import AppTest

from tests.app.conftest import ROOT, table

PASSWORDS = {"ana": "ana-pw", "li": "li-pw", "vera": "vera-pw"}
ROLES = {"ana": "actuary", "li": "chief_actuary", "vera": "viewer"}
USERS = {
    name: {"role": ROLES[name], "password_sha256": hashlib.sha256(pw.encode()).hexdigest()}
    for name, pw in PASSWORDS.items()
}


def session(users: dict | None = None) -> AppTest:
    """A new browser session of the app (same database: the test's RESERVING_DATA_DIR)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    if users:
        at.secrets["users"] = users
    at.run()
    assert not at.exception
    return at


def login(name: str) -> AppTest:
    """A new session with the three configured users, logged in as `name`."""
    at = session(USERS)
    assert at.button(key="auth_login")  # the login form is shown first
    at.text_input(key="auth_name").input(name)
    at.text_input(key="auth_password").input(PASSWORDS[name])
    at.button(key="auth_login").click().run()
    assert not at.exception
    assert at.sidebar.markdown[0].value.startswith(f"Logged in as **{name}**")
    return at


def go(at: AppTest, page: str) -> AppTest:
    """Switch to `app_pages/<page>.py` and check it ran cleanly."""
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def messages(at: AppTest, kind: str = "success") -> list[str]:
    """Texts of the success (or error, warning, info) messages on the page."""
    return [element.value for element in getattr(at, kind)]


def set_constant_tail(at: AppTest, factor: float) -> None:
    """Give the current segment a constant tail on the Tail page."""
    go(at, "tail")
    at.selectbox(key="tail_kind").set_value("constant").run()
    at.number_input(key="tail_factor").set_value(factor).run()
    assert not at.exception


def analysis_numbers(at: AppTest) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The Methods page's totals and the Selection page's selected table."""
    go(at, "methods")
    methods = table(at, "meth_totals")
    go(at, "selection")
    return methods, table(at, "sel_selected")


def save_valuation(at: AppTest, into: str = "new") -> str:
    """Save the current work as a valuation from the Saved work page; return the success message."""
    go(at, "saved")
    at.selectbox(key="saved_into").set_value(into).run()
    at.button(key="saved_save_valuation").click().run()
    assert not at.exception
    found = messages(at)
    assert found and found[0].startswith("Valuation"), messages(at, "error")
    return found[0]


def act(at: AppTest, action: str, valuation_id: int, comment: str = "", reason: str = "") -> AppTest:
    """On the Valuations page, pick a valuation, fill comment and reason, press an action button."""
    go(at, "valuations")
    at.selectbox(key="val_pick").set_value(str(valuation_id)).run()
    at.text_area(key="val_comment").input(comment)
    at.text_area(key="val_reason").input(reason)
    at.button(key=f"val_{action}").click().run()
    assert not at.exception
    return at
