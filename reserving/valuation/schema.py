"""The one typed schema of a valuation's results: saved in the database, exported, printed by the CLI.

``results`` JSON (`ValuationResults.to_dict`)::

    {"schema_version": 2, "measure", "method", "segment": {...}, "aggregate": "sum" | "summed_triangle",
     "origins": [{"origin", "latest", "ultimate", "ibnr", "std_err", "method", "reason"}],
     "total": {"latest", "ultimate", "ibnr", "std_err"},
     "methods": {name: {"origins": [...], "total": {...}}}, "failed": {name: message},
     "warnings": [{"segment": {...}, "method", "message"}],
     "results": [{"segment": {...}, "origins": [...], "total": {...}, "methods": {...}, "failed": {...},
                  "warnings": {method: [message]}}],
     "valuation_date", "pattern", "mack_std_err", "reserve_basis", "paid"}

``origins`` and ``total`` are the valuation: the selected method (or blend) per origin of
the one triangle valued, or under "All segments" valued as a sum, the segments' own
selections added up by origin. ``results`` lists each segment valued (one entry when a
single triangle was developed). ``std_err`` is null wherever it is not defined: a blend of
methods, or a sum of segments (their s.e.s are not independent, and no joint model across
segments is estimated). The last five keys are the booking a later retrospective analysis
reads (`reserving.retrospection.booking`); any key this module does not know is kept as
it was, so nothing a user saved is lost by reading and writing it again.

Records saved before this schema (no ``schema_version``) are read too: the app's and the
batch's layout (top-level ``origins``/``total`` of one triangle: under "All segments" that
was the summed triangle) and the ``estimate`` command's (``results`` per segment and a
``total``, the sum of segments).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from reserving.dataset import SegmentKey, segment_key
from reserving.valuation.aggregate import SUM, SUMMED_TRIANGLE, parse_aggregate
from reserving.valuation.numbers import json_number, json_value
from reserving.valuation.spec import SCHEMA_VERSION

FIGURES = ("latest", "ultimate", "ibnr", "std_err")
"""The numbers of every row and total, in this order."""

SEVERAL = "several"
"""Method of a summed origin whose segments selected different methods."""

_KNOWN = {
    "schema_version",
    "measure",
    "method",
    "segment",
    "aggregate",
    "origins",
    "total",
    "methods",
    "failed",
    "warnings",
}


@dataclass(frozen=True)
class Row:
    """One origin's figures; ``method``/``reason`` only on a selection, ``extra`` such as Mack's ``cdr_std_err``."""

    origin: str
    latest: float | None
    ultimate: float | None
    ibnr: float | None
    std_err: float | None = None
    method: str | None = None
    reason: str | None = None
    extra: tuple[tuple[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (numbers through `json_number`)."""
        out: dict[str, Any] = {"origin": self.origin, **{name: json_number(getattr(self, name)) for name in FIGURES}}
        if self.method is not None:
            out["method"] = self.method
        if self.reason is not None:
            out["reason"] = self.reason
        out.update({key: json_value(value) for key, value in self.extra})
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Row:
        """Read a row written by `to_dict` (or by the writers before this schema)."""
        known = {"origin", "method", "reason", *FIGURES}
        return cls(
            origin=str(data.get("origin")),
            **{name: json_number(data.get(name)) for name in FIGURES},
            method=None if data.get("method") is None else str(data["method"]),
            reason=None if data.get("reason") is None else str(data["reason"]),
            extra=tuple((str(k), v) for k, v in data.items() if k not in known),
        )


@dataclass(frozen=True)
class Total:
    """Totals of a set of rows; ``std_err`` is the method's own (never a sum); ``extra`` e.g. percentiles."""

    latest: float | None
    ultimate: float | None
    ibnr: float | None
    std_err: float | None = None
    extra: tuple[tuple[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        out = {name: json_number(getattr(self, name)) for name in FIGURES}
        out.update({key: json_value(value) for key, value in self.extra})
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Total:
        """Read a total written by `to_dict` (or before this schema)."""
        data = data if isinstance(data, Mapping) else {}
        return cls(
            **{name: json_number(data.get(name)) for name in FIGURES},
            extra=tuple((str(k), v) for k, v in data.items() if k not in FIGURES),
        )


@dataclass(frozen=True)
class Figures:
    """Rows by origin and their total: one method's result, or a selection."""

    origins: tuple[Row, ...]
    total: Total

    def to_dict(self) -> dict[str, Any]:
        """``{"origins": [...], "total": {...}}``."""
        return {"origins": [row.to_dict() for row in self.origins], "total": self.total.to_dict()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Figures:
        """Read `to_dict` output."""
        data = data if isinstance(data, Mapping) else {}
        rows = [Row.from_dict(row) for row in data.get("origins") or [] if isinstance(row, Mapping)]
        return cls(tuple(rows), Total.from_dict(data.get("total")))

    def frame(self) -> pd.DataFrame:
        """Return the rows as a DataFrame (``origin``, the figures, ``method``, ``reason``; NaN for null)."""
        columns = ["origin", *FIGURES, "method", "reason"]
        rows = [{**row.to_dict(), "method": row.method or "", "reason": row.reason or ""} for row in self.origins]
        frame = pd.DataFrame(rows, columns=columns)
        for name in FIGURES:
            frame[name] = pd.to_numeric(frame[name], errors="coerce").astype(float)
        return frame


def add_up(parts: Sequence[Figures], *, selected: bool) -> Figures:
    """Add figures by origin label (the sum of segments); one part is returned as it is.

    Origins are in label order (labels sort as periods do: ``2019Q1`` < ``2019Q2``). The
    s.e. of a sum is null (see the module docstring), and so are extras that do not add up
    (Mack's one-year s.e., bootstrap percentiles).
    """
    if len(parts) == 1:
        return parts[0]
    by_origin: dict[str, list[Row]] = {}
    for part in parts:
        for row in part.origins:
            by_origin.setdefault(row.origin, []).append(row)
    rows = []
    for origin in sorted(by_origin):
        found = by_origin[origin]
        methods = {row.method for row in found}
        rows.append(
            Row(
                origin=origin,
                **{name: _sum(getattr(row, name) for row in found) for name in ("latest", "ultimate", "ibnr")},
                std_err=None,
                method=(methods.pop() if len(methods) == 1 else SEVERAL) if selected else None,
                reason="" if selected else None,
            )
        )
    extras = dict.fromkeys(key for part in parts for key, _ in part.total.extra)
    total = Total(
        **{name: _sum(getattr(part.total, name) for part in parts) for name in ("latest", "ultimate", "ibnr")},
        std_err=None,
        extra=tuple((key, None) for key in extras),
    )
    return Figures(tuple(rows), total)


def _sum(values: Any) -> float | None:
    numbers = [v for v in values if v is not None]
    return float(sum(numbers)) if numbers else None


@dataclass(frozen=True)
class SegmentResults:
    """One triangle valued: its segment, selected figures, every method's own, the methods that could not run."""

    segment: SegmentKey
    selected: Figures
    methods: Mapping[str, Figures] = field(default_factory=dict)
    failed: Mapping[str, str] = field(default_factory=dict)
    booking: Mapping[str, Any] = field(default_factory=dict)
    warnings: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """What each method that ran says of its own choices (a zero latest, settings it does not apply)."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (an entry of ``results``)."""
        out: dict[str, Any] = {"segment": dict(self.segment), **self.selected.to_dict()}
        if self.methods:
            out["methods"] = {name: figures.to_dict() for name, figures in self.methods.items()}
        if self.failed:
            out["failed"] = dict(self.failed)
        if self.warnings:
            out["warnings"] = {name: list(messages) for name, messages in self.warnings.items()}
        out.update(json_value(dict(self.booking)))
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SegmentResults:
        """Read an entry of ``results`` (or a whole pre-schema record of one triangle)."""
        methods = data.get("methods") if isinstance(data.get("methods"), Mapping) else {}
        failed = data.get("failed") if isinstance(data.get("failed"), Mapping) else {}
        warned = _warnings_by_method(data.get("warnings"))
        skip = {"segment", "origins", "total", "methods", "failed"} | _KNOWN
        return cls(
            segment=_segment(data.get("segment")),
            selected=Figures.from_dict(data),
            methods={str(name): Figures.from_dict(value) for name, value in methods.items()},
            failed={str(k): str(v) for k, v in failed.items()},
            booking={k: v for k, v in data.items() if k not in skip and k != "results"},
            warnings=warned,
        )


def _warnings_by_method(value: Any) -> dict[str, tuple[str, ...]]:
    """Warnings as a segment entry keeps them ({method: [message]}), from that or the top-level list."""
    if isinstance(value, Mapping):
        return {str(k): tuple(map(str, v)) for k, v in value.items() if isinstance(v, list | tuple)}
    out: dict[str, list[str]] = {}
    for item in value if isinstance(value, list) else []:
        if isinstance(item, Mapping) and "method" in item and "message" in item:
            out.setdefault(str(item["method"]), []).append(str(item["message"]))
    return {name: tuple(messages) for name, messages in out.items()}


def _segment(value: Any) -> SegmentKey:
    return segment_key(value if isinstance(value, Mapping) else None)


@dataclass(frozen=True)
class ValuationResults:
    """A valuation's results: each segment valued, and the valuation itself (their sum, or the one triangle).

    Attributes
    ----------
    measure, method : str
        Measure estimated; the default selected method.
    segment : SegmentKey
        The segment the valuation is of (``()`` for "All segments").
    aggregate : str
        How "All segments" was valued (`reserving.valuation.aggregate`).
    segments : tuple of SegmentResults
        Every triangle valued (one, or each segment of a sum).
    selected : Figures
        The valuation by origin and in total.
    methods : dict of str to Figures
        Every method's own figures (added up over the segments of a sum).
    failed : dict of str to str
        Methods that could not run, with the reason.
    booking : dict
        What a later retrospective analysis reads, and any other key kept from the record.
    schema_version : int
        `SCHEMA_VERSION` when written now; 1 for a record read from the layout before it.
    """

    measure: str
    method: str
    segment: SegmentKey
    aggregate: str
    segments: tuple[SegmentResults, ...]
    selected: Figures
    methods: Mapping[str, Figures] = field(default_factory=dict)
    failed: Mapping[str, str] = field(default_factory=dict)
    booking: Mapping[str, Any] = field(default_factory=dict)
    schema_version: int = SCHEMA_VERSION

    @property
    def total(self) -> Total:
        """The valuation's total."""
        return self.selected.total

    def warnings(self) -> list[dict[str, Any]]:
        """Every method warning of every triangle valued, naming its segment and method."""
        return [
            {"segment": dict(part.segment), "method": method, "message": message}
            for part in self.segments
            for method, messages in part.warnings.items()
            for message in messages
        ]

    def to_dict(self, *, per_segment: bool | None = None) -> dict[str, Any]:
        """Return the ``results`` JSON (see the module docstring), always written in the current schema.

        ``results`` (the triangles valued) is written for a sum of several segments, or when
        `per_segment` asks for it (the command line always lists them); one triangle valued
        is the top level itself.
        """
        listed = len(self.segments) > 1 if per_segment is None else per_segment
        return {
            "schema_version": SCHEMA_VERSION,
            "measure": self.measure,
            "method": self.method,
            "segment": dict(self.segment),
            "aggregate": self.aggregate,
            **self.selected.to_dict(),
            "methods": {name: figures.to_dict() for name, figures in self.methods.items()},
            "failed": dict(self.failed),
            "warnings": self.warnings(),
            **({"results": [part.to_dict() for part in self.segments]} if listed else {}),
            **json_value(dict(self.booking)),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ValuationResults:
        """Read a ``results`` JSON of this schema or of the layouts before it (see the module docstring)."""
        data = data if isinstance(data, Mapping) else {}
        version = int(data.get("schema_version") or 1)
        segment = _segment(data.get("segment"))
        blocks = [b for b in data.get("results") or [] if isinstance(b, Mapping)] if "results" in data else None
        if blocks:  # this schema, or the estimate command's layout (a sum of segments)
            segments = tuple(SegmentResults.from_dict(block) for block in blocks)
        else:  # the app's and the batch's layout: one triangle
            segments = (SegmentResults.from_dict({**data, "segment": dict(segment)}),)
        if "aggregate" in data:
            aggregate = parse_aggregate(data.get("aggregate"))
        else:
            aggregate = SUM if blocks else SUMMED_TRIANGLE
        if "origins" in data:
            selected = Figures.from_dict(data)
        else:
            selected = add_up([part.selected for part in segments], selected=True)
            if "total" in data:
                selected = Figures(selected.origins, Total.from_dict(data.get("total")))
        methods = data.get("methods") if isinstance(data.get("methods"), Mapping) else {}
        failed = data.get("failed") if isinstance(data.get("failed"), Mapping) else {}
        skip = _KNOWN | {"results", "assumptions"}
        return cls(
            measure=str(data.get("measure") or ""),
            method=str(data.get("method") or ""),
            segment=segment,
            aggregate=aggregate,
            segments=segments,
            selected=selected,
            methods={str(name): Figures.from_dict(value) for name, value in methods.items()},
            failed={str(k): str(v) for k, v in failed.items()},
            booking={k: v for k, v in data.items() if k not in skip},
            schema_version=version,
        )
