"""Time grains of origin and development periods, and the labels users see for them.

Every dataset stores origins as the first day of the origin period and valuations as
the (date-only) last day of the calendar period, so ages in months follow by
arithmetic and never depend on chainladder's microsecond valuation stamps.
"""

from __future__ import annotations

import pandas as pd

GRAIN_MONTHS: dict[str, int] = {"Y": 12, "S": 6, "Q": 3, "M": 1}
GRAIN_NAMES: dict[str, str] = {"Y": "year", "S": "half-year", "Q": "quarter", "M": "month"}
MONTHS_TO_GRAIN: dict[int, str] = {months: code for code, months in GRAIN_MONTHS.items()}


def grain_name(code: str) -> str:
    """Return the readable name of a grain code ('Q' -> 'quarter')."""
    return GRAIN_NAMES[code]


def period_start(ts: pd.Timestamp, grain: str) -> pd.Timestamp:
    """First day of the `grain` period containing `ts`."""
    months = GRAIN_MONTHS[grain]
    month0 = (ts.month - 1) // months * months + 1
    return pd.Timestamp(year=ts.year, month=month0, day=1)


def period_end(ts: pd.Timestamp, grain: str) -> pd.Timestamp:
    """Last day (date only) of the `grain` period containing `ts`."""
    start = period_start(ts, grain)
    return start + pd.DateOffset(months=GRAIN_MONTHS[grain]) - pd.Timedelta(days=1)


def period_label(ts: pd.Timestamp, grain: str) -> str:
    """Label of the period starting at `ts`: '1981', '2019H1', '2019Q3', '2019-03'."""
    ts = pd.Timestamp(ts)
    if grain == "Y":
        return f"{ts.year}"
    if grain == "S":
        return f"{ts.year}H{(ts.month - 1) // 6 + 1}"
    if grain == "Q":
        return f"{ts.year}Q{(ts.month - 1) // 3 + 1}"
    return f"{ts.year}-{ts.month:02d}"


def age_months(origin: pd.Timestamp, valuation: pd.Timestamp) -> int:
    """Months from the start of the origin period to the end of the valuation month (inclusive)."""
    return (valuation.year - origin.year) * 12 + (valuation.month - origin.month) + 1


def valuation_at_age(origin: pd.Timestamp, months: int) -> pd.Timestamp:
    """Date-only valuation reached `months` after the start of `origin` (age 12 of 1981 -> 1981-12-31)."""
    return pd.Timestamp(origin) + pd.DateOffset(months=int(months)) - pd.Timedelta(days=1)
