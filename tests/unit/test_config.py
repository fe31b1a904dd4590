"""The shipped Streamlit config hides the developer chrome and never opens a browser on a server.

Issue 17 item 11: a manager saw Streamlit's Deploy button and developer menu, and a server
tried to start a browser. Both are settings in `.streamlit/config.toml`; these tests read the
file as TOML and as Streamlit itself parses it, so a misspelt key or section fails here.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / ".streamlit" / "config.toml"


def _settings() -> dict:
    return tomllib.loads(CONFIG.read_text(encoding="utf-8"))


def test_toolbar_hides_deploy_and_developer_menu() -> None:
    # "viewer" hides deploy, rerun and clear cache; "minimal" hides even more. "auto" (the
    # default) shows the developer options to anyone on localhost.
    assert _settings()["client"]["toolbarMode"] in {"viewer", "minimal"}


def test_server_is_headless() -> None:
    assert _settings()["server"]["headless"] is True


def test_streamlit_reads_both_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit import config

    monkeypatch.chdir(ROOT)
    try:
        config.get_config_options(force_reparse=True)
        assert config.get_option("client.toolbarMode") in {"viewer", "minimal"}
        assert config.get_option("server.headless") is True
    finally:
        config.get_config_options(force_reparse=True)


def test_readme_quick_start_says_the_url_is_printed() -> None:
    # headless = true means `streamlit run app.py` prints the URL rather than opening a tab;
    # the README's quick start must not promise otherwise.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert "prints" in quick_start and "http://localhost:8501" in quick_start
