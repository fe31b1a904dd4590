"""The audit log: one entry per change in the same transaction, filters, and append-only triggers."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import exc, text
from storage_helpers import ACTUARY, CHIEF, MEASURE, SEGMENT, storage_results

from reserving.storage import StorageError
from reserving.storage import audit as audit_module

A1 = {"method": "chainladder", "tail": 1.05}
A2 = {"method": "chainladder", "tail": 1.10}


def _history(repo):
    ds = repo.save_dataset("Motor", b"data", user=ACTUARY, file_name="m.csv")
    repo.save_assumptions(ds.content_hash, SEGMENT, MEASURE, A1, user=ACTUARY)
    repo.save_assumptions(ds.content_hash, SEGMENT, MEASURE, A2, user=ACTUARY, reason="tail study")
    v = repo.create_valuation(ds.content_hash, SEGMENT, MEASURE, A1, storage_results({"2021": 10.0}), user=ACTUARY)
    repo.update_draft(v.id, user=ACTUARY, assumptions=A2, reason="tail study")
    repo.submit(v.id, user=ACTUARY)
    repo.return_valuation(v.id, user=CHIEF, comment="add the 2021 large loss")
    repo.submit(v.id, user=ACTUARY)
    repo.approve(v.id, user=CHIEF)
    repo.new_version(v.id, user=ACTUARY)
    return ds, v


def test_every_change_writes_one_audit_row_with_old_and_new_values(storage_repo):
    ds, v = _history(storage_repo)
    log = storage_repo.audit_log()
    assert list(log.columns) == audit_module.COLUMNS
    assert list(log["action"]) == [
        "user.add", "user.add", "user.add",
        "dataset.save", "assumptions.save", "assumptions.save", "valuation.create", "valuation.update",
        "valuation.submit", "valuation.return", "valuation.submit", "valuation.approve", "valuation.new_version",
    ]  # fmt: skip
    assert list(log["user"][3:]) == [ACTUARY] * 6 + [CHIEF, ACTUARY, CHIEF, ACTUARY]
    second_save = log.iloc[5]
    assert (second_save["old_value"], second_save["new_value"], second_save["reason"]) == (A1, A2, "tail study")
    update = log.iloc[7]
    assert update["object_type"] == "valuation" and update["object_id"] == str(v.id)
    # every valuation entry names the version it changes, beside its id (issue 16 item 3)
    assert update["old_value"] == {"version": 1, "assumptions": A1}
    assert update["new_value"] == {"version": 1, "assumptions": A2}
    returned = log.iloc[9]
    assert returned["old_value"] == {"status": "submitted", "version": 1}
    assert returned["new_value"]["status"] == "returned" and returned["new_value"]["version"] == 1
    assert log.iloc[6]["new_value"]["version"] == 1  # valuation.create
    assert log.iloc[12]["new_value"]["version"] == 2  # valuation.new_version
    assert returned["new_value"]["comment"] == "add the 2021 large loss"
    assert log.iloc[3]["new_value"] == {"name": "Motor", "file_name": "m.csv", "size": 4, "mapping": {}}
    assert log.iloc[3]["object_id"] == ds.content_hash
    assert str(log["at"].dt.tz) == "UTC"
    assert log["at"].is_monotonic_increasing


def test_audit_filters(storage_repo):
    _ds, v = _history(storage_repo)
    # the chief actuary added three users (herself first), returned once and approved once
    assert list(storage_repo.audit_log(user=CHIEF)["action"]) == ["user.add"] * 3 + [
        "valuation.return",
        "valuation.approve",
    ]
    assert list(storage_repo.audit_log(object_type="valuation", object_id=v.id)["action"]) == [
        "valuation.create", "valuation.update", "valuation.submit", "valuation.return", "valuation.submit",
        "valuation.approve",
    ]  # fmt: skip
    assert len(storage_repo.audit_log(action="assumptions.save")) == 2
    today = dt.datetime.now(dt.UTC).date()
    assert len(storage_repo.audit_log(start=today, end=today)) == 13
    assert len(storage_repo.audit_log(end=today - dt.timedelta(days=1))) == 0
    assert len(storage_repo.audit_log(start=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1))) == 0
    empty = storage_repo.audit_log(user="nobody")
    assert empty.empty and list(empty.columns) == audit_module.COLUMNS


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_log SET reason = 'tampered'", "DELETE FROM audit_log", "DELETE FROM valuations"],
)
def test_the_database_rejects_rewriting_history(storage_repo, statement):
    _history(storage_repo)
    before = storage_repo.audit_log()
    with pytest.raises(exc.DBAPIError, match="append-only"), storage_repo.db.engine.begin() as conn:
        conn.execute(text(statement))
    after = storage_repo.audit_log()
    assert len(after) == len(before) and after["reason"].equals(before["reason"])
    assert len(storage_repo.list_valuations()) == 2


def test_no_update_or_delete_api_exists():
    public = {name for name in dir(audit_module) if not name.startswith("_")}
    assert not {name for name in public if "update" in name or "delete" in name}


def test_a_failed_change_leaves_no_audit_row(storage_repo):
    before = len(storage_repo.audit_log())
    with pytest.raises(StorageError):
        storage_repo.create_valuation("f" * 64, SEGMENT, MEASURE, A1, {}, user=ACTUARY)
    with pytest.raises(StorageError, match="cannot save a value of type object"):
        storage_repo.save_dataset("x", b"y", user=ACTUARY, mapping={"bad": object()})
    assert len(storage_repo.audit_log()) == before


def test_postgres_also_rejects_truncating_the_audit_log(storage_repo):
    if storage_repo.db.dialect != "postgresql":
        pytest.skip("TRUNCATE is a PostgreSQL statement")
    _history(storage_repo)
    with pytest.raises(exc.DBAPIError, match="append-only"), storage_repo.db.engine.begin() as conn:
        conn.execute(text("TRUNCATE audit_log"))
    assert len(storage_repo.audit_log()) == 13
