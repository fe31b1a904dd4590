"""Flattening saved JSON into comparable items, and the tidy diffs shown when comparing valuations.

Assumptions are nested JSON (``{"development": {"average": "volume", "ldf": [1.5, 1.2]}}``);
flattening gives one item per leaf (``development.average``, ``development.ldf[0]``) so that
two versions can be compared item by item, both for the materiality rule and for display.

Results follow the command line's ``estimate`` layout: ``{"origins": [{"origin", "latest",
"ultimate", "ibnr", "std_err"}], "total": {...}}``, optionally per segment under
``"results": [{"segment": {...}, "origins": [...], "total": {...}}]``. Anything else is
compared leaf by leaf.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

TOTAL = "Total"
ASSUMPTION_COLUMNS = ["item", "a", "b", "changed", "change", "relative_change"]
RESULT_COLUMNS = ["segment", "origin", "field", "a", "b", "change", "relative_change"]


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """One entry per leaf: dotted keys for mappings, ``[i]`` for list positions."""
    if isinstance(value, Mapping):
        if not value and prefix:
            return {prefix: {}}
        items: dict[str, Any] = {}
        for key in sorted(value, key=str):
            items.update(flatten(value[key], f"{prefix}.{key}" if prefix else str(key)))
        return items
    if isinstance(value, list):
        if not value and prefix:
            return {prefix: []}
        items = {}
        for index, item in enumerate(value):
            items.update(flatten(item, f"{prefix}[{index}]"))
        return items
    return {prefix: value}


def is_number(value: Any) -> bool:
    """Tell whether a value is an int/float that are not booleans (a switch is not a factor)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def relative_change(old: Any, new: Any) -> float | None:
    """Return ``(new - old) / |old|``; infinite when old is 0 and new is not; None unless both are numbers."""
    if not (is_number(old) and is_number(new)):
        return None
    if old == new:
        return 0.0
    if old == 0:
        return math.copysign(math.inf, new)
    return (new - old) / abs(old)


def _difference(a: Any, b: Any) -> float | None:
    return b - a if is_number(a) and is_number(b) else None


def assumptions_frame(a: Mapping[str, Any], b: Mapping[str, Any]) -> pd.DataFrame:
    """Item-by-item comparison of two flattened assumption sets (union of items, sorted)."""
    rows = []
    for item in sorted(set(a) | set(b)):
        old, new = a.get(item), b.get(item)
        rows.append(
            {
                "item": item,
                "a": old,
                "b": new,
                "changed": (item in a) != (item in b) or old != new,
                "change": _difference(old, new),
                "relative_change": relative_change(old, new),
            }
        )
    return pd.DataFrame(rows, columns=ASSUMPTION_COLUMNS)


def _segment_label(segment: Any) -> str:
    if isinstance(segment, Mapping) and segment:
        return ", ".join(f"{key}={val}" for key, val in sorted(segment.items()))
    return "All segments"


def _origin_rows(block: Mapping[str, Any], segment: str) -> dict[tuple[str, str], dict[str, Any]]:
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for entry in block.get("origins") or []:
        if isinstance(entry, Mapping):
            fields = {k: v for k, v in entry.items() if k != "origin"}
            rows[(segment, str(entry.get("origin")))] = fields
    total = block.get("total")
    if isinstance(total, Mapping):
        rows[(segment, TOTAL)] = dict(total)
    return rows


def result_rows(results: Any) -> dict[tuple[str, str], dict[str, Any]]:
    """Results keyed by (segment label, origin label or "Total") -> {field: value}."""
    if not isinstance(results, Mapping):
        return {("", TOTAL): flatten(results, "value")}
    if "results" in results and isinstance(results["results"], list):
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        for block in results["results"]:
            if isinstance(block, Mapping):
                rows.update(_origin_rows(block, _segment_label(block.get("segment"))))
        if isinstance(results.get("total"), Mapping):
            rows[("All segments", TOTAL)] = dict(results["total"])
        return rows
    if "origins" in results or "total" in results:
        return _origin_rows(results, _segment_label(results.get("segment")))
    return {("", TOTAL): flatten(results)}


def results_frame(a: Any, b: Any) -> pd.DataFrame:
    """Tidy comparison of two results: one row per segment x origin x field present in either."""
    rows_a, rows_b = result_rows(a), result_rows(b)
    keys = list(rows_a) + [key for key in rows_b if key not in rows_a]
    rows = []
    for key in keys:
        fields_a, fields_b = rows_a.get(key, {}), rows_b.get(key, {})
        names = list(fields_a) + [name for name in fields_b if name not in fields_a]
        for name in names:
            old, new = fields_a.get(name), fields_b.get(name)
            rows.append(
                {
                    "segment": key[0],
                    "origin": key[1],
                    "field": name,
                    "a": old,
                    "b": new,
                    "change": _difference(old, new),
                    "relative_change": relative_change(old, new),
                }
            )
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def total_ultimate(results: Any) -> float | None:
    """Return the selected total ultimate of a results dict, or None when it has none."""
    if isinstance(results, Mapping) and isinstance(results.get("total"), Mapping):
        value = results["total"].get("ultimate")
        return float(value) if is_number(value) else None
    return None
