"""Cell parsers: numbers, origin/valuation periods, development ages, grain of date columns."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from reserving.parsing import (
    DAY,
    ParseError,
    age_header,
    common_label_grain,
    day_first_of,
    grain_of_dates,
    parse_age,
    parse_number,
    parse_period,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1,234", 1234.0),
        (" 1,234,567.50 ", 1234567.5),
        ("(123)", -123.0),
        ("（1,000）", -1000.0),
        ("１２３４", 1234.0),
        ("-5.5", -5.5),
        ("+7", 7.0),
        ("¥1,000", 1000.0),
        (42, 42.0),
        (3.25, 3.25),
        ("1e3", 1000.0),
    ],
)
def test_parse_number_accepts_office_formats(raw, expected):
    assert parse_number(raw) == expected


@pytest.mark.parametrize("raw", ["", "  ", "-", "—", None, float("nan"), "nan"])
def test_parse_number_missing_is_none(raw):
    assert parse_number(raw) is None


@pytest.mark.parametrize("raw", ["abc", "12a", "1,23", "#DIV/0!", True])
def test_parse_number_rejects_text(raw):
    with pytest.raises(ParseError, match="not a number"):
        parse_number(raw)


@pytest.mark.parametrize(
    ("raw", "start", "grain"),
    [
        (1998, "1998-01-01", "Y"),
        (1998.0, "1998-01-01", "Y"),
        ("1998", "1998-01-01", "Y"),
        ("1998年", "1998-01-01", "Y"),
        ("1998年度", "1998-01-01", "Y"),
        ("AY1998", "1998-01-01", "Y"),
        ("ay 1998", "1998-01-01", "Y"),
        ("2019H1", "2019-01-01", "S"),
        ("2019S2", "2019-07-01", "S"),
        ("2019上半年", "2019-01-01", "S"),
        ("2019年下半年", "2019-07-01", "S"),
        ("2019Q1", "2019-01-01", "Q"),
        ("2019 Q3", "2019-07-01", "Q"),
        ("2019-Q4", "2019-10-01", "Q"),
        ("2019q2", "2019-04-01", "Q"),
        ("2019年第1季度", "2019-01-01", "Q"),
        ("2019年3季度", "2019-07-01", "Q"),
        ("2019年第二季度", "2019-04-01", "Q"),
        ("２０１９Ｑ１", "2019-01-01", "Q"),
        ("2019-03", "2019-03-01", "M"),
        ("201903", "2019-03-01", "M"),
        (201903, "2019-03-01", "M"),
        ("2019/03", "2019-03-01", "M"),
        ("2019/3", "2019-03-01", "M"),
        ("2019年3月", "2019-03-01", "M"),
    ],
)
def test_parse_period_labels(raw, start, grain):
    parsed = parse_period(raw)
    assert parsed is not None
    assert (parsed.ts, parsed.grain) == (pd.Timestamp(start), grain)


@pytest.mark.parametrize(
    ("raw", "date"),
    [
        (dt.datetime(2019, 3, 31, 0, 0), "2019-03-31"),
        (pd.Timestamp("2019-03-31"), "2019-03-31"),
        (dt.date(2019, 3, 31), "2019-03-31"),
        ("2019-03-31", "2019-03-31"),
        ("2019-03-31 00:00:00", "2019-03-31"),
        ("2019/3/31", "2019-03-31"),
        ("2019年3月31日", "2019-03-31"),
        ("31/03/2019", "2019-03-31"),
        ("03/31/2019", "2019-03-31"),
        ("20190331", "2019-03-31"),
        ("05/05/2019", "2019-05-05"),
    ],
)
def test_parse_period_dates(raw, date):
    parsed = parse_period(raw)
    assert parsed is not None
    assert (parsed.ts, parsed.grain) == (pd.Timestamp(date), DAY)


def test_ambiguous_day_month_is_rejected_unless_the_column_settles_it():
    with pytest.raises(ParseError, match="ambiguous date '03/04/2019'"):
        parse_period("03/04/2019")
    assert parse_period("03/04/2019", day_first=True).ts == pd.Timestamp("2019-04-03")
    assert parse_period("03/04/2019", day_first=False).ts == pd.Timestamp("2019-03-04")


def test_day_first_of_a_column():
    assert day_first_of(["03/04/2019", "31/12/2019"]) is True
    assert day_first_of(["03/04/2019", "12/31/2019"]) is False
    assert day_first_of(["03/04/2019", "2019-01-01", 5]) is None
    with pytest.raises(ParseError, match="mix day-first"):
        day_first_of(["31/01/2019", "01/31/2019"])


@pytest.mark.parametrize("raw", ["20X8", "Q5 2019", "2019Q5", "2019-13", "12", "hello", "2019/02/30"])
def test_parse_period_rejects(raw):
    with pytest.raises(ParseError):
        parse_period(raw)


def test_parse_period_missing():
    assert parse_period("") is None
    assert parse_period(None) is None
    assert parse_period(pd.NaT) is None


def test_common_label_grain():
    assert common_label_grain(["Q", "Q"]) == "Q"
    assert common_label_grain([DAY, DAY]) is None
    with pytest.raises(ParseError, match="mixes quarter and year"):
        common_label_grain(["Y", "Q"])


@pytest.mark.parametrize(
    ("dates", "at_end", "grain"),
    [
        (["2018-12-31", "2019-12-31"], True, "Y"),
        (["2019-06-30", "2019-12-31"], True, "S"),
        (["2019-03-31", "2019-06-30", "2019-12-31"], True, "Q"),
        (["2019-01-31", "2019-02-28"], True, "M"),
        (["2019-01-01", "2020-01-01"], False, "Y"),
        (["2019-01-01", "2019-04-01"], False, "Q"),
        (["2019-12-31", "2020-12-31"], False, "Y"),
        (["2019-02-14", "2019-11-30"], False, None),
    ],
)
def test_grain_of_dates(dates, at_end, grain):
    assert grain_of_dates([pd.Timestamp(d) for d in dates], at_end) == grain


def test_grain_of_valuation_dates_is_capped_by_the_origin_grain():
    assert grain_of_dates([pd.Timestamp("2018-12-31"), pd.Timestamp("2019-12-31")], True, finest=3) == "Q"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (12, (12, None)),
        ("12", (12, None)),
        (12.0, (12, None)),
        ("12m", (12, "months")),
        ("12 months", (12, "months")),
        ("12个月", (12, "months")),
        ("1年", (1, "years")),
        ("第2年", (2, "years")),
        ("dev 3", (3, None)),
        ("0", (0, None)),
    ],
)
def test_parse_age(raw, expected):
    assert parse_age(raw) == expected


@pytest.mark.parametrize("raw", ["12.5", "-1", "abc", -3])
def test_parse_age_rejects(raw):
    with pytest.raises(ParseError, match="not a development age"):
        parse_age(raw)


def test_age_header_is_none_for_other_headers():
    assert age_header("AY") is None
    assert age_header("paid") is None
    assert age_header("24m") == (24, "months")
