"""Opening the database: URL resolution, SQLite settings, migrations to head and idempotence."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from storage_helpers import ACTUARY

from reserving.errors import ReservingError
from reserving.storage import Repository, StorageError, open_database, resolve_url
from reserving.storage.db import current_revision, head_revision
from reserving.storage.models import Base

TABLES = {"users", "datasets", "assumption_sets", "valuations", "transitions", "audit_log", "alembic_version"}


def test_url_defaults_to_sqlite_under_var_in_the_working_directory(monkeypatch, tmp_path):
    monkeypatch.delenv("RESERVING_DATABASE_URL", raising=False)
    monkeypatch.delenv("RESERVING_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert resolve_url() == f"sqlite:///{tmp_path / 'var' / 'reserving.sqlite'}"
    assert (tmp_path / "var").is_dir()


def test_url_follows_data_dir_then_database_url_then_argument(monkeypatch, tmp_path):
    monkeypatch.setenv("RESERVING_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("RESERVING_DATABASE_URL", raising=False)
    assert resolve_url() == f"sqlite:///{tmp_path / 'data' / 'reserving.sqlite'}"
    monkeypatch.setenv("RESERVING_DATABASE_URL", "postgresql://u:p@127.0.0.1:5432/db")
    assert resolve_url() == "postgresql+psycopg://u:p@127.0.0.1:5432/db"
    assert resolve_url("sqlite:///x.sqlite") == "sqlite:///x.sqlite"


def test_open_database_uses_the_env_url_from_any_working_directory(monkeypatch, tmp_path):
    target = tmp_path / "sub" / "env.sqlite"
    monkeypatch.chdir("/")  # the migrations are found next to the code, not in the working directory
    monkeypatch.setenv("RESERVING_DATABASE_URL", f"sqlite:///{target}")
    db = open_database()
    try:
        assert db.dialect == "sqlite"
        assert target.exists()
        assert current_revision(db.engine) == head_revision()
    finally:
        db.dispose()


def test_bad_url_is_a_reserving_error():
    with pytest.raises(ReservingError, match="not a database URL"):
        open_database("no such thing")


def test_sqlite_runs_in_wal_with_foreign_keys_and_a_busy_timeout(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'w.sqlite'}")
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    finally:
        db.dispose()


def test_an_empty_file_upgrades_to_head(tmp_path):
    path = tmp_path / "empty.sqlite"
    path.touch()
    db = open_database(f"sqlite:///{path}")
    try:
        assert current_revision(db.engine) == head_revision()
        assert set(inspect(db.engine).get_table_names()) == TABLES
    finally:
        db.dispose()


def test_opening_twice_is_idempotent_and_keeps_the_data(storage_url):
    first = open_database(storage_url)
    Repository(first).add_user(ACTUARY, "actuary")
    first.dispose()
    second = open_database(storage_url)
    try:
        assert current_revision(second.engine) == head_revision()
        with second.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
        assert [u.name for u in Repository(second).list_users()] == [ACTUARY]
        assert len(Repository(second).audit_log()) == 1
    finally:
        second.dispose()


def test_models_match_the_migrations(storage_db):
    with storage_db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": False})
        assert compare_metadata(context, Base.metadata) == []


def test_a_database_from_a_newer_app_is_refused_with_a_clear_message(storage_url):
    db = open_database(storage_url)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    db.dispose()
    with pytest.raises(StorageError, match="newer version of Reserving Workbench"):
        open_database(storage_url)


def test_migrations_ship_inside_the_package():
    import reserving.storage.db as db_module

    migrations = Path(db_module.__file__).parent / "migrations"
    assert (migrations / "env.py").is_file()
    assert sorted(p.name for p in (migrations / "versions").glob("0*.py")) == ["0001_initial_schema.py"]


def test_storage_does_not_import_streamlit():
    import subprocess
    import sys

    code = "import sys, reserving.storage; print('streamlit' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path(__file__).parents[2]
    )
    assert out.stdout.strip() == "False"
