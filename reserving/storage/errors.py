"""Errors raised by saved work: each message tells the user what to do next.

All derive from `reserving.errors.ReservingError`, so the UI and the command line show them
as one readable line. When one is raised inside a repository call the transaction is rolled
back: nothing is changed in the database.
"""

from __future__ import annotations

from reserving.errors import ReservingError


class StorageError(ReservingError):
    """The database cannot be opened or used (wrong URL, schema newer than this app)."""


class PermissionDenied(StorageError):  # noqa: N818 - the name the workflow speaks of
    """The user's role does not allow the action (a viewer saving, an actuary approving)."""


class WorkflowError(StorageError):
    """The action breaks the review workflow (editing an approved valuation, approving a draft)."""


class NotFoundError(StorageError):
    """The dataset, valuation or user asked for is not in the database."""
