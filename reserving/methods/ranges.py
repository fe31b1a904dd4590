"""Reserve ranges: low / central / high reserve at chosen percentiles.

From a bootstrap the percentiles are read off the simulated distribution; from Mack's
mean and s.e. a lognormal with the same two moments is assumed (Mack 1993 suggests it for
the skewed reserve distribution).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

from reserving.methods.results import MethodResult


def lognormal_percentile(mean: float, std_err: float, p: float) -> float:
    """Percentile `p` (0-100) of the lognormal with the given mean and s.e."""
    if not (mean > 0 and std_err > 0):
        return mean
    sigma2 = math.log(1 + (std_err / mean) ** 2)
    mu = math.log(mean) - sigma2 / 2
    return float(math.exp(mu + math.sqrt(sigma2) * stats.norm.ppf(p / 100)))


def reserve_range(result: MethodResult, low: float = 25.0, high: float = 75.0) -> pd.DataFrame:
    """Table of ``low``/``central``/``high`` reserve by origin and in total.

    Columns: ``origin``, ``low``, ``central``, ``high`` and the percentiles used. The
    central value is the method's IBNR.
    """
    frame = result.origins
    sims = result.details.get("total_ibnr")
    rows = []
    for _, row in frame.iterrows():
        rows.append(_row(str(row["origin"]), float(row["ibnr"]), float(row["std_err"]), low, high))
    total_ibnr = float(result.total["ibnr"])
    if isinstance(sims, np.ndarray) and sims.size:
        rows.append(
            {
                "origin": "Total",
                "low": float(np.percentile(sims, low)),
                "central": total_ibnr,
                "high": float(np.percentile(sims, high)),
            }
        )
    else:
        rows.append(_row("Total", total_ibnr, float(result.total.get("std_err", float("nan"))), low, high))
    out = pd.DataFrame(rows, columns=["origin", "low", "central", "high"])
    out["low_percentile"] = low
    out["high_percentile"] = high
    return out


def _row(origin: str, ibnr: float, std_err: float, low: float, high: float) -> dict[str, object]:
    if not math.isfinite(std_err) or std_err <= 0:
        return {"origin": origin, "low": ibnr, "central": ibnr, "high": ibnr}
    return {
        "origin": origin,
        "low": lognormal_percentile(ibnr, std_err, low),
        "central": ibnr,
        "high": lognormal_percentile(ibnr, std_err, high),
    }
