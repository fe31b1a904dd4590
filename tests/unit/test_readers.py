"""Reading raw tables: encodings, separators, workbooks, Parquet, and the files that must be refused."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from reserving import readers
from reserving.errors import InputError
from reserving.readers import read_source

DATA = Path(__file__).parents[1] / "data"
CN_TEXT = (DATA / "ingest" / "long_cn.csv").read_text(encoding="utf-8")


def xlsx_bytes(sheets: dict[str, list[list[object]]], merge: dict[str, str] | None = None) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
        if merge and name in merge:
            ws.merge_cells(merge[name])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("encode", "expected"),
    [
        (lambda t: t.encode("utf-8"), "utf-8"),
        (lambda t: t.encode("utf-8-sig"), "utf-8-sig"),
        (lambda t: t.encode("gbk"), "gb18030"),
        (lambda t: t.encode("gb18030"), "gb18030"),
    ],
)
def test_csv_encodings_are_detected(encode, expected):
    src = read_source(encode(CN_TEXT), "cn.csv")
    assert src.encoding == expected
    assert src.columns[:3] == ["险种", "事故年度", "进展期"]
    assert src.table.loc[2, "险种"] == "车险"
    assert src.table.loc[7, "已决赔款"] == "(20)"


def test_forced_encoding_is_used_and_a_wrong_one_names_the_line():
    data = CN_TEXT.encode("gbk")
    assert read_source(data, "cn.csv", encoding="gbk").table.loc[3, "险种"] == "车险"
    with pytest.raises(InputError, match=r"not valid utf-8 text \(line 1\)") as info:
        read_source(data, "cn.csv", encoding="utf-8")
    assert info.value.location.file == "cn.csv"
    assert info.value.location.row == 1
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        read_source(data, "cn.csv", encoding="klingon")


@pytest.mark.parametrize("sep", [";", "\t", ","])
def test_separator_is_sniffed(sep):
    text = sep.join(["AY", "dev", "paid"]) + "\n" + sep.join(["2019", "12", "1,000" if sep != "," else "1000"]) + "\n"
    src = read_source(text.encode(), "x.csv")
    assert src.columns == ["AY", "dev", "paid"]
    assert list(src.table.loc[2]) == ["2019", "12", "1,000" if sep != "," else "1000"]


def test_rows_keep_their_line_numbers_and_short_rows_are_padded():
    src = read_source((DATA / "ingest" / "wide_months.csv").read_bytes(), "wide_months.csv")
    assert list(src.table.index) == [2, 3, 4]
    assert list(src.table.loc[4]) == ["2020", "120", "", ""]


def test_title_line_above_the_header_is_skipped():
    src = read_source((DATA / "ingest" / "wide_titled.csv").read_bytes(), "t.csv")
    assert src.header_row == 2
    assert src.columns == ["column A", "12", "24", "36"]
    assert list(src.table.index) == [3, 4, 5]


def test_xlsx_first_sheet_by_default_and_chosen_sheet():
    data = xlsx_bytes({"Paid": [["AY", "dev", "paid"], [2019, 12, 100]], "Premium": [["AY", "premium"], [2019, 500]]})
    first = read_source(data, "book.xlsx")
    assert (first.kind, first.sheet, first.sheets) == ("xlsx", "Paid", ("Paid", "Premium"))
    assert first.table.loc[2, "paid"] == 100
    chosen = read_source(data, "book.xlsx", sheet="Premium")
    assert chosen.columns == ["AY", "premium"]
    with pytest.raises(InputError, match=r"no sheet 'Nope'; the workbook has \['Paid', 'Premium'\]"):
        read_source(data, "book.xlsx", sheet="Nope")


def test_kind_is_detected_from_content_not_extension():
    data = xlsx_bytes({"S": [["AY", "dev", "paid"], [2019, 12, 100]]})
    assert read_source(data, "renamed.csv").kind == "xlsx"
    buffer = io.BytesIO()
    pd.DataFrame({"AY": [2019, 2020], "paid": [1.0, 2.0]}).to_parquet(buffer)
    src = read_source(buffer.getvalue(), "data.bin")
    assert src.kind == "parquet"
    assert list(src.table.index) == [2, 3]
    assert src.table.loc[3, "paid"] == 2.0


def test_formula_without_saved_value_names_sheet_and_cell():
    data = xlsx_bytes({"Data": [["AY", "dev", "paid"], [2019, 12, 100], [2019, 24, "=C2*2"]]})
    with pytest.raises(InputError, match=r"cell C3 holds a formula \(=C2\*2\) with no saved value") as info:
        read_source(data, "f.xlsx")
    assert (info.value.location.sheet, info.value.location.row) == ("Data", 3)


def test_merged_cells_are_listed():
    rows = [["line", "AY", "dev", "paid"], ["motor", 2019, 12, 1], [None, 2019, 24, 2]]
    src = read_source(xlsx_bytes({"S": rows}, merge={"S": "A2:A3"}), "m.xlsx")
    assert src.merged == ("A2:A3",)
    assert src.table.loc[3, "line"] is None


def test_zip_bomb_is_refused_before_opening(monkeypatch):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 5_000_000)
    with pytest.raises(InputError, match="possible zip bomb"):
        read_source(buffer.getvalue(), "bomb.xlsx")
    monkeypatch.setattr(readers, "MAX_ZIP_RATIO", 10**9)
    monkeypatch.setattr(readers, "MAX_UNZIPPED_BYTES", 1_000_000)
    with pytest.raises(InputError, match="would expand to 5 MB"):
        read_source(buffer.getvalue(), "bomb.xlsx")


def test_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(InputError, match=r"zip archive but not an Excel \.xlsx workbook"):
        read_source(buffer.getvalue(), "x.xlsx")


def test_size_limit(monkeypatch):
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 10)
    with pytest.raises(InputError, match="the limit is"):
        read_source(b"AY,dev,paid\n2019,12,1\n", "big.csv")


@pytest.mark.parametrize(
    ("name", "message", "row"),
    [
        ("old_excel.xls", "old Excel .xls workbooks are not supported", None),
        ("binary_junk.csv", "the file is binary, not a CSV text file", None),
        ("empty_file.csv", "the file is empty", None),
        ("ragged.csv", "line 3 has 4 fields but the header has 3", 3),
    ],
)
def test_unreadable_files(name, message, row):
    with pytest.raises(InputError, match=message) as info:
        read_source((DATA / "rules" / name).read_bytes(), name)
    assert info.value.location.file == name
    assert info.value.location.row == row


def test_fake_xlsx_and_parquet_extensions():
    with pytest.raises(InputError, match=r"not an Excel \.xlsx workbook"):
        read_source(b"AY,paid\n2019,1\n", "x.xlsx")
    with pytest.raises(InputError, match="not a Parquet file"):
        read_source(b"AY,paid\n2019,1\n", "x.parquet")
