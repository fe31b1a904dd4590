"""From a policy listing file to a validated frame of policy rows, with every problem located.

The listing is read with the project's readers (CSV in any encoding, .xlsx, Parquet), its
columns recognised by English and Chinese names (`columns`), its cells parsed at once
(`cells`) and checked. Nothing raises for bad data: each problem becomes an `Issue` with the
file, sheet, spreadsheet row (header = row 1) and column, errors block and warnings do not,
exactly as for claims data.

The frame has one row per listing row, with the canonical columns of `POLICY_COLUMNS`. An
endorsement row (with an effective date) keeps its own premium, earns from its effective
date and takes the policy's start and end from the policy's first row when left blank.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from reserving.errors import InputError, Location
from reserving.ingest.files import read_file
from reserving.ingest.issues import Collector
from reserving.parsing import MISSING_TOKENS
from reserving.readers import SourceTable, read_source
from reserving.validation import ERROR, WARNING, Issue, ValidationReport

from .cells import parse_amounts, parse_dates, parse_flags
from .columns import AMOUNT_ROLES, DATE_ROLES, REQUIRED_ROLES, PolicyMapping, guess_roles
from .methods import is_compulsory_name

POLICY_COLUMNS = (
    "row",
    "policy_id",
    "branch",
    "line",
    "start_date",
    "end_date",
    "earn_start",
    "written_date",
    "written_premium",
    "acquisition_cost",
    "cancel_date",
    "refund",
    "ceded_premium",
    "ceded_commission",
    "compulsory",
    "endorsement",
)
"""Columns of a policy frame; dates are ``datetime64[s]`` at midnight, amounts float, NaN/NaT when absent
(an acquisition cost left NaN is filled from `UprSettings.acquisition_ratios`, else taken as 0)."""

NO_MAPPING = PolicyMapping()
"""Nothing mapped by hand: every role recognised by name."""

ROLE_LABELS = {
    "policy_id": "policy id (保单号)",
    "branch": "branch (分支机构)",
    "line": "line (险种)",
    "start_date": "start date (起保日期)",
    "end_date": "end date (终止日期)",
    "written_premium": "written premium (签单保费)",
}


@dataclass(frozen=True)
class ListingResult:
    """The outcome of reading a listing: the policy frame (None when errors block), the report, the roles used."""

    policies: pd.DataFrame | None
    report: ValidationReport
    roles: dict[str, str] = field(default_factory=dict)
    file_name: str = ""

    def require(self) -> pd.DataFrame:
        """Return the policy frame, or raise the report's first error as an `InputError`."""
        self.report.raise_if_errors()
        assert self.policies is not None
        return self.policies


def _text(values: pd.Series) -> pd.Series:
    """Cells as stripped text, '' where blank (NaN, None)."""
    return values.astype("string").fillna("").str.strip().astype(object)


def _flag_blank(issues: Collector, frame: pd.DataFrame, raw: pd.Series, role: str, source_col: str) -> None:
    """Report required cells left blank (not those that failed to parse: they are reported already)."""
    col = role
    blank = frame[col].isna() if frame[col].dtype.kind in "fM" else frame[col].eq("")
    raw_blank = raw.isna() | raw.astype("string").str.strip().str.lower().isin(MISSING_TOKENS).fillna(True)
    for row in frame.loc[blank & raw_blank.to_numpy(), "row"]:
        issues.error("missing_value", f"the {ROLE_LABELS.get(role, role)} is blank", int(row), source_col)


def _fill_from_policy(frame: pd.DataFrame, col: str) -> None:
    """Give endorsement rows the value of the policy's first row where their own cell is blank."""
    gaps = frame["endorsement"] & frame[col].isna()
    if not gaps.any():
        return
    base = frame.loc[~frame["endorsement"]].drop_duplicates("policy_id").set_index("policy_id")[col]
    frame.loc[gaps, col] = frame.loc[gaps, "policy_id"].map(base)


def _check_rows(frame: pd.DataFrame, roles: dict[str, str], issues: Collector) -> None:
    """Row-level checks: order of dates, refunds, suspicious amounts."""

    def each(mask: pd.Series, severity: str, rule: str, role: str, message: str) -> None:
        for row in frame.loc[mask.fillna(False).astype(bool), "row"]:
            issues.add(severity, rule, message, int(row), roles.get(role))

    each(
        frame["end_date"] < frame["start_date"],
        ERROR,
        "end_before_start",
        "end_date",
        "the end date is before the start date",
    )
    if "effective_date" in roles:
        eff = frame["earn_start"].where(frame["endorsement"])
        each(
            eff > frame["end_date"],
            ERROR,
            "effective_after_end",
            "effective_date",
            "the endorsement takes effect after the policy ends",
        )
        each(
            eff < frame["start_date"],
            ERROR,
            "effective_before_start",
            "effective_date",
            "the endorsement takes effect before the policy starts",
        )
    if "cancel_date" in roles:
        each(
            frame["cancel_date"] < frame["start_date"],
            ERROR,
            "cancel_before_start",
            "cancel_date",
            "the cancellation date is before the start date",
        )
        each(
            frame["cancel_date"] > frame["end_date"],
            WARNING,
            "cancel_after_end",
            "cancel_date",
            "the cancellation date is after the policy end; it changes nothing",
        )
    if "refund" in roles:
        each(
            frame["refund"].gt(0) & frame["cancel_date"].isna(),
            ERROR,
            "refund_without_cancel",
            "refund",
            "a refund needs the cancellation date (退保日期) of the policy",
        )
        each(
            frame["refund"] > frame["written_premium"],
            WARNING,
            "refund_above_premium",
            "refund",
            "the refund is larger than the written premium",
        )
    each(
        frame["written_premium"].lt(0) & ~frame["endorsement"],
        WARNING,
        "negative_premium",
        "written_premium",
        "negative written premium on a policy row (not an endorsement)",
    )
    if "ceded_premium" in roles:
        each(
            frame["ceded_premium"].abs() > frame["written_premium"].abs(),
            WARNING,
            "ceded_above_written",
            "ceded_premium",
            "the ceded premium is larger than the written premium",
        )
    base = ~frame["endorsement"]
    duplicate = pd.Series(False, index=frame.index)
    duplicate[base] = frame.loc[base, "policy_id"].duplicated(keep="first")
    each(
        duplicate,
        WARNING,
        "duplicate_policy",
        "policy_id",
        "the policy id appears on another policy row; both are counted",
    )


def _acquisition(
    frame: pd.DataFrame, raw: pd.DataFrame, roles: dict[str, str], issues: Collector, ratios: Mapping[str, float]
) -> pd.Series:
    """Acquisition cost per row: the cost column, else the row's ratio, else the line's ratio, else NaN."""
    cost = frame["acquisition_cost"] if "acquisition_cost" in roles else pd.Series(np.nan, index=frame.index)
    if "acquisition_ratio" in roles:
        ratio = parse_amounts(raw[roles["acquisition_ratio"]], roles["acquisition_ratio"], issues)
        ratio = ratio.where(ratio <= 1, ratio / 100)  # 12 means 12 %
        cost = cost.fillna(frame["written_premium"] * ratio)
    if ratios:
        cost = cost.fillna(frame["written_premium"] * frame["line"].map(dict(ratios)))
    if "acquisition_cost" not in roles and "acquisition_ratio" not in roles and not ratios:
        issues.warn(
            "no_acquisition_cost",
            "the listing has no acquisition cost (保单获取成本) and no ratio was given:"
            " the UPR net equals the UPR gross",
        )
    return cost  # NaN where nothing is known: `UprSettings.acquisition_ratios` may still fill it, else 0


def read_listing(
    source: SourceTable,
    mapping: PolicyMapping = NO_MAPPING,
    acquisition_ratios: Mapping[str, float] | None = None,
) -> ListingResult:
    """Map, parse and check a listing already read; never raises for bad data.

    Parameters
    ----------
    source : SourceTable
        The table as read (`reserving.readers.read_source`).
    mapping : PolicyMapping
        Columns given by hand; the others are recognised by name.
    acquisition_ratios : mapping of line to ratio, optional
        Acquisition-cost ratio per line, used where a row has no cost of its own.
    """
    issues = Collector(source)
    try:
        roles = guess_roles(source.columns, mapping)
    except InputError as exc:
        return ListingResult(
            None,
            ValidationReport((Issue(ERROR, exc.message, source.location(), "unknown_column"),)),
            {},
            source.file_name,
        )
    for role in REQUIRED_ROLES:
        if role not in roles:
            issues.error(
                "missing_column",
                f"no column for the {ROLE_LABELS[role]}; map one with --column {role}=COL (or in the mapping)",
            )
    if issues.has_errors:
        return ListingResult(None, issues.report(), roles, source.file_name)
    raw = source.table
    frame = pd.DataFrame({"row": raw.index.astype(int)}, index=raw.index)
    for role in ("policy_id", "branch", "line"):
        frame[role] = _text(raw[roles[role]])
    for role in DATE_ROLES:
        frame[role] = (
            parse_dates(raw[roles[role]], roles[role], issues)
            if role in roles
            else pd.Series(pd.NaT, index=raw.index, dtype="datetime64[s]")
        )
    for role in AMOUNT_ROLES:
        frame[role] = parse_amounts(raw[roles[role]], roles[role], issues) if role in roles else np.nan
    frame["endorsement"] = frame["effective_date"].notna()
    for col in ("start_date", "end_date", "cancel_date"):
        _fill_from_policy(frame, col)
    for role in ("policy_id", "branch", "line", "start_date", "end_date", "written_premium"):
        _flag_blank(issues, frame, raw[roles[role]], role, roles[role])
    frame["earn_start"] = frame["effective_date"].fillna(frame["start_date"])
    frame["acquisition_cost"] = _acquisition(frame, raw, roles, issues, acquisition_ratios or {})
    flag = parse_flags(raw[roles["compulsory"]], roles["compulsory"], issues) if "compulsory" in roles else False
    compulsory_lines = [line for line in pd.unique(frame["line"]) if is_compulsory_name(line)]
    frame["compulsory"] = frame["line"].isin(compulsory_lines).to_numpy() | flag
    frame["refund"] = frame["refund"].fillna(0.0)
    _check_rows(frame, roles, issues)
    report = issues.report()
    if not report.ok:
        return ListingResult(None, report, roles, source.file_name)
    return ListingResult(frame[list(POLICY_COLUMNS)].reset_index(drop=True), report, roles, source.file_name)


def read_listing_bytes(
    data: bytes,
    file_name: str,
    mapping: PolicyMapping = NO_MAPPING,
    acquisition_ratios: Mapping[str, float] | None = None,
) -> ListingResult:
    """Read uploaded bytes (CSV/XLSX/Parquet) and `read_listing`; an unreadable file is one error issue."""
    try:
        source = read_source(data, file_name, mapping.sheet, mapping.encoding)
    except InputError as exc:
        return ListingResult(
            None, ValidationReport((Issue(ERROR, exc.message, exc.location, "unreadable"),)), {}, file_name
        )
    return read_listing(source, mapping, acquisition_ratios)


def read_listing_path(
    path: str | Path,
    mapping: PolicyMapping = NO_MAPPING,
    acquisition_ratios: Mapping[str, float] | None = None,
) -> ListingResult:
    """Read a listing from disk (the command line's entry point)."""
    path = Path(path)
    try:
        data = read_file(path)
    except InputError as exc:
        return ListingResult(
            None,
            ValidationReport((Issue(ERROR, exc.message, exc.location or Location(path.name), "unreadable"),)),
            {},
            path.name,
        )
    return read_listing_bytes(data, path.name, mapping, acquisition_ratios)
