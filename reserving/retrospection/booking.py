"""A saved valuation as booked: what its results store for later retrospection, and reading it back.

A retrospective analysis against a valuation that was approved and booked must use the
booked figures, not a rebuild: the data may have been restated since, and the assumptions
changed. So every saved valuation stores, next to its per-origin results, the few numbers
the analyses need (`booking_json`)::

    "valuation_date": "YYYY-MM-DD",                    the data's valuation date
    "pattern": {"ages": [...], "cdfs": [...]},         selected CDFs by age in months, tail
                                                       included, ending with CDF 1
    "mack_std_err": {"origins": {label: s.e.}, "total": s.e.}   Mack's s.e. of the IBNR
                                                       (absent when Mack cannot run)
    "reserve_basis": "paid" | measure,                 what the reserve is net of
    "paid": {label: latest paid}                       (latest of the measure without paid)

`prior_from_booking` turns such results into the `PriorValuation` of actual vs expected,
and `valuation_from_booking` into the `SegmentValuation` of the retrospective deviation,
both without recomputing anything. Results saved before these entries existed still read:
the caller passes what is missing (rebuilt from the saved data and assumptions).
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from reserving.assumptions import SegmentAssumptions
from reserving.dataset import Dataset, SegmentKey
from reserving.errors import InputError, ReservingError
from reserving.grains import GRAIN_MONTHS
from reserving.methods.registry import run_method
from reserving.methods.results import MethodResult, vector
from reserving.retrospection.ave import PriorValuation
from reserving.retrospection.pattern import Pattern
from reserving.retrospection.valuation import PAID, SegmentValuation, chain_ladder_pattern, segment_inputs

BOOKING_KEYS = ("valuation_date", "pattern", "mack_std_err", "reserve_basis", "paid")
"""Entries `booking_json` adds to a saved valuation's results."""

_LABEL = re.compile(r"(\d{4})(?:(H|Q|-)(\d{1,2}))?")


def _number(value: Any) -> float | None:
    """Return a finite float, or None (JSON has no NaN)."""
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _float(value: Any) -> float:
    """Return a finite float, or NaN (for reading saved numbers that may be null)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return float("nan")
    return number if math.isfinite(number) else float("nan")


def booking_json(
    dataset: Dataset,
    measure: str,
    segment: SegmentKey,
    assumptions: SegmentAssumptions,
    *,
    mack: MethodResult | None = None,
) -> dict[str, Any]:
    """Return the retrospection entries of a saved valuation's results (see the module docstring).

    Parameters
    ----------
    dataset, measure, segment, assumptions
        What the valuation valued, with its assumptions (the development and tail give the pattern).
    mack : MethodResult, optional
        Mack's result on the same inputs when the caller already has it (else Mack is run here;
        a segment Mack cannot value stores no ``mack_std_err``).
    """
    inputs = segment_inputs(dataset, measure, segment)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pattern = chain_ladder_pattern(inputs, assumptions, GRAIN_MONTHS[dataset.development_grain])
        if mack is None:
            try:
                mack = run_method("mack", inputs, assumptions)
            except ReservingError:
                mack = None
    labels = list(inputs.origin_labels)
    basis = PAID if inputs.has(PAID) else measure
    paid = vector(inputs.triangles[basis].latest_diagonal)
    out: dict[str, Any] = {
        "valuation_date": dataset.valuation_date.strftime("%Y-%m-%d"),
        "pattern": pattern.to_dict(),
        "reserve_basis": basis,
        "paid": {label: _number(np.nan_to_num(value)) for label, value in zip(labels, paid, strict=True)},
    }
    if mack is not None:
        own = mack.origins.set_index(mack.origins["origin"].astype(str))["std_err"]
        out["mack_std_err"] = {
            "origins": {label: _number(own.get(label)) for label in labels},
            "total": _number(mack.total.get("std_err")),
        }
    return out


def has_booking(results: Mapping[str, Any]) -> bool:
    """Whether saved results carry the date and pattern (so a prior needs no rebuild)."""
    return "valuation_date" in results and isinstance(results.get("pattern"), Mapping)


def booked_date(results: Mapping[str, Any]) -> pd.Timestamp | None:
    """Return the saved valuation date, or None for results saved without one."""
    value = results.get("valuation_date")
    return pd.Timestamp(value).normalize() if value else None


def booked_pattern(results: Mapping[str, Any]) -> Pattern | None:
    """Return the saved development pattern, or None for results saved without one."""
    saved = results.get("pattern")
    if not isinstance(saved, Mapping):
        return None
    return Pattern.from_cdfs(saved["ages"], saved["cdfs"])


def _origins(results: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    origins = results.get("origins") or []
    if not origins:
        raise InputError("the saved valuation has no results by origin")
    return origins


def prior_from_booking(
    results: Mapping[str, Any],
    *,
    valuation_date: pd.Timestamp | None = None,
    pattern: Pattern | None = None,
    method: str | None = None,
) -> PriorValuation:
    """Return the AvE prior of saved results: booked IBNR by origin, booked pattern, Mack s.e. (else the saved s.e.).

    `valuation_date` and `pattern` are used only when the results do not carry them (results
    saved before they were stored); then they must be given.
    """
    origins = _origins(results)
    date = booked_date(results) or (pd.Timestamp(valuation_date) if valuation_date is not None else None)
    pattern = booked_pattern(results) or pattern
    if date is None or pattern is None:
        raise InputError("the saved valuation has no valuation date or pattern; rebuild them from its data")
    labels = [str(row["origin"]) for row in origins]
    ibnr = pd.Series([_float(row.get("ibnr")) for row in origins], index=labels)
    std_err, total = _std_errs(results, origins)
    used = method or str(results.get("method") or "") or "selection"
    return PriorValuation(date, ibnr, pattern, std_err, total, used)


def _std_errs(results: Mapping[str, Any], origins: list[Mapping[str, Any]]) -> tuple[pd.Series, float]:
    """Mack's s.e. by origin and in total when saved (the AvE flag's basis), else the selection's own s.e."""
    labels = [str(row["origin"]) for row in origins]
    mack = results.get("mack_std_err")
    if isinstance(mack, Mapping):
        by_origin = mack.get("origins") or {}
        return pd.Series([_float(by_origin.get(label)) for label in labels], index=labels), _float(mack.get("total"))
    std_err = pd.Series([_float(row.get("std_err")) for row in origins], index=labels)
    return std_err, _float((results.get("total") or {}).get("std_err"))


def label_start(label: str) -> pd.Timestamp:
    """First day of the period an origin label names ('1981', '2019H2', '2019Q3', '2019-03')."""
    match = _LABEL.fullmatch(str(label).strip())
    if match is None:
        raise InputError(f"the saved origin '{label}' is not a period label")
    year, kind, number = int(match.group(1)), match.group(2), match.group(3)
    months = {None: 0, "H": 6, "Q": 3, "-": 1}[kind]
    month = 1 if kind is None else (int(number) - 1) * months + 1
    return pd.Timestamp(year=year, month=month, day=1)


def valuation_from_booking(
    results: Mapping[str, Any],
    *,
    valuation_date: pd.Timestamp | None = None,
    paid: Mapping[str, float] | pd.Series | None = None,
    reserve_basis: str | None = None,
) -> SegmentValuation:
    """Return the saved valuation as a `SegmentValuation` (booked latest, ultimate, IBNR, reserve by origin).

    The reserve is the booked ultimate less the booked latest paid (``reserve_basis`` paid),
    or less the latest of the measure for data without paid. Results saved without
    ``paid`` need `paid` (and `reserve_basis`) from the caller, except for a valuation of
    paid itself, whose latest is its paid.
    """
    origins = _origins(results)
    measure = str(results.get("measure") or "")
    date = booked_date(results) or (pd.Timestamp(valuation_date) if valuation_date is not None else None)
    if date is None:
        raise InputError("the saved valuation has no valuation date; rebuild it from its data")
    labels = [str(row["origin"]) for row in origins]
    latest = np.array([_float(row.get("latest")) for row in origins])
    ultimate = np.array([_float(row.get("ultimate")) for row in origins])
    saved_paid = results.get("paid")
    if isinstance(saved_paid, Mapping):
        basis = str(results.get("reserve_basis") or PAID)
        paid_values = np.array([_float(saved_paid.get(label)) for label in labels])
    elif paid is not None:
        basis = reserve_basis or PAID
        paid_values = np.array([_float(dict(paid).get(label)) for label in labels])
    elif measure == PAID or (reserve_basis and reserve_basis == measure):
        basis, paid_values = measure, latest
    else:
        raise InputError(f"the saved {measure} valuation has no paid by origin; rebuild it from its data")
    std_err, _ = _std_errs(results, origins)
    frame = pd.DataFrame(
        {
            "origin": labels,
            "start": [label_start(label) for label in labels],
            "latest": latest,
            "paid": np.nan_to_num(paid_values),
            "ultimate": ultimate,
            "ibnr": ultimate - latest,
            "reserve": ultimate - np.nan_to_num(paid_values),
            "std_err": std_err.to_numpy(dtype=float),
        }
    )
    method = str(results.get("method") or "selection")
    return SegmentValuation(date, measure, method, frame, basis)
