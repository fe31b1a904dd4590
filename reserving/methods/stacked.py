"""Method inputs for many segments at once, cut from one multi-index triangle.

Building a chainladder `Triangle` costs tens of milliseconds whatever its size, so a
dataset of hundreds of segments (branches x lines) spent most of a batch run, an
``estimate`` over every segment or an all-segments page just building inputs one segment
at a time. Here the whole dataset is built once as a multi-index triangle per measure and
each segment's triangle is cut from it.

A cut must be *the same triangle* the segment would get on its own. chainladder lays a
triangle's grid out from the earliest and latest origin and valuation dates and infers its
grains from the months present, so segments are grouped by those (a line written later, a
branch closed earlier or valued only at year ends each fall in a group of their own), and
each group of two or more is built as one multi-index triangle. A segment alone in its
group is built one by one as before. The inputs are seeded into the dataset's memo under
the key `MethodInputs.from_dataset` uses, so every later caller gets the same inputs
whichever way they were built.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from reserving.dataset import ORIGIN, PREMIUM, VALUATION, Dataset, SegmentKey, build_triangle, segment_key
from reserving.methods.inputs import MethodInputs

MIN_SEGMENTS = 3
"""Fewer segments than this are built one by one: the multi-index build would cost more."""

Signature = tuple[object, ...]
Values = tuple[str, ...]


def prepare_segments(dataset: Dataset, measure: str, keys: Iterable[SegmentKey]) -> int:
    """Build the method inputs of `keys` (full segment keys) in as few passes as possible.

    Segments are grouped by the grid chainladder would lay out for each on its own (see
    `_signatures`); every group of two or more is built as one multi-index triangle and
    cut. Returns how many segments were cut; the others are left to
    `MethodInputs.from_dataset`, which builds them one by one when first asked.
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
    groups: dict[Signature, list[SegmentKey]] = {}
    for key in pending:
        signature = signatures.get(_values(key))
        if signature is not None:
            groups.setdefault(signature, []).append(key)
    _seed_premium(dataset, pending)
    row_values = list(cells[columns].itertuples(index=False, name=None))
    cut = 0
    for members in groups.values():
        if len(members) < 2:
            continue
        chosen = {_values(key) for key in members}
        multi = build_triangle(cells[[values in chosen for values in row_values]], measures, index=columns)
        positions = {tuple(str(v) for v in row): i for i, row in enumerate(multi.kdims)}
        for key in members:
            inputs = MethodInputs.from_combined(dataset, measure, key, _single(multi, positions[_values(key)]))
            dataset.memo(("method_inputs", MethodInputs, measure, key), lambda inputs=inputs: inputs)
        cut += len(members)
    return cut


def _values(key: SegmentKey) -> Values:
    return tuple(value for _, value in key)


def _memoised(dataset: Dataset, measure: str, key: SegmentKey) -> bool:
    return dataset.memoised(("method_inputs", MethodInputs, measure, key))


def _signatures(cells: pd.DataFrame, columns: Sequence[str]) -> dict[Values, Signature]:
    """Per segment, what chainladder lays its grid out from: date ranges and inferred grains.

    A segment's own triangle spans its earliest to latest origin and valuation, at the
    grains chainladder infers from the months present (all steps between distinct months
    a multiple of 12: yearly; of 6: half-yearly; of 3: quarterly; else monthly). Segments
    with equal signatures get the same grid, alone or together in one triangle.
    """
    ranges = cells.groupby(list(columns), sort=False).agg(
        first_origin=(ORIGIN, "min"),
        last_origin=(ORIGIN, "max"),
        first_valuation=(VALUATION, "min"),
        last_valuation=(VALUATION, "max"),
    )
    grains = [_grains(cells, columns, date) for date in (ORIGIN, VALUATION)]
    table = ranges.join(grains[0].rename("origin_grain")).join(grains[1].rename("valuation_grain"))
    return {
        (tuple(str(v) for v in index) if isinstance(index, tuple) else (str(index),)): tuple(row)
        for index, row in zip(table.index, table.itertuples(index=False, name=None), strict=True)
    }


def _grains(cells: pd.DataFrame, columns: Sequence[str], date: str) -> pd.Series:
    """Return the grain chainladder infers for each segment from the distinct months of `date`."""
    months = cells[list(columns)].assign(month=cells[date].dt.year * 12 + cells[date].dt.month)
    months = months.drop_duplicates().sort_values([*columns, "month"])
    steps = months.groupby(list(columns), sort=False)["month"].diff()
    flags = months[list(columns)].assign(**{f"off{step}": (steps.notna() & (steps % step != 0)) for step in (12, 6, 3)})
    off = flags.groupby(list(columns), sort=False)[["off12", "off6", "off3"]].any()
    grain = np.select([~off["off12"], ~off["off6"], ~off["off3"]], ["Y", "2Q", "Q"], default="M")
    return pd.Series(grain, index=off.index)


def _seed_premium(dataset: Dataset, keys: Sequence[SegmentKey]) -> None:
    """Premium by origin of every segment from one groupby, memoised as `Dataset.premium_by_origin` keeps it."""
    columns = list(dataset.segments)
    rows = dataset.premium
    if not dataset.has_premium or rows is None or not set(columns) <= set(rows.columns):
        return
    labels = pd.DataFrame({col: rows[col].astype(str).to_numpy(dtype=object) for col in columns})
    table = pd.concat([labels, rows[[ORIGIN, PREMIUM]].reset_index(drop=True)], axis=1)
    grouped = {
        (name if isinstance(name, tuple) else (name,)): part for name, part in table.groupby(columns, sort=False)
    }
    for key in keys:
        part = grouped.get(_values(key))
        if part is None:
            continue  # no premium rows: left to premium_by_origin, which says so its own way
        series = part.groupby(ORIGIN)[PREMIUM].sum(min_count=1).sort_index()
        series.name = PREMIUM
        dataset.memo(("premium", key), lambda series=series: series)


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
