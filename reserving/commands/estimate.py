"""`python -m reserving estimate SOURCE --measure M --method NAME`: one method on every segment.

Prints ``{"measure", "method", "assumptions", "results": [{"segment", "origins", "total"}],
"total"}``. The overall total of the standard error is null when there is more than one
segment: Mack and bootstrap s.e.s of segments are not independent, so neither a sum nor a
sum in quadrature is right, and a joint model across segments is not estimated here.
"""

from __future__ import annotations

import argparse
import csv
import math
from pathlib import Path
from typing import Any

from reserving.assumptions import (
    DevelopmentAssumptions,
    LossRatioAssumptions,
    MethodOptions,
    SegmentAssumptions,
    TailAssumptions,
)
from reserving.commands.assumption_options import add_assumption_arguments, resolve_measure
from reserving.errors import AssumptionError, InputError, ReservingError

ORIGIN_FIELDS = ("origin", "latest", "ultimate", "ibnr", "std_err")
TOTAL_FIELDS = ("latest", "ultimate", "ibnr", "std_err")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``estimate`` subcommand."""
    from reserving.commands.source_options import add_source_arguments  # noqa: PLC0415 - loaded only when the command runs
    from reserving.methods.registry import METHODS  # noqa: PLC0415 - loaded only when the command runs

    parser = subparsers.add_parser("estimate", help="run one reserving method and print ultimates and IBNR")
    add_source_arguments(parser)
    parser.add_argument(
        "--measure", help="measure to estimate (paid, incurred ...); by default incurred, else paid, else the only one"
    )
    parser.add_argument("--method", required=True, choices=list(METHODS), help="method name")
    add_assumption_arguments(parser)
    parser.set_defaults(handler=handle)


def parse_tail(text: str) -> TailAssumptions:
    """``constant:1.05`` -> TailAssumptions(kind='constant', factor=1.05); other kinds by name."""
    kind, _, value = text.partition(":")
    if kind == "constant":
        try:
            factor = float(value)
        except ValueError as exc:
            raise AssumptionError(f"--tail constant needs a factor, as constant:1.05; got '{text}'") from exc
        return TailAssumptions(kind="constant", factor=factor)
    if value:
        raise AssumptionError(f"--tail {kind} takes no value; got '{text}'")
    return TailAssumptions(kind=kind)


def read_apriori_file(path: str) -> tuple[tuple[str, float], ...]:
    """Per-origin loss ratios from a CSV with header ``origin,loss_ratio``."""
    file = Path(path)
    if not file.is_file():
        raise InputError(f"a-priori file '{path}' not found")
    with file.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or not {"origin", "loss_ratio"} <= set(reader.fieldnames):
            raise InputError(f"a-priori file '{path}' needs the columns origin,loss_ratio")
        pairs = []
        for line, row in enumerate(reader, start=2):
            try:
                pairs.append((row["origin"].strip(), float(row["loss_ratio"])))
            except (TypeError, ValueError) as exc:
                raise InputError(f"a-priori file '{path}', row {line}: loss_ratio is not a number") from exc
    return tuple(pairs)


def assumptions_from_args(args: argparse.Namespace) -> SegmentAssumptions:
    """Build the `SegmentAssumptions` the command-line options describe."""
    by_origin = read_apriori_file(args.apriori_file) if args.apriori_file else ()
    return SegmentAssumptions(
        measure=args.measure,
        development=DevelopmentAssumptions(
            average=args.average,
            n_periods=args.n_periods,
            drop_high=args.drop_high,
            drop_low=args.drop_low,
            sigma=args.sigma,
        ),
        tail=parse_tail(args.tail),
        loss_ratio=LossRatioAssumptions(default=args.apriori_lr, by_origin=by_origin),
        options=MethodOptions(benktander_iterations=args.benktander_iterations, n_sims=args.n_sims, seed=args.seed),
    )


def handle(args: argparse.Namespace) -> dict[str, Any]:
    """Run the method on each segment and return the JSON-ready result."""
    from reserving.commands.source_options import load_dataset_from_args  # noqa: PLC0415 - loaded only when the command runs

    dataset = load_dataset_from_args(args)
    args = argparse.Namespace(**{**vars(args), "measure": resolve_measure(dataset, args.measure)})
    assumptions = assumptions_from_args(args)
    return estimate(dataset, args.measure, args.method, assumptions)


def estimate(dataset: Any, measure: str, method: str, assumptions: SegmentAssumptions) -> dict[str, Any]:
    """Run `method` on every segment of `dataset` (or the whole when unsegmented)."""
    from reserving.dataset import segment_label  # noqa: PLC0415 - loaded only when the command runs
    from reserving.methods.inputs import MethodInputs  # noqa: PLC0415 - loaded only when the command runs
    from reserving.methods.registry import run_method  # noqa: PLC0415 - loaded only when the command runs
    from reserving.methods.stacked import prepare_segments  # noqa: PLC0415 - loaded only when the command runs

    if measure not in dataset.measures:
        raise InputError(f"unknown measure '{measure}'; the data has {list(dataset.measures)}")
    keys = dataset.segment_keys() or [()]
    prepare_segments(dataset, measure, keys)
    results = []
    for key in keys:
        try:
            inputs = MethodInputs.from_dataset(dataset, measure, key)
            result = run_method(method, inputs, assumptions)
        except ReservingError as exc:
            if not key:
                raise
            # with many segments the user needs to know which one to look at
            raise type(exc)(f"segment {segment_label(key)}: {exc.message}", exc.location) from exc
        results.append({"segment": dict(key), **_result_json(result, method)})
    return {
        "measure": measure,
        "method": method,
        "assumptions": assumptions.to_dict(),
        "results": results,
        "total": _overall_total(results, method),
    }


def _result_json(result: Any, method: str) -> dict[str, Any]:
    fields = list(ORIGIN_FIELDS) + (["cdr_std_err"] if method == "mack" else [])
    origins = [{name: _value(row[name]) for name in fields} for row in result.origins.to_dict("records")]
    total = {name: _value(result.total.get(name, math.nan)) for name in TOTAL_FIELDS}
    if method == "mack":
        total["cdr_std_err"] = _value(result.total["cdr_std_err"])
    if method == "bootstrap":
        total["percentiles"] = dict(result.details["percentiles"])
    return {"origins": origins, "total": total, "warnings": list(result.warnings)}


def _overall_total(results: list[dict[str, Any]], method: str) -> dict[str, Any]:
    if len(results) == 1:
        return dict(results[0]["total"])
    total: dict[str, Any] = {name: sum(r["total"][name] for r in results) for name in ("latest", "ultimate", "ibnr")}
    total["std_err"] = None
    if method == "mack":
        total["cdr_std_err"] = None
    if method == "bootstrap":
        total["percentiles"] = None
    return total


def _value(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
