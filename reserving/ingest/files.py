"""Loading from bytes or a path: read the file (and a premium file or sheet), then `load_table`."""

from __future__ import annotations

from pathlib import Path

from reserving.errors import InputError, Location
from reserving.mapping import ColumnMapping
from reserving.readers import MAX_FILE_BYTES, read_source
from reserving.validation import ERROR, Issue, ValidationReport

from .load import LoadResult, load_table


def failed(exc: InputError, mapping: ColumnMapping) -> LoadResult:
    """Return the result of a load that could not read its file: one error, no dataset."""
    issue = Issue(ERROR, exc.message, exc.location, "unreadable")
    return LoadResult(None, ValidationReport((issue,)), mapping)


def load_bytes(
    data: bytes,
    file_name: str,
    mapping: ColumnMapping = ColumnMapping(),  # noqa: B008 - frozen, so a shared default is safe
    premium: tuple[bytes, str] | None = None,
) -> LoadResult:
    """Read uploaded bytes, complete the mapping and load; read errors become an error issue.

    `mapping.premium_source` naming another sheet of the same workbook is honoured when no
    separate `premium` file is given.
    """
    try:
        source = read_source(data, file_name, mapping.sheet, mapping.encoding)
    except InputError as exc:
        return failed(exc, mapping)
    premium_table = None
    try:
        if premium is not None:
            premium_table = read_source(premium[0], premium[1])
        elif mapping.premium_source:
            if source.kind != "xlsx" or mapping.premium_source not in source.sheets:
                raise InputError(
                    f"premium source '{mapping.premium_source}' is neither a sheet of the workbook nor a file",
                    Location(file_name),
                )
            premium_table = read_source(data, file_name, sheet=mapping.premium_source)
    except InputError as exc:
        return failed(exc, mapping)
    return load_table(source, mapping, premium_table)


def load_path(path: str | Path, mapping: ColumnMapping = ColumnMapping()) -> LoadResult:  # noqa: B008
    """Load a file from disk (the command line's entry point).

    `mapping.premium_source` may name a sheet of the same workbook or a file path (absolute,
    relative to the working directory, or relative to the data file's folder).
    """
    path = Path(path)
    try:
        data = read_file(path)
        premium = None
        if mapping.premium_source:
            candidate = Path(mapping.premium_source)
            if not candidate.is_file() and not candidate.is_absolute():
                candidate = path.parent / candidate
            if candidate.is_file():
                premium = (read_file(candidate), candidate.name)
    except InputError as exc:
        return failed(exc, mapping)
    return load_bytes(data, path.name, mapping, premium)


def read_file(path: Path) -> bytes:
    """Return the file's bytes, refusing a missing, unreadable or oversized file in the user's words."""
    if not path.is_file():
        raise InputError(f"file not found: {path}", Location(path.name))
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InputError(f"the file is larger than {MAX_FILE_BYTES / 2**20:.0f} MB", Location(path.name))
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", Location(path.name)) from exc
