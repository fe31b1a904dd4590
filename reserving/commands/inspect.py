"""`python -m reserving inspect SOURCE`: parse and validate a source, print what it holds.

Output fields (a public contract):

- ``segments``: one object ``{column: value, ...}`` per segment present (``[]`` when none);
- ``measures``: measure names;
- ``origin_grain`` / ``development_grain``: "year", "half-year", "quarter" or "month";
- ``origins``: origin labels ("1981", "2019H1", "2019Q1", "2019-03");
- ``development_ages``: ages in months present in the data;
- ``valuation_date``: the latest valuation, "YYYY-MM-DD";
- ``latest``: per measure, the total of the latest diagonal over all (filtered) segments;
- ``warnings``: the validation warnings, one string each.
"""

from __future__ import annotations

import argparse
from typing import Any

from reserving.commands.source_options import add_source_arguments, load_dataset_from_args
from reserving.grains import grain_name


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `inspect` subcommand."""
    parser = subparsers.add_parser("inspect", help="parse and validate a data file; print its shape as JSON")
    add_source_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Load the source and describe it."""
    dataset = load_dataset_from_args(args)
    return {
        "segments": [dict(key) for key in dataset.segment_keys()],
        "measures": list(dataset.measures),
        "origin_grain": grain_name(dataset.origin_grain),
        "development_grain": grain_name(dataset.development_grain),
        "origins": dataset.origin_labels,
        "development_ages": dataset.development_ages,
        "valuation_date": dataset.valuation_date.strftime("%Y-%m-%d"),
        "latest": dataset.latest_totals(),
        "warnings": list(dataset.warnings),
    }
