"""`python -m reserving estimate SOURCE --measure M --method NAME [--aggregate sum|summed-triangle]`.

Runs one method and prints the valuation in its one schema (`reserving.valuation.ValuationResults`)
plus the assumptions used: ``{"schema_version", "measure", "method", "segment", "aggregate",
"origins", "total", "methods", "failed", "results": [{"segment", "origins", "total"}],
"assumptions"}``. With several segments ``--aggregate sum`` (the default) values every
segment with the options given and adds them up (``results`` has one entry per segment);
``--aggregate summed-triangle`` develops the triangle of all segments added up (one entry,
segment ``{}``). The overall standard error is null for a sum: Mack and bootstrap s.e.s of
segments are not independent, so neither a sum nor a sum in quadrature is right, and a
joint model across segments is not estimated here.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

from reserving.assumptions import SegmentAssumptions, Selection
from reserving.commands.assumption_options import (
    add_assumption_arguments,
    assumptions_from_args,
    parse_tail,
    read_apriori_file,
    resolve_measure,
)
from reserving.valuation.aggregate import CLI_NAMES, DEFAULT_AGGREGATE

__all__ = ["assumptions_from_args", "estimate", "handle", "parse_tail", "read_apriori_file", "register"]


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
    parser.add_argument(
        "--aggregate",
        choices=list(CLI_NAMES),
        default="sum",
        help="all segments: sum of the segments (default) or develop the summed triangle",
    )
    add_assumption_arguments(parser)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> dict[str, Any]:
    """Run the method on each segment and return the JSON-ready result."""
    from reserving.commands.source_options import load_dataset_from_args  # noqa: PLC0415 - loaded only when the command runs

    dataset = load_dataset_from_args(args)
    args = argparse.Namespace(**{**vars(args), "measure": resolve_measure(dataset, args.measure)})
    assumptions = assumptions_from_args(args)
    return estimate(dataset, args.measure, args.method, assumptions, aggregate=args.aggregate)


def estimate(
    dataset: Any, measure: str, method: str, assumptions: SegmentAssumptions, *, aggregate: str = DEFAULT_AGGREGATE
) -> dict[str, Any]:
    """Value every segment of `dataset` with `method` (see the module docstring for `aggregate`)."""
    from reserving.dataset import unknown_measure  # noqa: PLC0415 - loaded only when the command runs
    from reserving.errors import InputError  # noqa: PLC0415 - loaded only when the command runs
    from reserving.valuation import company_spec, make_spec, value  # noqa: PLC0415 - loaded only when the command runs

    if measure not in dataset.measures:
        raise InputError(unknown_measure(measure, list(dataset.measures)))
    chosen = replace(assumptions, measure=measure, selection=Selection(default_method=method))
    keys = dataset.segment_keys()
    if len(keys) > 1:
        spec = company_spec(measure, keys, [method], chosen, aggregate=aggregate)
    else:
        spec = make_spec(measure, keys[0] if keys else (), [method], method, chosen)
    results = value(dataset, spec).to_dict(per_segment=True)
    return {**results, "assumptions": assumptions.to_dict()}
