"""Batch valuation of the clrd sample with bootstraps, on 1 and on 2 Dask workers.

``python -m reserving run CONFIG.toml --workers N`` is run in a fresh process on a config
valuing every segment of the ``clrd`` sample (paid) with chain ladder, Mack and an ODP
bootstrap, into a throw-away SQLite database. Wall time includes the interpreter start,
the Dask cluster start and storing the valuations: what a user waits for. The row for two
workers has the one-worker run as its reference, so its ratio is 1 / speed-up.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.common import ROOT, Row, Timing, parser, print_table, repeats

N_SIMS = 10_000
"""Simulations per segment: enough work per segment that two workers can pay for starting a cluster."""
QUICK_SIMS = 20
CONFIG = """\
measure = "paid"
methods = ["chainladder", "mack", "bootstrap"]
selected = "chainladder"
segments = {segments}
use_saved_assumptions = false

[source]
sample = "clrd"

[assumptions]
options = {{ n_sims = {n_sims}, seed = 42 }}
"""


def available() -> bool:
    """Whether the batch runner is in the tree."""
    return importlib.util.find_spec("reserving.batch") is not None


def write_config(folder: Path, n_sims: int, quick: bool) -> Path:
    """The batch config: every clrd segment (two when `quick`)."""
    segments = (
        '[{ company = "State Farm Mut Grp", line = "ppauto" }, { company = "Canal Ins Co Grp", line = "comauto" }]'
    )
    path = folder / "bench_batch.toml"
    path.write_text(CONFIG.format(segments=segments if quick else '"all"', n_sims=n_sims), encoding="utf-8")
    return path


def run_once(config: Path, workers: int, folder: Path) -> float:
    """Seconds of one ``python -m reserving run`` with `workers` workers, into a fresh database."""
    db = folder / f"db_{workers}_{time.monotonic_ns()}"
    env = {**os.environ, "RESERVING_DATA_DIR": str(db), "RESERVING_DATABASE_URL": f"sqlite:///{db}.sqlite"}
    command = [sys.executable, "-m", "reserving", "run", str(config), "--workers", str(workers)]
    command += ["--quiet", "--user", "bench"]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"batch run failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return seconds


def main(argv: Sequence[str] | None = None) -> list[Row]:
    """Run the batch benchmark (when the runner exists), print its table and return its rows."""
    ap = parser(__doc__.splitlines()[0], repeat=1)
    ap.add_argument("--n-sims", type=int, default=N_SIMS, help="bootstrap simulations per segment")
    args = ap.parse_args(argv)
    if not available():
        print("batch: reserving/batch is not in the tree yet; skipped\n")
        return []
    n_sims = QUICK_SIMS if args.quick else args.n_sims
    with tempfile.TemporaryDirectory(prefix="bench_batch_") as tmp:
        folder = Path(tmp)
        config = write_config(folder, n_sims, args.quick)
        times: dict[int, list[float]] = {1: [], 2: []}
        for _ in range(repeats(args)):
            for workers in (1, 2):  # alternate, so load from other processes hits both alike
                times[workers].append(run_once(config, workers, folder))
    one = Timing("1 worker", tuple(times[1]))
    two = Timing("2 workers", tuple(times[2]))
    scope = "2 segments" if args.quick else "all clrd segments"
    rows = [
        Row("batch", f"clrd {scope}, 1 worker", one, one, note=f"chainladder, mack, bootstrap {n_sims} sims"),
        Row("batch", f"clrd {scope}, 2 workers", two, one, limit=1.0, note=f"speed-up {one.median / two.median:.2f}x"),
    ]
    print_table(f"batch ({repeats(args)} runs)", rows)
    return rows


if __name__ == "__main__":
    main()
