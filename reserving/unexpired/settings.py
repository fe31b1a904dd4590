"""The UPR assumptions as data: frozen, hashable, saved and compared as JSON.

Rule No. 1, Art. 3 wants the method, the valuation units and the acquisition-cost ratio kept
stable, so they are one value that a valuation can store and a later one can diff against.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from reserving.errors import AssumptionError

from .earning import check_curve
from .methods import CURVE, DAILY, check_method


def _iso(value: object, what: str) -> str | None:
    if value is None or value == "":
        return None
    try:
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    except (ValueError, TypeError) as exc:
        raise AssumptionError(f"the {what} '{value}' is not a date (write it as YYYY-MM-DD)") from exc


@dataclass(frozen=True)
class UprSettings:
    """How the UPR is computed.

    Attributes
    ----------
    valuation_date : str
        ISO date; the valuation is at 24:00 of that day.
    method : str
        Default method of every line (`methods.METHODS`); 1/365 by default (Rule No. 1, Art. 6).
    line_methods : tuple of (line, method)
        Methods of particular lines, overriding `method`.
    opening_date : str or None
        Start of the period (24:00 of that day) for the earned premium; None leaves it unknown.
    curve : tuple of (month, cumulative earned share)
        The custom earning curve (method "curve"); () otherwise.
    acquisition_ratios : tuple of (line, ratio)
        Acquisition-cost ratio per line, for rows without a cost of their own.
    compulsory_lines : tuple of str
        Lines to treat as compulsory motor besides those named 交强险 or flagged in the listing.
    """

    valuation_date: str
    method: str = DAILY
    line_methods: tuple[tuple[str, str], ...] = ()
    opening_date: str | None = None
    curve: tuple[tuple[int, float], ...] = ()
    acquisition_ratios: tuple[tuple[str, float], ...] = ()
    compulsory_lines: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "valuation_date", _iso(self.valuation_date, "valuation date"))
        object.__setattr__(self, "opening_date", _iso(self.opening_date, "opening date"))
        if self.valuation_date is None:
            raise AssumptionError("give the valuation date")
        if self.opening_date is not None and self.opening_date >= self.valuation_date:
            raise AssumptionError(
                f"the opening date {self.opening_date} must be before the valuation date {self.valuation_date}"
            )
        check_method(self.method)
        for _, method in self.line_methods:
            check_method(method)
        object.__setattr__(self, "line_methods", tuple(sorted((str(k), str(v)) for k, v in self.line_methods)))
        object.__setattr__(
            self, "acquisition_ratios", tuple(sorted((str(k), float(v)) for k, v in self.acquisition_ratios))
        )
        object.__setattr__(self, "compulsory_lines", tuple(sorted(str(x) for x in self.compulsory_lines)))
        uses_curve = self.method == CURVE or any(m == CURVE for _, m in self.line_methods)
        curve = check_curve(self.curve) if uses_curve or self.curve else ()
        object.__setattr__(self, "curve", curve)
        for line, ratio in self.acquisition_ratios:
            if not 0 <= ratio < 1:
                raise AssumptionError(f"the acquisition-cost ratio of '{line}' must be between 0 and 1, got {ratio}")

    @property
    def valuation(self) -> dt.date:
        """The valuation date as a date."""
        return dt.date.fromisoformat(self.valuation_date)

    def method_overrides(self) -> Mapping[str, str]:
        """``{line: method}`` of the lines with their own method."""
        return dict(self.line_methods)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form (tuples become lists)."""
        return json.loads(json.dumps(asdict(self)))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> UprSettings:
        """Rebuild from `to_dict` output (lists become tuples)."""
        if "valuation_date" not in data:
            raise AssumptionError("saved UPR settings have no valuation date")
        return cls(
            valuation_date=data["valuation_date"],
            method=data.get("method", DAILY),
            line_methods=tuple(tuple(x) for x in data.get("line_methods", ())),
            opening_date=data.get("opening_date"),
            curve=tuple((int(m), float(s)) for m, s in data.get("curve", ())),
            acquisition_ratios=tuple(tuple(x) for x in data.get("acquisition_ratios", ())),
            compulsory_lines=tuple(data.get("compulsory_lines", ())),
        )
