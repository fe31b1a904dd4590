"""Tail factors: development beyond the last observed age, fitted explicitly.

Each kind maps to one chainladder tail estimator; `apply_tail` fits it on the triangle
carrying the selected factors, so a curve is fitted to *selected* (not default) factors.
"""

from __future__ import annotations

import warnings

import chainladder as cl
import numpy as np

from reserving.assumptions import TailAssumptions
from reserving.errors import AssumptionError


def tail_estimator(tail: TailAssumptions, growth: str = "loglogistic") -> cl.TailBase | None:
    """Build the chainladder tail estimator of the assumptions (None for ``kind='none'``)."""
    common = {"attachment_age": tail.attachment_age, "projection_period": tail.projection_months}
    if tail.kind == "none":
        return None
    if tail.kind == "constant":
        return cl.TailConstant(tail=tail.factor, decay=0.5, **common)
    if tail.kind in ("exponential", "inverse_power"):
        return cl.TailCurve(curve=tail.kind, fit_period=(tail.fit_from, tail.fit_to), **common)
    if tail.kind == "bondy":
        return cl.TailBondy(earliest_age=tail.fit_from, **common)
    return cl.TailClark(growth=growth, **common)


def apply_tail(developed: cl.Triangle, tail: TailAssumptions, growth: str = "loglogistic") -> cl.Triangle:
    """`developed` with the tail appended to its factors (unchanged for ``kind='none'``)."""
    estimator = tail_estimator(tail, growth)
    if estimator is None:
        return developed
    if tail.kind == "clark" and not hasattr(developed, "G_"):
        developed = _with_clark_fit(developed, growth)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            out = estimator.fit_transform(developed)
        except (ValueError, IndexError, ZeroDivisionError) as exc:
            raise AssumptionError(f"TailAssumptions.kind: the {tail.kind} tail cannot be fitted here ({exc})") from exc
    factors = np.asarray(out.ldf_.values, dtype=float)
    if not np.isfinite(factors).all():
        raise AssumptionError(
            f"TailAssumptions.kind: the {tail.kind} tail gave non-finite factors; try another fit range"
        )
    return out


def _with_clark_fit(developed: cl.Triangle, growth: str) -> cl.Triangle:
    """TailClark extrapolates a Clark growth curve; fit one on the data, keep the selected body."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clark = cl.ClarkLDF(growth=growth).fit(developed)
        out = clark.transform(developed)
    out.ldf_ = developed.ldf_
    for name in ("sigma_", "std_err_"):
        if hasattr(developed, name):
            setattr(out, name, getattr(developed, name))
    return out


def tail_factor(tailed: cl.Triangle, n_body: int) -> float:
    """Product of the factors beyond the `n_body` body factors (1.0 without a tail)."""
    factors = np.asarray(tailed.ldf_.values, dtype=float)[0, 0, 0]
    return float(np.prod(factors[n_body:])) if len(factors) > n_body else 1.0
