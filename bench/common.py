"""Timing helpers shared by the benchmarks: repeat, keep median and minimum, print one table.

Every benchmark compares the app (or its engine) with a *reference* measured in the same
run: bare chainladder doing the same fits, ``import chainladder``, or a fixed target time.
A ratio against work done in the same process on the same machine is what stays
meaningful on a shared, noisy machine; absolute seconds are printed too, for the README.

Run the benchmarks from the repository root as modules (``python -m bench.bench_engine``)
so that imports resolve from the root like everywhere else in the project.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
"""The repository root (where app.py lives)."""


@dataclass(frozen=True)
class Timing:
    """Wall-clock seconds of repeated runs of one piece of work.

    Attributes
    ----------
    label : str
        What was timed ('engine', 'bare chainladder', 'target').
    times : tuple of float
        Seconds of each timed run, in order.
    """

    label: str
    times: tuple[float, ...]

    @property
    def median(self) -> float:
        """Median seconds: the figure quoted, robust to one run hit by another process."""
        return statistics.median(self.times)

    @property
    def min(self) -> float:
        """Fastest run: the best the machine can do when nothing else interferes."""
        return min(self.times)

    @classmethod
    def fixed(cls, label: str, seconds: float) -> Timing:
        """A constant reference, such as a target time, shaped like a measurement."""
        return cls(label, (seconds,))


@dataclass(frozen=True)
class Row:
    """One line of a benchmark table: the app's timing against a reference.

    Attributes
    ----------
    benchmark : str
        Benchmark name ('engine', 'app_rerun' ...).
    case : str
        What was run ('raa: all methods', 'Methods page / china / All segments').
    app : Timing
        The app (or its engine) doing the work.
    reference : Timing
        Bare chainladder doing the same work, or a fixed target (`Timing.fixed`).
    limit : float or None
        The ratio app / reference the app should stay within (1.5 for the engine, 1.0 for a
        target time); None when no target applies.
    note : str
        Anything the figure needs to be read correctly (sizes, what was left out).
    """

    benchmark: str
    case: str
    app: Timing
    reference: Timing
    limit: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float:
        """App median over reference median (inf when the reference took no measurable time)."""
        ref = self.reference.median
        return self.app.median / ref if ref > 0 else float("inf")

    @property
    def verdict(self) -> str:
        """'ok' within the limit, 'over' beyond it, '' without a limit."""
        if self.limit is None:
            return ""
        return "ok" if self.ratio <= self.limit else "over"


def run_timed(fn: Callable[[], object], repeat: int, warmup: int = 1, label: str = "app") -> Timing:
    """Time `fn` `repeat` times after `warmup` untimed calls (imports, caches, first-call costs).

    The garbage collector is run before each call and paused during it, so one run does
    not pay for the garbage of the previous one.
    """
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(max(1, repeat)):
        times.append(_once(fn))
    return Timing(label, tuple(times))


def run_paired(
    app: Callable[[], object],
    bare: Callable[[], object],
    repeat: int,
    warmup: int = 1,
    labels: tuple[str, str] = ("app", "bare chainladder"),
) -> tuple[Timing, Timing]:
    """Time two pieces of work alternately, so that load from other processes hits both alike.

    On a shared machine a burst of load during one block of runs would bias a ratio
    measured block by block; interleaving spreads it over both sides.
    """
    for _ in range(warmup):
        app()
        bare()
    app_times, bare_times = [], []
    for _ in range(max(1, repeat)):
        app_times.append(_once(app))
        bare_times.append(_once(bare))
    return Timing(labels[0], tuple(app_times)), Timing(labels[1], tuple(bare_times))


@dataclass(frozen=True)
class Elapsed:
    """Seconds a piece of work measured itself, returned instead of being timed from outside.

    Work that loops over hundreds of triangles times each one and collects garbage between
    them (outside the timed part): chainladder triangles are reference cycles, so with the
    collector paused for a whole loop the garbage of every fit piles up (gigabytes over
    725 bootstraps) until the process runs out of memory. Between items only the young
    generations are collected: a fit's garbage is all young (the collector was paused
    while it ran), and a full collection over the 725 segments' inputs costs 0.4 s, a
    hundred times more, which made a 725-triangle run take hours.
    """

    seconds: float


def time_each(items: Sequence[object], work: Callable[[object], object]) -> Elapsed:
    """Run `work` on each item, timing each call with the collector paused and collecting between calls."""
    total = 0.0
    for item in items:
        gc.collect(1)
        gc.disable()
        try:
            start = time.perf_counter()
            work(item)
            total += time.perf_counter() - start
        finally:
            gc.enable()
    gc.collect()
    return Elapsed(total)


def _once(fn: Callable[[], object]) -> float:
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
    finally:
        gc.enable()
    return result.seconds if isinstance(result, Elapsed) else elapsed


# ---------------------------------------------------------------------------- output
_COLUMNS = (
    ("case", 44, "<"),
    ("app med", 9, ">"),
    ("app min", 9, ">"),
    ("ref med", 9, ">"),
    ("ref min", 9, ">"),
    ("ratio", 7, ">"),
    ("target", 7, ">"),
    ("", 4, "<"),
)


def _seconds(value: float) -> str:
    return f"{value:.3f}" if value < 100 else f"{value:.1f}"


def _cells(row: Row) -> tuple[str, ...]:
    one_ref = len(row.reference.times) == 1 and row.reference.label == "target"
    return (
        row.case,
        _seconds(row.app.median),
        _seconds(row.app.min),
        _seconds(row.reference.median),
        "" if one_ref else _seconds(row.reference.min),
        f"{row.ratio:.2f}x",
        "" if row.limit is None else f"{row.limit:g}x",
        row.verdict,
    )


def format_table(title: str, rows: Sequence[Row]) -> str:
    """Fixed-width table of the rows, with the reference named in the title and notes below."""
    refs = sorted({row.reference.label for row in rows})
    lines = [f"{title}  (seconds; ref = {', '.join(refs) or '-'}; ratio = app median / ref median)"]
    header = " ".join(f"{name:{align}{width}}" for name, width, align in _COLUMNS)
    lines += [header, "-" * len(header)]
    for row in rows:
        cells = _cells(row)
        text = " ".join(
            f"{_clip(cell, width):{align}{width}}" for cell, (_, width, align) in zip(cells, _COLUMNS, strict=True)
        )
        lines.append(text.rstrip())
    notes = [f"  {row.case}: {row.note}" for row in rows if row.note]
    if notes:
        lines += ["notes:", *notes]
    return "\n".join(lines)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "~"


def print_table(title: str, rows: Sequence[Row]) -> None:
    """Print `format_table` followed by a blank line."""
    print(format_table(title, rows))
    print(flush=True)


def markdown_table(rows: Sequence[Row]) -> str:
    """Markdown table of rows from any benchmarks, ready to paste into the README."""
    lines = [
        "| benchmark | case | app median (s) | app min (s) | reference | ref median (s) | ratio | target |",
        "|---|---|---:|---:|---|---:|---:|---:|",
    ]
    for row in rows:
        target = "" if row.limit is None else f"{row.limit:g}x {row.verdict}"
        lines.append(
            f"| {row.benchmark} | {row.case} | {_seconds(row.app.median)} | {_seconds(row.app.min)} | "
            f"{row.reference.label} | {_seconds(row.reference.median)} | {row.ratio:.2f}x | {target} |"
        )
    return "\n".join(lines)


def parser(description: str, repeat: int) -> argparse.ArgumentParser:
    """Command-line options every benchmark takes: ``--quick`` and ``--repeat N``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--quick", action="store_true", help="tiny inputs and one repeat: checks the script, not the speed"
    )
    parser.add_argument("--repeat", type=int, default=None, help=f"timed runs per case (default {repeat}, quick 1)")
    parser.set_defaults(default_repeat=repeat)
    return parser


def repeats(args: argparse.Namespace) -> int:
    """Timed runs per case: ``--repeat`` when given, else 1 in quick mode and the default otherwise."""
    if args.repeat is not None:
        return max(1, args.repeat)
    return 1 if args.quick else args.default_repeat
