"""The one NaN-to-None rule of a valuation's JSON.

A valuation's figures come from numpy and pandas (``float64``, ``NaN`` where a value is
unknown, such as the s.e. of a method without one); JSON has neither, and the database
columns and the exports must read back exactly what was written. Every writer of the
valuation schema goes through `json_number` and `json_value`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any


def json_number(value: Any) -> float | None:
    """Return `value` as a finite float, or None (None, NaN, infinity, or not a number at all)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def json_value(value: Any) -> Any:
    """Return `value` made JSON-safe: numbers through `json_number`, containers element by element."""
    if isinstance(value, Mapping):
        return {str(key): json_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_value(item) for item in value]
    if isinstance(value, str) or value is None:
        return value
    if isinstance(value, bool):
        return value
    if hasattr(value, "item"):  # numpy scalars
        try:
            value = value.item()
        except (TypeError, ValueError):
            return str(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return json_number(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return value
