"""The UPR of every premium row at a date: which rows are written, their unearned share, the amounts.

Vectorised over all rows: the only loop is over the (few) distinct methods. A row is in the
book at date t once written (its written date, or its earning start; a row that starts after
the closing valuation date counts as written on that date, since it is in the listing); a
cancelled row has no UPR from its cancellation date on, and its refund is negative written
premium on that date. The acquisition cost, ceded premium and ceded commission are unearned in
the same proportion as the premium (Rule No. 1, Art. 4; the same method for the cession).
A policy's UPR is never negative: a negative endorsement larger than what remains leaves 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .earning import as_days, curve_unearned, daily_unearned, rule78_unearned
from .grouped import floor_period, grouped_unearned
from .methods import CURVE, DAILY, GROUPED, REVERSE_78, RULE_78, methods_by_line
from .settings import UprSettings

ROW_AMOUNTS = (
    "written_premium",
    "upr_gross",
    "unexpired_acquisition_cost",
    "upr_net",
    "ceded_upr",
    "ceded_unexpired_commission",
)
"""Amounts of each row that add up over rows (the statement's sums by branch, line and in total)."""

ROW_COLUMNS = ("row", "policy_id", "branch", "line", "method", "unearned_share", *ROW_AMOUNTS, "remaining_days")
"""Columns of the row-level result (`upr_rows`)."""


def line_methods(policies: pd.DataFrame, settings: UprSettings) -> dict[str, str]:
    """Return the method of every line in the listing; compulsory-motor lines must use 1/365."""
    lines = sorted(policies["line"].unique())
    compulsory = set(policies.loc[policies["compulsory"], "line"]) | set(settings.compulsory_lines)
    return methods_by_line(lines, settings.method, settings.method_overrides(), compulsory)


def acquisition_costs(policies: pd.DataFrame, settings: UprSettings) -> np.ndarray:
    """Each row's acquisition cost: its own, else premium x the line's ratio in the settings, else 0."""
    cost = policies["acquisition_cost"]
    if settings.acquisition_ratios and cost.isna().any():
        ratio = policies["line"].map(dict(settings.acquisition_ratios)).astype(float)
        cost = cost.fillna(policies["written_premium"] * ratio)
    return cost.fillna(0.0).to_numpy()


def written_dates(policies: pd.DataFrame, closing: pd.Timestamp) -> pd.Series:
    """When each row counts as written: its written date, else its earning start, at the latest `closing`."""
    return policies["written_date"].fillna(policies["earn_start"].clip(upper=closing))


def method_codes(lines: pd.Series, methods: dict[str, str]) -> tuple[np.ndarray, list[str]]:
    """Code of each row's method and the method names (factorising the lines, not mapping a million strings)."""
    line_codes, line_names = pd.factorize(lines)
    names = sorted({methods[line] for line in line_names})
    per_line = np.array([names.index(methods[line]) for line in line_names] or [0], dtype=np.int64)
    return per_line[line_codes], names


def unearned_share(
    policies: pd.DataFrame, methods: dict[str, str], at: pd.Timestamp, written: pd.Series, curve: tuple = ()
) -> np.ndarray:
    """Unearned share of each row at 24:00 of `at`, by its line's method (before cancellations)."""
    start = as_days(policies["earn_start"].to_numpy())
    end = as_days(policies["end_date"].to_numpy())
    when = np.datetime64(at.date(), "D")
    codes, names = method_codes(policies["line"], methods)
    share = np.zeros(len(policies))
    for code, name in enumerate(names):
        hit = codes == code
        if not hit.any():
            continue
        s, e = start[hit], end[hit]
        if name == DAILY:
            share[hit] = daily_unearned(s, e, when)
        elif name in (RULE_78, REVERSE_78):
            share[hit] = rule78_unearned(s, e, when, reverse=name == REVERSE_78)
        elif name == CURVE:
            share[hit] = curve_unearned(s, e, when, curve)
        elif name in GROUPED:
            period = floor_period(written[hit], name).to_numpy()
            term = np.maximum(np.round(((e - s).astype(np.int64) + 1) / (365.25 / 12)), 1)
            share[hit] = grouped_unearned(period, name, when, term)
    return share


def floor_policies(policies: pd.DataFrame, share: np.ndarray) -> np.ndarray:
    """Set to 0 the shares of every row of a policy whose UPR would be negative (regulation-notes §3.1: floor 0).

    Only a negative endorsement larger than what remains of the policy can do that; the check
    groups by policy only when some row has a negative premium.
    """
    premium = policies["written_premium"].to_numpy()
    if not (premium < 0).any():
        return share
    codes, _ = pd.factorize(policies["policy_id"])
    per_policy = np.bincount(codes, weights=share * premium)
    return np.where(per_policy[codes] < 0, 0.0, share)


def upr_rows(
    policies: pd.DataFrame,
    settings: UprSettings,
    at: str | pd.Timestamp | None = None,
    *,
    methods: dict[str, str] | None = None,
    cancellations: bool = True,
) -> pd.DataFrame:
    """Row-level UPR at 24:00 of `at` (the settings' valuation date by default).

    Parameters
    ----------
    policies : DataFrame
        A policy frame (`listing.POLICY_COLUMNS`).
    settings : UprSettings
        Methods, valuation date (which fixes the written dates) and curve.
    at : date, optional
        The date to value at: the valuation date, the opening date, or a future month end.
    methods : dict, optional
        Methods per line, already checked (computed from `settings` when None).
    cancellations : bool
        Honour cancellation dates up to `at` (the run-off turns it off for cancellations
        after the valuation date, which are not known at it).

    Returns
    -------
    DataFrame
        `ROW_COLUMNS`; `written_premium` is the premium written up to `at`, net of refunds.
    """
    closing = pd.Timestamp(settings.valuation_date)
    at = closing if at is None else pd.Timestamp(at)
    methods = methods if methods is not None else line_methods(policies, settings)
    written = written_dates(policies, closing)
    in_book = (written <= at).to_numpy()
    cancel = policies["cancel_date"]
    if not cancellations:
        cancel = cancel.where(cancel <= closing)
    cancelled = (cancel <= at).to_numpy()
    share = unearned_share(policies, methods, at, written, settings.curve)
    share = np.where(in_book & ~cancelled, share, 0.0)
    share = floor_policies(policies, share)
    premium = policies["written_premium"].to_numpy()
    ceded = policies["ceded_premium"].to_numpy()
    codes, names = method_codes(policies["line"], methods)
    out = policies[["row", "policy_id", "branch", "line"]].reset_index(drop=True)
    out = out.assign(
        **{
            "method": pd.Categorical.from_codes(codes, categories=names),
            "unearned_share": share,
            "written_premium": np.where(in_book, premium, 0.0) - np.where(in_book & cancelled, policies["refund"], 0.0),
            "upr_gross": share * premium,
            "unexpired_acquisition_cost": share * acquisition_costs(policies, settings),
            "ceded_upr": share * ceded,
            "ceded_unexpired_commission": share * policies["ceded_commission"].to_numpy(),
        }
    )
    out["upr_net"] = out["upr_gross"] - out["unexpired_acquisition_cost"]
    days_left = (as_days(policies["end_date"].to_numpy()) - np.datetime64(at.date(), "D")).astype(np.int64)
    out["remaining_days"] = np.where(share > 0, np.maximum(days_left, 0), 0)
    return out[list(ROW_COLUMNS)]
