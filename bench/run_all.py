"""Run every benchmark in sequence and print one markdown table for the README.

``python -m bench.run_all`` (add ``--quick`` to check the scripts, ``--repeat N`` to pass
on). Benchmarks run one after another in this process, except the cold start and the
batch, which start their own processes; run it on a quiet machine.
"""

from __future__ import annotations

import platform
from collections.abc import Callable, Sequence

import chainladder as cl

from bench import bench_app_rerun, bench_batch, bench_bootstrap, bench_cold_start, bench_engine
from bench.common import Row, markdown_table, parser

BENCHMARKS: tuple[tuple[str, Callable[[Sequence[str] | None], list[Row]]], ...] = (
    ("engine", bench_engine.main),
    ("app_rerun", bench_app_rerun.main),
    ("bootstrap", bench_bootstrap.main),
    ("cold_start", bench_cold_start.main),
    ("batch", bench_batch.main),
)


def main(argv: Sequence[str] | None = None) -> list[Row]:
    """Run all benchmarks, print each table, then the markdown summary; return every row."""
    args = parser(__doc__.splitlines()[0], repeat=0).parse_args(argv)
    passed = (["--quick"] if args.quick else []) + ([f"--repeat={args.repeat}"] if args.repeat else [])
    rows: list[Row] = []
    for _, run in BENCHMARKS:
        rows += run(passed)
    print(f"Python {platform.python_version()}, chainladder {cl.__version__}, {platform.machine()}")
    print()
    print(markdown_table(rows))
    return rows


if __name__ == "__main__":
    main()
