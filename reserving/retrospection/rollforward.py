"""The reserve roll-forward: opening reserve - paid + change = closing reserve, per origin.

The opening reserve is the prior valuation's, the closing reserve the current one's, and
``paid`` is the current valuation's latest paid less the prior valuation's (what the two sets
of books show as paid in between; a restated payment thus shows in ``paid``). With that
definition ``change`` equals the change in ultimate, so the roll-forward ties to the
analysis of change on the ultimate basis. New origin periods open at 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reserving.retrospection.valuation import SegmentValuation

ROLLFORWARD_COLUMNS = ("origin", "opening", "paid", "change", "closing")


def rollforward(prior: SegmentValuation, current: SegmentValuation) -> pd.DataFrame:
    """Roll-forward of one segment from `prior` to `current`, with a ``total`` row last."""
    order = list(dict.fromkeys([*prior.origins["origin"], *current.origins["origin"]]))
    opening = prior.column("reserve").reindex(order).fillna(0.0).to_numpy(dtype=float)
    closing = current.column("reserve").reindex(order).fillna(0.0).to_numpy(dtype=float)
    paid = (
        current.column("paid").reindex(order).fillna(0.0) - prior.column("paid").reindex(order).fillna(0.0)
    ).to_numpy(dtype=float)
    frame = pd.DataFrame(
        {"origin": order, "opening": opening, "paid": paid, "change": closing - opening + paid, "closing": closing}
    )
    total = {"origin": "total", **{c: float(np.sum(frame[c])) for c in ROLLFORWARD_COLUMNS[1:]}}
    return pd.concat([frame, pd.DataFrame([total])], ignore_index=True)
