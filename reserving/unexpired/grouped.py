"""The 1/24, 1/8 and 1/4 methods: premium grouped by writing month, quarter or half-year.

Rule No. 1, Art. 8 allows them only for reinsurance business without policy-level data. All
premium of a writing period is taken as written at the period's mid-point, and earned evenly
over its term (12 months unless the table says otherwise), so that

    unearned(p) = clamp((mid_p + term - V) / term, 0, 1)      (times in months, V at 24:00)

At a year end with annual terms this gives (2p - 1) / (2P) for period p of P: January 1/24 ...
December 23/24 (1/24), Q1 1/8 ... Q4 7/8 (1/8), H1 1/4, H2 3/4 (1/4). At 24:00 of 30 June
premium written in month p of the same year is (2p + 11)/24 unearned (January 13/24, June 23/24),
and July to December of the year before are 1/24 to 11/24.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reserving.errors import AssumptionError

from .earning import ONE_DAY, as_days
from .methods import GROUPED

GROUPED_COLUMNS = (
    "branch",
    "line",
    "period_start",
    "written_premium",
    "acquisition_cost",
    "ceded_premium",
    "ceded_commission",
    "term_months",
)
"""Columns of a grouped premium table; `period_start` is the first day of the writing period."""

_AMOUNTS = ("written_premium", "acquisition_cost", "ceded_premium", "ceded_commission")


def period_months(method: str) -> int:
    """Length in months of the writing period of a 1/n method (1, 3 or 6)."""
    if method not in GROUPED:
        raise AssumptionError(f"'{method}' is not a grouped method; choose one of {', '.join(GROUPED)}")
    return 12 // GROUPED[method]


def month_position(valuation: np.datetime64 | np.ndarray) -> np.ndarray:
    """Return the moment 24:00 of V in months since 1970-01 (fractional inside a month)."""
    moment = as_days(valuation) + ONE_DAY
    month = moment.astype("datetime64[M]")
    next_month = (month + np.timedelta64(1, "M")).astype("datetime64[D]")
    days_in = (next_month - month.astype("datetime64[D]")).astype(np.int64)
    day = (moment - month.astype("datetime64[D]")).astype(np.int64)
    return month.astype(np.int64) + day / days_in


def grouped_unearned(
    period_start: np.ndarray, method: str, valuation: np.datetime64 | np.ndarray, term_months: np.ndarray | float = 12
) -> np.ndarray:
    """Unearned share of premium written in the period starting at `period_start` (mid-period writing)."""
    length = period_months(method)
    start = as_days(period_start).astype("datetime64[M]").astype(np.int64)
    mid = start + length / 2
    term = np.asarray(term_months, dtype=float)
    return np.clip((mid + term - month_position(valuation)) / term, 0.0, 1.0)


def floor_period(dates: pd.Series, method: str) -> pd.Series:
    """First day of the writing period (month, quarter or half-year of `method`) holding each date."""
    length = period_months(method)
    months = as_days(dates.to_numpy()).astype("datetime64[M]").astype(np.int64)
    floored = (months // length) * length  # 1970-01 starts a month, a quarter and a half-year
    return pd.Series(floored.astype("datetime64[M]").astype("datetime64[s]"), index=dates.index)


def group_listing(policies: pd.DataFrame, method: str, written_date: pd.Series) -> pd.DataFrame:
    """Sum a policy frame's premium by branch, line, writing period of `method` and term (a grouped table).

    The term of each row is its cover in months, rounded to whole months (at least 1), so
    short-term covers keep their own earning speed.
    """
    days = (frame_end := policies["end_date"]) - policies["earn_start"]
    term = (days.dt.days.add(1) / (365.25 / 12)).round().clip(lower=1).fillna(12)
    frame = policies.assign(
        period_start=floor_period(written_date, method), term_months=term.where(frame_end.notna(), 12)
    )
    keys = ["branch", "line", "period_start", "term_months"]
    return frame.groupby(keys, sort=True)[list(_AMOUNTS)].sum(min_count=1).reset_index()[list(GROUPED_COLUMNS)]


def check_grouped(table: pd.DataFrame) -> pd.DataFrame:
    """Complete a grouped table given by the user: default branch/line, 12-month terms, zero amounts."""
    missing = [c for c in ("period_start", "written_premium") if c not in table.columns]
    if missing:
        raise AssumptionError(f"a grouped premium table needs the columns {missing}")
    out = table.copy()
    for col in ("branch", "line"):
        if col not in out.columns:
            out[col] = "(all)"
    for col in _AMOUNTS[1:]:
        if col not in out.columns:
            out[col] = np.nan
    out["acquisition_cost"] = out["acquisition_cost"].fillna(0.0)
    out["term_months"] = out["term_months"].fillna(12) if "term_months" in out.columns else 12.0
    if (out["term_months"] <= 0).any():
        raise AssumptionError("every term in a grouped table must be a positive number of months")
    out["period_start"] = pd.to_datetime(out["period_start"]).astype("datetime64[s]")
    return out[list(GROUPED_COLUMNS)]
