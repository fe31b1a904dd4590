"""One-year claims development result (CDR) of Merz and Wuthrich (2008), closed formulas.

chainladder has no CDR; this computes the mean square error of prediction of the
observable one-year CDR of the distribution-free chain ladder (Merz & Wuthrich, "Modelling
the claims development result for solvency purposes", CAS E-Forum Fall 2008, formulas for
single and aggregated accident years). With ``Ĉ_iJ`` the chain-ladder ultimate, ``k`` the
latest age index of origin ``i``, ``r_j = σ_j² / f_j²``, ``S_j`` the column sum used to
estimate ``f_j`` and ``α_j`` the share of column ``j`` that sits on the latest diagonal:

    msep_i = Ĉ_iJ² [ r_k / C_ik  +  r_k / S_k  +  Σ_{j>k} α_j r_j / S_j ]

and for the total the parameter part ``Ĉ_iJ Ĉ_lJ (r_k / S_k + Σ_{j>k} α_j r_j / S_j)`` is
summed over every pair (i, l) with ``k`` the latest age of the more developed of the two.
The formulas hold for the volume-weighted chain ladder without a tail; factors chosen
otherwise are used as given, which is the usual practical reading.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, eq=False)
class CDRResult:
    """Square roots of the msep of the one-year CDR, by origin and in total."""

    std_err: np.ndarray
    total_std_err: float
    process: np.ndarray
    parameter: np.ndarray


def merz_wuthrich(values: np.ndarray, ldf: np.ndarray, sigma: np.ndarray) -> CDRResult:
    """One-year CDR standard errors.

    Parameters
    ----------
    values : ndarray (origins x ages)
        Cumulative observed triangle, NaN where not observed.
    ldf : ndarray (ages - 1)
        Chain-ladder factors f_j from each age to the next (no tail).
    sigma : ndarray (ages - 1)
        Mack's sigma_j (not squared) of each factor.

    Returns
    -------
    CDRResult
        Per-origin and total ``sqrt(msep)``; 0 for fully developed origins.
    """
    values = np.asarray(values, dtype=float)
    n_age = values.shape[1]
    ldf = np.asarray(ldf, dtype=float)[: n_age - 1]
    ratio = (np.asarray(sigma, dtype=float)[: n_age - 1] / ldf) ** 2
    # chainladder's log-linear extrapolation leaves sigma NaN where every observed ratio is
    # exactly 1 (no variability to extrapolate from); such ages add no uncertainty.
    ratio = np.where(np.isnan(ratio) & np.isclose(ldf, 1.0), 0.0, ratio)
    observed = ~np.isnan(values)
    latest = np.where(observed.any(axis=1), n_age - 1 - np.argmax(observed[:, ::-1], axis=1), -1)
    current = np.array([values[i, k] if k >= 0 else np.nan for i, k in enumerate(latest)])
    cdf = np.append(np.cumprod(ldf[::-1])[::-1], 1.0)
    ultimate = np.array([current[i] * cdf[k] if k >= 0 else 0.0 for i, k in enumerate(latest)])

    # S_j: column j over origins observed at j+1 (the f_j estimate); diagonal share alpha_j.
    fit_sum = np.array([values[latest >= j + 1, j].sum() for j in range(n_age - 1)])
    col_sum = np.array([values[latest >= j, j].sum() for j in range(n_age - 1)])
    diag = np.array([values[latest == j, j].sum() for j in range(n_age - 1)])
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = np.where(col_sum > 0, diag / col_sum, 0.0)
        estimation = np.where(fit_sum > 0, ratio / fit_sum, 0.0)

    def parameter_base(k: int) -> float:
        if k < 0 or k >= n_age - 1:
            return 0.0
        return float(estimation[k] + np.sum(alpha[k + 1 :] * estimation[k + 1 :]))

    base = np.array([parameter_base(k) for k in latest])
    process = np.array(
        [ultimate[i] ** 2 * ratio[k] / current[i] if 0 <= k < n_age - 1 else 0.0 for i, k in enumerate(latest)]
    )
    parameter = ultimate**2 * base
    pair_base = np.where(latest[:, None] >= latest[None, :], base[:, None], base[None, :])
    total = process.sum() + float(np.sum(pair_base * np.outer(ultimate, ultimate)))
    return CDRResult(
        std_err=np.sqrt(process + parameter),
        total_std_err=float(np.sqrt(total)),
        process=np.sqrt(process),
        parameter=np.sqrt(parameter),
    )
