"""Turning uploaded bytes into a raw table: CSV, Excel (.xlsx) and Parquet.

Nothing here interprets the cells; that is ingestion's job. This module only has to read
what the user sent, whatever its encoding, separator or sheet, and refuse clearly what it
cannot read (old .xls, binary junk, zip bombs, formulas Excel never calculated), naming the
file and, where it helps, the line or cell.

Every table keeps the spreadsheet row number of each data row as its index, so later
messages can point at the row the user sees.
"""

from __future__ import annotations

import csv
import hashlib
import io
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter

from reserving.errors import InputError, Location

MAX_FILE_BYTES = 100 * 1024 * 1024
"""Largest upload read at all (100 MB); a reserving triangle or claims listing is far smaller."""
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
"""Largest total uncompressed size of an .xlsx; more is treated as a zip bomb."""
MAX_ZIP_RATIO = 200
"""Largest uncompressed/compressed ratio of an .xlsx (real workbooks stay well below 100)."""

KINDS = ("csv", "xlsx", "parquet")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PARQUET_MAGIC = b"PAR1"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_SEPARATORS = (",", ";", "\t", "|")


@dataclass(frozen=True)
class SourceTable:
    """A table as read from a file, before any interpretation.

    Attributes
    ----------
    file_name : str
        Name of the file (for messages).
    kind : str
        "csv", "xlsx" or "parquet".
    sheet : str or None
        The sheet read (xlsx).
    sheets : tuple of str
        All sheets of the workbook (xlsx), () otherwise.
    encoding : str or None
        The encoding used (csv).
    table : pandas.DataFrame
        Raw cells with the header taken from the header row; CSV cells are strings. The index
        is the spreadsheet row number of each row.
    header_row : int
        Spreadsheet row number of the header.
    merged : tuple of str
        Merged cell ranges (xlsx) other than in the header, e.g. ``"A3:A5"``; their other
        cells read as blank.
    data : bytes
        The bytes read, kept so that the dataset's content hash covers exactly them.
    """

    file_name: str
    kind: str
    sheet: str | None
    sheets: tuple[str, ...]
    encoding: str | None
    table: pd.DataFrame
    header_row: int = 1
    merged: tuple[str, ...] = ()
    data: bytes = field(default=b"", repr=False)

    @property
    def columns(self) -> list[str]:
        """Column names as strings."""
        return [str(c) for c in self.table.columns]

    def location(self, row: int | None = None, column: str | None = None) -> Location:
        """Return a `Location` in this table."""
        return Location(self.file_name, self.sheet, row, column)

    def sha256(self) -> str:
        """Digest of the bytes read."""
        return hashlib.sha256(self.data).hexdigest()


def detect_kind(data: bytes, file_name: str) -> str:
    """Kind of file from its first bytes, falling back to the extension.

    Raises
    ------
    InputError
        For empty files, old binary .xls workbooks and other binary content.
    """
    where = Location(file_name)
    if not data.strip():
        raise InputError("the file is empty", where)
    if data.startswith(_OLE_MAGIC):
        raise InputError("old Excel .xls workbooks are not supported; save the file as .xlsx or CSV", where)
    if data.startswith(_ZIP_MAGIC):
        return "xlsx"
    if data.startswith(_PARQUET_MAGIC) and data.endswith(_PARQUET_MAGIC):
        return "parquet"
    suffix = PurePath(file_name).suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        raise InputError("the file is not an Excel .xlsx workbook (it is not a zip archive)", where)
    if suffix == ".parquet":
        raise InputError("the file is not a Parquet file (no PAR1 marker)", where)
    if suffix == ".xls":
        raise InputError("old Excel .xls workbooks are not supported; save the file as .xlsx or CSV", where)
    if data.startswith(_UTF16_BOMS):
        return "csv"  # Excel's "Unicode text": UTF-16 with a BOM, so every other byte is NUL
    head = data[:4096]
    if b"\x00" in head:
        raise InputError("the file is binary, not a CSV text file", where)
    return "csv"


def read_source(data: bytes, file_name: str, sheet: str | None = None, encoding: str | None = None) -> SourceTable:
    """Read a CSV, .xlsx or Parquet file into a `SourceTable`.

    Parameters
    ----------
    data : bytes
        The file content.
    file_name : str
        Its name; used in messages and as a hint of the kind when the content is ambiguous.
    sheet : str, optional
        Sheet to read from a workbook (the first when None).
    encoding : str, optional
        Encoding of a CSV; detected (UTF-8 with or without BOM, else GB18030) when None.

    Raises
    ------
    InputError
        When the file cannot be read; the location names the file and, where known, the
        sheet and row.
    """
    if len(data) > MAX_FILE_BYTES:
        raise InputError(
            f"the file is {len(data) / 2**20:.1f} MB; the limit is {MAX_FILE_BYTES / 2**20:.0f} MB", Location(file_name)
        )
    kind = detect_kind(data, file_name)
    if kind == "xlsx":
        return _read_xlsx(data, file_name, sheet)
    if kind == "parquet":
        return _read_parquet(data, file_name)
    return _read_csv(data, file_name, encoding)


# ---------------------------------------------------------------------------- csv
def decode(data: bytes, file_name: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode CSV bytes; return (text, encoding used).

    Detection tries UTF-8 (a BOM means ``utf-8-sig``), then GB18030, the superset of GBK
    that Chinese office software writes; a UTF-16 BOM (Excel's "Unicode text") means UTF-16.
    """
    if encoding:
        try:
            codec = encoding.strip().lower()
            if codec in {"utf-8", "utf8"} and data.startswith(b"\xef\xbb\xbf"):
                codec = "utf-8-sig"
            return data.decode(codec), codec
        except LookupError as exc:
            raise InputError(f"unknown encoding '{encoding}'", Location(file_name)) from exc
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise InputError(
                f"the file is not valid {encoding} text (line {line}); choose another encoding or leave it to be"
                " detected",
                Location(file_name, row=line),
            ) from exc
    if data.startswith(b"\xef\xbb\xbf"):
        candidates: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith(_UTF16_BOMS):
        candidates = ("utf-16",)
    else:
        candidates = ("utf-8", "gb18030")
    failure: UnicodeDecodeError | None = None
    for codec in candidates:
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError as exc:
            failure = failure or exc
    assert failure is not None
    line = data[: failure.start].count(b"\n") + 1
    raise InputError(
        f"cannot decode the file as UTF-8 or GBK/GB18030 text (line {line}); is it really a CSV?",
        Location(file_name, row=line),
    )


def sniff_separator(text: str) -> str:
    """Pick the separator (, ; tab |) that splits the first lines into the most consistent columns."""
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    best, best_score = ",", (-1, 0)
    for sep in _SEPARATORS:
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=sep)]
        except csv.Error:  # a field over the csv module's limit: reading the file reports it with its line
            continue
        if not counts or max(counts) < 2:
            continue
        consistent = sum(1 for c in counts if c == counts[0])
        score = (consistent, counts[0])
        if score > best_score:
            best, best_score = sep, score
    return best


def _clean_header(values: list[object]) -> list[str]:
    """Header names as stripped strings; blanks become 'column A' and repeats get '.2'."""
    names: list[str] = []
    seen: dict[str, int] = {}
    for i, value in enumerate(values):
        text = "" if value is None else unicodedata.normalize("NFC", str(value)).replace("\ufeff", "").strip()
        if hasattr(value, "isoformat") and not isinstance(value, str):
            text = value.isoformat()[:10]
        elif isinstance(value, float) and value.is_integer():
            text = str(int(value))
        if not text or text.lower() == "nan":
            text = f"column {_column_letter(i)}"
        count = seen.get(text, 0) + 1
        seen[text] = count
        names.append(text if count == 1 else f"{text}.{count}")
    return names


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _header_index(rows: list[list[object]]) -> int:
    """Index of the header among the first rows: the first row about as full as the widest.

    A title line above the table ("Claims triangle, valuation 2024-12-31") is skipped.
    """
    filled = [sum(1 for v in row if v not in (None, "") and str(v).strip()) for row in rows[:20]]
    if not filled:
        return 0
    target = max(2, (max(filled) + 1) // 2) if max(filled) >= 2 else 1
    for i, count in enumerate(filled):
        if count >= target:
            return i
    return 0


def _read_csv(data: bytes, file_name: str, encoding: str | None) -> SourceTable:
    text, used = decode(data, file_name, encoding)
    if "\x00" in text:
        raise InputError("the file is binary, not a CSV text file", Location(file_name))
    controls = sum(1 for ch in text[:4096] if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t")
    if controls > 8:
        raise InputError("the file is binary, not a CSV text file", Location(file_name))
    sep = sniff_separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    rows: list[tuple[int, list[str]]] = []
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                rows.append((reader.line_num, record))
    except csv.Error as exc:
        raise InputError(f"the CSV is malformed: {exc}", Location(file_name, row=reader.line_num)) from exc
    if not rows:
        raise InputError("the file has no rows", Location(file_name))
    head = _header_index([r for _, r in rows])
    header_line, header = rows[head]
    names = _clean_header(list(header))
    width = len(names)
    body: list[list[str]] = []
    index: list[int] = []
    for line, record in rows[head + 1 :]:
        if len(record) > width:
            extra = [c for c in record[width:] if c.strip()]
            if extra:
                raise InputError(
                    f"line {line} has {len(record)} fields but the header has {width} (separator '{_show(sep)}')",
                    Location(file_name, row=line),
                )
        cells = record[:width]
        body.append([cell.strip() for cell in cells] + [""] * (width - len(cells)))
        index.append(line)
    table = pd.DataFrame(body, columns=names, index=pd.Index(index, name="row"), dtype=object)
    return SourceTable(file_name, "csv", None, (), used, table, header_line, (), data)


def _show(sep: str) -> str:
    return "tab" if sep == "\t" else sep


# ---------------------------------------------------------------------------- xlsx
def check_zip(data: bytes, file_name: str) -> None:
    """Refuse zip bombs and non-workbook archives before openpyxl inflates anything.

    Raises
    ------
    InputError
        When the archive is corrupt, is not a workbook, or would inflate beyond
        `MAX_UNZIPPED_BYTES` or `MAX_ZIP_RATIO` times its size.
    """
    where = Location(file_name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError("the file is a damaged zip/.xlsx archive", where) from exc
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        raise InputError("the file is a zip archive but not an Excel .xlsx workbook", where)
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    if total > MAX_UNZIPPED_BYTES or total / packed > MAX_ZIP_RATIO:
        raise InputError(
            f"the workbook would expand to {total / 1e6:.0f} MB (ratio {total / packed:.0f}:1);"
            " refusing it as a possible zip bomb",
            where,
        )


def _read_xlsx(data: bytes, file_name: str, sheet: str | None) -> SourceTable:
    check_zip(data, file_name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged workbooks
        raise InputError(f"cannot open the workbook: {exc}", Location(file_name)) from exc
    sheets = tuple(book.sheetnames)
    if sheet is None:
        sheet = sheets[0]
    elif sheet not in sheets:
        raise InputError(f"no sheet '{sheet}'; the workbook has {list(sheets)}", Location(file_name))
    ws = book[sheet]
    grid = [list(row) for row in ws.iter_rows(values_only=True)]
    if not any(any(v not in (None, "") for v in row) for row in grid):
        others = [name for name in sheets if name != sheet]
        hint = f"; the workbook also has the sheet(s) {others}" if others else ""
        raise InputError(f"the sheet is empty{hint}", Location(file_name, sheet))
    _check_formulas(data, file_name, sheet, grid)
    numbered = [(i + 1, row) for i, row in enumerate(grid) if any(v not in (None, "") for v in row)]
    head = _header_index([row for _, row in numbered])
    header_row, header = numbered[head]
    width = max(len(row) for _, row in numbered)
    header = list(header) + [None] * (width - len(header))
    while (
        width > 1
        and header[width - 1] is None
        and all(len(row) < width or row[width - 1] is None for _, row in numbered[head + 1 :])
    ):
        width -= 1
    names = _clean_header(header[:width])
    body = [list(row[:width]) + [None] * (width - len(row)) for _, row in numbered[head + 1 :]]
    index = [number for number, _ in numbered[head + 1 :]]
    table = pd.DataFrame(body, columns=names, index=pd.Index(index, name="row"), dtype=object)
    merged = tuple(str(rng) for rng in ws.merged_cells.ranges if rng.max_row > header_row and rng.min_col <= width)
    return SourceTable(file_name, "xlsx", sheet, sheets, None, table, header_row, merged, data)


def _check_formulas(data: bytes, file_name: str, sheet: str, grid: list[list[object]]) -> None:
    """Refuse formula cells that carry no saved value (a file written by a program, never opened in Excel)."""
    if not any(v is None for row in grid for v in row):
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        formulas = openpyxl.load_workbook(io.BytesIO(data), data_only=False)[sheet]
    for r, row in enumerate(formulas.iter_rows(values_only=True), start=1):
        for c, value in enumerate(row, start=1):
            if (
                isinstance(value, str)
                and value.startswith("=")
                and (r > len(grid) or c > len(grid[r - 1]) or grid[r - 1][c - 1] is None)
            ):
                ref = f"{get_column_letter(c)}{r}"
                raise InputError(
                    f"cell {ref} holds a formula ({value}) with no saved value; open the workbook in Excel,"
                    " let it calculate and save it again",
                    Location(file_name, sheet, r),
                )


# ---------------------------------------------------------------------------- parquet
def _read_parquet(data: bytes, file_name: str) -> SourceTable:
    try:
        table = pd.read_parquet(io.BytesIO(data))
    except Exception as exc:  # pyarrow raises its own error types
        raise InputError(f"cannot read the Parquet file: {exc}", Location(file_name)) from exc
    if table.empty:
        raise InputError("the file has no rows", Location(file_name))
    table = table.reset_index(drop=True).astype(object)
    table.columns = _clean_header(list(table.columns))
    table.index = pd.Index(range(2, len(table) + 2), name="row")
    return SourceTable(file_name, "parquet", None, (), None, table, 1, (), data)
