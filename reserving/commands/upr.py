"""`python -m reserving upr POLICIES --valuation-date DATE`: the unearned premium reserve of a policy listing.

``POLICIES`` is a listing (CSV, .xlsx, Parquet) or ``sample:china``. Columns are recognised by
their English or Chinese names; ``--column ROLE=COL`` maps one by hand (roles: policy_id,
branch, line, start_date, end_date, written_premium, acquisition_cost, acquisition_ratio,
effective_date, written_date, cancel_date, refund, ceded_premium, ceded_commission, compulsory).

Prints ``{"valuation_date", "opening_date", "method", "methods", "rows": [...], "total": {...},
"warnings": [...]}``; each row has ``branch``, ``line``, ``method``, ``written_premium``,
``earned_premium`` (null without ``--opening-date``), ``upr_gross``,
``unexpired_acquisition_cost`` and ``upr_net``, plus ``ceded_upr``, ``ceded_upr_net`` and
``retained_upr_net`` when the listing has ceded premium; ``total`` has the same amounts.
Without an opening date ``written_premium`` is all premium written up to the valuation date.
With ``--grouped``, POLICIES is premium grouped by writing month, quarter or half-year (columns
period, line, branch, written premium, acquisition cost, term) valued by ``--method`` 1/24, 1/8
or 1/4, which Rule No. 1 keeps for reinsurance without policy-level data.
"""

from __future__ import annotations

import argparse
from typing import Any

SAMPLES = ("china",)
METHOD_CHOICES = ("1/365", "78", "reverse78", "1/24", "1/8", "1/4")
ROW_FIELDS = (
    "branch",
    "line",
    "method",
    "written_premium",
    "earned_premium",
    "upr_gross",
    "unexpired_acquisition_cost",
    "upr_net",
)
CEDED_FIELDS = ("ceded_upr", "ceded_upr_net", "retained_upr_net")
TOTAL_FIELDS = ROW_FIELDS[3:]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``upr`` subcommand."""
    from reserving.commands.source_options import add_reading_arguments  # noqa: PLC0415 - loaded only when the command runs

    parser = subparsers.add_parser("upr", help="unearned premium reserve of a policy listing, per branch and line")
    parser.add_argument("policies", metavar="POLICIES", help="policy listing (CSV, .xlsx, Parquet) or sample:china")
    parser.add_argument(
        "--valuation-date", required=True, metavar="DATE", help="valuation date, YYYY-MM-DD (valued at 24:00)"
    )
    parser.add_argument("--method", default="1/365", choices=METHOD_CHOICES, help="UPR method of every line (1/365)")
    parser.add_argument(
        "--line-method", metavar="LINE=METHOD", action="append", default=[], help="method of one line (repeatable)"
    )
    parser.add_argument("--opening-date", metavar="DATE", help="start of the period, for the earned premium")
    parser.add_argument(
        "--acquisition-ratio",
        metavar="LINE=RATIO",
        action="append",
        default=[],
        help="acquisition-cost ratio of a line, for rows without a cost (repeatable)",
    )
    parser.add_argument(
        "--grouped",
        action="store_true",
        help="POLICIES is premium grouped by writing period (reinsurance without policy data); needs 1/24, 1/8 or 1/4",
    )
    add_reading_arguments(parser)
    parser.add_argument(
        "--column", metavar="ROLE=COL", action="append", default=[], help="column of a role, by hand (repeatable)"
    )
    parser.set_defaults(handler=run)


def _ratios(texts: list[str]) -> tuple[tuple[str, float], ...]:
    from reserving.errors import InputError  # noqa: PLC0415
    from reserving.parsing import ParseError, parse_number  # noqa: PLC0415

    out = []
    for text in texts:
        line, sep, value = text.rpartition("=")
        try:
            ratio = parse_number(value) if sep and line.strip() else None
        except ParseError:
            ratio = None
        if ratio is None:
            raise InputError(f"--acquisition-ratio expects LINE=RATIO, got '{text}'")
        out.append((line.strip(), ratio / 100 if ratio >= 1 else ratio))
    return tuple(out)


def _line_methods(texts: list[str]) -> tuple[tuple[str, str], ...]:
    from reserving.errors import InputError  # noqa: PLC0415

    out = []
    for text in texts:
        line, sep, method = text.rpartition("=")
        if not sep or not line.strip() or not method.strip():
            raise InputError(f"--line-method expects LINE=METHOD, got '{text}'")
        out.append((line.strip(), method.strip()))
    return tuple(out)


def _grouped(path: str, settings: Any, args: argparse.Namespace) -> dict[str, Any]:
    """Value a grouped premium table by its 1/n method."""
    from pathlib import Path  # noqa: PLC0415

    from reserving.errors import InputError  # noqa: PLC0415
    from reserving.ingest.files import read_file  # noqa: PLC0415
    from reserving.readers import read_source  # noqa: PLC0415
    from reserving.unexpired.grouped_upr import grouped_upr, read_grouped  # noqa: PLC0415
    from reserving.unexpired.methods import GROUPED  # noqa: PLC0415

    if settings.method not in GROUPED:
        raise InputError("--grouped needs --method 1/24, 1/8 or 1/4 (premium grouped by month, quarter or half-year)")
    source = read_source(read_file(Path(path)), Path(path).name, args.sheet, args.encoding)
    table, report = read_grouped(source, settings.method)
    report.raise_if_errors()
    rows = grouped_upr(table, settings.method, settings.valuation_date, settings.opening_date)
    has_ceded = bool(rows["ceded_upr"].notna().any())
    fields = ROW_FIELDS + (CEDED_FIELDS if has_ceded else ())
    total_fields = TOTAL_FIELDS + (CEDED_FIELDS if has_ceded else ())
    total = {k: (None if rows[k].isna().all() else float(rows[k].sum())) for k in total_fields}
    return {
        "valuation_date": settings.valuation_date,
        "opening_date": settings.opening_date,
        "method": settings.method,
        "methods": dict.fromkeys(sorted(rows["line"].unique()), settings.method),
        "rows": [{k: row[k] for k in fields} for row in rows.to_dict("records")],
        "total": total,
        "warnings": [issue.describe() for issue in report.warnings],
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Read the listing, compute the UPR and describe it."""
    from reserving.errors import InputError  # noqa: PLC0415 - loaded only when the command runs
    from reserving.unexpired import PolicyMapping, UprSettings, compute_upr, read_listing_path  # noqa: PLC0415
    from reserving.unexpired.columns import parse_pairs  # noqa: PLC0415
    from reserving.unexpired.methods import GROUPED  # noqa: PLC0415

    settings = UprSettings(
        valuation_date=args.valuation_date,
        method=args.method,
        line_methods=_line_methods(args.line_method),
        opening_date=args.opening_date,
        acquisition_ratios=_ratios(args.acquisition_ratio),
    )
    mapping = PolicyMapping.from_pairs(parse_pairs(args.column), sheet=args.sheet, encoding=args.encoding)
    source: str = args.policies
    if source.startswith("sample:"):
        name = source.removeprefix("sample:")
        if name not in SAMPLES:
            raise InputError(f"no sample policy listing '{name}'; the samples with one are {', '.join(SAMPLES)}")
        from reserving.samples import CHINA_POLICIES  # noqa: PLC0415

        source = str(CHINA_POLICIES)
    if args.grouped:
        return _grouped(source, settings, args)
    listing = read_listing_path(source, mapping, dict(settings.acquisition_ratios))
    policies = listing.require()
    result = compute_upr(policies, settings)
    fields = ROW_FIELDS + (CEDED_FIELDS if result.has_ceded else ())
    warnings = [issue.describe() for issue in listing.report.warnings]
    grouped = sorted({m for _, m in result.methods if m in GROUPED})
    if grouped:
        warnings.append(
            f"{', '.join(grouped)} applied to a policy listing: Rule No. 1, Art. 8 allows the 1/24, 1/8 and 1/4"
            " methods only for reinsurance business without policy-level data"
        )
    return {
        "valuation_date": settings.valuation_date,
        "opening_date": settings.opening_date,
        "method": settings.method,
        "methods": dict(result.methods),
        "rows": [{k: row[k] for k in fields} for row in result.rows.to_dict("records")],
        "total": {k: result.total[k] for k in TOTAL_FIELDS + (CEDED_FIELDS if result.has_ceded else ())},
        "warnings": warnings,
    }
