"""Retrospective deviation (回溯分析): how the reserve held at T0 looks with what is known at T1, T2 ...

Per segment and per origin period that existed at the first valuation date T0::

    original     = reserve at T0                         (ultimate - paid, valued on the data cut at T0)
    paid_since   = paid(Tj) - paid(T0)                   (paid in (T0, Tj])
    reserve      = reserve at Tj                         (re-valued on the data cut at Tj)
    re_estimate  = paid_since + reserve
    deviation    = original - re_estimate                (> 0 redundancy 溢额, < 0 deficiency 不足)
    deviation_rate = deviation / original

The reserve is the unpaid amount ``ultimate - latest paid`` when the data has a paid triangle,
else ``ultimate - latest`` of the analysed measure (see `reserving.retrospection.valuation`).
Every later date is compared with T0 (the multi-year view keeps the original estimate fixed);
the flat per-origin fields describe the last date. Each valuation applies the same method and
assumptions to the data as known at its date, so the deviation measures how the data moved
the estimate. The triangle of estimates holds each origin's ultimate as seen at each date.
Origins and segment totals whose ``|deviation_rate|`` exceeds the threshold (default 5%) are
flagged (``flag_reason`` ``deficiency`` or ``redundancy``), and so are those held at a nil
reserve that later paid or reserved something (``nil_reserve``: no rate is defined on a nil
reserve, so ``deviation_rate`` is NaN there); ``cause`` and ``corrective_measure`` are
free-text records carried through for the retrospective analysis report (the app edits
them). With saved valuations as the original estimates (`deviation_from_bookings`), T0's
reserve and paid are the booked ones and the last re-estimate is the current data valued
with the current assumptions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from reserving.assumptions import SegmentAssumptions
from reserving.dataset import Dataset, SegmentKey, segment_key, unknown_measure
from reserving.errors import InputError
from reserving.methods.stacked import prepare_segments
from reserving.retrospection.dates import check_order, check_valuation
from reserving.retrospection.valuation import SegmentValuation, value_segment

DEFAULT_THRESHOLD = 0.05
RECORD_FIELDS = ("cause", "corrective_measure")
STEP_COLUMNS = (
    "original",
    "paid_since",
    "reserve",
    "re_estimate",
    "deviation",
    "deviation_rate",
    "flag",
    "flag_reason",
)
ORIGIN_COLUMNS = ("origin", *STEP_COLUMNS, *RECORD_FIELDS)

Records = Mapping[tuple[SegmentKey, str], Mapping[str, str]]
"""Cause and corrective-measure records keyed by (segment key, origin label; ``"total"`` for the line)."""


@dataclass(frozen=True, eq=False)
class DeviationResult:
    """Retrospective deviation of one segment (or of all summed).

    Attributes
    ----------
    valuations : list of Timestamp
        T0, T1, ... as analysed.
    origins : pandas.DataFrame
        `ORIGIN_COLUMNS` against the last date.
    by_valuation : pandas.DataFrame
        ``origin``, ``valuation`` and `STEP_COLUMNS`, one row per origin and later date.
    estimates : pandas.DataFrame
        Ultimate by origin (rows, every origin up to the last date) and valuation date
        (columns ``YYYY-MM-DD``); NaN before an origin existed.
    total : dict
        `STEP_COLUMNS` and the records for the segment's total, against the last date.
    total_by_valuation : list of dict
        ``valuation`` and `STEP_COLUMNS` of the total at every later date.
    """

    valuations: list[pd.Timestamp]
    origins: pd.DataFrame
    by_valuation: pd.DataFrame
    estimates: pd.DataFrame
    total: dict[str, Any]
    total_by_valuation: list[dict[str, Any]] = field(default_factory=list)


def check_valuations(dataset: Dataset, valuations: Sequence[pd.Timestamp]) -> list[pd.Timestamp]:
    """At least two increasing dates, each a valuation of the data."""
    dates = [pd.Timestamp(v) for v in valuations]
    if len(dates) < 2:
        raise InputError("retrospection needs at least two valuation dates (T0 and a later one)")
    dates = [check_valuation(dataset, d, "valuation") for d in dates]
    return check_order(dates, "valuations")


NIL_RESERVE = 1e-12
"""An original reserve at or below this (in absolute value) is nil: no deviation rate is defined on it."""
NIL_EMERGENCE = 0.5
"""Re-estimates on a nil reserve beyond this (half a currency unit; less is rounding) are flagged."""
FLAG_REASONS = ("deficiency", "redundancy", "nil_reserve")
"""Why a line is flagged: the rate beyond the threshold either way, or emergence on a nil reserve."""


def _step(original: np.ndarray, paid_since: np.ndarray, reserve: np.ndarray, threshold: float) -> dict[str, np.ndarray]:
    """One comparison of the original reserves with a later date's re-estimates, flags and their reasons.

    A nil original reserve has no deviation rate (NaN, shown as not defined): dividing by
    zero would give an infinite or meaningless figure. A line held at nil that later paid or
    reserved something is still flagged, with the reason ``nil_reserve``, rather than
    dropped from the flags because its rate cannot be computed.
    """
    re_estimate = paid_since + reserve
    deviation = original - re_estimate
    nil = np.isfinite(original) & (np.abs(original) <= NIL_RESERVE)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(nil | ~np.isfinite(original), np.nan, deviation / original)
    beyond = np.isfinite(rate) & (np.abs(np.nan_to_num(rate)) > threshold)
    emerged = nil & (np.abs(re_estimate) > NIL_EMERGENCE)
    reason = np.where(emerged, "nil_reserve", np.where(beyond, np.where(rate < 0, "deficiency", "redundancy"), ""))
    return {
        "original": original,
        "paid_since": paid_since,
        "reserve": reserve,
        "re_estimate": re_estimate,
        "deviation": deviation,
        "deviation_rate": rate,
        "flag": beyond | emerged,
        "flag_reason": reason.astype(str),
    }


def deviation_from_valuations(
    valuations: Sequence[SegmentValuation],
    threshold: float = DEFAULT_THRESHOLD,
    records: Mapping[str, Mapping[str, str]] | None = None,
) -> DeviationResult:
    """Compare the first valuation's reserves with the re-estimates of the later ones.

    Parameters
    ----------
    valuations : sequence of SegmentValuation
        The same segment valued at T0 < T1 < ... (each on the data as known then).
    threshold : float
        Flag where ``|deviation_rate| > threshold``.
    records : mapping of origin label (or ``"total"``) to {"cause", "corrective_measure"}
        Free-text records to carry into the result.
    """
    if threshold < 0:
        raise InputError(
            f"the deviation threshold must be 0 or more, as a fraction (0.05 flags a deviation above 5%); "
            f"got {threshold}: give a threshold of 0 or more"
        )
    first = valuations[0]
    origins = list(first.origins["origin"])
    if not origins:
        raise InputError(f"no origin periods at or before {first.valuation_date.date()}")
    original = first.column("reserve").to_numpy(dtype=float)
    paid0 = first.column("paid").to_numpy(dtype=float)
    records = records or {}
    rows, totals = [], []
    for later in valuations[1:]:
        paid = later.column("paid").reindex(origins).to_numpy(dtype=float)
        reserve = later.column("reserve").reindex(origins).to_numpy(dtype=float)
        if np.isnan(paid).any() or np.isnan(reserve).any():
            raise InputError(f"the valuation at {later.valuation_date.date()} lacks origins valued at T0")
        step = _step(original, paid - paid0, reserve, threshold)
        frame = pd.DataFrame({"origin": origins, "valuation": later.valuation_date, **step})
        rows.append(frame)
        summed = _step(
            np.array([original.sum()]), np.array([(paid - paid0).sum()]), np.array([reserve.sum()]), threshold
        )
        totals.append({"valuation": later.valuation_date, **{k: v[0].item() for k, v in summed.items()}})
    by_valuation = pd.concat(rows, ignore_index=True)
    last = rows[-1].drop(columns="valuation").copy()
    for name in RECORD_FIELDS:
        last[name] = [str(records.get(o, {}).get(name, "")) for o in origins]
    total = {k: v for k, v in totals[-1].items() if k != "valuation"}
    for name in RECORD_FIELDS:
        total[name] = str(records.get("total", {}).get(name, ""))
    return DeviationResult(
        valuations=[v.valuation_date for v in valuations],
        origins=last[list(ORIGIN_COLUMNS)].reset_index(drop=True),
        by_valuation=by_valuation,
        estimates=estimates_triangle(valuations),
        total=total,
        total_by_valuation=totals,
    )


def deviation_from_bookings(
    bookings: Sequence[SegmentValuation],
    current: SegmentValuation,
    threshold: float = DEFAULT_THRESHOLD,
    records: Mapping[str, Mapping[str, str]] | None = None,
) -> DeviationResult:
    """Deviation of booked reserves against the re-estimate on the current data.

    The earliest booking (a saved valuation as booked, see
    `reserving.retrospection.booking.valuation_from_booking`) is the original reserve at T0;
    later bookings are the re-estimates as booked at their dates; `current` (the current data
    valued with the current assumptions) is the last re-estimate and replaces a booking made
    at its own date. Paid since T0 is therefore measured from the paid *as booked* at T0, so
    a later restatement of a payment shows in the deviation, as it would in the books.

    Raises
    ------
    InputError
        No booking, a booking later than the current data, two bookings at one date, or
        bookings of another measure or reserve basis than `current`.
    """
    if not bookings:
        raise InputError("a deviation from saved valuations needs at least one saved valuation")
    ordered = sorted(bookings, key=lambda v: v.valuation_date)
    for booking in ordered:
        if booking.measure != current.measure or booking.reserve_basis != current.reserve_basis:
            raise InputError(
                f"the saved valuation at {booking.valuation_date.date()} is of {booking.measure} "
                f"(reserve net of {booking.reserve_basis}); the current one of {current.measure} "
                f"(net of {current.reserve_basis})"
            )
        if booking.valuation_date > current.valuation_date:
            raise InputError(
                f"the saved valuation at {booking.valuation_date.date()} is later than the current data "
                f"({current.valuation_date.date()})"
            )
    earlier = [b for b in ordered if b.valuation_date < current.valuation_date]
    if not earlier:
        raise InputError(f"no saved valuation is earlier than the current data ({current.valuation_date.date()})")
    check_order([b.valuation_date for b in earlier], "saved valuations")
    return deviation_from_valuations([*earlier, current], threshold, records)


def estimates_triangle(valuations: Sequence[SegmentValuation]) -> pd.DataFrame:
    """Ultimate by origin as seen at each valuation: origins down, dates (``YYYY-MM-DD``) across."""
    columns = {v.valuation_date.strftime("%Y-%m-%d"): v.column("ultimate") for v in valuations}
    grid = pd.DataFrame(columns)
    order = list(dict.fromkeys(o for v in valuations for o in v.origins["origin"]))
    grid = grid.reindex(order)
    grid.index.name = "origin"
    return grid


@dataclass(frozen=True, eq=False)
class DeviationReport:
    """Retrospective deviation of every segment and of the total over segments."""

    measure: str
    method: str
    threshold: float
    valuations: list[pd.Timestamp]
    reserve_basis: str
    segments: list[tuple[SegmentKey, DeviationResult]]
    total: DeviationResult


def retrospective_deviation(
    dataset: Dataset,
    measure: str,
    valuations: Sequence[pd.Timestamp],
    *,
    assumptions: SegmentAssumptions | None = None,
    method: str | None = "chainladder",
    threshold: float = DEFAULT_THRESHOLD,
    records: Records | None = None,
) -> DeviationReport:
    """Retrospective deviation of every segment of `dataset` over the valuation dates.

    Each date's valuation is rebuilt by cutting `dataset` back to it and applying `method`
    (the assumptions' selection when None) with `assumptions`. The total over segments sums
    the segment figures per origin.
    """
    if measure not in dataset.measures:
        raise InputError(unknown_measure(measure, dataset.measures))
    dates = check_valuations(dataset, valuations)
    assumptions = assumptions or SegmentAssumptions(measure=measure)
    cuts = [dataset.cut(d) for d in dates]
    for cut in cuts:
        prepare_segments(cut, measure, cut.segment_keys())
    records = records or {}
    per_segment = []
    all_valuations: list[list[SegmentValuation]] = []
    for raw_key in dataset.segment_keys() or [()]:
        key = segment_key(raw_key)
        valued = [value_segment(cut, measure, key, assumptions, method) for cut in cuts]
        own = {origin: rec for (seg, origin), rec in records.items() if segment_key(seg) == key}
        per_segment.append((key, deviation_from_valuations(valued, threshold, own)))
        all_valuations.append(valued)
    first = all_valuations[0][0]
    if len(per_segment) == 1:
        total = per_segment[0][1]
    else:
        summed = [sum_valuations([v[j] for v in all_valuations]) for j in range(len(dates))]
        own = {origin: rec for (seg, origin), rec in records.items() if segment_key(seg) == ()}
        total = deviation_from_valuations(summed, threshold, own)
    return DeviationReport(measure, first.method, threshold, dates, first.reserve_basis, per_segment, total)


def sum_valuations(valuations: Sequence[SegmentValuation]) -> SegmentValuation:
    """Valuations of several segments at one date summed per origin (the line total)."""
    frames = pd.concat([v.origins for v in valuations], ignore_index=True)
    order = list(dict.fromkeys(frames["origin"]))
    numeric = ["latest", "paid", "ultimate", "ibnr", "reserve"]
    summed = frames.groupby("origin", sort=False)[numeric].sum().reindex(order)
    starts = frames.groupby("origin", sort=False)["start"].first().reindex(order)
    frame = pd.concat([starts, summed], axis=1).reset_index()
    frame["std_err"] = np.nan
    first = valuations[0]
    return SegmentValuation(first.valuation_date, first.measure, first.method, frame, first.reserve_basis)
