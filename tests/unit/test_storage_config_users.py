"""Users from the administrator's configuration reach any database, with audit entries by ``config``."""

from __future__ import annotations

import pytest
from storage_helpers import ACTUARY, CHIEF

from reserving.storage import PermissionDenied, Repository
from reserving.storage.repository import CONFIG_ACTOR


def _users(repo: Repository) -> dict[str, str]:
    return {user.name: user.role for user in repo.list_users()}


def test_configured_users_reach_a_database_started_in_quick_start_mode(storage_db):
    repo = Repository(storage_db)
    repo.add_user("local", "actuary")  # the quick start's implicit user came first
    with pytest.raises(PermissionDenied):
        repo.add_user("li", "chief_actuary", by="local")  # the in-app rule still holds

    stored = repo.sync_configured_users({"li": "chief_actuary", "ana": "actuary"}, source="secrets")

    assert [(u.name, u.role) for u in stored] == [("ana", "actuary"), ("li", "chief_actuary")]
    assert _users(repo) == {"local": "actuary", "li": "chief_actuary", "ana": "actuary"}
    log = repo.audit_log(action="user.add")
    added = log[log["user"] == CONFIG_ACTOR]
    assert sorted(added["object_id"]) == ["ana", "li"]
    assert set(added["reason"]) == {"configured in secrets"}
    assert list(added.sort_values("object_id")["new_value"]) == [
        {"name": "ana", "role": "actuary"},
        {"name": "li", "role": "chief_actuary"},
    ]
    # li now acts as a chief actuary through the ordinary rules
    repo.set_role("local", "viewer", by="li")
    assert repo.get_user("local").role == "viewer"


def test_role_changes_are_applied_and_audited_and_a_repeat_changes_nothing(storage_repo):
    before = len(storage_repo.audit_log())
    storage_repo.sync_configured_users({CHIEF: "chief_actuary", ACTUARY: "viewer"}, source="secrets")
    changes = storage_repo.audit_log().iloc[before:]
    assert list(changes["action"]) == ["user.role"]
    row = changes.iloc[0]
    assert (row["user"], row["object_id"], row["old_value"], row["new_value"]) == (
        CONFIG_ACTOR,
        ACTUARY,
        {"role": "actuary"},
        {"role": "viewer"},
    )
    assert storage_repo.get_user(ACTUARY).role == "viewer"

    again = len(storage_repo.audit_log())
    storage_repo.sync_configured_users({CHIEF: "chief_actuary", ACTUARY: "viewer"})
    assert len(storage_repo.audit_log()) == again  # nothing changed, nothing written


def test_users_not_configured_are_left_alone(storage_repo):
    storage_repo.sync_configured_users({"new": "actuary"})
    assert _users(storage_repo) == {"li": "chief_actuary", "wang": "actuary", "zhao": "viewer", "new": "actuary"}


def test_an_unknown_role_writes_nothing(storage_db):
    repo = Repository(storage_db)
    with pytest.raises(PermissionDenied, match="unknown role 'boss'"):
        repo.sync_configured_users({"ana": "actuary", "bob": "boss"})
    assert repo.list_users() == []
    assert repo.audit_log().empty
