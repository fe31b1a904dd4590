"""Reading policy listings: names in both languages, mapping by hand, every problem with file, row and column."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from reserving.errors import InputError
from reserving.unexpired import PolicyMapping, read_listing_bytes


def test_english_names_and_other_formats_are_recognised() -> None:
    frame = pd.DataFrame(
        {
            "Policy No": ["A1"],
            "Branch": ["North"],
            "Line of Business": ["Motor"],
            "Inception Date": [pd.Timestamp("2024-01-01")],
            "Expiry Date": [pd.Timestamp("2024-12-31")],
            "Written Premium": [366.0],
            "Commission": [36.6],
            "Ceded Premium": [100.0],
        }
    )
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    result = read_listing_bytes(buffer.getvalue(), "book.xlsx")
    policies = result.require()
    assert result.roles["ceded_premium"] == "Ceded Premium"
    assert policies["written_premium"].iloc[0] == 366
    assert policies["end_date"].iloc[0] == pd.Timestamp("2024-12-31")


def test_gb18030_chinese_dates_and_amounts() -> None:
    text = '保单号,分支机构,险种,起保日期,终止日期,签单保费（万元）\nP1,广东,车险,2024年1月1日,2024/12/31,"1,234"\n'
    policies = read_listing_bytes(text.encode("gb18030"), "p.csv").require()
    assert policies["start_date"].iloc[0] == pd.Timestamp("2024-01-01")
    assert policies["written_premium"].iloc[0] == 1234


def test_mapping_by_hand_wins() -> None:
    text = "id,office,cls,from,to,amount,cost\nP1,广东,车险,2024-01-01,2024-12-31,10,1\n"
    names = {"policy_id": "id", "branch": "office", "line": "cls", "start_date": "from", "end_date": "to"}
    mapping = PolicyMapping.from_pairs({**names, "written_premium": "amount", "acquisition_cost": "cost"})
    policies = read_listing_bytes(text.encode(), "p.csv", mapping).require()
    assert policies["acquisition_cost"].iloc[0] == 1
    with pytest.raises(InputError, match="unknown column role 'premium'"):
        PolicyMapping.from_pairs({"premium": "amount"})


def test_bad_cells_are_each_reported_with_file_row_and_column() -> None:
    text = (
        "保单号,分支机构,险种,起保日期,终止日期,签单保费\n"
        "P1,广东,车险,2024-01-01,2024-12-31,100\n"  # row 2: fine
        "P2,广东,车险,2024-13-45,2024-12-31,100\n"  # row 3: no such date
        "P3,广东,车险,2024-01-01,2024-12-31,abc\n"  # row 4: not a number
        "P4,广东,车险,2024-06-01,2024-05-31,100\n"  # row 5: ends before it starts
        "P5,广东,,2024-01-01,2024-12-31,100\n"  # row 6: no line
    )
    result = read_listing_bytes(text.encode(), "bad.csv")
    assert result.policies is None
    places = {(i.location.file, i.location.row, i.location.column, i.rule) for i in result.report.errors}
    assert ("bad.csv", 3, "起保日期", "bad_date") in places
    assert ("bad.csv", 4, "签单保费", "bad_amount") in places
    assert ("bad.csv", 5, "终止日期", "end_before_start") in places
    assert ("bad.csv", 6, "险种", "missing_value") in places
    with pytest.raises(InputError, match=r"file 'bad.csv', row 3, column '起保日期'.*\(and 3 more problems\)"):
        result.require()


def test_missing_required_column_blocks_and_says_how_to_map_it() -> None:
    text = "保单号,分支机构,险种,起保日期,签单保费\nP1,广东,车险,2024-01-01,100\n"
    result = read_listing_bytes(text.encode(), "p.csv")
    assert not result.report.ok
    assert "end date (终止日期)" in result.report.errors[0].message
    assert "--column end_date=COL" in result.report.errors[0].message


def test_warnings_do_not_block() -> None:
    text = (
        "保单号,分支机构,险种,起保日期,终止日期,签单保费,退保日期,退保金额\n"
        "P1,广东,车险,2024-01-01,2024-12-31,100,2024-07-01,120\n"  # refund above premium: a warning
    )
    result = read_listing_bytes(text.encode(), "p.csv")
    assert result.report.ok
    warning = next(i for i in result.report.warnings if i.rule == "refund_above_premium")
    assert (warning.location.row, warning.location.column) == (2, "退保金额")
    assert any(i.rule == "no_acquisition_cost" for i in result.report.warnings)


def test_refund_without_cancellation_date_is_an_error() -> None:
    text = "保单号,分支机构,险种,起保日期,终止日期,签单保费,退保日期,退保金额\n"
    text += "P1,广东,车险,2024-01-01,2024-12-31,100,,50\n"
    result = read_listing_bytes(text.encode(), "p.csv")
    assert [(i.rule, i.location.row, i.location.column) for i in result.report.errors] == [
        ("refund_without_cancel", 2, "退保金额")
    ]


def test_unreadable_file_is_one_error() -> None:
    result = read_listing_bytes(b"", "empty.csv")
    assert [i.describe() for i in result.report.errors] == ["file 'empty.csv': the file is empty"]


def test_workbook_rows_are_numbered_as_excel_shows_them() -> None:
    frame = pd.DataFrame(
        {
            "保单号": ["P1", "P2"],
            "分支机构": ["广东", "广东"],
            "险种": ["车险", "车险"],
            "起保日期": [pd.Timestamp("2024-01-01"), "not a date"],
            "终止日期": [pd.Timestamp("2024-12-31"), pd.Timestamp("2024-12-31")],
            "签单保费": [100, 100],
        }
    )
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer) as writer:
        frame.to_excel(writer, sheet_name="保单", index=False)
    result = read_listing_bytes(buffer.getvalue(), "book.xlsx", PolicyMapping(sheet="保单"))
    issue = result.report.errors[0]
    assert (issue.location.file, issue.location.sheet, issue.location.row, issue.location.column) == (
        "book.xlsx",
        "保单",
        3,
        "起保日期",
    )
