"""Plain, read-only records the repository returns (never live ORM objects).

Records are built inside the transaction that read them, so callers can keep them after
the session is closed, pass them between threads and put them in Streamlit state.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any, TypeVar

from reserving.mapping import ColumnMapping
from reserving.storage.models import AssumptionSetRow, DatasetRow, TransitionRow, User, ValuationRow

R = TypeVar("R")


def _copy(cls: type[R], row: Any, **given: Any) -> R:
    """Build a `cls` record from the row's attributes named like its fields (`given` ones excepted).

    Records name their fields after the columns, so one copy serves every table; a new
    column shows up in a record by adding the field alone.
    """
    names = [field.name for field in fields(cls) if field.name not in given]  # type: ignore[arg-type]
    return cls(**{name: getattr(row, name) for name in names}, **given)


@dataclass(frozen=True)
class UserRecord:
    """A user and their role."""

    name: str
    role: str
    created_at: dt.datetime

    @classmethod
    def of(cls, row: User) -> UserRecord:
        """Copy a row."""
        return _copy(cls, row)


@dataclass(frozen=True)
class DatasetRecord:
    """A saved dataset; `source` is None in listings (fetch it with `Repository.get_dataset`)."""

    id: int
    name: str
    content_hash: str
    file_name: str | None
    size: int
    mapping: dict[str, Any]
    created_by: str
    created_at: dt.datetime
    source: bytes | None = None

    @property
    def column_mapping(self) -> ColumnMapping:
        """The saved mapping as the object ingestion takes."""
        return ColumnMapping.from_dict(self.mapping)

    @classmethod
    def of(cls, row: DatasetRow, with_source: bool) -> DatasetRecord:
        """Copy a row (the source bytes only when asked for)."""
        return _copy(cls, row, source=bytes(row.source) if with_source else None)


@dataclass(frozen=True)
class AssumptionSetRecord:
    """One saved version of the assumptions for a dataset, segment and measure."""

    id: int
    dataset_hash: str
    segment: Any
    measure: str
    assumptions: Any
    version: int
    reason: str | None
    created_by: str
    created_at: dt.datetime

    @classmethod
    def of(cls, row: AssumptionSetRow) -> AssumptionSetRecord:
        """Copy a row."""
        return _copy(cls, row)


@dataclass(frozen=True)
class ValuationRecord:
    """A valuation snapshot and where it is in the workflow."""

    id: int
    data_hash: str
    segment: Any
    measure: str
    method: str | None
    assumptions: Any
    results: Any
    app_version: str
    chainladder_version: str
    status: str
    version: int
    parent_id: int | None
    assumption_set_id: int | None
    created_by: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @classmethod
    def of(cls, row: ValuationRow) -> ValuationRecord:
        """Copy a row."""
        return _copy(cls, row)


@dataclass(frozen=True)
class TransitionRecord:
    """One status change of a valuation."""

    id: int
    valuation_id: int
    from_status: str
    to_status: str
    by: str
    at: dt.datetime
    comment: str | None
    reason: str | None

    @classmethod
    def of(cls, row: TransitionRow) -> TransitionRecord:
        """Copy a row."""
        return _copy(cls, row)
