"""Reserve (case-outstanding) development, 准备金进展法 / Friedland ch. 12.

With case reserves a(i,j) and incremental payments c(i,j+1), the ratios

    q_j = Σ a(i,j+1) / Σ a(i,j)     (reserve carried over)
    h_j = Σ c(i,j+1) / Σ a(i,j)     (reserve paid out)

are averaged over origins (volume-weighted as in the regulation notes, or a simple mean
of the individual ratios as chainladder's `CaseOutstanding` does) and the latest case
reserve of each origin is run off: paid += h_j a, a = q_j a, until the last age, after
which the remaining case reserve is assumed paid as it stands (so is a case reserve at an age
with no later observation). The method develops
reported claims only (IBNER); pure IBNR needs another method.

chainladder stores a zero cell as missing, so a case reserve that is missing where paid is
observed is a settled (zero) reserve, not an unobserved one: its carry-over is 0 and what was
paid on it counts in h. The method takes its own average (volume or simple) and latest
origin periods; the tail, high/low drops, excluded link ratios and typed factors belong to
chain-ladder factors and are not applied, and the result says so in its warnings.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from reserving.assumptions import SegmentAssumptions
from reserving.errors import AssumptionError, MethodDataError
from reserving.methods.failures import data_errors
from reserving.methods.inputs import MethodInputs
from reserving.methods.results import MethodResult, build_result, latest_ages, vector


@dataclass(frozen=True, eq=False)
class CaseRatios:
    """Carry-over (q) and payment (h) ratios by from-age, and their sum (CED)."""

    ages: list[int]
    carry_over: np.ndarray
    payment: np.ndarray

    def frame(self) -> pd.DataFrame:
        """Table for display: age, q, h and the case-reserve development ratio q + h."""
        return pd.DataFrame(
            {
                "age": self.ages,
                "carry_over": self.carry_over,
                "payment": self.payment,
                "development": self.carry_over + self.payment,
            }
        )


def case_ratios(paid: np.ndarray, case: np.ndarray, ages: list[int], average: str, n_periods: int) -> CaseRatios:
    """q_j and h_j from cumulative paid and case-reserve grids (origins x ages, NaN unobserved)."""
    if average not in ("volume", "simple"):
        raise AssumptionError("DevelopmentAssumptions.average: case_development takes 'volume' or 'simple'")
    n_age = paid.shape[1]
    incremental = np.diff(paid, axis=1)
    q, h = np.full(n_age - 1, np.nan), np.full(n_age - 1, np.nan)
    for j in range(n_age - 1):
        rows = np.where(~np.isnan(case[:, j + 1]) & ~np.isnan(case[:, j]))[0]
        if n_periods > 0:
            rows = rows[-n_periods:]
        if rows.size == 0:
            q[j], h[j] = 0.0, 1.0  # nothing observed: the case reserve is paid as it stands
            continue
        a0, a1, c1 = case[rows, j], case[rows, j + 1], incremental[rows, j]
        live = a0 != 0
        if not live.any():
            q[j], h[j] = 0.0, 0.0  # no case reserve left at this age: nothing to develop
        elif average == "volume":
            q[j], h[j] = a1.sum() / a0.sum(), c1.sum() / a0.sum()
        else:
            q[j], h[j] = np.mean(a1[live] / a0[live]), np.mean(c1[live] / a0[live])
    return CaseRatios(ages[:-1], q, h)


@data_errors("case_development")
def case_development(inputs: MethodInputs, assumptions: SegmentAssumptions) -> MethodResult:
    """Ultimate = paid to date + projected payments on the latest case reserve."""
    paid_tri = inputs.require("paid", "case_development")
    if inputs.has("case_reserve"):
        case_values = np.asarray(inputs.triangles["case_reserve"].values, dtype=float)[0, 0]
    elif inputs.has("incurred"):
        case_values = (
            np.asarray(inputs.triangles["incurred"].values, dtype=float)[0, 0]
            - np.asarray(paid_tri.values, dtype=float)[0, 0]
        )
    else:
        raise MethodDataError("case_development needs case reserves: a 'case_reserve' or an 'incurred' triangle")
    paid = np.asarray(paid_tri.values, dtype=float)[0, 0]
    case_values = np.where(np.isnan(case_values) & np.isfinite(paid), 0.0, case_values)
    ages = [int(a) for a in paid_tri.development]
    dev = assumptions.development
    ratios = case_ratios(paid, case_values, ages, dev.average, dev.n_periods)
    last = latest_ages(paid_tri)
    ultimate = np.full(len(last), np.nan)
    future_paid = np.zeros(len(last))
    for i, k in enumerate(last):
        if k < 0:
            continue
        a = 0.0 if np.isnan(case_values[i, k]) else case_values[i, k]
        for j in range(k, len(ages) - 1):
            future_paid[i] += ratios.payment[j] * a
            a *= ratios.carry_over[j]
        ultimate[i] = paid[i, k] + future_paid[i] + a
    latest_case = np.array([case_values[i, k] if k >= 0 else np.nan for i, k in enumerate(last)])
    return build_result(
        "case_development",
        inputs,
        ultimate,
        extra_columns={"latest_paid": vector(paid_tri.latest_diagonal), "latest_case": latest_case},
        details={"ratios": ratios.frame()},
        warnings=ignored_settings(assumptions),
    )


def ignored_settings(assumptions: SegmentAssumptions) -> tuple[str, ...]:
    """Say which of the user's settings case development does not apply (empty when none is set)."""
    dev, tail = assumptions.development, assumptions.tail
    ignored = []
    if tail.kind != "none":
        ignored.append(f"the {tail.kind.replace('_', ' ')} tail")
    if dev.drop_high or dev.drop_low:
        ignored.append("dropping the highest or lowest link ratios")
    if dev.excluded_cells or dev.excluded_valuations:
        ignored.append("the excluded link ratios and diagonals")
    if dev.overrides:
        ignored.append("the typed factors")
    if not ignored:
        return ()
    return (
        "Reserve (case-outstanding) development runs off the latest case reserves with its own carry-over "
        f"and payment ratios; it does not apply {', '.join(ignored)} (they shape chain-ladder factors only). "
        "It uses the average and the number of latest periods.",
    )
