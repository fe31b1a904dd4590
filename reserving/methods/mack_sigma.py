"""Mack's total s.e. under the other sigma extrapolation, derived from one fitted Mack model.

The two conventions (log-linear, Mack's) differ only in the sigmas extrapolated where a
factor has a single observation; factors, weights and the projected triangle are the same.
So instead of fitting `MackChainladder` again, this module

1. refits the sigma regression of chainladder's `Development` (its `WeightedRegression`,
   on the weights the development fit kept) with the other interpolation, and
2. reruns Mack's recursion (chainladder's `MackChainladder._mack_recursion`, written out
   on plain arrays) with those sigmas.

Both steps check themselves first: the regression must give back the fitted sigmas of the
current convention and the recursion the fitted total s.e.; when either does not (an
unusual triangle shape, a tail), None is returned and the caller fits Mack instead, so
the figure is always chainladder's own.
"""

from __future__ import annotations

import warnings
from dataclasses import replace

import chainladder as cl
import numpy as np
from chainladder.utils.utility_functions import num_to_nan

from reserving.assumptions import SegmentAssumptions
from reserving.errors import ReservingError
from reserving.methods.inputs import MethodInputs

RTOL = 1e-9
"""Relative agreement the self-checks demand (float rounding only)."""

_AVERAGE_EXPONENT = {"regression": 0, "volume": 1, "simple": 2}


def body_sigmas(tri: cl.Triangle, developed: cl.Triangle, interpolation: str) -> tuple[np.ndarray, np.ndarray] | None:
    """Sigma and s.e. of the body factors under `interpolation`, as chainladder's `Development` computes them.

    Returns None when the development fit keeps no weights or averages to refit from.
    """
    weights = getattr(developed, "w_", None)
    average = getattr(developed, "average_", None)
    if weights is None or average is None:
        return None
    values = num_to_nan(np.asarray(tri.values, dtype=float).copy())
    x, y = values[..., :-1], values[..., 1:]
    average = np.asarray(average).reshape(1, 1, 1, -1)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        params = cl.WeightedRegression(axis=2, thru_orig=True).fit(x, y, np.asarray(weights, dtype=float), average)
        params.sigma_fill(interpolation).std_err_fill()
    return np.asarray(params.sigma_, dtype=float)[0, 0, :, 0], np.asarray(params.std_err_, dtype=float)[0, 0, :, 0]


class MackRecursion:
    """Mack's recursion of one fitted `MackChainladder`, with the sigmas left as inputs."""

    def __init__(self, model: cl.MackChainladder) -> None:
        x = model.X_
        values = np.asarray(x.values, dtype=float)[0, 0]
        n_origin, n_age = values.shape
        inside = ~np.isnan(np.asarray(x.nan_triangle, dtype=float))
        ldf = np.asarray(x.ldf_.values, dtype=float)[0, 0, 0]
        self.ldf = np.append(ldf[: n_age - 1], np.prod(ldf[n_age - 1 :]))
        cdf = np.cumprod(self.ldf[::-1])[::-1]
        ultimate = np.asarray(model.ultimate_.values, dtype=float)[0, 0, :, -1]
        with np.errstate(all="ignore"):
            expected = ultimate[:, None] / cdf[None, :]
        self.full = np.where(inside, values, expected)
        exponent = [_AVERAGE_EXPONENT.get(str(a), a) for a in np.asarray(x.average_).ravel()]
        self.alpha = np.asarray([*exponent, exponent[-1]], dtype=float)
        weights = np.asarray(x.w_, dtype=float)[0, 0]
        weights = np.concatenate([weights, np.ones((n_origin, 1))], axis=1)
        self.weights = np.where(np.isnan(weights), 1.0, weights)
        self.future = np.concatenate([1.0 - inside, np.ones((n_origin, 1))], axis=1)
        before = np.zeros_like(inside)
        before[:, :-1] = inside[:, 1:]
        self.diagonal_on = np.where(before, np.nan, self.full)
        self.sigma = np.asarray(x.sigma_.values, dtype=float)[0, 0, 0]
        self.std_err = np.asarray(x.std_err_.values, dtype=float)[0, 0, 0]

    def _recurse(self, t1: np.ndarray, mask: np.ndarray | None) -> np.ndarray:
        risk = np.zeros(t1.shape[:-1])
        for j in range(t1.shape[-1]):
            step = np.sqrt(t1[..., j] ** 2 + (self.ldf[j] * risk) ** 2)
            if mask is not None:
                step = step * mask[..., j + 1]
            risk = np.nan_to_num(step)
        return risk

    def total_std_err(self, sigma: np.ndarray, std_err: np.ndarray) -> float:
        """Total Mack s.e. with the given sigma and s.e. per factor (tail entry included)."""
        with np.errstate(all="ignore"):
            scale = num_to_nan(np.sqrt(self.full ** (2 - self.alpha)))
            full_std_err = np.nan_to_num(sigma / scale) * self.weights
            full = np.nan_to_num(self.full)
            process = self._recurse(full * full_std_err, self.future)
            parameter_t1 = np.nan_to_num(np.nansum(self.diagonal_on * std_err, axis=0))
            parameter = self._recurse(parameter_t1, None)
        return float(np.sqrt(np.sum(process**2) + parameter**2))

    def fitted_total_std_err(self) -> float:
        """Total s.e. with the model's own sigmas (to check the recursion against chainladder)."""
        return self.total_std_err(self.sigma, self.std_err)


def _close(a: np.ndarray | float, b: np.ndarray | float) -> bool:
    return bool(np.allclose(a, b, rtol=RTOL, atol=0.0, equal_nan=True))


def other_sigma_total_std_err(
    inputs: MethodInputs,
    assumptions: SegmentAssumptions,
    *,
    model: cl.MackChainladder,
    tailed: cl.Triangle,
    other: str,
    fitted_total: float,
) -> float | None:
    """Total Mack s.e. under the `other` sigma extrapolation, or None when it cannot be derived exactly.

    Parameters
    ----------
    inputs, assumptions
        What `model` was fitted on (the assumptions carry the current sigma).
    model : chainladder.MackChainladder
        The fitted model of the current sigma.
    tailed : chainladder.Triangle
        The development + tail fit `model` was fitted on.
    other : str
        The other sigma extrapolation ('log-linear' or 'mack').
    fitted_total : float
        ``model``'s total s.e., which the recursion must reproduce before it is trusted.
    """
    try:
        recursion = MackRecursion(model)
    except (ValueError, IndexError, TypeError, AttributeError):
        return None
    if not (np.isfinite(fitted_total) and _close(recursion.fitted_total_std_err(), fitted_total)):
        return None
    n_body = len(recursion.sigma) - 1
    if assumptions.tail.kind == "none":
        current = body_sigmas(inputs.triangle, tailed, assumptions.development.sigma)
        derived = body_sigmas(inputs.triangle, tailed, other)
        if current is None or derived is None or assumptions.development.n_periods == 1:
            return None
        if not (_close(current[0], recursion.sigma[:n_body]) and _close(current[1], recursion.std_err[:n_body])):
            return None
        sigma = np.append(derived[0], recursion.sigma[n_body:])
        std_err = np.append(derived[1], recursion.std_err[n_body:])
    else:
        # a tail extrapolates its sigma from the body's: take both from the (memoised) refit
        development = replace(assumptions.development, sigma=other)
        try:
            other_tailed = inputs.developed(replace(assumptions, development=development))
        except ReservingError:
            return None
        sigma = np.asarray(other_tailed.sigma_.values, dtype=float)[0, 0, 0]
        std_err = np.asarray(other_tailed.std_err_.values, dtype=float)[0, 0, 0]
        if sigma.shape != recursion.sigma.shape:
            return None
    total = recursion.total_std_err(sigma, std_err)
    return total if np.isfinite(total) else None
