"""From observations to one cumulative cell per segment, origin and valuation."""

from __future__ import annotations

import pandas as pd

from reserving.columns import is_transaction_date
from reserving.dataset import ORIGIN, VALUATION
from reserving.grains import GRAIN_MONTHS, period_end
from reserving.mapping import ColumnMapping

from .cells import COL, ROW, cell_text
from .issues import Collector


def check_duplicates(
    obs: pd.DataFrame, keys: list[str], origin_grain: str, where: str, issues: Collector, *, hint: str = ""
) -> None:
    """Report every second row of a cell that a cumulative table must fill once."""
    dup = obs[obs.duplicated(keys, keep=False)]
    for _, group in dup.groupby(keys, sort=False):
        first = group.iloc[0]
        for _, other in group.iloc[1:].iterrows():
            column = other[COL] if isinstance(other[COL], str) else where
            issues.error(
                "duplicate-cell",
                f"duplicate cell ({cell_text(first[ORIGIN], first[VALUATION], origin_grain)}): rows"
                f" {int(first[ROW])} and {int(other[ROW])}{hint}",
                int(other[ROW]),
                column,
            )


def cumulate(cells: pd.DataFrame, keys: list[str], measures: list[str], dev_grain: str) -> pd.DataFrame:
    """Cumulate incremental cells along development, filling periods without movement with zero."""
    last = cells[VALUATION].max()
    step = pd.DateOffset(months=GRAIN_MONTHS[dev_grain])
    frames = []
    for key, group in cells.groupby(keys[:-1], sort=True):
        first = period_end(pd.Timestamp(group[ORIGIN].iloc[0]), dev_grain)
        grid = []
        current = first
        while current <= last:
            grid.append(current)
            current = period_end(current + step, dev_grain)
        full = group.set_index(VALUATION)[measures].reindex(pd.DatetimeIndex(grid, name=VALUATION))
        full = full.fillna(0.0).cumsum()
        values = key if isinstance(key, tuple) else (key,)
        for col, val in zip(keys[:-1], values, strict=True):
            full[col] = val
        frames.append(full.reset_index())
    return pd.concat(frames, ignore_index=True)


def warn_incremental(given: ColumnMapping, used: ColumnMapping, issues: Collector) -> None:
    """Say so when the values were found (not told) to be movements, and are accumulated."""
    if not given.cumulative or used.cumulative:
        return
    if is_transaction_date(used.valuation):
        issues.warn(
            "incremental",
            f"'{used.valuation}' dates single payments: the amounts are summed by origin and period and"
            " accumulated (map the valuation column by hand to read them as cumulative)",
            column=used.valuation,
        )
    else:
        issues.warn(
            "incremental",
            f"the columns {[c for _, c in used.values]} hold the movements of each period: they are"
            " accumulated along development",
        )


def cumulative_cells(
    obs: pd.DataFrame,
    mapping: ColumnMapping,
    *,
    origin_grain: str,
    dev_grain: str,
    notes: list[str],
    issues: Collector,
) -> pd.DataFrame:
    """One cumulative cell per segment, origin and valuation.

    Cumulative values must fill each cell once (a second row for the same cell is an error at
    its row); incremental values are summed by cell and accumulated along development.
    """
    measures = [m for m, _ in mapping.values]
    for m in measures:
        if m not in obs:
            obs[m] = float("nan")
    obs[measures] = obs[measures].astype(float)
    keys = [*mapping.segments, ORIGIN, VALUATION]
    if not mapping.cumulative:
        cells = obs.groupby(keys, as_index=False)[measures].sum(min_count=1)
        return cumulate(cells, keys, measures, dev_grain)
    wide = mapping.shape == "wide"
    where = str(mapping.origin if wide else (mapping.development or mapping.valuation))
    hint = "; if the rows are single payments, load the values as incremental" if mapping.valuation else ""
    if notes:
        hint += f"; the skipped rows {notes[:3]} may head blocks of one segment: give the segment in a column"
    check_duplicates(obs, keys, origin_grain, where, issues, hint=hint)
    return obs.drop_duplicates(keys).reset_index(drop=True)
