"""Roles and the review workflow: who may do what, and what an approved valuation allows."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from storage_helpers import ACTUARY, CHIEF, MEASURE, SEGMENT, VIEWER, storage_results

from reserving.errors import ReservingError
from reserving.storage import NotFoundError, PermissionDenied, Repository, StorageError, WorkflowError
from reserving.storage.workflow import material_changes

BASE = {"method": "chainladder", "ldf": [2.0, 1.5, 1.2], "tail": 1.05}
BASE_RESULTS = storage_results({"2021": 1000.0, "2022": 1000.0})  # total ultimate 2000


def _counts(repo: Repository) -> tuple[int, ...]:
    with repo.db.engine.connect() as conn:
        return tuple(
            conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()
            for table in ("datasets", "assumption_sets", "valuations", "transitions", "audit_log")
        )


@pytest.fixture
def dataset_hash(storage_repo):
    return storage_repo.save_dataset("Motor", b"origin,paid\n2021,10\n", user=ACTUARY).content_hash


@pytest.fixture
def approved(storage_repo, dataset_hash):
    """An approved first valuation to compare later versions against."""
    v = storage_repo.create_valuation(dataset_hash, SEGMENT, MEASURE, BASE, BASE_RESULTS, user=ACTUARY)
    storage_repo.submit(v.id, user=ACTUARY)
    return storage_repo.approve(v.id, user=CHIEF, comment="fine")


def _revise(repo, parent, assumptions, results):
    draft = repo.new_version(parent.id, user=ACTUARY)
    repo.update_draft(draft.id, user=ACTUARY, assumptions=assumptions, results=results)
    return draft


def test_errors_are_reserving_errors():
    assert issubclass(PermissionDenied, ReservingError)
    assert issubclass(WorkflowError, ReservingError)


def test_a_viewer_cannot_save_anything_and_nothing_changes(storage_repo, dataset_hash):
    before = _counts(storage_repo)
    with pytest.raises(PermissionDenied, match="'zhao' is a viewer and cannot save a dataset; ask a user with"):
        storage_repo.save_dataset("x", b"other", user=VIEWER)
    with pytest.raises(PermissionDenied, match="cannot save assumptions"):
        storage_repo.save_assumptions(dataset_hash, SEGMENT, MEASURE, BASE, user=VIEWER)
    with pytest.raises(PermissionDenied, match="cannot create a valuation"):
        storage_repo.create_valuation(dataset_hash, SEGMENT, MEASURE, BASE, BASE_RESULTS, user=VIEWER)
    with pytest.raises(PermissionDenied, match="unknown user 'nobody'"):
        storage_repo.save_dataset("x", b"other", user="nobody")
    assert _counts(storage_repo) == before


def test_an_actuary_cannot_approve_or_return(storage_repo, dataset_hash):
    v = storage_repo.create_valuation(dataset_hash, SEGMENT, MEASURE, BASE, BASE_RESULTS, user=ACTUARY)
    storage_repo.submit(v.id, user=ACTUARY)
    before = _counts(storage_repo)
    with pytest.raises(PermissionDenied, match="cannot approve a valuation; ask a user with the chief actuary role"):
        storage_repo.approve(v.id, user=ACTUARY)
    with pytest.raises(PermissionDenied, match="cannot return a valuation"):
        storage_repo.return_valuation(v.id, user=ACTUARY, comment="no")
    assert _counts(storage_repo) == before
    assert storage_repo.get_valuation(v.id).status == "submitted"


def test_full_cycle_draft_submitted_returned_submitted_approved(storage_repo, dataset_hash):
    v = storage_repo.create_valuation(dataset_hash, SEGMENT, MEASURE, BASE, BASE_RESULTS, user=ACTUARY)
    assert v.status == "draft" and v.version == 1
    with pytest.raises(WorkflowError, match="valuation 1 is draft and cannot become approved: submit it first"):
        storage_repo.approve(v.id, user=CHIEF)
    storage_repo.submit(v.id, user=ACTUARY)
    with pytest.raises(WorkflowError, match="is submitted and cannot be edited"):
        storage_repo.update_draft(v.id, user=ACTUARY, assumptions={**BASE, "tail": 1.0})
    with pytest.raises(WorkflowError, match="say what to change"):
        storage_repo.return_valuation(v.id, user=CHIEF, comment="  ")
    assert storage_repo.return_valuation(v.id, user=CHIEF, comment="tail too high").status == "returned"
    edited = storage_repo.update_draft(v.id, user=ACTUARY, assumptions={**BASE, "tail": 1.02})
    assert edited.assumptions["tail"] == 1.02 and edited.status == "returned"
    storage_repo.submit(v.id, user=ACTUARY, comment="tail lowered")
    assert storage_repo.approve(v.id, user=CHIEF).status == "approved"
    history = storage_repo.transitions(v.id)
    assert [(t.from_status, t.to_status, t.by) for t in history] == [
        ("draft", "submitted", ACTUARY),
        ("submitted", "returned", CHIEF),
        ("returned", "submitted", ACTUARY),
        ("submitted", "approved", CHIEF),
    ]
    assert history[1].comment == "tail too high" and history[2].comment == "tail lowered"


def test_an_approved_valuation_cannot_change(storage_repo, approved):
    before = _counts(storage_repo)
    with pytest.raises(WorkflowError, match="is approved and cannot change: create a new version"):
        storage_repo.update_draft(approved.id, user=ACTUARY, results=storage_results({"2021": 1.0}))
    with pytest.raises(WorkflowError, match="approved and cannot become submitted"):
        storage_repo.submit(approved.id, user=ACTUARY)
    assert _counts(storage_repo) == before
    # and the database itself refuses, whatever code tries
    with pytest.raises(Exception, match="approved valuation cannot change"), storage_repo.db.engine.begin() as conn:
        conn.execute(text("UPDATE valuations SET results = '{}' WHERE id = :id"), {"id": approved.id})
    assert storage_repo.get_valuation(approved.id).results == BASE_RESULTS


def test_editing_an_approved_valuation_means_a_new_draft_version(storage_repo, approved):
    draft = storage_repo.new_version(approved.id, user=ACTUARY, reason="year-end update")
    assert (draft.status, draft.version, draft.parent_id) == ("draft", 2, approved.id)
    assert draft.assumptions == approved.assumptions and draft.results == approved.results
    with pytest.raises(WorkflowError, match="is draft, not approved: edit it in place"):
        storage_repo.new_version(draft.id, user=ACTUARY)
    assert storage_repo.get_valuation(approved.id).status == "approved"


def test_material_change_needs_a_written_reason(storage_repo, approved):
    # ldf 1.5 -> 1.6 is +6.7 %, beyond 5 %
    draft = _revise(storage_repo, approved, {**BASE, "ldf": [2.0, 1.6, 1.2]}, BASE_RESULTS)
    storage_repo.submit(draft.id, user=ACTUARY)
    before = _counts(storage_repo)
    with pytest.raises(WorkflowError, match=r"assumption 'ldf\[1\]' changed \+6.7% \(from 1.5 to 1.6\)"):
        storage_repo.approve(draft.id, user=CHIEF)
    with pytest.raises(WorkflowError, match="Give a written reason"):
        storage_repo.approve(draft.id, user=CHIEF, reason="   ")
    assert _counts(storage_repo) == before
    assert storage_repo.get_valuation(draft.id).status == "submitted"
    done = storage_repo.approve(draft.id, user=CHIEF, reason="large claims settled slower in 2025")
    assert done.status == "approved"
    entry = storage_repo.audit_log(action="valuation.approve", object_id=draft.id).iloc[0]
    assert entry["reason"] == "large claims settled slower in 2025"
    assert entry["new_value"]["compared_with"] == approved.id
    assert entry["new_value"]["material_changes"] == ["assumption 'ldf[1]' changed +6.7% (from 1.5 to 1.6)"]


def test_a_reason_given_at_submission_is_enough(storage_repo, approved):
    draft = _revise(storage_repo, approved, {**BASE, "method": "bornhuetter_ferguson"}, BASE_RESULTS)
    assert storage_repo.material_changes(draft.id) == (
        approved.id,
        ["method changed from 'chainladder' to 'bornhuetter_ferguson'"],
    )
    storage_repo.submit(draft.id, user=ACTUARY, reason="2025 too green for chain ladder")
    assert storage_repo.approve(draft.id, user=CHIEF).status == "approved"
    assert storage_repo.transitions(draft.id)[-1].reason == "2025 too green for chain ladder"


def test_small_changes_are_approved_without_a_reason(storage_repo, approved):
    # tail 1.05 -> 1.08 is +2.9 %; total ultimate 2000 -> 2090 is +4.5 %: both within 5 %
    results = storage_results({"2021": 1000.0, "2022": 1090.0})
    draft = _revise(storage_repo, approved, {**BASE, "tail": 1.08}, results)
    storage_repo.submit(draft.id, user=ACTUARY)
    assert storage_repo.material_changes(draft.id) == (approved.id, [])
    assert storage_repo.approve(draft.id, user=CHIEF).status == "approved"


def test_the_threshold_is_configurable(storage_repo, approved):
    strict = Repository(storage_repo.db, materiality=0.01)
    draft = _revise(strict, approved, {**BASE, "tail": 1.08}, storage_results({"2021": 1000.0, "2022": 1090.0}))
    strict.submit(draft.id, user=ACTUARY)
    assert strict.material_changes(draft.id)[1] == [
        "assumption 'tail' changed +2.9% (from 1.05 to 1.08)",
        "selected total ultimate changed +4.5% (from 2,000 to 2,090)",
    ]
    with pytest.raises(WorkflowError, match="threshold 1%"):
        strict.approve(draft.id, user=CHIEF)


def test_materiality_threshold_from_env(monkeypatch, storage_db):
    monkeypatch.setenv("RESERVING_MATERIALITY", "0.1")
    assert Repository(storage_db).materiality == 0.1
    monkeypatch.setenv("RESERVING_MATERIALITY", "ten percent")
    with pytest.raises(StorageError, match="not a number"):
        Repository(storage_db)


def test_material_changes_by_hand():
    prev = {"method": "cl", "assumptions": {"ldf": [2.0], "avg": "volume"}, "results": {"total": {"ultimate": 100.0}}}
    # exactly 5 % is not beyond 5 %
    same = {"method": "cl", "assumptions": {"ldf": [2.1], "avg": "volume"}, "results": {"total": {"ultimate": 105.0}}}
    assert material_changes(prev, same, 0.05) == []
    moved = {"method": "cl", "assumptions": {"ldf": [1.89], "avg": "simple", "tail": 1.0}, "results": {}}
    assert material_changes(prev, moved, 0.05) == [
        "assumption 'avg' changed from 'volume' to 'simple'",
        "assumption 'ldf[0]' changed -5.5% (from 2.0 to 1.89)",
        "assumption 'tail' added (1.0)",
    ]
    from_zero = {"method": "cl", "assumptions": {"ldf": [2.0], "avg": "volume", "load": 0.0}, "results": {}}
    assert material_changes(
        from_zero, {**from_zero, "assumptions": {**from_zero["assumptions"], "load": 0.02}}, 0.05
    ) == ["assumption 'load' changed from zero (from 0.0 to 0.02)"]


def test_user_management_needs_a_chief_actuary(storage_repo):
    with pytest.raises(PermissionDenied, match="say who adds user"):
        storage_repo.add_user("new", "actuary")
    with pytest.raises(PermissionDenied, match="cannot add users or change roles"):
        storage_repo.add_user("new", "chief_actuary", by=ACTUARY)
    with pytest.raises(PermissionDenied, match="unknown role 'boss': use one of actuary, chief_actuary, viewer"):
        storage_repo.add_user("new", "boss", by=CHIEF)
    assert storage_repo.add_user(ACTUARY, "actuary", by=CHIEF).role == "actuary"  # same again: unchanged
    with pytest.raises(StorageError, match="already exists as actuary: use set_role"):
        storage_repo.add_user(ACTUARY, "viewer", by=CHIEF)
    assert storage_repo.set_role(VIEWER, "actuary", by=CHIEF).role == "actuary"
    assert [(u.name, u.role) for u in storage_repo.list_users()] == [
        ("li", "chief_actuary"),
        ("wang", "actuary"),
        ("zhao", "actuary"),
    ]
    with pytest.raises(NotFoundError):
        storage_repo.get_user("nobody")


def test_assumptions_are_versioned_never_overwritten(storage_repo, dataset_hash):
    first = storage_repo.save_assumptions(dataset_hash, SEGMENT, MEASURE, BASE, user=ACTUARY)
    second = storage_repo.save_assumptions(dataset_hash, SEGMENT, MEASURE, {**BASE, "tail": 1.0}, user=ACTUARY)
    again = storage_repo.save_assumptions(dataset_hash, SEGMENT, MEASURE, {**BASE, "tail": 1.0}, user=ACTUARY)
    other = storage_repo.save_assumptions(dataset_hash, {"line": "fire"}, MEASURE, BASE, user=ACTUARY)
    assert (first.version, second.version, again.id, other.version) == (1, 2, second.id, 1)
    history = storage_repo.assumption_history(dataset_hash, SEGMENT, MEASURE)
    assert [(h.version, h.assumptions["tail"]) for h in history] == [(1, 1.05), (2, 1.0)]
    assert len(storage_repo.assumption_history(dataset_hash)) == 3
    assert storage_repo.latest_assumptions(dataset_hash, SEGMENT, MEASURE).id == second.id
    assert storage_repo.latest_assumptions(dataset_hash, SEGMENT, "incurred") is None
    with pytest.raises(NotFoundError, match="save the dataset first"):
        storage_repo.save_assumptions("0" * 64, SEGMENT, MEASURE, BASE, user=ACTUARY)


def test_lists_filter_by_status_and_key(storage_repo, approved, dataset_hash):
    draft = storage_repo.new_version(approved.id, user=ACTUARY)
    other = storage_repo.create_valuation(dataset_hash, {}, "incurred", BASE, BASE_RESULTS, user=ACTUARY)
    assert [v.id for v in storage_repo.list_valuations(status="approved")] == [approved.id]
    assert [v.id for v in storage_repo.list_valuations(dataset_hash, SEGMENT, MEASURE)] == [approved.id, draft.id]
    assert [v.id for v in storage_repo.list_valuations(measure="incurred")] == [other.id]
    assert other.version == 1 and draft.version == 2
