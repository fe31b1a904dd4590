"""Premium (or exposure) by origin: from a column of the table or from a separate table."""

from __future__ import annotations

import pandas as pd

from reserving.columns import PREMIUM_NAMES, guess_columns, normalise_name
from reserving.dataset import ORIGIN, PREMIUM, VALUATION
from reserving.grains import period_label
from reserving.mapping import ColumnMapping
from reserving.parsing import normalise_text
from reserving.readers import SourceTable
from reserving.validation import ERROR, WARNING

from .cells import number
from .guessing import sample_values
from .issues import Collector
from .summary_rows import drop_summary_rows
from .times import parse_origins


def premium_from_table(obs: pd.DataFrame, keys: list[str], issues: Collector) -> pd.DataFrame | None:
    """Return the latest premium of each origin from the table's own premium column."""
    rows = obs.dropna(subset=[PREMIUM]).sort_values([*keys, VALUATION] if VALUATION in obs else keys)
    if rows.empty:
        return None
    varies = rows.groupby(keys)[PREMIUM].nunique()
    if (varies > 1).any():
        issues.warn("premium-varies", "premium differs between rows of the same origin; the latest is used")
    return rows.groupby(keys, as_index=False)[PREMIUM].last()


def premium_from_source(
    premium: SourceTable, mapping: ColumnMapping, origin_grain: str, issues: Collector
) -> pd.DataFrame | None:
    """Return premium by origin (and segments) from a separate table or sheet."""
    columns = premium.columns
    origin_col = next((c for c in columns if c == mapping.origin), None)
    guessed = guess_columns(columns, sample_values(premium), ColumnMapping(shape="long"))
    origin_col = origin_col or guessed.origin or columns[0]
    value_col = next((c for c in columns if normalise_name(c) in PREMIUM_NAMES), None)
    if value_col is None:
        value_col = next((c for c in reversed(columns) if c != origin_col), None)
    missing_segments = [s for s in mapping.segments if s not in columns]
    if value_col is None:
        issues.add(
            ERROR,
            "premium",
            f"the premium table needs an origin and a premium column; it has {columns}",
            source=premium,
        )
        return None
    if missing_segments:
        issues.add(
            WARNING,
            "premium",
            f"the premium table has no segment column(s) {missing_segments}; premium is not used",
            source=premium,
        )
        return None
    sub = ColumnMapping(origin=origin_col, origin_grain=origin_grain)
    sub_issues = Collector(premium)
    premium, _ = drop_summary_rows(premium, sub, sub_issues, [value_col])
    origins, _ = parse_origins(premium, sub, sub_issues)
    records = []
    for row, cells in premium.table.iterrows():
        value = number(cells[value_col], int(row), value_col, sub_issues)
        if int(row) in origins and value is not None:
            rec: dict[str, object] = {ORIGIN: origins[int(row)], PREMIUM: value}
            rec.update({s: normalise_text(cells[s]) for s in mapping.segments})
            records.append(rec)
    issues.issues.extend(sub_issues.issues)
    if not records:
        return None
    frame = pd.DataFrame(records)
    return frame.groupby([*mapping.segments, ORIGIN], as_index=False)[PREMIUM].sum()


def check_premium(
    frame: pd.DataFrame, premium: pd.DataFrame, keys: list[str], origin_grain: str, issues: Collector
) -> None:
    """Warn of each origin (and segment) the premium does not cover."""
    have = set(premium[keys].itertuples(index=False, name=None))
    for key in frame[keys].drop_duplicates().itertuples(index=False, name=None):
        if key not in have:
            origin = key[-1]
            segment = ", ".join(f"{c}={v}" for c, v in zip(keys[:-1], key[:-1], strict=True))
            suffix = f" ({segment})" if segment else ""
            issues.warn("premium-missing", f"origin {period_label(origin, origin_grain)}{suffix} has no premium")
