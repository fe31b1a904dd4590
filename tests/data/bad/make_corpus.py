"""Write the bad-input corpus: malformed or hostile files that ingestion must refuse or flag.

Run ``python tests/data/bad/make_corpus.py`` to regenerate every file of this folder (the
outputs are committed; the script only documents and reproduces them). The output is
deterministic: workbooks are re-zipped with a fixed timestamp and fixed document
properties, so a rerun changes no byte. Files too big to commit (the 100 MB file, the zip
bomb) are made by the tests at run time, with `big_csv` and `zip_bomb` below.

Each file's flaw and the place where ingestion must report it are listed in README.md.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd

HERE = Path(__file__).resolve().parent
_FIXED_TIME = (2024, 1, 1, 0, 0, 0)
_CORE_TIME = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")

BIG_ORIGINS = 200
"""The big valid triangle has this many quarterly origins and development quarters."""


def big_value(origin: int, dev: int) -> int:
    """Cumulative value of the big triangle's cell (origin index, development index), both 0-based."""
    return 1000 * (origin + 1) + 7 * dev


def _csv(lines: list[str], encoding: str = "utf-8") -> bytes:
    return ("\n".join(lines) + "\n").encode(encoding)


# A small valid long triangle that many files start from: 3 origins x 3 ages, paid.
_GOOD = [
    "accident_year,development,paid",
    "2018,12,100",
    "2018,24,150",
    "2018,36,170",
    "2019,12,110",
    "2019,24,160",
    "2020,12,120",
]


def _deterministic_zip(data: bytes) -> bytes:
    """Re-zip a workbook with fixed entry times and fixed created/modified properties."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _CORE_TIME.sub(rb"\g<1>2024-01-01T00:00:00Z\g<2>", body)
            dst.writestr(zipfile.ZipInfo(info.filename, _FIXED_TIME), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _book(sheets: dict[str, list[list[object]]], edit: Callable[[openpyxl.Workbook], None] | None = None) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
    if edit is not None:
        edit(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return _deterministic_zip(buffer.getvalue())


_GOOD_ROWS: list[list[object]] = [[int(x) if x.isdigit() else x for x in line.split(",")] for line in _GOOD]


def _merged(book: openpyxl.Workbook) -> None:
    # Accident year 2018 written once and merged down over its three development rows.
    ws = book["Claims"]
    ws["A3"] = None
    ws["A4"] = None
    ws.merge_cells("A2:A4")


def _formula_no_cache(book: openpyxl.Workbook) -> None:
    # A workbook written by a program: the formula was never calculated, so no value is saved.
    book["Claims"]["C3"] = "=C2+50"


def _formulas_with_cache(data: bytes) -> bytes:
    """Turn the plain numbers of C3 and C4 into formulas that carry Excel's saved result."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = re.sub(rb'<c r="C3" t="n"><v>150</v></c>', b'<c r="C3"><f>C2+50</f><v>150</v></c>', body)
                body = re.sub(rb'<c r="C4" t="n"><v>170</v></c>', b'<c r="C4"><f>C3+20</f><v>170</v></c>', body)
                assert body.count(b"<f>") == 2, "the sheet XML changed shape"
            dst.writestr(zipfile.ZipInfo(info.filename, _FIXED_TIME), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


_INJECTIONS = ("=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)", "-2+3")


def _injection_rows() -> list[list[object]]:
    rows: list[list[object]] = [["line", "accident_year", "development", "paid"]]
    for k, name in enumerate(_INJECTIONS):
        rows += [[name, 2018, 12, 10 * (k + 1)], [name, 2018, 24, 20 * (k + 1)], [name, 2019, 12, 15 * (k + 1)]]
    return rows


def _injection_as_text(book: openpyxl.Workbook) -> None:
    # openpyxl stores "=..." as a formula; force every segment cell to plain text, as Excel
    # does for a cell typed as text.
    for (cell,) in book["Claims"].iter_rows(min_row=2, max_col=1):
        cell.data_type = "s"


def _big_wide() -> bytes:
    ages = [3 * (j + 1) for j in range(BIG_ORIGINS)]
    lines = ["origin," + ",".join(str(a) for a in ages)]
    for i in range(BIG_ORIGINS):
        label = f"{1975 + i // 4}Q{i % 4 + 1}"
        cells = [str(big_value(i, j)) for j in range(BIG_ORIGINS - i)]
        lines.append(",".join([label, *cells, *[""] * i]))
    return _csv(lines)


def _parquet(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False, engine="pyarrow", compression="snappy")
    return buffer.getvalue()


def _png() -> bytes:
    # The 8-byte PNG signature, an IHDR chunk of a 1x1 image and an IEND chunk.
    return bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
    )


def corpus() -> dict[str, bytes]:
    """Every committed file of the corpus, by name."""
    good = _csv(_GOOD)
    good_book = _book({"Claims": _GOOD_ROWS})
    files: dict[str, bytes] = {
        # ------------------------------------------------------------ unreadable
        "empty.csv": b"",
        "whitespace_only.csv": b"   \n\t\n  \r\n \n",
        "only_separators.csv": b",,,\n,,,\n;;\n",
        "binary_renamed.csv": bytes((i * 37 + 11) % 256 for i in range(2048)),
        "png_renamed.xlsx": _png(),
        "nul_bytes.csv": good[:40] + b"\x00\x00\x00" + good[40:],
        "nul_bytes_late.csv": _csv(_GOOD + [f"2020,{12 * k},1{k}" for k in range(2, 400)])[:6000]
        + b"\x00"
        + b"2021,12,5\n",
        "gbk_forced_utf8.csv": _csv(["事故年度,进展期,已决赔款", "2018,12,100", "2018,24,150", "2019,12,110"], "gbk"),
        "ragged_rows.csv": _csv([*_GOOD[:3], "2018,36,170,999", *_GOOD[4:]]),
        "extremely_long_line.csv": _csv([*_GOOD[:3], "2018,36," + "9" * 400_000, *_GOOD[4:]]),
        "old_format.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"Workbook\x00" * 8,
        "truncated.xlsx": good_book[: len(good_book) // 2],
        "zip_not_workbook.xlsx": _zip_of({"readme.txt": b"not a workbook"}),
        "text_renamed.parquet": good,
        "missing_sheet.xlsx": _book({"Claims": _GOOD_ROWS, "Premium": [["accident_year", "premium"], [2018, 1000]]}),
        "empty_sheet.xlsx": _book({"Blank": [], "Claims": _GOOD_ROWS}),
        "formula_no_cache.xlsx": _book({"Claims": _GOOD_ROWS}, _formula_no_cache),
        "formula_injection_cells.xlsx": _book({"Claims": _injection_rows()}),
        "empty.parquet": _parquet(pd.DataFrame({"accident_year": [], "development": [], "paid": []})),
        # ------------------------------------------------------------ no usable mapping
        "header_only.csv": _csv([_GOOD[0]]),
        "title_only.csv": _csv(["Claims triangle, valuation 2020-12-31"]),
        "missing_origin_column.csv": _csv(["development,paid", "12,100", "24,150", "12,110"]),
        "measure_column_empty.csv": _csv(["accident_year,development,paid", "2018,12,", "2018,24,", "2019,12,"]),
        "wide_text_header.csv": _csv(["AY,twelve,twenty-four", "2018,100,150", "2019,110,"]),
        # ------------------------------------------------------------ bad cells
        "text_in_numeric.csv": _csv([*_GOOD[:4], "2019,12,1l0", *_GOOD[5:]]),
        "inf_number.csv": _csv([*_GOOD[:6], "2020,12,1e400"]),
        "decimal_comma.csv": _csv(
            ["accident_year;development;paid", "2018;12;1.234,50", "2018;24;2.000,00", "2019;12;1.500,00"]
        ),
        "three_date_formats.csv": _csv(
            [
                "accident_year,valuation_date,paid",
                "2018,2018-12-31,100",
                "2018,31/12/2019,150",
                "2019,12/31/2019,110",
            ]
        ),
        "ambiguous_dates.csv": _csv(
            [
                "accident_month,valuation_date,paid",
                "2019-01,01/02/2019,10",
                "2019-01,01/03/2019,15",
                "2019-02,01/03/2019,12",
            ]
        ),
        "mixed_origin_grains.csv": _csv(["accident_period,development,paid", "2018,12,100", "2019Q1,3,110"]),
        "bad_development.csv": _csv([*_GOOD[:3], "2018,-36,170", *_GOOD[4:]]),
        "development_overflow.csv": _csv([*_GOOD[:3], "2018,99999,170", *_GOOD[4:]]),
        "origin_out_of_range.csv": _csv([*_GOOD[:6], "1066,12,120"]),
        "far_future_date.csv": _csv(
            ["accident_year,valuation_date,paid", "2018,2018-12-31,100", "2018,2019-12-31,150", "2019,2262-04-01,110"]
        ),
        "far_future_dates.xlsx": _book(
            {
                "Claims": [
                    ["accident_date", "valuation_date", "paid"],
                    [dt.datetime(2018, 1, 1), dt.datetime(2018, 12, 31), 100],
                    [dt.datetime(9999, 1, 1), dt.datetime(9999, 12, 31), 110],
                ]
            }
        ),
        "missing_origin_value.csv": _csv([*_GOOD[:4], ",12,110", *_GOOD[5:]]),
        "merged_cells.xlsx": _book({"Claims": _GOOD_ROWS}, _merged),
        "wrong_types.parquet": _parquet(
            pd.DataFrame(
                {
                    "accident_year": [2018.0, 2018.0, 2019.5],
                    "development": [12, 24, 12],
                    "paid": ["100", "lots", "110"],
                }
            )
        ),
        # ------------------------------------------------------------ not a triangle
        "duplicate_cells.csv": _csv([*_GOOD, "2019,24,165"]),
        "origin_after_valuation.csv": _csv(
            [
                "accident_year,valuation_date,paid",
                "2018,2018-12-31,100",
                "2018,2019-12-31,150",
                "2019,2019-12-31,110",
                "2021,2019-12-31,5",
            ]
        ),
        "one_by_one.csv": _csv(["accident_year,development,paid", "2019,12,100"]),
        "one_by_one_wide.csv": _csv(["AY,12", "2019,100"]),
        "one_origin.csv": _csv(["accident_year,development,paid", "2019,12,100", "2019,24,150", "2019,36,170"]),
        "wide_duplicate_origin.csv": _csv(["AY,12,24", "2018,100,150", "2019,110,", "2018,90,"]),
        # ------------------------------------------------------------ suspicious: load with a warning
        "negative_values.csv": _csv([*_GOOD[:5], "2019,24,-160", *_GOOD[6:]]),
        "decreasing_paid.csv": _csv([*_GOOD[:3], "2018,36,140", *_GOOD[4:]]),
        "wide_nonnumeric_header.csv": _csv(["AY,12,24,thirty-six", "2018,100,150,170", "2019,110,160,", "2020,120,,"]),
        "total_row.csv": _csv([*_GOOD, "Total,12,330"]),
        "blank_segment.csv": _csv(
            ["line,accident_year,development,paid", "motor,2018,12,100", "motor,2018,24,150", ",2019,12,110"]
        ),
        "duplicate_header.csv": _csv(
            ["accident_year,development,paid,paid", "2018,12,100,1", "2018,24,150,2", "2019,12,110,3"]
        ),
        "gaps_in_triangle.csv": _csv(["AY,12,24,36", "2018,100,,170", "2019,110,160,", "2020,120,,"]),
        "csv_10000_columns.csv": _csv(
            [
                ",".join(["accident_year", "development", "paid", *(f"x{k}" for k in range(9997))]),
                *(",".join([y, d, p, *["0"] * 9997]) for y, d, p in (row.split(",") for row in _GOOD[1:])),
            ]
        ),
        # ------------------------------------------------------------ odd but valid: must load
        "bom_twice.csv": b"\xef\xbb\xbf" + "\ufeff".encode() + good,
        "bom_mid_file.csv": good[:60] + b"\xef\xbb\xbf" + good[60:],
        "utf16_excel_text.csv": "\r\n".join(line.replace(",", "\t") for line in _GOOD).encode("utf-16"),
        "names_spaces_cn_punct.csv": _csv(
            [
                "  Accident Year ,「进展期」,已决赔款（元）,险种：",
                "2018,12,100,车险",
                "2018,24,150,车险",
                "2019,12,110,车险",
                "2018,12,50,非车险",
                "2018,24,60,非车险",
                "2019,12,70,非车险",
            ]
        ),
        "dates_three_consistent_formats.csv": _csv(
            [
                "accident_year,valuation_date,paid",
                "2018,2018-12-31,100",
                "2018,31/12/2019,150",
                "2019,2019年12月31日,110",
            ]
        ),
        "formula_injection_segments.csv": _csv([",".join(r) for r in _quoted()]),
        "html_script_segment.csv": _csv(
            [
                "line,accident_year,development,paid",
                '"<script>alert(1)</script>",2018,12,100',
                '"<script>alert(1)</script>",2018,24,150',
                '"<script>alert(1)</script>",2019,12,110',
                '"<img src=x onerror=alert(2)>",2018,12,1',
                '"<img src=x onerror=alert(2)>",2018,24,2',
                '"<img src=x onerror=alert(2)>",2019,12,3',
            ]
        ),
        "formula_with_cache.xlsx": _formulas_with_cache(good_book),
        "formula_injection_text.xlsx": _book({"Claims": _injection_rows()}, _injection_as_text),
        "big_200x200.csv": _big_wide(),
    }
    return files


def _quoted() -> list[list[str]]:
    """The injection rows as CSV cells, quoting those that hold a comma or a quote."""
    out = []
    for row in _injection_rows():
        cells = []
        for value in row:
            text = str(value)
            cells.append('"' + text.replace('"', '""') + '"' if any(c in text for c in ',"') else text)
        out.append(cells)
    return out


def _zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(zipfile.ZipInfo(name, _FIXED_TIME), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def big_csv(path: Path, size: int) -> None:
    """Write a valid-looking CSV of exactly `size` bytes (for the upload size limit)."""
    line = b"2018,12,100\n"
    with path.open("wb") as handle:
        handle.write(b"accident_year,development,paid\n")
        block = line * 65536
        written = 0
        while written < size:
            handle.write(block)
            written += len(block)
        handle.truncate(size)


def zip_bomb() -> bytes:
    """A small .xlsx-looking archive whose one sheet inflates to hundreds of megabytes.

    Deflate compresses a run of one byte about 1000:1, so 300 MB of spaces packs into
    about 300 kB; the workbook parts are real, so only the size check can refuse it.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            chunk = b" " * (1 << 20)
            for _ in range(300):
                sheet.write(chunk)
    return out.getvalue()


def main() -> None:
    """Write every corpus file beside this script."""
    for name, data in sorted(corpus().items()):
        (HERE / name).write_bytes(data)


if __name__ == "__main__":
    main()
