"""Munich chain ladder (Quarg-Mack 2004): paid and incurred developed together.

Following R's `MunichChainLadder`, the factors and Mack sigmas (Mack's extrapolation for
the last age) come from chainladder's `Development`, so the selected averaging and
exclusions apply; the paid/incurred correction itself is computed by
`reserving.methods.munich_model`, which leaves out ages whose ratios do not vary instead of
dividing by a zero sigma (chainladder's `MunichAdjustment` overflows there).
"""

from __future__ import annotations

import warnings

import chainladder as cl
import numpy as np

from reserving.assumptions import SegmentAssumptions
from reserving.errors import AssumptionError, MethodDataError
from reserving.methods.development import development_estimator
from reserving.methods.failures import data_errors, require_shape
from reserving.methods.inputs import MethodInputs
from reserving.methods.munich_model import fit_munich
from reserving.methods.results import MethodResult, build_result

MIN_AGES = 3
"""Munich needs sigmas at two ages at least (Mack's extrapolation of the last one uses two)."""


@data_errors("munich")
def munich(inputs: MethodInputs, assumptions: SegmentAssumptions) -> MethodResult:
    """Ultimates of the analysed measure (paid or incurred) from the Munich chain ladder.

    ``details`` holds ``lambda`` (paid, incurred), the paid/incurred ratio ``q`` by age and
    ``uncorrected_ages`` (months from which the plain chain-ladder factor was used because
    the paid/incurred ratios of that age do not vary).
    """
    if inputs.measure not in ("paid", "incurred"):
        raise MethodDataError(f"munich estimates 'paid' or 'incurred', not '{inputs.measure}'")
    paid = inputs.require("paid", "munich")
    incurred = inputs.require("incurred", "munich")
    require_shape(inputs, "munich", min_origins=3, min_ages=MIN_AGES)
    dev = assumptions.development
    if dev.overrides:
        raise AssumptionError("DevelopmentAssumptions.overrides: munich adjusts fitted factors; remove the overrides")
    if assumptions.tail.kind != "none":
        raise AssumptionError(
            "TailAssumptions.kind: Munich chain ladder is fitted without a tail; choose no tail to run it"
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        both = cl.concat([paid, incurred], axis=1)
        estimator = development_estimator(paid, dev, inputs.origin_labels).set_params(sigma_interpolation="mack")
        fitted = estimator.fit(both)
    ldf = np.asarray(fitted.ldf_.values, dtype=float)[0, :, 0]
    sigma = np.asarray(fitted.sigma_.values, dtype=float)[0, :, 0]
    ages = [int(a) for a in paid.development]
    fit = fit_munich(
        np.asarray(paid.values, dtype=float)[0, 0],
        np.asarray(incurred.values, dtype=float)[0, 0],
        (ldf[0], ldf[1]),
        (sigma[0], sigma[1]),
        labels=inputs.origin_labels,
        ages=ages,
    )
    full = {"paid": fit.paid, "incurred": fit.incurred}
    other = "incurred" if inputs.measure == "paid" else "paid"
    latest = _latest(full[inputs.measure], np.asarray(inputs.triangle.values, dtype=float)[0, 0])
    ultimate = full[inputs.measure][:, -1]
    with np.errstate(divide="ignore", invalid="ignore"):
        cdf = ultimate / latest
    return build_result(
        "munich",
        inputs,
        ultimate,
        cdf=cdf,
        latest=latest,
        extra_columns={f"ultimate_{other}": full[other][:, -1]},
        details={
            "lambda": {"paid": fit.lambda_paid, "incurred": fit.lambda_incurred},
            "q": dict(zip(ages, fit.q.tolist(), strict=True)),
            "uncorrected_ages": [ages[j] for j in fit.uncorrected_ages],
        },
    )


def _latest(full: np.ndarray, observed: np.ndarray) -> np.ndarray:
    """Latest observed value of each origin (NaN for an origin without data)."""
    seen = np.isfinite(observed)
    last = np.where(seen.any(axis=1), seen.shape[1] - 1 - np.argmax(seen[:, ::-1], axis=1), -1)
    return np.array([full[i, k] if k >= 0 else np.nan for i, k in enumerate(last)])
