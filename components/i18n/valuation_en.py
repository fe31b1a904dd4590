"""English text of the valuation part of the interface, merged into the catalogue by `components.i18n.catalogue`."""

from __future__ import annotations

VALUATION_EN: dict[str, str] = {
    "val.aggregate": "All segments valued as",
    "val.aggregate.sum": "Sum of the segments",
    "val.aggregate.summed_triangle": "Develop the summed triangle",
    "val.aggregate.help": (
        "The company figure is the sum of the segments, each valued with its own assumptions. "
        "Developing the summed triangle mixes the segments' development patterns in proportion "
        "to their size and gives another total. The choice is saved with a valuation."
    ),
    "val.note.sum": (
        "All segments: the sum of {count} segments, each valued with its own assumptions "
        "(change it in the sidebar: develop the summed triangle)."
    ),
    "val.note.summed_triangle": (
        "All segments: the triangle of {count} segments added up, developed with the assumptions set here "
        "(change it in the sidebar: sum of the segments)."
    ),
    "val.applies": "An assumption set under All segments applies to {count} segments (and to their summed triangle).",
    "val.several": "several",
    "unc.summed_note": (
        "All segments is valued as the sum of {count} segments, and the segments have no joint model: "
        "the standard errors, the bootstrap and the ranges below are those of the summed triangle, "
        "whose best estimate differs from the sum. Pick a segment for its own."
    ),
    "meth.warnings": "What the methods chose on this data:\n{lines}",
}
