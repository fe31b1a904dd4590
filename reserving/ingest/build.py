"""The validated cells and premium as a `Dataset`: tidy columns, sorted, with where they came from."""

from __future__ import annotations

import hashlib
import json

import pandas as pd

from reserving.columns import is_exposure
from reserving.dataset import ORIGIN, PREMIUM, VALUATION, Dataset
from reserving.mapping import ColumnMapping
from reserving.readers import SourceTable
from reserving.validation import ValidationReport


def content_hash(source: SourceTable, mapping: ColumnMapping, premium: SourceTable | None) -> str:
    """Return the sha256 of the bytes and the mapping: the same file read the same way hashes the same."""
    digest = hashlib.sha256()
    digest.update(source.data or source.table.to_csv().encode())
    digest.update(json.dumps(mapping.to_dict(), sort_keys=True, ensure_ascii=False).encode())
    if premium is not None:
        digest.update(premium.data or premium.table.to_csv().encode())
    return digest.hexdigest()


def tidy_cells(frame: pd.DataFrame, segments: list[str], measures: list[str]) -> pd.DataFrame:
    """Return one row per segment, origin and valuation: segments as text, dates as nanosecond timestamps."""
    tidy = frame[[*segments, ORIGIN, VALUATION, *measures]].copy()
    for col in segments:
        tidy[col] = tidy[col].astype(str)
    tidy[ORIGIN] = pd.to_datetime(tidy[ORIGIN]).astype("datetime64[ns]")
    tidy[VALUATION] = pd.to_datetime(tidy[VALUATION]).astype("datetime64[ns]")
    return tidy.sort_values([*segments, ORIGIN, VALUATION]).reset_index(drop=True)


def tidy_premium(premium: pd.DataFrame, segments: list[str]) -> pd.DataFrame:
    """Return one premium per segment and origin, as floats, sorted."""
    premium = premium[[*segments, ORIGIN, PREMIUM]].copy()
    premium[ORIGIN] = pd.to_datetime(premium[ORIGIN]).astype("datetime64[ns]")
    premium[PREMIUM] = premium[PREMIUM].astype(float)
    return premium.sort_values([*segments, ORIGIN]).reset_index(drop=True)


def build_dataset(
    *,
    source: SourceTable,
    mapping: ColumnMapping,
    frame: pd.DataFrame,
    premium_frame: pd.DataFrame | None,
    premium: SourceTable | None,
    origin_grain: str,
    development_grain: str,
    report: ValidationReport,
    name: str | None,
) -> Dataset:
    """Build the dataset of a load without errors; its warnings travel with it, shown wherever it is used."""
    segments = list(mapping.segments)
    measures = [m for m, _ in mapping.values]
    premium_col = mapping.premium or (premium.columns[-1] if premium is not None else None)
    return Dataset(
        name=name or source.file_name,
        frame=tidy_cells(frame, segments, measures),
        segments=tuple(segments),
        measures=tuple(measures),
        origin_grain=origin_grain,
        development_grain=development_grain,
        premium=tidy_premium(premium_frame, segments) if premium_frame is not None else None,
        premium_label="exposure" if is_exposure(premium_col) else "earned premium",
        warnings=tuple(i.describe() for i in report.warnings),
        content_hash=content_hash(source, mapping, premium),
        source={
            "file_name": source.file_name,
            "kind": source.kind,
            "sheet": source.sheet,
            "encoding": source.encoding,
            "mapping": mapping.to_dict(),
            "premium_file": premium.file_name if premium is not None else None,
            "premium_sheet": premium.sheet if premium is not None else None,
        },
    )
