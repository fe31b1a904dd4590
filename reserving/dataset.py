"""The dataset model: a tidy long table of cumulative values that builds chainladder triangles.

A `Dataset` is what ingestion produces and what every page and command consumes. It keeps
the data in one tidy frame (one row per segment x origin x valuation) so that filtering,
cutting back to an earlier valuation and summing segments are plain pandas, and it builds
`chainladder.Triangle` objects on demand, memoised per (measure, segment).
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import chainladder as cl
import numpy as np
import pandas as pd

from reserving.errors import InputError
from reserving.grains import age_months, grain_name, period_label

ORIGIN = "origin"
VALUATION = "valuation"
PREMIUM = "premium"

_NO_ROWS = np.zeros(0, dtype=np.intp)

SegmentKey = tuple[tuple[str, str], ...]
"""A segment as sorted (column, value) pairs; the empty tuple means all segments summed."""


def unknown_measure(measure: str, measures: Sequence[str], where: str = "the data") -> str:
    """Say that `measure` is not in the data, which measures it has and to choose one of them."""
    if not measures:
        return f"unknown measure '{measure}': {where} has no measure (amount column); map one when loading the data"
    return (
        f"unknown measure '{measure}': {where} has the measures {', '.join(str(m) for m in measures)}; "
        "choose one of them"
    )


def unknown_segment_column(column: str, segments: Sequence[str]) -> str:
    """Say that `column` is not a segment column of the data, which are, and what to do."""
    if not segments:
        return f"unknown segment column '{column}': the data has no segment columns; leave the segment out"
    return (
        f"unknown segment column '{column}': the data's segment columns are "
        f"{', '.join(str(s) for s in segments)}; choose one of them"
    )


def segment_key(segment: Mapping[str, str] | SegmentKey | None) -> SegmentKey:
    """Normalise a segment given as a dict, pairs or None into a hashable sorted tuple."""
    if not segment:
        return ()
    items = segment.items() if isinstance(segment, Mapping) else segment
    return tuple(sorted((str(k), str(v)) for k, v in items))


def segment_label(key: SegmentKey) -> str:
    """Readable label of a segment key ('line=motor, branch=Beijing'; 'All segments' when empty)."""
    return ", ".join(f"{col}={val}" for col, val in key) if key else "All segments"


@dataclass(frozen=True, eq=False)
class Dataset:
    """Cumulative loss data by segment, origin and valuation, plus premium by origin.

    Attributes
    ----------
    name : str
        Title shown to users (file name or sample title).
    frame : pandas.DataFrame
        Columns: the segment columns, ``origin`` (first day of the origin period),
        ``valuation`` (last day of the calendar period, date only) and one float column per
        measure, cumulative. One row per segment x origin x valuation.
    segments : tuple of str
        Names of the segment columns (may be empty).
    measures : tuple of str
        Names of the measure columns (``paid``, ``incurred``, ``reported_count`` ...).
    origin_grain, development_grain : str
        Grain codes ``Y``, ``S``, ``Q`` or ``M``.
    premium : pandas.DataFrame or None
        Segment columns, ``origin`` and ``premium`` (earned premium or exposure), one row per
        segment x origin.
    premium_label : str
        What the premium column holds (``earned premium`` or ``exposure``).
    warnings : tuple of str
        Validation warnings raised while the dataset was read.
    content_hash : str
        sha256 of the source bytes and mapping; the key of every cache built on the dataset.
    source : dict
        How the dataset was read (file name, sheet, mapping), saved with it for reproduction.
    """

    name: str
    frame: pd.DataFrame
    segments: tuple[str, ...]
    measures: tuple[str, ...]
    origin_grain: str
    development_grain: str
    premium: pd.DataFrame | None = None
    premium_label: str = "earned premium"
    warnings: tuple[str, ...] = ()
    content_hash: str = ""
    source: dict[str, Any] = field(default_factory=dict)
    _triangles: dict[Any, cl.Triangle] = field(default_factory=dict, repr=False, compare=False)
    _memo: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    """Derived lookups (segment row positions, method inputs). ``init=False`` so that
    `dataclasses.replace` (filter, cut and any caller's copy) starts a derived dataset empty
    instead of inheriting lookups of other rows."""

    def __post_init__(self) -> None:
        if not self.content_hash:
            object.__setattr__(self, "content_hash", frame_hash(self.frame, self.premium))

    # ----------------------------------------------------------------- shape facts
    @property
    def valuation_date(self) -> pd.Timestamp:
        """The latest valuation date in the data."""
        return pd.Timestamp(self.frame[VALUATION].max())

    @property
    def origins(self) -> list[pd.Timestamp]:
        """Origin period start dates, sorted."""
        return sorted(pd.Timestamp(o) for o in self.frame[ORIGIN].unique())

    @property
    def origin_labels(self) -> list[str]:
        """Origin labels as users see them ('1981', '2019Q1')."""
        return [period_label(o, self.origin_grain) for o in self.origins]

    @property
    def development_ages(self) -> list[int]:
        """Development ages in months present in the data, sorted."""
        ages = {
            age_months(pd.Timestamp(o), pd.Timestamp(v))
            for o, v in self.frame[[ORIGIN, VALUATION]].drop_duplicates().itertuples(index=False)
        }
        return sorted(ages)

    @property
    def has_premium(self) -> bool:
        """Whether premium or exposure by origin is available."""
        return self.premium is not None and not self.premium.empty

    def segment_keys(self) -> list[SegmentKey]:
        """Every segment present, as keys, in data order."""
        if not self.segments:
            return []
        combos = self.frame[list(self.segments)].drop_duplicates()
        return [segment_key(dict(zip(self.segments, row, strict=True))) for row in combos.itertuples(index=False)]

    def segment_values(self) -> dict[str, list[str]]:
        """Distinct values of each segment column, sorted."""
        return {col: sorted(self.frame[col].astype(str).unique()) for col in self.segments}

    def origin_label(self, origin: pd.Timestamp) -> str:
        """Label of one origin period."""
        return period_label(origin, self.origin_grain)

    def describe_grain(self) -> str:
        """'year' when origin and development grains agree, else 'year x quarter'."""
        if self.origin_grain == self.development_grain:
            return grain_name(self.origin_grain)
        return f"{grain_name(self.origin_grain)} x {grain_name(self.development_grain)}"

    # ----------------------------------------------------------------- selection
    def rows(self, segment: Mapping[str, str] | SegmentKey | None = None) -> pd.DataFrame:
        """Rows of one segment (or all when None); a segment may fix only some columns.

        The row positions of each segment are looked up in `segment_positions` (computed
        once per dataset), so selecting a segment costs an index lookup, not a scan of the
        whole frame with string comparisons.
        """
        key = segment_key(segment)
        if not key:
            return self.frame
        return self.frame.take(self.segment_positions(key))

    def segment_positions(self, segment: Mapping[str, str] | SegmentKey | None) -> np.ndarray:
        """Positions (into `frame`) of the rows of one segment, in frame order; memoised.

        Raises
        ------
        InputError
            When the segment names an unknown column or matches no row.
        """
        key = segment_key(segment)
        if not key:
            return np.arange(len(self.frame))
        memo_key = ("positions", key)
        found = self._memo.get(memo_key)
        if found is not None:
            return found
        for col, _ in key:
            if col not in self.segments:
                raise InputError(unknown_segment_column(col, self.segments))
        groups = self._segment_groups()
        cols = [col for col, _ in key]
        if groups is not None and len(cols) == len(self.segments):
            positions = groups.get(tuple(dict(key)[col] for col in self.segments), _NO_ROWS)
        else:
            strings = self._segment_strings()
            mask = np.ones(len(self.frame), dtype=bool)
            for col, val in key:
                mask &= strings[col] == val
            positions = np.flatnonzero(mask)
        if positions.size == 0:
            raise InputError(f"no data for segment {segment_label(key)}")
        positions.setflags(write=False)
        self._memo[memo_key] = positions
        return positions

    def _segment_strings(self) -> dict[str, np.ndarray]:
        """Segment columns as string arrays, the form segment keys compare against (built once)."""
        strings = self._memo.get("segment_strings")
        if strings is None:
            strings = {col: self.frame[col].astype(str).to_numpy(dtype=object) for col in self.segments}
            self._memo["segment_strings"] = strings
        return strings

    def _segment_groups(self) -> dict[tuple[str, ...], np.ndarray] | None:
        """Row positions of every full segment (all columns fixed), from one groupby (built once)."""
        if not self.segments:
            return None
        groups = self._memo.get("segment_groups")
        if groups is None:
            strings = self._segment_strings()
            labels = pd.DataFrame({col: strings[col] for col in self.segments})
            indices = labels.groupby(list(self.segments), sort=False, dropna=False).indices
            groups = {
                (tuple(k) if isinstance(k, tuple) else (k,)): np.asarray(v, dtype=np.intp) for k, v in indices.items()
            }
            self._memo["segment_groups"] = groups
        return groups

    def memo(self, key: Any, build: Callable[[], Any]) -> Any:
        """Return the value memoised on this dataset under `key`, building it on first use.

        The dataset never changes, so anything derived from it (such as a segment's method
        inputs) can be kept with it and dropped with it. Two threads asking at once may
        both build; the first stored value wins, so every caller sees one object.
        """
        marker = ("memo", key)
        if marker not in self._memo:
            value = build()
            self._memo.setdefault(marker, value)
        return self._memo[marker]

    def memoised(self, key: Any) -> bool:
        """Whether `memo` already holds a value under `key` (to skip preparing it again)."""
        return ("memo", key) in self._memo

    def filter(self, filters: Mapping[str, str]) -> Dataset:
        """Dataset restricted to rows whose segment columns equal the given values."""
        if not filters:
            return self
        rows = self.rows(filters)
        premium = self.premium
        if premium is not None:
            for col, val in filters.items():
                premium = premium[premium[col].astype(str) == str(val)]
        return replace(self, frame=rows.reset_index(drop=True), premium=premium, content_hash="", _triangles={})

    def cut(self, valuation_date: pd.Timestamp | str) -> Dataset:
        """Dataset as it was known at `valuation_date`: later diagonals and origins dropped.

        Memoised per date, so a retrospection looping over segments cuts once and every
        segment's inputs built on the cut are kept with it.
        """
        cutoff = pd.Timestamp(valuation_date)

        def build() -> Dataset:
            rows = self.frame[self.frame[VALUATION] <= cutoff]
            if rows.empty:
                raise InputError(f"no data at or before {cutoff.date()}")
            premium = self.premium
            if premium is not None:
                premium = premium[premium[ORIGIN] <= cutoff]
            return replace(self, frame=rows.reset_index(drop=True), premium=premium, content_hash="", _triangles={})

        return self.memo(("cut", cutoff), build)

    # ----------------------------------------------------------------- triangles
    def triangle(self, measure: str, segment: Mapping[str, str] | SegmentKey | None = None) -> cl.Triangle:
        """Cumulative chainladder triangle of `measure` for one segment, or all segments summed.

        Memoised on the dataset, so pages that ask repeatedly pay the build once.
        """
        if measure not in self.measures:
            raise InputError(unknown_measure(measure, self.measures))
        key = ("tri", measure, segment_key(segment))
        if key not in self._triangles:
            rows = self.rows(segment)
            cells = rows.groupby([ORIGIN, VALUATION], as_index=False)[measure].sum(min_count=1)
            cells = cells.dropna(subset=[measure])
            if cells.empty:
                raise InputError(f"measure '{measure}' has no values for {segment_label(segment_key(segment))}")
            self._triangles[key] = build_triangle(cells, [measure])
        return self._triangles[key]

    def premium_by_origin(self, segment: Mapping[str, str] | SegmentKey | None = None) -> pd.Series:
        """Premium (or exposure) summed per origin for one segment; index = origin start dates."""
        if not self.has_premium:
            raise InputError("the dataset has no premium or exposure by origin")
        assert self.premium is not None
        key = segment_key(segment)

        def build() -> pd.Series:
            assert self.premium is not None
            rows = self.premium
            if key:
                strings = self.memo(
                    "premium_strings",
                    lambda: {col: rows[col].astype(str).to_numpy(dtype=object) for col in self.segments},
                )
                mask = np.ones(len(rows), dtype=bool)
                for col, val in key:
                    if col not in strings:
                        raise InputError(unknown_segment_column(col, self.segments))
                    mask &= strings[col] == val
                rows = rows[mask]
            series = rows.groupby(ORIGIN)[PREMIUM].sum(min_count=1).sort_index()
            series.name = PREMIUM
            return series

        # memoised per segment; callers get a copy because they may re-index it in place
        return self.memo(("premium", key), build).copy()

    def latest(self, measure: str, segment: Mapping[str, str] | SegmentKey | None = None) -> pd.Series:
        """Latest cumulative value per origin (index = origin start dates)."""
        rows = self.rows(segment)
        cells = rows.groupby([ORIGIN, VALUATION])[measure].sum(min_count=1).dropna().reset_index()
        last = cells.sort_values(VALUATION).groupby(ORIGIN).tail(1).set_index(ORIGIN)[measure]
        return last.sort_index()

    def latest_totals(self) -> dict[str, float]:
        """Total of the latest diagonal of every measure, over all segments."""
        return {m: float(self.latest(m).sum()) for m in self.measures}


def build_triangle(cells: pd.DataFrame, measures: list[str], index: list[str] | None = None) -> cl.Triangle:
    """Build a cumulative chainladder Triangle from tidy cells (origin, valuation, measures).

    chainladder's own Triangle constructor is used; its pandas-4 deprecation warnings are
    silenced here, in one place, instead of process-wide. Origins chainladder invents after
    the last origin of the data are dropped (see `drop_trailing_empty_origins`).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tri = cl.Triangle(
            cells,
            origin=ORIGIN,
            development=VALUATION,
            columns=measures,
            index=index,
            cumulative=True,
        )
    return drop_trailing_empty_origins(tri, pd.Timestamp(cells[ORIGIN].max()))


def drop_trailing_empty_origins(tri: cl.Triangle, last_origin: pd.Timestamp) -> cl.Triangle:
    """Cut off the empty origins chainladder adds between the last origin and the valuation date.

    chainladder spans origins up to the valuation date, so a portfolio in run-off (last
    accident year 2023 valued at 2024-12-31) would get an empty 2024 row that methods then
    treat as an origin without premium or claims.
    """
    starts = tri.origin.to_timestamp(how="s")
    keep = int((starts <= last_origin).sum())
    if keep == len(starts):
        return tri
    return tri.iloc[:, :, :keep, :]


def frame_hash(frame: pd.DataFrame, premium: pd.DataFrame | None = None) -> str:
    """Content hash of the tidy frame (and premium), stable across processes."""
    digest = hashlib.sha256()
    digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    digest.update(",".join(map(str, frame.columns)).encode())
    if premium is not None:
        digest.update(pd.util.hash_pandas_object(premium, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def triangle_to_frame(tri: cl.Triangle, origin_grain: str) -> pd.DataFrame:
    """Lay a single triangle out as a grid: origin labels down, development ages in months across."""
    values = np.asarray(tri.values)[0, 0]
    labels = [period_label(o, origin_grain) for o in tri.origin.to_timestamp(how="s")]
    ages = [int(a) for a in tri.development]
    grid = pd.DataFrame(values, index=labels, columns=ages)
    grid.index.name = "origin"
    grid.columns.name = "age"
    return grid
