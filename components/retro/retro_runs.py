"""The retrospective analyses for the current selection, segment by segment, from the caches.

A segment is valued with its own assumptions (what the actuary set for it, or the
defaults), so "All segments" runs every segment separately and adds the results up with
the sums of `reserving.retrospection` (`combine`, `sum_valuations`) and `reserving.valuation.sums`
(the analysis of change); a single segment is one run, and so is "All segments" valued as
the summed triangle. Every per-segment piece comes from
`components.retro.retro_cached`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TypeVar

import numpy as np
import pandas as pd

from components.analysis import assumption_state
from components.core import state
from components.core.scope import Scope, segment_text
from components.i18n.catalogue import t
from components.retro import retro_cached
from components.retro.retro_views import loss_ratio_frame
from reserving.assumptions import SegmentAssumptions
from reserving.dataset import Dataset, SegmentKey
from reserving.errors import InputError, ReservingError
from reserving.methods.stacked import prepare_segments
from reserving.retrospection import (
    AveResult,
    ChangeResult,
    DeviationResult,
    PriorValuation,
    SegmentValuation,
    deviation_from_bookings,
    deviation_from_valuations,
)
from reserving.retrospection.ave import combine
from reserving.retrospection.deviation import sum_valuations
from reserving.valuation import SUM, SUMMED_TRIANGLE, ValuationResults
from reserving.valuation.sums import sum_changes

R = TypeVar("R")

ASSUMPTION_CHOICES = ("current", "defaults")
"""Which assumptions rebuild a prior: the segment's current ones or the defaults of the measure."""


def iso(date: pd.Timestamp) -> str:
    """Return a date as the ``YYYY-MM-DD`` text the caches are keyed by."""
    return pd.Timestamp(date).strftime("%Y-%m-%d")


def parts(selection: Scope) -> list[Scope]:
    """Return the selection itself, or one selection per segment when it is "All segments" of segmented data.

    "All segments" valued as the summed triangle (the sidebar's choice, `components.core.state.aggregate`)
    is the selection itself, with the assumptions set under "All segments".
    """
    keys = selection.dataset.segment_keys()
    if selection.segment or not keys or state.aggregate() == SUMMED_TRIANGLE:
        return [selection]
    # every segment is about to be valued: build their inputs in one pass (a no-op once built)
    prepare_segments(selection.dataset, selection.measure, keys)
    return [replace(selection, segment=key) for key in keys]


def assumptions_of(selection: Scope, choice: str = "current") -> SegmentAssumptions:
    """Return the segment's current assumptions, or the defaults of its measure."""
    slot = assumption_state.slot_of(selection)
    return slot.defaults() if choice == "defaults" else slot.load()


@dataclass(frozen=True, eq=False)
class SegmentRuns:
    """Results per segment (label, key, result), their total, and the segments left out of it.

    ``skipped`` holds (segment label, reason) for each segment of "All segments" that could
    not be valued at one of the dates (a line that started after the prior date, say); the
    total is then the sum of the other segments, and the pages say so.
    """

    segments: list[tuple[str, SegmentKey, object]]
    total: object
    skipped: tuple[tuple[str, str], ...] = ()

    @property
    def several(self) -> bool:
        """Whether the total sums several segments (so a per-segment table is worth showing)."""
        return len(self.segments) > 1


def each_part(
    selection: Scope, when: str, run: Callable[[Scope], R]
) -> tuple[list[tuple[str, SegmentKey, R]], tuple[tuple[str, str], ...]]:
    """Run `run` on every part of the selection; return the results and the parts that failed.

    One segment that cannot be valued as known at `when` (too young, not yet written) must
    not blank the analysis of all the others, so under "All segments" it is left out with
    its reason. When nothing is left, or the selection is a single part, the error is
    raised again with the segment and the date, which the bare engine message lacks.
    """
    results: list[tuple[str, SegmentKey, R]] = []
    skipped: list[tuple[str, str]] = []
    messages: list[str] = []
    for part in parts(selection):
        label = segment_text(part.segment)
        try:
            results.append((label, part.segment, run(part)))
        except ReservingError as exc:
            messages.append(exc.message)
            if part.segment:
                reason = t("retro.part_failed", segment=label, when=when, message=exc.message)
            else:
                reason = t("retro.date_failed", when=when, message=exc.message)
            skipped.append((label, reason))
    if not results:
        raise InputError(_none_valued(selection, when, messages))
    return results, tuple(skipped)


def _none_valued(selection: Scope, when: str, messages: list[str]) -> str:
    """Word the error when no part could be valued: once when every part failed alike, else part by part."""
    if len(set(messages)) == 1 and len(messages) > 1:
        return t("retro.date_failed", when=when, message=messages[0])
    reasons = " ".join(
        t("retro.part_failed", segment=segment_text(part.segment), when=when, message=message)
        if part.segment
        else t("retro.date_failed", when=when, message=message)
        for part, message in zip(parts(selection), messages, strict=True)
    )
    return f"{reasons} {t('retro.later_date')}" if selection.segment else reasons


# --------------------------------------------------------------------------- actual vs expected
def ave_prior(selection: Scope, as_of: pd.Timestamp, choice: str) -> PriorValuation:
    """Return the prior of one segment rebuilt by cutting the data back to `as_of` (cached)."""
    data = selection.dataset
    assumptions = assumptions_of(selection, choice)
    return retro_cached.prior_cut(
        data.content_hash, selection.measure, selection.segment, iso(as_of), assumptions.dumps(), data
    )


def ave_run(
    selection: Scope,
    as_of: pd.Timestamp,
    to: pd.Timestamp,
    k: float,
    *,
    choice: str = "current",
    saved: tuple[str, PriorValuation] | None = None,
) -> SegmentRuns:
    """AvE of the selection against a prior rebuilt at `as_of`, or a saved one (token, prior) of its segment."""
    data = selection.dataset

    def one(part: Scope) -> AveResult:
        if saved is not None:
            token, prior = saved
        else:
            prior = ave_prior(part, as_of, choice)
            token = f"cut|{iso(as_of)}|{assumptions_of(part, choice).dumps()}"
        return retro_cached.ave_result(
            data.content_hash,
            part.measure,
            part.segment,
            prior_token=token,
            to=iso(to),
            k=float(k),
            _dataset=data,
            _prior=prior,
        )

    if saved is not None:
        results = [(segment_text(selection.segment), selection.segment, one(selection))]
        skipped: tuple[tuple[str, str], ...] = ()
    else:
        results, skipped = each_part(selection, iso(as_of), one)
    total = results[0][2] if len(results) == 1 else combine([r for _, _, r in results], k)
    return SegmentRuns(results, total, skipped)


# --------------------------------------------------------------------------- valuations and deviation
def valuations(selection: Scope, dates: list[pd.Timestamp]) -> list[SegmentValuation]:
    """One segment valued with its selection at each date, on the data as known then (cached)."""
    data = selection.dataset
    key = assumptions_of(selection).dumps()
    return [
        retro_cached.valuation_at(data.content_hash, selection.measure, selection.segment, iso(d), key, data)
        for d in dates
    ]


def deviation_run(
    selection: Scope,
    dates: list[pd.Timestamp],
    threshold: float,
    records: Mapping[tuple[str, str], Mapping[str, str]] | None = None,
) -> SegmentRuns:
    """Retrospective deviation over `dates`; `records` are keyed by (segment label, origin or ``total``)."""
    records = records or {}

    def one(part: Scope) -> tuple[list[SegmentValuation], DeviationResult]:
        label = segment_text(part.segment)
        own = {origin: rec for (seg, origin), rec in records.items() if seg == label}
        values = valuations(part, dates)
        return values, deviation_from_valuations(values, threshold, own)

    runs, skipped = each_part(selection, iso(min(dates)), one)
    results = [(label, key, result) for label, key, (_, result) in runs]
    if len(results) == 1:
        return SegmentRuns(results, results[0][2], skipped)
    label = segment_text(())
    own = {origin: rec for (seg, origin), rec in records.items() if seg == label}
    valued = [values for _, _, (values, _) in runs]
    summed = [sum_valuations([v[j] for v in valued]) for j in range(len(dates))]
    return SegmentRuns(results, deviation_from_valuations(summed, threshold, own), skipped)


def deviation_saved_run(
    selection: Scope,
    bookings: list[SegmentValuation],
    threshold: float,
    records: Mapping[tuple[str, str], Mapping[str, str]] | None = None,
) -> SegmentRuns:
    """Retrospective deviation of the selection's segment with saved valuations (as booked) as the originals.

    The earliest booking is the reserve at T0, later bookings the re-estimates as booked, and
    the current data valued with the segment's current assumptions the last re-estimate
    (`reserving.retrospection.deviation_from_bookings`). Saved valuations are of one segment,
    so "All segments" is the saved valuations of the total, not a sum of segments.
    """
    current = valuations(selection, [selection.dataset.valuation_date])[0]
    label = segment_text(selection.segment)
    own = {origin: rec for (seg, origin), rec in (records or {}).items() if seg == label}
    result = deviation_from_bookings(bookings, current, threshold, own)
    return SegmentRuns([(label, selection.segment, result)], result)


# --------------------------------------------------------------------------- analysis of change
@dataclass(frozen=True, eq=False)
class ChangePrior:
    """The prior side of an analysis of change: its data, date and assumptions.

    Attributes
    ----------
    dataset : Dataset
        The prior data (a saved dataset, a sample, or the current data to be cut back).
    date : pandas.Timestamp
        Prior valuation date.
    choice : str
        ``current``, ``defaults`` or ``upload``.
    uploaded : SegmentAssumptions or None
        The uploaded assumptions (for every segment) when `choice` is ``upload``.
    """

    dataset: Dataset
    date: pd.Timestamp
    choice: str = "current"
    uploaded: SegmentAssumptions | None = None


def prior_assumptions(part: Scope, prior: ChangePrior) -> SegmentAssumptions:
    """Return the prior assumptions of one segment."""
    if prior.choice == "upload" and prior.uploaded is not None:
        return replace(prior.uploaded, measure=part.measure)
    return assumptions_of(part, "defaults" if prior.choice == "defaults" else "current")


def change_run(selection: Scope, prior: ChangePrior, basis: str) -> SegmentRuns:
    """Analysis of change of the selection from `prior` to the current data and assumptions."""
    current = selection.dataset

    def one(part: Scope) -> ChangeResult:
        return retro_cached.change_result(
            prior.dataset.content_hash,
            current.content_hash,
            part.measure,
            part.segment,
            prior_json=prior_assumptions(part, prior).dumps(),
            current_json=assumptions_of(part).dumps(),
            basis=basis,
            prior_date=iso(prior.date),
            _prior=prior.dataset,
            _current=current,
        )

    results, skipped = each_part(selection, iso(prior.date), one)
    total = sum_changes([r for _, _, r in results])
    return SegmentRuns(results, total, skipped)


# --------------------------------------------------------------------------- overview
def premium_by_label(dataset: Dataset, valuation: SegmentValuation, segment: SegmentKey) -> pd.Series:
    """Premium per origin label of `valuation` (NaN where the data has none)."""
    if not dataset.has_premium:
        return pd.Series(np.nan, index=valuation.origins["origin"])
    premium = dataset.premium_by_origin(segment)
    starts = pd.to_datetime(valuation.origins["start"])
    return pd.Series(premium.reindex(starts).to_numpy(dtype=float), index=valuation.origins["origin"])


def labelled(selection: Scope) -> list[tuple[str, Scope]]:
    """Each part of the selection (see `parts`) with its segment label."""
    return [(segment_text(part.segment), part) for part in parts(selection)]


def segment_ibnr(part: Scope, dates: list[pd.Timestamp]) -> tuple[float, ...]:
    """Return the selected IBNR of one segment at each date (on the data as known then)."""
    return tuple(float(v.origins["ibnr"].sum()) for v in valuations(part, dates))


@dataclass(frozen=True, eq=False)
class BookedMovement:
    """The Overview's movement against a saved valuation's booked IBNR (nothing rebuilt).

    Attributes
    ----------
    rows : list of (label, booked IBNR, current IBNR)
        Each part of the current scope; the booked figure is NaN where the saved record has
        none for that segment (it valued one summed triangle, or not that segment).
    total : (booked IBNR, current IBNR)
        The booked total, NaN when the record's segments are not the current scope's.
    missing, extra : tuple of str
        Current segments the record has no figure for; segments of the record the current scope lacks.
    per_segment : bool
        Whether the record stores its segments (a sum of segments).
    aggregate : str
        How the record valued "All segments" (`reserving.valuation.aggregate`).
    """

    rows: list[tuple[str, float, float]]
    total: tuple[float, float]
    missing: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()
    per_segment: bool = True
    aggregate: str = SUM

    @property
    def matches(self) -> bool:
        """Whether every current segment has its booked figure and the record has no other."""
        return self.per_segment and not self.missing and not self.extra


def _figure(value: float | None) -> float:
    return float("nan") if value is None else float(value)


def booked_movement(results: Mapping[str, object], current: Mapping[SegmentKey, float]) -> BookedMovement:
    """Pair the selected IBNR of each current part (`current`, by segment key) with what `results` booked.

    One part (a single segment, or "All segments" as the summed triangle) moves against the
    record's booked total. Several parts (a sum of segments) move segment by segment against
    the record's own segments (``results`` of `ValuationResults`), and the total against its
    booked total only when the segments are the same; a record of one summed triangle books
    no segment, so only its total moves.
    """
    saved = ValuationResults.from_dict(results)
    booked_total = _figure(saved.total.ibnr)
    now_total = float(sum(current.values()))
    keys = list(current)
    if len(keys) == 1:
        rows = [(segment_text(keys[0]), booked_total, now_total)]
        return BookedMovement(rows, (booked_total, now_total), aggregate=saved.aggregate)
    if len(saved.segments) < 2:
        rows = [(segment_text(k), float("nan"), float(current[k])) for k in keys]
        return BookedMovement(rows, (booked_total, now_total), per_segment=False, aggregate=saved.aggregate)
    by_key = {part.segment: _figure(part.selected.total.ibnr) for part in saved.segments}
    rows = [(segment_text(k), by_key.get(k, float("nan")), float(current[k])) for k in keys]
    missing = tuple(segment_text(k) for k in keys if k not in by_key)
    extra = tuple(segment_text(k) for k in by_key if k not in current)
    total = booked_total if not missing and not extra else float("nan")
    return BookedMovement(rows, (total, now_total), missing, extra, aggregate=saved.aggregate)


def current_ibnr(selection: Scope) -> tuple[dict[SegmentKey, float], tuple[tuple[str, str], ...]]:
    """Return the selected IBNR of each part of the selection on the current data, and the parts that failed."""
    now = selection.dataset.valuation_date
    runs, skipped = each_part(selection, iso(now), lambda part: segment_ibnr(part, [now])[0])
    return {key: value for _, key, value in runs}, skipped


def loss_ratios(selection: Scope) -> pd.DataFrame:
    """Return the selected ultimate, premium and loss ratio by origin of the selection (segments summed)."""
    current = [valuations(part, [selection.dataset.valuation_date])[0] for part in parts(selection)]
    summed = current[0] if len(current) == 1 else sum_valuations(current)
    premium = premium_by_label(selection.dataset, summed, selection.segment)
    return loss_ratio_frame(summed.column("ultimate"), premium)
