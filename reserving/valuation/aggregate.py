"""How "All segments" is valued: the sum of the segments, or the summed triangle developed.

The company figure is the sum of the segments, each with its own assumptions: that is what
a branch-by-line reserve is (``sum``, the default). Developing the triangle of all segments
added up (``summed_triangle``) is an explicit alternative: its link ratios mix the segments'
patterns in proportion to their size, so it gives another total. The choice is saved with
the valuation, and every page, export and command honours it.
"""

from __future__ import annotations

from reserving.errors import AssumptionError

SUM = "sum"
SUMMED_TRIANGLE = "summed_triangle"
AGGREGATES = (SUM, SUMMED_TRIANGLE)
DEFAULT_AGGREGATE = SUM
CLI_NAMES = {"sum": SUM, "summed-triangle": SUMMED_TRIANGLE}
"""What ``--aggregate`` accepts (the schema spells the second ``summed_triangle``)."""


def parse_aggregate(text: str | None) -> str:
    """Return the aggregate named by `text` (``sum``, ``summed_triangle`` or ``summed-triangle``; None = default).

    Raises
    ------
    AssumptionError
        Any other name.
    """
    if text is None or text == "":
        return DEFAULT_AGGREGATE
    name = CLI_NAMES.get(str(text), str(text))
    if name not in AGGREGATES:
        raise AssumptionError(
            f"aggregate '{text}' is not known: use 'sum' (the sum of the segments) or "
            "'summed-triangle' (develop the triangle of all segments added up)"
        )
    return name
