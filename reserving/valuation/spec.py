"""What defines one valuation besides the data: measure, segment, methods, assumptions, aggregate.

A valuation's ``assumptions`` JSON (written by `assumptions_json`, read by `spec_from_json`)::

    {**SegmentAssumptions.to_dict(), "method": "<selected>", "methods": ["chainladder", ...],
     "runs": {"chainladder_paid": {"method": "chainladder", "measure": "paid", "assumptions": {...}}},
     "schema_version": 2, "aggregate": "sum" | "summed_triangle",
     "segments": [{"segment": {...}, **the same keys for that segment}]}

``runs`` (only present when used) declares results computed by a registered method on
another measure of the same data, under their own key (`run_key`): the app's Methods page
compares chain ladder on the other of paid / incurred, and a selection may use it for some
origins. Each run carries the assumptions of its own measure, so it recomputes exactly; a
record that names such a key without declaring it (saved before runs were stored) is read
with that measure's default assumptions.

``segments`` (only for "All segments" valued as the sum of the segments) holds each
segment's own assumptions, selection and runs: the total is the sum of those valuations.
A record without ``aggregate`` was saved before the choice existed: "All segments" was then
the summed triangle developed, so that is how it is read and recomputed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from reserving.assumptions import SegmentAssumptions, Selection
from reserving.dataset import SegmentKey, segment_key, segment_label
from reserving.errors import AssumptionError
from reserving.methods.registry import METHODS, methods_in_words
from reserving.valuation.aggregate import SUM, SUMMED_TRIANGLE, parse_aggregate

if TYPE_CHECKING:
    from reserving.storage import ValuationRecord

SCHEMA_VERSION = 2
"""Version of the valuation schema (assumptions and results JSON); records without one are version 1."""


def run_key(method: str, measure: str) -> str:
    """Key of `method` run on another `measure` than the one analysed (``chainladder_paid``)."""
    return f"{method}_{measure}"


@dataclass(frozen=True)
class MeasureRun:
    """A registered method run on another measure of the same data, under its own key.

    Attributes
    ----------
    key : str
        Name of its results and of its column in a selection (`run_key`); never a method name.
    method : str
        The registered method run.
    measure : str
        The measure it runs on.
    assumptions : SegmentAssumptions
        That measure's own assumptions (development, tail ... of its triangle).
    """

    key: str
    method: str
    measure: str
    assumptions: SegmentAssumptions

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise AssumptionError(f"run '{self.key}': unknown method '{self.method}'; {methods_in_words()}")
        if self.key in METHODS:
            raise AssumptionError(f"run '{self.key}': the key of a run on another measure cannot be a method name")
        if self.assumptions.measure != self.measure:
            object.__setattr__(self, "assumptions", replace(self.assumptions, measure=self.measure))

    def to_json(self) -> dict[str, Any]:
        """Return the run as saved under ``runs`` in a valuation's assumptions JSON."""
        return {"method": self.method, "measure": self.measure, "assumptions": self.assumptions.to_dict()}

    @classmethod
    def from_json(cls, key: str, data: Mapping[str, Any]) -> MeasureRun:
        """Read one entry of ``runs`` (see the module docstring)."""
        measure = str(data.get("measure") or "")
        saved = data.get("assumptions") if isinstance(data.get("assumptions"), Mapping) else {}
        assumptions = SegmentAssumptions.from_dict({**saved, "measure": measure})
        return cls(key=key, method=str(data.get("method") or ""), measure=measure, assumptions=assumptions)


def implied_run(key: str, measure: str) -> MeasureRun | None:
    """Return the run a key such as ``chainladder_paid`` names (default assumptions), or None."""
    for method in METHODS:
        prefix = f"{method}_"
        other = key[len(prefix) :] if key.startswith(prefix) else ""
        if other and other != measure:
            return MeasureRun(key, method, other, SegmentAssumptions(measure=other))
    return None


@dataclass(frozen=True)
class ValuationSpec:
    """Everything that defines one valuation besides the data.

    Attributes
    ----------
    measure : str
        Measure whose ultimates are estimated.
    segment : SegmentKey
        The segment valued (``()`` for "All segments" or an unsegmented dataset).
    methods : tuple of str
        Methods run and shown side by side.
    assumptions : SegmentAssumptions
        Assumptions; ``assumptions.selection`` says which method (or blend) is selected per origin.
        Under "All segments" valued as a sum they are those typed under "All segments".
    runs : tuple of MeasureRun
        Methods run on another measure; their keys are among `methods`.
    aggregate : str
        How "All segments" is valued (`reserving.valuation.aggregate`).
    parts : tuple of ValuationSpec
        For the sum of the segments: one single-segment spec per segment, each with its own
        assumptions; empty when the valuation develops one triangle (a segment, or the summed one).
    """

    measure: str
    segment: SegmentKey
    methods: tuple[str, ...]
    assumptions: SegmentAssumptions
    runs: tuple[MeasureRun, ...] = ()
    aggregate: str = SUM
    parts: tuple[ValuationSpec, ...] = ()

    def __post_init__(self) -> None:
        keys = {run.key for run in self.runs}
        unknown = [m for m in self.methods if m not in METHODS and m not in keys]
        if unknown:
            raise AssumptionError(f"unknown method(s) {', '.join(map(str, unknown))}; {methods_in_words()}")
        if not self.methods:
            raise AssumptionError("a valuation needs at least one method")
        needed = self.selection_methods
        missing = [m for m in needed if m not in self.methods]
        if missing:
            raise AssumptionError(f"the selection uses {missing}, which are not among the methods run {self.methods}")
        object.__setattr__(self, "aggregate", parse_aggregate(self.aggregate))

    def run(self, name: str) -> MeasureRun | None:
        """Return the run on another measure called `name` (None for a method on the analysed measure)."""
        return next((run for run in self.runs if run.key == name), None)

    def measure_of(self, name: str) -> str:
        """Return the measure the results called `name` were computed on."""
        run = self.run(name)
        return run.measure if run else self.measure

    @property
    def selected(self) -> str:
        """The default selected method (origins without their own selection use it)."""
        return self.assumptions.selection.default_method

    @property
    def selection_methods(self) -> tuple[str, ...]:
        """Every method the selection refers to, default first."""
        return (self.selected, *(m for m in _selection_names(self.assumptions.selection) if m != self.selected))

    @property
    def label(self) -> str:
        """Readable segment ('branch=X, line=Y' or 'All segments')."""
        return segment_label(self.segment)


def _selection_names(selection: Selection) -> list[str]:
    return list(dict.fromkeys(m for _, weights, _ in selection.by_origin for m, _ in weights))


def make_spec(
    measure: str,
    segment: Mapping[str, str] | SegmentKey | None,
    methods: Sequence[str],
    selected: str,
    assumptions: SegmentAssumptions,
    *,
    runs: Sequence[MeasureRun] = (),
    aggregate: str = SUM,
    parts: Sequence[ValuationSpec] = (),
) -> ValuationSpec:
    """Build a spec whose selection defaults to `selected` (per-origin choices in `assumptions` are kept).

    The keys of `runs` (methods on another measure) are added to the methods run.
    """
    selection = replace(assumptions.selection, default_method=selected)
    unique_runs = tuple({run.key: run for run in runs}.values())
    all_methods = tuple(dict.fromkeys([*methods, *(run.key for run in unique_runs)]))
    return ValuationSpec(
        measure=measure,
        segment=segment_key(segment),
        methods=all_methods,
        assumptions=replace(assumptions, measure=measure, selection=selection),
        runs=unique_runs,
        aggregate=aggregate,
        parts=tuple(parts),
    )


def company_spec(
    measure: str,
    segments: Sequence[SegmentKey],
    methods: Sequence[str],
    assumptions: SegmentAssumptions,
    *,
    aggregate: str = SUM,
    segment_assumptions: Mapping[SegmentKey, SegmentAssumptions] | None = None,
    runs: Sequence[MeasureRun] = (),
    segment_runs: Mapping[SegmentKey, Sequence[MeasureRun]] | None = None,
) -> ValuationSpec:
    """Spec of "All segments": the sum of the `segments` (each with its own assumptions) or the summed triangle.

    A segment missing from `segment_assumptions` takes `assumptions` (what was typed under
    "All segments"); its selected method is its own selection's default.
    """
    aggregate = parse_aggregate(aggregate)
    parts: list[ValuationSpec] = []
    if aggregate == SUM and len(segments) > 1:
        for key in segments:
            own = (segment_assumptions or {}).get(key, assumptions)
            own_runs = (segment_runs or {}).get(key, runs)
            parts.append(_own_spec(measure, key, methods, own, runs=own_runs))
    return _own_spec(measure, (), methods, assumptions, runs=runs, aggregate=aggregate, parts=parts)


def _own_spec(
    measure: str,
    segment: Mapping[str, str] | SegmentKey | None,
    methods: Sequence[str],
    assumptions: SegmentAssumptions,
    *,
    runs: Sequence[MeasureRun] = (),
    aggregate: str = SUM,
    parts: Sequence[ValuationSpec] = (),
) -> ValuationSpec:
    """Build a spec whose selected method is its own assumptions' default (a company spec, a saved one)."""
    return make_spec(
        measure,
        segment,
        methods,
        assumptions.selection.default_method,
        assumptions,
        runs=runs,
        aggregate=aggregate,
        parts=parts,
    )


def _one_json(
    assumptions: SegmentAssumptions, methods: Sequence[str], runs: Sequence[MeasureRun] = ()
) -> dict[str, Any]:
    saved = {**assumptions.to_dict(), "method": assumptions.selection.default_method, "methods": list(methods)}
    if runs:
        saved["runs"] = {run.key: run.to_json() for run in runs}
    return saved


def assumptions_json(spec: ValuationSpec) -> dict[str, Any]:
    """Return the ``assumptions`` JSON saved with a valuation (see the module docstring)."""
    saved = {
        **_one_json(spec.assumptions, spec.methods, spec.runs),
        "schema_version": SCHEMA_VERSION,
        "aggregate": spec.aggregate,
    }
    if spec.parts:
        saved["segments"] = [
            {"segment": dict(part.segment), **_one_json(part.assumptions, part.methods, part.runs)}
            for part in spec.parts
        ]
    return saved


def single_assumptions_json(
    assumptions: SegmentAssumptions, methods: Sequence[str], runs: Sequence[MeasureRun] = ()
) -> dict[str, Any]:
    """Return the ``assumptions`` JSON of a valuation of one triangle, without checking the selection against `methods`.

    For a selection that names a run on another measure (``chainladder_paid``) without its
    declaration: `spec_from_json` reads it back with that measure's default assumptions.
    """
    return {**_one_json(assumptions, methods, runs), "schema_version": SCHEMA_VERSION, "aggregate": SUM}


def _one_from_json(measure: str, segment: Mapping[str, str] | SegmentKey | None, saved: Mapping[str, Any]):
    assumptions = SegmentAssumptions.from_dict({**saved, "measure": measure})
    methods = [str(m) for m in saved.get("methods") or []]
    selected = str(saved.get("method") or "") or assumptions.selection.default_method
    if "selection" not in saved:
        assumptions = replace(assumptions, selection=Selection(default_method=selected))
    spec_methods = list(dict.fromkeys([*methods, selected, *_selection_names(assumptions.selection)]))
    declared = saved.get("runs") if isinstance(saved.get("runs"), Mapping) else {}
    runs = [MeasureRun.from_json(str(key), data) for key, data in declared.items() if isinstance(data, Mapping)]
    known = {run.key for run in runs}
    for name in spec_methods:
        implied = None if name in METHODS or name in known else implied_run(name, measure)
        if implied is not None:
            runs.append(implied)
    return assumptions, spec_methods, runs


def spec_from_json(
    measure: str, segment: Mapping[str, str] | SegmentKey | None, saved: Mapping[str, Any]
) -> ValuationSpec:
    """Rebuild a spec from a valuation's assumptions JSON (what ``assumptions.json`` of the working papers holds).

    Tolerant of JSON that names only one method, of run keys (``chainladder_paid``) that are
    used but not declared under ``runs`` (read with that measure's default assumptions), and
    of the layout before ``aggregate`` (read as the summed triangle, which is how it was valued).
    """
    assumptions, methods, runs = _one_from_json(measure, segment, saved)
    aggregate = parse_aggregate(saved.get("aggregate")) if "aggregate" in saved else SUMMED_TRIANGLE
    parts = []
    for entry in saved.get("segments") or []:
        if not isinstance(entry, Mapping):
            continue
        own, own_methods, own_runs = _one_from_json(measure, entry.get("segment"), entry)
        parts.append(_own_spec(measure, entry.get("segment") or {}, own_methods, own, runs=own_runs))
    return _own_spec(measure, segment or {}, methods, assumptions, runs=runs, aggregate=aggregate, parts=parts)


def spec_from_record(record: ValuationRecord) -> ValuationSpec:
    """Rebuild the spec of a saved valuation (see `spec_from_json`)."""
    saved = dict(record.assumptions) if isinstance(record.assumptions, Mapping) else {}
    if record.method:
        saved["method"] = record.method
    segment = record.segment if isinstance(record.segment, Mapping) else {}
    return spec_from_json(record.measure, segment, saved)
