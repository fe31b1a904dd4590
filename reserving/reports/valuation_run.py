"""Recomputing a valuation's exhibits: from a saved record, or from a dataset and a spec.

A saved valuation is an immutable snapshot (data hash, segment, measure, assumptions,
results). Its exhibits (triangle, link ratios, averages, selected factors, tail, each
method, the selection, uncertainty) are not stored: they are recomputed from the saved
dataset bytes and mapping with the saved assumptions, so the workbook, the report and
the working papers show exactly what the engine gives on that data. The recomputed
selected total is checked against the stored one (`Exhibits.matches_stored`), so an
exhibit produced by a different engine version says so instead of silently differing.

What a valuation's ``assumptions`` JSON holds (written by `valuation_assumptions_json`)::

    {**SegmentAssumptions.to_dict(), "method": "<selected>", "methods": ["chainladder", ...],
     "runs": {"chainladder_paid": {"method": "chainladder", "measure": "paid", "assumptions": {...}}}}

``runs`` (only present when used) declares results computed by a registered method on
another measure of the same data, under their own key: the app's Methods page compares
chain ladder on the other of paid / incurred (`run_key`), and a selection may use it for
some origins. Each run carries the assumptions of its own measure, so it recomputes exactly;
a record that names such a key without declaring it (saved before runs were stored) is read
with that measure's default assumptions, and `Exhibits.matches_stored` says if that differs.

and its ``results`` JSON (written by `results_json`) follows the ``estimate`` command's
layout for one segment, plus every method's own figures::

    {"measure", "method", "segment", "origins": [{"origin", "latest", "ultimate", "ibnr",
     "std_err", "method", "reason"}], "total": {"latest", "ultimate", "ibnr", "std_err"},
     "methods": {name: {"origins": [...], "total": {...}}}, "failed": {name: message},
     "valuation_date", "pattern", "mack_std_err", "reserve_basis", "paid"}

The last five are what a later retrospective analysis needs to use the valuation as booked
(its date, selected CDFs by age, Mack's s.e., paid by origin); see
`reserving.retrospection.booking`. Results saved before they existed lack them.
"""

from __future__ import annotations

import io
import math
import platform
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from importlib import metadata
from typing import TYPE_CHECKING, Any

import pandas as pd

import reserving
from reserving import stats
from reserving.assumptions import SegmentAssumptions, Selection
from reserving.commands.estimate import _result_json
from reserving.dataset import Dataset, SegmentKey, segment_key, segment_label
from reserving.errors import AssumptionError, InputError, MethodDataError, ReservingError
from reserving.grains import period_label
from reserving.ingest import load_bytes
from reserving.mapping import ColumnMapping
from reserving.methods.development import factor_table
from reserving.methods.inputs import MethodInputs
from reserving.methods.registry import METHODS, run_method
from reserving.methods.results import MethodResult
from reserving.methods.selection import select
from reserving.methods.tails import tail_factor
from reserving.retrospection.booking import booking_json

if TYPE_CHECKING:
    from reserving.methods.bootstrap import Progress
    from reserving.storage import DatasetRecord, Repository, ValuationRecord

SELECTED_FIELDS = ("origin", "latest", "ultimate", "ibnr", "std_err", "method", "reason")
TOTAL_FIELDS = ("latest", "ultimate", "ibnr", "std_err")
MATCH_TOLERANCE = 1e-9
"""Relative difference of the recomputed and stored selected ultimate still taken as equal."""


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
            raise AssumptionError(f"run '{self.key}': unknown method '{self.method}'; methods are {', '.join(METHODS)}")
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
    """Everything that defines one valuation of one segment besides the data.

    Attributes
    ----------
    measure : str
        Measure whose ultimates are estimated.
    segment : SegmentKey
        The segment valued (``()`` for an unsegmented dataset).
    methods : tuple of str
        Methods run and shown side by side.
    assumptions : SegmentAssumptions
        Assumptions; ``assumptions.selection`` says which method (or blend) is selected per origin.
    runs : tuple of MeasureRun
        Methods run on another measure; their keys are among `methods`.
    """

    measure: str
    segment: SegmentKey
    methods: tuple[str, ...]
    assumptions: SegmentAssumptions
    runs: tuple[MeasureRun, ...] = ()

    def __post_init__(self) -> None:
        keys = {run.key for run in self.runs}
        unknown = [m for m in self.methods if m not in METHODS and m not in keys]
        if unknown:
            raise AssumptionError(f"unknown method(s) {unknown}; methods are {', '.join(METHODS)}")
        if not self.methods:
            raise AssumptionError("a valuation needs at least one method")
        needed = self.selection_methods
        missing = [m for m in needed if m not in self.methods]
        if missing:
            raise AssumptionError(f"the selection uses {missing}, which are not among the methods run {self.methods}")

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
        names = [self.selected]
        for _, weights, _ in self.assumptions.selection.by_origin:
            names.extend(m for m, _ in weights if m not in names)
        return tuple(names)


def make_spec(
    measure: str,
    segment: Mapping[str, str] | SegmentKey | None,
    methods: tuple[str, ...] | list[str],
    selected: str,
    assumptions: SegmentAssumptions,
    *,
    runs: tuple[MeasureRun, ...] | list[MeasureRun] = (),
) -> ValuationSpec:
    """Build a spec whose selection defaults to `selected` (per-origin choices in `assumptions` are kept).

    The keys of `runs` (methods on another measure) are added to the methods run.
    """
    selection = replace(assumptions.selection, default_method=selected)
    runs = tuple({run.key: run for run in runs}.values())
    methods = tuple(dict.fromkeys([*methods, *(run.key for run in runs)]))
    return ValuationSpec(
        measure=measure,
        segment=segment_key(segment),
        methods=methods,
        assumptions=replace(assumptions, measure=measure, selection=selection),
        runs=runs,
    )


def valuation_assumptions_json(spec: ValuationSpec) -> dict[str, Any]:
    """Return the ``assumptions`` JSON saved with a valuation (see the module docstring)."""
    saved = {**spec.assumptions.to_dict(), "method": spec.selected, "methods": list(spec.methods)}
    if spec.runs:
        saved["runs"] = {run.key: run.to_json() for run in spec.runs}
    return saved


def spec_from_json(measure: str, segment: Mapping[str, str] | None, saved: Mapping[str, Any]) -> ValuationSpec:
    """Rebuild a spec from a valuation's assumptions JSON (what ``assumptions.json`` of the working papers holds).

    Tolerant of JSON that names only one method, and of run keys (``chainladder_paid``) that
    are used but not declared under ``runs`` (read with that measure's default assumptions).
    """
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
    return make_spec(measure, segment or {}, spec_methods, assumptions.selection.default_method, assumptions, runs=runs)


def spec_from_record(record: ValuationRecord) -> ValuationSpec:
    """Rebuild the spec of a saved valuation (see `spec_from_json`)."""
    saved = dict(record.assumptions) if isinstance(record.assumptions, Mapping) else {}
    if record.method:
        saved["method"] = record.method
    segment = record.segment if isinstance(record.segment, Mapping) else {}
    return spec_from_json(record.measure, segment, saved)


def _selection_names(selection: Selection) -> list[str]:
    return [m for _, weights, _ in selection.by_origin for m, _ in weights]


@dataclass(frozen=True, eq=False)
class Exhibits:
    """The recomputed exhibits of one valuation of one segment.

    Attributes
    ----------
    spec : ValuationSpec
    dataset : Dataset
        The data valued (all segments; `spec.segment` picks one).
    triangle : DataFrame
        Cumulative values, origin labels down, ages (months) across.
    link_ratios : DataFrame
        Age-to-age factors of each origin (columns '12-24' ...).
    averages : DataFrame
        The usual averages of the link ratios, one row per average.
    factors : DataFrame
        Selected factors: ``age``, ``link``, ``ldf``, ``cdf`` (tail rows included).
    tail : float
        Product of the factors beyond the last observed age (1.0 without a tail).
    results : dict of str to MethodResult
        Each method that ran.
    failed : dict of str to str
        Methods that could not run here, with the reason (a method lacking premium, say).
    selected : DataFrame
        `SELECTED_FIELDS` per origin: the valuation.
    selected_total : dict
        Totals of the selection (``std_err`` only when one stochastic method is selected throughout).
    mack : MethodResult or None
        Mack's result for the uncertainty exhibit (run for it when not among the methods).
    """

    spec: ValuationSpec
    dataset: Dataset
    triangle: pd.DataFrame
    link_ratios: pd.DataFrame
    averages: pd.DataFrame
    factors: pd.DataFrame
    tail: float
    results: dict[str, MethodResult]
    failed: dict[str, str]
    selected: pd.DataFrame
    selected_total: dict[str, Any]
    mack: MethodResult | None = None
    stored_total: float | None = None

    @property
    def bootstrap(self) -> MethodResult | None:
        """The bootstrap result, when the bootstrap was among the methods."""
        return self.results.get("bootstrap")

    @property
    def segment_label(self) -> str:
        """Readable segment ('company=X, line=Y' or 'All segments')."""
        return segment_label(self.spec.segment)

    @property
    def matches_stored(self) -> bool | None:
        """Whether the recomputed selected ultimate equals the stored one (None when nothing is stored)."""
        if self.stored_total is None:
            return None
        now = float(self.selected_total["ultimate"])
        return math.isclose(now, self.stored_total, rel_tol=MATCH_TOLERANCE, abs_tol=MATCH_TOLERANCE)


def compute_exhibits(
    dataset: Dataset,
    spec: ValuationSpec,
    progress: Progress | None = None,
    stored_total: float | None = None,
) -> Exhibits:
    """Run every method of `spec` on its segment and build the exhibits.

    Raises
    ------
    ReservingError
        When a method the selection uses cannot run (other methods that cannot run are
        listed in `Exhibits.failed` instead, so one missing premium does not stop a valuation).
    """
    if spec.measure not in dataset.measures:
        raise InputError(f"unknown measure '{spec.measure}'; the data has {list(dataset.measures)}")
    if spec.segment:
        dataset.rows(spec.segment)  # an unknown segment raises InputError naming it
    inputs = MethodInputs.from_dataset(dataset, spec.measure, spec.segment)
    assumptions = spec.assumptions
    grain = dataset.origin_grain
    results: dict[str, MethodResult] = {}
    failed: dict[str, str] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        triangle = stats.cumulative_grid(inputs.triangle, grain)
        link_ratios = stats.link_ratio_grid(inputs.triangle, grain)
        averages = stats.average_factors(inputs.triangle, grain)
        tailed = inputs.developed(assumptions)  # the fit every method of the set shares
        factors = factor_table(tailed)
        tail = tail_factor(tailed, triangle.shape[1] - 1)
        for name in spec.methods:
            try:
                results[name] = _run(dataset, spec, name, inputs, progress)
            except (MethodDataError, AssumptionError) as exc:
                if name in spec.selection_methods:
                    raise type(exc)(f"{segment_label(spec.segment)}: {name}: {exc}") from exc
                failed[name] = str(exc)
        mack = results.get("mack")
        if mack is None:
            try:
                mack = run_method("mack", inputs, assumptions)
            except ReservingError:
                mack = None
    selected = _selected_frame(results, assumptions.selection)
    return Exhibits(
        spec=spec,
        dataset=dataset,
        triangle=triangle,
        link_ratios=link_ratios,
        averages=averages,
        factors=factors,
        tail=tail,
        results=results,
        failed=failed,
        selected=selected,
        selected_total=_selected_total(selected, results, assumptions.selection),
        mack=mack,
        stored_total=stored_total,
    )


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


def _single_method(weights: Mapping[str, float]) -> str | None:
    methods = [m for m, w in weights.items() if w > 0]
    return methods[0] if len(methods) == 1 else None


def _selected_frame(results: Mapping[str, MethodResult], selection: Selection) -> pd.DataFrame:
    frames = {name: result.origins for name, result in results.items()}
    chosen = select(frames, selection)
    std_err = []
    for row in chosen.itertuples(index=False):
        single = _single_method(row.weights)
        if single is None:
            std_err.append(math.nan)
            continue
        own = frames[single].set_index(frames[single]["origin"].astype(str))
        std_err.append(float(own.loc[row.origin, "std_err"]))
    chosen["std_err"] = std_err
    return chosen[list(SELECTED_FIELDS)]


def _selected_total(selected: pd.DataFrame, results: Mapping[str, MethodResult], selection: Selection) -> dict:
    total: dict[str, Any] = {
        "latest": float(selected["latest"].sum()),
        "ultimate": float(selected["ultimate"].sum()),
        "ibnr": float(selected["ibnr"].sum()),
        "std_err": None,
    }
    if not selection.by_origin and selection.default_method in results:
        value = results[selection.default_method].total.get("std_err", math.nan)
        total["std_err"] = float(value) if math.isfinite(value) else None
    return total


def results_json(exhibits: Exhibits) -> dict[str, Any]:
    """Return the ``results`` JSON saved with a valuation (see the module docstring)."""
    spec = exhibits.spec
    origins = [
        {name: _json_number(row[name]) for name in SELECTED_FIELDS} for row in exhibits.selected.to_dict("records")
    ]
    return {
        "measure": exhibits.spec.measure,
        "method": exhibits.spec.selected,
        "segment": dict(exhibits.spec.segment),
        "origins": origins,
        "total": dict(exhibits.selected_total),
        "methods": {name: _result_json(result, name) for name, result in exhibits.results.items()},
        "failed": dict(exhibits.failed),
        **booking_json(exhibits.dataset, spec.measure, spec.segment, spec.assumptions, mack=exhibits.mack),
    }


def _json_number(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


# --------------------------------------------------------------------- saved data
def dataset_from_bytes(source: bytes, file_name: str | None, mapping: ColumnMapping | Mapping[str, Any]) -> Dataset:
    """Read saved dataset bytes with their mapping, exactly as when the dataset was saved.

    Raises
    ------
    InputError
        When the bytes no longer read (the first validation error).
    """
    column_mapping = mapping if isinstance(mapping, ColumnMapping) else ColumnMapping.from_dict(dict(mapping))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        loaded = load_bytes(source, file_name or "data.csv", column_mapping)
    loaded.report.raise_if_errors()
    if loaded.dataset is None:  # pragma: no cover - raise_if_errors covers it
        raise InputError(f"the saved dataset {file_name!r} cannot be read")
    return loaded.dataset


def canonical_csv(dataset: Dataset) -> tuple[bytes, ColumnMapping]:
    """Return a long CSV of `dataset` and the mapping that reads it back to identical numbers.

    Used to save data that did not come from one file (a bundled sample, or premium from a
    separate file), so that a saved valuation always has source bytes to reproduce it from.
    Floats are written with Python's shortest round-trip repr, so nothing is lost.
    """
    frame = dataset.frame.copy()
    frame["origin"] = [period_label(pd.Timestamp(o), dataset.origin_grain) for o in frame["origin"]]
    frame["valuation"] = pd.to_datetime(frame["valuation"]).dt.strftime("%Y-%m-%d")
    premium = None
    if dataset.has_premium:
        prem = dataset.premium.copy()
        prem["origin"] = [period_label(pd.Timestamp(o), dataset.origin_grain) for o in prem["origin"]]
        premium = "premium"
        frame = frame.merge(prem, on=[*dataset.segments, "origin"], how="left")
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False)
    mapping = ColumnMapping(
        origin="origin",
        valuation="valuation",
        values=tuple((m, m) for m in dataset.measures),
        segments=tuple(dataset.segments),
        premium=premium,
        shape="long",
        origin_grain=dataset.origin_grain,
        development_grain=dataset.development_grain,
        encoding="utf-8",
    )
    return buffer.getvalue().encode("utf-8"), mapping


def versions(record: ValuationRecord | None = None) -> dict[str, str]:
    """Versions of this environment (which recomputed the exhibits) and those the valuation was saved with.

    Keys ``app``, ``chainladder``, ``pandas``, ``numpy``, ``python`` (and ``openpyxl``,
    ``plotly``) describe the environment producing the exports; ``saved_app`` and
    ``saved_chainladder`` are the versions stored with the valuation.
    """
    now = {
        "app": reserving.__version__,
        "chainladder": _version("chainladder"),
        "pandas": pd.__version__,
        "numpy": _version("numpy"),
        "python": platform.python_version(),
        "openpyxl": _version("openpyxl"),
        "plotly": _version("plotly"),
    }
    if record is not None:
        now.update({"saved_app": record.app_version, "saved_chainladder": record.chainladder_version})
    return now


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:  # pragma: no cover - installed with the app
        return "unknown"


@dataclass(frozen=True, eq=False)
class ValuationReport:
    """A saved valuation with everything an export needs.

    Attributes
    ----------
    record : ValuationRecord
    dataset_record : DatasetRecord
        The saved dataset, with its source bytes and mapping.
    exhibits : Exhibits
    audit : DataFrame
        Audit entries of the valuation (and of its dataset), oldest first.
    versions : dict
    extra_sheets : dict of str to DataFrame
        Further tables for the exports (actual vs expected, retrospective deviation,
        analysis of change ...), in order; each becomes a workbook sheet, a report
        section and a CSV in the working papers.
    """

    record: ValuationRecord
    dataset_record: DatasetRecord
    exhibits: Exhibits
    audit: pd.DataFrame
    versions: dict[str, str]
    extra_sheets: dict[str, pd.DataFrame] = field(default_factory=dict)

    def with_sheets(self, sheets: Mapping[str, pd.DataFrame]) -> ValuationReport:
        """Copy with more extra sheets (the hook for retrospection's AvE, retro and change tables)."""
        return replace(self, extra_sheets={**self.extra_sheets, **dict(sheets)})

    @property
    def title(self) -> str:
        """Title of the exports."""
        return f"Valuation {self.record.id}: {self.dataset_record.name}, {self.exhibits.segment_label}"


def load_valuation_report(
    repo: Repository,
    valuation_id: int,
    extra_sheets: Mapping[str, pd.DataFrame] | None = None,
) -> ValuationReport:
    """Read valuation `valuation_id`, its dataset and audit trail, and recompute its exhibits.

    Raises
    ------
    NotFoundError
        No such valuation (or its dataset is gone).
    """
    record = repo.get_valuation(valuation_id)
    dataset_record = repo.get_dataset(record.data_hash)
    dataset = dataset_from_bytes(dataset_record.source or b"", dataset_record.file_name, dataset_record.mapping)
    spec = spec_from_record(record)
    stored = record.results.get("total", {}).get("ultimate") if isinstance(record.results, Mapping) else None
    exhibits = compute_exhibits(dataset, spec, stored_total=float(stored) if stored is not None else None)
    audit = valuation_audit(repo, record)
    return ValuationReport(
        record=record,
        dataset_record=dataset_record,
        exhibits=exhibits,
        audit=audit,
        versions=versions(record),
        extra_sheets=dict(extra_sheets or {}),
    )


def valuation_audit(repo: Repository, record: ValuationRecord) -> pd.DataFrame:
    """Audit entries of the valuation, its parents and its dataset, oldest first."""
    frames = [repo.audit_log(object_type="dataset", object_id=record.data_hash)]
    current: ValuationRecord | None = record
    while current is not None:
        frames.append(repo.audit_log(object_type="valuation", object_id=current.id))
        current = repo.get_valuation(current.parent_id) if current.parent_id else None
    frames = [f for f in frames if not f.empty]
    if not frames:
        return repo.audit_log(object_type="valuation", object_id=record.id)
    return pd.concat(frames, ignore_index=True).sort_values("id").reset_index(drop=True)
