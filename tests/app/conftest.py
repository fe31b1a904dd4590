"""Shared helpers of the AppTest suite: every test starts from app.py, as a user does."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

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
    """The DataFrame shown by `components.tables.show_table(..., key)`."""
    return at.get_by_key(f"table_{key}").dataframe[0].value


def choose_dataset(at: AppTest, token: str) -> AppTest:
    """Pick a dataset in the sidebar ('sample:xyz') and rerun."""
    at.sidebar.selectbox(key="sidebar_dataset").set_value(token).run()
    assert not at.exception
    return at
