"""The prior development pattern as plain numbers, and the share reported at any age.

Actual vs expected needs the percentage reported (or paid) ``p = 1/CDF`` at the ages an
origin had at the prior and at the later date. Those ages need not sit on the pattern's
grid (a quarterly data set checked against an annual pattern, a half-year since the last
year-end valuation), so `Pattern.percent_reported` interpolates **linearly in p between
the two neighbouring ages** of the pattern, with ``p(0) = 0``. Linear in p (rather than
in the CDF or in log p) keeps the expected emergence of a part period proportional to the
time elapsed within the development period, which is what an actuary assumes when
splitting a year's expected emergence into quarters.

The pattern is held as plain tuples so that a saved valuation (later) and a valuation
rebuilt from cut data (now) feed the analysis the same way.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import chainladder as cl
import numpy as np

from reserving.errors import AssumptionError
from reserving.methods.development import factor_table

DEFAULT_TAIL_MONTHS = 12
"""Months over which a pattern ending above CDF 1 is completed to 100% reported."""


@dataclass(frozen=True)
class Pattern:
    """Cumulative development factors to ultimate by age; the last point has CDF 1.

    Attributes
    ----------
    ages : tuple of float
        Ages in months, strictly increasing.
    cdfs : tuple of float
        CDF to ultimate from each age; the last one is 1 (fully developed).
    """

    ages: tuple[float, ...]
    cdfs: tuple[float, ...]

    def __post_init__(self) -> None:
        ages = tuple(float(a) for a in self.ages)
        cdfs = tuple(float(c) for c in self.cdfs)
        if not ages or len(ages) != len(cdfs):
            raise AssumptionError("Pattern: ages and CDFs must be non-empty and of the same length")
        if any(b <= a for a, b in itertools.pairwise(ages)) or ages[0] <= 0:
            raise AssumptionError(f"Pattern: ages must be positive and increasing, got {ages}")
        if any(not np.isfinite(c) or c <= 0 for c in cdfs):
            raise AssumptionError(f"Pattern: CDFs must be finite and > 0, got {cdfs}")
        object.__setattr__(self, "ages", ages)
        object.__setattr__(self, "cdfs", cdfs)

    @classmethod
    def from_cdfs(
        cls, ages: Sequence[float], cdfs: Sequence[float], tail_months: float = DEFAULT_TAIL_MONTHS
    ) -> Pattern:
        """Build a pattern, completing it to CDF 1 `tail_months` after its last age when it ends above 1."""
        ages, cdfs = list(ages), list(cdfs)
        if cdfs and not np.isclose(cdfs[-1], 1.0):
            ages.append(float(ages[-1]) + tail_months)
            cdfs.append(1.0)
        return cls(tuple(ages), tuple(cdfs))

    def percent_reported(self, age: float | np.ndarray) -> np.ndarray:
        """Share of the ultimate reported at `age` months: 1/CDF, linear between pattern ages, 0 at age 0."""
        xs = np.array([0.0, *self.ages])
        ps = np.array([0.0, *(1.0 / c for c in self.cdfs)])
        return np.interp(np.asarray(age, dtype=float), xs, ps, left=0.0, right=ps[-1])

    def cdf(self, age: float | np.ndarray) -> np.ndarray:
        """CDF to ultimate at `age` (the reciprocal of the interpolated percentage reported)."""
        with np.errstate(divide="ignore"):
            return 1.0 / self.percent_reported(age)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: ``{"ages": [...], "cdfs": [...]}``."""
        return {"ages": list(self.ages), "cdfs": list(self.cdfs)}


def pattern_from_developed(developed: cl.Triangle, step_months: float) -> Pattern:
    """Pattern of a triangle carrying selected factors (and tail): CDF at each from-age, 1 at the end.

    The end is the to-age of the last link (the tail's links included), so an origin at the
    last age of a pattern without tail is fully developed and is expected to emerge nothing.
    """
    table = factor_table(developed)
    ages = [float(a) for a in table["age"]]
    last_link = str(table["link"].iloc[-1])
    try:
        end = float(last_link.split("-")[1])
    except (IndexError, ValueError):
        end = ages[-1] + step_months
    if not ages[-1] < end <= ages[-1] + 1200:  # chainladder labels an open-ended tail oddly
        end = ages[-1] + step_months
    return Pattern((*ages, end), (*(float(c) for c in table["cdf"]), 1.0))
