"""Clark's growth-curve method, in the form the user chooses (LDF by default, or Cape Cod).

`ClarkLDF` fits a loglogistic or Weibull growth curve G by maximum likelihood. In the LDF
form the ultimate is latest / G; in the Cape Cod form (``MethodOptions.clark_form``, which
needs premium) Clark fits an expected loss ratio ELR with the curve and the reserve is
``ELR x premium x (1 - G)``. Premium in the data does not choose the form.

With a truncation age t (``MethodOptions.clark_truncation``) development beyond t is not
projected: the ultimate is the loss at t, latest x G(t) / G(age) in the LDF form and
latest + ELR x premium x (G(t) - G(age)) in the Cape Cod form. t is read on the same basis
as the ages (less the mid-period offset). chainladder's `ClarkLDF` has no truncation, so it
is applied here on the fitted curve.

G is read at each origin's latest age less chainladder's mid-period offset, exactly as
``TailClark`` extrapolates it (the CDF to ultimate is 1 / G, checked against TailClark on
annual data to 1e-15). Reading it directly avoids TailClark, which refits a plain
`ClarkLDF` and so cannot run on half-year development (see `GrowthCurveFit`).
"""

from __future__ import annotations

import warnings

import chainladder as cl
import numpy as np

from reserving.assumptions import CLARK_FORM_BY_DATA, SegmentAssumptions
from reserving.errors import AssumptionError, MethodDataError
from reserving.methods.failures import data_errors, require_shape
from reserving.methods.inputs import MethodInputs
from reserving.methods.results import MethodResult, build_result, latest_ages, vector

AGE_OFFSET = {"Y": 6.0, "S": 3.0, "Q": 1.5, "M": 0.5}
"""Months from the start of a development period to its average accident date, as chainladder's Clark uses."""


class GrowthCurveFit(cl.ClarkLDF):
    """`ClarkLDF` whose growth curve accepts whole-number ages.

    chainladder 0.10.1 offsets half-year ages by the integer 3 (6.0, 1.5 and 0.5 for the
    other grains), so on half-year triangles the ages stay integers and its growth curve
    fails assigning NaN into them ("cannot convert float NaN to integer"). Ages are made
    floats before the curve is evaluated; float ages pass through untouched, so results
    on the other grains are unchanged.
    """

    def _G(self, age, theta=None, omega=None):  # noqa: N802 - chainladder's name
        return super()._G(np.asarray(age, dtype="float64"), theta=theta, omega=omega)


@data_errors("clark")
def clark(inputs: MethodInputs, assumptions: SegmentAssumptions) -> MethodResult:
    """Clark LDF or Clark Cape Cod ultimates (``MethodOptions.clark_form``), truncated when asked."""
    require_shape(inputs, "clark")
    opts = assumptions.options
    growth = opts.clark_growth
    tri = inputs.triangle
    truncation = _truncation_age(tri, opts.clark_truncation)
    weight = None
    form = opts.clark_form
    if form == CLARK_FORM_BY_DATA:  # an option set saved before version 2: the form its data chose
        form = "cape_cod" if inputs.premium is not None else "ldf"
    if form == "cape_cod":
        inputs.require_premium("clark in its Cape Cod form")
        weight = inputs.premium_triangle()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fitted = GrowthCurveFit(growth=growth).fit(tri, sample_weight=weight)
    omega = float(fitted.omega_.to_numpy().ravel()[0])
    theta = float(fitted.theta_.to_numpy().ravel()[0])
    cdf = _cdf_to_ultimate(fitted, tri)
    if not np.isfinite(omega * theta) or not np.isfinite(cdf[np.isfinite(vector(tri.latest_diagonal))]).all():
        raise MethodDataError(
            f"clark cannot fit a {growth} growth curve to the '{inputs.measure}' triangle: the fitted curve "
            f"does not reach the latest ages (shape {omega:.4g}, scale {theta:.4g} months)"
        )
    latest = vector(tri.latest_diagonal)
    details: dict[str, object] = {
        "growth": growth,
        "omega": omega,
        "theta": theta,
        "form": form,
        "truncation": truncation,
    }
    # G at each origin's age and at the truncation age (1 = fully developed without truncation)
    grown = 1 / cdf
    offset = AGE_OFFSET[tri.development_grain]
    grown_at_end = 1.0 if truncation is None else 1 / _inverse_growth(fitted, truncation - offset)
    if weight is None:
        ultimate = latest * grown_at_end / grown
    else:
        elr = float(fitted.elr_.to_numpy().ravel()[0])
        ultimate = latest + elr * inputs.premium * (grown_at_end - grown)
        details["elr"] = elr
    return build_result("clark", inputs, ultimate, cdf=cdf * grown_at_end, details=details)


def _truncation_age(tri: cl.Triangle, truncation: int | None) -> int | None:
    """Return the truncation age, checked to lie beyond the last age (a curve cut inside the data is no tail)."""
    if truncation is None:
        return None
    last = int(float(tri.development.iloc[-1]))
    if truncation <= last:
        raise AssumptionError(
            f"MethodOptions.clark_truncation: the growth curve is truncated beyond the data; give an age after the "
            f"last age of {last} months (got {truncation})"
        )
    return truncation


def _inverse_growth(fitted: cl.ClarkLDF, age: float) -> float:
    """1 / G at one age (months, already less the mid-period offset)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(np.asarray(fitted._G(np.array([float(age)])), dtype=float).ravel()[0])


def _cdf_to_ultimate(fitted: cl.ClarkLDF, tri: cl.Triangle) -> np.ndarray:
    """1 / G at each origin's latest age less the mid-period offset (NaN for an origin without data)."""
    ages = np.array([float(a) for a in tri.development])
    last = latest_ages(tri)
    at = ages[np.maximum(last, 0)] - AGE_OFFSET[tri.development_grain]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        inverse_g = np.asarray(fitted._G(at.copy()), dtype=float).ravel()
    return np.where(last >= 0, inverse_g, np.nan)
