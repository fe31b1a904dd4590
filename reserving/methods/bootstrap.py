"""Over-dispersed Poisson bootstrap (England-Verrall) of the chain ladder reserve.

chainladder's `BootstrapODPSample` resamples the triangle; the selected development and
tail are then applied to every simulated triangle (one vectorised fit on the whole stack)
and a chain ladder run on them adds gamma process noise. Results depend only on
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
from reserving.errors import AssumptionError
from reserving.methods.development import drop_cells
from reserving.methods.failures import data_error, data_errors
from reserving.methods.inputs import MethodInputs
from reserving.methods.pipeline import developed_with_tail
from reserving.methods.results import MethodResult, build_result, vector

PERCENTILES = (50.0, 75.0, 90.0, 95.0, 99.5)
"""Percentiles reported for the total and each origin."""

STAGES = {"sampled": 0.15, "developed": 0.4, "projected": 0.95}
"""Share of the work done after each stage, for the progress bar (measured on RAA and China)."""

Progress = Callable[[float], None]


def percentile_key(p: float) -> str:
    """Label of a percentile as the CLI prints it ('50', '99.5')."""
    return f"{p:g}"


def _simulate(inputs: MethodInputs, assumptions: SegmentAssumptions, report: Progress) -> np.ndarray:
    """Sample every simulation at once and fit development and chain ladder once on all of them.

    chainladder fits a stack of triangles in one vectorised pass, so one fit on n_sims
    triangles costs about as much as one on a few: splitting the sims for the progress bar
    would multiply the cost. The process-noise seed is derived from the seed, so results
    depend only on ``(n_sims, seed)``.
    """
    tri = inputs.triangle
    opts, dev = assumptions.options, assumptions.development
    if dev.n_periods == 1:
        raise AssumptionError(
            "DevelopmentAssumptions.n_periods: the bootstrap resamples how link ratios vary around their average, "
            "which one link ratio per age cannot show; use 2 or more latest periods (or all) for the bootstrap"
        )
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
        except (ValueError, FloatingPointError, IndexError, ZeroDivisionError) as exc:
            raise data_error("bootstrap", inputs, exc) from exc
        samples = sampler.resampled_triangles_
    report(STAGES["sampled"])
    samples.scale_ = sampler.scale_
    samples.random_state = opts.seed * 1000 + 1
    samples._get_process_variance = types.MethodType(_get_process_variance, samples)
    developed = developed_with_tail(samples, inputs.origin_labels, assumptions)
    report(STAGES["developed"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = cl.Chainladder().fit(developed)
    ultimate = np.asarray(model.ultimate_.values, dtype=float)[:, 0, :, -1]
    latest = np.asarray(samples.latest_diagonal.values, dtype=float)[:, 0, :, -1]
    report(STAGES["projected"])
    return np.nan_to_num(ultimate - latest)


def negative_increments(inputs: MethodInputs) -> tuple[str, ...]:
    """Warn of negative incremental values, which the ODP bootstrap's Poisson residuals do not expect.

    The over-dispersed Poisson model has non-negative increments; chainladder resamples the
    residuals of negative ones all the same, and a single large negative increment spreads
    across every simulated triangle (on RAA-like data it took the s.e. from about 18,900 to
    72,500). The figures are still given; the user has to know they may be overstated.
    """
    values = np.asarray(inputs.triangle.values, dtype=float)[0, 0]
    with np.errstate(invalid="ignore"):
        negative = np.argwhere(np.diff(values, axis=1) < 0)
    if not len(negative):
        return ()
    ages = [int(a) for a in inputs.triangle.development]
    cells = [f"{inputs.origin_labels[i]} at {ages[j]}-{ages[j + 1]} months" for i, j in negative[:5]]
    more = f" and {len(negative) - 5} more" if len(negative) > 5 else ""
    return (
        f"{len(negative)} negative incremental value(s) ({', '.join(cells)}{more}): the ODP bootstrap assumes "
        "non-negative increments, so its spread (standard error, percentiles) may be overstated. Check the "
        "data, or leave those link ratios out on Development.",
    )


@data_errors("bootstrap")
def bootstrap(inputs: MethodInputs, assumptions: SegmentAssumptions, progress: Progress | None = None) -> MethodResult:
    """Bootstrap result: mean IBNR per origin, its s.e. and percentiles; the total distribution in details.

    ``details['total_ibnr']`` holds the simulated total IBNR (for the histogram),
    ``details['percentiles']`` the total percentiles and ``details['origin_percentiles']`` a
    frame of per-origin percentiles.
    """
    report = progress or (lambda _fraction: None)
    sims = _simulate(inputs, assumptions, report)
    latest = vector(inputs.triangle.latest_diagonal)
    mean = sims.mean(axis=0)
    total = sims.sum(axis=1)
    pct = {percentile_key(p): float(np.percentile(total, p)) for p in PERCENTILES}
    origin_pct = pd.DataFrame(
        {percentile_key(p): np.percentile(sims, p, axis=0) for p in PERCENTILES},
    )
    origin_pct.insert(0, "origin", list(inputs.origin_labels))
    result = build_result(
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
        warnings=negative_increments(inputs),
    )
    report(1.0)
    return result
