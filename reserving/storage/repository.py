"""The saved-work API: one `Repository` over an open `Database`.

Every method that changes something takes the acting user's name (keyword ``user``), checks
their role (`reserving.storage.roles`) and the workflow (`reserving.storage.workflow`), makes
the change and writes its audit entry in one transaction. A refused action raises
`PermissionDenied`, `WorkflowError` or `NotFoundError` and changes nothing. Records returned are
plain frozen dataclasses (`reserving.storage.records`).

Usage::

    repo = Repository(open_database())
    repo.add_user("li", "chief_actuary")                       # the first user needs no one's approval
    repo.add_user("wang", "actuary", by="li")
    ds = repo.save_dataset("Motor 2025", raw_bytes, user="wang", mapping=mapping, file_name="motor.csv")
    repo.save_assumptions(ds.content_hash, {"line": "motor"}, "paid", {"method": "chainladder"}, user="wang")
    v = repo.create_valuation(ds.content_hash, {"line": "motor"}, "paid", assumptions, results, user="wang")
    repo.submit(v.id, user="wang", reason="tail changed after the 2025 large-loss review")
    repo.approve(v.id, user="li")
    draft = repo.new_version(v.id, user="wang")                # an approved valuation is edited as a new draft

API summary
-----------
Users: ``add_user(name, role, by=None)``, ``set_role(name, role, by)``, ``get_user``, ``list_users``;
``sync_configured_users({name: role}, source="secrets")`` applies the administrator's configuration.
Datasets: ``save_dataset(name, source, user, mapping=None, file_name=None)`` (idempotent on content),
``get_dataset(id_or_hash)`` (with the source bytes), ``list_datasets()``, ``dataset_content_hash``.
Assumptions: ``save_assumptions(dataset_hash, segment, measure, assumptions, user, reason=None)``,
``latest_assumptions(dataset_hash, segment, measure)``, ``assumption_history(dataset_hash, segment=None,
measure=None)``.
Valuations: ``create_valuation``, ``get_valuation``, ``list_valuations``, ``update_draft``, ``submit``,
``approve``, ``return_valuation``, ``new_version``, ``transitions``, ``material_changes``.
Review: ``audit_log(user, action, object_type, object_id, start, end) -> DataFrame``,
``compare_valuations(a, b) -> (assumptions diff, results diff)``.

Segments are given as a mapping of column to value (``{}`` or ``None`` for all segments),
`reserving.dataset.SegmentKey` pairs, or a list of mappings for a valuation over several.
Results follow the command line's ``estimate`` JSON (see `reserving.storage.diff`).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable, Mapping
from importlib import metadata
from typing import Any, TypeVar

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import reserving
from reserving.mapping import ColumnMapping
from reserving.storage import audit
from reserving.storage.db import Database
from reserving.storage.diff import assumptions_frame, flatten, results_frame
from reserving.storage.errors import NotFoundError, PermissionDenied, StorageError, WorkflowError
from reserving.storage.models import AssumptionSetRow, DatasetRow, TransitionRow, User, ValuationRow
from reserving.storage.records import (
    AssumptionSetRecord,
    DatasetRecord,
    TransitionRecord,
    UserRecord,
    ValuationRecord,
)
from reserving.storage.roles import Action, Role, parse_role, require
from reserving.storage.serialization import canonical_segment, dumps, to_json_ready
from reserving.storage.workflow import (
    Status,
    check_editable,
    check_transition,
    material_changes,
    materiality_threshold,
)

T = TypeVar("T")
Row = TypeVar("Row")

CONFIG_ACTOR = "config"
"""Audit ``user`` of the changes `Repository.sync_configured_users` makes on the configuration's authority."""


@functools.cache
def chainladder_version() -> str:
    """Installed chainladder version, read from package metadata (importing it is slow)."""
    try:
        return metadata.version("chainladder")
    except metadata.PackageNotFoundError:  # pragma: no cover - a hard dependency
        return "unknown"


def dataset_content_hash(source: bytes, mapping: ColumnMapping | Mapping[str, Any] | None = None) -> str:
    """sha256 of the file bytes and the canonical mapping: the same file read another way is another dataset."""
    digest = hashlib.sha256(source)
    digest.update(b"\0")
    digest.update(dumps(_mapping_dict(mapping)).encode())
    return digest.hexdigest()


def _mapping_dict(mapping: ColumnMapping | Mapping[str, Any] | None) -> dict[str, Any]:
    if mapping is None:
        return {}
    if isinstance(mapping, ColumnMapping):
        return to_json_ready(mapping.to_dict())
    return to_json_ready(dict(mapping))


def _method_of(method: str | None, assumptions: Any) -> str | None:
    if method is None and isinstance(assumptions, Mapping):
        found = assumptions.get("method")
        return str(found) if found is not None else None
    return method


def _snapshot(row: ValuationRow) -> dict[str, Any]:
    return {"method": row.method, "assumptions": row.assumptions, "results": row.results}


def _created(row: ValuationRow) -> dict[str, Any]:
    """Return a new valuation's audit value: its version (so the log names it) and its content."""
    return {"version": row.version, **_snapshot(row)}


def _require_text(text: str | None, what: str) -> str:
    if text is None or not text.strip():
        raise WorkflowError(what)
    return text.strip()


def _insert(session: Session, row: Row, **entry: Any) -> Row:
    """Add `row` and its audit entry (`audit.record`'s keywords) to the caller's transaction.

    The row is flushed first so that the entry's ``object_id`` can default to the new row's
    generated id.
    """
    session.add(row)
    session.flush()
    if "object_id" not in entry:
        entry["object_id"] = row.id
    audit.record(session, **entry)
    return row


def _add_user(
    session: Session, name: str, role: Role, *, actor: str, at: dt.datetime, reason: str | None = None
) -> User:
    """Insert a user with its ``user.add`` audit entry."""
    return _insert(
        session,
        User(name=name, role=role.value, created_at=at),
        user=actor,
        action="user.add",
        object_type="user",
        object_id=name,
        new={"name": name, "role": role.value},
        reason=reason,
        at=at,
    )


def _change_role(
    session: Session, row: User, role: Role, *, actor: str, reason: str | None = None, at: dt.datetime | None = None
) -> None:
    """Give `row` the `role` with its ``user.role`` audit entry; the same role writes nothing."""
    if row.role == role.value:
        return
    old, row.role = row.role, role.value
    audit.record(
        session,
        user=actor,
        action="user.role",
        object_type="user",
        object_id=row.name,
        old={"role": old},
        new={"role": role.value},
        reason=reason,
        at=at,
    )


class Repository:
    """Saved work over one database; safe to share between threads (each call has its own session).

    Parameters
    ----------
    db : Database
        From `reserving.storage.open_database`.
    materiality : float, optional
        Relative change (0.05 = 5 %) beyond which a change needs a written reason to be
        approved; default env ``RESERVING_MATERIALITY`` or 5 %.
    """

    def __init__(self, db: Database, materiality: float | None = None) -> None:
        self.db = db
        self.materiality = materiality_threshold(materiality)

    # ----------------------------------------------------------------- users
    def add_user(self, name: str, role: Role | str, *, by: str | None = None) -> UserRecord:
        """Add a user. The first user may be added by no one; after that `by` must be a chief actuary.

        Adding an existing user with the same role returns them unchanged.
        """
        if not name or not name.strip():
            raise StorageError("a user needs a name")
        name = name.strip()
        role = parse_role(role)

        def work(session: Session) -> UserRecord:
            existing = session.scalar(select(User).where(User.name == name))
            if existing is not None:
                if existing.role == role.value:
                    return UserRecord.of(existing)
                raise StorageError(f"user {name!r} already exists as {existing.role}: use set_role to change it")
            actor = name  # the first user, in an empty database, is added on their own authority
            if session.scalar(select(func.count()).select_from(User)):
                if by is None:
                    raise PermissionDenied(f"say who adds user {name!r}: only a chief actuary can add users")
                self._actor(session, by, Action.MANAGE_USERS)
                actor = by
            return UserRecord.of(_add_user(session, name, role, actor=actor, at=audit.utc_now()))

        return self.db.run_write(work)

    def set_role(self, name: str, role: Role | str, *, by: str) -> UserRecord:
        """Change a user's role (chief actuary only)."""
        role = parse_role(role)

        def work(session: Session) -> UserRecord:
            row = self._user_row(session, name)
            _change_role(session, row, role, actor=by)
            return UserRecord.of(row)

        return self._write(by, Action.MANAGE_USERS, work)

    def sync_configured_users(self, users: Mapping[str, Role | str], *, source: str = "secrets") -> list[UserRecord]:
        """Make the users table agree with the administrator's configuration (name -> role).

        The configuration file (the app's secrets) is the administrator's word, so this is
        the one path that adds users and changes roles without a chief actuary: otherwise a
        database first used by the quick start's implicit ``local`` user could never receive
        the configured users. Missing users are added and differing roles updated, each with
        an audit entry by `CONFIG_ACTOR` whose reason names `source`; users not configured
        are left as they are (their saved work and audit entries stay). Every role is
        checked before anything is written, and all changes are one transaction.

        Returns
        -------
        list of UserRecord
            The configured users as now stored, by name.
        """
        wanted: dict[str, Role] = {}
        for name, role in users.items():
            if not str(name).strip():
                raise StorageError("a configured user needs a name")
            wanted[str(name).strip()] = parse_role(role)
        reason = f"configured in {source}"

        def work(session: Session) -> list[UserRecord]:
            now = audit.utc_now()
            stored = []
            for name, role in sorted(wanted.items()):
                row = session.scalar(select(User).where(User.name == name))
                if row is None:
                    row = _add_user(session, name, role, actor=CONFIG_ACTOR, reason=reason, at=now)
                else:
                    _change_role(session, row, role, actor=CONFIG_ACTOR, reason=reason, at=now)
                stored.append(UserRecord.of(row))
            return stored

        return self.db.run_write(work)

    def get_user(self, name: str) -> UserRecord:
        """Return the user called `name` (`NotFoundError` if none)."""
        with self.db.read() as session:
            return UserRecord.of(self._user_row(session, name))

    def list_users(self) -> list[UserRecord]:
        """All users by name."""
        with self.db.read() as session:
            return [UserRecord.of(row) for row in session.scalars(select(User).order_by(User.name))]

    @staticmethod
    def _user_row(session: Session, name: str) -> User:
        row = session.scalar(select(User).where(User.name == name))
        if row is None:
            raise NotFoundError(f"no user named {name!r}")
        return row

    @staticmethod
    def _actor(session: Session, user: str, action: Action) -> User:
        row = session.scalar(select(User).where(User.name == user))
        if row is None:
            raise PermissionDenied(f"unknown user {user!r} cannot {action.value}: ask a chief actuary to add you")
        require(user, row.role, action)
        return row

    def _write(self, user: str, action: Action, work: Callable[[Session], T]) -> T:
        """Run `work` in one write transaction once `user` is known to hold a role allowed to `action`."""

        def checked(session: Session) -> T:
            self._actor(session, user, action)
            return work(session)

        return self.db.run_write(checked)

    # -------------------------------------------------------------- datasets
    def save_dataset(
        self,
        name: str,
        source: bytes,
        *,
        user: str,
        mapping: ColumnMapping | Mapping[str, Any] | None = None,
        file_name: str | None = None,
    ) -> DatasetRecord:
        """Save the file bytes and the mapping that reads them; saving the same content again returns the first save."""
        if not isinstance(source, bytes | bytearray | memoryview):
            raise StorageError(f"a dataset's source must be the file's bytes, got {type(source).__name__}")
        source = bytes(source)
        mapping_json = _mapping_dict(mapping)
        content_hash = dataset_content_hash(source, mapping_json)

        def work(session: Session) -> DatasetRecord:
            existing = session.scalar(select(DatasetRow).where(DatasetRow.content_hash == content_hash))
            if existing is not None:
                return DatasetRecord.of(existing, with_source=True)
            now = audit.utc_now()
            row = DatasetRow(
                name=name,
                content_hash=content_hash,
                file_name=file_name,
                source=source,
                size=len(source),
                mapping=mapping_json,
                created_by=user,
                created_at=now,
            )
            _insert(
                session,
                row,
                user=user,
                action="dataset.save",
                object_type="dataset",
                object_id=content_hash,
                new={"name": name, "file_name": file_name, "size": len(source), "mapping": mapping_json},
                at=now,
            )
            return DatasetRecord.of(row, with_source=True)

        return self._write(user, Action.SAVE_DATASET, work)

    def get_dataset(self, key: int | str) -> DatasetRecord:
        """Return a dataset by id or content hash, with its source bytes."""
        with self.db.read() as session:
            return DatasetRecord.of(self._dataset_row(session, key), with_source=True)

    def list_datasets(self) -> list[DatasetRecord]:
        """All datasets, newest first, without their source bytes."""
        with self.db.read() as session:
            rows = session.scalars(select(DatasetRow).order_by(DatasetRow.id.desc()))
            return [DatasetRecord.of(row, with_source=False) for row in rows]

    @staticmethod
    def _dataset_row(session: Session, key: int | str) -> DatasetRow:
        column = DatasetRow.id if isinstance(key, int) else DatasetRow.content_hash
        row = session.scalar(select(DatasetRow).where(column == key))
        if row is None:
            raise NotFoundError(f"no saved dataset {key!r}: save the dataset first")
        return row

    @staticmethod
    def _lock_dataset(session: Session, content_hash: str) -> None:
        """Serialise version numbering per dataset (row lock on PostgreSQL; SQLite writes are serial)."""
        found = session.scalar(select(DatasetRow.id).where(DatasetRow.content_hash == content_hash).with_for_update())
        if found is None:
            raise NotFoundError(f"no saved dataset with hash {content_hash[:12]}...: save the dataset first")

    # ----------------------------------------------------------- assumptions
    def save_assumptions(
        self,
        dataset_hash: str,
        segment: Any,
        measure: str,
        assumptions: Any,
        *,
        user: str,
        reason: str | None = None,
    ) -> AssumptionSetRecord:
        """Save a new version of the assumptions (never overwriting); identical to the latest: returns the latest."""
        segment_json, assumptions_json = canonical_segment(segment), to_json_ready(assumptions)

        def work(session: Session) -> AssumptionSetRecord:
            self._lock_dataset(session, dataset_hash)
            previous = self._latest_assumptions(session, dataset_hash, segment_json, measure)
            if previous is not None and dumps(previous.assumptions) == dumps(assumptions_json):
                return AssumptionSetRecord.of(previous)
            now = audit.utc_now()
            row = AssumptionSetRow(
                dataset_hash=dataset_hash,
                segment=segment_json,
                measure=measure,
                assumptions=assumptions_json,
                version=previous.version + 1 if previous else 1,
                reason=reason,
                created_by=user,
                created_at=now,
            )
            _insert(
                session,
                row,
                user=user,
                action="assumptions.save",
                object_type="assumption_set",
                old=previous.assumptions if previous else None,
                new=assumptions_json,
                reason=reason,
                at=now,
            )
            return AssumptionSetRecord.of(row)

        return self._write(user, Action.SAVE_ASSUMPTIONS, work)

    @staticmethod
    def _latest_assumptions(session: Session, dataset_hash: str, segment: Any, measure: str) -> AssumptionSetRow | None:
        return session.scalar(
            select(AssumptionSetRow)
            .where(
                AssumptionSetRow.dataset_hash == dataset_hash,
                AssumptionSetRow.segment == segment,
                AssumptionSetRow.measure == measure,
            )
            .order_by(AssumptionSetRow.version.desc())
            .limit(1)
        )

    def latest_assumptions(self, dataset_hash: str, segment: Any, measure: str) -> AssumptionSetRecord | None:
        """Return the newest saved assumptions for this dataset, segment and measure (None if never saved)."""
        with self.db.read() as session:
            row = self._latest_assumptions(session, dataset_hash, canonical_segment(segment), measure)
            return AssumptionSetRecord.of(row) if row else None

    def assumption_history(
        self, dataset_hash: str, segment: Any = None, measure: str | None = None
    ) -> list[AssumptionSetRecord]:
        """Every saved version, oldest first; `segment`/`measure` narrow it (None: all)."""
        query = select(AssumptionSetRow).where(AssumptionSetRow.dataset_hash == dataset_hash)
        if segment is not None:
            query = query.where(AssumptionSetRow.segment == canonical_segment(segment))
        if measure is not None:
            query = query.where(AssumptionSetRow.measure == measure)
        with self.db.read() as session:
            return [AssumptionSetRecord.of(row) for row in session.scalars(query.order_by(AssumptionSetRow.id))]

    # ------------------------------------------------------------ valuations
    def create_valuation(
        self,
        dataset_hash: str,
        segment: Any,
        measure: str,
        assumptions: Any,
        results: Any,
        *,
        user: str,
        method: str | None = None,
        assumption_set_id: int | None = None,
        reason: str | None = None,
    ) -> ValuationRecord:
        """Save a new draft valuation; `method` defaults to ``assumptions["method"]``."""
        segment_json = canonical_segment(segment)
        assumptions_json, results_json = to_json_ready(assumptions), to_json_ready(results)
        method = _method_of(method, assumptions_json)

        def work(session: Session) -> ValuationRecord:
            self._lock_dataset(session, dataset_hash)
            now = audit.utc_now()
            row = self._draft(
                session,
                data_hash=dataset_hash,
                segment=segment_json,
                measure=measure,
                method=method,
                assumptions=assumptions_json,
                results=results_json,
                parent_id=None,
                assumption_set_id=assumption_set_id,
                user=user,
                now=now,
            )
            _insert(
                session,
                row,
                user=user,
                action="valuation.create",
                object_type="valuation",
                new=_created(row),
                reason=reason,
                at=now,
            )
            return ValuationRecord.of(row)

        return self._write(user, Action.CREATE_VALUATION, work)

    @classmethod
    def _draft(
        cls,
        session: Session,
        *,
        data_hash: str,
        segment: Any,
        measure: str,
        method: str | None,
        assumptions: Any,
        results: Any,
        parent_id: int | None,
        assumption_set_id: int | None,
        user: str,
        now: dt.datetime,
    ) -> ValuationRow:
        """Build a new draft row stamped with the app and chainladder versions and the next version number."""
        return ValuationRow(
            data_hash=data_hash,
            segment=segment,
            measure=measure,
            method=method,
            assumptions=assumptions,
            results=results,
            app_version=reserving.__version__,
            chainladder_version=chainladder_version(),
            status=Status.DRAFT.value,
            version=cls._next_version(session, data_hash, segment, measure),
            parent_id=parent_id,
            assumption_set_id=assumption_set_id,
            created_by=user,
            created_at=now,
            updated_at=now,
        )

    @staticmethod
    def _next_version(session: Session, dataset_hash: str, segment: Any, measure: str) -> int:
        latest = session.scalar(
            select(func.max(ValuationRow.version)).where(
                ValuationRow.data_hash == dataset_hash, ValuationRow.segment == segment, ValuationRow.measure == measure
            )
        )
        return (latest or 0) + 1

    @staticmethod
    def _valuation_row(session: Session, valuation_id: int, lock: bool = False) -> ValuationRow:
        query = select(ValuationRow).where(ValuationRow.id == valuation_id)
        row = session.scalar(query.with_for_update() if lock else query)
        if row is None:
            raise NotFoundError(f"no valuation {valuation_id}")
        return row

    def get_valuation(self, valuation_id: int) -> ValuationRecord:
        """One valuation (`NotFoundError` if none)."""
        with self.db.read() as session:
            return ValuationRecord.of(self._valuation_row(session, valuation_id))

    def list_valuations(
        self,
        dataset_hash: str | None = None,
        segment: Any = None,
        measure: str | None = None,
        status: Status | str | None = None,
    ) -> list[ValuationRecord]:
        """Valuations matching the filters given, oldest first."""
        query = select(ValuationRow)
        if dataset_hash is not None:
            query = query.where(ValuationRow.data_hash == dataset_hash)
        if segment is not None:
            query = query.where(ValuationRow.segment == canonical_segment(segment))
        if measure is not None:
            query = query.where(ValuationRow.measure == measure)
        if status is not None:
            query = query.where(ValuationRow.status == Status(status).value)
        with self.db.read() as session:
            return [ValuationRecord.of(row) for row in session.scalars(query.order_by(ValuationRow.id))]

    def update_draft(
        self,
        valuation_id: int,
        *,
        user: str,
        assumptions: Any = None,
        results: Any = None,
        method: str | None = None,
        reason: str | None = None,
    ) -> ValuationRecord:
        """Edit a draft or returned valuation in place (what is None stays); approved ones need `new_version`."""
        changes: dict[str, Any] = {}
        if assumptions is not None:
            changes["assumptions"] = to_json_ready(assumptions)
            if method is None:
                method = _method_of(None, changes["assumptions"])
        if results is not None:
            changes["results"] = to_json_ready(results)
        if method is not None:
            changes["method"] = method

        def work(session: Session) -> ValuationRecord:
            row = self._valuation_row(session, valuation_id, lock=True)
            check_editable(valuation_id, row.status)
            before = _snapshot(row)
            changed = {key: value for key, value in changes.items() if dumps(before[key]) != dumps(value)}
            if not changed:
                return ValuationRecord.of(row)
            now = audit.utc_now()
            for key, value in changed.items():
                setattr(row, key, value)
            row.app_version, row.chainladder_version, row.updated_at = reserving.__version__, chainladder_version(), now
            audit.record(
                session,
                user=user,
                action="valuation.update",
                object_type="valuation",
                object_id=valuation_id,
                old={"version": row.version, **{key: before[key] for key in changed}},
                new={"version": row.version, **changed},
                reason=reason,
                at=now,
            )
            return ValuationRecord.of(row)

        return self._write(user, Action.EDIT_VALUATION, work)

    def _locked_for(self, session: Session, valuation_id: int, target: Status) -> ValuationRow:
        """Lock the valuation's row and check that the workflow lets it move to `target`."""
        row = self._valuation_row(session, valuation_id, lock=True)
        check_transition(valuation_id, row.status, target)
        return row

    def _transition(
        self,
        session: Session,
        row: ValuationRow,
        target: Status,
        *,
        user: str,
        comment: str | None,
        reason: str | None,
        compared: tuple[int | None, list[str]] | None = None,
    ) -> None:
        """Move `row` to `target`, recording the transition and its audit entry.

        `compared` is `_material`'s (previous approved valuation, material changes), kept in
        the audit entry of a submission or approval so the reviewer's evidence stays with it.
        """
        extra = {} if compared is None else {"compared_with": compared[0], "material_changes": compared[1]}
        now = audit.utc_now()
        old = row.status
        row.status, row.updated_at = target.value, now
        session.add(
            TransitionRow(
                valuation_id=row.id,
                from_status=old,
                to_status=target.value,
                by=user,
                at=now,
                comment=comment,
                reason=reason,
            )
        )
        audit.record(
            session,
            user=user,
            action=f"valuation.{target_verb(target)}",
            object_type="valuation",
            object_id=row.id,
            old={"status": old, "version": row.version},
            new={"status": target.value, "version": row.version, "comment": comment, **extra},
            reason=reason,
            at=now,
        )

    def submit(
        self, valuation_id: int, *, user: str, comment: str | None = None, reason: str | None = None
    ) -> ValuationRecord:
        """Send a draft (or a returned valuation after edits) for approval; `reason` explains a material change."""

        def work(session: Session) -> ValuationRecord:
            row = self._locked_for(session, valuation_id, Status.SUBMITTED)
            compared = self._material(session, row)
            self._transition(
                session, row, Status.SUBMITTED, user=user, comment=comment, reason=reason, compared=compared
            )
            return ValuationRecord.of(row)

        return self._write(user, Action.SUBMIT, work)

    def approve(
        self, valuation_id: int, *, user: str, comment: str | None = None, reason: str | None = None
    ) -> ValuationRecord:
        """Approve a submitted valuation (chief actuary).

        A material change against the previous approved valuation of the same dataset,
        segment and measure needs a written reason, given here or when it was submitted.
        """

        def work(session: Session) -> ValuationRecord:
            row = self._locked_for(session, valuation_id, Status.APPROVED)
            compared = previous_id, changes = self._material(session, row)
            given = reason if reason and reason.strip() else self._submit_reason(session, valuation_id)
            if changes and not given:
                raise WorkflowError(
                    f"valuation {valuation_id} changes materially against approved valuation {previous_id} "
                    f"(threshold {self.materiality:.0%}): "
                    + "; ".join(changes)
                    + ". Give a written reason for the change to approve it."
                )
            self._transition(session, row, Status.APPROVED, user=user, comment=comment, reason=given, compared=compared)
            return ValuationRecord.of(row)

        return self._write(user, Action.APPROVE, work)

    def return_valuation(self, valuation_id: int, *, user: str, comment: str) -> ValuationRecord:
        """Return a submitted valuation to its preparer (chief actuary), saying what to change."""

        def work(session: Session) -> ValuationRecord:
            text = _require_text(comment, f"say what to change in valuation {valuation_id} when returning it")
            row = self._locked_for(session, valuation_id, Status.RETURNED)
            self._transition(session, row, Status.RETURNED, user=user, comment=text, reason=None)
            return ValuationRecord.of(row)

        return self._write(user, Action.RETURN, work)

    def new_version(self, valuation_id: int, *, user: str, reason: str | None = None) -> ValuationRecord:
        """Create a new draft copying an approved valuation and linking to it (`parent_id`), ready to edit."""

        def work(session: Session) -> ValuationRecord:
            parent = self._valuation_row(session, valuation_id)
            if parent.status != Status.APPROVED.value:
                raise WorkflowError(
                    f"valuation {valuation_id} is {parent.status}, not approved: edit it in place (update_draft)"
                    if parent.status in (Status.DRAFT.value, Status.RETURNED.value)
                    else f"valuation {valuation_id} is {parent.status}: wait for the chief actuary's decision"
                )
            self._lock_dataset(session, parent.data_hash)
            now = audit.utc_now()
            row = self._draft(
                session,
                data_hash=parent.data_hash,
                segment=parent.segment,
                measure=parent.measure,
                method=parent.method,
                assumptions=parent.assumptions,
                results=parent.results,
                parent_id=parent.id,
                assumption_set_id=parent.assumption_set_id,
                user=user,
                now=now,
            )
            _insert(
                session,
                row,
                user=user,
                action="valuation.new_version",
                object_type="valuation",
                old={"parent_id": parent.id, "version": parent.version},
                new={"version": row.version, **_snapshot(row)},
                reason=reason,
                at=now,
            )
            return ValuationRecord.of(row)

        return self._write(user, Action.CREATE_VALUATION, work)

    def transitions(self, valuation_id: int) -> list[TransitionRecord]:
        """Return the status history of a valuation, oldest first."""
        with self.db.read() as session:
            rows = session.scalars(
                select(TransitionRow).where(TransitionRow.valuation_id == valuation_id).order_by(TransitionRow.id)
            )
            return [TransitionRecord.of(row) for row in rows]

    def material_changes(self, valuation_id: int) -> tuple[int | None, list[str]]:
        """(id of the previous approved valuation compared with, material changes) for the approval screen."""
        with self.db.read() as session:
            return self._material(session, self._valuation_row(session, valuation_id))

    def _material(self, session: Session, row: ValuationRow) -> tuple[int | None, list[str]]:
        previous = session.scalar(
            select(ValuationRow)
            .join(TransitionRow, TransitionRow.valuation_id == ValuationRow.id)
            .where(
                TransitionRow.to_status == Status.APPROVED.value,
                ValuationRow.data_hash == row.data_hash,
                ValuationRow.segment == row.segment,
                ValuationRow.measure == row.measure,
                ValuationRow.id != row.id,
            )
            .order_by(TransitionRow.id.desc())
            .limit(1)
        )
        if previous is None:
            return None, []
        return previous.id, material_changes(_snapshot(previous), _snapshot(row), self.materiality)

    @staticmethod
    def _submit_reason(session: Session, valuation_id: int) -> str | None:
        return session.scalar(
            select(TransitionRow.reason)
            .where(TransitionRow.valuation_id == valuation_id, TransitionRow.to_status == Status.SUBMITTED.value)
            .order_by(TransitionRow.id.desc())
            .limit(1)
        )

    # ---------------------------------------------------------------- review
    def audit_log(
        self,
        *,
        user: str | None = None,
        action: str | None = None,
        object_type: str | None = None,
        object_id: int | str | None = None,
        start: dt.datetime | dt.date | None = None,
        end: dt.datetime | dt.date | None = None,
    ) -> pd.DataFrame:
        """Audit entries as a DataFrame (see `reserving.storage.audit.read` for the filters)."""
        with self.db.read() as session:
            return audit.read(
                session, user=user, action=action, object_type=object_type, object_id=object_id, start=start, end=end
            )

    def compare_valuations(self, a: int, b: int) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(assumptions diff, results diff) of valuation `a` against `b` (columns in `reserving.storage.diff`).

        The assumptions diff has one row per flattened item (the method first, as item ``method``);
        the results diff one row per segment x origin x field, with ``Total`` rows for the totals.
        """
        first, second = self.get_valuation(a), self.get_valuation(b)
        items_a = {"method": first.method, **flatten(first.assumptions or {})}
        items_b = {"method": second.method, **flatten(second.assumptions or {})}
        return assumptions_frame(items_a, items_b), results_frame(first.results, second.results)


def target_verb(target: Status) -> str:
    """Audit action suffix for a transition into `target` (submitted -> submit, approved -> approve)."""
    return {Status.SUBMITTED: "submit", Status.APPROVED: "approve", Status.RETURNED: "return"}[target]
