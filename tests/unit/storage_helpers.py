"""Helpers shared by the storage tests (the fixtures themselves are in conftest.py)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

CHIEF, ACTUARY, VIEWER = "li", "wang", "zhao"
SEGMENT = {"line": "motor"}
MEASURE = "paid"


def storage_results(ultimates: dict[str, float], latest: float = 100.0) -> dict[str, Any]:
    """Results in the command line's estimate layout, with hand-checkable totals."""
    origins = [
        {"origin": origin, "latest": latest, "ultimate": ult, "ibnr": ult - latest, "std_err": None}
        for origin, ult in ultimates.items()
    ]
    total_ult = sum(ultimates.values())
    total_latest = latest * len(ultimates)
    return {
        "origins": origins,
        "total": {"latest": total_latest, "ultimate": total_ult, "ibnr": total_ult - total_latest, "std_err": None},
    }


def storage_child_env() -> dict[str, str]:
    """Environment for a child Python process that imports the repository's packages."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env
