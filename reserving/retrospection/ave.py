"""Actual vs expected emergence (AvE) since a prior valuation.

For every origin of the prior valuation (made at ``t0``), the emergence expected by the
later date ``t1`` is

    E = IBNR_prior x (p(t1) - p(t0)) / (1 - p(t0)),      p = 1 / CDF of the prior pattern,

i.e. the share of the prior's unreported amount that the prior pattern says reports in
between. Ages between the pattern's ages are interpolated linearly in p (see
`reserving.retrospection.pattern`), so part periods (half a development year, a quarter of
a year on an annual pattern) get a proportional share. An origin at the end of the pattern
(CDF 1) has expected 0. The actual emergence is ``latest(t1) - latest(t0)`` of the current
data (restated values included). The same split is given by calendar period of the data's
development grain, and origins whose ``|A - E|`` exceeds ``k`` standard errors are flagged.

The standard error is Mack's s.e. of the **prior valuation's IBNR** per origin (the s.e. of
the whole outstanding development, not of one period's emergence), run on the prior data
with the prior's development and tail assumptions. It is larger than the s.e. of a single
period's emergence, so the flag is conservative: it marks departures that are large even
against the full uncertainty of the prior reserve.

The prior is a `PriorValuation` of plain inputs (per-origin IBNR, the CDF pattern, the
s.e.), so a saved valuation and one rebuilt by cutting the current data back
(`prior_from_cut`) are used the same way. Origins that started after ``t0`` (or that a
saved prior does not have) have no prior and are left out of the comparison, never silently:
`AveResult.left_out` lists each with the reason and its emergence to ``t1``, and
`AveResult.notes` says it in a sentence the page and the command line show.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from reserving.assumptions import SegmentAssumptions
from reserving.dataset import ORIGIN, VALUATION, Dataset, SegmentKey, segment_key, unknown_measure
from reserving.errors import InputError, ReservingError
from reserving.grains import GRAIN_MONTHS, age_months, grain_name, period_label
from reserving.methods.inputs import MethodInputs
from reserving.methods.stacked import prepare_segments
from reserving.retrospection.dates import calendar_label, calendar_period_ends, check_valuation
from reserving.retrospection.pattern import Pattern
from reserving.retrospection.valuation import chain_ladder_pattern, segment_inputs, value_inputs

STD_ERR_BASIS = "mack_std_err_of_prior_ibnr"
"""What the flag's standard error is (reported in the output so readers know)."""

ORIGIN_COLUMNS = (
    "origin",
    "age_from",
    "age_to",
    "ibnr_prior",
    "pct_from",
    "pct_to",
    "expected",
    "actual",
    "a_minus_e",
    "a_over_e",
    "std_err",
    "flag",
)
CALENDAR_COLUMNS = ("period", "period_end", "actual", "expected", "a_minus_e", "a_over_e")
LEFT_OUT_COLUMNS = ("origin", "reason", "actual")
"""An origin left out of the comparison, why (`LEFT_OUT_REASONS`), and its emergence to ``t1``."""
LEFT_OUT_REASONS = {
    "after_as_of": "start after the as-of date",
    "not_in_prior": "are not in the prior valuation",
}


@dataclass(frozen=True, eq=False)
class PriorValuation:
    """What AvE needs from a prior valuation of one segment, as plain inputs.

    Attributes
    ----------
    valuation_date : pandas.Timestamp
        The prior's valuation date ``t0``.
    ibnr : pandas.Series
        IBNR (ultimate - latest) per origin label.
    pattern : Pattern
        The prior's selected CDF pattern.
    std_err : pandas.Series or None
        Standard error of each origin's IBNR (for the flag); None or NaN = not flagged.
    total_std_err : float
        Standard error of the total IBNR (NaN when unknown).
    method : str
        Method (or ``selection``) that gave the IBNR.
    """

    valuation_date: pd.Timestamp
    ibnr: pd.Series
    pattern: Pattern
    std_err: pd.Series | None = None
    total_std_err: float = float("nan")
    method: str = "chainladder"


@dataclass(frozen=True, eq=False)
class AveResult:
    """AvE of one segment (or a sum of segments).

    Attributes
    ----------
    origins : pandas.DataFrame
        `ORIGIN_COLUMNS`, one row per prior origin.
    calendar : pandas.DataFrame
        `CALENDAR_COLUMNS`, one row per calendar period in (t0, t1].
    cells : pandas.DataFrame
        ``origin``, ``period``, ``actual``, ``expected``: the origin x calendar period detail.
    total : dict
        ``ibnr_prior``, ``expected``, ``actual``, ``a_minus_e``, ``a_over_e``, ``std_err``, ``flag``.
    left_out : pandas.DataFrame
        `LEFT_OUT_COLUMNS`: origins of the current data with no prior, so not compared.
    notes : tuple of str
        What the reader must know about the comparison (the origins left out, in words).
    as_of, to : pandas.Timestamp or None
        The prior's date ``t0`` and the later date ``t1``.
    """

    origins: pd.DataFrame
    calendar: pd.DataFrame
    cells: pd.DataFrame
    total: dict[str, Any] = field(default_factory=dict)
    left_out: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(LEFT_OUT_COLUMNS)))
    notes: tuple[str, ...] = ()
    as_of: pd.Timestamp | None = None
    to: pd.Timestamp | None = None


def ratio(numerator: float, denominator: float) -> float:
    """Return numerator / denominator, NaN when the denominator is 0 or missing."""
    if denominator is None or not np.isfinite(denominator) or abs(denominator) < 1e-12:
        return float("nan")
    return float(numerator) / float(denominator)


def at_pattern_grain(dataset: Dataset, grain: str, as_of: pd.Timestamp) -> Dataset:
    """Keep only the cells at ages that are multiples of a coarser development grain.

    Used when the prior's pattern is to be annual (say) on quarterly data. The grain must lie
    between the development and the origin grain, and ``as_of`` must end a period of it, so
    that every origin's latest value at ``as_of`` stays in.
    """
    months = GRAIN_MONTHS.get(grain)
    if months is None:
        raise InputError(f"pattern grain '{grain}' is not one of {', '.join(GRAIN_MONTHS)}")
    dev, org = GRAIN_MONTHS[dataset.development_grain], GRAIN_MONTHS[dataset.origin_grain]
    if not dev <= months <= org:
        raise InputError(
            f"pattern grain '{grain_name(grain)}' must lie between the development grain "
            f"({grain_name(dataset.development_grain)}) and the origin grain ({grain_name(dataset.origin_grain)})"
        )
    if months == dev:
        return dataset
    if age_months(dataset.origins[0], as_of) % months:
        raise InputError(f"as-of {as_of.date()} does not end a {grain_name(grain)} of development")
    ages = [age_months(o, v) for o, v in zip(dataset.frame[ORIGIN], dataset.frame[VALUATION], strict=True)]
    keep = np.asarray(ages) % months == 0
    return replace(
        dataset,
        frame=dataset.frame[keep].reset_index(drop=True),
        development_grain=grain,
        content_hash="",
        _triangles={},
    )


def prior_from_cut(
    dataset: Dataset,
    measure: str,
    as_of: pd.Timestamp,
    segment: SegmentKey | Mapping[str, str] | None = None,
    *,
    assumptions: SegmentAssumptions | None = None,
    method: str | None = "chainladder",
    pattern_grain: str | None = None,
) -> PriorValuation:
    """Rebuild the prior valuation by cutting `dataset` back to `as_of` and applying `assumptions`.

    The IBNR is `method`'s (the assumptions' selection when None), the pattern the selected
    chain-ladder factors and tail, the s.e. Mack's on the same cut data and assumptions.
    """
    assumptions = assumptions or SegmentAssumptions(measure=measure)
    key = segment_key(segment)
    cut = dataset.cut(as_of)
    if pattern_grain:
        cut = at_pattern_grain(cut, pattern_grain, as_of)
    inputs = segment_inputs(cut, measure, key)
    valuation = value_inputs(inputs, assumptions, method, as_of)
    std_err, total_se = _mack_std_err(inputs, assumptions)
    return PriorValuation(
        valuation_date=as_of,
        ibnr=valuation.column("ibnr"),
        pattern=chain_ladder_pattern(inputs, assumptions, GRAIN_MONTHS[cut.development_grain]),
        std_err=std_err,
        total_std_err=total_se,
        method=valuation.method,
    )


def _mack_std_err(inputs: MethodInputs, assumptions: SegmentAssumptions) -> tuple[pd.Series | None, float]:
    from reserving.methods.registry import run_method  # noqa: PLC0415 - keeps this module's import light

    try:
        result = run_method("mack", inputs, assumptions)
    except ReservingError:
        return None, float("nan")
    return result.origins.set_index("origin")["std_err"], float(result.total["std_err"])


def _cells(dataset: Dataset, measure: str, key: SegmentKey) -> pd.DataFrame:
    rows = dataset.rows(key)
    cells = rows.groupby([ORIGIN, VALUATION])[measure].sum(min_count=1).dropna()
    return cells.unstack(VALUATION).sort_index(axis=1)


def _latest_at(grid: pd.DataFrame, date: pd.Timestamp) -> pd.Series:
    """Latest cumulative value per origin at or before `date` (0 before the first value)."""
    cols = [c for c in grid.columns if c <= date]
    if not cols:
        return pd.Series(0.0, index=grid.index)
    return grid[cols].ffill(axis=1).iloc[:, -1].fillna(0.0)


def actual_vs_expected(
    dataset: Dataset,
    measure: str,
    prior: PriorValuation,
    *,
    to: pd.Timestamp | None = None,
    segment: SegmentKey | Mapping[str, str] | None = None,
    k: float = 1.0,
) -> AveResult:
    """Compare the emergence since `prior` in the current `dataset` with what the prior expected.

    Parameters
    ----------
    dataset : Dataset
        The current data (it must have diagonals at the prior's date and at `to`).
    measure : str
        Measure of the prior's IBNR (``paid``, ``incurred`` ...).
    prior : PriorValuation
        The prior valuation of the same segment.
    to : Timestamp, optional
        Later date ``t1``; the data's latest valuation by default.
    segment : segment key, optional
        Segment of the prior; all segments summed when empty.
    k : float
        Flag origins with ``|A - E| > k x s.e.``.
    """
    if k < 0:
        raise InputError(f"k must be >= 0, got {k}")
    t0 = check_valuation(dataset, pd.Timestamp(prior.valuation_date), "as-of")
    t1 = check_valuation(dataset, pd.Timestamp(to) if to is not None else dataset.valuation_date, "to")
    if t1 <= t0:
        raise InputError(f"to {t1.date()} must be after as-of {t0.date()}")
    key = segment_key(segment)
    grid = _cells(dataset, measure, key)
    labels = {period_label(o, dataset.origin_grain): pd.Timestamp(o) for o in grid.index}
    origins = [lab for lab in prior.ibnr.index if lab in labels and labels[lab] <= t0]
    if not origins:
        raise InputError(f"no origin periods at or before {t0.date()}")
    left_out = _left_out(grid, labels, set(origins), t0, t1)
    starts = pd.Series([labels[o] for o in origins], index=origins)
    grid = grid.loc[starts.to_numpy()]
    grid.index = origins
    ibnr = prior.ibnr.reindex(origins).astype(float).to_numpy()
    age0 = np.array([age_months(s, t0) for s in starts])
    p0 = prior.pattern.percent_reported(age0)
    unreported = 1.0 - p0
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(np.abs(unreported) > 1e-12, ibnr / unreported, 0.0)
    ends = calendar_period_ends(t0, t1, dataset.development_grain)
    cells = []
    previous, p_prev = _latest_at(grid, t0), p0
    for end in ends:
        current = _latest_at(grid, end)
        p_end = prior.pattern.percent_reported(np.array([age_months(s, end) for s in starts]))
        label = calendar_label(end, dataset.development_grain)
        for i, origin in enumerate(origins):
            cells.append(
                {
                    "origin": origin,
                    "period": label,
                    "period_end": end,
                    "actual": float(current.iloc[i] - previous.iloc[i]),
                    "expected": float(scale[i] * (p_end[i] - p_prev[i])),
                }
            )
        previous, p_prev = current, p_end
    detail = pd.DataFrame(cells, columns=["origin", "period", "period_end", "actual", "expected"])
    std_err = (
        prior.std_err.reindex(origins).astype(float).to_numpy()
        if prior.std_err is not None
        else np.full(len(origins), np.nan)
    )
    by_origin = detail.groupby("origin", sort=False)[["actual", "expected"]].sum()
    frame = pd.DataFrame(
        {
            "origin": origins,
            "age_from": age0,
            "age_to": [age_months(s, t1) for s in starts],
            "ibnr_prior": ibnr,
            "pct_from": p0,
            "pct_to": p_prev,
            "expected": by_origin["expected"].to_numpy(),
            "actual": by_origin["actual"].to_numpy(),
        }
    )
    return _finish(frame, std_err, detail, prior.total_std_err, k, left_out=left_out, t0=t0, t1=t1)


def _left_out(
    grid: pd.DataFrame, labels: Mapping[str, pd.Timestamp], compared: set[str], t0: pd.Timestamp, t1: pd.Timestamp
) -> pd.DataFrame:
    """Origins of the current data that are not compared: started after ``t0``, or absent from the prior."""
    rows = []
    for label, start in labels.items():
        if label in compared:
            continue
        values = grid.loc[start].dropna()
        actual = _latest_value(values, t1) - _latest_value(values, t0)
        rows.append({"origin": label, "reason": "after_as_of" if start > t0 else "not_in_prior", "actual": actual})
    return pd.DataFrame(rows, columns=list(LEFT_OUT_COLUMNS))


def _latest_value(values: pd.Series, date: pd.Timestamp) -> float:
    """Latest cumulative value of one origin at or before `date` (0 before its first value)."""
    kept = values[values.index <= date]
    return float(kept.iloc[-1]) if len(kept) else 0.0


def left_out_notes(left_out: pd.DataFrame, t0: pd.Timestamp, t1: pd.Timestamp) -> tuple[str, ...]:
    """One sentence per reason naming the origins left out and what emerged on them by ``t1``."""
    notes = []
    for reason, words in LEFT_OUT_REASONS.items():
        part = left_out[left_out["reason"] == reason]
        if part.empty:
            continue
        names = ", ".join(map(str, part["origin"]))
        notes.append(
            f"origin(s) {names} {words} ({t0.date()}) and have no prior: left out of actual vs expected;"
            f" their emergence to {t1.date()} is {float(part['actual'].sum()):,.2f}"
            if reason == "after_as_of"
            else f"origin(s) {names} {words}: left out of actual vs expected; their emergence to {t1.date()}"
            f" is {float(part['actual'].sum()):,.2f}"
        )
    return tuple(notes)


def _finish(
    frame: pd.DataFrame,
    std_err: np.ndarray,
    detail: pd.DataFrame,
    total_se: float,
    k: float,
    *,
    left_out: pd.DataFrame,
    t0: pd.Timestamp | None,
    t1: pd.Timestamp | None,
) -> AveResult:
    frame = frame.copy()
    frame["a_minus_e"] = frame["actual"] - frame["expected"]
    frame["a_over_e"] = [ratio(a, e) for a, e in zip(frame["actual"], frame["expected"], strict=True)]
    frame["std_err"] = std_err
    frame["flag"] = [bool(np.isfinite(s) and abs(d) > k * s) for d, s in zip(frame["a_minus_e"], std_err, strict=True)]
    calendar = detail.groupby(["period_end", "period"], as_index=False)[["actual", "expected"]].sum()
    calendar = calendar.sort_values("period_end").reset_index(drop=True)
    calendar["a_minus_e"] = calendar["actual"] - calendar["expected"]
    calendar["a_over_e"] = [ratio(a, e) for a, e in zip(calendar["actual"], calendar["expected"], strict=True)]
    actual, expected = float(frame["actual"].sum()), float(frame["expected"].sum())
    total = {
        "ibnr_prior": float(frame["ibnr_prior"].sum()),
        "expected": expected,
        "actual": actual,
        "a_minus_e": actual - expected,
        "a_over_e": ratio(actual, expected),
        "std_err": float(total_se),
        "flag": bool(np.isfinite(total_se) and abs(actual - expected) > k * total_se),
    }
    notes = left_out_notes(left_out, t0, t1) if t0 is not None and t1 is not None else ()
    return AveResult(
        frame[list(ORIGIN_COLUMNS)],
        calendar[list(CALENDAR_COLUMNS)],
        detail,
        total,
        left_out=left_out,
        notes=notes,
        as_of=t0,
        to=t1,
    )


def combine(results: list[AveResult], k: float = 1.0) -> AveResult:
    """Sum AvE results of several segments by origin and calendar period (no s.e.: segments are not independent)."""
    if not results:
        raise InputError("no AvE results to combine")
    frames = pd.concat([r.origins for r in results], ignore_index=True)
    order = list(dict.fromkeys(frames["origin"]))
    summed = frames.groupby("origin", sort=False)[["ibnr_prior", "expected", "actual"]].sum().reindex(order)
    first = frames.groupby("origin", sort=False)[["age_from", "age_to"]].first().reindex(order)
    frame = pd.concat([first, summed], axis=1).reset_index()
    frame["pct_from"] = np.nan  # percentages differ by segment: no single value for a sum
    frame["pct_to"] = np.nan
    detail = pd.concat([r.cells for r in results], ignore_index=True)
    detail = detail.groupby(["origin", "period", "period_end"], sort=False, as_index=False)[
        ["actual", "expected"]
    ].sum()
    left_out = pd.concat([r.left_out for r in results if not r.left_out.empty], ignore_index=True)
    if left_out.empty:
        left_out = pd.DataFrame(columns=list(LEFT_OUT_COLUMNS))
    else:
        left_out = left_out.groupby(["origin", "reason"], sort=False, as_index=False)["actual"].sum()
    t0 = min((r.as_of for r in results if r.as_of is not None), default=None)
    t1 = max((r.to for r in results if r.to is not None), default=None)
    return _finish(frame, np.full(len(frame), np.nan), detail, float("nan"), k, left_out=left_out, t0=t0, t1=t1)


@dataclass(frozen=True, eq=False)
class AveReport:
    """AvE of every segment and the total over segments."""

    measure: str
    method: str
    as_of: pd.Timestamp
    to: pd.Timestamp
    k: float
    segments: list[tuple[SegmentKey, AveResult]]
    total: AveResult


def ave_report(
    dataset: Dataset,
    measure: str,
    as_of: pd.Timestamp,
    *,
    to: pd.Timestamp | None = None,
    assumptions: SegmentAssumptions | None = None,
    method: str | None = "chainladder",
    k: float = 1.0,
    pattern_grain: str | None = None,
) -> AveReport:
    """AvE of every segment of `dataset` (or of the whole when unsegmented) against a prior rebuilt at `as_of`."""
    if measure not in dataset.measures:
        raise InputError(unknown_measure(measure, dataset.measures))
    as_of = check_valuation(dataset, pd.Timestamp(as_of), "as-of")
    to = check_valuation(dataset, pd.Timestamp(to) if to is not None else dataset.valuation_date, "to")
    if to <= as_of:
        raise InputError(f"to {to.date()} must be after as-of {as_of.date()}")
    assumptions = assumptions or SegmentAssumptions(measure=measure)
    results = []
    used = method or "selection"
    if not pattern_grain:
        prepare_segments(dataset.cut(as_of), measure, dataset.segment_keys())
    for key in dataset.segment_keys() or [()]:
        prior = prior_from_cut(
            dataset, measure, as_of, key, assumptions=assumptions, method=method, pattern_grain=pattern_grain
        )
        used = prior.method
        results.append((key, actual_vs_expected(dataset, measure, prior, to=to, segment=key, k=k)))
    total = results[0][1] if len(results) == 1 else combine([r for _, r in results], k)
    return AveReport(measure, used, as_of, to, k, results, total)
