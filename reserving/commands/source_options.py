"""The SOURCE argument and mapping options shared by every subcommand that reads data.

``SOURCE`` is a file path (CSV, .xlsx, Parquet) or ``sample:ID`` for a bundled sample. The
mapping options mirror `reserving.mapping.ColumnMapping`; anything not given is guessed from
the column names, exactly as the app does.
"""

from __future__ import annotations

import argparse

from reserving.dataset import Dataset, unknown_segment_column
from reserving.errors import InputError
from reserving.ingest import load_path
from reserving.mapping import DEVELOPMENT_UNITS, ColumnMapping

SAMPLE_PREFIX = "sample:"


def add_reading_arguments(parser: argparse.ArgumentParser) -> None:
    """Add --sheet and --encoding: how a file is read, the same for every command that reads one."""
    parser.add_argument("--sheet", metavar="NAME", help="Excel sheet to read (the first by default)")
    parser.add_argument("--encoding", metavar="ENC", help="CSV text encoding (detected by default)")


def add_source_arguments(parser: argparse.ArgumentParser) -> None:
    """Add SOURCE and the mapping options (--origin, --development/--valuation, --value ...)."""
    parser.add_argument("source", metavar="SOURCE", help="data file (CSV, .xlsx, Parquet) or sample:ID")
    parser.add_argument("--origin", metavar="COL", help="column of origin periods (accident year, quarter, date)")
    time = parser.add_mutually_exclusive_group()
    time.add_argument("--development", metavar="COL", help="column of development ages (months or periods)")
    time.add_argument("--valuation", metavar="COL", help="column of valuation dates or calendar periods")
    parser.add_argument(
        "--value",
        metavar="MEASURE=COL",
        action="append",
        default=[],
        help="measure and its column (repeatable); for a wide file just MEASURE names its one measure",
    )
    parser.add_argument("--segment", metavar="COL", action="append", default=[], help="segment column (repeatable)")
    parser.add_argument(
        "--premium", metavar="FILE_OR_SHEET", help="premium by origin: a sheet of the workbook or a file"
    )
    add_reading_arguments(parser)
    parser.add_argument(
        "--filter", metavar="COL=VALUE", action="append", default=[], help="keep one segment value (repeatable)"
    )
    parser.add_argument("--incremental", action="store_true", help="values are incremental (payments), not cumulative")
    parser.add_argument(
        "--development-unit",
        choices=DEVELOPMENT_UNITS,
        default="auto",
        help="unit of bare development ages: months, periods, or auto (multiples of 3 are months)",
    )


def _pair(text: str, option: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip() or not value.strip():
        raise InputError(f"{option} expects NAME=VALUE, got '{text}'")
    return key.strip(), value.strip()


def mapping_from_args(args: argparse.Namespace) -> ColumnMapping:
    """Build the `ColumnMapping` the options describe (fields not given stay None, to be guessed)."""
    values = []
    for text in args.value:
        if "=" in text:
            values.append(_pair(text, "--value"))
        elif text.strip():
            values.append((text.strip(), ""))
        else:
            raise InputError("--value expects MEASURE=COL or MEASURE")
    if any(not col for _, col in values) and len(values) > 1:
        raise InputError("a wide file has one measure: give a single --value MEASURE")
    return ColumnMapping(
        origin=args.origin,
        development=args.development,
        valuation=args.valuation,
        values=tuple(values),
        segments=tuple(args.segment),
        premium_source=args.premium,
        sheet=args.sheet,
        encoding=args.encoding,
        development_unit=args.development_unit,
        cumulative=not args.incremental,
    )


def load_dataset_from_args(args: argparse.Namespace) -> Dataset:
    """Load SOURCE with the mapping options and apply --filter.

    Raises
    ------
    InputError
        For an unreadable source, a report with errors (its first error), an unknown sample,
        or a filter naming an unknown column or value.
    """
    filters = dict(_pair(text, "--filter") for text in args.filter)
    source: str = args.source
    if source.startswith(SAMPLE_PREFIX):
        from reserving.samples import get_sample  # noqa: PLC0415 - chainladder samples load only when asked for

        dataset = get_sample(source[len(SAMPLE_PREFIX) :])
    else:
        result = load_path(source, mapping_from_args(args))
        result.report.raise_if_errors()
        assert result.dataset is not None
        dataset = result.dataset
    for col, value in filters.items():
        if col not in dataset.segments:
            raise InputError(f"--filter: {unknown_segment_column(col, dataset.segments)}")
        known = dataset.segment_values()[col]
        if value not in known:
            raise InputError(f"--filter: no segment {col}={value}; the values are {known}")
    return dataset.filter(filters)
