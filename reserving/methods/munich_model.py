"""The Munich chain ladder arithmetic (Quarg & Mack 2004), with degenerate ages handled explicitly.

chainladder's `MunichAdjustment` follows R's `MunichChainLadder` but, with Mack's sigma
extrapolation, replaces a sigma of exactly zero by 1e-320. On data where every link ratio
of an age is the same (claims fully paid after a few quarters, so every paid ratio is 1)
the residuals ``(F - f) / sigma`` then divide rounding noise by 1e-320, the dependency
coefficient lambda comes out near 1e300 and the ultimates overflow. This module repeats
the published algorithm on plain arrays and treats such ages for what they are:

- an age whose link ratios (or paid/incurred ratios) do not vary carries no information on
  the paid/incurred dependency, so its residuals are left out of the lambda regression
  (R leaves the 0/0 residuals of an exactly zero sigma out the same way);
- projecting through such an age uses the plain chain-ladder factor (no correction can be
  measured there); the ages are reported so the caller can show them.

The development factors and Mack sigmas are inputs, so the actuary's averaging and
exclusions (fitted by chainladder's `Development`) still apply.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from reserving.errors import MethodDataError

FLAT_TOLERANCE = 1e-8
"""A sigma below this share of ``factor x sqrt(mean value)`` means the ratios of the age do not vary
(only rounding noise is left); double precision noise is about 1e-16."""


@dataclass(frozen=True)
class MunichFit:
    """Completed paid and incurred triangles and the fitted Munich parameters.

    Attributes
    ----------
    paid, incurred : numpy.ndarray
        Origins x ages, observed cells kept and the future filled by the Munich recursion.
    lambda_paid, lambda_incurred : float
        Dependency of the paid (incurred) link-ratio residuals on the incurred/paid
        (paid/incurred) ratio residuals.
    q : numpy.ndarray
        Paid/incurred ratio by age (sum of paid / sum of incurred).
    rho_paid, rho_incurred : numpy.ndarray
        Conditional deviations of the incurred/paid and paid/incurred ratios by age.
    uncorrected_ages : tuple of int
        Indices of ages from which some origin was projected with the plain chain-ladder
        factor, because the ratios at that age do not vary.
    """

    paid: np.ndarray
    incurred: np.ndarray
    lambda_paid: float
    lambda_incurred: float
    q: np.ndarray
    rho_paid: np.ndarray
    rho_incurred: np.ndarray
    uncorrected_ages: tuple[int, ...]


def _cells(mask: np.ndarray, labels: Sequence[str], ages: Sequence[int], limit: int = 5) -> str:
    where = [f"{labels[i]} at {ages[j]} months" for i, j in np.argwhere(mask)[:limit]]
    more = int(mask.sum()) - len(where)
    return ", ".join(where) + (f" and {more} more" if more > 0 else "")


def check_cells(paid: np.ndarray, incurred: np.ndarray, labels: Sequence[str], ages: Sequence[int]) -> np.ndarray:
    """Return the observed-cell mask after checking the data admit paid/incurred ratios.

    Raises
    ------
    MethodDataError
        Paid and incurred observed in different cells, a gap inside an origin's history,
        or a zero or negative paid or incurred value (its ratio cannot be formed).
    """
    observed = np.isfinite(paid)
    for name, values, other in (("paid", paid, incurred), ("incurred", incurred, paid)):
        # chainladder stores a zero as a missing value, so "missing" here may be a zero in the file
        uneven = ~np.isfinite(values) & np.isfinite(other)
        if uneven.any():
            raise MethodDataError(
                f"munich needs paid and incurred in the same cells; {name} is missing or zero where the other "
                f"is known for {_cells(uneven, labels, ages)}"
            )
    gaps = ~observed & (np.cumsum(observed[:, ::-1], axis=1)[:, ::-1] > 0)
    if gaps.any():
        raise MethodDataError(f"munich needs every origin's history without gaps; missing {_cells(gaps, labels, ages)}")
    for name, values in (("paid", paid), ("incurred", incurred)):
        bad = observed & ~(np.nan_to_num(values) > 0)
        if bad.any():
            raise MethodDataError(
                f"munich needs positive paid and incurred in every cell (paid/incurred ratios); "
                f"{name} is zero or negative for {_cells(bad, labels, ages)}"
            )
    return observed


def _ratio_deviation(num: np.ndarray, den: np.ndarray, observed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Ratio ``sum num / sum den`` by age and its deviation ``sqrt(sum den (num/den - ratio)^2 / (n - 1))``.

    A deviation that cannot be estimated (one origin at the age) is extrapolated with Mack's
    rule from the two previous ages, as chainladder does for the Munich rho.
    """
    n = observed.sum(axis=0)
    num0, den0 = np.where(observed, num, 0.0), np.where(observed, den, 1.0)
    ratio = num0.sum(axis=0) / np.where(observed, den, 0.0).sum(axis=0)
    squares = np.where(observed, den0 * (num0 / den0 - ratio) ** 2, 0.0).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        rho = np.where(n > 1, np.sqrt(squares / (n - 1)), np.nan)
    for j in range(2, len(rho)):
        if np.isnan(rho[j]) and rho[j - 1] > 0 and rho[j - 2] > 0:
            rho[j] = np.sqrt(min(rho[j - 1] ** 4 / rho[j - 2] ** 2, rho[j - 2] ** 2, rho[j - 1] ** 2))
    return ratio, rho


def _varies(deviation: np.ndarray, centre: np.ndarray, values: np.ndarray, observed: np.ndarray) -> np.ndarray:
    """Whether each age's deviation is more than rounding noise relative to its centre and volume."""
    scale = np.sqrt(np.where(observed, values, 0.0).sum(axis=0) / np.maximum(observed.sum(axis=0), 1))
    with np.errstate(invalid="ignore"):
        return np.isfinite(deviation) & (deviation > FLAT_TOLERANCE * np.abs(centre) * scale)


def _lambda(resid: np.ndarray, ratio_resid: np.ndarray) -> float | None:
    """Slope through the origin of link-ratio residuals on ratio residuals (None when nothing is usable)."""
    usable = np.isfinite(resid) & np.isfinite(ratio_resid)
    x, y = ratio_resid[usable], resid[usable]
    if not usable.any() or not (x**2).sum() > 0:
        return None
    return float((x * y).sum() / (x**2).sum())


def fit_munich(
    paid: np.ndarray,
    incurred: np.ndarray,
    factors: tuple[np.ndarray, np.ndarray],
    sigmas: tuple[np.ndarray, np.ndarray],
    *,
    labels: Sequence[str],
    ages: Sequence[int],
) -> MunichFit:
    """Fit the Munich chain ladder and complete both triangles.

    Parameters
    ----------
    paid, incurred : numpy.ndarray
        Cumulative origins x ages arrays (NaN where not observed yet).
    factors, sigmas : tuple of (paid, incurred) numpy.ndarray
        Selected link ratios and Mack sigmas from each age to the next (one fewer than ages).
    labels, ages : sequence
        Origin labels and ages in months, for messages.

    Raises
    ------
    MethodDataError
        The cells do not admit ratios, no age shows any paid/incurred dependency, or the
        correction drives a projection to zero or below.
    """
    paid, incurred = np.asarray(paid, dtype=float), np.asarray(incurred, dtype=float)
    observed = check_cells(paid, incurred, labels, ages)
    n_age = paid.shape[1]
    f_p, f_i = (np.asarray(f, dtype=float)[: n_age - 1] for f in factors)
    s_p, s_i = (np.asarray(s, dtype=float)[: n_age - 1] for s in sigmas)
    for name, f in (("paid", f_p), ("incurred", f_i)):
        if not np.isfinite(f).all() or (f <= 0).any():
            bad = [str(ages[j]) for j in np.flatnonzero(~(np.nan_to_num(f) > 0))]
            raise MethodDataError(f"munich has no usable {name} development factor from age(s) {', '.join(bad)} months")
    q, rho_i = _ratio_deviation(paid, incurred, observed)
    q_inv, rho_p = _ratio_deviation(incurred, paid, observed)
    linked = observed[:, 1:] & observed[:, :-1]
    vary_p = _varies(s_p, f_p, np.where(linked, paid[:, :-1], np.nan), linked)
    vary_i = _varies(s_i, f_i, np.where(linked, incurred[:, :-1], np.nan), linked)
    vary_rp = _varies(rho_p, q_inv, paid, observed)[:-1]
    vary_ri = _varies(rho_i, q, incurred, observed)[:-1]

    with np.errstate(divide="ignore", invalid="ignore"):
        p0, i0 = paid[:, :-1], incurred[:, :-1]
        # an age with one link ratio has a residual of zero by construction (its factor is that ratio)
        several = linked.sum(axis=0) > 1
        use_p, use_i = linked & several & vary_p & vary_rp, linked & several & vary_i & vary_ri
        resid_p = np.where(use_p, (paid[:, 1:] / p0 - f_p) / s_p * np.sqrt(p0), np.nan)
        resid_i = np.where(use_i, (incurred[:, 1:] / i0 - f_i) / s_i * np.sqrt(i0), np.nan)
        ratio_p = np.where(use_p, (i0 / p0 - q_inv[:-1]) / rho_p[:-1] * np.sqrt(p0), np.nan)
        ratio_i = np.where(use_i, (p0 / i0 - q[:-1]) / rho_i[:-1] * np.sqrt(i0), np.nan)
    lam_p, lam_i = _lambda(resid_p, ratio_p), _lambda(resid_i, ratio_i)
    for name, lam in (("paid", lam_p), ("incurred", lam_i)):
        if lam is None:
            raise MethodDataError(
                f"munich cannot measure how {name} development depends on the paid/incurred ratio: at every age "
                f"either the {name} link ratios or the paid/incurred ratios do not vary"
            )
    slope_p = np.where(vary_p & vary_rp, lam_p * s_p / rho_p[:-1], 0.0)
    slope_i = np.where(vary_i & vary_ri, lam_i * s_i / rho_i[:-1], 0.0)
    # the link ratios vary but the paid/incurred ratios do not: a correction exists but cannot be measured
    flat = (vary_p & ~vary_rp) | (vary_i & ~vary_ri)

    full_p, full_i = paid.copy(), incurred.copy()
    uncorrected: set[int] = set()
    for row in range(paid.shape[0]):
        seen = np.flatnonzero(observed[row])
        if not len(seen):
            continue
        for j in range(seen[-1], n_age - 1):
            p, i = full_p[row, j], full_i[row, j]
            full_p[row, j + 1] = p * (f_p[j] + slope_p[j] * (i / p - q_inv[j]))
            full_i[row, j + 1] = i * (f_i[j] + slope_i[j] * (p / i - q[j]))
            if flat[j]:
                uncorrected.add(j)
            for name, value in (("paid", full_p[row, j + 1]), ("incurred", full_i[row, j + 1])):
                if not (np.isfinite(value) and value > 0):
                    raise MethodDataError(
                        f"munich projects {name} of origin {labels[row]} to {value:.4g} at {ages[j + 1]} months: "
                        f"the paid/incurred correction (lambda paid {lam_p:.3g}, incurred {lam_i:.3g}) outweighs "
                        f"the development factor; the paid/incurred ratios of these data are too erratic"
                    )
    return MunichFit(full_p, full_i, lam_p, lam_i, q, rho_p, rho_i, tuple(sorted(uncorrected)))
