"""Reading single cells: numbers, origin and valuation periods, development ages.

Office files write the same thing many ways (``1,234``, ``(1,234)``, ``１２３４``; ``2019Q1``,
``2019年第1季度``; ``31/03/2019``). Each parser here turns one cell into a plain value or
raises `ParseError` with a message the user can act on; the caller adds the row and column.
A missing cell (empty, ``-``) is ``None``, never an error, so that the caller decides whether
a gap matters.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from reserving.grains import GRAIN_MONTHS, GRAIN_NAMES

MISSING_TOKENS = frozenset({"", "-", "--", "–", "—", "nan", "none", "null", "n/a", "#n/a", "na"})
DAY = "D"
"""Pseudo-grain of a parsed value that is a calendar date rather than a period label."""

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")
_GROUPED_QUOTE = re.compile(r"[+-]?\d{1,3}(?:['’]\d{3})+(?:\.\d*)?")
_DECIMAL_COMMA = re.compile(r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+),\d+")
_CURRENCY = re.compile(r"^(?:RMB|CNY|USD|EUR|GBP|HKD|JPY|US\$|HK\$)|(?:RMB|CNY|USD|EUR|GBP|HKD|JPY|元)$", re.IGNORECASE)
_CURRENCY_SIGNS = "¥$€£"
EXCEL_SERIAL_RANGE = (18264, 73415)
"""Excel day numbers read as dates when a whole column holds them: 1950-01-01 to 2100-12-31."""
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_YEAR_PREFIX = r"(?:AY|UY|PY|FY|CY|UWY|YEAR|Y)?"


class ParseError(ValueError):
    """A cell that cannot be read; the message quotes the value and says what was expected."""


@dataclass(frozen=True)
class ParsedTime:
    """A parsed origin or valuation: a period label (grain Y/S/Q/M, `ts` = period start) or a date.

    For a date the grain is `DAY` and `ts` is the date itself, so the caller can choose the grain
    from the whole column (dates on quarter ends suggest quarters, arbitrary days suggest a
    listing of claims).
    """

    ts: pd.Timestamp
    grain: str


def normalise_text(value: object) -> str:
    """NFKC-normalised, stripped text: full-width digits, letters and punctuation become ASCII.

    A byte-order mark (U+FEFF) is dropped wherever it sits: files joined from several UTF-8
    exports carry one at the start of a line, and it is invisible in every editor.
    """
    return unicodedata.normalize("NFKC", str(value)).replace("\ufeff", "").strip()


def is_missing(value: object) -> bool:
    """Whether a cell is empty: None, NaN/NaT, blank text or a dash."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if value is pd.NaT or (isinstance(value, np.datetime64) and np.isnat(value)):
        return True
    try:
        if pd.isna(value) is True:
            return True
    except (TypeError, ValueError):
        pass
    if isinstance(value, str):
        return normalise_text(value).lower() in MISSING_TOKENS
    return False


# ---------------------------------------------------------------------------- numbers
def parse_number(value: object) -> float | None:
    """Read an amount or count.

    Accepts thousands separators (``1,234``), full-width digits, accounting negatives
    ``(123)``, currency signs and codes (``¥``, ``RMB 1,234``, ``1,234元``) and surrounding
    spaces. Returns None for a missing cell. A decimal comma (``1.234,50``) is refused, with
    a hint, rather than guessed: ``1,234`` means a thousand and more in the same files.

    Raises
    ------
    ParseError
        When the cell holds text that is not a number.
    """
    if is_missing(value):
        return None
    if isinstance(value, bool):
        raise ParseError(f"not a number: '{value}'")
    if isinstance(value, int | float | np.integer | np.floating):
        if not math.isfinite(value):
            raise ParseError(f"not a finite number: '{value}'")
        return float(value)
    if isinstance(value, dt.date | pd.Timestamp):
        raise ParseError(f"not a number: a date ('{value}')")
    text = normalise_text(value).replace(" ", "")
    negative = False
    if len(text) > 2 and text[0] == "(" and text[-1] == ")":
        negative, text = True, text[1:-1]
    text = _CURRENCY.sub("", text)
    for sign in _CURRENCY_SIGNS:
        text = text.replace(sign, "")
    if len(text) > 2 and text[0] == "(" and text[-1] == ")" and not negative:
        negative, text = True, text[1:-1]  # "¥(1,234)": the sign sits outside the brackets
    if _GROUPED.fullmatch(text):
        text = text.replace(",", "")
    elif _GROUPED_QUOTE.fullmatch(text):
        text = text.replace("'", "").replace("’", "")
    if not _NUMBER.fullmatch(text.lower()):
        if _DECIMAL_COMMA.fullmatch(text):
            raise ParseError(
                f"not a number: '{value}' (a decimal comma? save the file with decimal points, e.g. 1234.50)"
            )
        raise ParseError(f"not a number: '{value}'")
    number = float(text)
    if not math.isfinite(number):
        raise ParseError(f"not a finite number: '{value}'")
    return -number if negative else number


# ---------------------------------------------------------------------------- periods
_HALF = (
    re.compile(r"(\d{4})\s*年?\s*[-/ _]?\s*[HS]\s*([12])"),
    re.compile(r"[HS]([12])\s*[-/ _]?\s*(\d{4})", re.IGNORECASE),
)
_HALF_CN = re.compile(r"(\d{4})\s*年?\s*(上|下)半年(?:度)?")
_QUARTER = (
    re.compile(r"(\d{4})\s*年?\s*[-/ _]?\s*Q\s*([1-4])"),
    re.compile(r"Q([1-4])\s*[-/ _]?\s*(\d{4})"),
)
_QUARTER_CN = re.compile(r"(\d{4})\s*年\s*第?\s*([1-4一二三四])\s*季(?:度)?")
_MONTH = (
    re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})"),
    re.compile(r"(\d{4})(\d{2})"),
    re.compile(r"(\d{4})\s*M\s*(\d{1,2})"),
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月份?"),
)
_YEAR = re.compile(_YEAR_PREFIX + r"\s*[-_ ]?\s*(\d{4})(?:\.0+)?\s*(?:年度|年)?")
_ISO_DATE = re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_CN_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MON = r"([a-z]{3,9})\.?"
_NAMED_DAY = re.compile(r"(\d{1,2})\s*[-/ ]\s*" + _MON + r"\s*[-/ ,]\s*(\d{4}|\d{2})")
_NAMED_DAY_US = re.compile(_MON + r"\s*(\d{1,2})\s*,?\s*(\d{4})")
_NAMED_MONTH = re.compile(_MON + r"\s*[-/ ,]?\s*(\d{4}|\d{2})")
_NAMED_MONTH_ISO = re.compile(r"(\d{4})\s*[-/ ]\s*" + _MON)
_QUARTER_FIRST = re.compile(r"([1-4])\s*Q\s*(\d{4}|\d{2})")
_DMY = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")


def _full_year(text: str) -> int:
    """Four-digit year of ``2018`` or of Excel's two-digit ``18`` (00-29 are 2000s, 30-99 are 1900s)."""
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 30 else 1900
    return year


def _named(value: object, text: str) -> ParsedTime | None:
    """Read dates and months written with a month name: ``31-Dec-18``, ``Dec 31, 2018``, ``Jan-18``, ``2018-Jan``."""
    lower = text.lower()
    if (match := _NAMED_DAY.fullmatch(lower)) and match.group(2) in _MONTH_NAMES:
        return _date(_full_year(match.group(3)), _MONTH_NAMES[match.group(2)], int(match.group(1)), value)
    if (match := _NAMED_DAY_US.fullmatch(lower)) and match.group(1) in _MONTH_NAMES:
        return _date(int(match.group(3)), _MONTH_NAMES[match.group(1)], int(match.group(2)), value)
    if (match := _NAMED_MONTH.fullmatch(lower)) and match.group(1) in _MONTH_NAMES:
        return _period(_full_year(match.group(2)), _MONTH_NAMES[match.group(1)], "M", value)
    if (match := _NAMED_MONTH_ISO.fullmatch(lower)) and match.group(2) in _MONTH_NAMES:
        return _period(int(match.group(1)), _MONTH_NAMES[match.group(2)], "M", value)
    if match := _QUARTER_FIRST.fullmatch(text.upper()):
        return _period(_full_year(match.group(2)), (int(match.group(1)) - 1) * 3 + 1, "Q", value)
    return None


def _year_ok(year: int) -> bool:
    return 1900 <= year <= 2200


def _date(year: int, month: int, day: int, raw: object) -> ParsedTime:
    if not _year_ok(year):  # also keeps period ends and ages inside pandas' range (year 2262)
        raise ParseError(f"not a valid date: '{raw}' (years 1900 to 2200 are accepted)")
    try:
        return ParsedTime(pd.Timestamp(year=year, month=month, day=day), DAY)
    except ValueError as exc:
        raise ParseError(f"not a valid date: '{raw}'") from exc


def _period(year: int, month: int, grain: str, raw: object) -> ParsedTime:
    if not _year_ok(year) or not 1 <= month <= 12:
        raise ParseError(f"not a valid period: '{raw}'")
    return ParsedTime(pd.Timestamp(year=year, month=month, day=1), grain)


def day_first_of(values: Iterable[object]) -> bool | None:
    """Work out whether a column writes dates day-first (``31/03/2019``) or month-first.

    Returns True or False when some value settles it (a first number above 12 means
    day-first), None when no value does.

    Raises
    ------
    ParseError
        When the column holds both orders.
    """
    day_first = month_first = None
    for value in values:
        if not isinstance(value, str):
            continue
        match = _DMY.fullmatch(normalise_text(value))
        if not match:
            continue
        first, second = int(match.group(1)), int(match.group(2))
        if first > 12 and day_first is None:
            day_first = value
        if second > 12 and month_first is None:
            month_first = value
    if day_first is not None and month_first is not None:
        raise ParseError(f"dates mix day-first ('{day_first}') and month-first ('{month_first}') order")
    if day_first is not None:
        return True
    if month_first is not None:
        return False
    return None


def excel_serial_column(values: Iterable[object]) -> bool:
    """Whether a column holds Excel day numbers (``42005`` for 2015-01-01) rather than periods.

    A workbook cell formatted as "General" shows a date as its serial number, and a CSV
    exported from it keeps the number. Such a value never reads as a year (four digits) or a
    month (``201903``), so a column whose every value is a five-digit whole number in
    `EXCEL_SERIAL_RANGE` is taken as serials; one other value and the column is not.
    """
    seen = False
    for value in values:
        if is_missing(value):
            continue
        number = _whole_number(value)
        if number is None or not EXCEL_SERIAL_RANGE[0] <= number <= EXCEL_SERIAL_RANGE[1]:
            return False
        seen = True
    return seen


def _whole_number(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return int(value) if math.isfinite(value) and float(value).is_integer() else None
    if isinstance(value, str):
        text = normalise_text(value)
        text = text[:-2] if text.endswith(".0") else text
        return int(text) if text.isdigit() else None
    return None


def parse_period(value: object, day_first: bool | None = None, *, serial: bool = False) -> ParsedTime | None:
    """Read an origin or valuation cell: a year, half-year, quarter, month or date.

    Parameters
    ----------
    value : object
        The cell as read (number, text, datetime).
    day_first : bool or None
        Order of ``dd/mm/yyyy`` style dates, from `day_first_of` over the column; None means
        unknown, and a date whose two readings differ is then rejected as ambiguous.
    serial : bool
        Read whole numbers as Excel day numbers (`excel_serial_column` said the column holds them).

    Returns
    -------
    ParsedTime or None
        None for a missing cell.

    Raises
    ------
    ParseError
        When the value is not a period or date, or is an ambiguous date.
    """
    if is_missing(value):
        return None
    if isinstance(value, pd.Timestamp | dt.datetime | dt.date | np.datetime64):
        try:
            ts = pd.Timestamp(value)
        except (ValueError, OverflowError) as exc:
            raise ParseError(f"not a valid date: '{value}' (years 1900 to 2200 are accepted)") from exc
        return _date(ts.year, ts.month, ts.day, value)
    if isinstance(value, bool):
        raise ParseError(f"not a period or date: '{value}'")
    if serial and (number := _whole_number(value)) is not None:
        ts = _EXCEL_EPOCH + pd.Timedelta(days=number)
        return _date(ts.year, ts.month, ts.day, value)
    if isinstance(value, int | float | np.integer | np.floating):
        if float(value) != int(value):
            raise ParseError(f"not a period or date: '{value}'")
        value = str(int(value))
    text = normalise_text(value)
    upper = text.upper()
    if match := _ISO_DATE.fullmatch(text) or _CN_DATE.fullmatch(text):
        return _date(int(match.group(1)), int(match.group(2)), int(match.group(3)), value)
    if match := _DMY.fullmatch(text):
        first, second, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
        if day_first is None:
            if first > 12:
                day_first = True
            elif second > 12 or first == second:
                day_first = False
            else:
                raise ParseError(
                    f"ambiguous date '{value}': it could be day {first} of month {second} or month {first}"
                    f" day {second}; write dates as YYYY-MM-DD"
                )
        day, month = (first, second) if day_first else (second, first)
        return _date(year, month, day, value)
    if (match := _COMPACT_DATE.fullmatch(text)) and _year_ok(int(match.group(1))):
        return _date(int(match.group(1)), int(match.group(2)), int(match.group(3)), value)
    for pattern in _QUARTER:
        if match := pattern.fullmatch(upper):
            year, quarter = (match.group(1), match.group(2)) if pattern is _QUARTER[0] else match.group(2, 1)
            return _period(int(year), (int(quarter) - 1) * 3 + 1, "Q", value)
    if match := _QUARTER_CN.fullmatch(text):
        quarter = _CN_DIGITS.get(match.group(2)) or int(match.group(2))
        return _period(int(match.group(1)), (quarter - 1) * 3 + 1, "Q", value)
    for pattern in _HALF:
        if match := pattern.fullmatch(upper):
            year, half = (match.group(1), match.group(2)) if pattern is _HALF[0] else match.group(2, 1)
            return _period(int(year), (int(half) - 1) * 6 + 1, "S", value)
    if match := _HALF_CN.fullmatch(text):
        return _period(int(match.group(1)), 1 if match.group(2) == "上" else 7, "S", value)
    if match := _YEAR.fullmatch(upper):
        year = int(match.group(1))
        if _year_ok(year):
            return _period(year, 1, "Y", value)
    for pattern in _MONTH:
        if (match := pattern.fullmatch(upper)) and _year_ok(int(match.group(1))):
            return _period(int(match.group(1)), int(match.group(2)), "M", value)
    if (named := _named(value, text)) is not None:
        return named
    raise ParseError(f"not a period or date: '{value}' (expected e.g. 2019, 2019Q1, 2019-03 or 2019-03-31)")


def common_label_grain(grains: Iterable[str]) -> str | None:
    """Return the single label grain of a column (None when it holds dates only).

    Raises
    ------
    ParseError
        When labels of different grains (or labels and dates) are mixed.
    """
    found = set(grains)
    if not found:
        return None
    if len(found) > 1:
        names = sorted(GRAIN_NAMES.get(g, "date") for g in found)
        raise ParseError(f"the column mixes {' and '.join(names)} values")
    only = found.pop()
    return None if only == DAY else only


def grain_of_dates(dates: Iterable[pd.Timestamp], at_end: bool, finest: int = 12) -> str | None:
    """Grain suggested by a set of dates lying on period boundaries, or None for arbitrary days.

    Origin dates are read as period starts or ends (``2019-01-01`` or ``2019-12-31`` for 2019);
    valuation dates as period ends. The grain is the coarsest one whose boundaries every date
    sits on and that is no coarser than `finest` months. Dates on other days of the month
    (a claims listing) return None: the caller then picks a grain and says so.
    """
    months: set[int] = set()
    for ts in dates:
        first = ts.day == 1
        last = ts.is_month_end
        if not (first or last):
            return None
        months.add(ts.year * 12 + ts.month - 1)
        if at_end and not last:
            return None
    if not months:
        return None
    for code in ("Y", "S", "Q", "M"):
        size = GRAIN_MONTHS[code]
        if size > finest:
            continue
        starts = all(m % size == 0 for m in months)
        ends = all((m + 1) % size == 0 for m in months)
        if ends if at_end else (starts or ends):
            return code
    return "M"


# ---------------------------------------------------------------------------- ages
_AGE = re.compile(
    r"(?:(?:dev(?:elopment)?|age|lag|period)\s*[-_ ]?\s*|第\s*|((?:dev(?:elopment)?\s*)?(?:year|yr|dy))\s*[-_ ]?\s*)?"
    r"(?:(\d+)\s*(?:-|~|～|–|to|至)\s*)?"
    r"(\d+(?:\.0+)?)\s*"
    r"(m|mo|mos|mth|mths|month|months|个月|月|y|yr|yrs|year|years|年|期|p|period|periods)?",
)
_MONTH_UNITS = frozenset({"m", "mo", "mos", "mth", "mths", "month", "months", "个月", "月"})
_PERIOD_UNITS = frozenset({"期", "p", "period", "periods"})


def parse_age(value: object) -> tuple[int, str | None] | None:
    """Read a development age: ``12``, ``12m``, ``12个月``, ``1年``, ``第1年``, ``第1期``, ``dev 3``.

    A span ``0-12`` or ``12-24`` (a development interval, as some grids head their columns)
    reads as the age at its end; `age_range` tells the caller it was a span.

    Returns
    -------
    (number, unit) or None
        `unit` is "months", "years" or "periods" when the cell says so, None for a bare
        number (whose unit the caller infers); None for a missing cell.

    Raises
    ------
    ParseError
        When the cell is not a non-negative whole number of periods.
    """
    if is_missing(value):
        return None
    if isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool):
        if float(value) != int(value) or value < 0:
            raise ParseError(f"not a development age: '{value}' (expected a whole number of months or periods)")
        return int(value), None
    match = _AGE.fullmatch(normalise_text(value).lower())
    if not match or (match.group(2) is not None and int(match.group(2)) >= float(match.group(3))):
        raise ParseError(f"not a development age: '{value}' (expected e.g. 12, 24 or 12m)")
    unit = match.group(4)
    if unit is None:
        kind = "years" if match.group(1) else None  # "Year 2", "DY 2": the second development year
    elif unit in _MONTH_UNITS:
        kind = "months"
    else:
        kind = "periods" if unit in _PERIOD_UNITS else "years"
    return int(float(match.group(3))), kind


def age_range(value: object) -> tuple[int, int] | None:
    """Return the (start, end) of an age written as a span (``12-24``); None for a single age or no age."""
    if not isinstance(value, str):
        return None
    match = _AGE.fullmatch(normalise_text(value).lower())
    if not match or match.group(2) is None:
        return None
    return int(match.group(2)), int(float(match.group(3)))


def age_header(name: object) -> tuple[int, str | None] | None:
    """`parse_age` for a wide file's header cell; None when the header is not an age."""
    try:
        parsed = parse_age(name)
    except ParseError:
        return None
    if parsed is None or parsed[0] > 1200:
        return None
    return parsed
