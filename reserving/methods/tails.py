"""Tail factors: development beyond the last observed age, fitted explicitly.

Each kind maps to one chainladder tail estimator; `apply_tail` fits it on the triangle
carrying the selected factors, so a curve is fitted to *selected* (not default) factors.

The assumptions speak of ages in one way for every kind, and chainladder does not, so
they are translated here:

* the fit range ``fit_from``..``fit_to`` is inclusive at both ends, naming the ages the
  fitted factors develop *from* (chainladder's tuple ``fit_period`` stops before its end
  age, so picking the last age as "fit to" would silently leave its factor out);
* ``attachment_age`` is the first age whose factor is replaced by the fitted one
  (chainladder's `TailBondy` replaces from the age *after* its ``attachment_age``, unlike
  `TailCurve` and `TailConstant`).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import chainladder as cl
import numpy as np

from reserving.assumptions import TailAssumptions
from reserving.errors import AssumptionError
from reserving.methods.failure_words import failure_in_words


def fit_mask(tail: TailAssumptions, ages: Sequence[int]) -> list[bool]:
    """Which factors (by the age they develop from) a curve is fitted to: ``fit_from <= age <= fit_to``."""
    low = -np.inf if tail.fit_from is None else tail.fit_from
    high = np.inf if tail.fit_to is None else tail.fit_to
    return [bool(low <= age <= high) for age in ages]


def _bondy_attachment(tail: TailAssumptions, ages: Sequence[int]) -> tuple[int | None, int | None]:
    """Return chainladder's ``(earliest_age, attachment_age)`` for Bondy's tail attached at ``tail.attachment_age``."""
    if tail.attachment_age is None:
        return tail.fit_from, None
    earliest = tail.fit_from if tail.fit_from is not None else ages[-1]
    if tail.attachment_age < earliest:
        raise AssumptionError(
            f"TailAssumptions.attachment_age: Bondy's curve starts at the fit-from age {earliest}; "
            f"attach it at {earliest} months or later, not {tail.attachment_age}"
        )
    before = [a for a in ages if a < tail.attachment_age]
    # Bondy's first fitted factor equals the observed one, so attaching at the fit-from age
    # itself is the same as attaching one age later.
    return earliest, max(before[-1] if before else earliest, earliest)


def tail_estimator(
    tail: TailAssumptions,
    growth: str = "loglogistic",
    ages: Sequence[int] | None = None,
    last_age: int | None = None,
) -> cl.TailBase | None:
    """Build the chainladder tail estimator of the assumptions (None for ``kind='none'``).

    Parameters
    ----------
    tail : TailAssumptions
        The tail assumptions.
    growth : str
        Clark's growth curve, for ``kind='clark'``.
    ages : sequence of int, optional
        Ages (months) the selected factors develop from; needed to translate the fit range
        of curve fits and Bondy's attachment age (see the module docstring).
    last_age : int, optional
        The triangle's last age (months). chainladder's `TailClark` without an attachment
        age attaches at the age *before* the last, replacing the last selected factor with
        the curve's; it is attached here at the last age, after every selected factor, like
        every other kind.
    """
    common = {"attachment_age": tail.attachment_age, "projection_period": tail.projection_months}
    if tail.kind == "none":
        return None
    if tail.kind == "constant":
        return cl.TailConstant(tail=tail.factor, decay=0.5, **common)
    if tail.kind in ("exponential", "inverse_power"):
        period = fit_mask(tail, ages) if ages is not None else (tail.fit_from, tail.fit_to)
        return cl.TailCurve(curve=tail.kind, fit_period=period, **common)
    if tail.kind == "bondy":
        earliest, attachment = _bondy_attachment(tail, ages) if ages is not None else (tail.fit_from, None)
        common["attachment_age"] = attachment
        return cl.TailBondy(earliest_age=earliest, **common)
    if tail.attachment_age is None and last_age is not None:
        common["attachment_age"] = last_age
    return cl.TailClark(growth=growth, **common)


def _link_ages(developed: cl.Triangle) -> list[int]:
    """Ages (months) of the factors in ``developed.ldf_`` (the age each develops from)."""
    return [int(str(label).split("-")[0]) for label in developed.ldf_.development]


def apply_tail(developed: cl.Triangle, tail: TailAssumptions, growth: str = "loglogistic") -> cl.Triangle:
    """`developed` with the tail appended to its factors (unchanged for ``kind='none'``)."""
    ages = _link_ages(developed)
    if tail.kind in ("exponential", "inverse_power") and not any(fit_mask(tail, ages)):
        raise AssumptionError(
            f"TailAssumptions.fit_from/fit_to: no factor between {tail.fit_from} and {tail.fit_to} months "
            f"to fit the {tail.kind} curve to (ages are {ages})"
        )
    estimator = tail_estimator(tail, growth, ages, last_age=int(developed.development.iloc[-1]))
    if estimator is None:
        return developed
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            if tail.kind == "clark" and not hasattr(developed, "G_"):
                developed = _with_clark_fit(developed, growth)
            out = estimator.fit_transform(developed)
        except (ValueError, IndexError, ZeroDivisionError) as exc:
            raise AssumptionError(f"TailAssumptions.kind: {_tail_failure(tail, developed, exc)}") from exc
    factors = np.asarray(out.ldf_.values, dtype=float)
    if not np.isfinite(factors).all():
        raise AssumptionError(
            f"TailAssumptions.kind: the {tail.kind} tail gave non-finite factors; try another fit range"
        )
    return out


def _tail_failure(tail: TailAssumptions, developed: cl.Triangle, exc: BaseException) -> str:
    """Why the tail could not be fitted, in words (never the raw exception text)."""
    if tail.kind == "clark" and developed.development_grain == "S":
        return (
            "the clark tail cannot be fitted to half-year development ages (chainladder's Clark tail fails "
            "on them); choose another tail kind, or the clark method itself"
        )
    return f"the {tail.kind} tail cannot be fitted to these factors ({failure_in_words(exc)})"


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
