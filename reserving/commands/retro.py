"""`python -m reserving retro SOURCE --valuations DATE,DATE,...`: retrospective deviation (回溯分析).

Each valuation is rebuilt by cutting the data back to its date and applying ``--method``
with the assumption options. Prints ``{"measure", "method", "valuations", "threshold",
"reserve_basis", "assumptions", "results": [{"segment", "origins", "total", "estimates"}],
"total"}``; per origin ``original``, ``paid_since``, ``reserve``, ``re_estimate``,
``deviation``, ``deviation_rate`` (null on a nil original reserve, where no rate is defined),
``flag`` and ``flag_reason`` (``deficiency``, ``redundancy``, ``nil_reserve`` or empty)
against the last date, ``by_valuation`` for every later date, and the empty records
``cause`` and ``corrective_measure``.
"""

from __future__ import annotations

import argparse
import math
from typing import Any

from reserving.commands.assumption_options import add_assumption_arguments, assumptions_for, resolve_measure

STEP_FIELDS = ("paid_since", "reserve", "re_estimate", "deviation", "deviation_rate", "flag", "flag_reason")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``retro`` subcommand."""
    from reserving.commands.source_options import add_source_arguments  # noqa: PLC0415 - loaded only when the command runs
    from reserving.methods.registry import METHODS  # noqa: PLC0415 - loaded only when the command runs

    parser = subparsers.add_parser("retro", help="retrospective deviation of reserves across valuation dates")
    add_source_arguments(parser)
    parser.add_argument(
        "--valuations", required=True, metavar="DATE,DATE,...", help="valuation dates T0 < T1 < ... (YYYY-MM-DD)"
    )
    parser.add_argument("--measure", help="measure (incurred, else paid, by default)")
    parser.add_argument("--method", default="chainladder", choices=list(METHODS), help="method of every valuation")
    parser.add_argument("--threshold", type=float, default=0.05, help="flag |deviation rate| above this (0.05 = 5%%)")
    add_assumption_arguments(parser)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> dict[str, Any]:
    """Run the retrospective deviation on every segment and return the JSON-ready result."""
    from reserving.commands.source_options import load_dataset_from_args  # noqa: PLC0415 - loaded only when the command runs
    from reserving.retrospection.dates import parse_dates  # noqa: PLC0415 - loaded only when the command runs
    from reserving.retrospection.deviation import retrospective_deviation  # noqa: PLC0415 - loaded only when the command runs

    valuations = parse_dates(args.valuations, "--valuations")
    dataset = load_dataset_from_args(args)
    measure = resolve_measure(dataset, args.measure)
    assumptions = assumptions_for(args, measure)
    report = retrospective_deviation(
        dataset, measure, valuations, assumptions=assumptions, method=args.method, threshold=args.threshold
    )
    results = [{"segment": dict(key), **_result_json(result)} for key, result in report.segments]
    return {
        "measure": report.measure,
        "method": report.method,
        "valuations": [d.date().isoformat() for d in report.valuations],
        "threshold": report.threshold,
        "reserve_basis": report.reserve_basis,
        "assumptions": assumptions.to_dict(),
        "results": results,
        "total": _total_json(report.total),
    }


def _steps(frame: Any) -> dict[str, list[dict[str, Any]]]:
    steps: dict[str, list[dict[str, Any]]] = {}
    for row in frame.to_dict("records"):
        entry = {"valuation": row["valuation"].date().isoformat(), **{f: row[f] for f in STEP_FIELDS}}
        steps.setdefault(row["origin"], []).append(entry)
    return steps


def _total_json(result: Any) -> dict[str, Any]:
    by_valuation = [
        {"valuation": t["valuation"].date().isoformat(), **{f: t[f] for f in STEP_FIELDS}}
        for t in result.total_by_valuation
    ]
    return {**result.total, "by_valuation": by_valuation}


def _result_json(result: Any) -> dict[str, Any]:
    steps = _steps(result.by_valuation)
    origins = [{**row, "by_valuation": steps[row["origin"]]} for row in result.origins.to_dict("records")]
    estimates = [
        {"origin": origin, "ultimates": {d: (None if math.isnan(v) else v) for d, v in row.items()}}
        for origin, row in result.estimates.to_dict("index").items()
    ]
    return {"origins": origins, "total": _total_json(result), "estimates": estimates}
