"""The selection: per origin, one method or a weighted blend of methods, with a reason.

The selected frame is the valuation: its ultimates and IBNR are what the reserve
statement uses, and its ``method`` and ``reason`` columns are what a reviewer reads.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from reserving.assumptions import Selection
from reserving.errors import AssumptionError

SELECTED_COLUMNS = ("origin", "latest", "ultimate", "ibnr", "method", "weights", "reason")


def select(results_by_method: Mapping[str, pd.DataFrame], selection: Selection) -> pd.DataFrame:
    """Blend method results per origin with the selection's weights.

    Parameters
    ----------
    results_by_method : mapping of method name to result frame
        Frames with at least ``origin``, ``latest`` and ``ultimate`` (``MethodResult.origins``).
    selection : Selection
        Weights and reason per origin; origins not listed use ``default_method``.

    Returns
    -------
    pandas.DataFrame
        ``SELECTED_COLUMNS``: ``method`` describes the blend (``bf`` or ``0.5 bf + 0.5 chainladder``),
        ``weights`` is a dict method -> weight.
    """
    if not results_by_method:
        raise AssumptionError("Selection: no method results to select from")
    frames = {name: frame.set_index(frame["origin"].astype(str)) for name, frame in results_by_method.items()}
    origins = list(next(iter(frames.values()))["origin"].astype(str))
    rows = []
    for origin in origins:
        weights, reason = selection.weights_for(origin)
        ultimate = 0.0
        latest = np.nan
        for method, weight in weights:
            if method not in frames:
                raise AssumptionError(
                    f"Selection: origin {origin} uses '{method}', which has no results; run it first "
                    f"(available: {', '.join(sorted(frames))})"
                )
            row = frames[method].loc[origin]
            ultimate += weight * float(row["ultimate"])
            latest = float(row["latest"])
        described = weights[0][0] if len(weights) == 1 else " + ".join(f"{w:.3g} {m}" for m, w in weights)
        rows.append(
            {
                "origin": origin,
                "latest": latest,
                "ultimate": ultimate,
                "ibnr": ultimate - latest,
                "method": described,
                "weights": dict(weights),
                "reason": reason,
            }
        )
    return pd.DataFrame(rows, columns=list(SELECTED_COLUMNS))
