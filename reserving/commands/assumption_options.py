"""Assumption options shared by the subcommands that run the methods (estimate, ave, retro).

This is the one declaration of ``--average``, ``--tail`` ... and their defaults, and the one
reader of them (`assumptions_from_args`), so every subcommand reads them identically.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path
from typing import TYPE_CHECKING

from reserving.assumptions import (
    AVERAGES,
    CLARK_FORMS,
    SIGMAS,
    DevelopmentAssumptions,
    LossRatioAssumptions,
    MethodOptions,
    SegmentAssumptions,
    TailAssumptions,
)
from reserving.errors import AssumptionError, InputError

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
    parser.add_argument(
        "--clark-form",
        choices=CLARK_FORMS,
        default="ldf",
        help="Clark's method: ldf (latest / G, the default) or cape_cod (ELR x premium x (1 - G); needs premium)",
    )
    parser.add_argument(
        "--clark-truncation",
        type=int,
        default=None,
        metavar="MONTHS",
        help="age in months at which Clark's growth curve is truncated (after the last age; default: none)",
    )


def resolve_measure(dataset: Dataset, measure: str | None) -> str:
    """Return the measure asked for (checked against the data), else incurred, else paid, else the first."""
    if measure:
        if measure not in dataset.measures:
            from reserving.dataset import unknown_measure  # noqa: PLC0415 - the commands load data lazily

            raise InputError(unknown_measure(measure, dataset.measures))
        return measure
    for name in PREFERRED_MEASURES:
        if name in dataset.measures:
            return name
    return dataset.measures[0]


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
        options=MethodOptions(
            benktander_iterations=args.benktander_iterations,
            n_sims=args.n_sims,
            seed=args.seed,
            clark_form=getattr(args, "clark_form", "ldf"),
            clark_truncation=getattr(args, "clark_truncation", None),
        ),
    )


def assumptions_for(args: argparse.Namespace, measure: str) -> SegmentAssumptions:
    """Build the `SegmentAssumptions` the options describe, for `measure`."""
    options = argparse.Namespace(**{**vars(args), "measure": measure})
    return assumptions_from_args(options)
