"""Settings every test shares: no test ever writes to the working copy's ./var database."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the default SQLite database at a fresh temporary folder; tests that need a URL set their own."""
    monkeypatch.delenv("RESERVING_DATABASE_URL", raising=False)
    monkeypatch.setenv("RESERVING_DATA_DIR", str(tmp_path_factory.mktemp("var")))
