"""Shared fixtures of the storage tests: one database per test, on SQLite and (when set up) PostgreSQL.

`storage_url` is parametrised over ``sqlite`` (a fresh file per test) and ``postgres`` (a fresh
schema per test on the server named by env ``RESERVING_TEST_POSTGRES_URL``, e.g. the URL that
``scripts/start_postgres.sh`` prints). Without that variable the postgres cases are skipped
with the reason. Fixture names start with ``storage_`` so they cannot clash with others.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from storage_helpers import ACTUARY, CHIEF, VIEWER

from reserving.storage import Database, Repository, open_database

POSTGRES_ENV = "RESERVING_TEST_POSTGRES_URL"


@pytest.fixture(
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
def storage_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of an empty database private to this test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'reserving.sqlite'}"
        return
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        pytest.skip(f"set {POSTGRES_ENV} (see scripts/start_postgres.sh) to run the PostgreSQL storage tests")
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(server)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    url = make_url(server).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


@pytest.fixture
def storage_db(storage_url: str) -> Iterator[Database]:
    """The open database (schema at head)."""
    db = open_database(storage_url)
    yield db
    db.dispose()


@pytest.fixture
def storage_repo(storage_db: Database) -> Repository:
    """A repository with a chief actuary, an actuary and a viewer."""
    repo = Repository(storage_db)
    repo.add_user(CHIEF, "chief_actuary")
    repo.add_user(ACTUARY, "actuary", by=CHIEF)
    repo.add_user(VIEWER, "viewer", by=CHIEF)
    return repo
