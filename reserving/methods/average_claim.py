"""Average claim (frequency x severity, 案均赔款法): ultimate counts x ultimate severity.

chainladder has no such estimator. Ultimate reported counts come from the reported-count
triangle and ultimate severity from the amount-per-reported-claim triangle, each developed
with the same selected development assumptions (chainladder's `Development`), projected
here with numpy. The tail, if any, is applied to severity only: beyond the last age,
development of amounts on reported claims is severity (case strengthening), and counts are
taken as fully reported, so applying one tail to both would count it twice.

Factors typed by hand (``DevelopmentAssumptions.overrides``) are link ratios of the amount
triangle; they are not applied here. Applying one to counts and again to severity would
square it (a typed 2.0 from 12 months would quadruple the latest origin's development).
"""

from __future__ import annotations

import warnings
from dataclasses import replace

import chainladder as cl
import numpy as np

from reserving.assumptions import SegmentAssumptions, TailAssumptions
from reserving.errors import MethodDataError
from reserving.methods.failures import data_errors
from reserving.methods.inputs import MethodInputs, fit_key
from reserving.methods.pipeline import developed_with_tail
from reserving.methods.results import MethodResult, build_result, cdf_at_latest, vector

COUNT_MEASURE = "reported_count"


@data_errors("average_claim")
def average_claim(inputs: MethodInputs, assumptions: SegmentAssumptions) -> MethodResult:
    """Ultimate = ultimate reported counts x ultimate average amount per reported claim."""
    if inputs.measure.endswith("_count"):
        raise MethodDataError(
            f"average_claim estimates an amount (paid or incurred), not the count measure '{inputs.measure}'"
        )
    amount = inputs.triangle
    counts = inputs.require(COUNT_MEASURE, "average_claim")
    count_values = np.asarray(counts.values, dtype=float)
    amount_values = np.asarray(amount.values, dtype=float)

    def build_severity() -> cl.Triangle:
        severity = amount.copy()
        with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            severity.values = np.where(count_values > 0, amount_values / count_values, np.nan)
        return severity

    severity = inputs.memo(("severity", inputs.measure), build_severity)
    latest_counts = vector(counts.latest_diagonal)
    latest_amounts = vector(amount.latest_diagonal)
    short = [
        label
        for label, n, x in zip(inputs.origin_labels, latest_counts, latest_amounts, strict=True)
        if np.isfinite(x) and not (np.isfinite(n) and n > 0)
    ]
    if short:
        raise MethodDataError(f"average_claim needs a positive latest reported count; missing for {', '.join(short)}")

    computed = replace(assumptions, development=replace(assumptions.development, overrides=()))
    counts_developed = inputs.developed(replace(computed, tail=TailAssumptions()), COUNT_MEASURE)
    severity_developed = inputs.memo(
        fit_key(f"severity of {inputs.measure}", computed),
        lambda: developed_with_tail(severity, inputs.origin_labels, computed),
    )
    count_cdf = cdf_at_latest(counts_developed)
    severity_cdf = cdf_at_latest(severity_developed)
    ultimate_counts = latest_counts * count_cdf
    ultimate_severity = vector(severity.latest_diagonal) * severity_cdf
    ultimate = ultimate_counts * ultimate_severity
    latest = latest_amounts
    with np.errstate(divide="ignore", invalid="ignore"):
        cdf = ultimate / latest
    return build_result(
        "average_claim",
        inputs,
        ultimate,
        cdf=cdf,
        extra_columns={
            "ultimate_count": ultimate_counts,
            "ultimate_severity": ultimate_severity,
            "count_cdf": count_cdf,
            "severity_cdf": severity_cdf,
        },
        extra_total={"ultimate_count": float(ultimate_counts.sum())},
        details={"overrides_ignored": bool(assumptions.development.overrides)},
    )
