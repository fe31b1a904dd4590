"""PDR over a range of loss ratios: how far the deficiency reserve moves with the one assumption nobody knows.

Pure: every unit's loss ratio is scaled by the same factor, so the curve shows the statement's
PDR as the policy-year loss ratio of the whole book moves from `low` to `high` times its
chosen value.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from reserving.unexpired import AdequacyParameters, UprResult, premium_adequacy


def scaled(parameters: AdequacyParameters, units: pd.DataFrame, factor: float) -> AdequacyParameters:
    """Return the parameters with every unit's loss ratio (as the test used it) times `factor`."""
    ratios = tuple((str(u), float(r) * factor) for u, r in zip(units["unit"], units["loss_ratio"], strict=True))
    return replace(parameters, loss_ratios=ratios, default_loss_ratio=None)


def pdr_sensitivity(
    result: UprResult, parameters: AdequacyParameters, units: pd.DataFrame, factors: np.ndarray
) -> pd.DataFrame:
    """Total PDR and UPR-weighted loss ratio at each factor; columns ``factor``, ``loss_ratio``, ``pdr``."""
    gross = units["upr_gross"].to_numpy()
    base = float(np.dot(units["loss_ratio"], gross) / gross.sum()) if gross.sum() else float(units["loss_ratio"].mean())
    rows = []
    for factor in factors:
        test = premium_adequacy(result, scaled(parameters, units, float(factor)))
        rows.append({"factor": float(factor), "loss_ratio": base * float(factor), "pdr": test.total_pdr})
    return pd.DataFrame(rows)
