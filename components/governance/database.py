"""The saved-work database, opened once per process and shared by every session.

`open_database` resolves ``RESERVING_DATABASE_URL``, else an SQLite file under
``RESERVING_DATA_DIR`` (default ``./var``). The resource is keyed by the resolved URL, so a
test that points the data directory somewhere else gets its own database in the same process.
Saved work is shared by design; what a session has not saved stays in its own state.
"""

from __future__ import annotations

import streamlit as st

from reserving.storage import Repository, open_database, resolve_url


@st.cache_resource(max_entries=4, show_spinner=False)
def _repository(url: str) -> Repository:
    """Open the database at `url` (schema upgraded once) and wrap it in a `Repository`."""
    return Repository(open_database(url))


def repository() -> Repository:
    """Return the repository over the configured database (raises `StorageError` if it cannot open)."""
    return _repository(resolve_url())
