"""Assumption options shared by the subcommands that run the methods (estimate, ave, retro).

This is the one declaration of ``--average``, ``--tail`` ... and their defaults; the
`SegmentAssumptions` are built from them by ``estimate``'s `assumptions_from_args` (see
`reserving.commands.estimate`), so every subcommand reads them identically.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from reserving.assumptions import AVERAGES, SIGMAS, SegmentAssumptions
from reserving.errors import InputError

if TYPE_CHECKING:
    from reserving.dataset import Dataset

PREFERRED_MEASURES = ("incurred", "paid")
"""Measure used when ``--measure`` is not given: the first of these the data has."""


def add_assumption_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the development, tail, loss-ratio and method options of ``estimate``."""
    parser.add_argument("--average", choices=AVERAGES, default="volume")
    parser.add_argument("--n-periods", type=int, default=-1, help="latest origin periods per age (-1 = all)")
    parser.add_argument("--drop-high", type=int, default=0)
    parser.add_argument("--drop-low", type=int, default=0)
    parser.add_argument("--tail", default="none", help="none|constant:F|exponential|inverse_power|bondy|clark")
    parser.add_argument("--sigma", choices=SIGMAS, default="log-linear")
    lr = parser.add_mutually_exclusive_group()
    lr.add_argument("--apriori-lr", type=float, help="a-priori loss ratio for every origin")
    lr.add_argument("--apriori-file", help="CSV with columns origin,loss_ratio")
    parser.add_argument("--n-sims", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--benktander-iterations",
        type=int,
        default=1,
        help="Benktander steps counted from BF: 1 = Benktander (BF applied to BF's ultimate, the default), 0 = BF",
    )


def resolve_measure(dataset: Dataset, measure: str | None) -> str:
    """Return the measure asked for (checked against the data), else incurred, else paid, else the first."""
    if measure:
        if measure not in dataset.measures:
            raise InputError(f"unknown measure '{measure}'; the data has {list(dataset.measures)}")
        return measure
    for name in PREFERRED_MEASURES:
        if name in dataset.measures:
            return name
    return dataset.measures[0]


def assumptions_for(args: argparse.Namespace, measure: str) -> SegmentAssumptions:
    """Build the `SegmentAssumptions` the options describe, for `measure`."""
    from reserving.commands.estimate import assumptions_from_args  # noqa: PLC0415 - loaded only when the command runs

    options = argparse.Namespace(**{**vars(args), "measure": measure})
    return assumptions_from_args(options)
