"""Clark's growth-curve method (LDF form; Cape Cod form when premium exists).

`ClarkLDF` fits a loglogistic or Weibull growth curve G by maximum likelihood; `TailClark`
extends it beyond the last age. Without premium the ultimate is latest / G (LDF form);
with premium Clark's Cape Cod form fits an expected loss ratio ELR with the curve and the
reserve is ``ELR x premium x (1 - G)``.
"""

from __future__ import annotations

import warnings

import chainladder as cl

from reserving.assumptions import SegmentAssumptions
from reserving.methods.failures import data_errors, require_shape
from reserving.methods.inputs import MethodInputs
from reserving.methods.results import MethodResult, build_result, cdf_at_latest, vector


@data_errors("clark")
def clark(inputs: MethodInputs, assumptions: SegmentAssumptions) -> MethodResult:
    """Clark LDF (no premium) or Clark Cape Cod (premium) ultimates."""
    require_shape(inputs, "clark")
    growth = assumptions.options.clark_growth
    tri = inputs.triangle
    tail = assumptions.tail
    weight = inputs.premium_triangle() if inputs.premium is not None else None
    if weight is not None:
        inputs.require_premium("clark")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fitted = cl.ClarkLDF(growth=growth).fit(tri, sample_weight=weight)
        tailed = cl.TailClark(
            growth=growth, attachment_age=tail.attachment_age, projection_period=tail.projection_months
        ).fit_transform(fitted.transform(tri))
    cdf = cdf_at_latest(tailed)
    latest = vector(tri.latest_diagonal)
    details: dict[str, object] = {
        "growth": growth,
        "omega": float(fitted.omega_.to_numpy().ravel()[0]),
        "theta": float(fitted.theta_.to_numpy().ravel()[0]),
        "form": "ldf",
    }
    if weight is None:
        ultimate = latest * cdf
    else:
        elr = float(fitted.elr_.to_numpy().ravel()[0])
        ultimate = latest + elr * inputs.premium * (1 - 1 / cdf)
        details.update({"form": "cape_cod", "elr": elr})
    return build_result("clark", inputs, ultimate, cdf=cdf, details=details)
