"""Saved work: datasets, assumption sets, valuations, the review workflow and the audit log.

Everything a user saves goes into one database, SQLite by default and PostgreSQL by URL,
so the valuation process is recorded, working papers are kept and nothing saved is lost.
Start with `open_database` and `Repository` (documented in `reserving.storage.repository`)::

    from reserving.storage import Repository, open_database
    repo = Repository(open_database())
"""

from reserving.storage.db import Database, open_database, resolve_url
from reserving.storage.errors import NotFoundError, PermissionDenied, StorageError, WorkflowError
from reserving.storage.records import (
    AssumptionSetRecord,
    DatasetRecord,
    TransitionRecord,
    UserRecord,
    ValuationRecord,
)
from reserving.storage.repository import Repository, dataset_content_hash
from reserving.storage.roles import Role
from reserving.storage.workflow import DEFAULT_MATERIALITY, Status

__all__ = [
    "DEFAULT_MATERIALITY",
    "AssumptionSetRecord",
    "Database",
    "DatasetRecord",
    "NotFoundError",
    "PermissionDenied",
    "Repository",
    "Role",
    "Status",
    "StorageError",
    "TransitionRecord",
    "UserRecord",
    "ValuationRecord",
    "WorkflowError",
    "dataset_content_hash",
    "open_database",
    "resolve_url",
]
