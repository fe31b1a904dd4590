"""Reading one cell (a number, a segment value) and naming a triangle cell in a message.

Observations carry the spreadsheet row (`ROW`) and, for a grid, the column (`COL`) they
came from, so that a warning about a cell found after shaping still points at the file.
"""

from __future__ import annotations

import pandas as pd

from reserving.grains import period_label
from reserving.parsing import ParseError, is_missing, normalise_text, parse_number

from .issues import Collector

ROW = "_row"
COL = "_col"


def number(value: object, row: int, col: str, issues: Collector) -> float | None:
    """Read the cell as a number, None when blank; an unreadable one is an error at its cell."""
    try:
        return parse_number(value)
    except ParseError as exc:
        issues.error("bad-number", str(exc), row, col)
        return None


def segment_value(value: object, row: int, col: str, issues: Collector) -> str:
    """Read a segment label; a blank one is kept as '(blank)' with a warning."""
    if is_missing(value):
        issues.warn("blank-segment", "the segment value is blank (read as '(blank)')", row, col)
        return "(blank)"
    return normalise_text(value)


def cell_text(origin: pd.Timestamp, valuation: pd.Timestamp, origin_grain: str) -> str:
    """Name a triangle cell in the user's terms: 'origin 2019, valuation 2020-12-31'."""
    return f"origin {period_label(origin, origin_grain)}, valuation {valuation.date()}"


def hashable(value: object) -> bool:
    """Tell whether a cell can key a memo (a list read from JSON cannot)."""
    try:
        hash(value)
    except TypeError:
        return False
    return True
