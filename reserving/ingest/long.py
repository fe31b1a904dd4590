"""A long table (one row per origin, valuation and segment) read into observations."""

from __future__ import annotations

import pandas as pd

from reserving.dataset import ORIGIN, PREMIUM, VALUATION
from reserving.grains import GRAIN_MONTHS, GRAIN_NAMES, period_start
from reserving.mapping import ColumnMapping
from reserving.parsing import grain_of_dates, normalise_text
from reserving.readers import SourceTable

from .cells import COL, ROW, number, segment_value
from .development import valuations_from_ages, valuations_from_dates
from .issues import Collector
from .times import parse_origins


def long_observations(
    source: SourceTable, mapping: ColumnMapping, issues: Collector
) -> tuple[pd.DataFrame, str | None, str | None]:
    """Read a long table into observations (one per row), with the origin and development grains."""
    origins, origin_grain = parse_origins(source, mapping, issues)
    if origin_grain is None:
        return pd.DataFrame(), None, None
    if mapping.development:
        valuations, dev_grain = valuations_from_ages(source, mapping, origins, origin_grain, issues)
    else:
        valuations, dev_grain = valuations_from_dates(source, mapping, origins, origin_grain, issues)
    fine_grain = origin_grain
    coarse = coarser_valuation_grain(source, mapping, origins, valuations, origin_grain)
    if coarse is not None:
        issues.warn(
            "origin-grouped",
            f"every valuation is a {GRAIN_NAMES[coarse]} end, so a triangle of {GRAIN_NAMES[origin_grain]}"
            f" origins would miss most cells: the origins are grouped by {GRAIN_NAMES[coarse]}",
            column=mapping.origin,
        )
        origins = {row: period_start(ts, coarse) for row, ts in origins.items()}
        origin_grain = dev_grain = coarse
    table = source.table
    records = []
    for index, values in zip(table.index, table.itertuples(index=False), strict=True):
        row = int(index)
        cells = dict(zip(source.columns, values, strict=True))
        record: dict[str, object] = {ROW: row, COL: None}
        for col in mapping.segments:
            record[col] = segment_value(cells[col], row, col, issues)
        for measure, col in mapping.values:
            record[measure] = number(cells[col], row, col, issues)
        if mapping.premium:
            record[PREMIUM] = number(cells[mapping.premium], row, mapping.premium, issues)
        if row in origins and row in valuations:
            record[ORIGIN] = origins[row]
            record[VALUATION] = valuations[row]
            records.append(record)
    obs = pd.DataFrame(records)
    if origin_grain != fine_grain and mapping.cumulative and not obs.empty:
        obs = sum_grouped_origins(obs, mapping)
    return obs, origin_grain, dev_grain


def coarser_valuation_grain(
    source: SourceTable,
    mapping: ColumnMapping,
    origins: dict[int, pd.Timestamp],
    valuations: dict[int, pd.Timestamp],
    origin_grain: str,
) -> str | None:
    """Return the grain to group origins by when every valuation is a coarser period's end, else None.

    Quarterly origins valued only at year ends make a quarterly triangle with a hole in three
    cells of every four, which no method can develop; their cumulative amounts add up to a
    yearly triangle. Nothing is grouped when the user set a grain, when there is a single
    valuation date, or when two rows already fill the same cell (reported as duplicates).
    """
    if not mapping.valuation or mapping.origin_grain or mapping.development_grain:
        return None
    dates = set(valuations.values())
    if len(dates) < 2:
        return None
    coarse = grain_of_dates(dates, at_end=True)
    if coarse is None or GRAIN_MONTHS[coarse] <= GRAIN_MONTHS[origin_grain]:
        return None
    keys = [
        (*(normalise_text(source.table.at[row, c]) for c in mapping.segments), origins[row], valuations[row])
        for row in valuations
        if row in origins
    ]
    return coarse if len(keys) == len(set(keys)) else None


def sum_grouped_origins(obs: pd.DataFrame, mapping: ColumnMapping) -> pd.DataFrame:
    """Add up the cumulative cells of the finer origins now sharing an origin (and premium alike)."""
    keys = [*mapping.segments, ORIGIN, VALUATION]
    sums = [m for m, _ in mapping.values] + ([PREMIUM] if PREMIUM in obs else [])
    agg: dict[str, object] = {col: (lambda x: x.sum(min_count=1)) for col in sums}
    agg.update({ROW: "first", COL: "first"})
    return obs.groupby(keys, as_index=False, sort=False).agg(agg)
