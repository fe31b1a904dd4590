"""The review workflow of a valuation and the materiality rule for approving it.

States: ``draft -> submitted -> approved | returned``, and ``returned -> submitted`` again
after edits. Drafts and returned valuations may be edited; a submitted one waits for the
chief actuary; an approved one is frozen (editing it means a new draft version that links
back to it).

Materiality (reserve measures: a significant change of method or assumption needs the
chief actuary's approval with a reason). Against the previous approved valuation of the
same dataset, segment and measure, a change is material when

- the method differs, or any non-numeric assumption differs, is added or removed
  (a switch of averaging or tail type is a change of method: no threshold can measure it);
- any numeric assumption (a factor, a tail, an expected loss ratio) moves by more than the
  threshold, relative to its previous value;
- the selected total ultimate moves by more than the threshold.

The default threshold is 5 %; `Repository(materiality=...)` or env
``RESERVING_MATERIALITY`` (a fraction, e.g. ``0.05``) changes it.
"""

from __future__ import annotations

import enum
import math
import os
from collections.abc import Mapping
from typing import Any

from reserving.storage.diff import flatten, is_number, relative_change, total_ultimate
from reserving.storage.errors import StorageError, WorkflowError

DEFAULT_MATERIALITY = 0.05
MATERIALITY_ENV = "RESERVING_MATERIALITY"


class Status(enum.StrEnum):
    """Where a valuation is in the review workflow."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.DRAFT: frozenset({Status.SUBMITTED}),
    Status.SUBMITTED: frozenset({Status.APPROVED, Status.RETURNED}),
    Status.RETURNED: frozenset({Status.SUBMITTED}),
    Status.APPROVED: frozenset(),
}
EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})

_HINTS = {
    Status.DRAFT: "submit it first",
    Status.SUBMITTED: "wait for the chief actuary to approve or return it",
    Status.RETURNED: "edit it and submit it again",
    Status.APPROVED: "it is final; create a new version to change it",
}


def check_transition(valuation_id: int, current: str, target: Status) -> None:
    """Raise `WorkflowError` unless a valuation in state `current` may move to `target`."""
    state = Status(current)
    if target not in TRANSITIONS[state]:
        raise WorkflowError(
            f"valuation {valuation_id} is {state.value} and cannot become {target.value}: {_HINTS[state]}"
        )


def check_editable(valuation_id: int, current: str) -> None:
    """Raise `WorkflowError` unless the valuation may still be edited in place."""
    state = Status(current)
    if state not in EDITABLE:
        if state is Status.APPROVED:
            raise WorkflowError(
                f"valuation {valuation_id} is approved and cannot change: "
                f"create a new version of it (new_version) and edit that draft"
            )
        raise WorkflowError(f"valuation {valuation_id} is {state.value} and cannot be edited: {_HINTS[state]}")


def materiality_threshold(value: float | None = None) -> float:
    """Return the threshold to use: `value`, else env ``RESERVING_MATERIALITY``, else 5 %."""
    if value is None:
        text = os.environ.get(MATERIALITY_ENV)
        if not text:
            return DEFAULT_MATERIALITY
        try:
            value = float(text)
        except ValueError:
            raise StorageError(f"{MATERIALITY_ENV}={text!r} is not a number (use a fraction such as 0.05)") from None
    if not (math.isfinite(value) and value >= 0):
        raise StorageError(f"the materiality threshold must be a fraction >= 0, got {value!r}")
    return value


def _beyond(rel: float, threshold: float) -> bool:
    """Strictly beyond the threshold, ignoring float noise (2.0 -> 2.1 is exactly 5 %, not more)."""
    return abs(rel) > threshold + 1e-12


def _pct(value: float) -> str:
    return "from zero" if math.isinf(value) else f"{value:+.1%}"


def material_changes(
    previous: Mapping[str, Any],
    current: Mapping[str, Any],
    threshold: float,
) -> list[str]:
    """Describe every material change from `previous` to `current` (empty when none).

    Both arguments hold ``method``, ``assumptions`` and ``results`` as saved.
    """
    changes: list[str] = []
    if previous.get("method") != current.get("method"):
        changes.append(f"method changed from {previous.get('method')!r} to {current.get('method')!r}")
    old, new = flatten(previous.get("assumptions") or {}), flatten(current.get("assumptions") or {})
    for item in sorted((set(old) | set(new)) - {"method"}):  # the method is compared above
        if item not in new:
            changes.append(f"assumption {item!r} removed (was {old[item]!r})")
        elif item not in old:
            changes.append(f"assumption {item!r} added ({new[item]!r})")
        elif is_number(old[item]) and is_number(new[item]):
            rel = relative_change(old[item], new[item])
            if rel is not None and _beyond(rel, threshold):
                changes.append(f"assumption {item!r} changed {_pct(rel)} (from {old[item]!r} to {new[item]!r})")
        elif old[item] != new[item]:
            changes.append(f"assumption {item!r} changed from {old[item]!r} to {new[item]!r}")
    before, after = total_ultimate(previous.get("results")), total_ultimate(current.get("results"))
    if before is not None and after is not None:
        rel = relative_change(before, after)
        if rel is not None and _beyond(rel, threshold):
            changes.append(f"selected total ultimate changed {_pct(rel)} (from {before:,.0f} to {after:,.0f})")
    return changes
