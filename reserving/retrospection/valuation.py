"""One valuation of one segment, as the retrospective analyses need it: per-origin figures and the pattern.

Every retrospective analysis compares valuations (a prior and a current one, or one per
valuation date). This module runs the engine once per segment and returns the per-origin
numbers in one frame with stable columns:

``origin`` (label), ``start`` (first day), ``latest`` (latest value of the measure),
``paid`` (latest paid), ``ultimate``, ``ibnr`` (ultimate - latest), ``reserve`` and
``std_err``.

The **reserve** is the unpaid amount: ``ultimate - latest paid`` when the data has a paid
triangle (so a valuation on incurred still reports what is left to pay), else
``ultimate - latest`` of the analysed measure (then ``paid`` holds that latest value).

The ultimate is the given method's, or, with ``method=None``, the blend the assumptions'
`Selection` prescribes per origin (the valuation as the actuary selected it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from reserving.assumptions import SegmentAssumptions
from reserving.dataset import Dataset, SegmentKey, segment_key
from reserving.methods.inputs import MethodInputs
from reserving.methods.registry import run_method
from reserving.methods.results import vector
from reserving.methods.selection import select
from reserving.retrospection.pattern import Pattern, pattern_from_developed

VALUATION_COLUMNS = ("origin", "start", "latest", "paid", "ultimate", "ibnr", "reserve", "std_err")
PAID = "paid"


@dataclass(frozen=True, eq=False)
class SegmentValuation:
    """Per-origin results of one valuation of one segment.

    Attributes
    ----------
    valuation_date : pandas.Timestamp
        Latest valuation of the data valued.
    measure : str
        Measure whose ultimates were estimated.
    method : str
        Method name, or ``selection`` when the assumptions' selection was applied.
    origins : pandas.DataFrame
        `VALUATION_COLUMNS`, one row per origin, oldest first.
    reserve_basis : str
        ``paid`` when reserves are ultimate - paid, else the measure's name.
    """

    valuation_date: pd.Timestamp
    measure: str
    method: str
    origins: pd.DataFrame
    reserve_basis: str

    def column(self, name: str) -> pd.Series:
        """One column indexed by origin label."""
        return self.origins.set_index("origin")[name]


def segment_inputs(dataset: Dataset, measure: str, segment: SegmentKey | None) -> MethodInputs:
    """`MethodInputs` of one segment (all segments summed for the empty key)."""
    return MethodInputs.from_dataset(dataset, measure, segment_key(segment))


def selected_ultimates(
    inputs: MethodInputs, assumptions: SegmentAssumptions, method: str | None
) -> tuple[np.ndarray, str]:
    """Ultimate by origin of `method`, or of the assumptions' selection when `method` is None."""
    if method is not None:
        return inputs_result(inputs, assumptions, method)["ultimate"].to_numpy(dtype=float), method
    selection = assumptions.selection
    names = {selection.default_method}
    for _, weights, _ in selection.by_origin:
        names.update(m for m, _ in weights)
    frames = {name: inputs_result(inputs, assumptions, name) for name in sorted(names)}
    chosen = select(frames, selection)
    return chosen["ultimate"].to_numpy(dtype=float), "selection"


def inputs_result(inputs: MethodInputs, assumptions: SegmentAssumptions, method: str) -> pd.DataFrame:
    """Run one method and return its per-origin frame."""
    return run_method(method, inputs, assumptions).origins


def value_segment(
    dataset: Dataset,
    measure: str,
    segment: SegmentKey | None,
    assumptions: SegmentAssumptions,
    method: str | None = None,
    *,
    std_err: bool = False,
) -> SegmentValuation:
    """Value one segment of `dataset` as at its latest date.

    Parameters
    ----------
    dataset : Dataset
        The data as known at the valuation (cut back beforehand for a prior).
    measure : str
        Measure to estimate.
    segment : SegmentKey or None
        Segment to value; ``()``/None sums all segments.
    assumptions : SegmentAssumptions
        Development, tail, loss ratios, options and selection.
    method : str or None
        Method name; None applies ``assumptions.selection``.
    std_err : bool
        Also run Mack's method for the per-origin standard error of the IBNR (NaN otherwise).
    """
    inputs = segment_inputs(dataset, measure, segment)
    return value_inputs(inputs, assumptions, method, dataset.valuation_date, std_err=std_err)


def value_inputs(
    inputs: MethodInputs,
    assumptions: SegmentAssumptions,
    method: str | None,
    valuation_date: pd.Timestamp,
    *,
    std_err: bool = False,
) -> SegmentValuation:
    """`value_segment` on inputs already built (several valuations of the same data share them)."""
    ultimate, used = selected_ultimates(inputs, assumptions, method)
    latest = vector(inputs.triangle.latest_diagonal)
    if inputs.has(PAID):
        paid = vector(inputs.triangles[PAID].latest_diagonal)
        basis = PAID
    else:
        paid, basis = latest, inputs.measure
    errors = np.full(len(latest), np.nan)
    if std_err:
        errors = inputs_result(inputs, assumptions, "mack")["std_err"].to_numpy(dtype=float)
    frame = pd.DataFrame(
        {
            "origin": list(inputs.origin_labels),
            "start": list(inputs.triangle.origin.to_timestamp(how="s")),
            "latest": latest,
            "paid": np.nan_to_num(paid),
            "ultimate": ultimate,
            "ibnr": ultimate - latest,
            "reserve": ultimate - np.nan_to_num(paid),
            "std_err": errors,
        }
    )
    return SegmentValuation(pd.Timestamp(valuation_date), inputs.measure, used, frame, basis)


def chain_ladder_pattern(inputs: MethodInputs, assumptions: SegmentAssumptions, step_months: int) -> Pattern:
    """Return the selected development pattern (factors and tail) of one segment as a `Pattern`.

    The fit is the one memoised on `inputs`, so the methods valued on the same inputs share it.
    """
    return pattern_from_developed(inputs.developed(assumptions), step_months)
