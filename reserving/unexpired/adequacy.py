"""The premium adequacy test (保费充足性测试) and the premium deficiency reserve (保费不足准备金).

For each valuation unit u (a line by default, or line x branch), following regulation-notes
§3.2 (CAS 25-style liability adequacy; the formula is standard practice, the principle is in
the Measures, Art. 10 and Rule No. 1, Art. 3):

    claims_u      = loss ratio_u x UPR gross_u         (policy-year expected loss ratio)
    outflow_u     = claims_u x (1 + ALAE ratio + ULAE ratio) + maintenance ratio x UPR gross_u
    PV_u          = outflow_u discounted over its timing, when the duration exceeds the threshold
    required_u    = PV_u x (1 + risk margin ratio)
    surplus_u     = UPR net_u - required_u             (UPR net = gross - unexpired acquisition cost)
    PDR_u         = max(0, -surplus_u)

No unit's surplus covers another's deficit unless `offsetting` is on: then the PDR is
max(0, sum required - sum UPR net), shared among the deficient units by their deficits.

Timing: by default every outflow of a unit falls at the middle of its remaining cover (the
UPR-weighted half of the days left, in years of 365 days); a `payment_pattern` instead spreads
it over future years, paid mid-year (t = 0.5, 1.5, ...). Discounting at a flat rate or an
annual spot curve applies only when the unit's duration exceeds `discount_threshold_years`
(1 year by default; regulation-notes §3.7: threshold and curve not verified, so both are inputs).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from reserving.errors import AssumptionError

from .results import UprResult

UNITS = ("line", "line_branch")
ADEQUACY_COLUMNS = (
    "unit",
    "branch",
    "line",
    "upr_gross",
    "upr_net",
    "loss_ratio",
    "expected_claims",
    "alae",
    "ulae",
    "maintenance",
    "outflow",
    "duration_years",
    "discounted",
    "present_value",
    "risk_margin",
    "required",
    "surplus",
    "pdr",
)
"""Columns of the adequacy table, one row per unit (``branch`` None for line units)."""


@dataclass(frozen=True)
class AdequacyParameters:
    """Assumptions of the premium adequacy test; every one has a default (none adds a load).

    Attributes
    ----------
    unit : str
        "line" (default) or "line_branch".
    loss_ratios : tuple of (unit key, ratio)
        Policy-year expected loss ratio per unit; the key is the line, or "branch|line" for a
        line x branch unit (which falls back to its line's ratio).
    default_loss_ratio : float or None
        Ratio of units not in `loss_ratios`; None (default) makes a missing ratio an error,
        because no sensible industry value exists.
    alae_ratio, ulae_ratio : float
        Direct and indirect claim expenses as a share of the expected claims (default 0: ALAE
        already in the loss ratio, no ULAE load).
    maintenance_ratio : float
        Policy maintenance expense (保单维持费用) as a share of UPR gross (default 0).
    payment_pattern : tuple of float
        Share of the outflow paid in each future year (sums to 1); () = all at the middle of
        the remaining cover.
    discount_rate : float
        Flat annual rate (default 0).
    discount_curve : tuple of float
        Annual spot rates for years 1, 2, ...; overrides `discount_rate` when given (the last
        rate holds beyond the curve).
    discount_threshold_years : float
        Discount only when the duration exceeds this (default 1.0).
    risk_margin_ratio : float
        Risk margin as a share of the (discounted) best estimate (default 0; the 3%-6% figures
        that circulate are unverified, regulation-notes §3.6).
    offsetting : bool
        Let surpluses of some units cover deficits of others (default False, prudent).
    """

    unit: str = "line"
    loss_ratios: tuple[tuple[str, float], ...] = ()
    default_loss_ratio: float | None = None
    alae_ratio: float = 0.0
    ulae_ratio: float = 0.0
    maintenance_ratio: float = 0.0
    payment_pattern: tuple[float, ...] = ()
    discount_rate: float = 0.0
    discount_curve: tuple[float, ...] = ()
    discount_threshold_years: float = 1.0
    risk_margin_ratio: float = 0.0
    offsetting: bool = False

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise AssumptionError(f"unknown valuation unit '{self.unit}'; choose one of {', '.join(UNITS)}")
        object.__setattr__(self, "loss_ratios", tuple(sorted((str(k), float(v)) for k, v in self.loss_ratios)))
        object.__setattr__(self, "payment_pattern", tuple(float(x) for x in self.payment_pattern))
        object.__setattr__(self, "discount_curve", tuple(float(x) for x in self.discount_curve))
        for key, ratio in self.loss_ratios:
            if ratio < 0:
                raise AssumptionError(f"the loss ratio of '{key}' cannot be negative ({ratio})")
        for name in ("alae_ratio", "ulae_ratio", "maintenance_ratio", "risk_margin_ratio", "discount_threshold_years"):
            if getattr(self, name) < 0:
                raise AssumptionError(f"{name.replace('_', ' ')} cannot be negative ({getattr(self, name)})")
        if self.default_loss_ratio is not None and self.default_loss_ratio < 0:
            raise AssumptionError(f"the default loss ratio cannot be negative ({self.default_loss_ratio})")
        pattern = np.array(self.payment_pattern)
        if pattern.size and (pattern.min() < 0 or abs(pattern.sum() - 1) > 1e-6):
            raise AssumptionError(
                f"the payment pattern must be non-negative shares adding to 1; it adds to {pattern.sum():g}"
            )
        if any(r <= -1 for r in (self.discount_rate, *self.discount_curve)):
            raise AssumptionError("a discount rate must be above -100%")

    def loss_ratio(self, branch: str | None, line: str) -> float:
        """Return the loss ratio of a unit: its own, its line's, or the default."""
        ratios = dict(self.loss_ratios)
        for key in ((f"{branch}|{line}",) if branch is not None else ()) + (line,):
            if key in ratios:
                return ratios[key]
        if self.default_loss_ratio is None:
            name = f"{branch} / {line}" if branch is not None else line
            raise AssumptionError(
                f"no policy-year loss ratio for the unit '{name}': give one (loss_ratios) or a default loss ratio"
            )
        return self.default_loss_ratio

    def rate(self, t: np.ndarray) -> np.ndarray:
        """Annual spot rate for time t in years (curve year ceil(t), last rate beyond the curve)."""
        if not self.discount_curve:
            return np.full_like(t, self.discount_rate, dtype=float)
        curve = np.array(self.discount_curve)
        index = np.clip(np.ceil(t).astype(int) - 1, 0, len(curve) - 1)
        return curve[index]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form."""
        return json.loads(json.dumps(asdict(self)))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AdequacyParameters:
        """Rebuild from `to_dict` output."""
        fields = dict(data)
        unknown = set(fields) - set(cls.__dataclass_fields__)
        if unknown:
            raise AssumptionError(f"unknown adequacy-test parameters: {', '.join(sorted(unknown))}")
        fields["loss_ratios"] = tuple(tuple(x) for x in fields.get("loss_ratios", ()))
        fields["payment_pattern"] = tuple(fields.get("payment_pattern", ()))
        fields["discount_curve"] = tuple(fields.get("discount_curve", ()))
        return cls(**fields)


@dataclass(frozen=True)
class AdequacyResult:
    """The test's table (`ADEQUACY_COLUMNS`, one row per unit) and its totals."""

    parameters: AdequacyParameters
    units: pd.DataFrame
    total_required: float
    total_upr_net: float
    total_pdr: float


def _unit_table(result: UprResult, unit: str) -> pd.DataFrame:
    """UPR gross, net and the UPR-weighted mid-point of remaining cover (years) per unit."""
    rows = result.policies
    keys = ["line"] if unit == "line" else ["branch", "line"]
    rows = rows.assign(weighted_days=rows["upr_gross"] * rows["remaining_days"] / 2)
    table = rows.groupby(keys, sort=True)[["upr_gross", "upr_net", "weighted_days"]].sum().reset_index()
    gross = table["upr_gross"].where(table["upr_gross"] != 0)
    table["mid_cover_years"] = (table.pop("weighted_days") / gross / 365).fillna(0.0)
    if unit == "line":
        table.insert(0, "branch", None)
    table.insert(0, "unit", table["line"] if unit == "line" else table["branch"] + "|" + table["line"])
    return table


def premium_adequacy(result: UprResult, parameters: AdequacyParameters | None = None) -> AdequacyResult:
    """Run the premium adequacy test on a UPR result; see the module docstring for the formula.

    Raises
    ------
    AssumptionError
        When a unit has no loss ratio and no default is given.
    """
    p = parameters or AdequacyParameters()
    table = _unit_table(result, p.unit)
    table["loss_ratio"] = [p.loss_ratio(b, line) for b, line in zip(table["branch"], table["line"], strict=True)]
    table["expected_claims"] = table["loss_ratio"] * table["upr_gross"]
    table["alae"] = p.alae_ratio * table["expected_claims"]
    table["ulae"] = p.ulae_ratio * table["expected_claims"]
    table["maintenance"] = p.maintenance_ratio * table["upr_gross"]
    table["outflow"] = table[["expected_claims", "alae", "ulae", "maintenance"]].sum(axis=1)
    if p.payment_pattern:
        times = np.arange(len(p.payment_pattern)) + 0.5
        shares = np.array(p.payment_pattern)
        factors = (1 + p.rate(times)) ** -times
        factor = float(np.dot(shares, factors))
        duration = float(np.dot(shares * factors, times) / factor) if factor else 0.0
        table["discount_factor"] = factor
        table["duration_years"] = duration
    else:
        t = table["mid_cover_years"].to_numpy()
        table["discount_factor"] = (1 + p.rate(t)) ** -t
        table["duration_years"] = t
    table["discounted"] = table["duration_years"] > p.discount_threshold_years
    table["present_value"] = table["outflow"] * np.where(table["discounted"], table["discount_factor"], 1.0)
    table["risk_margin"] = p.risk_margin_ratio * table["present_value"]
    table["required"] = table["present_value"] + table["risk_margin"]
    table["surplus"] = table["upr_net"] - table["required"]
    deficit = (-table["surplus"]).clip(lower=0)
    total_required = float(table["required"].sum())
    total_upr_net = float(table["upr_net"].sum())
    if p.offsetting:
        total_pdr = max(0.0, total_required - total_upr_net)
        share = deficit / deficit.sum() if deficit.sum() > 0 else deficit * 0
        table["pdr"] = total_pdr * share
    else:
        table["pdr"] = deficit
        total_pdr = float(deficit.sum())
    return AdequacyResult(p, table[list(ADEQUACY_COLUMNS)], total_required, total_upr_net, total_pdr)
