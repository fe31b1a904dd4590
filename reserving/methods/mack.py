"""Mack's distribution-free chain ladder: standard errors by origin and in total, plus the one-year CDR."""

from __future__ import annotations

import warnings
from dataclasses import replace

import chainladder as cl
import numpy as np

from reserving.assumptions import SegmentAssumptions
from reserving.methods.development import develop
from reserving.methods.inputs import MethodInputs
from reserving.methods.merz_wuthrich import merz_wuthrich
from reserving.methods.results import MethodResult, build_result, cdf_at_latest, vector
from reserving.methods.tails import apply_tail


def _mack_fit(inputs: MethodInputs, assumptions: SegmentAssumptions, sigma: str):
    dev = replace(assumptions.development, sigma=sigma)
    developed = develop(inputs.triangle, dev, inputs.origin_labels)
    tailed = apply_tail(developed, assumptions.tail, assumptions.options.clark_growth)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = cl.MackChainladder().fit(tailed)
    return model, developed, tailed


def _total_se(model: cl.MackChainladder) -> float:
    return float(
        np.asarray(
            model.total_mack_std_err_.values
            if hasattr(model.total_mack_std_err_, "values")
            else model.total_mack_std_err_,
            dtype=float,
        ).ravel()[0]
    )


def mack(inputs: MethodInputs, assumptions: SegmentAssumptions) -> MethodResult:
    """Chain ladder with Mack (1993) standard errors and Merz-Wuthrich one-year CDR s.e.

    The total s.e. of the other sigma extrapolation is reported in ``details`` so both
    conventions (R's default log-linear, Mack's own) are visible side by side.
    """
    sigma = assumptions.development.sigma
    model, developed, tailed = _mack_fit(inputs, assumptions, sigma)
    std_err = vector(model.mack_std_err_)
    process = vector(model.process_risk_) if hasattr(model, "process_risk_") else None
    parameter = vector(model.parameter_risk_) if hasattr(model, "parameter_risk_") else None
    values = np.asarray(inputs.triangle.values, dtype=float)[0, 0]
    n_body = values.shape[1] - 1
    ldf = np.asarray(developed.ldf_.values, dtype=float)[0, 0, 0, :n_body]
    sig = np.asarray(developed.sigma_.values, dtype=float)[0, 0, 0, :n_body]
    cdr = merz_wuthrich(values, ldf, sig)
    other = "mack" if sigma == "log-linear" else "log-linear"
    other_model, _, _ = _mack_fit(inputs, assumptions, other)
    cdf = cdf_at_latest(tailed)
    latest = vector(inputs.triangle.latest_diagonal)
    std_err = np.where(np.isclose(cdf, 1.0) & np.isnan(std_err), 0.0, std_err)
    extras = {"cdr_std_err": cdr.std_err}
    if process is not None and parameter is not None:
        extras["process_std_err"] = np.nan_to_num(process)
        extras["parameter_std_err"] = np.nan_to_num(parameter)
    return build_result(
        "mack",
        inputs,
        vector(model.ultimate_),
        std_err=std_err,
        total_std_err=_total_se(model),
        cdf=cdf,
        latest=latest,
        extra_columns=extras,
        extra_total={"cdr_std_err": cdr.total_std_err},
        details={
            "sigma": sigma,
            "total_std_err_by_sigma": {sigma: _total_se(model), other: _total_se(other_model)},
            "cdr_note": "one-year CDR of Merz-Wuthrich (2008) on the selected body factors; the tail is not included",
        },
    )
