"""The UPR statement: per branch and line, per line, in total, and the run-off by future month.

Earned premium of the period (opening date O to valuation date V) follows the ledger identity
earned = written in (O, V] + UPR gross at O - UPR gross at V; without an opening date it is
unknown (NaN), and `written_premium` is then all premium written up to V.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .compute import ROW_AMOUNTS, line_methods, upr_rows, written_dates
from .settings import UprSettings

KEYS = ("branch", "line")
AMOUNT_COLUMNS = (
    "written_premium",
    "earned_premium",
    "opening_upr_gross",
    "upr_gross",
    "unexpired_acquisition_cost",
    "upr_net",
    "ceded_upr",
    "ceded_unexpired_commission",
    "ceded_upr_net",
    "retained_upr_net",
)
"""Amount columns of every summary table; the ceded ones are NaN when the listing has no ceded data."""
RUNOFF_COLUMNS = ("line", "month", "month_end", "earned_premium", "upr_gross", "earned_share")
MAX_RUNOFF_MONTHS = 600


@dataclass(frozen=True)
class UprResult:
    """What `compute_upr` returns.

    Attributes
    ----------
    settings : UprSettings
        The assumptions used.
    methods : tuple of (line, method)
        The method each line used.
    rows : DataFrame
        One row per branch and line: `KEYS`, ``method`` and `AMOUNT_COLUMNS`.
    by_line : DataFrame
        The same per line (``branch`` = None).
    total : dict
        The amounts over everything.
    policies : DataFrame
        The row-level result at the valuation date (`compute.ROW_COLUMNS`).
    has_ceded : bool
        Whether the listing holds ceded premium.
    """

    settings: UprSettings
    methods: tuple[tuple[str, str], ...]
    rows: pd.DataFrame
    by_line: pd.DataFrame
    total: dict[str, float | None]
    policies: pd.DataFrame
    has_ceded: bool


def _sums(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    cols = list(ROW_AMOUNTS)
    if not keys:
        return frame[cols].sum().to_frame().T
    return frame.groupby(keys, sort=True)[cols].sum().reset_index()


def _finish(table: pd.DataFrame, opening: pd.DataFrame | None, keys: list[str], has_ceded: bool) -> pd.DataFrame:
    """Add the opening UPR, the earned premium and the ceded/retained columns."""
    if opening is None:
        table["opening_upr_gross"] = np.nan
        table["earned_premium"] = np.nan
    else:
        merged = (
            table.merge(opening, on=keys, how="left", suffixes=("", "_open"))
            if keys
            else pd.concat([table, opening.add_suffix("_open")], axis=1)
        )
        table["opening_upr_gross"] = merged["upr_gross_open"].fillna(0.0).to_numpy()
        table["written_premium"] = table["written_premium"] - merged["written_premium_open"].fillna(0.0).to_numpy()
        table["earned_premium"] = table["written_premium"] + table["opening_upr_gross"] - table["upr_gross"]
    return add_ceded_columns(table, has_ceded)


def add_ceded_columns(table: pd.DataFrame, has_ceded: bool) -> pd.DataFrame:
    """Add the ceded and retained UPR net of commission; all ceded columns NaN when nothing is ceded.

    Shared by policy listings and grouped premium, so "no ceded data" reads the same in both.
    """
    if has_ceded:
        table["ceded_upr_net"] = table["ceded_upr"] - table["ceded_unexpired_commission"]
        table["retained_upr_net"] = table["upr_net"] - table["ceded_upr_net"]
    else:
        for col in ("ceded_upr", "ceded_unexpired_commission", "ceded_upr_net", "retained_upr_net"):
            table[col] = np.nan
    return table


def compute_upr(policies: pd.DataFrame, settings: UprSettings) -> UprResult:
    """Compute the UPR statement of a policy frame (`listing.read_listing`) under `settings`.

    Raises
    ------
    MethodNotAllowedError
        When a compulsory-motor line is given a method other than 1/365.
    """
    methods = line_methods(policies, settings)
    closing = upr_rows(policies, settings, methods=methods)
    has_ceded = bool(policies["ceded_premium"].notna().any())
    closing = closing.fillna({"ceded_upr": 0.0, "ceded_unexpired_commission": 0.0})
    opening_rows = None
    if settings.opening_date is not None:
        opening_rows = upr_rows(policies, settings, settings.opening_date, methods=methods)
        opening_rows = opening_rows.fillna({"ceded_upr": 0.0, "ceded_unexpired_commission": 0.0})
    tables = []
    for keys in (list(KEYS), ["line"], []):
        opening = (
            _sums(opening_rows, keys)[[*keys, "written_premium", "upr_gross"]] if opening_rows is not None else None
        )
        tables.append(_finish(_sums(closing, keys), opening, keys, has_ceded))
    rows, by_line, total = tables
    rows.insert(2, "method", rows["line"].map(methods))
    by_line.insert(0, "branch", None)
    by_line.insert(2, "method", by_line["line"].map(methods))
    total_dict = {col: _plain(total[col].iloc[0]) for col in AMOUNT_COLUMNS}
    order = [*KEYS, "method", *AMOUNT_COLUMNS]
    return UprResult(
        settings, tuple(sorted(methods.items())), rows[order], by_line[order], total_dict, closing, has_ceded
    )


def _plain(value: object) -> float | None:
    value = float(value)  # type: ignore[arg-type]
    return None if np.isnan(value) else value


def upr_runoff(policies: pd.DataFrame, settings: UprSettings, months: int | None = None) -> pd.DataFrame:
    """UPR gross per line at each future month end after the valuation date, and the premium earned in each month.

    Month 1 runs from the valuation date to the end of its month when the valuation date is
    not a month end, else over the next whole month. Cancellations after the valuation date
    are ignored (not known at it). `earned_share` is the month's earned premium over the UPR
    at the valuation date: the earning pattern of the unexpired exposure.
    """
    methods = line_methods(policies, settings)
    closing = pd.Timestamp(settings.valuation_date)
    policies = policies.loc[(written_dates(policies, closing) <= closing).to_numpy()]
    start = upr_rows(policies, settings, methods=methods, cancellations=False)
    month_end = closing + pd.offsets.MonthEnd(0)
    first = month_end if month_end > closing else closing + pd.offsets.MonthEnd(1)
    if months is None:
        last_end = policies.loc[start["upr_gross"].to_numpy() != 0, "end_date"].max()
        months = 1 if pd.isna(last_end) else int((last_end.year - first.year) * 12 + last_end.month - first.month + 1)
        months = max(1, min(months + 1, MAX_RUNOFF_MONTHS))
    previous = start.groupby("line")["upr_gross"].sum()
    opening = previous.copy()
    frames = []
    for j in range(months):
        at = first + pd.offsets.MonthEnd(j)
        now = upr_rows(policies, settings, at, methods=methods, cancellations=False).groupby("line")["upr_gross"].sum()
        frames.append(
            pd.DataFrame(
                {
                    "line": now.index,
                    "month": j + 1,
                    "month_end": at,
                    "earned_premium": (previous - now).to_numpy(),
                    "upr_gross": now.to_numpy(),
                }
            )
        )
        previous = now
    out = pd.concat(frames, ignore_index=True)
    base = out["line"].map(opening)
    out["earned_share"] = np.where(base != 0, out["earned_premium"] / base.where(base != 0, 1.0), 0.0)
    return out[list(RUNOFF_COLUMNS)]
