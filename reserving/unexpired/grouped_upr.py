"""UPR of a grouped premium table (reinsurance without policy-level data): read, check, value.

A grouped table has one row per writing period (month, quarter or half-year), optionally per
branch and line, with the written premium and, when known, the acquisition cost, ceded premium
and commission, and the term in months (12 when absent). All premium of a period is taken as
written at its mid-point (`grouped.grouped_unearned`), so a period counts as written by a date
once its mid-point has passed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reserving.columns import normalise_name
from reserving.errors import AssumptionError
from reserving.ingest.issues import Collector
from reserving.parsing import ParseError, parse_period
from reserving.readers import SourceTable
from reserving.validation import ValidationReport

from .cells import parse_amounts
from .grouped import GROUPED_COLUMNS, check_grouped, grouped_unearned, month_position, period_months
from .methods import GROUPED
from .results import AMOUNT_COLUMNS, KEYS, add_ceded_columns

PERIOD_NAMES = {1: "month", 3: "quarter", 6: "half-year"}
_GROUPED_NAMES = {
    "period_start": (
        "period",
        "writing period",
        "month",
        "quarter",
        "half year",
        "承保月份",
        "签单月份",
        "业务期间",
        "期间",
        "月份",
        "季度",
    ),
    "branch": ("branch", "分支机构", "机构"),
    "line": ("line", "lob", "险种"),
    "written_premium": ("written_premium", "written premium", "premium", "签单保费", "分入保费", "保费"),
    "acquisition_cost": ("acquisition_cost", "acquisition cost", "保单获取成本", "分保费用"),
    "ceded_premium": ("ceded_premium", "ceded premium", "分出保费"),
    "ceded_commission": ("ceded_commission", "ceded commission", "分保佣金"),
    "term_months": ("term_months", "term", "保险期限", "期限"),
}


def read_grouped(source: SourceTable, method: str) -> tuple[pd.DataFrame | None, ValidationReport]:
    """Read a grouped premium table; periods finer than the method's are summed into its periods.

    A period coarser than the method's (a quarter under 1/24) is an error at its cell: its
    mid-point would be wrong.
    """
    issues = Collector(source)
    names = {normalise_name(c): c for c in source.columns}
    roles = {}
    for role, words in _GROUPED_NAMES.items():
        for word in words:
            if normalise_name(word) in names:
                roles[role] = names[normalise_name(word)]
                break
    for role in ("period_start", "written_premium"):
        if role not in roles:
            issues.error("missing_column", f"a grouped premium table needs a column for {role.replace('_', ' ')}")
    if issues.has_errors:
        return None, issues.report()
    raw = source.table
    frame = pd.DataFrame(index=raw.index)
    length = period_months(method)
    starts = []
    for row, value in raw[roles["period_start"]].items():
        try:
            parsed = parse_period(value)
        except ParseError as exc:
            issues.error("bad_period", str(exc), int(row), roles["period_start"])
            starts.append(pd.NaT)
            continue
        grain_months = {"M": 1, "Q": 3, "S": 6, "Y": 12, "D": 1}.get(parsed.grain if parsed else "M", 1)
        if parsed is None or grain_months > length:
            issues.error(
                "coarse_period",
                f"'{value}' is not a writing {PERIOD_NAMES[length]} as {method} needs",
                int(row),
                roles["period_start"],
            )
            starts.append(pd.NaT)
            continue
        starts.append(parsed.ts)
    frame["period_start"] = pd.to_datetime(pd.Series(starts, index=raw.index))
    for role in ("written_premium", "acquisition_cost", "ceded_premium", "ceded_commission", "term_months"):
        if role in roles:
            frame[role] = parse_amounts(raw[roles[role]], roles[role], issues)
    for role in ("branch", "line"):
        if role in roles:
            frame[role] = raw[roles[role]].astype("string").fillna("").str.strip().astype(object)
    if issues.has_errors:
        return None, issues.report()
    table = check_grouped(frame)
    months = table["period_start"].to_numpy().astype("datetime64[M]").astype(np.int64)
    table["period_start"] = ((months // length) * length).astype("datetime64[M]").astype("datetime64[s]")
    keys = ["branch", "line", "period_start", "term_months"]
    amounts = [c for c in GROUPED_COLUMNS if c not in keys]
    table = table.groupby(keys, sort=True)[amounts].sum(min_count=1).reset_index()[list(GROUPED_COLUMNS)]
    return table, issues.report()


def grouped_upr(table: pd.DataFrame, method: str, valuation_date: str, opening_date: str | None = None) -> pd.DataFrame:
    """UPR per branch and line of a grouped table (`grouped.GROUPED_COLUMNS`) by a 1/n method.

    Returns the columns of `results.UprResult.rows`: ``branch``, ``line``, ``method`` and
    `results.AMOUNT_COLUMNS` (ceded ones NaN without ceded data; earned NaN without an opening date).
    """
    if method not in GROUPED:
        raise AssumptionError(f"a grouped premium table needs 1/24, 1/8 or 1/4, not '{method}'")
    table = check_grouped(table)
    length = period_months(method)
    months = table["period_start"].to_numpy().astype("datetime64[M]").astype(np.int64)
    mid = months + length / 2
    frame = table[["branch", "line"]].copy()

    def at(date: str) -> pd.DataFrame:
        when = np.datetime64(date, "D")
        written = mid <= month_position(when)
        share = np.where(
            written,
            grouped_unearned(table["period_start"].to_numpy(), method, when, table["term_months"].to_numpy()),
            0.0,
        )
        out = frame.assign(
            written_premium=np.where(written, table["written_premium"], 0.0),
            upr_gross=share * table["written_premium"],
            unexpired_acquisition_cost=share * table["acquisition_cost"],
            ceded_upr=share * table["ceded_premium"].fillna(0.0),
            ceded_unexpired_commission=share * table["ceded_commission"].fillna(0.0),
        )
        return out.groupby(list(KEYS), sort=True).sum().reset_index()

    rows = at(valuation_date)
    rows["upr_net"] = rows["upr_gross"] - rows["unexpired_acquisition_cost"]
    if opening_date is not None:
        opening = at(opening_date)
        rows["opening_upr_gross"] = opening["upr_gross"].to_numpy()
        rows["written_premium"] = rows["written_premium"] - opening["written_premium"].to_numpy()
        rows["earned_premium"] = rows["written_premium"] + rows["opening_upr_gross"] - rows["upr_gross"]
    else:
        rows["opening_upr_gross"] = np.nan
        rows["earned_premium"] = np.nan
    add_ceded_columns(rows, bool(table["ceded_premium"].notna().any()))
    rows.insert(2, "method", method)
    return rows[[*KEYS, "method", *AMOUNT_COLUMNS]]
