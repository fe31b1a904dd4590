"""Method inputs for many segments at once, cut from one multi-index triangle.

Building a chainladder `Triangle` costs tens of milliseconds whatever its size, so a
dataset of hundreds of segments (branches x lines) spent most of a batch run, an
``estimate`` over every segment or an all-segments page just building inputs one segment
at a time. Here the whole dataset is built once as a multi-index triangle per measure and
each segment's triangle is cut from it.

A cut is only used where it is *the same triangle* the segment would get on its own:
chainladder lays a triangle's grid out from the earliest and latest origin and valuation
dates and infers its grains from the months present, so a segment whose data spans a
shorter range (a line written later, a branch closed earlier) or another grain would get a
different grid. Those segments are built one by one as before. The result is seeded into
the dataset's memo under the key `MethodInputs.from_dataset` uses, so every later caller
gets the same inputs whichever way they were built.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from reserving.dataset import ORIGIN, VALUATION, Dataset, SegmentKey, build_triangle, segment_key
from reserving.grains import period_label
from reserving.methods.inputs import MethodInputs

MIN_SEGMENTS = 3
"""Fewer segments than this are built one by one: the multi-index build would cost more."""

Signature = tuple[object, ...]


def prepare_segments(dataset: Dataset, measure: str, keys: Iterable[SegmentKey]) -> int:
    """Build the method inputs of `keys` (full segment keys) in one pass where possible.

    Returns how many segments were cut from the multi-index triangle; the others are left
    to `MethodInputs.from_dataset`, which builds them one by one when first asked.
    """
    wanted = [segment_key(key) for key in keys]
    pending = [key for key in wanted if key and not _memoised(dataset, measure, key)]
    if len(pending) < MIN_SEGMENTS or measure not in dataset.measures or not dataset.segments:
        return 0
    if any(len(key) != len(dataset.segments) for key in pending):
        return 0  # partial keys are sums over segments, not rows of the multi-index triangle
    columns = list(dataset.segments)
    measures = list(dataset.measures)
    frame = dataset.frame
    labels = pd.DataFrame({col: frame[col].astype(str).to_numpy(dtype=object) for col in columns})
    cells = pd.concat([labels, frame[[ORIGIN, VALUATION, *measures]].reset_index(drop=True)], axis=1)
    cells = cells.groupby([*columns, ORIGIN, VALUATION], as_index=False, sort=False)[measures].sum(min_count=1)
    cells = cells.dropna(subset=[measure])
    if cells.empty:
        return 0
    signatures = _signatures(cells, columns)
    overall = _signature(cells[ORIGIN], cells[VALUATION])
    alike = [key for key in pending if signatures.get(tuple(value for _, value in key)) == overall]
    if len(alike) < MIN_SEGMENTS:
        return 0
    chosen = {tuple(value for _, value in key) for key in alike}
    rows = [tuple(r) in chosen for r in cells[columns].itertuples(index=False, name=None)]
    multi = build_triangle(cells[rows], measures, index=columns)
    positions = {tuple(str(v) for v in row): i for i, row in enumerate(multi.kdims)}
    origins = list(multi.origin.to_timestamp(how="s"))
    origin_labels = tuple(period_label(o, dataset.origin_grain) for o in origins)
    for key in alike:
        combined = _single(multi, positions[tuple(value for _, value in key)])
        inputs = _inputs(dataset, measure, key, combined, origins=origins, origin_labels=origin_labels)
        dataset.memo(("method_inputs", MethodInputs, measure, key), lambda inputs=inputs: inputs)
    return len(alike)


def _memoised(dataset: Dataset, measure: str, key: SegmentKey) -> bool:
    marker = ("memo", ("method_inputs", MethodInputs, measure, key))
    return marker in dataset._memo


def _months(dates: pd.Series) -> np.ndarray:
    return np.sort((dates.dt.year * 12 + dates.dt.month).unique())


def _grain(months: np.ndarray) -> str:
    """Return the grain chainladder infers from the distinct months of a date column."""
    diffs = np.diff(months)
    for grain, step in (("Y", 12), ("2Q", 6), ("Q", 3)):
        if np.all(np.mod(diffs, step) == 0):
            return grain
    return "M"


def _signature(origins: pd.Series, valuations: pd.Series) -> Signature:
    """Return what chainladder lays a triangle's grid out from: date ranges and inferred grains."""
    return (
        origins.min(),
        origins.max(),
        valuations.min(),
        valuations.max(),
        _grain(_months(origins)),
        _grain(_months(valuations)),
    )


def _signatures(cells: pd.DataFrame, columns: Sequence[str]) -> dict[tuple[str, ...], Signature]:
    return {
        (tuple(name) if isinstance(name, tuple) else (name,)): _signature(group[ORIGIN], group[VALUATION])
        for name, group in cells.groupby(list(columns), sort=False)
    }


def _single(multi, position: int):
    """One segment of the multi-index triangle, as the one-segment triangle chainladder builds.

    The cut is copied (so a method changing values in place cannot reach another segment)
    and gets the ``Total`` key a triangle built without an index has.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tri = multi.iloc[position : position + 1].copy()
    tri.key_labels = ["Total"]
    tri.kdims = np.array([["Total"]], dtype=object)
    return tri


def _inputs(
    dataset: Dataset,
    measure: str,
    key: SegmentKey,
    combined,
    *,
    origins: list[pd.Timestamp],
    origin_labels: tuple[str, ...],
) -> MethodInputs:
    """Mirror of `MethodInputs._build_from_dataset` on a cut triangle."""
    triangles = {}
    for name in dataset.measures:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tri = combined[name]
        if np.isfinite(np.asarray(tri.values, dtype=float)).any():
            triangles[name] = tri
    premium = None
    if dataset.has_premium:
        series = dataset.premium_by_origin(key)
        series.index = pd.to_datetime(series.index)
        premium = series.reindex(pd.DatetimeIndex(origins)).to_numpy(dtype=float)
        if np.isnan(premium).all():
            premium = None
    return MethodInputs(measure, triangles, origin_labels, premium, dataset.premium_label)
