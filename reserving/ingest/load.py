"""`load_table`: a read table and a mapping to a validated dataset, as a sequence of named steps.

Each step adds what it finds to one `Collector`; the load stops early only when a step
leaves nothing for the next one to read, so the user sees every problem of a file at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from reserving.dataset import ORIGIN, PREMIUM, Dataset
from reserving.grains import period_label
from reserving.mapping import ColumnMapping
from reserving.readers import SourceTable
from reserving.validation import ValidationReport

from .build import build_dataset
from .guessing import complete_mapping
from .issues import Collector
from .long import long_observations
from .premium import check_premium, premium_from_source, premium_from_table
from .summary_rows import content_columns, drop_summary_rows
from .table_checks import check_mapping, check_repeated_header
from .triangle import cumulative_cells, warn_incremental
from .value_checks import warn_missing, warn_single_origin_segments, warn_values
from .wide import grid_locations, wide_observations


@dataclass(frozen=True)
class LoadResult:
    """What a load produced: the dataset (None when the report has errors), the report, the mapping used."""

    dataset: Dataset | None
    report: ValidationReport
    mapping: ColumnMapping


def load_table(
    source: SourceTable,
    mapping: ColumnMapping,
    premium: SourceTable | None = None,
    name: str | None = None,
) -> LoadResult:
    """Validate a read table under a mapping and build the dataset.

    Never raises for bad data: problems become issues of the report, and the dataset is
    None when any of them is an error.

    Parameters
    ----------
    source : SourceTable
        The table read from the user's file.
    mapping : ColumnMapping
        Columns given by hand; fields left None are guessed.
    premium : SourceTable, optional
        A separate table of premium (or exposure) by origin [and segments].
    name : str, optional
        Dataset title (the file name by default).
    """
    issues = Collector(source)
    used = complete_mapping(source, mapping)
    check_table(source, used, issues)
    if issues.has_errors:
        return LoadResult(None, issues.report(), used)
    source, notes = drop_summary_rows(source, used, issues, content_columns(source, used))
    warn_incremental(mapping, used, issues)
    read = wide_observations if used.shape == "wide" else long_observations
    obs, origin_grain, dev_grain = read(source, used, issues)
    if origin_grain is None or dev_grain is None or obs.empty:
        if not issues.has_errors:
            issues.error("empty", "the table has no data rows")
        return LoadResult(None, issues.report(), used)
    frame = cumulative_cells(obs, used, origin_grain=origin_grain, dev_grain=dev_grain, notes=notes, issues=issues)
    check_cells(
        source=source,
        obs=obs,
        frame=frame,
        mapping=used,
        origin_grain=origin_grain,
        dev_grain=dev_grain,
        issues=issues,
    )
    premium_frame = premium_by_origin(
        obs=obs, frame=frame, mapping=used, premium=premium, origin_grain=origin_grain, issues=issues
    )
    report = issues.report()
    if not report.ok:
        return LoadResult(None, report, used)
    dataset = build_dataset(
        source=source,
        mapping=used,
        frame=frame,
        premium_frame=premium_frame,
        premium=premium,
        origin_grain=origin_grain,
        development_grain=dev_grain,
        report=report,
        name=name,
    )
    return LoadResult(dataset, report, used)


def check_table(source: SourceTable, mapping: ColumnMapping, issues: Collector) -> None:
    """Check for merged cells, a mapping that fits the table, and a single table on the sheet."""
    for rng in source.merged:
        issues.warn("merged-cells", f"merged cells {rng}: only the first cell holds the value, the others are blank")
    check_mapping(source, mapping, issues)
    if not issues.has_errors:
        check_repeated_header(source, issues)


def check_cells(
    *,
    source: SourceTable,
    obs: pd.DataFrame,
    frame: pd.DataFrame,
    mapping: ColumnMapping,
    origin_grain: str,
    dev_grain: str,
    issues: Collector,
) -> None:
    """Check for enough origins, then warn of doubtful values and of cells missing inside the triangle."""
    segments = list(mapping.segments)
    measures = [m for m, _ in mapping.values]
    origins = frame[ORIGIN].unique()
    if len(origins) < 2:
        only = period_label(pd.Timestamp(origins[0]), origin_grain) if len(origins) else "none"
        issues.error("single-origin", f"the triangle has a single origin ({only}); at least two are needed")
    elif segments:
        warn_single_origin_segments(frame, segments, origin_grain, issues)
    warn_values(frame, measures, mapping, origin_grain, issues)
    if mapping.cumulative and not issues.has_errors:
        age_columns, origin_rows = grid_locations(source, obs, mapping, origin_grain)
        warn_missing(
            frame,
            measures,
            mapping,
            origin_grain=origin_grain,
            dev_grain=dev_grain,
            age_columns=age_columns,
            origin_rows=origin_rows,
            issues=issues,
        )


def premium_by_origin(
    *,
    obs: pd.DataFrame,
    frame: pd.DataFrame,
    mapping: ColumnMapping,
    premium: SourceTable | None,
    origin_grain: str,
    issues: Collector,
) -> pd.DataFrame | None:
    """Return premium from the table's own column, else from the separate table; origins without one are named."""
    keys = [*mapping.segments, ORIGIN]
    premium_frame = None
    if mapping.premium and PREMIUM in obs:
        premium_frame = premium_from_table(obs, keys, issues)
    elif premium is not None:
        premium_frame = premium_from_source(premium, mapping, origin_grain, issues)
    if premium_frame is not None:
        check_premium(frame, premium_frame, keys, origin_grain, issues)
    return premium_frame
