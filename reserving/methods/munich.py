"""Munich chain ladder (Quarg-Mack 2004): paid and incurred developed together.

Following R's `MunichChainLadder`, Mack's sigma extrapolation is used and
chainladder's `MunichAdjustment` corrects each factor by the paid/incurred ratio residuals.
"""

from __future__ import annotations

import warnings

import chainladder as cl
import numpy as np

from reserving.assumptions import SegmentAssumptions
from reserving.errors import AssumptionError, MethodDataError
from reserving.methods.development import development_estimator
from reserving.methods.failures import data_errors
from reserving.methods.inputs import MethodInputs
from reserving.methods.results import MethodResult, build_result, vector


@data_errors("munich")
def munich(inputs: MethodInputs, assumptions: SegmentAssumptions) -> MethodResult:
    """Ultimates of the analysed measure (paid or incurred) from the Munich adjustment."""
    if inputs.measure not in ("paid", "incurred"):
        raise MethodDataError(f"munich estimates 'paid' or 'incurred', not '{inputs.measure}'")
    paid = inputs.require("paid", "munich")
    incurred = inputs.require("incurred", "munich")
    dev = assumptions.development
    if dev.overrides:
        raise AssumptionError("DevelopmentAssumptions.overrides: munich adjusts fitted factors; remove the overrides")
    if assumptions.tail.kind != "none":
        raise AssumptionError("TailAssumptions.kind: munich is run without a tail; set the tail to 'none'")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        both = cl.concat([paid, incurred], axis=1)
        estimator = development_estimator(paid, dev, inputs.origin_labels).set_params(sigma_interpolation="mack")
        developed = estimator.fit_transform(both)
        try:
            adjusted = cl.MunichAdjustment(paid_to_incurred=("paid", "incurred")).fit(developed)
        except ValueError as exc:
            raise MethodDataError(
                "munich needs paid and incurred in the same cells with non-zero incurred "
                "(paid/incurred ratios cannot be computed)"
            ) from exc
        model = cl.Chainladder().fit(adjusted.transform(developed))
    ultimate = vector(model.ultimate_[inputs.measure])
    other = "incurred" if inputs.measure == "paid" else "paid"
    lam = np.asarray(adjusted.lambda_.values if hasattr(adjusted.lambda_, "values") else adjusted.lambda_).ravel()
    return build_result(
        "munich",
        inputs,
        ultimate,
        extra_columns={f"ultimate_{other}": vector(model.ultimate_[other])},
        details={"lambda": {"paid": float(lam[0]), "incurred": float(lam[-1])}},
    )
