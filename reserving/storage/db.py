"""Opening the database: URL resolution, engine settings, schema upgrade, transactions.

`open_database` is the one entry point::

    db = open_database()                 # RESERVING_DATABASE_URL, else ./var/reserving.sqlite
    with db.write() as session: ...      # one transaction; commits on success, rolls back on error
    db.dispose()

URL resolution: the explicit argument, else env ``RESERVING_DATABASE_URL`` (PostgreSQL, e.g.
``postgresql+psycopg://user:pass@host:5432/db``), else the SQLite file ``reserving.sqlite``
in the data directory: env ``RESERVING_DATA_DIR``, default ``./var`` under the current
working directory (created when missing).

SQLite is set up for many readers and one writer at a time without losing work: WAL
journal, ``synchronous=FULL`` (a committed save survives a crash of the machine, not only of
the process), foreign keys on, a busy timeout, and every write transaction opened with
``BEGIN IMMEDIATE`` so two writers queue on the busy timeout instead of failing halfway
through a transaction that started as a read.

Opening runs alembic ``upgrade head`` inside one write transaction (serialised across
processes by that transaction on SQLite and by an advisory lock on PostgreSQL), so a
database made by an older version of the app opens in a newer one, and opening is
idempotent.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import Session, sessionmaker

from reserving.storage.errors import StorageError

URL_ENV = "RESERVING_DATABASE_URL"
DATA_DIR_ENV = "RESERVING_DATA_DIR"
DEFAULT_DATA_DIR = "var"
SQLITE_FILE = "reserving.sqlite"
BUSY_TIMEOUT_S = 30.0
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Any constant shared by every process that upgrades the schema; serialises PostgreSQL upgrades.
_PG_MIGRATION_LOCK = 724_019_337
_WRITE_OPTION = "reserving_write"
_RETRIES = 5

T = TypeVar("T")


def resolve_url(url: str | None = None) -> str:
    """Return the database URL to use (see the module docstring for the order).

    A bare ``postgresql://`` or ``postgres://`` URL is given the psycopg 3 driver, the one
    installed with the app.
    """
    chosen = url or os.environ.get(URL_ENV)
    if not chosen:
        data_dir = Path(os.environ.get(DATA_DIR_ENV) or Path.cwd() / DEFAULT_DATA_DIR)
        data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{(data_dir / SQLITE_FILE).resolve()}"
    for prefix in ("postgresql://", "postgres://"):
        if chosen.startswith(prefix):
            return "postgresql+psycopg://" + chosen[len(prefix) :]
    return chosen


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN itself (pysqlite's own handling
        # would start transactions late and always as DEFERRED).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(_WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def create_db_engine(url: str) -> Engine:
    """Create an engine configured for `url` (SQLite pragmas and transaction mode; pool checks for servers)."""
    try:
        parsed = make_url(url)
    except exc.ArgumentError as err:
        raise StorageError(f"not a database URL: {url!r} (expected e.g. sqlite:///path or postgresql://...)") from err
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        return _sqlite_engine(url)
    try:
        return create_engine(url, pool_pre_ping=True)
    except (exc.ArgumentError, exc.NoSuchModuleError, ImportError) as err:
        raise StorageError(f"cannot use database URL {parsed.render_as_string(hide_password=True)}: {err}") from err


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    """Return the schema revision this version of the app writes."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships migrations
        raise StorageError("no schema migrations found")
    return head


def current_revision(engine: Engine) -> str | None:
    """Return the schema revision stored in the database (``None`` for an empty database)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade_schema(engine: Engine) -> None:
    """Create or upgrade the schema to the newest revision, in one transaction.

    Raises
    ------
    StorageError
        If the database was written by a newer version of the app (its revision is unknown
        here): opening it would risk misreading saved work.
    """
    config = _alembic_config()
    scripts = ScriptDirectory.from_config(config)
    with engine.execution_options(**{_WRITE_OPTION: True}).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_MIGRATION_LOCK})")
        stored = MigrationContext.configure(conn).get_current_revision()
        if stored is not None and stored not in {rev.revision for rev in scripts.walk_revisions()}:
            raise StorageError(
                f"the database has schema revision {stored!r}, written by a newer version of Reserving "
                f"Workbench (this one knows up to {scripts.get_current_head()!r}): upgrade the app to open it"
            )
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


@dataclass
class Database:
    """An open database: the engine and session factories for reading and for writing.

    Attributes
    ----------
    url : str
        The resolved URL (password hidden in `describe`).
    engine : sqlalchemy.Engine
    """

    url: str
    engine: Engine

    def __post_init__(self) -> None:
        self._read = sessionmaker(bind=self.engine, expire_on_commit=False)
        self._write = sessionmaker(bind=self.engine.execution_options(**{_WRITE_OPTION: True}), expire_on_commit=False)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    def describe(self) -> str:
        """Return the URL with the password hidden, for messages and the UI."""
        return make_url(self.url).render_as_string(hide_password=True)

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """Open a session for reading (a consistent snapshot on SQLite WAL and PostgreSQL)."""
        with self._read() as session, session.begin():
            yield session

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """Open a session in one write transaction: commits at the end, rolls back on any error."""
        with self._write() as session, session.begin():
            yield session

    def run_write(self, work: Callable[[Session], T]) -> T:
        """Run `work(session)` in one write transaction, retrying when the server reports a conflict.

        A retry happens when a concurrent transaction made this one fail without any of it
        being kept (a deadlock or serialisation failure, a unique key taken by a concurrent
        save of the same thing, SQLite still busy after its timeout); `work` must therefore
        read what it needs inside the transaction. Errors raised by `work` itself (permission,
        workflow) are never retried.
        """
        for attempt in range(_RETRIES):
            try:
                with self.write() as session:
                    return work(session)
            except (exc.IntegrityError, exc.OperationalError) as err:
                if attempt == _RETRIES - 1 or not _retryable(err):
                    raise StorageError(f"the database refused the change: {err.orig}") from err
        raise AssertionError("unreachable")  # pragma: no cover

    def dispose(self) -> None:
        """Close every pooled connection (call before the process forks or exits)."""
        self.engine.dispose()


def _retryable(err: exc.DBAPIError) -> bool:
    text = str(err.orig).lower()
    if isinstance(err, exc.IntegrityError):
        return "unique" in text or "duplicate" in text
    return any(word in text for word in ("deadlock", "could not serialize", "locked", "busy"))


def open_database(url: str | None = None) -> Database:
    """Open (creating or upgrading the schema as needed) the database at `url` (see `resolve_url`).

    Raises
    ------
    StorageError
        If the URL is not usable, the server cannot be reached, or the schema is newer than this app.
    """
    resolved = resolve_url(url)
    engine = create_db_engine(resolved)
    try:
        upgrade_schema(engine)
    except exc.OperationalError as err:
        engine.dispose()
        shown = make_url(resolved).render_as_string(hide_password=True)
        raise StorageError(f"cannot open the database {shown}: {err.orig}") from err
    except BaseException:
        engine.dispose()
        raise
    return Database(url=resolved, engine=engine)
