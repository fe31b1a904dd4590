"""Guessing which column holds what, from English and Chinese column names and the table's shape.

Names are compared after normalisation (NFKC, lower case, no spaces, underscores,
punctuation or bracketed units), so ``Accident Year``, ``accident_year``, ``ACCIDENT-YEAR``
and ``事故年度（万元）`` all meet their synonym. A mapping given by hand always wins: guessing
only fills the fields left as None, and never reuses a column the user has mapped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import replace

from reserving.mapping import ColumnMapping
from reserving.parsing import ParsedTime, ParseError, age_header, parse_number, parse_period

_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】|<[^>]*>")


def normalise_name(name: object) -> str:
    """Reduce a column name to a comparable key: NFKC, lower case, no bracketed units or punctuation."""
    text = unicodedata.normalize("NFKC", str(name)).lower()
    text = _BRACKETS.sub("", text)
    return "".join(ch for ch in text if ch.isalnum())


def _names(*words: str) -> frozenset[str]:
    return frozenset(normalise_name(w) for w in words)


ORIGIN_NAMES = _names(
    "accident_year",
    "accident year",
    "AY",
    "origin",
    "origin_period",
    "origin_year",
    "accident_quarter",
    "accident_month",
    "accident_half",
    "accident_period",
    "accident_date",
    "loss_year",
    "loss_date",
    "loss_period",
    "underwriting_year",
    "UY",
    "policy_year",
    "report_year",
    "occurrence_year",
    "financial_year",
    "fiscal_year",
    "date_of_loss",
    "accidentyear",
    "事故年度",
    "事故年",
    "事故季度",
    "事故月度",
    "事故月份",
    "事故期间",
    "出险年度",
    "出险年",
    "出险季度",
    "出险月份",
    "事故日期",
    "出险日期",
    "承保年度",
    "保单年度",
    "起源年度",
)
DEVELOPMENT_NAMES = _names(
    "development",
    "DY",
    "development_month",
    "development_months",
    "dev_months",
    "dev_month",
    "dev_quarter",
    "dev",
    "age",
    "development_age",
    "development_period",
    "development_year",
    "dev_age",
    "lag",
    "dev_period",
    "dev_lag",
    "devyear",
    "developmentlag",
    "进展期",
    "发展期",
    "进展年",
    "发展年",
    "进展年度",
    "发展年度",
    "进展月",
    "进展季度",
)
VALUATION_NAMES = _names(
    "valuation_date",
    "valuation",
    "evaluation_date",
    "evaluation",
    "as_of",
    "as_of_date",
    "calendar_period",
    "calendar_year",
    "CY",
    "calendar",
    "valuation_year",
    "valuation_period",
    "evaluation_year",
    "evaluation_period",
    "accounting_year",
    "accounting_period",
    "val_date",
    "eval_date",
    "as_at",
    "as_at_date",
    "payment_date",
    "paid_date",
    "transaction_date",
    "report_date",
    "评估日期",
    "评估时点",
    "评估日",
    "日历年度",
    "支付日期",
    "赔付日期",
    "支付时间",
    "统计日期",
    "评估年度",
    "评估期间",
    "评估时间",
    "会计年度",
    "会计期间",
    "统计年度",
    "统计期间",
    "交易日期",
    "赔款支付日期",
)
TRANSACTION_NAMES = _names(
    "payment_date",
    "paid_date",
    "transaction_date",
    "payment_dt",
    "txn_date",
    "支付日期",
    "赔付日期",
    "支付时间",
    "交易日期",
    "赔款支付日期",
)
"""Valuation columns that date single movements: a table keyed by them lists payments, not cumulative cells."""
MEASURE_NAMES: dict[str, frozenset[str]] = {
    "paid": _names(
        "paid",
        "paid_loss",
        "paid_losses",
        "cumulative_paid",
        "cum_paid",
        "cumpaidloss",
        "paid_claims",
        "paidlosses",
        "paid_amount",
        "payment_amount",
        "amount_paid",
        "payment",
        "payments",
        "paid_amt",
        "已决赔款",
        "已付赔款",
        "累计已决赔款",
        "累计已付赔款",
        "已决赔付",
        "赔款支出",
        "支付金额",
        "赔付金额",
        "赔款金额",
        "已决金额",
    ),
    "incurred": _names(
        "incurred",
        "incurred_loss",
        "incurred_losses",
        "incurloss",
        "incurredlosses",
        "reported",
        "reported_loss",
        "reported_losses",
        "case_incurred",
        "cumulative_incurred",
        "incurred_claims",
        "已发生赔款",
        "已报告赔款",
        "已报案赔款",
        "累计已发生赔款",
        "已发生已报告赔款",
    ),
    "case_reserve": _names(
        "case",
        "case_reserve",
        "case_reserves",
        "case_outstanding",
        "outstanding",
        "os",
        "未决赔款",
        "已报案未决赔款",
        "未决赔款准备金",
    ),
    "reported_count": _names(
        "reported_count",
        "reported_counts",
        "claim_count",
        "claim_counts",
        "claims_reported",
        "count",
        "reported_claims",
        "number_of_claims",
        "报案件数",
        "已报案件数",
        "累计报案件数",
        "赔案件数",
        "赔案数",
        "案件数",
        "报案数",
        "立案件数",
        "累计赔案件数",
    ),
    "closed_count": _names(
        "closed_count",
        "closed_counts",
        "claims_closed",
        "结案件数",
        "已结案件数",
        "累计结案件数",
        "结案数",
        "已决案件数",
    ),
    "open_count": _names("open_count", "open_counts", "claims_open", "未结案件数"),
    "paid_alae": _names("alae", "paid_alae", "paid_expense", "直接理赔费用", "已付直接理赔费用"),
}
PREMIUM_NAMES = _names(
    "premium",
    "earned_premium",
    "earnedpremium",
    "ep",
    "earnedpremnet",
    "net_earned_premium",
    "exposure",
    "exposures",
    "已赚保费",
    "满期保费",
    "保费",
    "风险暴露",
    "暴露数",
    "已赚保费收入",
)
EXPOSURE_NAMES = _names("exposure", "exposures", "风险暴露", "暴露数")
SEGMENT_NAMES = _names(
    "line",
    "lob",
    "line_of_business",
    "business_line",
    "branch",
    "channel",
    "segment",
    "company",
    "grname",
    "grcode",
    "product",
    "region",
    "province",
    "class",
    "险种",
    "业务线",
    "分支机构",
    "机构",
    "渠道",
    "分公司",
    "产品",
    "地区",
    "省份",
    "险类",
    "公司",
)

ID_WORDS = frozenset({"id", "no", "nr", "number", "num", "code", "ref", "key"})
"""Last words of identifier columns (claim_no, Claim ID): numeric-looking, but never a measure."""
ID_CJK = ("号", "编号", "序号", "代码", "号码")
_NAME_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")

WIDE_MEASURE = "amount"
"""Measure name of a wide triangle whose mapping does not name one."""


def _find(columns: Sequence[str], names: frozenset[str], taken: set[str]) -> str | None:
    for col in columns:
        if col not in taken and normalise_name(col) in names:
            return col
    return None


INCREMENTAL_NAMES: dict[str, frozenset[str]] = {
    "paid": _names(
        "incremental_paid",
        "paid_incremental",
        "inc_paid",
        "incr_paid",
        "incremental_paid_loss",
        "incremental_payments",
        "本期已决赔款",
        "当期已决赔款",
        "本期赔款",
        "当期赔款",
        "本期赔款支出",
        "当期赔付",
    ),
    "incurred": _names("incremental_incurred", "incurred_incremental", "inc_incurred", "本期已发生赔款"),
    "reported_count": _names("incremental_reported_count", "new_claims", "本期报案件数", "新增报案件数"),
}
"""Columns of movements in the period (not cumulative amounts), by the measure they accumulate to."""


def incremental_measure_for(column: str) -> str | None:
    """Canonical measure an incremental column (``incremental_paid``, ``本期已决赔款``) accumulates to."""
    key = normalise_name(column)
    return next((m for m, names in INCREMENTAL_NAMES.items() if key in names), None)


def measure_for(column: str) -> str | None:
    """Canonical measure a column name stands for, or None."""
    key = normalise_name(column)
    for measure, names in MEASURE_NAMES.items():
        if key in names:
            return measure
    return None


def is_exposure(column: str | None) -> bool:
    """Whether a premium column holds exposure rather than earned premium."""
    return column is not None and normalise_name(column) in EXPOSURE_NAMES


def calendar_headers(columns: Iterable[str]) -> dict[str, ParsedTime]:
    """Headers of a grid that name valuation periods (``2015``, ``2018Q4``, ``2018-12-31``), parsed.

    Such a grid (origin down, calendar period across) is how some ledgers pivot a triangle;
    a header that is also a development age (``12``) is never one of them.
    """
    found = {}
    for col in columns:
        if age_header(col) is not None:
            continue
        try:
            parsed = parse_period(col, True)
        except ParseError:
            continue
        if parsed is not None:
            found[col] = parsed
    return found


def age_columns(columns: Iterable[str]) -> list[str]:
    """Columns whose header is a development age (``12``, ``1``, ``12m``, ``1年``)."""
    return [col for col in columns if age_header(col) is not None]


def _mostly(values: Iterable[object], parser: object, share: float = 0.8) -> bool:
    seen = ok = 0
    for value in values:
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        seen += 1
        try:
            if parser(value) is not None:  # type: ignore[operator]
                ok += 1
        except ParseError:
            pass
        if seen >= 50:
            break
    return seen > 0 and ok >= share * seen


TOTAL_WORDS = frozenset({"total", "totals", "subtotal", "sum", "grandtotal", "all"})
TOTAL_CJK = ("合计", "总计", "小计", "汇总")
FACTOR_WORDS = frozenset(
    {
        "ldf",
        "ldfs",
        "cdf",
        "cdfs",
        "ata",
        "atu",
        "factor",
        "factors",
        "average",
        "averages",
        "avg",
        "mean",
        "selected",
        "selection",
        "weighted",
        "wtd",
        "simple",
        "geometric",
        "tail",
        "link",
        "ratio",
        "ratios",
        "agetoage",
        "agetoultimate",
    }
)
FACTOR_CJK = ("因子", "平均", "选定", "选择", "加权", "尾部", "链比", "发展比", "进展比")
_WORD = re.compile(r"[a-z]+")


def row_label_kind(label: object) -> str | None:
    """Classify a row label that is not an origin: "total", "factor" (link ratios) or None.

    Triangles in spreadsheets carry summary rows under the grid (``Total``, ``Vol-wtd LDF``,
    ``Selected``, ``平均进展因子``); they are skipped rather than refused. Words are matched
    whole (``data`` does not hold ``ata``).
    """
    if not isinstance(label, str):
        return None
    text = unicodedata.normalize("NFKC", label).lower()
    words = set(_WORD.findall(text)) | {normalise_name(text.replace("-", ""))}
    if words & TOTAL_WORDS or any(w in text for w in TOTAL_CJK):
        return "total"
    if words & FACTOR_WORDS or any(w in text for w in FACTOR_CJK):
        return "factor"
    return None


def is_identifier(column: str) -> bool:
    """Whether a column name reads as an identifier (claim id, policy number), not an amount."""
    text = unicodedata.normalize("NFKC", str(column)).strip()
    words = _NAME_WORD.findall(text)
    return (bool(words) and words[-1].lower() in ID_WORDS) or text.endswith(ID_CJK)


def is_transaction_date(column: str | None) -> bool:
    """Whether a valuation column dates single payments (payment_date, 支付日期)."""
    return column is not None and normalise_name(column) in TRANSACTION_NAMES


def used_columns(mapping: ColumnMapping) -> set[str]:
    """Columns a mapping names (for a wide mapping the age columns are not listed)."""
    named = {mapping.origin, mapping.development, mapping.valuation, mapping.premium}
    named |= {col for _, col in mapping.values if col}
    named |= set(mapping.segments)
    return {c for c in named if c}


def guess_columns(
    columns: Sequence[str], table_values: dict[str, list[object]], mapping: ColumnMapping
) -> ColumnMapping:
    """Fill the None fields of `mapping` from the column names and the look of the values.

    Parameters
    ----------
    columns : sequence of str
        Column names of the table.
    table_values : dict
        A few values of each column (for shape and type detection).
    mapping : ColumnMapping
        The mapping given by hand; its fields are never overwritten.
    """
    taken = used_columns(mapping)
    origin = mapping.origin or _find(columns, ORIGIN_NAMES, taken)
    if origin:
        taken.add(origin)
    ages = [c for c in age_columns(columns) if c not in taken]
    if len(ages) < 2:
        ages = list(calendar_headers(c for c in columns if c not in taken)) or ages
    has_time = bool(mapping.development or mapping.valuation)
    wide_named = any(not col for _, col in mapping.values)
    shape = mapping.shape
    if shape == "auto":
        named_time = _find(columns, DEVELOPMENT_NAMES | VALUATION_NAMES, taken)
        shape = "wide" if wide_named or (not has_time and not named_time and len(ages) >= 2) else "long"
    if shape == "wide":
        if origin is None:
            candidates = [c for c in columns if c not in taken and c not in ages]
            origin = next(
                (c for c in candidates if _mostly(table_values.get(c, []), parse_period)),
                candidates[0] if candidates else None,
            )
            if origin:
                taken.add(origin)
        values = mapping.values or ((WIDE_MEASURE, ""),)
        taken |= set(ages)
        premium = mapping.premium
        if premium is None and mapping.premium_source is None:
            premium = _find(columns, PREMIUM_NAMES, taken)
        if premium:
            taken.add(premium)
        segments = mapping.segments or tuple(
            c for c in columns if c not in taken and normalise_name(c) in SEGMENT_NAMES
        )
        return replace(mapping, origin=origin, values=values, segments=segments, premium=premium, shape="wide")

    development, valuation = mapping.development, mapping.valuation
    cumulative = mapping.cumulative
    if not has_time:
        development = _find(columns, DEVELOPMENT_NAMES, taken)
        if development is None:
            valuation = _find(columns, VALUATION_NAMES, taken)
            # a listing keyed by payment dates holds movements: summing them is the only reading
            cumulative = cumulative and not is_transaction_date(valuation)
    taken |= {c for c in (development, valuation) if c}
    if origin is None:
        origin = next(
            (c for c in columns if c not in taken and _mostly(table_values.get(c, []), parse_period, 1.0)), None
        )
        if origin:
            taken.add(origin)
    premium = mapping.premium
    if premium is None and mapping.premium_source is None:
        premium = _find(columns, PREMIUM_NAMES, taken)
    if premium:
        taken.add(premium)
    values = mapping.values
    if not values:
        found: list[tuple[str, str]] = []
        for col in columns:
            measure = measure_for(col) if col not in taken else None
            if measure and measure not in {m for m, _ in found}:
                found.append((measure, col))
        if not found and cumulative:
            # only movements: accumulate them (a file mixing both kinds maps its cumulative columns)
            for col in columns:
                measure = incremental_measure_for(col) if col not in taken else None
                if measure and measure not in {m for m, _ in found}:
                    found.append((measure, col))
            cumulative = not found
        values = tuple(found)
    taken |= {col for _, col in values}
    segments = mapping.segments or tuple(c for c in columns if c not in taken and normalise_name(c) in SEGMENT_NAMES)
    taken |= set(segments)
    if not values:
        numeric = [
            c
            for c in columns
            if c not in taken and not is_identifier(c) and _mostly(table_values.get(c, []), parse_number, 1.0)
        ]
        values = tuple((normalise_name(c) or c, c) for c in numeric)
        if not cumulative and len(values) == 1:
            values = (("paid", values[0][1]),)  # the one amount of a payment listing is paid
    return replace(
        mapping,
        cumulative=cumulative,
        origin=origin,
        development=development,
        valuation=valuation,
        premium=premium,
        values=values,
        segments=segments,
        shape="long",
    )
