"""Flattening saved JSON into comparable items, and the tidy diffs shown when comparing valuations.

Assumptions are nested JSON (``{"development": {"average": "volume", "ldf": [1.5, 1.2]}}``);
flattening gives one item per leaf (``development.average``, ``development.ldf[0]``) so that
two versions can be compared item by item, both for the materiality rule and for display.

A list is named by what it holds, not by position, wherever its entries carry a name: a
list of names is a set (``methods[clark]``), a list of records by their ``segment``,
``origin``, ``name``, ``method`` or ``age`` (``segments[line=motor].tail.kind``), and a list of
pairs or triples by their first element (``development.overrides[24]``,
``selection.by_origin[1990].weights[chainladder]``). Adding Clark to the compared methods is
then ``methods[clark]`` added, not ``methods[8]`` changed from ``munich`` to ``clark`` with
every later position shifted. Lists of numbers (factors by age) keep their positions.

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


ID_KEYS = ("segment", "origin", "name", "method", "key", "age")
"""Fields that name a record in a list, in the order they are tried."""
TUPLE_FIELDS = {"by_origin": ("weights", "reason")}
"""Names of the fields after the first of a saved tuple with more than two, by the list's key."""
IDENTITY_TUPLES = frozenset({"excluded_cells"})
"""Lists whose pairs are only identities (an excluded origin and age): a set, no value."""


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """One entry per leaf: dotted keys for mappings, a list's entries by name (see above), else ``[i]``."""
    if isinstance(value, Mapping):
        if not value and prefix:
            return {prefix: {}}
        items: dict[str, Any] = {}
        for key in sorted(value, key=str):
            items.update(flatten(value[key], f"{prefix}.{key}" if prefix else str(key)))
        return items
    if isinstance(value, list | tuple):
        if not value and prefix:
            return {prefix: []}
        named = _named_entries(prefix, list(value))
        items = {}
        if named is None:
            for index, item in enumerate(value):
                items.update(flatten(item, f"{prefix}[{index}]"))
            return items
        for label, item in named.items():
            items.update(flatten(item, f"{prefix}[{label}]"))
        return items
    return {prefix: value}


def _label(value: Any) -> str:
    if isinstance(value, Mapping):
        return _segment_label(value)
    return str(value)


def _is_name(value: Any) -> bool:
    return isinstance(value, str) or (is_number(value) and float(value).is_integer())


def _distinct(labels: list[str]) -> bool:
    return len(set(labels)) == len(labels)


def _named_entries(prefix: str, entries: list[Any]) -> dict[str, Any] | None:
    """Entries of a list keyed by their name, or None when they have none (then positions are kept)."""
    field = prefix.rsplit(".", 1)[-1].split("[", 1)[0]
    if all(isinstance(entry, str) for entry in entries):
        return dict(zip(entries, entries, strict=True)) if _distinct(entries) else None
    if all(isinstance(entry, Mapping) for entry in entries):
        for key in ID_KEYS:
            if all(key in entry for entry in entries):
                labels = [_label(entry[key]) for entry in entries]
                if _distinct(labels):
                    rest = [{k: v for k, v in entry.items() if k != key} for entry in entries]
                    return {label: item or {} for label, item in zip(labels, rest, strict=True)}
        return None
    pairs = [entry for entry in entries if isinstance(entry, list | tuple) and len(entry) >= 2]
    if len(pairs) != len(entries) or not all(_is_name(entry[0]) for entry in pairs):
        return None
    if field in IDENTITY_TUPLES:
        labels = [", ".join(_label(part) for part in entry) for entry in pairs]
        return dict(zip(labels, labels, strict=True)) if _distinct(labels) else None
    labels = [_label(entry[0]) for entry in pairs]
    if not _distinct(labels):
        return None
    names = TUPLE_FIELDS.get(field, ())
    named: dict[str, Any] = {}
    for label, entry in zip(labels, pairs, strict=True):
        rest = list(entry[1:])
        if len(rest) == 1:
            named[label] = rest[0]
        else:
            keys = [names[i] if i < len(names) else f"[{i + 1}]" for i in range(len(rest))]
            named[label] = dict(zip(keys, rest, strict=True))
    return named


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
    """Results keyed by (segment label, origin label or "Total") -> {field: value}.

    The valuation's own rows come first: the top-level ``origins`` and ``total`` (labelled
    with its segment, "All segments" for a company figure), then, when it sums several
    segments, each segment's rows. A one-segment ``results`` list repeats the top level and is
    not listed twice. The ``estimate`` command's older layout (segments and a total, no
    top-level origins) gives each segment's rows and the total under "All segments".
    """
    if not isinstance(results, Mapping):
        return {("", TOTAL): flatten(results, "value")}
    blocks = [block for block in results.get("results") or [] if isinstance(block, Mapping)]
    if not isinstance(results.get("results"), list):
        blocks = []
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    if "origins" in results:
        top = _segment_label(results.get("segment"))
        rows.update(_origin_rows(results, top))
        if len(blocks) == 1 and _segment_label(blocks[0].get("segment")) == top:
            blocks = []
        for block in blocks:
            rows.update(_origin_rows(block, _segment_label(block.get("segment"))))
        return rows
    if blocks:
        for block in blocks:
            rows.update(_origin_rows(block, _segment_label(block.get("segment"))))
        if isinstance(results.get("total"), Mapping):
            rows[("All segments", TOTAL)] = dict(results["total"])
        return rows
    if "total" in results:
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
