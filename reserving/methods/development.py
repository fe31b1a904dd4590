"""Selected development factors: averages, exclusions and manual overrides, explicitly.

The selection is fitted with chainladder's `Development` (average, n_periods, drop_high/low
and the excluded link ratios as ``drop``); typed factors then replace single ages through
`DevelopmentConstant` (the route upstream recommends for selected LDFs, issues #243/#458).
The fitted sigmas and standard errors are kept on the result so that Mack's method can
still measure the variability of the body.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import chainladder as cl
import numpy as np
import pandas as pd

from reserving.assumptions import DevelopmentAssumptions
from reserving.errors import AssumptionError
from reserving.grains import valuation_at_age


def link_ages(tri: cl.Triangle) -> list[int]:
    """Ages (months) that link ratios develop from: every age but the last."""
    return [int(a) for a in tri.development][:-1]


def _origin_starts(tri: cl.Triangle) -> list[pd.Timestamp]:
    return list(tri.origin.to_timestamp(how="s"))


def origins_in_words(labels: Sequence[str], most: int = 12) -> str:
    """Name the origins of a triangle as a reader takes them in: all of them, or the first and last of many."""
    if len(labels) <= most:
        return ", ".join(labels)
    return f"{', '.join(labels[:3])}, ... {labels[-1]} ({len(labels)} origins)"


def drop_cells(
    tri: cl.Triangle, assumptions: DevelopmentAssumptions, origin_labels: Sequence[str]
) -> list[tuple[object, int]]:
    """List the link ratios to leave out, as chainladder ``drop`` pairs (origin period, from-age).

    Excluded valuations become cells here: a link ratio from age a to the next age b
    belongs to the diagonal on which it is observed, i.e. the valuation at age b.
    """
    ages = link_ages(tri)
    labels = list(origin_labels)
    cells: list[tuple[object, int]] = []
    for label, age in assumptions.excluded_cells:
        if label not in labels:
            raise AssumptionError(
                f"DevelopmentAssumptions.excluded_cells: the left-out link ratio of origin '{label}' (from age {age}) "
                f"names an origin this triangle does not have; its origins are {origins_in_words(labels)}. "
                "Take it out of the left-out ratios, or leave out a ratio of one of these origins"
            )
        if age not in ages:
            raise AssumptionError(
                f"DevelopmentAssumptions.excluded_cells: no link ratio from age {age} (ages are {ages})"
            )
        cells.append((tri.origin[labels.index(label)], age))
    if assumptions.excluded_valuations:
        wanted = {pd.Timestamp(v) for v in assumptions.excluded_valuations}
        all_ages = [int(a) for a in tri.development]
        values = np.asarray(tri.values, dtype=float)[0, 0]
        for i, start in enumerate(_origin_starts(tri)):
            for j in range(len(all_ages) - 1):
                end = valuation_at_age(start, all_ages[j + 1])
                if end in wanted and not np.isnan(values[i, j + 1]):
                    cells.append((tri.origin[i], all_ages[j]))
    return cells


def development_estimator(
    tri: cl.Triangle, assumptions: DevelopmentAssumptions, origin_labels: Sequence[str]
) -> cl.Development:
    """Build the chainladder `Development` that reproduces the averaging and exclusions."""
    cells = drop_cells(tri, assumptions, origin_labels)
    return cl.Development(
        n_periods=assumptions.n_periods,
        average=assumptions.average,
        sigma_interpolation=assumptions.sigma,
        drop=cells or None,
        drop_high=assumptions.drop_high or None,
        drop_low=assumptions.drop_low or None,
    )


def develop(tri: cl.Triangle, assumptions: DevelopmentAssumptions, origin_labels: Sequence[str]) -> cl.Triangle:
    """Fit the selected factors and return `tri` carrying them (``ldf_``, ``sigma_``, ``std_err_``).

    Raises
    ------
    AssumptionError
        When an exclusion or override names an origin or age the triangle lacks, or the
        triangle is too small to develop.
    """
    if len(tri.development) < 2 or len(tri.origin) < 2:
        raise AssumptionError("the triangle needs at least two origins and two ages to develop")
    estimator = development_estimator(tri, assumptions, origin_labels)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fitted = estimator.fit(tri)
        developed = fitted.transform(tri)
        if assumptions.overrides:
            ages = [int(a) for a in fitted.ldf_.development.str.split("-").str[0]]
            factors = np.asarray(fitted.ldf_.values, dtype=float)
            if factors.shape[0] != 1:
                raise AssumptionError("manual factor overrides apply to one triangle at a time")
            pattern = dict(zip(ages, factors[0, 0, 0], strict=True))
            for age, factor in assumptions.overrides:
                if age not in pattern:
                    raise AssumptionError(
                        f"DevelopmentAssumptions.overrides: no factor from age {age} (ages are {ages})"
                    )
                pattern[age] = factor
            constant = cl.DevelopmentConstant(patterns=pattern, style="ldf").fit(tri)
            ldf = fitted.ldf_.copy()
            ldf.values = np.broadcast_to(np.asarray(constant.ldf_.values), ldf.values.shape).copy()
            developed.ldf_ = ldf
    return developed


def unapplied_drops(
    tri: cl.Triangle, assumptions: DevelopmentAssumptions, origin_labels: Sequence[str]
) -> tuple[str, ...]:
    """Say at which ages dropping the highest/lowest link ratios was not applied.

    chainladder keeps at least one link ratio per age: where dropping ``drop_high +
    drop_low`` ratios would leave none, it drops nothing at that age, without a word (on a
    10-row triangle ``drop_high=9`` changes no factor at all). The count follows
    chainladder's order: latest ``n_periods`` first, then the single exclusions.
    """
    wanted = assumptions.drop_high + assumptions.drop_low
    if not wanted:
        return ()
    values = np.asarray(tri.values, dtype=float)[0, 0]
    ages = [int(a) for a in tri.development]
    excluded = {(str(o), int(a)) for o, a in drop_cells_by_label(tri, assumptions, origin_labels)}
    skipped = []
    for j in range(len(ages) - 1):
        rows = np.flatnonzero(np.isfinite(values[:, j]) & np.isfinite(values[:, j + 1]) & (values[:, j] != 0))
        if assumptions.n_periods > 0:
            rows = rows[-assumptions.n_periods :]
        count = sum((str(origin_labels[i]), ages[j]) not in excluded for i in rows)
        if count and count <= wanted:
            skipped.append(ages[j])
    if not skipped:
        return ()
    shown = ", ".join(str(a) for a in skipped)
    return (
        f"Dropping the {assumptions.drop_high} highest and {assumptions.drop_low} lowest link ratios would leave "
        f"no link ratio from age(s) {shown} months, so nothing is dropped there (every link ratio is used). "
        "Drop fewer to change those factors.",
    )


def drop_cells_by_label(
    tri: cl.Triangle, assumptions: DevelopmentAssumptions, origin_labels: Sequence[str]
) -> list[tuple[str, int]]:
    """Return the excluded link ratios of `drop_cells`, named by origin label and from-age."""
    labels = list(origin_labels)
    origins = list(tri.origin)
    return [(labels[origins.index(origin)], age) for origin, age in drop_cells(tri, assumptions, origin_labels)]


def factor_table(developed: cl.Triangle) -> pd.DataFrame:
    """Tabulate the selected factors by age: ``age``, ``ldf``, ``cdf`` (tail rows included), for display and export."""
    ldf = np.asarray(developed.ldf_.values, dtype=float)[0, 0, 0]
    cdf = np.cumprod(np.nan_to_num(ldf, nan=1.0)[::-1])[::-1]
    labels = list(developed.ldf_.development)
    ages = [int(str(lab).split("-")[0]) for lab in labels]
    return pd.DataFrame({"age": ages, "link": labels, "ldf": ldf, "cdf": cdf})
