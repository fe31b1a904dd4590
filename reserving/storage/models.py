"""Tables of saved work, as SQLAlchemy 2 declarative models.

The schema itself is created and upgraded by the alembic migrations in
``reserving/storage/migrations`` (a test checks models and migrations agree). Design notes:

- JSON lives in text columns written canonically (`JSONText`), so the same schema works on
  SQLite and PostgreSQL and equal segments compare equal in SQL.
- Timestamps are stored as naive UTC and read back timezone-aware (`UTCDateTime`): SQLite
  has no time zones and PostgreSQL's would convert on the way out.
- Users are referred to by name (not a foreign key): the audit log must outlive any change
  to the user table.
- Triggers added by the migrations reject UPDATE and DELETE on ``audit_log``, DELETE on the
  tables of saved work, and any UPDATE of an approved valuation.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from reserving.storage.serialization import dumps, loads

NAME_LENGTH = 200
HASH_LENGTH = 64


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC datetime stored as a naive UTC timestamp."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        """Convert to UTC and drop the zone (naive values are taken to be UTC already)."""
        if value is None:
            return None
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        """Attach the UTC zone."""
        return None if value is None else value.replace(tzinfo=dt.UTC)


class JSONText(TypeDecorator[Any]):
    """Any JSON value stored as canonical text (see `reserving.storage.serialization.dumps`)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        """Serialise canonically; ``None`` is SQL NULL."""
        return None if value is None else dumps(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        """Parse the text back."""
        return loads(value)


class Base(DeclarativeBase):
    """Declarative base of the storage tables."""


class User(Base):
    """A person who may read, prepare or approve; `role` is a `reserving.storage.roles.Role` value."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class DatasetRow(Base):
    """An uploaded file with the mapping that reads it: enough to rebuild the dataset identically."""

    __tablename__ = "datasets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    content_hash: Mapped[str] = mapped_column(String(HASH_LENGTH), unique=True)
    file_name: Mapped[str | None] = mapped_column(String(500))
    source: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)
    mapping: Mapped[Any] = mapped_column(JSONText())
    created_by: Mapped[str] = mapped_column(String(NAME_LENGTH))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class AssumptionSetRow(Base):
    """One saved version of the assumptions for a dataset, segment and measure (never overwritten)."""

    __tablename__ = "assumption_sets"
    __table_args__ = (
        UniqueConstraint("dataset_hash", "segment", "measure", "version", name="uq_assumption_sets_version"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_hash: Mapped[str] = mapped_column(String(HASH_LENGTH), ForeignKey("datasets.content_hash"))
    segment: Mapped[Any] = mapped_column(JSONText())
    measure: Mapped[str] = mapped_column(String(NAME_LENGTH))
    assumptions: Mapped[Any] = mapped_column(JSONText())
    version: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(NAME_LENGTH))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class ValuationRow(Base):
    """A snapshot of a valuation: data, assumptions, selected results and the software that made them."""

    __tablename__ = "valuations"
    __table_args__ = (
        UniqueConstraint("data_hash", "segment", "measure", "version", name="uq_valuations_version"),
        Index("ix_valuations_key", "data_hash", "measure", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    data_hash: Mapped[str] = mapped_column(String(HASH_LENGTH), ForeignKey("datasets.content_hash"))
    segment: Mapped[Any] = mapped_column(JSONText())
    measure: Mapped[str] = mapped_column(String(NAME_LENGTH))
    method: Mapped[str | None] = mapped_column(String(NAME_LENGTH))
    assumptions: Mapped[Any] = mapped_column(JSONText())
    results: Mapped[Any] = mapped_column(JSONText())
    app_version: Mapped[str] = mapped_column(String(50))
    chainladder_version: Mapped[str] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer)
    parent_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("valuations.id"))
    assumption_set_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("assumption_sets.id"))
    created_by: Mapped[str] = mapped_column(String(NAME_LENGTH))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class TransitionRow(Base):
    """A change of a valuation's status (submit, approve, return), with the comment and reason given."""

    __tablename__ = "transitions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    valuation_id: Mapped[int] = mapped_column(Integer, ForeignKey("valuations.id"), index=True)
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    by: Mapped[str] = mapped_column(String(NAME_LENGTH))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    comment: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)


class AuditRow(Base):
    """One append-only audit entry: who did what to which object, the old and new values, and why."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), index=True)
    user: Mapped[str] = mapped_column(String(NAME_LENGTH), index=True)
    action: Mapped[str] = mapped_column(String(50))
    object_type: Mapped[str] = mapped_column(String(50))
    object_id: Mapped[str] = mapped_column(String(100))
    old_value: Mapped[Any] = mapped_column(JSONText(), nullable=True)
    new_value: Mapped[Any] = mapped_column(JSONText(), nullable=True)
    reason: Mapped[str | None] = mapped_column(Text)
