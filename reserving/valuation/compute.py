"""Building a valuation's figures from method results: one segment's selection, and segments added up.

The app computes method results through its caches, the engine (command line, batch,
reports) runs them directly; both hand the results here, so the selection per origin, the
s.e. rule and the sum over segments are decided once.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from reserving.assumptions import Selection
from reserving.dataset import SegmentKey
from reserving.methods.results import MethodResult, totals
from reserving.methods.selection import select
from reserving.valuation.aggregate import SUM
from reserving.valuation.numbers import json_number
from reserving.valuation.schema import Figures, Row, SegmentResults, Total, ValuationResults, add_up

METHOD_EXTRAS = ("cdr_std_err",)
"""Per-origin columns of a method's frame kept beside the four figures (Mack's one-year s.e.)."""


def method_figures(result: MethodResult) -> Figures:
    """One method's own figures by origin and in total (with Mack's one-year s.e., the bootstrap's percentiles)."""
    extras = [name for name in METHOD_EXTRAS if name in result.origins.columns]
    rows = tuple(
        Row(
            origin=str(row["origin"]),
            latest=json_number(row["latest"]),
            ultimate=json_number(row["ultimate"]),
            ibnr=json_number(row["ibnr"]),
            std_err=json_number(row.get("std_err")),
            extra=tuple((name, json_number(row[name])) for name in extras),
        )
        for row in result.origins.to_dict("records")
    )
    extra: list[tuple[str, Any]] = [(n, json_number(result.total[n])) for n in METHOD_EXTRAS if n in result.total]
    if "percentiles" in result.details:
        extra.append(("percentiles", dict(result.details["percentiles"])))
    total = Total(
        latest=json_number(result.total.get("latest")),
        ultimate=json_number(result.total.get("ultimate")),
        ibnr=json_number(result.total.get("ibnr")),
        std_err=json_number(result.total.get("std_err", math.nan)),
        extra=tuple(extra),
    )
    return Figures(rows, total)


def _single_method(weights: Mapping[str, float]) -> str | None:
    used = [name for name, weight in weights.items() if weight > 0]
    return used[0] if len(used) == 1 else None


def selected_figures(results: Mapping[str, MethodResult], selection: Selection) -> Figures:
    """Return the selection per origin: the chosen method's (or blend's) figures, with its s.e. when one method is used.

    The total s.e. is the default method's own total when no origin has a selection of its
    own (s.e.s of origins do not add up); otherwise null.

    Raises
    ------
    AssumptionError
        The selection names a method without a result.
    """
    frames = {name: result.origins for name, result in results.items()}
    chosen = select(frames, selection)
    rows = []
    for row in chosen.to_dict("records"):
        single = _single_method(row["weights"])
        std_err = None
        if single is not None:
            own = frames[single]
            match = own.loc[own["origin"].astype(str) == str(row["origin"]), "std_err"]
            std_err = json_number(match.iloc[0]) if len(match) else None
        rows.append(
            Row(
                origin=str(row["origin"]),
                latest=json_number(row["latest"]),
                ultimate=json_number(row["ultimate"]),
                ibnr=json_number(row["ibnr"]),
                std_err=std_err,
                method=str(row["method"]),
                reason=str(row.get("reason") or ""),
            )
        )
    std_err = None
    if not selection.by_origin and selection.default_method in results:
        std_err = json_number(results[selection.default_method].total.get("std_err", math.nan))
    total = Total(
        latest=float(chosen["latest"].sum()),
        ultimate=float(chosen["ultimate"].sum()),
        ibnr=float(chosen["ibnr"].sum()),
        std_err=std_err,
    )
    return Figures(tuple(rows), total)


def segment_results(
    segment: SegmentKey,
    results: Mapping[str, MethodResult],
    selection: Selection,
    *,
    failed: Mapping[str, str] | None = None,
    booking: Mapping[str, Any] | None = None,
    keep_methods: bool = True,
) -> SegmentResults:
    """One triangle valued: its selection, every method's own figures, what failed and its booking."""
    return SegmentResults(
        segment=segment,
        selected=selected_figures(results, selection),
        methods={name: method_figures(result) for name, result in results.items()} if keep_methods else {},
        failed=dict(failed or {}),
        booking=dict(booking or {}),
        warnings={name: tuple(result.warnings) for name, result in results.items() if result.warnings},
    )


def in_every(by_part: Sequence[Mapping[str, Any]]) -> list[str]:
    """Return the methods every part has, in the first part's order: only those add up over segments.

    One rule for the stored valuation (`combine`) and the exhibits of a sum, so a method
    that failed on one segment is missing from both.
    """
    return [name for name in by_part[0] if all(name in part for part in by_part)]


def combine(
    parts: Sequence[SegmentResults],
    *,
    measure: str,
    method: str,
    segment: SegmentKey,
    aggregate: str = SUM,
    booking: Mapping[str, Any] | None = None,
) -> ValuationResults:
    """Return the valuation of `segment` from the triangles valued: one as it is, several added up by origin.

    A method is added up only where every segment has it; one that failed somewhere is
    listed under ``failed`` with the segments' reasons.
    """
    methods = {
        name: add_up([part.methods[name] for part in parts], selected=False)
        for name in in_every([part.methods for part in parts])
    }
    failed: dict[str, str] = {}
    for part in parts:
        for name, message in part.failed.items():
            failed[name] = message if len(parts) == 1 else "; ".join(filter(None, [failed.get(name), message]))
    own_booking = dict(parts[0].booking) if len(parts) == 1 else {}
    return ValuationResults(
        measure=measure,
        method=method,
        segment=segment,
        aggregate=aggregate,
        segments=tuple(parts),
        selected=add_up([part.selected for part in parts], selected=True),
        methods=methods,
        failed=failed,
        booking={**own_booking, **dict(booking or {})},
    )


def sum_results(results: Sequence[MethodResult]) -> MethodResult:
    """One method's results on several segments added up by origin (what the pages show for a sum).

    Latest, ultimate, IBNR and premium add up; the loss ratio is recomputed from the sums;
    the s.e. and the CDF of a sum are not defined (NaN). One result is returned as it is.
    """
    if len(results) == 1:
        return results[0]
    columns = ["latest", "ultimate", "ibnr", "premium"]
    frames = pd.concat([r.origins[["origin", *columns]] for r in results], ignore_index=True)
    frames["origin"] = frames["origin"].astype(str)
    summed = frames.groupby("origin", sort=True).sum(min_count=1, numeric_only=True).reset_index()
    with np.errstate(divide="ignore", invalid="ignore"):
        premium = summed["premium"].to_numpy(dtype=float)
        summed["loss_ratio"] = np.where(premium > 0, summed["ultimate"].to_numpy(dtype=float) / premium, np.nan)
    summed["std_err"] = np.nan
    summed["cdf"] = np.nan
    frame = summed[["origin", "latest", "ultimate", "ibnr", "std_err", "premium", "loss_ratio", "cdf"]]
    first = results[0]
    return MethodResult(
        method=first.method,
        measure=first.measure,
        origins=frame,
        total=totals(frame, math.nan),
        details={},
        warnings=tuple(dict.fromkeys(w for r in results for w in r.warnings)),
    )
