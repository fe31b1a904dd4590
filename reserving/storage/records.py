"""Plain, read-only records the repository returns (never live ORM objects).

Records are built inside the transaction that read them, so callers can keep them after
the session is closed, pass them between threads and put them in Streamlit state.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from reserving.mapping import ColumnMapping
from reserving.storage.models import AssumptionSetRow, DatasetRow, TransitionRow, User, ValuationRow


@dataclass(frozen=True)
class UserRecord:
    """A user and their role."""

    name: str
    role: str
    created_at: dt.datetime

    @classmethod
    def of(cls, row: User) -> UserRecord:
        """Copy a row."""
        return cls(name=row.name, role=row.role, created_at=row.created_at)


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
        return cls(
            id=row.id,
            name=row.name,
            content_hash=row.content_hash,
            file_name=row.file_name,
            size=row.size,
            mapping=row.mapping,
            created_by=row.created_by,
            created_at=row.created_at,
            source=bytes(row.source) if with_source else None,
        )


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
        return cls(
            id=row.id,
            dataset_hash=row.dataset_hash,
            segment=row.segment,
            measure=row.measure,
            assumptions=row.assumptions,
            version=row.version,
            reason=row.reason,
            created_by=row.created_by,
            created_at=row.created_at,
        )


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
        return cls(
            id=row.id,
            data_hash=row.data_hash,
            segment=row.segment,
            measure=row.measure,
            method=row.method,
            assumptions=row.assumptions,
            results=row.results,
            app_version=row.app_version,
            chainladder_version=row.chainladder_version,
            status=row.status,
            version=row.version,
            parent_id=row.parent_id,
            assumption_set_id=row.assumption_set_id,
            created_by=row.created_by,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )


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
        return cls(
            id=row.id,
            valuation_id=row.valuation_id,
            from_status=row.from_status,
            to_status=row.to_status,
            by=row.by,
            at=row.at,
            comment=row.comment,
            reason=row.reason,
        )
