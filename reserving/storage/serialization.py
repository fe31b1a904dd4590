"""Turning assumptions and results into canonical JSON text, and back.

JSON is stored as text (portable across SQLite and PostgreSQL), written canonically (sorted
keys, no whitespace) so that equal content gives equal text: segments can then be compared
in SQL and hashes are stable. `to_json_ready` converts what the engine produces (numpy and
pandas scalars, dates, tuples, frozen dataclasses) into plain JSON values, so callers can
pass their assumption objects and result dicts as they are.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from reserving.storage.errors import StorageError


def to_json_ready(value: Any) -> Any:
    """Return `value` as plain JSON values (dict, list, str, int, float, bool, None).

    NaN and infinities become ``None`` (JSON has no such numbers; the CLI contract prints
    ``null`` for a missing standard error). Dates become ISO strings.

    Raises
    ------
    StorageError
        If a value has no JSON form, so a save never silently drops part of the work.
    """
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating | Decimal):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, enum.Enum):
        return to_json_ready(value.value)
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): to_json_ready(item) for key, item in value.items()}
    if isinstance(value, list | tuple | np.ndarray | pd.Series):
        return [to_json_ready(item) for item in list(value)]
    if isinstance(value, pd.DataFrame):
        return [to_json_ready(row) for row in value.to_dict(orient="records")]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        to_dict = getattr(value, "to_dict", None)
        return to_json_ready(to_dict() if callable(to_dict) else dataclasses.asdict(value))
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_json_ready(to_dict())
    if value is pd.NaT:
        return None
    raise StorageError(f"cannot save a value of type {type(value).__name__} ({value!r}) as JSON")


def dumps(value: Any) -> str:
    """Canonical JSON text of `value` (after `to_json_ready`)."""
    return json.dumps(to_json_ready(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def loads(text: str | None) -> Any:
    """Inverse of `dumps`; ``None`` stays ``None``."""
    return None if text is None else json.loads(text)


def canonical_segment(segment: Any) -> Any:
    """Return a segment as a JSON value: ``{}`` for all segments, a dict of column -> value, or a list of them.

    Accepts a mapping, `reserving.dataset.SegmentKey` pairs, ``None``, or a list of mappings
    (a valuation covering several segments; sorted so the order given does not matter).
    """
    if segment is None:
        return {}
    if isinstance(segment, Mapping):
        return {str(key): str(val) for key, val in sorted(segment.items())}
    items = list(segment)
    if not items:
        return {}
    if all(isinstance(item, tuple | list) and len(item) == 2 and isinstance(item[0], str) for item in items):
        return {str(key): str(val) for key, val in sorted(items)}
    if all(isinstance(item, Mapping) for item in items):
        return sorted((canonical_segment(item) for item in items), key=dumps)
    raise StorageError(f"a segment must be a mapping of column to value, or a list of them; got {segment!r}")
