"""Unearned share of each premium row at a valuation date, one vectorised formula per method.

Dates are whole days (``datetime64[D]``). Cover runs from 00:00 of the first day to 24:00 of
the last; the valuation is at 24:00 of the valuation date V. All functions take arrays (one
entry per row) and a scalar or array V, and loop over nothing but numpy.

* 1/365: unearned = remaining days / cover days, remaining = clamp(end - V, 0, cover), cover
  = end - start + 1. A leap year has 366 days in the count because the days are counted, not
  assumed; a row starting after V is wholly unearned.
* Rule of 78 (七十八法则法, front-loaded earning: month m of n earns (n - m + 1) / S with
  S = n(n + 1) / 2): after k whole months, unearned = (n - k)(n - k + 1) / (n(n + 1)). A 12-month
  policy after 5 months: 7 x 8 / 156 = 56/156 = 28/78 unearned.
* Reverse rule of 78 (逆七十八法则法, back-loaded: month m earns m / S): unearned
  = 1 - k(k + 1) / (n(n + 1)); the same policy after 5 months: 1 - 30/156 = 126/156.
* Custom curve: unearned = 1 - F(k), F the cumulative earned share after k whole months (0 once
  the policy has ended).

Whole months elapsed count the month anniversaries of the start reached by 24:00 of V
(start 2023-01-15: one month at 24:00 of 2023-02-14). The term n of a policy is its number of
months, a part month counting as one (2023-01-01 to 2023-12-31 is 12).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from reserving.errors import AssumptionError

ONE_DAY = np.timedelta64(1, "D")


def as_days(values: object) -> np.ndarray:
    """Dates as ``datetime64[D]`` (NaT kept)."""
    return np.asarray(values, dtype="datetime64[D]")


def _month_index(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Months since 1970-01 and day of month (1-based) of each date."""
    months = days.astype("datetime64[M]")
    return months.astype(np.int64), (days - months.astype("datetime64[D]")).astype(np.int64) + 1


def whole_months(start: np.ndarray, moment: np.ndarray) -> np.ndarray:
    """Whole months from 00:00 of `start` to 00:00 of `moment` (negative when `moment` is earlier)."""
    ym_s, d_s = _month_index(start)
    ym_m, d_m = _month_index(moment)
    return ym_m - ym_s - (d_m < d_s)


def term_months(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Months of cover from 00:00 of `start` to 24:00 of `end`, a part month counting as one (at least 1)."""
    ym_s, d_s = _month_index(start)
    ym_e, d_e = _month_index(end + ONE_DAY)
    return np.maximum(ym_e - ym_s + (d_e > d_s), 1)


def daily_unearned(start: np.ndarray, end: np.ndarray, valuation: np.ndarray | np.datetime64) -> np.ndarray:
    """1/365 unearned share: remaining cover days after 24:00 of V over the cover days."""
    cover = (end - start).astype(np.int64) + 1
    remaining = np.clip((end - valuation).astype(np.int64), 0, cover)
    return remaining / cover


def elapsed_months(
    start: np.ndarray, end: np.ndarray, valuation: np.ndarray | np.datetime64
) -> tuple[np.ndarray, np.ndarray]:
    """Term n and whole months elapsed k (0 <= k <= n) at 24:00 of V."""
    n = term_months(start, end)
    k = np.clip(whole_months(start, np.broadcast_to(valuation, start.shape) + ONE_DAY), 0, n)
    return n, k


def rule78_unearned(
    start: np.ndarray, end: np.ndarray, valuation: np.ndarray | np.datetime64, reverse: bool = False
) -> np.ndarray:
    """Rule of 78 (front-loaded) or reverse rule of 78 (back-loaded) unearned share by whole months."""
    n, k = elapsed_months(start, end, valuation)
    n = n.astype(float)
    k = k.astype(float)
    share = 1 - k * (k + 1) / (n * (n + 1)) if reverse else (n - k) * (n - k + 1) / (n * (n + 1))
    return np.where(end <= valuation, 0.0, share)


def check_curve(curve: Sequence[tuple[int, float]]) -> tuple[tuple[int, float], ...]:
    """Validate an earning curve ``((month, cumulative earned share), ...)`` and return it sorted.

    Months are whole numbers from 1, shares rise from 0 to exactly 1 at the last month.

    Raises
    ------
    AssumptionError
        When a month repeats or is below 1, a share falls or leaves [0, 1], or the last share is not 1.
    """
    points = tuple(sorted((int(m), float(s)) for m, s in curve))
    if not points:
        raise AssumptionError("the earning curve is empty: give rows of (month, cumulative earned share)")
    months = [m for m, _ in points]
    shares = np.array([s for _, s in points])
    if months[0] < 1 or len(set(months)) != len(months):
        raise AssumptionError("the earning curve's months must be distinct whole numbers from 1")
    if np.any(np.diff(shares) < 0) or shares.min() < 0 or shares.max() > 1:
        raise AssumptionError("the earning curve's cumulative earned shares must rise between 0 and 1")
    if abs(shares[-1] - 1) > 1e-9:
        raise AssumptionError(
            f"the earning curve must reach 1 (all earned) at its last month; it ends at {shares[-1]:g}"
        )
    return points


def curve_unearned(
    start: np.ndarray, end: np.ndarray, valuation: np.ndarray | np.datetime64, curve: Sequence[tuple[int, float]]
) -> np.ndarray:
    """Unearned share 1 - F(k) after k whole months from the start; F steps between the curve's months."""
    points = check_curve(curve)
    months = np.array([m for m, _ in points])
    shares = np.array([s for _, s in points])
    k = np.maximum(whole_months(start, np.broadcast_to(valuation, start.shape) + ONE_DAY), 0)
    # F(k) = share of the last curve month <= k (0 before the first)
    idx = np.searchsorted(months, k, side="right") - 1
    earned = np.where(idx >= 0, shares[np.clip(idx, 0, None)], 0.0)
    return np.where(end <= valuation, 0.0, 1 - earned)
