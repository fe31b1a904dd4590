"""Over-dispersed Poisson bootstrap (England-Verrall) of the chain ladder reserve.

chainladder's `BootstrapODPSample` resamples the triangle; the selected development and
tail are then applied to every simulated triangle and a chain ladder run on them adds
gamma process noise. The simulated triangles are developed in chunks so that a UI can show
progress; each chunk gets its own process-noise seed, so results depend only on
``(n_sims, seed)``, not on the machine.
"""

from __future__ import annotations

import types
import warnings
from collections.abc import Callable

import chainladder as cl
import numpy as np
import pandas as pd
from chainladder.adjustments.bootstrap import _get_process_variance

from reserving.assumptions import SegmentAssumptions
from reserving.errors import MethodDataError
from reserving.methods.development import drop_cells
from reserving.methods.inputs import MethodInputs
from reserving.methods.pipeline import developed_with_tail
from reserving.methods.results import MethodResult, build_result, vector

PERCENTILES = (50.0, 75.0, 90.0, 95.0, 99.5)
"""Percentiles reported for the total and each origin."""

N_CHUNKS = 4

Progress = Callable[[float], None]


def percentile_key(p: float) -> str:
    """Label of a percentile as the CLI prints it ('50', '99.5')."""
    return f"{p:g}"


def simulate_ibnr(
    inputs: MethodInputs, assumptions: SegmentAssumptions, progress: Progress | None = None
) -> np.ndarray:
    """Simulate IBNR, shape (n_sims, origins), including process noise."""
    tri = inputs.triangle
    opts, dev = assumptions.options, assumptions.development
    report = progress or (lambda _fraction: None)
    report(0.0)
    cells = drop_cells(tri, dev, inputs.origin_labels)
    sampler = cl.BootstrapODPSample(
        n_sims=opts.n_sims,
        n_periods=dev.n_periods,
        drop=cells or None,
        drop_high=dev.drop_high or None,
        drop_low=dev.drop_low or None,
        random_state=opts.seed,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            sampler.fit(tri)
        except (ValueError, FloatingPointError) as exc:
            raise MethodDataError(f"bootstrap cannot resample this triangle ({exc})") from exc
        samples = sampler.resampled_triangles_
    report(0.2)
    bounds = np.linspace(0, opts.n_sims, N_CHUNKS + 1).astype(int)
    chunks = []
    for k in range(N_CHUNKS):
        chunk = samples.iloc[bounds[k] : bounds[k + 1]]
        chunk.scale_ = sampler.scale_
        chunk.random_state = opts.seed * 1000 + k + 1
        chunk._get_process_variance = types.MethodType(_get_process_variance, chunk)
        developed = developed_with_tail(chunk, inputs.origin_labels, assumptions)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = cl.Chainladder().fit(developed)
        ultimate = np.asarray(model.ultimate_.values, dtype=float)[:, 0, :, -1]
        latest = np.asarray(chunk.latest_diagonal.values, dtype=float)[:, 0, :, -1]
        chunks.append(ultimate - latest)
        report(0.2 + 0.8 * (k + 1) / N_CHUNKS)
    return np.nan_to_num(np.concatenate(chunks, axis=0))


def bootstrap(inputs: MethodInputs, assumptions: SegmentAssumptions, progress: Progress | None = None) -> MethodResult:
    """Bootstrap result: mean IBNR per origin, its s.e. and percentiles; the total distribution in details.

    ``details['total_ibnr']`` holds the simulated total IBNR (for the histogram),
    ``details['percentiles']`` the total percentiles and ``details['origin_percentiles']`` a
    frame of per-origin percentiles.
    """
    sims = simulate_ibnr(inputs, assumptions, progress)
    latest = vector(inputs.triangle.latest_diagonal)
    mean = sims.mean(axis=0)
    total = sims.sum(axis=1)
    pct = {percentile_key(p): float(np.percentile(total, p)) for p in PERCENTILES}
    origin_pct = pd.DataFrame(
        {percentile_key(p): np.percentile(sims, p, axis=0) for p in PERCENTILES},
    )
    origin_pct.insert(0, "origin", list(inputs.origin_labels))
    return build_result(
        "bootstrap",
        inputs,
        latest + mean,
        std_err=sims.std(axis=0, ddof=1),
        total_std_err=float(total.std(ddof=1)),
        extra_columns={f"p{k}": origin_pct[k].to_numpy() for k in pct},
        details={
            "total_ibnr": total,
            "percentiles": pct,
            "mean": float(total.mean()),
            "std_err": float(total.std(ddof=1)),
            "origin_percentiles": origin_pct,
            "n_sims": assumptions.options.n_sims,
            "seed": assumptions.options.seed,
        },
    )
