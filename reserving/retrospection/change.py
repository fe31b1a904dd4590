"""Analysis of change: a waterfall from the prior valuation to the current one.

Each step is the difference between two full recalculations that differ in one thing,
taken in this order (prior -> current):

1. ``new_origins``   origin periods after the prior date, valued with the prior assumptions
                     on the current data (they are 0 in the prior);
2. ``restatements``  the prior data snapshot vs the current data cut back to the prior date,
                     both with the prior assumptions;
3. ``experience``    the current data vs the current data cut back, prior assumptions, on the
                     prior's origins (new diagonals emerging differently from expected);
4. ``development``   the development selection (average, periods, drops, exclusions, sigma);
5. ``tail``          the tail;
6. ``loss_ratios``   the a-priori loss ratios;
7. ``selection``     the method selection per origin and the method options;
8. ``overrides``     factors typed by hand (``DevelopmentAssumptions.overrides``).

Steps 1 and 3 split one recalculation (prior assumptions on the current data) by origin:
new origins are step 1, the rest step 3. After step 8 the assumptions are the current
ones, so the steps add up exactly to ``current - prior``, per origin and in total. The
waterfall is on the ultimate, the reserve (ultimate - paid) or the IBNR. A recalculation
whose assumptions equal the previous one is not rerun (its step is 0).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from reserving.assumptions import SegmentAssumptions
from reserving.dataset import Dataset, SegmentKey, segment_key, unknown_measure
from reserving.errors import InputError
from reserving.methods.stacked import prepare_segments
from reserving.retrospection.rollforward import rollforward
from reserving.retrospection.valuation import SegmentValuation, segment_inputs, value_inputs

STEPS: tuple[tuple[str, str], ...] = (
    ("new_origins", "New origin periods"),
    ("restatements", "Data restatements"),
    ("experience", "Experience (prior assumptions on new data)"),
    ("development", "Development pattern"),
    ("tail", "Tail"),
    ("loss_ratios", "A-priori loss ratios"),
    ("selection", "Method selection"),
    ("overrides", "Manual overrides"),
)
BASES = ("ultimate", "reserve", "ibnr")


@dataclass(frozen=True, eq=False)
class ChangeResult:
    """The waterfall of one segment (or of all segments summed).

    Attributes
    ----------
    basis : str
        ``ultimate``, ``reserve`` or ``ibnr``.
    prior, current : float
        Totals of the prior and current valuations.
    steps : pandas.DataFrame
        ``step``, ``label``, ``change``, ``running`` (the total after the step), in `STEPS` order.
    by_origin : pandas.DataFrame
        ``origin``, ``prior``, one column per step, ``current``.
    rollforward : pandas.DataFrame
        ``origin``, ``opening``, ``paid``, ``change``, ``closing`` with a ``total`` row.
    """

    basis: str
    prior: float
    current: float
    steps: pd.DataFrame
    by_origin: pd.DataFrame
    rollforward: pd.DataFrame

    def step_values(self) -> dict[str, float]:
        """Change of each step by name."""
        return dict(zip(self.steps["step"], self.steps["change"].astype(float), strict=True))


def assumption_path(prior: SegmentAssumptions, current: SegmentAssumptions) -> list[SegmentAssumptions]:
    """List the assumptions after each of the steps 4-8, one group moved from prior to current at a time."""
    development = replace(current.development, overrides=prior.development.overrides)
    step4 = replace(prior, development=development)
    step5 = replace(step4, tail=current.tail)
    step6 = replace(step5, loss_ratio=current.loss_ratio)
    step7 = replace(step6, selection=current.selection, options=current.options)
    step8 = replace(step7, development=current.development)
    return [step4, step5, step6, step7, step8]


def _values(valuation: SegmentValuation, basis: str) -> pd.Series:
    return valuation.column(basis).astype(float)


def analysis_of_change(
    prior_data: Dataset,
    current_data: Dataset,
    measure: str,
    prior_assumptions: SegmentAssumptions,
    current_assumptions: SegmentAssumptions,
    *,
    segment: SegmentKey | Mapping[str, str] | None = None,
    method: str | None = None,
    basis: str = "ultimate",
    prior_date: pd.Timestamp | None = None,
) -> ChangeResult:
    """Waterfall of one segment from the prior valuation to the current one.

    Parameters
    ----------
    prior_data : Dataset
        The data as it was when the prior valuation was made (a saved snapshot, or the
        current data cut back when no snapshot exists: then restatements are 0).
    current_data : Dataset
        The current data.
    measure : str
        Measure valued.
    prior_assumptions, current_assumptions : SegmentAssumptions
        Assumptions of the two valuations.
    segment : segment key, optional
        Segment (all summed when empty).
    method : str or None
        A single method for both valuations; None (default) applies each assumptions' selection.
    basis : str
        ``ultimate``, ``reserve`` or ``ibnr``.
    prior_date : Timestamp, optional
        Date of the prior valuation; the prior data's latest valuation by default.
    """
    if basis not in BASES:
        raise InputError(f"basis must be one of {', '.join(BASES)}, got '{basis}'")
    key = segment_key(segment)
    t0 = prior_valuation_date(prior_data, prior_date)
    if t0 >= current_data.valuation_date:
        raise InputError(
            f"the prior date {t0.date()} must be before the current data's {current_data.valuation_date.date()}"
        )
    cut = current_data.cut(t0)
    prior_inputs = segment_inputs(prior_data.cut(t0), measure, key)
    cut_inputs = segment_inputs(cut, measure, key)
    current_inputs = segment_inputs(current_data, measure, key)
    date = current_data.valuation_date

    s0 = value_inputs(prior_inputs, prior_assumptions, method, t0)
    s2 = value_inputs(cut_inputs, prior_assumptions, method, t0)
    s3 = value_inputs(current_inputs, prior_assumptions, method, date)
    states = [s3]
    previous = prior_assumptions
    for assumptions in assumption_path(prior_assumptions, current_assumptions):
        same = assumptions == previous
        states.append(states[-1] if same else value_inputs(current_inputs, assumptions, method, date))
        previous = assumptions

    v0, v2, v3 = _values(s0, basis), _values(s2, basis), _values(s3, basis)
    order = list(dict.fromkeys([*v0.index, *v3.index]))
    old = set(v0.index) | set(v2.index)
    new_mask = np.array([o not in old for o in order])

    def aligned(series: pd.Series) -> np.ndarray:
        return series.reindex(order).fillna(0.0).to_numpy(dtype=float)

    columns: dict[str, np.ndarray] = {"prior": aligned(v0)}
    columns["new_origins"] = np.where(new_mask, aligned(v3), 0.0)
    columns["restatements"] = aligned(v2) - aligned(v0)
    columns["experience"] = np.where(new_mask, 0.0, aligned(v3) - aligned(v2))
    for (name, _), before, after in zip(STEPS[3:], states[:-1], states[1:], strict=True):
        columns[name] = aligned(_values(after, basis)) - aligned(_values(before, basis))
    columns["current"] = aligned(_values(states[-1], basis))
    by_origin = pd.DataFrame({"origin": order, **columns})
    return _result(basis, by_origin, rollforward(s0, states[-1]))


def _result(basis: str, by_origin: pd.DataFrame, roll: pd.DataFrame) -> ChangeResult:
    prior = float(by_origin["prior"].sum())
    running = prior
    rows = []
    for name, label in STEPS:
        change = float(by_origin[name].sum())
        running += change
        rows.append({"step": name, "label": label, "change": change, "running": running})
    return ChangeResult(
        basis=basis,
        prior=prior,
        current=float(by_origin["current"].sum()),
        steps=pd.DataFrame(rows),
        by_origin=by_origin,
        rollforward=roll,
    )


@dataclass(frozen=True, eq=False)
class ChangeReport:
    """Analysis of change of every segment and of their sum."""

    measure: str
    basis: str
    segments: list[tuple[SegmentKey, ChangeResult]]
    total: ChangeResult

    def to_dict(self) -> dict[str, Any]:
        """Plain summary: per segment the prior, current and step values, and the same for the total."""

        def one(result: ChangeResult) -> dict[str, Any]:
            return {"prior": result.prior, "current": result.current, "steps": result.step_values()}

        return {
            "measure": self.measure,
            "basis": self.basis,
            "results": [{"segment": dict(key), **one(r)} for key, r in self.segments],
            "total": one(self.total),
        }


def prior_valuation_date(prior_data: Dataset, prior_date: pd.Timestamp | None) -> pd.Timestamp:
    """Return the date the change runs from: the one asked for, else the prior data's latest valuation."""
    return pd.Timestamp(prior_date) if prior_date is not None else prior_data.valuation_date


def change_report(
    prior_data: Dataset,
    current_data: Dataset,
    measure: str,
    prior_assumptions: SegmentAssumptions,
    current_assumptions: SegmentAssumptions,
    *,
    method: str | None = None,
    basis: str = "ultimate",
    prior_date: pd.Timestamp | None = None,
) -> ChangeReport:
    """Analysis of change of every segment of the current data, and the sum over segments."""
    for name, data in (("prior", prior_data), ("current", current_data)):
        if measure not in data.measures:
            raise InputError(unknown_measure(measure, data.measures, where=f"the {name} data"))
    keys = current_data.segment_keys()
    t0 = prior_valuation_date(prior_data, prior_date)
    if keys and t0 < current_data.valuation_date:
        for data in (prior_data.cut(t0), current_data.cut(t0), current_data):
            prepare_segments(data, measure, keys)
    results = [
        (
            segment_key(key),
            analysis_of_change(
                prior_data,
                current_data,
                measure,
                prior_assumptions,
                current_assumptions,
                segment=key,
                method=method,
                basis=basis,
                prior_date=prior_date,
            ),
        )
        for key in current_data.segment_keys() or [()]
    ]
    if len(results) == 1:
        return ChangeReport(measure, basis, results, results[0][1])
    frames = pd.concat([r.by_origin for _, r in results], ignore_index=True)
    order = list(dict.fromkeys(frames["origin"]))
    summed = frames.groupby("origin", sort=False).sum(numeric_only=True).reindex(order).reset_index()
    rolls = pd.concat([r.rollforward for _, r in results], ignore_index=True)
    roll_order = list(dict.fromkeys(rolls["origin"]))
    roll = rolls.groupby("origin", sort=False).sum(numeric_only=True).reindex(roll_order).reset_index()
    return ChangeReport(measure, basis, results, _result(basis, summed, roll))
