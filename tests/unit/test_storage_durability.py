"""A save killed mid-transaction leaves a sound database with the valuation whole or absent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from storage_helpers import ACTUARY, CHIEF, MEASURE, SEGMENT, storage_child_env

from reserving.storage import Repository, open_database

ORIGINS = 20_000  # a few MB of JSON: more than SQLite's page cache, so pages reach the WAL before commit

# The child pauses (forever) either inside the transaction, right after the valuation and its audit
# row were written but before COMMIT, or just after COMMIT; it signals the parent with a file.
CHILD = """
import sys, time
from pathlib import Path
from sqlalchemy import event
from sqlalchemy.orm import Session
from reserving.storage import Repository, open_database
from reserving.storage.models import AuditRow
url, dataset_hash, ready, when, n = sys.argv[1], sys.argv[2], Path(sys.argv[3]), sys.argv[4], int(sys.argv[5])
repo = Repository(open_database(url))

def pause():
    ready.write_text("paused")
    time.sleep(600)

if when == "inside":
    @event.listens_for(Session, "after_flush")
    def _inside(session, _context):
        if any(isinstance(obj, AuditRow) for obj in session.new):
            pause()
else:
    @event.listens_for(Session, "after_commit")
    def _after(session):
        pause()

results = {"origins": [{"origin": str(i), "ultimate": i * 1.5, "ibnr": i * 0.25} for i in range(n)],
           "total": {"ultimate": 1.5 * n * (n - 1) / 2}}
repo.create_valuation(dataset_hash, {"line": "motor"}, "paid", {"method": "chainladder"}, results, user="wang")
"""


def _expected_results() -> dict:
    origins = [{"origin": str(i), "ultimate": i * 1.5, "ibnr": i * 0.25} for i in range(ORIGINS)]
    return {"origins": origins, "total": {"ultimate": 1.5 * ORIGINS * (ORIGINS - 1) / 2}}


def _kill_during_save(url: str, dataset_hash: str, ready: Path, when: str) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, url, dataset_hash, str(ready), when, str(ORIGINS)],
        env=storage_child_env(), stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while not ready.exists():
        if child.poll() is not None:
            pytest.fail(f"child exited before pausing: {child.stderr.read()}")
        assert time.monotonic() < deadline, "child never reached the pause"
        time.sleep(0.02)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    child.stderr.close()
    assert child.returncode == -signal.SIGKILL


@pytest.mark.slow
@pytest.mark.parametrize("when", ["inside", "after"])
def test_killed_save_leaves_valuation_whole_or_absent(storage_url, tmp_path, when):
    setup = Repository(open_database(storage_url))
    setup.add_user(CHIEF, "chief_actuary")
    setup.add_user(ACTUARY, "actuary", by=CHIEF)
    dataset_hash = setup.save_dataset("big", b"big", user=ACTUARY).content_hash
    setup.db.dispose()

    _kill_during_save(storage_url, dataset_hash, tmp_path / "ready", when)
    wal = tmp_path / "reserving.sqlite-wal"
    if when == "inside" and storage_url.startswith("sqlite"):
        # the kill really landed mid-write: uncommitted pages of the big valuation sit in the WAL
        assert wal.stat().st_size > 100_000

    repo = Repository(open_database(storage_url))
    try:
        if repo.db.dialect == "sqlite":
            with repo.db.engine.connect() as conn:
                assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        valuations = repo.list_valuations()
        created = repo.audit_log(action="valuation.create")
        if when == "inside":
            assert valuations == [] and created.empty
        else:
            assert len(valuations) == 1 and len(created) == 1
            saved = valuations[0]
            assert (saved.segment, saved.measure, saved.status) == (SEGMENT, MEASURE, "draft")
            assert saved.results == _expected_results()
        # the database still takes new work after the crash
        after = repo.create_valuation(dataset_hash, SEGMENT, MEASURE, {"method": "x"}, {}, user=ACTUARY)
        assert after.version == (1 if when == "inside" else 2)
    finally:
        repo.db.dispose()
