"""Shared helpers of the AppTest suite: every test starts from app.py, as a user does."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.testing.v1 import AppTest

from components.core import state

DATA = Path(__file__).resolve().parents[1] / "data" / "app"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app() -> AppTest:
    """The app after its first run (RAA loaded), then on the Data page (the default page is the Overview)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    at.switch_page("app_pages/data.py").run()
    assert not at.exception
    return at


def table(at: AppTest, key: str):
    """The DataFrame shown by `components.core.tables.show_table(..., key)`."""
    return at.get_by_key(f"table_{key}").dataframe[0].value


def choose_dataset(at: AppTest, token: str) -> AppTest:
    """Pick a dataset in the sidebar ('sample:xyz') and rerun."""
    at.sidebar.selectbox(key="sidebar_dataset").set_value(token).run()
    assert not at.exception
    return at


@pytest.fixture
def reader(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The language the test itself reads widgets in; set it to what the test picked in the app.

    AppTest calls a widget's ``format_func`` in the test's own thread, where there is no
    session and `state.language` answers English; a radio whose options the app drew in
    Chinese would then not find its value. Only calls without a script run context are
    redirected, so the app's own runs still take their language from the sidebar picker.
    """
    chosen = {"language": "en"}
    in_app = state.language

    def language() -> str:
        return in_app() if get_script_run_ctx(suppress_warning=True) is not None else chosen["language"]

    monkeypatch.setattr(state, "language", language)
    return chosen
