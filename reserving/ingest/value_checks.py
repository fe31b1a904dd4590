"""Warnings on the cumulative cells: negative, falling or zero values, holes, segments with one origin."""

from __future__ import annotations

import pandas as pd

from reserving.dataset import ORIGIN, VALUATION
from reserving.grains import GRAIN_MONTHS, period_end, period_label
from reserving.mapping import ColumnMapping

from .cells import COL, ROW, cell_text
from .issues import Collector

MONOTONE_MEASURES = ("paid", "reported_count", "closed_count", "paid_alae")
"""Cumulative measures that should never decrease: money paid out and claims counted so far."""
MAY_DECREASE = ("incurred",)
"""Cumulative measures that may decrease (case reserves released): a fall is a negative incremental."""
LEVEL_MEASURES = ("case_reserve", "open_count")
"""Measures that are a level at each date, not an accumulation: they go up and down by nature."""


class CellPlace:
    """Where a cumulative cell came from in the file: its row and column, when the load knows them.

    Cells of a cumulative table keep the row (and a grid's column) they were read from; cells
    accumulated from movements name only the measure's column.
    """

    def __init__(self, frame: pd.DataFrame, mapping: ColumnMapping) -> None:
        self.column_of = {m: c for m, c in mapping.values if c}
        self.has_rows = ROW in frame.columns and mapping.cumulative

    def of(self, record: pd.Series, measure: str) -> tuple[int | None, str | None]:
        """Return the spreadsheet row and column of `record`'s cell of `measure`."""
        has_rows = self.has_rows
        row = int(record[ROW]) if has_rows and not pd.isna(record[ROW]) else None
        col = record[COL] if has_rows and isinstance(record.get(COL), str) else self.column_of.get(measure)
        return row, col


def warn_values(
    frame: pd.DataFrame,
    measures: list[str],
    mapping: ColumnMapping,
    origin_grain: str,
    issues: Collector,
) -> None:
    """Warn of negative values, cumulative values that fall, and zero cells the engine reads as missing."""
    keys = [*mapping.segments, ORIGIN]
    ordered = frame.sort_values([*keys, VALUATION])
    place = CellPlace(ordered, mapping)
    for measure in measures:
        for _, record in ordered[ordered[measure] < 0].iterrows():
            row, col = place.of(record, measure)
            issues.warn(
                "negative",
                f"negative {measure} {record[measure]:,.0f}"
                f" ({cell_text(record[ORIGIN], record[VALUATION], origin_grain)})",
                row,
                col,
            )
        warn_decreases(ordered, measure, keys, place=place, origin_grain=origin_grain, issues=issues)
        warn_zero_cells(ordered, measure, keys, place=place, origin_grain=origin_grain, issues=issues)


def warn_decreases(
    ordered: pd.DataFrame,
    measure: str,
    keys: list[str],
    *,
    place: CellPlace,
    origin_grain: str,
    issues: Collector,
) -> None:
    """Warn of each fall of a cumulative measure from one valuation to the next (a negative incremental).

    Paid amounts and counts should never fall (``decreasing``). So should a measure whose name
    says neither (a grid's ``amount``): it is checked as paid would be, and the message says
    so, since it may be incurred. Incurred may fall when case reserves are released
    (``negative-incremental``): the warning only names the cell, as methods that resample
    incremental amounts (the ODP bootstrap) are sensitive to it. Case reserves and open counts
    are levels, not accumulations, and are not checked.
    """
    if measure in LEVEL_MEASURES:
        return
    previous = ordered.groupby(keys, sort=False)[measure].shift()
    falls = ordered.index[ordered[measure] < previous - 1e-9]
    if measure in MAY_DECREASE:
        if len(falls):
            _warn_negative_incrementals(
                ordered, measure, falls, previous, place=place, origin_grain=origin_grain, issues=issues
            )
        return
    for idx in falls:
        record = ordered.loc[idx]
        row, col = place.of(record, measure)
        before, after = float(previous.loc[idx]), float(record[measure])
        cell = cell_text(record[ORIGIN], record[VALUATION], origin_grain)
        why = (
            f"{measure} is paid or a count, which should not decrease"
            if measure in MONOTONE_MEASURES
            else f"'{measure}' is not named as incurred, so it is checked as paid amounts would be; if these are"
            " incurred amounts, a fall may be a release of case reserves"
        )
        issues.warn(
            "decreasing",
            f"cumulative {measure} decreases from {before:,.0f} to {after:,.0f} ({cell}): a negative incremental"
            f" of {after - before:,.0f}; {why}",
            row,
            col,
        )


MAX_LISTED_CELLS = 5
"""Cells named in one summary line; the count says how many more."""


def _warn_negative_incrementals(
    ordered: pd.DataFrame,
    measure: str,
    falls: pd.Index,
    previous: pd.Series,
    *,
    place: CellPlace,
    origin_grain: str,
    issues: Collector,
) -> None:
    """One line per measure naming the cells where incurred falls, placed at the first of them."""
    listed = []
    for idx in falls[:MAX_LISTED_CELLS]:
        record = ordered.loc[idx]
        cell = cell_text(record[ORIGIN], record[VALUATION], origin_grain)
        listed.append(f"{cell}: {float(previous.loc[idx]):,.0f} to {float(record[measure]):,.0f}")
    more = len(falls) - MAX_LISTED_CELLS
    row, col = place.of(ordered.loc[falls[0]], measure)
    issues.warn(
        "negative-incremental",
        f"cumulative {measure} falls in {len(falls)} cell(s) (negative incrementals): {'; '.join(listed)}"
        f"{f' and {more} more' if more > 0 else ''}. Normal when case reserves are released, but the ODP"
        " bootstrap resamples incremental amounts and a negative one widens its spread",
        row,
        col,
    )


def warn_zero_cells(
    ordered: pd.DataFrame,
    measure: str,
    keys: list[str],
    *,
    place: CellPlace,
    origin_grain: str,
    issues: Collector,
) -> None:
    """Warn of cells equal to 0, which chainladder reads as missing, saying what that changes.

    chainladder (0.10.1, upstream issue #181) stores a zero cell as missing, and nothing
    here can make it carry a zero. A zero before an origin's first amount loses nothing (a
    link ratio from zero is undefined): those get one ``leading-zero`` line per measure. A
    zero after an amount (a claim settled at nil, a count back to zero) drops the link
    ratios into and out of it from the averages, and a zero at an origin's latest valuation
    leaves the methods no latest value to develop for it: each of those is a ``zero-cell``
    warning at its cell.
    """
    values = ordered[measure]
    if not (values == 0).any():
        return
    by = [ordered[k] for k in keys]
    amount = (values.notna() & values.ne(0)).astype(int)
    seen_amount = amount.groupby(by, sort=False).cumsum() - amount > 0
    present = values.notna().astype(int)
    counted = present.groupby(by, sort=False).cumsum()
    last = (present == 1) & (counted == present.groupby(by, sort=False).transform("sum"))
    zeros = ordered.index[values == 0]
    leading = [i for i in zeros if not seen_amount.loc[i] and not last.loc[i]]
    if leading:
        first = ordered.loc[leading[0]]
        row, col = place.of(first, measure)
        issues.warn(
            "leading-zero",
            f"{len(leading)} {measure} cell(s) are 0 before their origin's first amount (the first:"
            f" {cell_text(first[ORIGIN], first[VALUATION], origin_grain)}); chainladder reads a zero cell as"
            " missing, which changes nothing here, as a link ratio from zero is undefined",
            row,
            col,
        )
    for idx in zeros:
        if idx in leading:
            continue
        record = ordered.loc[idx]
        row, col = place.of(record, measure)
        cell = cell_text(record[ORIGIN], record[VALUATION], origin_grain)
        effect = (
            "this origin has no latest value for the methods to develop"
            if last.loc[idx]
            else "the link ratios into and out of this cell are left out of the averages"
        )
        issues.warn(
            "zero-cell",
            f"{measure} is 0 ({cell}); chainladder reads a zero cell as missing, so {effect}",
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
