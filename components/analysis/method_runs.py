"""Running every compared method for the current selection, each from its own cache entry.

A method the data cannot support (no premium, no counts, no second triangle) or that an
assumption stops (no a-priori loss ratio) becomes a short note, not an error, so the other
methods are still compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from components.analysis import assumption_state
from components.analysis.method_views import RunSpec, comparison_runs
from components.core import cached
from components.core.scope import Scope
from components.i18n.labels import run_text
from reserving.errors import ReservingError
from reserving.methods import MethodInputs, MethodResult


@dataclass(frozen=True)
class Comparison:
    """Results of the compared runs that worked, their labels, and a note for each that did not.

    Attributes
    ----------
    inputs : MethodInputs
        Inputs of the analysed measure (latest values, premium, origin labels).
    results : dict of run key to MethodResult
        Runs that produced a result, in display order.
    labels : dict of run key to label
        Label of every run that produced a result.
    notes : dict of run label to message
        Why a run gave no result.
    runs : dict of run key to RunSpec
        The method and measure of every run that produced a result (a saved valuation
        declares the runs on another measure with their own assumptions).
    """

    inputs: MethodInputs
    results: dict[str, MethodResult]
    labels: dict[str, str]
    notes: dict[str, str]
    runs: dict[str, RunSpec] = field(default_factory=dict)


def run_all(selection: Scope) -> Comparison:
    """Run every compared method on the selection (raises only if the inputs themselves cannot be built)."""
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
            notes[label] = exc.message
            continue
        labels[run.key] = label
        runs[run.key] = run
    return Comparison(inputs=inputs, results=results, labels=labels, notes=notes, runs=runs)


def _run(selection: Scope, run: RunSpec) -> MethodResult:
    assumptions = assumption_state.load(selection, run.measure)
    return cached.result_for(run.method, selection.dataset, selection.segment, assumptions)
