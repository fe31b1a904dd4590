"""Chain ladder and the a-priori family: expected loss, Bornhuetter-Ferguson, Benktander, Cape Cod.

Per-origin a-priori loss ratios are passed the way chainladder's Friedland examples do:
expected claims ``ELR_i x premium_i`` as ``sample_weight`` with ``apriori=1``.
"""

from __future__ import annotations

import warnings

import chainladder as cl
import numpy as np

from reserving.assumptions import SegmentAssumptions
from reserving.errors import AssumptionError
from reserving.methods.failures import data_errors
from reserving.methods.inputs import MethodInputs, fit_key
from reserving.methods.results import MethodResult, build_result, cdf_at_latest, nil_origins, vector


def _fit(estimator: cl.MethodBase, developed: cl.Triangle, weight: cl.Triangle | None = None) -> cl.MethodBase:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return estimator.fit(developed, sample_weight=weight)


@data_errors("chainladder")
def chainladder(inputs: MethodInputs, assumptions: SegmentAssumptions) -> MethodResult:
    """Ultimate = latest x CDF of the selected factors and tail (0 for an origin with nothing reported)."""
    developed = inputs.developed(assumptions)
    model = _fit(cl.Chainladder(), developed)
    cdf = cdf_at_latest(developed)
    ultimate, notes = nil_origins(inputs, vector(model.ultimate_))
    return build_result("chainladder", inputs, ultimate, cdf=cdf, warnings=notes)


def cape_cod_fit(inputs: MethodInputs, assumptions: SegmentAssumptions) -> tuple[cl.CapeCod, cl.Triangle]:
    """Fitted Cape Cod (Stanard-Buhlmann) and the developed triangle it used (memoised, shared: read only)."""
    premium = inputs.require_premium("cape_cod")
    developed = inputs.developed(assumptions)
    opts = assumptions.options
    key = ("cape_cod", fit_key(inputs.measure, assumptions), opts.cape_cod_trend, opts.cape_cod_decay)
    model = inputs.memo(
        key,
        lambda: _fit(
            cl.CapeCod(trend=opts.cape_cod_trend, decay=opts.cape_cod_decay),
            developed,
            inputs.premium_triangle(premium),
        ),
    )
    return model, developed


def cape_cod_ratios(model: cl.CapeCod) -> np.ndarray:
    """Loss ratio Cape Cod applies to each origin's premium.

    chainladder's ``apriori_`` is the ratio trended to the level of the latest origin; the
    expected claims use ``detrended_apriori_``, the same ratio brought back to each origin.
    Without a trend both are equal.
    """
    return np.asarray(model.detrended_apriori_.values, dtype=float)[0, 0, :, 0]


@data_errors("cape_cod")
def cape_cod(inputs: MethodInputs, assumptions: SegmentAssumptions) -> MethodResult:
    """Cape Cod: BF with the loss ratio implied by the data itself.

    The ``apriori`` column is the loss ratio applied to each origin (detrended when a trend
    is set); ``details['trended_apriori']`` holds chainladder's ratio at the latest origin's level.
    """
    model, developed = cape_cod_fit(inputs, assumptions)
    apriori = cape_cod_ratios(model)
    trended = np.asarray(model.apriori_.values, dtype=float)[0, 0, :, 0]
    return build_result(
        "cape_cod",
        inputs,
        vector(model.ultimate_),
        cdf=cdf_at_latest(developed),
        extra_columns={"apriori": apriori},
        details={
            "apriori_": float(apriori[0]) if np.allclose(apriori, apriori[0]) else apriori.tolist(),
            "trended_apriori": float(trended[0]) if np.allclose(trended, trended[0]) else trended.tolist(),
        },
    )


def apriori_ratios(inputs: MethodInputs, assumptions: SegmentAssumptions, method: str) -> np.ndarray:
    """A-priori loss ratio per origin: manual values, or the ratio Cape Cod applies to that origin."""
    if assumptions.loss_ratio.source == "cape_cod":
        model, _ = cape_cod_fit(inputs, assumptions)
        return cape_cod_ratios(model)
    ratios = [assumptions.loss_ratio.for_origin(label) for label in inputs.origin_labels]
    missing = [lab for lab, r in zip(inputs.origin_labels, ratios, strict=True) if r is None]
    if missing:
        raise AssumptionError(  # the method's key, as the user gave it; pages show its name (feedback.user_message)
            f"LossRatioAssumptions: {method} needs an a-priori loss ratio; none for {', '.join(missing)} "
            "(give one loss ratio for every origin, a loss ratio per origin, or use the Cape Cod loss ratio)"
        )
    return np.asarray(ratios, dtype=float)


def _apriori_method(
    name: str, estimator: cl.MethodBase | None, inputs: MethodInputs, assumptions: SegmentAssumptions
) -> MethodResult:
    """Fit an a-priori method on expected claims ELR x premium (``estimator`` None: the expected claims themselves)."""
    premium = inputs.require_premium(name)
    ratios = apriori_ratios(inputs, assumptions, name)
    developed = inputs.developed(assumptions)
    if estimator is None:
        ultimate = ratios * premium
    else:
        ultimate = vector(_fit(estimator, developed, inputs.premium_triangle(ratios * premium)).ultimate_)
    return build_result(
        name,
        inputs,
        ultimate,
        cdf=cdf_at_latest(developed),
        extra_columns={"apriori": ratios},
    )


@data_errors("expected_loss")
def expected_loss(inputs: MethodInputs, assumptions: SegmentAssumptions) -> MethodResult:
    """Loss-ratio method: ultimate = ELR x premium, whatever has emerged.

    Computed directly: chainladder's `ExpectedLoss` reads a zero expected claim (a loss ratio
    of 0) as missing and returns no ultimate.
    """
    return _apriori_method("expected_loss", None, inputs, assumptions)


@data_errors("bf")
def bf(inputs: MethodInputs, assumptions: SegmentAssumptions) -> MethodResult:
    """Bornhuetter-Ferguson: IBNR = ELR x premium x (1 - 1/CDF)."""
    return _apriori_method("bf", cl.BornhuetterFerguson(apriori=1.0), inputs, assumptions)


@data_errors("benktander")
def benktander(inputs: MethodInputs, assumptions: SegmentAssumptions) -> MethodResult:
    """Benktander: BF iterated, credibility moving from the a priori towards chain ladder.

    ``benktander_iterations`` counts steps from BF (1 = Benktander's own method, BF applied
    to BF's ultimate); chainladder counts from the a-priori ultimate, hence the ``+ 1``.
    """
    estimator = cl.Benktander(apriori=1.0, n_iters=assumptions.options.benktander_iterations + 1)
    return _apriori_method("benktander", estimator, inputs, assumptions)
