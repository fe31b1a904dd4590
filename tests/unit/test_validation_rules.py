"""One bad file per validation rule (rule id, message, exact row/column), and whole loads checked by number."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import chainladder as cl
import numpy as np
import openpyxl
import pandas as pd
import pytest

from reserving.dataset import triangle_to_frame
from reserving.ingest import load_bytes, load_path
from reserving.mapping import ColumnMapping

DATA = Path(__file__).parents[1] / "data"
RULES = DATA / "rules"
INGEST = DATA / "ingest"


def issues_of(result, rule):
    return [i for i in result.report.issues if i.rule == rule]


@pytest.mark.parametrize(
    ("file", "rule", "severity", "message", "where"),
    [
        ("bad_number.csv", "bad-number", "error", "not a number: 'abc'", (3, "paid")),
        (
            "bad_origin.csv",
            "bad-origin",
            "error",
            "cannot read the origin: not a period or date: '20X8'",
            (3, "accident_year"),
        ),
        ("ambiguous_date.csv", "bad-valuation", "error", "ambiguous date '03/04/2019'", (2, "valuation_date")),
        (
            "duplicate_cell.csv",
            "duplicate-cell",
            "error",
            "duplicate cell (origin 2018, valuation 2019-12-31): rows 3 and 5",
            (5, "development"),
        ),
        (
            "valuation_before_origin.csv",
            "valuation-before-origin",
            "error",
            "the valuation 2018-12-31 is before its origin 2019",
            (3, "valuation_date"),
        ),
        (
            "single_origin.csv",
            "single-origin",
            "error",
            "the triangle has a single origin (2018); at least two are needed",
            (None, None),
        ),
        ("empty_triangle.csv", "empty", "error", "the table has no data rows", (None, None)),
        (
            "no_measure.csv",
            "no-measure",
            "error",
            "no measure column (paid, incurred, counts ...) found among ['accident_year', 'development', 'remarks']",
            (None, None),
        ),
        ("no_origin.csv", "no-origin", "error", "no origin column", (None, None)),
        ("ragged.csv", "unreadable", "error", "line 3 has 4 fields but the header has 3", (3, None)),
        ("binary_junk.csv", "unreadable", "error", "the file is binary", (None, None)),
        ("old_excel.xls", "unreadable", "error", "old Excel .xls workbooks are not supported", (None, None)),
        ("empty_file.csv", "unreadable", "error", "the file is empty", (None, None)),
        (
            "missing_cell.csv",
            "missing-cell",
            "warning",
            "amount is missing inside the triangle (origin 2018, valuation 2019-12-31, age 24 months)",
            (2, "24"),
        ),
        (
            "decreasing.csv",
            "decreasing",
            "warning",
            "cumulative paid decreases from 100 to 90 (origin 2018, valuation 2019-12-31)",
            (3, "paid"),
        ),
        (
            "negative.csv",
            "negative",
            "warning",
            "negative incurred -5 (origin 2018, valuation 2019-12-31)",
            (3, "incurred"),
        ),
        ("premium_missing.csv", "premium-missing", "warning", "origin 2019 has no premium", (None, None)),
        ("unused_column.csv", "unused-column", "warning", "columns not used: ['note']", (None, None)),
    ],
)
def test_rule(file, rule, severity, message, where):
    row, column = where
    result = load_path(RULES / file)
    found = issues_of(result, rule)
    assert found, [i.describe() for i in result.report.issues]
    issue = found[0]
    assert issue.severity == severity
    assert message in issue.message
    assert (issue.location.file, issue.location.row, issue.location.column) == (file, row, column)
    assert (result.dataset is None) == (severity == "error")
    if severity == "warning":
        assert issue.describe() in result.dataset.warnings


def test_unknown_mapped_column_names_it_and_lists_the_columns():
    result = load_path(RULES / "unused_column.csv", ColumnMapping(origin="year"))
    (issue,) = result.report.errors
    assert issue.rule == "unknown-column"
    assert issue.message == (
        "the origin column 'year' is not in the table; the columns are ['accident_year', 'development', 'paid', 'note']"
    )


def test_missing_file_is_an_error_issue():
    result = load_path(RULES / "no_such_file.csv")
    assert result.dataset is None
    assert result.report.errors[0].message.startswith("file not found")


def test_inferred_development_unit_is_a_warning():
    result = load_path(INGEST / "wide_periods.csv")
    (issue,) = issues_of(result, "development-unit")
    assert issue.severity == "warning"
    assert "read as 1-based periods of one year" in issue.message
    assert result.dataset.development_ages == [12, 24, 36]
    forced = load_path(INGEST / "wide_periods.csv", ColumnMapping(development_unit="periods"))
    assert not issues_of(forced, "development-unit")


def test_merged_cells_are_reported_and_their_blanks_are_missing():
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Tri"
    for row in [["AY", 12, 24, 36], [2018, 100, 150, 160], [2019, 110, 170, None], [2020, 120, None, None]]:
        ws.append(row)
    ws.merge_cells("B3:C3")  # C3 (2019 at 24 months) is now blank inside the triangle
    buffer = io.BytesIO()
    book.save(buffer)
    result = load_bytes(buffer.getvalue(), "m.xlsx")
    merged = issues_of(result, "merged-cells")[0]
    assert "B3:C3" in merged.message
    (missing,) = issues_of(result, "missing-cell")
    assert (missing.location.sheet, missing.location.row, missing.location.column) == ("Tri", 3, "24")


# ---------------------------------------------------------------------------- whole loads
def test_small_long_file_builds_the_hand_written_triangle():
    result = load_path(INGEST / "long_quarterly.csv")
    ds = result.dataset
    assert (ds.origin_grain, ds.development_grain) == ("Q", "Q")
    assert ds.segments == ("line",)
    assert ds.measures == ("paid", "incurred")
    grid = triangle_to_frame(ds.triangle("paid", {"line": "motor"}), ds.origin_grain)
    expected = pd.DataFrame(
        [[100, 180, 200], [110, 190, np.nan], [120, np.nan, np.nan]],
        index=["2019Q1", "2019Q2", "2019Q3"],
        columns=[3, 6, 9],
        dtype=float,
    )
    np.testing.assert_array_equal(grid.to_numpy(), expected.to_numpy())
    assert list(grid.index) == list(expected.index)
    assert list(grid.columns) == [3, 6, 9]
    total = triangle_to_frame(ds.triangle("incurred"), "Q")
    assert total.loc["2019Q1", 9] == 220 + 88
    assert ds.premium_by_origin({"line": "property"}).tolist() == [500.0, 400.0, 300.0]
    assert ds.premium_label == "earned premium"
    assert ds.valuation_date == pd.Timestamp("2019-09-30")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_chinese_long_file_in_every_encoding(encoding):
    data = (INGEST / "long_cn.csv").read_text(encoding="utf-8").encode(encoding)
    result = load_bytes(data, "cn.csv")
    ds = result.dataset
    assert ds.measures == ("paid", "incurred")
    assert ds.segment_values() == {"险种": ["车险", "非车险"]}
    assert ds.latest_totals() == {"paid": 1800 + 1100 + 700 - 20, "incurred": 2000 + 1600 + 900 + 300}
    assert ds.premium_by_origin().tolist() == [8000.0, 8300.0]
    assert ds.source["encoding"] == ("gb18030" if encoding == "gbk" else encoding)


@pytest.mark.parametrize(
    ("file", "grains", "ages", "latest"),
    [
        ("wide_periods.csv", ("Y", "Y"), [12, 24, 36], 450.0),
        ("wide_months.csv", ("Y", "Y"), [12, 24, 36], 450.0),
        ("wide_cn_years.csv", ("Y", "Y"), [12, 24, 36], 450.0),
        ("wide_titled.csv", ("Y", "Y"), [12, 24, 36], 450.0),
        ("valuation_dates.csv", ("Y", "Y"), [12, 24, 36], 450.0),
        ("half_years.csv", ("S", "S"), [6, 12, 18], 28.0),
        ("months_dmy.csv", ("M", "M"), [1, 2], 13.0),
    ],
)
def test_shapes_and_grains(file, grains, ages, latest):
    ds = load_path(INGEST / file).dataset
    assert (ds.origin_grain, ds.development_grain) == grains
    assert ds.development_ages == ages
    assert sum(ds.latest_totals().values()) == latest


def test_incremental_listing_is_summed_and_cumulated():
    result = load_path(INGEST / "transactions.csv", ColumnMapping(cumulative=False))
    ds = result.dataset
    grid = triangle_to_frame(ds.triangle("paid"), "Y")
    np.testing.assert_array_equal(grid.to_numpy(), [[130.0, 180.0], [50.0, np.nan]])
    assert [i.rule for i in result.report.warnings] == ["unused-column", "origin-grain"]
    quarterly = load_path(INGEST / "transactions.csv", ColumnMapping(cumulative=False, origin_grain="Q")).dataset
    assert quarterly.origin_labels == ["2019Q1", "2019Q4", "2020Q2"]
    assert quarterly.latest("paid").tolist() == [150.0, 30.0, 50.0]


def test_premium_from_another_sheet_and_another_file(tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Claims"
    for row in [["AY", "dev", "paid"], [2018, 12, 100], [2018, 24, 150], [2019, 12, 110]]:
        ws.append(row)
    prem = book.create_sheet("EP")
    for row in [["AY", "earned premium"], [2018, 1000], [2019, 1100]]:
        prem.append(row)
    path = tmp_path / "book.xlsx"
    book.save(path)
    by_sheet = load_path(path, ColumnMapping(premium_source="EP")).dataset
    assert by_sheet.premium_by_origin().tolist() == [1000.0, 1100.0]
    (tmp_path / "premium.csv").write_bytes((INGEST / "premium.csv").read_bytes())
    by_file = load_path(path, ColumnMapping(premium_source="premium.csv")).dataset
    assert by_file.premium_by_origin().tolist() == [1000.0, 1100.0]
    bad = load_path(path, ColumnMapping(premium_source="Nope"))
    assert "neither a sheet of the workbook nor a file" in bad.report.errors[0].message


def test_content_hash_is_stable_and_follows_bytes_and_mapping():
    data = (INGEST / "long_quarterly.csv").read_bytes()
    first = load_bytes(data, "q.csv")
    again = load_bytes(data, "q.csv", first.mapping)
    assert first.dataset.content_hash == again.dataset.content_hash
    other = load_bytes(data, "q.csv", ColumnMapping(values=(("paid", "paid"),)))
    assert other.dataset.content_hash != first.dataset.content_hash
    assert first.dataset.source["mapping"] == first.mapping.to_dict()
    assert first.dataset.source["file_name"] == "q.csv"


def _raa_grid():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        raa = cl.load_sample("raa")
    return np.asarray(raa.values)[0, 0]


def test_raa_round_trips_as_long_and_wide_csv(tmp_path):
    values = _raa_grid()
    years = list(range(1981, 1991))
    ages = list(range(12, 121, 12))
    long_rows = [
        (year, age, values[i, j])
        for i, year in enumerate(years)
        for j, age in enumerate(ages)
        if not np.isnan(values[i, j])
    ]
    pd.DataFrame(long_rows, columns=["accident_year", "development", "incurred"]).to_csv(
        tmp_path / "raa_long.csv", index=False
    )
    wide = pd.DataFrame(values, index=pd.Index(years, name="AY"), columns=ages)
    wide.to_csv(tmp_path / "raa_wide.csv")
    for name, measure in (("raa_long.csv", "incurred"), ("raa_wide.csv", "amount")):
        ds = load_path(tmp_path / name).dataset
        grid = triangle_to_frame(ds.triangle(measure), ds.origin_grain)
        np.testing.assert_array_equal(grid.to_numpy(), values)
        assert list(grid.index) == [str(y) for y in years]
        assert ds.latest_totals() == {measure: 160987.0}
