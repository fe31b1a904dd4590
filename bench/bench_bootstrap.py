"""ODP bootstrap of 10,000 simulations: the engine against bare chainladder.

The engine's ``bootstrap`` method (`run_method`, default assumptions, ``n_sims=10000``)
against `BootstrapODPSample(n_sims=10000)` followed by Development + Chainladder on the
simulated triangles, with chainladder's gamma process noise added once (the engine adds it
too), on RAA (incurred) and GenIns (paid).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

from bench.bench_engine import bare_bootstrap
from bench.common import Row, parser, print_table, repeats, run_paired
from reserving.assumptions import MethodOptions, SegmentAssumptions
from reserving.methods import MethodInputs, run_method
from reserving.samples import get_sample

N_SIMS = 10_000
QUICK_SIMS = 200
SAMPLES = (("raa", "incurred"), ("genins", "paid"))


def bench_sample(sample_id: str, measure: str, n_sims: int, repeat: int) -> Row:
    """One row: engine bootstrap vs bare chainladder on one sample."""
    inputs = MethodInputs.from_dataset(get_sample(sample_id), measure)
    assumptions = SegmentAssumptions(measure=measure, options=MethodOptions(n_sims=n_sims))

    def app() -> None:
        run_method("bootstrap", inputs, assumptions)

    def bare() -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            bare_bootstrap(inputs.triangle, n_sims, assumptions.options.seed)

    app_time, bare_time = run_paired(app, bare, repeat, warmup=1, labels=("engine", "bare chainladder"))
    return Row("bootstrap", f"{sample_id}: {n_sims} sims", app_time, bare_time, limit=1.5)


def main(argv: Sequence[str] | None = None) -> list[Row]:
    """Run the bootstrap benchmark, print its table and return its rows."""
    args = parser(__doc__.splitlines()[0], repeat=3).parse_args(argv)
    n_sims = QUICK_SIMS if args.quick else N_SIMS
    rows = [bench_sample(sample_id, measure, n_sims, repeats(args)) for sample_id, measure in SAMPLES]
    print_table(f"bootstrap ({repeats(args)} runs)", rows)
    return rows


if __name__ == "__main__":
    main()
