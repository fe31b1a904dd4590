"""`python -m reserving datasets` prints the sample registry as the documented JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from reserving.samples import list_samples

REPO = Path(__file__).resolve().parents[2]


def test_datasets_command_prints_the_registry():
    result = subprocess.run(
        [sys.executable, "-m", "reserving", "datasets"],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    listing = json.loads(result.stdout)
    assert [item["id"] for item in listing] == [info.id for info in list_samples()]
    assert all(set(item) == {"id", "title", "measures", "grain"} for item in listing)
    by_id = {item["id"]: item for item in listing}
    assert by_id["raa"] == {"id": "raa", "title": "RAA (Mack 1994)", "measures": ["incurred"], "grain": "year"}
    assert by_id["china"]["grain"] == "quarter"
    assert by_id["china"]["measures"] == ["paid", "incurred", "case_reserve", "reported_count", "closed_count"]
    assert by_id["quarterly"]["grain"] == "year x quarter"
    assert {"genins", "clrd", "clrd_runoff", "xyz"} <= set(by_id)


def test_datasets_rejects_unknown_options():
    result = subprocess.run(
        [sys.executable, "-m", "reserving", "datasets", "--bogus"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("error:")
