"""The append-only audit log: writing an entry inside the caller's transaction, and reading it back.

There is deliberately no update or delete function, and the migrations add triggers that
make the database itself reject UPDATE and DELETE on ``audit_log`` (SQLite and PostgreSQL).
`record` takes the caller's session, so an entry is committed together with the change it
describes, or not at all.

Actions written by the repository: ``user.add``, ``user.role``, ``dataset.save``,
``assumptions.save``, ``valuation.create``, ``valuation.update``, ``valuation.submit``,
``valuation.approve``, ``valuation.return``, ``valuation.new_version``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from reserving.storage.models import AuditRow

COLUMNS = ["id", "at", "user", "action", "object_type", "object_id", "old_value", "new_value", "reason"]


def utc_now() -> dt.datetime:
    """Return the current time, timezone-aware UTC (every stored timestamp is UTC)."""
    return dt.datetime.now(dt.UTC)


def record(
    session: Session,
    *,
    user: str,
    action: str,
    object_type: str,
    object_id: int | str,
    old: Any = None,
    new: Any = None,
    reason: str | None = None,
    at: dt.datetime | None = None,
) -> None:
    """Add one audit entry to the caller's transaction (flushed with it)."""
    session.add(
        AuditRow(
            at=at or utc_now(),
            user=user,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            old_value=old,
            new_value=new,
            reason=reason,
        )
    )


def _as_utc(value: dt.datetime | dt.date, end: bool) -> dt.datetime:
    """Return a bound as an aware UTC datetime; a date alone means its whole day (UTC)."""
    if not isinstance(value, dt.datetime):
        day = dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
        return day + dt.timedelta(days=1) if end else day
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def read(
    session: Session,
    *,
    user: str | None = None,
    action: str | None = None,
    object_type: str | None = None,
    object_id: int | str | None = None,
    start: dt.datetime | dt.date | None = None,
    end: dt.datetime | dt.date | None = None,
) -> pd.DataFrame:
    """Audit entries matching every filter given, oldest first, as a DataFrame (`COLUMNS`).

    `start` is inclusive and `end` exclusive; a date (not a datetime) covers its whole UTC
    day, so ``start=end=date(2026, 3, 31)`` returns that day's entries. Naive datetimes are
    taken as UTC. ``old_value`` and ``new_value`` hold the parsed JSON.
    """
    query = select(AuditRow).order_by(AuditRow.id)
    if user is not None:
        query = query.where(AuditRow.user == user)
    if action is not None:
        query = query.where(AuditRow.action == action)
    if object_type is not None:
        query = query.where(AuditRow.object_type == object_type)
    if object_id is not None:
        query = query.where(AuditRow.object_id == str(object_id))
    if start is not None:
        query = query.where(AuditRow.at >= _as_utc(start, end=False))
    if end is not None:
        query = query.where(AuditRow.at < _as_utc(end, end=True))
    rows = [{name: getattr(row, name) for name in COLUMNS} for row in session.scalars(query)]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["at"] = pd.to_datetime(frame["at"], utc=True)
    return frame
