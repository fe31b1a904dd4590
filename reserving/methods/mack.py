"""Mack's distribution-free chain ladder: standard errors by origin and in total, plus the one-year CDR."""

from __future__ import annotations

import warnings
from dataclasses import replace

import chainladder as cl
import numpy as np

from reserving.assumptions import SegmentAssumptions
from reserving.errors import AssumptionError, MethodDataError
from reserving.methods.failures import data_errors
from reserving.methods.inputs import MethodInputs
from reserving.methods.mack_sigma import other_sigma_total_std_err
from reserving.methods.merz_wuthrich import merz_wuthrich
from reserving.methods.results import MethodResult, build_result, cdf_at_latest, nil_origins, vector

SIGMAS = ("log-linear", "mack")
"""The two sigma extrapolations: R's default log-linear one and Mack's (1993) own."""

CDR_NOTE = "one-year CDR of Merz-Wuthrich (2008) on the selected body factors; the tail is not included"

MACK_AVERAGES = ("volume", "simple")
"""Averages Mack's variance model covers: each link ratio weighted by its volume (alpha = 1) or
equally (alpha = 2). A geometric mean is not a weighted mean of link ratios, so it has no Mack variance."""

CDR_REFUSED = (
    "The one-year CDR (Merz-Wuthrich) is not given: its formula holds for volume-weighted factors only, and "
    "the factors here are a {average} average. Choose the volume-weighted average on Development to see it."
)


def check_average(assumptions: SegmentAssumptions) -> None:
    """Refuse, in words, factors Mack's variance cannot be computed for: a geometric mean, or one ratio per age."""
    if assumptions.development.n_periods == 1:
        raise AssumptionError(
            "DevelopmentAssumptions.n_periods: Mack's standard errors measure how link ratios vary around "
            "their average, which one link ratio per age cannot show; use 2 or more latest periods (or all) for Mack"
        )
    average = assumptions.development.average
    if average not in MACK_AVERAGES:
        raise AssumptionError(
            f"DevelopmentAssumptions.average: Mack's standard errors need volume-weighted or simple-average "
            f"factors (its variance weights each link ratio by its volume or equally); a {average} average has "
            "no such variance. Choose the volume or simple average for Mack, or use the bootstrap."
        )


def _with_sigma(assumptions: SegmentAssumptions, sigma: str) -> SegmentAssumptions:
    return replace(assumptions, development=replace(assumptions.development, sigma=sigma))


def _mack_fit(inputs: MethodInputs, assumptions: SegmentAssumptions) -> tuple[cl.MackChainladder, cl.Triangle]:
    """Fitted `MackChainladder` on the memoised development + tail fit (shared with chain ladder)."""
    check_average(assumptions)
    tailed = inputs.developed(assumptions)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            model = cl.MackChainladder().fit(tailed)
        except (ValueError, IndexError, ZeroDivisionError, AttributeError, TypeError) as exc:
            raise MethodDataError(f"mack cannot be fitted on this triangle ({type(exc).__name__}: {exc})") from exc
    return model, tailed


def _total_se(model: cl.MackChainladder) -> float:
    total = model.total_mack_std_err_
    return float(np.asarray(total.values if hasattr(total, "values") else total, dtype=float).ravel()[0])


def mack_total_std_err(inputs: MethodInputs, assumptions: SegmentAssumptions, sigma: str) -> float:
    """Total Mack s.e. under one sigma extrapolation, by a full fit (the reference for the derived figure)."""
    model, _ = _mack_fit(inputs, _with_sigma(assumptions, sigma))
    return _total_se(model)


@data_errors("mack")
def mack(inputs: MethodInputs, assumptions: SegmentAssumptions) -> MethodResult:
    """Chain ladder with Mack (1993) standard errors and Merz-Wuthrich one-year CDR s.e.

    The CDR is given for volume-weighted factors only (Merz-Wuthrich's formula assumes them);
    under a simple average its column and total are NaN and a warning says why.

    The total s.e. of the other sigma extrapolation is reported in
    ``details['total_std_err_by_sigma']`` so both conventions (R's default log-linear,
    Mack's own) are visible side by side. Only the sigmas differ between the two, so the
    other total is derived from this fit (`other_sigma_total_std_err`) instead of fitting
    Mack a second time; where it cannot be derived exactly it is fitted.
    """
    sigma = assumptions.development.sigma
    model, tailed = _mack_fit(inputs, assumptions)
    std_err = vector(model.mack_std_err_)
    process = vector(model.process_risk_) if hasattr(model, "process_risk_") else None
    parameter = vector(model.parameter_risk_) if hasattr(model, "parameter_risk_") else None
    values = np.asarray(inputs.triangle.values, dtype=float)[0, 0]
    n_body = values.shape[1] - 1
    ldf = np.asarray(tailed.ldf_.values, dtype=float)[0, 0, 0, :n_body]
    sig = np.asarray(tailed.sigma_.values, dtype=float)[0, 0, 0, :n_body]
    warnings_: list[str] = []
    if assumptions.development.average == "volume":
        cdr = merz_wuthrich(values, ldf, sig)
        cdr_std_err, cdr_total = cdr.std_err, cdr.total_std_err
    else:
        cdr_std_err, cdr_total = np.full(len(values), np.nan), float("nan")
        warnings_.append(CDR_REFUSED.format(average=assumptions.development.average))
    total_se = _total_se(model)
    other = SIGMAS[1] if sigma == SIGMAS[0] else SIGMAS[0]
    other_se = other_sigma_total_std_err(
        inputs, assumptions, model=model, tailed=tailed, other=other, fitted_total=total_se
    )
    if other_se is None:
        other_se = mack_total_std_err(inputs, assumptions, other)
    cdf = cdf_at_latest(tailed)
    std_err = np.where(np.isclose(cdf, 1.0) & np.isnan(std_err), 0.0, std_err)
    extras = {"cdr_std_err": cdr_std_err}
    if process is not None and parameter is not None:
        extras["process_std_err"] = np.nan_to_num(process)
        extras["parameter_std_err"] = np.nan_to_num(parameter)
    ultimate, notes = nil_origins(inputs, vector(model.ultimate_))
    latest = vector(inputs.triangle.latest_diagonal)
    warnings_.extend(notes)
    std_err = np.where(np.isnan(std_err) & (ultimate == 0), 0.0, std_err)
    return build_result(
        "mack",
        inputs,
        ultimate,
        std_err=std_err,
        total_std_err=total_se,
        cdf=cdf,
        latest=latest,
        extra_columns=extras,
        extra_total={"cdr_std_err": cdr_total},
        details={
            "sigma": sigma,
            "total_std_err_by_sigma": {sigma: total_se, other: other_se},
            "cdr_note": CDR_NOTE,
        },
        warnings=warnings_,
    )
