"""Recomputing a valuation's exhibits: from a saved record, or from a dataset and a spec.

A saved valuation is an immutable snapshot (data hash, segment, measure, assumptions,
results). Its exhibits (triangle, link ratios, averages, selected factors, tail, each
method, the selection, uncertainty) are not stored: they are recomputed from the saved
dataset bytes and mapping with the saved assumptions, so the workbook, the report and
the working papers show exactly what the engine gives on that data. The recomputed
selected total is checked against the stored one (`Exhibits.matches_stored`), so an
exhibit produced by a different engine version says so instead of silently differing.

What a valuation is (its spec, its ``assumptions`` and ``results`` JSON) is defined in
`reserving.valuation`; this module only recomputes and exports it. "All segments" valued
as the sum of the segments recomputes every segment with its own assumptions and adds them
up; the triangle, link ratios and factors shown are those of the summed triangle, for
reference.
"""

from __future__ import annotations

import io
import math
import platform
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import metadata
from typing import TYPE_CHECKING, Any

import pandas as pd

import reserving
from reserving import stats
from reserving.dataset import Dataset, segment_label
from reserving.errors import InputError, ReservingError
from reserving.grains import period_label
from reserving.ingest import load_bytes
from reserving.mapping import ColumnMapping
from reserving.methods.development import factor_table
from reserving.methods.inputs import MethodInputs
from reserving.methods.registry import run_method
from reserving.methods.results import MethodResult
from reserving.methods.stacked import prepare_segments
from reserving.methods.tails import tail_factor
from reserving.retrospection.booking import booking_json
from reserving.valuation import (
    MeasureRun,
    ValuationResults,
    ValuationSpec,
    check_spec,
    combine,
    implied_run,
    in_every,
    make_spec,
    parts_of,
    run_key,
    run_methods,
    segment_results,
    spec_from_json,
    spec_from_record,
    sum_results,
)
from reserving.valuation import assumptions_json as valuation_assumptions_json

if TYPE_CHECKING:
    from reserving.methods.bootstrap import Progress
    from reserving.storage import DatasetRecord, Repository, ValuationRecord

SELECTED_FIELDS = ("origin", "latest", "ultimate", "ibnr", "std_err", "method", "reason")
TOTAL_FIELDS = ("latest", "ultimate", "ibnr", "std_err")
MATCH_TOLERANCE = 1e-9
"""Relative difference of the recomputed and stored selected ultimate still taken as equal."""

__all__ = [
    "MATCH_TOLERANCE",
    "SELECTED_FIELDS",
    "Exhibits",
    "MeasureRun",
    "ValuationReport",
    "ValuationSpec",
    "canonical_csv",
    "compute_exhibits",
    "dataset_from_bytes",
    "implied_run",
    "load_valuation_report",
    "make_spec",
    "results_json",
    "run_key",
    "spec_from_json",
    "spec_from_record",
    "valuation_assumptions_json",
]


@dataclass(frozen=True, eq=False)
class Exhibits:
    """The recomputed exhibits of one valuation.

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
        Each method that ran (added up over the segments of a sum).
    failed : dict of str to str
        Methods that could not run here, with the reason (a method lacking premium, say).
    selected : DataFrame
        `SELECTED_FIELDS` per origin: the valuation.
    selected_total : dict
        Totals of the selection (``std_err`` only when one stochastic method is selected
        throughout one triangle).
    mack : MethodResult or None
        Mack's result for the uncertainty exhibit (run for it when not among the methods;
        None for a sum of segments, which has no joint model).
    stored_total : float or None
        The selected ultimate stored with the valuation.
    parts : tuple of Exhibits
        Each segment's own exhibits when the valuation is the sum of the segments.
    valuation : ValuationResults or None
        The results in the valuation schema (what `results_json` returns).
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
    parts: tuple[Exhibits, ...] = ()
    valuation: ValuationResults | None = None

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


def _display(dataset: Dataset, spec: ValuationSpec, inputs: Any) -> dict[str, Any]:
    """Triangle, link ratios, averages, selected factors and tail of the triangle `spec` develops."""
    grain = dataset.origin_grain
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        triangle = stats.cumulative_grid(inputs.triangle, grain)
        tailed = inputs.developed(spec.assumptions)  # the fit every method of the set shares
        return {
            "triangle": triangle,
            "link_ratios": stats.link_ratio_grid(inputs.triangle, grain),
            "averages": stats.average_factors(inputs.triangle, grain),
            "factors": factor_table(tailed),
            "tail": tail_factor(tailed, triangle.shape[1] - 1),
        }


def compute_exhibits(
    dataset: Dataset,
    spec: ValuationSpec,
    progress: Progress | None = None,
    stored_total: float | None = None,
) -> Exhibits:
    """Run every method of `spec` on its segment (or on each segment of a sum) and build the exhibits.

    Raises
    ------
    ReservingError
        When a method the selection uses cannot run (other methods that cannot run are
        listed in `Exhibits.failed` instead, so one missing premium does not stop a valuation).
    """
    check_spec(spec, dataset)
    parts = parts_of(spec, dataset)
    if len(parts) > 1:
        return _sum_exhibits(dataset, spec, parts, progress, stored_total)
    inputs, results, failed = run_methods(dataset, spec, progress)
    mack = results.get("mack")
    if mack is None:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                mack = run_method("mack", inputs, spec.assumptions)
        except ReservingError:
            mack = None
    selection = spec.assumptions.selection
    booking = booking_json(dataset, spec.measure, spec.segment, spec.assumptions, mack=mack)
    part = segment_results(spec.segment, results, selection, failed=failed, booking=booking)
    valuation = combine(
        [part], measure=spec.measure, method=spec.selected, segment=spec.segment, aggregate=spec.aggregate
    )
    return _exhibits(dataset, spec, inputs, results, failed, valuation=valuation, stored_total=stored_total, mack=mack)


def _sum_exhibits(
    dataset: Dataset,
    spec: ValuationSpec,
    parts: list[ValuationSpec],
    progress: Progress | None,
    stored_total: float | None,
) -> Exhibits:
    """Exhibits of "All segments" valued as the sum of the segments, each with its own assumptions."""
    prepare_segments(dataset, spec.measure, [part.segment for part in parts])
    own = [compute_exhibits(dataset, part, progress) for part in parts]
    results = {name: sum_results([ex.results[name] for ex in own]) for name in in_every([ex.results for ex in own])}
    failed = {
        name: "; ".join(f"{ex.segment_label}: {ex.failed[name]}" for ex in own if name in ex.failed)
        for name in dict.fromkeys(n for ex in own for n in ex.failed)
    }
    inputs = MethodInputs.from_dataset(dataset, spec.measure, ())
    try:
        booking = booking_json(dataset, spec.measure, (), spec.assumptions)
    except ReservingError:
        booking = {}
    segments = [ex.valuation.segments[0] for ex in own if ex.valuation is not None]
    valuation = combine(
        segments, measure=spec.measure, method=spec.selected, segment=(), aggregate=spec.aggregate, booking=booking
    )
    return _exhibits(dataset, spec, inputs, results, failed, valuation=valuation, stored_total=stored_total, parts=own)


def _exhibits(
    dataset: Dataset,
    spec: ValuationSpec,
    inputs: Any,
    results: dict[str, MethodResult],
    failed: dict[str, str],
    *,
    valuation: ValuationResults,
    stored_total: float | None,
    mack: MethodResult | None = None,
    parts: Sequence[Exhibits] = (),
) -> Exhibits:
    """Exhibits of one segment or of a sum: the selection shown is always the valuation's own.

    One segment's valuation holds that segment's selection as it is (`combine` of one part),
    so both paths read the selected figures from `valuation` and cannot drift apart.
    """
    return Exhibits(
        spec=spec,
        dataset=dataset,
        **_display(dataset, spec, inputs),
        results=results,
        failed=failed,
        selected=valuation.selected.frame()[list(SELECTED_FIELDS)],
        selected_total=valuation.total.to_dict(),
        mack=mack,
        stored_total=stored_total,
        parts=tuple(parts),
        valuation=valuation,
    )


def results_json(exhibits: Exhibits) -> dict[str, Any]:
    """Return the ``results`` JSON saved with a valuation (`reserving.valuation.ValuationResults.to_dict`)."""
    if exhibits.valuation is not None:
        return exhibits.valuation.to_dict()
    spec = exhibits.spec  # pragma: no cover - every Exhibits built here carries its valuation
    part = segment_results(spec.segment, exhibits.results, spec.assumptions.selection, failed=exhibits.failed)
    return combine([part], measure=spec.measure, method=spec.selected, segment=spec.segment).to_dict()


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
    stored = ValuationResults.from_dict(record.results if isinstance(record.results, Mapping) else {}).total.ultimate
    exhibits = compute_exhibits(dataset, spec, stored_total=stored)
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
