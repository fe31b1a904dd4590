"""Concurrent saves from two threads and from two processes lose nothing."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest
from storage_helpers import ACTUARY, MEASURE, SEGMENT, storage_child_env

from reserving.storage import Repository, open_database

SAVES = 15

CHILD = """
import sys, time
from pathlib import Path
from reserving.storage import Repository, open_database
url, dataset_hash, tag, go, n = sys.argv[1], sys.argv[2], sys.argv[3], Path(sys.argv[4]), int(sys.argv[5])
repo = Repository(open_database(url))
(go.parent / f"ready-{tag}").touch()
while not go.exists():
    time.sleep(0.01)
for i in range(n):
    repo.save_assumptions(dataset_hash, {"line": "motor"}, "paid", {"writer": tag, "i": i, "tail": 1 + i / 100},
                          user="wang")
    repo.create_valuation(dataset_hash, {"line": "motor"}, "paid", {"writer": tag, "i": i},
                          {"total": {"ultimate": 1000.0 * i + len(tag)}}, user="wang")
repo.db.dispose()
"""


def _saves(repo: Repository, dataset_hash: str, tag: str, start: threading.Barrier | None = None) -> None:
    if start is not None:
        start.wait()
    for i in range(SAVES):
        repo.save_assumptions(
            dataset_hash, SEGMENT, MEASURE, {"writer": tag, "i": i, "tail": 1 + i / 100}, user=ACTUARY
        )
        repo.create_valuation(
            dataset_hash, SEGMENT, MEASURE, {"writer": tag, "i": i}, {"total": {"ultimate": 1000.0 * i + len(tag)}},
            user=ACTUARY,
        )  # fmt: skip


def _check(repo: Repository, dataset_hash: str, tags: list[str]) -> None:
    history = repo.assumption_history(dataset_hash, SEGMENT, MEASURE)
    expected = {(tag, i) for tag in tags for i in range(SAVES)}
    assert {(h.assumptions["writer"], h.assumptions["i"]) for h in history} == expected
    assert sorted(h.version for h in history) == list(range(1, len(expected) + 1))
    for h in history:
        assert h.assumptions["tail"] == 1 + h.assumptions["i"] / 100
    valuations = repo.list_valuations(dataset_hash)
    assert {(v.assumptions["writer"], v.assumptions["i"]) for v in valuations} == expected
    assert sorted(v.version for v in valuations) == list(range(1, len(expected) + 1))
    for v in valuations:
        assert v.results == {"total": {"ultimate": 1000.0 * v.assumptions["i"] + len(v.assumptions["writer"])}}
    log = repo.audit_log()
    assert (log["action"] == "assumptions.save").sum() == len(expected)
    assert (log["action"] == "valuation.create").sum() == len(expected)


def test_two_threads_saving_at_once_lose_nothing(storage_repo):
    ds = storage_repo.save_dataset("d", b"d", user=ACTUARY)
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(tag: str) -> None:
        try:
            _saves(storage_repo, ds.content_hash, tag, start)
        except BaseException as err:  # surfaced below
            errors.append(err)

    threads = [threading.Thread(target=run, args=(tag,)) for tag in ("a", "bb")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    _check(storage_repo, ds.content_hash, ["a", "bb"])


@pytest.mark.slow
def test_two_processes_saving_at_once_lose_nothing(storage_repo, storage_url, tmp_path):
    ds = storage_repo.save_dataset("d", b"d", user=ACTUARY)
    go = tmp_path / "go"
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, storage_url, ds.content_hash, tag, str(go), str(SAVES)],
            env=storage_child_env(),
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("a", "bb")
    ]
    deadline = time.monotonic() + 120
    while not all((tmp_path / f"ready-{tag}").exists() for tag in ("a", "bb")):
        assert time.monotonic() < deadline and all(c.poll() is None for c in children), "a child did not start"
        time.sleep(0.01)
    go.touch()  # both are open and waiting: release them together
    for child in children:
        _, err = child.communicate(timeout=180)
        assert child.returncode == 0, err
    fresh = Repository(open_database(storage_url))
    try:
        _check(fresh, ds.content_hash, ["a", "bb"])
    finally:
        fresh.db.dispose()
