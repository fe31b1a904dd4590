"""The shared first two steps of every development-based method: Development, then Tail."""

from __future__ import annotations

import chainladder as cl

from reserving.assumptions import SegmentAssumptions
from reserving.methods.development import develop
from reserving.methods.tails import apply_tail


def developed_with_tail(tri: cl.Triangle, labels: tuple[str, ...], assumptions: SegmentAssumptions) -> cl.Triangle:
    """Return `tri` carrying the selected factors and the tail, ready for an IBNR method."""
    developed = develop(tri, assumptions.development, labels)
    return apply_tail(developed, assumptions.tail, assumptions.options.clark_growth)
