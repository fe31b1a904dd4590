"""Running every compared method for the current selection, each from its own cache entry.

A method the data cannot support (no premium, no counts, no second triangle) or that an
assumption stops (no a-priori loss ratio) becomes a short note, not an error, so the other
methods are still compared.

"All segments" of segmented data is valued as the session chose (`components.core.state.aggregate`):
as the sum of the segments (the default), every segment runs with its own assumptions
and the results are added up (`reserving.valuation.sum_results`); as the summed triangle,
the triangle of all segments runs with the assumptions set under "All segments". The
valuation itself (selection per origin, totals) is built by `reserving.valuation`, so the
pages, a saved valuation and its exports show one number.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from components.analysis import assumption_state
from components.analysis.method_views import RunSpec, comparison_runs
from components.core import cached, state
from components.core.feedback import user_message
from components.core.scope import Scope, segment_text
from components.i18n.labels import run_text
from reserving.errors import ReservingError
from reserving.methods import MethodInputs, MethodResult
from reserving.methods.stacked import prepare_segments
from reserving.valuation import SUM, ValuationResults, combine, segment_results, sum_results


@dataclass(frozen=True)
class Comparison:
    """Results of the compared runs that worked, their labels, and a note for each that did not.

    Attributes
    ----------
    inputs : MethodInputs
        Inputs of the analysed measure (latest values, premium, origin labels); of the summed
        triangle under "All segments".
    results : dict of run key to MethodResult
        Runs that produced a result, in display order (added up over the segments of a sum).
    labels : dict of run key to label
        Label of every run that produced a result.
    notes : dict of run label to message
        Why a run gave no result.
    runs : dict of run key to RunSpec
        The method and measure of every run that produced a result (a saved valuation
        declares the runs on another measure with their own assumptions).
    parts : tuple of (Scope, Comparison)
        Each segment's own comparison when "All segments" is the sum of the segments.
    """

    inputs: MethodInputs
    results: dict[str, MethodResult]
    labels: dict[str, str]
    notes: dict[str, str]
    runs: dict[str, RunSpec] = field(default_factory=dict)
    parts: tuple[tuple[Scope, Comparison], ...] = ()


def aggregate(selection: Scope) -> str:
    """How the selection is valued: ``sum`` or ``summed_triangle`` under "All segments" (``sum`` otherwise)."""
    return state.aggregate() if assumption_state.segment_count(selection) else SUM


def parts(selection: Scope) -> list[Scope]:
    """Return the triangles valued: every segment for the sum of "All segments", else the selection itself."""
    if not assumption_state.segment_count(selection) or state.aggregate() != SUM:
        return [selection]
    keys = selection.dataset.segment_keys()
    prepare_segments(selection.dataset, selection.measure, keys)  # one pass for all (a no-op once built)
    return [replace(selection, segment=key) for key in keys]


def run_all(selection: Scope) -> Comparison:
    """Run every compared method on the selection (raises only if the inputs themselves cannot be built)."""
    scopes = parts(selection)
    if len(scopes) == 1:
        return _run_one(selection)
    own = [(part, _run_one(part)) for part in scopes]
    dataset = selection.dataset
    inputs = cached.method_inputs(dataset.content_hash, selection.measure, (), dataset)
    first = own[0][1]
    keys = [key for key in first.results if all(key in c.results for _, c in own)]
    notes: dict[str, str] = {}
    for part, comparison in own:
        for label, message in comparison.notes.items():
            notes[label] = "; ".join(filter(None, [notes.get(label), f"{segment_text(part.segment)}: {message}"]))
    return Comparison(
        inputs=inputs,
        results={key: sum_results([c.results[key] for _, c in own]) for key in keys},
        labels={key: first.labels[key] for key in keys},
        notes=notes,
        runs={key: first.runs[key] for key in keys},
        parts=tuple(own),
    )


def warnings_of(comparison: Comparison) -> list[str]:
    """Return what the methods that ran say of their own choices, each naming its method (and segment in a sum)."""
    if comparison.parts:
        return [f"{segment_text(part.segment)}, {line}" for part, own in comparison.parts for line in warnings_of(own)]
    return [
        f"{comparison.labels.get(key, key)}: {message}"
        for key, result in comparison.results.items()
        for message in result.warnings
    ]


def _run_one(selection: Scope) -> Comparison:
    dataset = selection.dataset
    inputs = cached.method_inputs(dataset.content_hash, selection.measure, selection.segment, dataset)
    results: dict[str, MethodResult] = {}
    labels: dict[str, str] = {}
    notes: dict[str, str] = {}
    runs: dict[str, RunSpec] = {}
    for run in comparison_runs(selection.measure, tuple(inputs.triangles)):
        label = run_text(run.method, run.measure, selection.measure)
        try:
            results[run.key] = _run(selection, run)
        except ReservingError as exc:
            notes[label] = user_message(exc.message)  # the setting's name, not 'TailAssumptions.kind'
            continue
        labels[run.key] = label
        runs[run.key] = run
    return Comparison(inputs=inputs, results=results, labels=labels, notes=notes, runs=runs)


def _run(selection: Scope, run: RunSpec) -> MethodResult:
    assumptions = assumption_state.load(selection, run.measure)
    return cached.result_for(run.method, selection.dataset, selection.segment, assumptions)


def method_result(selection: Scope, method: str, **changes: Any) -> MethodResult:
    """One method on the selection as valued (added up over the segments of a sum), assumptions changed by `changes`.

    The Tail page compares chain ladder with and without the tail this way (``tail=TailAssumptions()``).
    """
    found = []
    for part in parts(selection):
        assumptions = replace(assumption_state.load(part), **changes)
        found.append(cached.result_for(method, part.dataset, part.segment, assumptions))
    return sum_results(found)


def valuation(selection: Scope, comparison: Comparison | None = None) -> ValuationResults:
    """Return the selection's valuation in the one schema: each triangle's selection, added up for a sum of segments.

    Raises
    ------
    AssumptionError
        A selection names a method without a result (in the segment named).
    """
    comparison = comparison or run_all(selection)
    pieces = comparison.parts or ((selection, comparison),)
    found = []
    for part, own in pieces:
        chosen = assumption_state.load(part).selection
        try:
            found.append(segment_results(part.segment, own.results, chosen, failed=own.notes))
        except ReservingError as exc:
            if len(pieces) == 1:
                raise
            raise type(exc)(f"{segment_text(part.segment)}: {exc.message}", exc.location) from exc
    default = assumption_state.load(selection).selection.default_method
    return combine(
        found, measure=selection.measure, method=default, segment=selection.segment, aggregate=aggregate(selection)
    )
