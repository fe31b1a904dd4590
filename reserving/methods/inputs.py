"""What a method is given: aligned triangles of one segment, origin labels and premium.

Methods that need more than the analysed measure (premium, claim counts, case reserves,
the paid *and* the incurred triangle) ask `MethodInputs` for it and get a
`MethodDataError` saying what is missing, instead of a chainladder traceback.
"""

from __future__ import annotations

import threading
import warnings
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import chainladder as cl
import numpy as np
import pandas as pd

from reserving.errors import MethodDataError
from reserving.grains import period_label

if TYPE_CHECKING:
    from reserving.assumptions import SegmentAssumptions
    from reserving.dataset import Dataset, SegmentKey

FIT_MEMO_SIZE = 16
"""Fitted objects kept per `MethodInputs` (least recently used dropped first): enough for every
development/tail variant a page shows at once, small enough that trying many assumptions
does not grow memory without bound."""

_MEMO_LOCK = threading.Lock()
"""Guards the memo bookkeeping only (never held while fitting); inputs are shared by app sessions."""

T = TypeVar("T")


@dataclass(frozen=True, eq=False)
class MethodInputs:
    """Single-column cumulative triangles of one segment, all with the same origins and ages.

    Attributes
    ----------
    measure : str
        The measure whose ultimates are estimated.
    triangles : mapping of measure name to chainladder.Triangle
        Every measure available for the segment (``paid``, ``incurred``, ``reported_count`` ...).
    origin_labels : tuple of str
        Labels of the origins, in triangle order.
    premium : numpy.ndarray or None
        Premium (or exposure) per origin, aligned with the labels.
    premium_label : str
        What `premium` holds, for messages.
    """

    measure: str
    triangles: Mapping[str, cl.Triangle]
    origin_labels: tuple[str, ...]
    premium: np.ndarray | None = None
    premium_label: str = "earned premium"
    _fits: OrderedDict[Hashable, Any] = field(default_factory=OrderedDict, init=False, repr=False, compare=False)

    @property
    def triangle(self) -> cl.Triangle:
        """The triangle of the analysed measure."""
        return self.require(self.measure, "this method")

    def has(self, measure: str) -> bool:
        """Whether the measure is available."""
        return measure in self.triangles

    def require(self, measure: str, method: str) -> cl.Triangle:
        """Return the triangle of `measure`, or a `MethodDataError` naming what `method` lacks."""
        if measure not in self.triangles:
            raise MethodDataError(
                f"{method} needs a '{measure}' triangle; the data has {sorted(self.triangles) or 'no measures'}"
            )
        return self.triangles[measure]

    def require_premium(self, method: str) -> np.ndarray:
        """Premium per origin, or a `MethodDataError` when absent or incomplete."""
        if self.premium is None:
            raise MethodDataError(f"{method} needs premium or exposure by origin; the data has none")
        missing = [lab for lab, p in zip(self.origin_labels, self.premium, strict=True) if not np.isfinite(p) or p <= 0]
        if missing:
            raise MethodDataError(f"{method} needs premium for every origin; missing or zero for {', '.join(missing)}")
        return self.premium

    def memo(self, key: Hashable, build: Callable[[], T]) -> T:
        """Return the object memoised under `key` on these inputs, building it on first use.

        Every method of a set starts from the same development and tail fit; keeping the
        fitted triangle here lets the set pay for it once. What is stored must never be
        mutated by a caller (chainladder estimators copy their input in ``fit`` and
        ``transform`` returns a new triangle). Two threads asking at once may both build;
        the first stored object wins so all callers share one.
        """
        with _MEMO_LOCK:
            if key in self._fits:
                self._fits.move_to_end(key)
                return self._fits[key]
        value = build()
        with _MEMO_LOCK:
            value = self._fits.setdefault(key, value)
            self._fits.move_to_end(key)
            while len(self._fits) > FIT_MEMO_SIZE:
                self._fits.popitem(last=False)
        return value

    def developed(self, assumptions: SegmentAssumptions, measure: str | None = None) -> cl.Triangle:
        """Return the triangle of `measure` (default: the analysed one) carrying the selected factors and tail.

        Memoised by (measure, development, tail, Clark growth when the tail is Clark's), the
        only assumptions the fit reads, so chain ladder, Mack and the a-priori methods share
        one fit. The returned triangle is shared: do not modify it.
        """
        from reserving.methods.pipeline import developed_with_tail  # noqa: PLC0415 - pipeline imports chainladder fits

        name = measure or self.measure
        tri = self.require(name, "this method")
        key = fit_key(name, assumptions)
        return self.memo(key, lambda: developed_with_tail(tri, self.origin_labels, assumptions))

    def premium_triangle(self, values: np.ndarray | None = None) -> cl.Triangle:
        """Build a chainladder `sample_weight` (one value per origin) holding `values` or the premium."""
        weight = self.triangle.latest_diagonal.copy()
        data = self.premium if values is None else values
        weight.values = np.asarray(data, dtype=float).reshape(weight.values.shape)
        return weight

    @classmethod
    def from_triangles(
        cls,
        measure: str,
        triangles: Mapping[str, cl.Triangle],
        premium: Sequence[float] | np.ndarray | cl.Triangle | None = None,
        origin_labels: Sequence[str] | None = None,
        premium_label: str = "earned premium",
    ) -> MethodInputs:
        """Build inputs from chainladder triangles of the same shape (tests, notebooks, samples)."""
        renamed = {}
        for name, tri in triangles.items():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                renamed[name] = tri.rename("columns", [name]) if list(tri.columns) != [name] else tri
        first = next(iter(renamed.values()))
        if origin_labels is None:
            grain = str(first.origin_grain)[0]
            origin_labels = [period_label(ts, grain) for ts in first.origin.to_timestamp(how="s")]
        prem = None
        if isinstance(premium, cl.Triangle):
            prem = np.asarray(premium.latest_diagonal.values, dtype=float)[0, 0, :, 0]
        elif premium is not None:
            prem = np.broadcast_to(np.asarray(premium, dtype=float), (len(origin_labels),)).copy()
        return cls(measure, renamed, tuple(origin_labels), prem, premium_label)

    @classmethod
    def from_dataset(cls, dataset: Dataset, measure: str, segment: SegmentKey | Mapping[str, str] | None = None):
        """Build the inputs of one segment (or all segments summed) of a `Dataset`.

        All measures are built into one multi-column triangle first, so they share origins
        and ages even where one measure starts later than another. The inputs are memoised
        on the (immutable) dataset per measure and segment, so callers asking again get the
        same object, with the fits it already holds.
        """
        from reserving.dataset import segment_key, unknown_measure  # noqa: PLC0415 - avoids a cycle

        if measure not in dataset.measures:
            raise MethodDataError(unknown_measure(measure, dataset.measures))
        key = ("method_inputs", cls, measure, segment_key(segment))
        return dataset.memo(key, lambda: cls._build_from_dataset(dataset, measure, segment))

    @classmethod
    def _build_from_dataset(
        cls, dataset: Dataset, measure: str, segment: SegmentKey | Mapping[str, str] | None
    ) -> MethodInputs:
        from reserving.dataset import ORIGIN, VALUATION, build_triangle  # noqa: PLC0415 - avoids a cycle

        rows = dataset.rows(segment)
        measures = list(dataset.measures)
        cells = rows.groupby([ORIGIN, VALUATION], as_index=False)[measures].sum(min_count=1)
        cells = cells.dropna(subset=[measure])
        if cells.empty:
            raise MethodDataError(f"measure '{measure}' has no values for this segment")
        return cls.from_combined(dataset, measure, segment, build_triangle(cells, measures))

    @classmethod
    def from_combined(
        cls, dataset: Dataset, measure: str, segment: SegmentKey | Mapping[str, str] | None, combined: cl.Triangle
    ) -> MethodInputs:
        """Build one segment's inputs from its triangle of every measure (built alone, or cut from many).

        Measures with no value in this segment are left out, so a method needing them says
        so; premium is aligned to the triangle's origins.
        """
        triangles = {}
        for name in dataset.measures:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tri = combined[name]
            if np.isfinite(np.asarray(tri.values, dtype=float)).any():
                triangles[name] = tri
        origins = list(combined.origin.to_timestamp(how="s"))
        labels = tuple(period_label(o, dataset.origin_grain) for o in origins)
        premium = None
        if dataset.has_premium:
            series = dataset.premium_by_origin(segment)
            series.index = pd.to_datetime(series.index)
            premium = series.reindex(pd.DatetimeIndex(origins)).to_numpy(dtype=float)
            if np.isnan(premium).all():
                premium = None
        return cls(measure, triangles, labels, premium, dataset.premium_label)


def fit_key(measure: str, assumptions: SegmentAssumptions) -> tuple[Hashable, ...]:
    """Memo key of a development + tail fit: only the assumptions that shape it.

    The Clark growth enters only when the tail is Clark's, so changing the growth of the
    Clark method does not refit everyone's development.
    """
    tail = assumptions.tail
    growth = assumptions.options.clark_growth if tail.kind == "clark" else None
    return ("developed", measure, assumptions.development, tail, growth)
