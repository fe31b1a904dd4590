"""Every (status, action, role) combination of the review workflow, allowed and forbidden.

Issue 17: only 2 of the forbidden transitions were tested, so "approve a returned valuation
without resubmitting it" could have slipped through. The expected outcome of each
combination is written out below by hand (the workflow of the reserve measures) and checked
against the code's own tables, then every combination is run against a real database: an
allowed action moves the valuation where the table says and writes an audit row naming the
valuation's id and version; a forbidden one raises (`PermissionDenied` for the role,
`WorkflowError` for the status) and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import text
from storage_helpers import ACTUARY, CHIEF, MEASURE, SEGMENT, VIEWER, storage_results

from reserving.storage import PermissionDenied, Repository, WorkflowError
from reserving.storage.roles import PERMISSIONS, Action, Role
from reserving.storage.workflow import EDITABLE, TRANSITIONS, Status

ASSUMPTIONS = {"method": "chainladder", "tail": 1.0}
RESULTS = storage_results({"2021": 1000.0})
ROLES = {ACTUARY: "actuary", CHIEF: "chief_actuary", VIEWER: "viewer"}

# (status the valuation is in, action) -> status afterwards; a pair not listed is refused.
# "new_version" leaves the approved valuation as it is and creates a new draft.
ALLOWED = {
    ("draft", "submit"): "submitted",
    ("draft", "edit"): "draft",
    ("submitted", "approve"): "approved",
    ("submitted", "return"): "returned",
    ("returned", "submit"): "submitted",
    ("returned", "edit"): "returned",
    ("approved", "new_version"): "approved",
}
# Who may take each action at all, whatever the status.
MAY = {
    "submit": {"actuary", "chief_actuary"},
    "edit": {"actuary", "chief_actuary"},
    "new_version": {"actuary", "chief_actuary"},
    "approve": {"chief_actuary"},
    "return": {"chief_actuary"},
}
STATUSES = ["draft", "submitted", "returned", "approved"]
ACTIONS = list(MAY)

DO: dict[str, Callable[[Repository, int, str], object]] = {
    "submit": lambda repo, vid, user: repo.submit(vid, user=user, comment="ready"),
    "edit": lambda repo, vid, user: repo.update_draft(vid, user=user, assumptions={**ASSUMPTIONS, "tail": 1.01}),
    "new_version": lambda repo, vid, user: repo.new_version(vid, user=user, reason="year end"),
    "approve": lambda repo, vid, user: repo.approve(vid, user=user, comment="fine"),
    "return": lambda repo, vid, user: repo.return_valuation(vid, user=user, comment="look again at 2021"),
}
AUDIT_ACTION = {
    "submit": "valuation.submit",
    "edit": "valuation.update",
    "new_version": "valuation.new_version",
    "approve": "valuation.approve",
    "return": "valuation.return",
}
ROLE_ACTION = {
    "submit": Action.SUBMIT,
    "edit": Action.EDIT_VALUATION,
    "new_version": Action.CREATE_VALUATION,
    "approve": Action.APPROVE,
    "return": Action.RETURN,
}


def test_the_hand_table_is_the_code_table() -> None:
    transitions = {
        (status, target) for (status, action), target in ALLOWED.items() if action in {"submit", "approve", "return"}
    }
    assert transitions == {(s.value, t.value) for s, targets in TRANSITIONS.items() for t in targets}
    assert {s for (s, action) in ALLOWED if action == "edit"} == {s.value for s in EDITABLE}
    for action, roles in MAY.items():
        assert {r.value for r in Role if ROLE_ACTION[action] in PERMISSIONS[r]} == roles, action
    # 4 statuses x 5 actions: 7 allowed, 13 refused by status (and every one refused to a viewer)
    assert len(ALLOWED) == 7 and len(STATUSES) * len(ACTIONS) - len(ALLOWED) == 13


def _valuation_in(repo: Repository, dataset_hash: str, status: str) -> int:
    """A fresh valuation brought to `status` the only way the workflow allows."""
    vid = repo.create_valuation(dataset_hash, SEGMENT, MEASURE, ASSUMPTIONS, RESULTS, user=ACTUARY).id
    if status in {"submitted", "returned", "approved"}:
        repo.submit(vid, user=ACTUARY)
    if status == "returned":
        repo.return_valuation(vid, user=CHIEF, comment="tail")
    if status == "approved":
        repo.approve(vid, user=CHIEF)
    assert repo.get_valuation(vid).status == status
    return vid


def _audit_rows(repo: Repository) -> int:
    with repo.db.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM audit_log")).scalar()


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("status", STATUSES)
def test_every_status_action_and_role(storage_repo: Repository, status: str, action: str) -> None:
    dataset_hash = storage_repo.save_dataset("Motor", b"origin,paid\n2021,10\n", user=ACTUARY).content_hash
    for user, role in ROLES.items():
        combo = f"{role} tries to {action} a {status} valuation"
        vid = _valuation_in(storage_repo, dataset_hash, status)
        version = storage_repo.get_valuation(vid).version
        before = _audit_rows(storage_repo)
        if role not in MAY[action]:
            with pytest.raises(PermissionDenied, match=f"is a {role.replace('_', ' ')} and cannot"):
                DO[action](storage_repo, vid, user)
        elif (status, action) not in ALLOWED:
            with pytest.raises(WorkflowError, match=f"valuation {vid} is {status}"):
                DO[action](storage_repo, vid, user)
        else:
            done = DO[action](storage_repo, vid, user)
            assert storage_repo.get_valuation(vid).status == ALLOWED[status, action], combo
            assert _audit_rows(storage_repo) == before + 1, combo
            entry = storage_repo.audit_log(action=AUDIT_ACTION[action]).iloc[-1]
            if action == "new_version":
                # the new draft is the object; the entry names the version it came from
                assert done.status == "draft" and done.parent_id == vid, combo
                assert entry["object_id"] == str(done.id), combo
                assert entry["old_value"] == {"parent_id": vid, "version": version}, combo
                assert entry["new_value"]["version"] == done.version == version + 1, combo
            else:
                assert entry["object_id"] == str(vid), combo
                assert entry["new_value"]["version"] == version, combo
                assert entry["user"] == user, combo
            continue
        assert storage_repo.get_valuation(vid).status == status, combo
        assert _audit_rows(storage_repo) == before, combo


def test_a_returned_valuation_cannot_be_approved_without_resubmission(storage_repo: Repository) -> None:
    dataset_hash = storage_repo.save_dataset("Motor", b"origin,paid\n2021,10\n", user=ACTUARY).content_hash
    vid = _valuation_in(storage_repo, dataset_hash, "returned")
    with pytest.raises(WorkflowError, match=f"valuation {vid} is returned and cannot become approved: edit it and"):
        storage_repo.approve(vid, user=CHIEF, reason="looks fine now")
    storage_repo.submit(vid, user=ACTUARY, comment="tail lowered")
    assert storage_repo.approve(vid, user=CHIEF).status == "approved"


def test_the_status_list_is_complete() -> None:
    assert sorted(STATUSES) == sorted(s.value for s in Status)
