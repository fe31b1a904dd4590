"""Segment sums the retrospective analyses need and `reserving.retrospection` does not offer as a function.

Actual vs expected (`reserving.retrospection.ave.combine`) and valuations
(`reserving.retrospection.deviation.sum_valuations`) are added up there; the analysis of
change adds its segments up inside `change_report` only, so the sum of several segments'
`ChangeResult` is here, for callers that value segments one at a time (the app, from its
per-segment caches).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from reserving.errors import InputError
from reserving.retrospection import STEPS, ChangeResult


def _by_origin(frames: list[pd.DataFrame]) -> pd.DataFrame:
    joined = pd.concat(frames, ignore_index=True)
    order = list(dict.fromkeys(joined["origin"]))
    return joined.groupby("origin", sort=False).sum(numeric_only=True).reindex(order).reset_index()


def sum_changes(results: Sequence[ChangeResult]) -> ChangeResult:
    """Several segments' analyses of change added up by origin: steps, totals and roll-forward.

    Raises
    ------
    InputError
        No results to add up.
    """
    if not results:
        raise InputError("no analysis of change to add up")
    if len(results) == 1:
        return results[0]
    by_origin = _by_origin([r.by_origin for r in results])
    roll = _by_origin([r.rollforward for r in results])
    prior = float(by_origin["prior"].sum())
    changes = [float(by_origin[name].sum()) for name, _ in STEPS]
    steps = pd.DataFrame(
        {
            "step": [name for name, _ in STEPS],
            "label": [label for _, label in STEPS],
            "change": changes,
            "running": np.cumsum(changes) + prior,
        }
    )
    return ChangeResult(results[0].basis, prior, float(by_origin["current"].sum()), steps, by_origin, roll)
