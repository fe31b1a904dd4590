"""Saving the session's work to the database and opening saved work again.

The database keeps a dataset as file bytes plus the mapping that reads them, so that any
later session (or an export) rebuilds exactly the same numbers:

- an upload is saved as its own bytes and mapping; an upload whose premium came from a
  separate file is saved as a canonical CSV (`reserving.reports.valuation_run.canonical_csv`),
  because one dataset holds one file;
- a bundled sample is saved as its canonical CSV with the sample id recorded in the saved
  mapping (key ``sample``, ignored when the mapping is read), so reopening it selects the
  sample itself again.

Assumptions are saved per segment and measure as `SegmentAssumptions.to_dict()`. A valuation
stores the Selection page's result for the current segment in the valuation schema
(`reserving.valuation`: `assumptions_json` of its spec and `ValuationResults`), built by
`components.analysis.method_runs.valuation` from the same results the pages show: under
"All segments" the sum of the segments (each with its own assumptions, all saved with it)
or the summed triangle, as the session chose. Chain ladder on the other of paid / incurred
(``chainladder_paid``) is declared as a run on that measure with that measure's assumptions,
and the data's valuation date, the selected pattern, Mack's s.e. and paid by origin are
stored so that a later retrospective analysis uses it as booked
(`reserving.retrospection.booking`). Reopening restores the dataset and the latest saved
assumptions of each segment and measure into this session's state.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import streamlit as st

from components.analysis import assumption_state, method_runs
from components.core import cached, state
from components.core.scope import Scope
from components.data.upload import mapping_json
from reserving.assumptions import SegmentAssumptions
from reserving.dataset import Dataset, SegmentKey, segment_key
from reserving.mapping import ColumnMapping
from reserving.methods.registry import METHODS
from reserving.reports.valuation_run import canonical_csv
from reserving.retrospection import booking_json
from reserving.storage import (
    AssumptionSetRecord,
    DatasetRecord,
    Repository,
    ValuationRecord,
    dataset_content_hash,
)
from reserving.storage.workflow import EDITABLE
from reserving.valuation import (
    SUM,
    MeasureRun,
    ValuationResults,
    ValuationSpec,
    assumptions_json,
    combine,
    company_spec,
    make_spec,
    segment_results,
    single_assumptions_json,
    spec_from_record,
)

SAMPLE_KEY = "sample"
"""Key of the saved mapping that names the bundled sample a dataset was saved from."""


@dataclass(frozen=True)
class SavedSource:
    """What is saved for the current dataset: a name, the file bytes and name, the mapping."""

    name: str
    data: bytes
    file_name: str
    mapping: dict[str, Any]

    @property
    def content_hash(self) -> str:
        """The repository's hash of these bytes and mapping (the dataset's id in the database)."""
        return dataset_content_hash(self.data, self.mapping)


@st.cache_data(max_entries=8, show_spinner=False)
def _sample_source(sample_id: str) -> SavedSource:
    """Return a sample as canonical CSV bytes (built once per sample: the larger samples take a moment)."""
    dataset = cached.sample_dataset(sample_id)
    data, mapping = canonical_csv(dataset)
    return SavedSource(dataset.name, data, f"{sample_id}.csv", {**mapping.to_dict(), SAMPLE_KEY: sample_id})


@st.cache_data(max_entries=8, show_spinner=False)
def _canonical_source(content_hash: str, name: str, _dataset: Dataset) -> SavedSource:
    data, mapping = canonical_csv(_dataset)
    stem = name.rsplit(".", 1)[0] or "data"
    return SavedSource(name, data, f"{stem}.csv", mapping.to_dict())


def source_of(selection: Scope) -> SavedSource:
    """Return what saving the selection's dataset stores (see the module docstring)."""
    ref = selection.ref
    if ref.kind == "sample":
        return _sample_source(ref.id)
    record = state.upload(ref.id)
    if record is None or record.premium is not None:
        return _canonical_source(selection.dataset.content_hash, selection.dataset.name, selection.dataset)
    return SavedSource(record.file.name, record.file.data, record.file.name, json.loads(record.mapping_json))


def segment_dict(segment: SegmentKey) -> dict[str, str]:
    """Return a segment key as the repository stores it (``{}`` for all segments)."""
    return dict(segment)


# ------------------------------------------------------------------- saving
def save_dataset(repo: Repository, selection: Scope, user: str) -> DatasetRecord:
    """Save the selection's dataset (idempotent: the same content returns the first save)."""
    source = source_of(selection)
    return repo.save_dataset(source.name, source.data, user=user, mapping=source.mapping, file_name=source.file_name)


def stored_assumptions(selection: Scope) -> dict[tuple[SegmentKey, str], SegmentAssumptions]:
    """Every segment and measure of the selection's dataset that has assumptions in this session."""
    dataset = selection.dataset
    found: dict[tuple[SegmentKey, str], SegmentAssumptions] = {}
    for segment in [(), *dataset.segment_keys()]:
        for measure in dataset.measures:
            key = assumption_state.assumptions_key(dataset.content_hash, segment, measure)
            if state.assumptions_data(key) is not None:
                slot = assumption_state.Slot(key, measure, has_premium=dataset.has_premium)
                found[(segment, measure)] = slot.load()
    current = assumption_state.slot_of(selection)
    found.setdefault((selection.segment, selection.measure), current.load())
    return found


def save_assumptions(
    repo: Repository, selection: Scope, user: str, reason: str | None = None
) -> list[AssumptionSetRecord]:
    """Save the dataset and the assumptions of every segment and measure edited in this session."""
    dataset = save_dataset(repo, selection, user)
    return [
        repo.save_assumptions(
            dataset.content_hash, segment_dict(segment), measure, assumptions.to_dict(), user=user, reason=reason
        )
        for (segment, measure), assumptions in stored_assumptions(selection).items()
    ]


def valuation_payload(
    results: Mapping[str, Any],
    notes: Mapping[str, str],
    assumptions: SegmentAssumptions,
    measure: str,
    segment: SegmentKey,
    *,
    runs: Mapping[str, MeasureRun] | None = None,
    booking: Mapping[str, Any] | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(assumptions JSON, results JSON) of a valuation of one triangle, from compared method results.

    Both in the valuation schema (`reserving.valuation`), so exports recompute the same
    figures. `runs` declares the results computed on another measure (``chainladder_paid``)
    with that measure's assumptions; `booking` (`reserving.retrospection.booking_json`) is
    stored with the results for a later retrospective analysis.
    """
    declared = {key: run for key, run in (runs or {}).items() if key in results}
    methods = [key for key in results if key in METHODS or key in declared]
    part = segment_results(segment, results, assumptions.selection, failed=notes, booking=booking)
    valued = combine([part], measure=measure, method=assumptions.selection.default_method, segment=segment)
    return single_assumptions_json(assumptions, methods, list(declared.values())), valued.to_dict()


def other_measure_runs(selection: Scope, comparison: method_runs.Comparison) -> dict[str, MeasureRun]:
    """Return the compared runs on another measure than the analysed one, each with that measure's assumptions."""
    return {
        key: MeasureRun(key, run.method, run.measure, assumption_state.load(selection, run.measure))
        for key, run in comparison.runs.items()
        if run.measure != selection.measure
    }


def booking_of(selection: Scope, comparison: method_runs.Comparison, assumptions: SegmentAssumptions) -> dict[str, Any]:
    """Return what a saved valuation stores for later retrospection (date, pattern, Mack s.e., paid by origin).

    Mack's result of the comparison is reused when it ran on the analysed triangle, so saving
    costs only the pattern (read from the development fit the methods already share). For a
    sum of segments the booking is that of the summed triangle.
    """
    run = comparison.runs.get("mack")
    mack = comparison.results.get("mack") if run is not None and run.measure == selection.measure else None
    if comparison.parts:
        mack = None
    return booking_json(selection.dataset, selection.measure, selection.segment, assumptions, mack=mack)


def valuation_spec(selection: Scope, comparison: method_runs.Comparison) -> ValuationSpec:
    """Return the spec of the selection's valuation: its methods, assumptions and runs, and each segment's for a sum."""
    assumptions = assumption_state.load(selection)
    runs = other_measure_runs(selection, comparison)
    methods = [key for key in comparison.results if key in METHODS or key in runs]
    if comparison.parts:
        return company_spec(
            selection.measure,
            [part.segment for part, _ in comparison.parts],
            methods,
            assumptions,
            aggregate=SUM,
            segment_assumptions={part.segment: assumption_state.load(part) for part, _ in comparison.parts},
            runs=list(runs.values()),
            segment_runs={part.segment: list(other_measure_runs(part, own).values()) for part, own in comparison.parts},
        )
    return make_spec(
        selection.measure,
        selection.segment,
        methods,
        assumptions.selection.default_method,
        assumptions,
        runs=list(runs.values()),
        aggregate=method_runs.aggregate(selection),
    )


def valuation_of(selection: Scope) -> tuple[ValuationSpec, ValuationResults]:
    """Return the selection's valuation as saved: its spec and its results (with the booking), as the pages show it."""
    comparison = method_runs.run_all(selection)
    spec = valuation_spec(selection, comparison)
    valued = method_runs.valuation(selection, comparison)
    booking = booking_of(selection, comparison, assumption_state.load(selection))
    return spec, replace(valued, booking={**dict(valued.booking), **booking})


def editable_valuations(repo: Repository, dataset_hash: str, selection: Scope) -> list[ValuationRecord]:
    """Drafts and returned valuations of this dataset, segment and measure (they can be saved into)."""
    found = repo.list_valuations(dataset_hash, segment_dict(selection.segment), selection.measure)
    return [record for record in found if record.status in {status.value for status in EDITABLE}]


def save_valuation(
    repo: Repository,
    selection: Scope,
    user: str,
    *,
    into: int | None = None,
    reason: str | None = None,
) -> ValuationRecord:
    """Save the Selection page's result as a new draft valuation, or into the editable valuation `into`.

    The dataset and the assumptions are saved with it, so the valuation can be reopened.
    """
    spec, valued = valuation_of(selection)
    saved_assumptions, saved_results = assumptions_json(spec), valued.to_dict()
    saved = save_assumptions(repo, selection, user, reason)
    dataset_hash = saved[0].dataset_hash
    current = next(
        (r for r in saved if r.measure == selection.measure and r.segment == segment_dict(selection.segment)), None
    )
    if into is not None:
        return repo.update_draft(into, user=user, assumptions=saved_assumptions, results=saved_results, reason=reason)
    return repo.create_valuation(
        dataset_hash,
        segment_dict(selection.segment),
        selection.measure,
        saved_assumptions,
        saved_results,
        user=user,
        assumption_set_id=current.id if current else None,
        reason=reason,
    )


# ------------------------------------------------------------------- reopening
def _open_dataset(record: DatasetRecord) -> Dataset:
    """Make a saved dataset current in this session and return it as the app builds it."""
    sample_id = record.mapping.get(SAMPLE_KEY)
    if sample_id and any(info.id == sample_id for info in cached.sample_list()):
        state.select_dataset(state.DatasetRef("sample", str(sample_id)))
        return cached.sample_dataset(str(sample_id))
    mapping = ColumnMapping.from_dict(record.mapping)
    blob = state.FileBlob.of(record.file_name or f"{record.name}.csv", record.source or b"")
    premium_sheet = mapping.premium_source if mapping.premium_source and blob.name.endswith(".xlsx") else None
    upload = state.UploadRecord.of(blob, mapping_json(mapping), None, premium_sheet)
    dataset = cached.upload_dataset(upload)
    state.accept_upload(upload)
    return dataset


def _restore(dataset: Dataset, segment: Any, measure: str, assumptions: Any) -> SegmentKey:
    key = segment_key(segment if isinstance(segment, Mapping) else None)
    slot_key = assumption_state.assumptions_key(dataset.content_hash, key, measure)
    slot = assumption_state.Slot(slot_key, measure, has_premium=dataset.has_premium)
    slot.save(SegmentAssumptions.from_dict({**dict(assumptions or {}), "measure": measure}))
    return key


def _focus(segment: SegmentKey, measure: str) -> None:
    """Show the restored segment and measure, with every assumption widget seeded afresh."""
    state.set_segment(segment)
    state.set_measure(measure)
    for prefix in assumption_state.WIDGET_PREFIXES:
        assumption_state.reset_widgets(prefix)


def reopen_dataset(repo: Repository, dataset_hash: str) -> int:
    """Open a saved dataset with the latest saved assumptions of each segment and measure; return how many."""
    record = repo.get_dataset(dataset_hash)
    dataset = _open_dataset(record)
    latest: dict[tuple[str, str], AssumptionSetRecord] = {}
    for saved in repo.assumption_history(record.content_hash):
        latest[(json.dumps(saved.segment, sort_keys=True), saved.measure)] = saved  # oldest first: newest wins
    newest = None
    for saved in latest.values():
        key = _restore(dataset, saved.segment, saved.measure, saved.assumptions)
        if newest is None or saved.id > newest[0]:
            newest = (saved.id, key, saved.measure)
    if newest is not None:
        _focus(newest[1], newest[2])
    return len(latest)


def reopen_valuation(repo: Repository, valuation_id: int) -> ValuationRecord:
    """Open a valuation's dataset with the valuation's own assumptions, on its segment and measure."""
    valuation = repo.get_valuation(valuation_id)
    dataset = _open_dataset(repo.get_dataset(valuation.data_hash))
    saved = valuation.assumptions if isinstance(valuation.assumptions, Mapping) else {}
    for entry in saved.get("segments") or []:  # each segment of a sum, with its own assumptions
        if isinstance(entry, Mapping):
            _restore(dataset, entry.get("segment"), valuation.measure, entry)
    key = _restore(dataset, valuation.segment, valuation.measure, valuation.assumptions)
    if not key:
        state.set_aggregate(spec_from_record(valuation).aggregate)
        state.forget_widgets([state.SIDEBAR_AGGREGATE])
    _focus(key, valuation.measure)
    return valuation
