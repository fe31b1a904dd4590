"""Files laid out the way actuaries' spreadsheets really are, none of them seen while the readers were written.

Each test builds its file here (CSV bytes or a workbook), loads it as an upload would, and
checks either the numbers it must load with (latest diagonal, origins, ages, single cells,
all worked out by hand from the triangle below) or the exact place of the one error that
refuses it. The base triangle is paid by accident year 2015-2018 at ages 12-48:

    2015: 1000 1800 2100 2200
    2016: 1100 2000 2300
    2017: 1200 2150
    2018: 1300                  latest diagonal 2200 + 2300 + 2150 + 1300 = 7950
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import random

import openpyxl
import pandas as pd
import pytest

from reserving.cli import main
from reserving.columns import is_identifier, row_label_kind
from reserving.errors import Location
from reserving.ingest import LoadResult, guess_mapping, load_bytes, load_path, read_source
from reserving.mapping import ColumnMapping
from reserving.parsing import ParseError, age_range, excel_serial_column, parse_age, parse_number, parse_period

TRI = {2015: [1000, 1800, 2100, 2200], 2016: [1100, 2000, 2300], 2017: [1200, 2150], 2018: [1300]}
LATEST = 7950.0
YEARS = ["2015", "2016", "2017", "2018"]
AGES = [12, 24, 36, 48]


# ---------------------------------------------------------------------------- builders
def csv_bytes(rows: list[list[object]], encoding: str = "utf-8", sep: str = ",") -> bytes:
    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode(encoding)


def xlsx_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append([None if v == "" else v for v in row])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def grid(labels: list[object], value=lambda v: v) -> list[list[object]]:
    """The base triangle as wide rows, origin labels first and blanks after the diagonal."""
    return [[lab, *(value(v) for v in TRI[y]), *[""] * (4 - len(TRI[y]))] for lab, y in zip(labels, TRI, strict=True)]


def long_rows(origin=lambda y: y, age=lambda i: 12 * (i + 1), value=lambda v: v) -> list[list[object]]:
    return [[origin(y), age(i), value(v)] for y, vals in TRI.items() for i, v in enumerate(vals)]


def loaded(result: LoadResult):
    assert result.report.ok, [i.describe() for i in result.report.errors]
    assert result.dataset is not None
    return result.dataset


def warning(result: LoadResult, rule: str):
    found = [i for i in result.report.warnings if i.rule == rule]
    assert found, [i.describe() for i in result.report.issues]
    return found[0]


def only_error(result: LoadResult):
    assert result.dataset is None
    assert len(result.report.errors) == 1, [i.describe() for i in result.report.errors]
    return result.report.errors[0]


def cell(ds, measure: str, origin: str, age: int) -> float:
    frame = ds.frame
    rows = frame[(frame["origin"] == pd.Timestamp(origin)) & (frame["valuation"] == _valuation(origin, age))]
    return float(rows[measure].sum())


def _valuation(origin: str, age: int) -> pd.Timestamp:
    return pd.Timestamp(origin) + pd.DateOffset(months=age) - pd.Timedelta(days=1)


def inspect(path, *options: str) -> dict:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["inspect", str(path), *options]) == 0
    return json.loads(out.getvalue())


# ---------------------------------------------------------------------------- rows around the grid
def test_workbook_with_title_notes_and_a_footnote_loads_the_grid():
    rows = [
        ["ABC Insurance Co. - Motor TPL paid triangle"],
        ["Valuation 31/12/2018; amounts in CNY thousands"],
        [],
        ["Accident Year", 12, 24, 36, 48],
        *grid([2015, 2016, 2017, 2018]),
        [],
        ["Source: claims system extract 2019-01-05"],
    ]
    result = load_bytes(xlsx_bytes({"Paid": rows}), "paid.xlsx")
    ds = loaded(result)
    assert ds.latest_totals() == {"amount": LATEST}
    assert (ds.origin_labels, ds.development_ages) == (YEARS, AGES)
    note = warning(result, "note-row")
    assert note.location == Location("paid.xlsx", "Paid", 10, "Accident Year")


def test_total_row_and_total_column_are_left_out_of_the_triangle():
    rows = [["AY", "12", "24", "36", "48", "Total"]]
    rows += [[y, *v, *[""] * (4 - len(v)), v[-1]] for y, v in TRI.items()]
    rows.append(["Grand Total", 4600, 5950, 4400, 2200, 7950])
    result = load_bytes(csv_bytes(rows), "wide.csv")
    assert loaded(result).latest_totals() == {"amount": LATEST}
    assert warning(result, "total-row").location == Location("wide.csv", None, 6, "AY")
    assert "columns not used: ['Total']" in warning(result, "unused-column").message


def test_rows_of_link_ratios_and_a_cdf_column_under_a_workbook_grid_are_skipped():
    rows = [["Origin", 12, 24, 36, 48, "CDF", "Ultimate"]]
    rows += [[*r, 1.5, 3000] for r in grid([2015, 2016, 2017, 2018])]
    rows += [[], ["Vol-wtd LDF", 1.739, 1.161, 1.048], ["Selected", 1.74, 1.16, 1.05, 1.0], ["Age-to-age", 1.7]]
    result = load_bytes(xlsx_bytes({"Triangle": rows}), "cdf.xlsx")
    ds = loaded(result)
    assert ds.latest_totals() == {"amount": LATEST}
    assert cell(ds, "amount", "2016-01-01", 24) == 2000
    skipped = [(i.location.row, i.message) for i in result.report.warnings if i.rule == "factor-row"]
    assert skipped == [
        (7, "row 'Vol-wtd LDF' looks like development factors and is skipped"),
        (8, "row 'Selected' looks like development factors and is skipped"),
        (9, "row 'Age-to-age' looks like development factors and is skipped"),
    ]


def test_row_labels_are_classified_by_whole_words():
    kinds = {label: row_label_kind(label) for label in ["合计：", "Sum", "Simple average", "平均进展因子", "Data 2019"]}
    assert kinds == {
        "合计：": "total",
        "Sum": "total",
        "Simple average": "factor",
        "平均进展因子": "factor",
        "Data 2019": None,
    }


def test_a_text_origin_with_numbers_is_still_refused_at_its_cell():
    rows = [["accident_year", "development", "paid"], *long_rows(), ["Restated", 12, 50]]
    error = only_error(load_bytes(csv_bytes(rows), "x.csv"))
    assert (error.rule, error.location) == ("bad-origin", Location("x.csv", None, 12, "accident_year"))


# ---------------------------------------------------------------------------- origins and ages
@pytest.mark.parametrize(
    ("header", "origin", "age", "ages"),
    [
        (["Origin", "Dev", "Paid Loss"], lambda y: f"AY{y}", lambda i: f"{12 * (i + 1)}m", AGES),
        (["accident_year", "development", "paid"], lambda y: f"{y}年", lambda i: f"Dev {12 * (i + 1)}", AGES),
        (["UY", "DY", "Paid"], lambda y: y, lambda i: i + 1, AGES),
    ],
)
def test_long_origin_and_age_spellings(header, origin, age, ages):
    ds = loaded(load_bytes(csv_bytes([header, *long_rows(origin, age)]), "long.csv"))
    assert ds.latest_totals() == {"paid": LATEST}
    assert (ds.origin_labels, ds.development_ages) == (YEARS, ages)


@pytest.mark.parametrize(
    "headers",
    [
        ["第1年", "第2年", "第3年", "第4年"],
        ["Year 1", "Year 2", "Year 3", "Year 4"],
        ["0-12", "12-24", "24-36", "36-48"],
        ["12个月", "24个月", "36个月", "48个月"],
    ],
)
def test_wide_age_headers(headers):
    rows = [["事故年度", *headers], *grid([f"{y}年" for y in TRI])]
    ds = loaded(load_bytes(csv_bytes(rows), "wide.csv"))
    assert ds.latest_totals() == {"amount": LATEST}
    assert ds.development_ages == AGES
    assert cell(ds, "amount", "2015-01-01", 36) == 2100


def test_age_spans_and_period_units_parse():
    assert [parse_age(v) for v in ["0-12", "12 to 24", "第2期", "Year 3", "DY 2"]] == [
        (12, None),
        (24, None),
        (2, "periods"),
        (3, "years"),
        (2, "years"),
    ]
    assert (age_range("12-24"), age_range("24")) == ((12, 24), None)
    with pytest.raises(ParseError):
        parse_age("24-12")


def test_a_grid_of_age_to_age_factors_is_refused_with_its_headers():
    rows = [["AY", "12-24", "24-36", "36-48"], [2015, 1.8, 1.1667, 1.0476], [2016, 1.818, 1.15], [2017, 1.79]]
    error = only_error(load_bytes(csv_bytes(rows), "ata.csv"))
    assert error.rule == "factor-headers"
    assert error.location == Location("ata.csv")
    assert "['12-24', '24-36', '36-48'] ... span two ages" in error.message


def test_quarter_labels_with_a_dash_and_dev_quarters():
    rows = [["accident_quarter", "development", "incurred"]]
    for k, quarter in enumerate(["2017-Q1", "2017-Q2", "2017-Q3", "2017-Q4"]):
        rows += [[quarter, f"Dev {3 * (i + 1)}", 100 * (k + 1) + 50 * i] for i in range(4 - k)]
    ds = loaded(load_bytes(csv_bytes(rows), "q.csv"))
    assert ds.origin_labels == ["2017Q1", "2017Q2", "2017Q3", "2017Q4"]
    assert ds.development_ages == [3, 6, 9, 12]
    assert ds.latest_totals() == {"incurred": 250 + 300 + 350 + 400}


def test_chinese_half_years_with_numbered_periods_on_semicolons():
    rows = [["事故期间", "进展期", "已决赔款"]]
    for k, label in enumerate(["2016年上半年", "2016年下半年", "2017年上半年", "2017年下半年"]):
        rows += [[label, f"第{i + 1}期", 100 * (k + 1) + 10 * i] for i in range(4 - k)]
    ds = loaded(load_bytes(csv_bytes(rows, sep=";"), "half.csv"))
    assert (ds.origin_grain, ds.development_ages) == ("S", [6, 12, 18, 24])
    assert ds.latest_totals() == {"paid": 130 + 220 + 310 + 400}


def test_half_year_origins_valued_at_month_ends():
    rows = [["origin_period", "valuation_date", "paid"]]
    ends = ["2016-06-30", "2016-12-31", "2017-06-30", "2017-12-31"]
    for k, label in enumerate(["2016H1", "2016H2", "2017H1", "2017H2"]):
        rows += [[label, ends[j], 500 + 100 * k + 200 * (j - k)] for j in range(k, 4)]
    ds = loaded(load_bytes(csv_bytes(rows), "h.csv"))
    assert ds.development_ages == [6, 12, 18, 24]
    assert ds.latest_totals() == {"paid": 1100 + 1000 + 900 + 800}


@pytest.mark.parametrize(
    ("valuation", "column"),
    [
        (lambda y: f"31/12/{y}", "valuation_date"),
        (lambda y: f"12/31/{y}", "valuation_date"),
        (lambda y: f"{y}.12.31", "evaluation_date"),
        (lambda y: y, "CY"),
        (lambda y: f"{y}年12月31日", "评估日期"),
    ],
)
def test_valuation_spellings(valuation, column):
    rows = [["accident_year", column, "paid"]]
    rows += [[y, valuation(y + i), v] for y, vals in TRI.items() for i, v in enumerate(vals)]
    ds = loaded(load_bytes(csv_bytes(rows), "v.csv"))
    assert (ds.origin_labels, ds.development_ages) == (YEARS, AGES)
    assert ds.latest_totals() == {"paid": LATEST}


def test_excel_day_numbers_as_origins():
    def serial(year: int) -> int:
        return (dt.date(year, 1, 1) - dt.date(1899, 12, 30)).days

    rows = [["accident_date", "development", "paid"], *long_rows(serial)]
    result = load_bytes(xlsx_bytes({"data": rows}), "serial.xlsx")
    ds = loaded(result)
    assert (ds.origin_labels, ds.latest_totals()) == (YEARS, {"paid": LATEST})
    note = warning(result, "excel-serial")
    assert note.message == "the origins are Excel day numbers (42005 is 2015-01-01); they are read as dates"
    assert note.location == Location("serial.xlsx", "data", None, "accident_date")


def test_excel_serials_need_the_whole_column():
    assert excel_serial_column([42005, "42370", 42736.0])
    assert not excel_serial_column([42005, 2015])
    assert parse_period("42369", serial=True).ts == pd.Timestamp("2015-12-31")


def test_workbook_grid_with_a_blank_corner_and_real_dates():
    rows = [["", 12.0, 24.0, 36.0, 48.0], *grid([dt.datetime(y, 1, 1) for y in TRI])]
    ds = loaded(load_bytes(xlsx_bytes({"tri": rows}), "dates.xlsx"))
    assert (ds.origin_labels, ds.latest_totals()) == (YEARS, {"amount": LATEST})


def test_quarterly_origins_valued_only_at_year_ends_are_grouped_by_year():
    rows = [["accident_quarter", "valuation_date", "paid"]]
    quarters = ["2017Q1", "2017Q2", "2017Q3", "2017Q4", "2018Q1", "2018Q2", "2018Q3", "2018Q4"]
    for k, quarter in enumerate(quarters):
        first = 2017 + k // 4
        rows += [[quarter, f"{year}-12-31", 100 + 10 * k + 50 * (year - first)] for year in range(first, 2019)]
    result = load_bytes(csv_bytes(rows), "qy.csv")
    ds = loaded(result)
    assert (ds.origin_labels, ds.development_ages) == (["2017", "2018"], [12, 24])
    # 2017: quarters 0-3 at 100+10k, then +50; 2018: quarters 4-7 at 100+10k
    assert cell(ds, "paid", "2017-01-01", 12) == 460
    assert cell(ds, "paid", "2017-01-01", 24) == 660
    assert ds.latest_totals() == {"paid": 660 + 620}
    assert warning(result, "origin-grouped").location.column == "accident_quarter"


def test_quarterly_grain_is_kept_when_the_user_sets_it():
    rows = [["accident_quarter", "valuation_date", "paid"], ["2017Q1", "2017-12-31", 1], ["2017Q2", "2018-12-31", 2]]
    rows += [["2017Q1", "2018-12-31", 3]]
    ds = loaded(load_bytes(csv_bytes(rows), "qy.csv", ColumnMapping(origin_grain="Q")))
    assert ds.origin_labels == ["2017Q1", "2017Q2"]


# ---------------------------------------------------------------------------- numbers
def test_formatted_amounts_blanks_and_accounting_negatives():
    case = {2015: [500, 200, "-", "n/a"], 2016: [600, "(1,234)", "1,000"], 2017: ["¥1,234,567", "RMB 2,000"]}
    case[2018] = ["$ 3,000.50"]
    rows = [["Accident Year", "Development", "Paid (CNY)", "Case Reserve (CNY)", "Loss Ratio"]]
    rows += [
        [y, 12 * (i + 1), f"{v * 1000:,}", case[y][i], "65.5%"] for y, vals in TRI.items() for i, v in enumerate(vals)
    ]
    result = load_bytes(csv_bytes(rows), "fmt.csv")
    ds = loaded(result)
    # case reserve: 2015 ends at 24 months (200), then 1,000 + 2,000 + 3,000.50
    assert ds.latest_totals() == {"paid": LATEST * 1000, "case_reserve": 6200.5}
    assert cell(ds, "case_reserve", "2017-01-01", 12) == 1234567
    assert warning(result, "negative").location == Location("fmt.csv", None, 7, "Case Reserve (CNY)")


def test_number_spellings():
    values = ["RMB 2,000", "CNY1,000", "1,234元", "¥(1,234)", "US$ 5", "１，２３４"]
    assert [parse_number(v) for v in values] == [2000, 1000, 1234, -1234, 5, 1234]


def test_semicolon_file_with_decimal_commas_is_refused_with_a_hint():
    rows = [["accident_year", "development", "paid"], *long_rows(value=lambda v: f"{v},50")]
    result = load_bytes(csv_bytes(rows, sep=";"), "eu.csv")
    first = result.report.errors[0]
    assert (first.rule, first.location) == ("bad-number", Location("eu.csv", None, 2, "paid"))
    assert first.message == "not a number: '1000,50' (a decimal comma? save the file with decimal points, e.g. 1234.50)"


def test_percent_amounts_are_refused_at_the_first_cell():
    rows = [["accident_year", "development", "paid"], *long_rows(value=lambda v: f"{v / 100:.2f}%")]
    first = load_bytes(csv_bytes(rows), "pct.csv").report.errors[0]
    assert (first.message, first.location) == ("not a number: '10.00%'", Location("pct.csv", None, 2, "paid"))


def test_excel_error_value_in_a_grid_is_refused_at_its_cell():
    rows = [["AY", 12, 24, 36, 48], *grid([2015, 2016, 2017, 2018])]
    rows[2][2] = "#DIV/0!"
    error = only_error(load_bytes(xlsx_bytes({"T": rows}), "err.xlsx"))
    assert (error.message, error.location) == ("not a number: '#DIV/0!'", Location("err.xlsx", "T", 3, "24"))


# ---------------------------------------------------------------------------- Chinese offices
CN_HEADER = [
    "机构",
    "险种",
    "事故年度 ",
    "评估日期",
    "已决赔款（元）",
    "已报案赔款（元）",
    "赔案件数",
    "已赚保费（元）",
]


def cn_rows() -> list[list[object]]:
    rows = [CN_HEADER]
    for branch in ["北京分公司", "上海分公司"]:
        rows += [
            [branch, "车险", f"{y}年", f"{y + i}年12月31日", f"{v:,}", f"{v + 500:,}", 10 + i, "8,000"]
            for y, vals in TRI.items()
            for i, v in enumerate(vals)
        ]
    return rows


def test_chinese_headers_in_a_gbk_file_are_mapped():
    source = read_source(csv_bytes(cn_rows(), "gbk"), "cn.csv")
    mapping = guess_mapping(source)
    assert (source.encoding, mapping.origin, mapping.valuation) == ("gb18030", "事故年度", "评估日期")
    assert mapping.values == (
        ("paid", "已决赔款（元）"),
        ("incurred", "已报案赔款（元）"),
        ("reported_count", "赔案件数"),
    )
    assert (mapping.segments, mapping.premium) == (("机构", "险种"), "已赚保费（元）")


def test_chinese_gbk_file_loads_with_counts_and_premium(tmp_path):
    path = tmp_path / "cn.csv"
    path.write_bytes(csv_bytes(cn_rows(), "gbk"))
    ds = loaded(load_path(path))
    assert ds.latest_totals() == {"paid": 2 * LATEST, "incurred": 2 * (LATEST + 2000), "reported_count": 2 * 46}
    assert ds.premium["premium"].sum() == 2 * 4 * 8000
    out = inspect(path, "--filter", "机构=上海分公司")
    assert out["latest"] == {"paid": LATEST, "incurred": LATEST + 2000, "reported_count": 46}


def test_chinese_title_full_width_digits_and_a_total_row(tmp_path):
    full = str.maketrans("0123456789,", "０１２３４５６７８９，")
    rows = [
        ["XX财产保险股份有限公司　已决赔款流量三角形（单位：万元）"],
        ["事故年度", "12个月", "24个月", "36个月", "48个月"],
    ]
    rows += grid([f"{y}年" for y in TRI], lambda v: f"{v:,}".translate(full))
    rows.append(["合计", "4,600"])
    path = tmp_path / "cn_title.csv"
    path.write_bytes(csv_bytes(rows, "gbk"))
    out = inspect(path)
    assert (out["latest"], out["origins"], out["development_ages"]) == ({"amount": LATEST}, YEARS, AGES)
    assert out["warnings"] == [
        "file 'cn_title.csv', row 7, column '事故年度': row '合计' looks like a total and is skipped"
    ]


# ---------------------------------------------------------------------------- workbooks
def test_premium_on_another_sheet():
    claims = [["accident_year", "development", "paid"], *long_rows()]
    premium = [["Accident Year", "Earned Premium"], *[[y, 5000 + 100 * k] for k, y in enumerate(TRI)], ["Total", 20600]]
    result = load_bytes(
        xlsx_bytes({"Claims": claims, "Premium": premium}), "p.xlsx", ColumnMapping(premium_source="Premium")
    )
    ds = loaded(result)
    assert list(ds.premium["premium"]) == [5000, 5100, 5200, 5300]
    assert ds.latest_totals() == {"paid": LATEST}


def test_stacked_triangles_on_one_sheet_are_refused_at_the_second_header():
    rows = [["Paid"], ["AY", 12, 24, 36, 48], *grid(list(TRI)), [], ["Incurred"], ["AY", 12, 24, 36, 48]]
    rows += grid(list(TRI), lambda v: v + 400)
    error = only_error(load_bytes(xlsx_bytes({"Sheet1": rows}), "stacked.xlsx"))
    assert error.rule == "repeated-header"
    assert error.location == Location("stacked.xlsx", "Sheet1", 9)
    assert error.message.startswith("this row repeats the header of row 2: the sheet holds more than one table")


def test_two_csv_exports_pasted_together_are_refused_at_the_second_header():
    body = long_rows()
    rows = [["accident_year", "development", "paid"], *body[:5], ["accident_year", "development", "paid"], *body[5:]]
    error = only_error(load_bytes(csv_bytes(rows), "joined.csv"))
    assert (error.rule, error.location) == ("repeated-header", Location("joined.csv", None, 7))


def test_cover_sheet_first_names_the_other_sheets():
    book = xlsx_bytes({"Cover": [["Reserving data pack"], ["Prepared by: Actuarial"]], "Paid": [["AY", 12, 24]]})
    first = load_bytes(book, "pack.xlsx").report.errors[0]
    assert first.location == Location("pack.xlsx", "Cover")
    assert first.message.endswith("; the workbook also has the sheet(s) ['Paid']")


def test_segment_blocks_under_one_header_point_at_the_headings():
    rows = [["AY", "12", "24", "36", "48"], ["Motor"], *grid(list(TRI)), ["Property"], *grid(list(TRI))]
    result = load_bytes(csv_bytes(rows), "blocks.csv")
    first = result.report.errors[0]
    assert (first.rule, first.location) == ("duplicate-cell", Location("blocks.csv", None, 8, "12"))
    assert "the skipped rows ['Motor', 'Property'] may head blocks of one segment" in first.message


# ---------------------------------------------------------------------------- segments
def test_a_segment_with_a_single_origin_loads_with_a_warning():
    rows = [["line", "branch", "accident_year", "development_age", "paid", "incurred"]]
    for line in ["Motor", "Property"]:
        rows += [[line, "BJ", y, 12 * (i + 1), v, v + 300] for y, vals in TRI.items() for i, v in enumerate(vals)]
    rows.append(["Cargo", "SH", 2018, 12, 50, 80])
    result = load_bytes(csv_bytes(rows), "seg.csv")
    ds = loaded(result)
    assert ds.latest_totals() == {"paid": 2 * LATEST + 50, "incurred": 2 * (LATEST + 1200) + 80}
    assert warning(result, "single-origin-segment").message == (
        "segment line=Cargo, branch=SH has a single origin (2018): a method cannot develop it on its own"
    )


# ---------------------------------------------------------------------------- movements
def listing(id_header: str, ids) -> tuple[bytes, pd.DataFrame]:
    rnd = random.Random(1)
    records = []
    for claim in range(40):
        year = rnd.choice(list(TRI))
        accident = dt.date(year, rnd.randint(1, 12), rnd.randint(1, 28))
        for _ in range(rnd.randint(1, 3)):
            paid_year = min(2018, year + rnd.randint(0, 3))
            payment = max(dt.date(paid_year, rnd.randint(1, 12), rnd.randint(1, 28)), accident)
            records.append([ids(claim), accident.isoformat(), payment.isoformat(), rnd.randint(1, 50) * 100])
    frame = pd.DataFrame(records, columns=[id_header, "accident_date", "payment_date", "amount"])
    return csv_bytes([list(frame.columns), *frame.values.tolist()]), frame


@pytest.mark.parametrize(
    ("id_header", "ids"), [("claim_id", lambda c: f"CLM{c:04d}"), ("Claim No", lambda c: 100000 + c)]
)
def test_a_payment_listing_becomes_a_paid_triangle(id_header, ids):
    data, frame = listing(id_header, ids)
    result = load_bytes(data, "tx.csv")
    ds = loaded(result)
    assert ds.measures == ("paid",)
    assert (ds.origin_labels, ds.development_ages) == (YEARS, AGES)
    ay = pd.to_datetime(frame["accident_date"]).dt.year
    py = pd.to_datetime(frame["payment_date"]).dt.year
    by_origin = frame.groupby(ay)["amount"].sum()
    assert ds.latest("paid").tolist() == by_origin.tolist()
    assert ds.latest_totals() == {"paid": float(frame["amount"].sum())}
    within_a_year = frame[(ay == 2016) & (py == 2016)]["amount"].sum()
    assert cell(ds, "paid", "2016-01-01", 12) == within_a_year
    assert warning(result, "incremental").location.column == "payment_date"
    assert f"columns not used: ['{id_header}']" in warning(result, "unused-column").message


def test_a_payment_listing_mapped_by_hand_as_cumulative_explains_the_duplicates():
    data, _ = listing("claim_id", lambda c: f"C{c}")
    mapping = ColumnMapping(valuation="payment_date", values=(("paid", "amount"),))
    first = load_bytes(data, "tx.csv", mapping).report.errors[0]
    assert first.rule == "duplicate-cell"
    assert first.message.endswith("; if the rows are single payments, load the values as incremental")


def test_identifier_columns_are_never_measures():
    names = ["Claim No", "claim_id", "ClaimID", "赔案号", "Policy Number", "incremental_paid", "Paid", "amount"]
    assert [is_identifier(n) for n in names] == [True, True, True, True, True, False, False, False]


def test_an_incremental_paid_column_is_accumulated():
    rows = [["accident_year", "development", "incremental_paid"]]
    for y, vals in TRI.items():
        rows += [[y, 12 * (i + 1), v - ([0, *vals][i])] for i, v in enumerate(vals)]
    result = load_bytes(csv_bytes(rows), "inc.csv")
    ds = loaded(result)
    assert ds.latest_totals() == {"paid": LATEST}
    assert cell(ds, "paid", "2015-01-01", 36) == 2100
    assert "hold the movements of each period" in warning(result, "incremental").message


# ---------------------------------------------------------------------------- more spellings
def test_month_names_as_excel_shows_them():
    rows = [["Accident Month", "Valuation Date", "Paid"]]
    ends = ["31-Jan-18", "28-Feb-18", "31-Mar-18", "30-Apr-18"]
    for k, month in enumerate(["Jan-18", "Feb-18", "Mar-18", "Apr-18"]):
        rows += [[month, ends[j], 10 * (k + 1) + j] for j in range(k, 4)]
    ds = loaded(load_bytes(csv_bytes(rows), "m.csv"))
    assert (ds.origin_grain, ds.development_grain) == ("M", "M")
    assert (ds.origin_labels, ds.development_ages) == (["2018-01", "2018-02", "2018-03", "2018-04"], [1, 2, 3, 4])
    assert ds.latest_totals() == {"paid": 13 + 23 + 33 + 43}


def test_named_month_and_quarter_first_spellings():
    values = ["Dec 31, 2018", "31-Dec-2018", "January 2018", "2018-Sep", "1Q18", "4Q2018"]
    parsed = [(p.ts, p.grain) for p in map(parse_period, values)]
    assert parsed == [
        (pd.Timestamp("2018-12-31"), "D"),
        (pd.Timestamp("2018-12-31"), "D"),
        (pd.Timestamp("2018-01-01"), "M"),
        (pd.Timestamp("2018-09-01"), "M"),
        (pd.Timestamp("2018-01-01"), "Q"),
        (pd.Timestamp("2018-10-01"), "Q"),
    ]
    with pytest.raises(ParseError, match="not a valid date: '30-Feb-18'"):
        parse_period("30-Feb-18")


def test_apostrophe_and_space_thousands():
    assert [parse_number(v) for v in ["1'234'567.5", "1’000", "1 234 567"]] == [1234567.5, 1000, 1234567]


@pytest.mark.parametrize(
    ("header", "age"),
    [(["AY", 0, 12, 24, 36], None), (["accident_year", "development", "paid"], lambda i: 12 * i)],
)
def test_ages_from_zero_in_steps_of_twelve_are_refused(header, age):
    rows = [header, *(grid(list(TRI)) if age is None else long_rows(age=age))]
    error = only_error(load_bytes(csv_bytes(rows), "zero.csv"))
    assert error.rule == "bad-development"
    assert error.location.column == (None if age is None else "development")
    assert error.message.startswith("development ages [0, 12, 24, 36]... are neither months")


def test_wide_grid_with_a_segment_column():
    rows = [["险种", "事故年度", "12", "24", "36", "48"]]
    rows += [["车险", *r] for r in grid(list(TRI))] + [["财产险", *r] for r in grid(list(TRI), lambda v: 2 * v)]
    ds = loaded(load_bytes(csv_bytes(rows), "seg.csv"))
    assert ds.segments == ("险种",)
    assert ds.latest_totals() == {"amount": 3 * LATEST}
    assert cell(ds.filter({"险种": "财产险"}), "amount", "2017-01-01", 24) == 4300


def test_premium_file_with_chinese_header_and_a_total_row():
    premium = csv_bytes([["事故年度", "已赚保费"], *[[f"{y}年", "5,000"] for y in TRI], ["合计", "20,000"]], "gbk")
    claims = csv_bytes([["accident_year", "development", "paid"], *long_rows()])
    result = load_bytes(claims, "c.csv", premium=(premium, "prem.csv"))
    ds = loaded(result)
    assert ds.premium["premium"].tolist() == [5000, 5000, 5000, 5000]
    assert warning(result, "total-row").location == Location("prem.csv", None, 6, "事故年度")


def test_a_blank_line_and_a_chinese_footnote_in_a_long_file():
    body = long_rows()
    rows = [["accident_year", "development", "paid"], *body[:5], [], *body[5:], ["注：数据来源于理赔系统"]]
    result = load_bytes(csv_bytes(rows), "n.csv")
    assert loaded(result).latest_totals() == {"paid": LATEST}
    assert warning(result, "note-row").location == Location("n.csv", None, 13, "accident_year")


# ---------------------------------------------------------------------------- calendar grids
def calendar_grid(headers: list[object], left_aligned: bool = False) -> list[list[object]]:
    pad = {y: [""] * (y - 2015) for y in TRI}
    body = [[y, *v, *pad[y]] if left_aligned else [y, *pad[y], *v] for y, v in TRI.items()]
    return [["事故年度", *headers], *body]


@pytest.mark.parametrize(
    ("headers", "make"),
    [
        (["2015", "2016", "2017", "2018"], csv_bytes),
        ([dt.datetime(y, 12, 31) for y in TRI], lambda rows: xlsx_bytes({"评估": rows})),
    ],
)
def test_a_grid_of_origins_by_valuation_year(headers, make):
    ds = loaded(
        load_bytes(make(calendar_grid(headers)), "cal.xlsx" if isinstance(headers[0], dt.datetime) else "cal.csv")
    )
    assert (ds.origin_labels, ds.development_ages) == (YEARS, AGES)
    assert ds.latest_totals() == {"amount": LATEST}
    assert cell(ds, "amount", "2016-01-01", 24) == 2000


def test_a_calendar_grid_filled_from_the_left_is_refused_at_its_first_cell():
    result = load_bytes(csv_bytes(calendar_grid(["2015", "2016", "2017", "2018"], left_aligned=True)), "left.csv")
    first = result.report.errors[0]
    assert (first.rule, first.location) == ("valuation-before-origin", Location("left.csv", None, 3, "2015"))
    assert first.message.startswith(
        "the valuation 2015-12-31 is before its origin 2016 (if the columns are development"
    )
