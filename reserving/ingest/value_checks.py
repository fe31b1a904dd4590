"""Warnings on the cumulative cells: negative or decreasing values, holes, segments with one origin."""

from __future__ import annotations

import pandas as pd

from reserving.dataset import ORIGIN, VALUATION
from reserving.grains import GRAIN_MONTHS, period_end, period_label
from reserving.mapping import ColumnMapping

from .cells import COL, ROW, cell_text
from .issues import Collector

MONOTONE_MEASURES = ("paid", "reported_count", "closed_count", "paid_alae")
"""Cumulative measures that should never decrease (incurred and case reserves may)."""


def warn_values(
    frame: pd.DataFrame,
    measures: list[str],
    mapping: ColumnMapping,
    origin_grain: str,
    issues: Collector,
) -> None:
    """Negative values, decreasing cumulative amounts or counts, missing cells inside the triangle."""
    column_of = {m: c for m, c in mapping.values if c}
    keys = [*mapping.segments, ORIGIN]
    ordered = frame.sort_values([*keys, VALUATION])
    has_rows = ROW in ordered.columns and mapping.cumulative

    def where(record: pd.Series, measure: str) -> tuple[int | None, str | None]:
        row = int(record[ROW]) if has_rows and not pd.isna(record[ROW]) else None
        col = record[COL] if has_rows and isinstance(record.get(COL), str) else column_of.get(measure)
        return row, col

    for measure in measures:
        values = ordered[measure]
        for _, record in ordered[values < 0].iterrows():
            row, col = where(record, measure)
            issues.warn(
                "negative",
                f"negative {measure} {record[measure]:,.0f}"
                f" ({cell_text(record[ORIGIN], record[VALUATION], origin_grain)})",
                row,
                col,
            )
        if measure in MONOTONE_MEASURES:
            previous = ordered.groupby(keys, sort=False)[measure].shift()
            for idx in ordered.index[(ordered[measure] < previous - 1e-9)]:
                record = ordered.loc[idx]
                row, col = where(record, measure)
                issues.warn(
                    "decreasing",
                    f"cumulative {measure} decreases from {previous.loc[idx]:,.0f} to {record[measure]:,.0f}"
                    f" ({cell_text(record[ORIGIN], record[VALUATION], origin_grain)})",
                    row,
                    col,
                )


def warn_missing(
    frame: pd.DataFrame,
    measures: list[str],
    mapping: ColumnMapping,
    *,
    origin_grain: str,
    dev_grain: str,
    age_columns: dict[int, str],
    origin_rows: dict[tuple[object, ...], int],
    issues: Collector,
) -> None:
    """Warn of cells missing inside the triangle: between an origin's first cell and the latest diagonal."""
    step = pd.DateOffset(months=GRAIN_MONTHS[dev_grain])
    seg_cols = list(mapping.segments)
    column_of = {m: c for m, c in mapping.values if c}
    groups = frame.groupby(seg_cols, sort=False) if seg_cols else [((), frame)]
    for seg, seg_frame in groups:
        seg_values = seg if isinstance(seg, tuple) else (seg,)
        last = seg_frame[VALUATION].max()
        for measure in measures:
            present = seg_frame.dropna(subset=[measure])
            if present.empty:
                continue
            for origin, cells in present.groupby(ORIGIN, sort=True):
                have = set(cells[VALUATION])
                current = min(have)
                while current <= last:
                    if current not in have:
                        age = (current.year - origin.year) * 12 + current.month - origin.month + 1
                        row = origin_rows.get((*seg_values, origin))
                        col = age_columns.get(age, column_of.get(measure))
                        issues.warn(
                            "missing-cell",
                            f"{measure} is missing inside the triangle ({cell_text(origin, current, origin_grain)},"
                            f" age {age} months)",
                            row if age in age_columns else None,
                            col,
                        )
                    current = period_end(current + step, dev_grain)


def warn_single_origin_segments(frame: pd.DataFrame, segments: list[str], origin_grain: str, issues: Collector) -> None:
    """Warn of segments with one origin: they load (and count in the totals) but cannot be developed alone."""
    counts = frame.groupby(segments, sort=True)[ORIGIN].agg(["nunique", "min"])
    for key, row in counts.iterrows():
        if row["nunique"] == 1:
            values = key if isinstance(key, tuple) else (key,)
            segment = ", ".join(f"{c}={v}" for c, v in zip(segments, values, strict=True))
            issues.warn(
                "single-origin-segment",
                f"segment {segment} has a single origin ({period_label(row['min'], origin_grain)}): a method"
                " cannot develop it on its own",
            )
