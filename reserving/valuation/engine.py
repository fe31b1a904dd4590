"""Valuing a dataset from a spec: run the methods of every triangle valued and build the results.

Used by the command line and (through `reserving.reports.valuation_run`) by the exports and
the batch; the app runs the same methods through its caches and builds the results with
`reserving.valuation.compute`.
"""

from __future__ import annotations

import warnings
from dataclasses import replace
from typing import TYPE_CHECKING

from reserving.dataset import Dataset, SegmentKey, segment_label, unknown_measure
from reserving.errors import AssumptionError, InputError, MethodDataError, ReservingError
from reserving.methods.inputs import MethodInputs
from reserving.methods.registry import run_method
from reserving.methods.results import MethodResult
from reserving.methods.stacked import prepare_segments
from reserving.valuation.aggregate import SUM
from reserving.valuation.compute import combine, method_figures, segment_results
from reserving.valuation.schema import Figures, SegmentResults, ValuationResults
from reserving.valuation.spec import ValuationSpec, make_spec

if TYPE_CHECKING:
    from reserving.methods.bootstrap import Progress


def parts_of(spec: ValuationSpec, dataset: Dataset) -> list[ValuationSpec]:
    """Return the triangles `spec` values on `dataset`: its parts, or itself.

    A sum over "All segments" of segmented data without explicit parts values every segment
    with the spec's own assumptions (what the command line does with one set of options).
    """
    if spec.parts:
        return list(spec.parts)
    keys = dataset.segment_keys()
    if spec.segment or spec.aggregate != SUM or len(keys) < 2:
        return [spec]
    return [make_spec(spec.measure, key, spec.methods, spec.selected, spec.assumptions, runs=spec.runs) for key in keys]


def check_spec(spec: ValuationSpec, dataset: Dataset) -> None:
    """Refuse a measure or segment the data does not have, naming it.

    Raises
    ------
    InputError
    """
    if spec.measure not in dataset.measures:
        raise InputError(unknown_measure(spec.measure, list(dataset.measures)))
    if spec.segment:
        dataset.rows(spec.segment)  # an unknown segment raises InputError naming it


def run_methods(
    dataset: Dataset, spec: ValuationSpec, progress: Progress | None = None, *, name_errors: bool = True
) -> tuple[MethodInputs, dict[str, MethodResult], dict[str, str]]:
    """Run every method of a single-triangle `spec`; return its inputs, the results and what could not run.

    Raises
    ------
    ReservingError
        A method the selection uses cannot run (with `name_errors`, the message names the
        segment and the method).
    """
    inputs = MethodInputs.from_dataset(dataset, spec.measure, spec.segment)
    results: dict[str, MethodResult] = {}
    failed: dict[str, str] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in spec.methods:
            try:
                results[name] = _run(dataset, spec, name, inputs, progress)
            except (MethodDataError, AssumptionError) as exc:
                if name in spec.selection_methods:
                    if not name_errors:
                        raise
                    raise type(exc)(f"{segment_label(spec.segment)}: {name}: {exc}") from exc
                failed[name] = str(exc)
    return inputs, results, failed


def _run(
    dataset: Dataset, spec: ValuationSpec, name: str, inputs: MethodInputs, progress: Progress | None
) -> MethodResult:
    """Run the method called `name`: on the analysed measure's inputs, or a run on another measure on its own."""
    run = spec.run(name)
    if run is None:
        return run_method(name, inputs, spec.assumptions, progress if name == "bootstrap" else None)
    if run.measure not in dataset.measures:
        raise MethodDataError(f"the data has no measure '{run.measure}' (it has {', '.join(dataset.measures)})")
    other = MethodInputs.from_dataset(dataset, run.measure, spec.segment)
    return run_method(run.method, other, run.assumptions, progress if run.method == "bootstrap" else None)


def _one_method(part: ValuationSpec, results: dict[str, MethodResult]) -> Figures:
    """Return the method's own figures, marked as selected (a valuation running one method throughout)."""
    own = method_figures(results[part.selected])
    rows = tuple(replace(row, method=part.selected, reason="") for row in own.origins)
    return Figures(rows, own.total)


def value(dataset: Dataset, spec: ValuationSpec, progress: Progress | None = None) -> ValuationResults:
    """Value `dataset` as `spec` says: each triangle's methods and selection, added up for a sum of segments.

    One method selected throughout (the command line) keeps the method's own extras per
    origin (Mack's one-year s.e.); several methods are listed under ``methods``.

    Raises
    ------
    ReservingError
        Unknown measure or segment, or a selected method that cannot run; with several
        segments the message names the segment.
    """
    check_spec(spec, dataset)
    parts = parts_of(spec, dataset)
    keys: list[SegmentKey] = [part.segment for part in parts]
    if len(parts) > 1:
        prepare_segments(dataset, spec.measure, keys)
    valued: list[SegmentResults] = []
    for part in parts:
        try:
            _, results, failed = run_methods(dataset, part, progress, name_errors=False)
        except ReservingError as exc:
            if len(parts) == 1:
                raise
            raise type(exc)(f"segment {segment_label(part.segment)}: {exc.message}", exc.location) from exc
        single = len(part.methods) == 1 and not part.assumptions.selection.by_origin
        selection = part.assumptions.selection
        found = segment_results(part.segment, results, selection, failed=failed, keep_methods=not single)
        if single:
            found = replace(found, selected=_one_method(part, results))
        valued.append(found)
    return combine(valued, measure=spec.measure, method=spec.selected, segment=spec.segment, aggregate=spec.aggregate)
