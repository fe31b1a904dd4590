"""Descriptive statistics of one cumulative triangle: grids, link ratios, averages, diagonals, ratios.

These are the numbers an actuary reads before choosing anything: the triangle itself,
its increments, age-to-age factors with the usual averages, calendar-period diagonals,
development curves and the claim-count ratios. They are computed with pandas/numpy on the
grid from `reserving.dataset.triangle_to_frame`, so each figure can be traced to cells a user
sees, and the averages are cross-checked against chainladder's `Development` in the tests.
Every function is pure and returns a DataFrame with stable labels.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Mapping

import chainladder as cl
import numpy as np
import pandas as pd

from reserving.dataset import Dataset, SegmentKey, triangle_to_frame
from reserving.errors import InputError
from reserving.grains import MONTHS_TO_GRAIN, period_label, period_start, valuation_at_age

AVERAGE_PERIODS: tuple[int | None, ...] = (None, 5, 3)
"""Number of latest periods per average: None means all years."""


def _single(tri: cl.Triangle) -> None:
    if tri.shape[0] != 1 or tri.shape[1] != 1:
        raise InputError(f"statistics need a single triangle (one segment, one measure); got shape {tri.shape[:2]}")


def _pair_label(age_from: int, age_to: int) -> str:
    return f"{age_from}-{age_to}"


def cumulative_grid(tri: cl.Triangle, grain: str) -> pd.DataFrame:
    """Cumulative values: origin labels down, development ages in months across."""
    _single(tri)
    if not tri.is_cumulative:
        tri = tri.incr_to_cum()
    return triangle_to_frame(tri, grain)


def incremental_grid(tri: cl.Triangle, grain: str) -> pd.DataFrame:
    """Amounts that emerged in each development period (the first column equals the cumulative)."""
    grid = cumulative_grid(tri, grain)
    incremental = grid.diff(axis=1)
    incremental.iloc[:, 0] = grid.iloc[:, 0]
    return incremental


def link_ratio_grid(tri: cl.Triangle, grain: str) -> pd.DataFrame:
    """Age-to-age factors C(k+1) / C(k), columns labelled '12-24', '24-36' ...

    Origins with no factor yet (the latest one) are left out, as in chainladder's
    ``link_ratio``; a zero denominator gives a missing factor, not infinity.
    """
    grid = cumulative_grid(tri, grain)
    ages = list(grid.columns)
    before = grid.iloc[:, :-1].to_numpy(dtype=float)
    after = grid.iloc[:, 1:].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = np.where(before != 0, after / before, np.nan)
    frame = pd.DataFrame(
        ratios,
        index=grid.index,
        columns=[_pair_label(a, b) for a, b in itertools.pairwise(ages)],
    )
    frame.columns.name = "ages"
    return frame.dropna(how="all")


def _pairs(grid: pd.DataFrame, j: int) -> tuple[np.ndarray, np.ndarray]:
    """Cumulative values at age j and j+1 for the origins where both exist and the first is not zero."""
    x = grid.iloc[:, j].to_numpy(dtype=float)
    y = grid.iloc[:, j + 1].to_numpy(dtype=float)
    keep = ~np.isnan(x) & ~np.isnan(y) & (x != 0)
    return x[keep], y[keep]


def _pairs_kept(
    grid: pd.DataFrame, j: int, left_out: set[tuple[str, int]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Like `_pairs`, plus a mask that is False for the link ratios the user left out."""
    x = grid.iloc[:, j].to_numpy(dtype=float)
    y = grid.iloc[:, j + 1].to_numpy(dtype=float)
    present = ~np.isnan(x) & ~np.isnan(y) & (x != 0)
    age = int(grid.columns[j])
    keep = np.array([(str(origin), age) not in left_out for origin in grid.index])
    return x[present], y[present], keep[present]


def _average(kind: str, x: np.ndarray, y: np.ndarray) -> float:
    if len(x) == 0:
        return float("nan")
    ratios = y / x
    if kind == "Volume":
        return float(y.sum() / x.sum())
    if kind == "Simple":
        return float(ratios.mean())
    if kind == "Geometric":
        if (ratios <= 0).any():
            return float("nan")
        return float(np.exp(np.log(ratios).mean()))
    # Simple average excluding the single highest and lowest factor (the "medial" average).
    if len(ratios) < 3:
        return float("nan")
    return float(np.sort(ratios)[1:-1].mean())


def average_factors(tri: cl.Triangle, grain: str, excluded: Collection[tuple[str, int]] = ()) -> pd.DataFrame:
    """Compute the usual averages of the link ratios: one row per average, one column per age pair.

    Rows: ``Volume all/5/3``, ``Simple all/5/3``, ``Geometric all/5/3`` (each over all
    years or the latest 3 or 5 origins that have the factor, i.e. the latest diagonals, as
    chainladder's ``n_periods``) and ``Simple ex hi/lo`` (all years without the single
    highest and lowest factor; missing when fewer than three factors exist). Volume-weighted
    is sum(C(k+1)) / sum(C(k)); geometric is the exponential of the mean log factor.

    `excluded` names link ratios left out, as (origin label, age developed from): every
    average then works without them, as the selected factor does. As in chainladder, the
    latest n origins are taken first and the exclusions dropped from those.
    """
    grid = cumulative_grid(tri, grain)
    ages = list(grid.columns)
    labels = [_pair_label(a, b) for a, b in itertools.pairwise(ages)]
    left_out = {(str(origin), int(age)) for origin, age in excluded}
    rows: dict[str, list[float]] = {}
    for kind in ("Volume", "Simple", "Geometric"):
        for n in AVERAGE_PERIODS:
            values = []
            for j in range(len(labels)):
                x, y, keep = _pairs_kept(grid, j, left_out)
                if n is not None:
                    x, y, keep = x[-n:], y[-n:], keep[-n:]
                values.append(_average(kind, x[keep], y[keep]))
            rows[f"{kind} {'all' if n is None else n}"] = values
    medial = []
    for j in range(len(labels)):
        x, y, keep = _pairs_kept(grid, j, left_out)
        medial.append(_average("Medial", x[keep], y[keep]))
    rows["Simple ex hi/lo"] = medial
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=labels)
    frame.index.name = "average"
    frame.columns.name = "ages"
    return frame


def _development_grain(tri: cl.Triangle) -> str:
    ages = [int(a) for a in tri.development]
    step = ages[1] - ages[0] if len(ages) > 1 else ages[0]
    return MONTHS_TO_GRAIN.get(step, "M")


def calendar_diagonals(tri: cl.Triangle, grain: str) -> pd.DataFrame:
    """Incremental amounts by calendar period (rows) and origin (columns), with a ``total`` column.

    Calendar periods follow the development grain (quarters for a year x quarter
    triangle); a diagonal that jumps reveals a calendar-year effect such as a change in
    claims handling or inflation.
    """
    incremental = incremental_grid(tri, grain)
    dev_grain = _development_grain(tri)
    starts = tri.origin.to_timestamp(how="s")
    long = incremental.set_axis(list(starts), axis=0).stack().rename("value").reset_index()
    long.columns = ["origin", "age", "value"]
    long = long.dropna(subset=["value"])
    long["calendar"] = [
        period_start(valuation_at_age(o, a), dev_grain) for o, a in zip(long["origin"], long["age"], strict=True)
    ]
    table = long.pivot_table(index="calendar", columns="origin", values="value", aggfunc="sum", sort=True)
    table = table.reindex(columns=sorted(starts))
    table.index = [period_label(c, dev_grain) for c in table.index]
    table.columns = [period_label(o, grain) for o in table.columns]
    table["total"] = table.sum(axis=1, min_count=1)
    table.index.name = "calendar"
    table.columns.name = "origin"
    return table


def development_curves(tri: cl.Triangle, grain: str) -> pd.DataFrame:
    """Tidy long frame for plotting development by origin.

    Columns: ``origin`` (label), ``age`` (months), ``value`` (cumulative), ``incremental``
    and ``pct_of_latest`` (cumulative as a share of the origin's latest value, so curves of
    different sizes overlay).
    """
    grid = cumulative_grid(tri, grain)
    incremental = incremental_grid(tri, grain)
    long = grid.stack().rename("value").reset_index()
    long.columns = ["origin", "age", "value"]
    long = long.dropna(subset=["value"])
    inc = incremental.stack().rename("incremental").reset_index()
    inc.columns = ["origin", "age", "incremental"]
    long = long.merge(inc, on=["origin", "age"], how="left")
    latest = grid.apply(lambda row: row.dropna().iloc[-1] if row.notna().any() else np.nan, axis=1)
    denominator = long["origin"].map(latest).replace(0, np.nan)
    long["pct_of_latest"] = long["value"] / denominator
    long["age"] = long["age"].astype(int)
    return long[["origin", "age", "value", "incremental", "pct_of_latest"]].reset_index(drop=True)


def _grid(dataset: Dataset, measure: str, segment: Mapping[str, str] | SegmentKey | None) -> pd.DataFrame:
    return cumulative_grid(dataset.triangle(measure, segment), dataset.origin_grain)


def _divide(numerator: pd.DataFrame, denominator: pd.DataFrame) -> pd.DataFrame:
    """Cell-by-cell ratio on the union of both grids; zero denominators give missing values."""
    index = numerator.index.union(denominator.index, sort=False)
    columns = numerator.columns.union(denominator.columns)
    num = numerator.reindex(index=index, columns=columns)
    den = denominator.reindex(index=index, columns=columns)
    ratio = num / den.where(den != 0)
    ratio = ratio.loc[sorted(index), sorted(columns)]
    ratio.index.name = "origin"
    ratio.columns.name = "age"
    return ratio


def ratio_grids(dataset: Dataset, segment: Mapping[str, str] | SegmentKey | None = None) -> dict[str, pd.DataFrame]:
    """Compute the ratio triangles the data supports, by origin and age.

    Keys (present only when the needed measures exist):
    ``paid_to_incurred`` (paid / incurred), ``average_case_reserve`` (case reserve / open
    counts, open = reported - closed; case reserve = incurred - paid when not given),
    ``average_paid`` (paid / closed counts), ``closure_rate`` (closed / reported counts) and
    ``average_incurred`` (incurred / reported counts).
    """
    has = set(dataset.measures)

    def grid(measure: str) -> pd.DataFrame:
        return _grid(dataset, measure, segment)

    ratios: dict[str, pd.DataFrame] = {}
    if {"paid", "incurred"} <= has:
        ratios["paid_to_incurred"] = _divide(grid("paid"), grid("incurred"))
    case = None
    if "case_reserve" in has:
        case = grid("case_reserve")
    elif {"paid", "incurred"} <= has:
        case = grid("incurred") - grid("paid")
    open_counts = None
    if "open_count" in has:
        open_counts = grid("open_count")
    elif {"reported_count", "closed_count"} <= has:
        open_counts = grid("reported_count") - grid("closed_count")
    if case is not None and open_counts is not None:
        ratios["average_case_reserve"] = _divide(case, open_counts)
    if {"paid", "closed_count"} <= has:
        ratios["average_paid"] = _divide(grid("paid"), grid("closed_count"))
    if {"closed_count", "reported_count"} <= has:
        ratios["closure_rate"] = _divide(grid("closed_count"), grid("reported_count"))
    if {"incurred", "reported_count"} <= has:
        ratios["average_incurred"] = _divide(grid("incurred"), grid("reported_count"))
    return ratios
