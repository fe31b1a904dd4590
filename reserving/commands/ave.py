"""`python -m reserving ave SOURCE --as-of DATE`: actual vs expected emergence since a prior valuation.

The prior is rebuilt by cutting the data back to ``--as-of`` and applying ``--method`` with
the assumption options; the emergence up to ``--to`` (the data's latest date by default) is
compared with what the prior's pattern expected. Prints ``{"measure", "method", "as_of",
"to", "k", "std_err_basis", "assumptions", "results": [{"segment", "origins", "by_calendar",
"total"}], "by_calendar", "total"}`` with per-origin ``actual``, ``expected``, ``a_minus_e``,
``a_over_e``, and ``left_out`` (``origin``, ``reason``, ``actual``) with ``notes`` for the
origins not compared: those that start after ``--as-of`` have no prior. The overall
standard error is null when there are several segments.
"""

from __future__ import annotations

import argparse
from typing import Any

from reserving.commands.assumption_options import add_assumption_arguments, assumptions_for, resolve_measure
from reserving.retrospection.ave import ORIGIN_COLUMNS

ORIGIN_FIELDS = ORIGIN_COLUMNS
"""Per-origin fields of the JSON: every column of the domain's result, in its order."""
CALENDAR_FIELDS = ("period", "actual", "expected", "a_minus_e", "a_over_e")
LEFT_OUT_FIELDS = ("origin", "reason", "actual")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``ave`` subcommand."""
    from reserving.commands.source_options import add_source_arguments  # noqa: PLC0415 - loaded only when the command runs
    from reserving.methods.registry import METHODS  # noqa: PLC0415 - loaded only when the command runs

    parser = subparsers.add_parser("ave", help="actual vs expected emergence since a prior valuation")
    add_source_arguments(parser)
    parser.add_argument("--as-of", required=True, metavar="DATE", help="date of the prior valuation (YYYY-MM-DD)")
    parser.add_argument("--to", metavar="DATE", help="end of the period (the data's latest valuation by default)")
    parser.add_argument("--measure", help="measure (incurred, else paid, by default)")
    parser.add_argument("--method", default="chainladder", choices=list(METHODS), help="method of the prior IBNR")
    parser.add_argument("--k", type=float, default=1.0, help="flag origins with |A - E| > k x Mack s.e. of the prior")
    parser.add_argument(
        "--pattern-grain", choices=("Y", "S", "Q", "M"), help="development grain of the prior pattern (data's own)"
    )
    add_assumption_arguments(parser)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> dict[str, Any]:
    """Run AvE on every segment and return the JSON-ready result."""
    from reserving.commands.source_options import load_dataset_from_args  # noqa: PLC0415 - loaded only when the command runs
    from reserving.retrospection.ave import STD_ERR_BASIS, ave_report  # noqa: PLC0415 - loaded only when the command runs
    from reserving.retrospection.dates import parse_date  # noqa: PLC0415 - loaded only when the command runs

    as_of = parse_date(args.as_of, "--as-of")
    to = parse_date(args.to, "--to") if args.to else None
    dataset = load_dataset_from_args(args)
    measure = resolve_measure(dataset, args.measure)
    assumptions = assumptions_for(args, measure)
    report = ave_report(
        dataset,
        measure,
        as_of,
        to=to,
        assumptions=assumptions,
        method=args.method,
        k=args.k,
        pattern_grain=args.pattern_grain,
    )
    results = [{"segment": dict(key), **_result_json(result)} for key, result in report.segments]
    overall = _result_json(report.total)
    return {
        "measure": report.measure,
        "method": report.method,
        "as_of": report.as_of.date().isoformat(),
        "to": report.to.date().isoformat(),
        "k": report.k,
        "std_err_basis": STD_ERR_BASIS,
        "assumptions": assumptions.to_dict(),
        "results": results,
        "by_calendar": overall["by_calendar"],
        "total": overall["total"],
        "left_out": overall["left_out"],
        "notes": overall["notes"],
    }


def _result_json(result: Any) -> dict[str, Any]:
    origins = [{name: row[name] for name in ORIGIN_FIELDS} for row in result.origins.to_dict("records")]
    calendar = [{name: row[name] for name in CALENDAR_FIELDS} for row in result.calendar.to_dict("records")]
    left_out = [{name: row[name] for name in LEFT_OUT_FIELDS} for row in result.left_out.to_dict("records")]
    return {
        "origins": origins,
        "by_calendar": calendar,
        "total": dict(result.total),
        "left_out": left_out,
        "notes": list(result.notes),
    }
