"""User text never becomes a spreadsheet formula: Excel cells and CSV values."""

from __future__ import annotations

import io
import math

import openpyxl
import pandas as pd
import pytest

from reserving.reports.safe_cells import csv_value, frame_to_csv, is_formula_like, plain_value, set_cell

RISKY = ["=1+2", "+SUM(A1:A2)", "-2+3", "@cmd|' /C calc'!A0", "\tleading tab", "\rcarriage return"]
PLAIN = ["motor", "1-2", "a=b", "", "车险"]


@pytest.mark.parametrize("text", RISKY)
def test_formula_like_text_is_recognised(text: str) -> None:
    assert is_formula_like(text)


@pytest.mark.parametrize("text", PLAIN)
def test_plain_text_is_not_formula_like(text: str) -> None:
    assert not is_formula_like(text)


def test_numbers_are_never_formula_like() -> None:
    assert not is_formula_like(-5)
    assert not is_formula_like(-5.5)
    assert csv_value(-5.5) == -5.5


def test_excel_cells_keep_risky_text_as_text_after_a_round_trip() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row, text in enumerate(RISKY + PLAIN, start=1):
        set_cell(ws.cell(row=row, column=1), text)
        set_cell(ws.cell(row=row, column=2), -1234.5, "#,##0")
    buffer = io.BytesIO()
    wb.save(buffer)
    again = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    cells = list(again.active.iter_rows())
    assert all(cell.data_type != "f" for row in cells for cell in row)
    # The value is preserved (no quote added; XML reads a bare carriage return back as a newline)
    # and numbers stay numbers with their format.
    assert [row[0].value for row in cells[: len(RISKY)]] == [t.replace("\r", "\n") for t in RISKY]
    assert cells[0][0].value == "=1+2"
    assert cells[3][0].value == "@cmd|' /C calc'!A0"
    assert cells[0][1].value == -1234.5
    assert cells[0][1].number_format == "#,##0"
    assert cells[0][1].data_type == "n"


def test_control_characters_are_dropped_not_fatal() -> None:
    wb = openpyxl.Workbook()
    cell = set_cell(wb.active.cell(row=1, column=1), "a\x00b\x07c")
    assert cell.value == "abc"


def test_csv_values_get_a_single_quote_prefix() -> None:
    assert csv_value("=1+2") == "'=1+2"
    assert csv_value("@x") == "'@x"
    assert csv_value("motor") == "motor"


def test_frame_to_csv_neutralises_cells_headers_and_index() -> None:
    frame = pd.DataFrame({"segment": ["=1+2", "motor"], "=bad header": [1.5, -2.0]}, index=pd.Index(["+x", "y"]))
    text = frame_to_csv(frame, index=True).decode("utf-8-sig")
    read = pd.read_csv(io.StringIO(text), index_col=0)
    assert list(read.index) == ["'+x", "y"]
    assert list(read.columns) == ["segment", "'=bad header"]
    assert list(read["segment"]) == ["'=1+2", "motor"]
    assert list(read["'=bad header"]) == [1.5, -2.0]


def test_plain_value_maps_missing_and_numpy_values() -> None:
    import numpy as np

    assert plain_value(float("nan")) is None
    assert plain_value(np.float64(2.5)) == 2.5
    assert plain_value(np.int64(3)) == 3
    assert plain_value(pd.Timestamp("2024-12-31", tz="UTC")).tzinfo is None
    assert plain_value((1, 2)) == "(1, 2)"
    assert not math.isnan(plain_value(np.float32(1.0)))
