"""Column guessing from English and Chinese names, and shape detection."""

from __future__ import annotations

import pandas as pd
import pytest

from reserving.columns import normalise_name
from reserving.ingest import complete_mapping, guess_mapping
from reserving.mapping import ColumnMapping
from reserving.readers import SourceTable


def source(columns, rows=None):
    rows = rows or [["2019", "12", "1"] + ["1"] * (len(columns) - 3)]
    table = pd.DataFrame(rows, columns=columns, index=range(2, 2 + len(rows)), dtype=object)
    return SourceTable("t.csv", "csv", None, (), "utf-8", table)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Accident Year", "accidentyear"),
        ("accident_year", "accidentyear"),
        ("ACCIDENT-YEAR", "accidentyear"),
        ("ａｃｃｉｄｅｎｔ＿ｙｅａｒ", "accidentyear"),
        ("事故年度（年）", "事故年度"),
        ("已决赔款(万元)", "已决赔款"),
        ("累计·已决赔款", "累计已决赔款"),
    ],
)
def test_normalise_name(name, key):
    assert normalise_name(name) == key


ORIGINS = [
    "accident_year",
    "accident year",
    "AY",
    "origin",
    "origin_period",
    "accident_quarter",
    "accident_date",
    "loss_year",
    "underwriting_year",
    "policy_year",
    "事故年度",
    "事故年",
    "事故季度",
    "出险年度",
    "事故日期",
    "出险日期",
]
DEVELOPMENTS = ["development", "dev", "age", "development_age", "lag", "dev_period", "进展期", "发展期", "进展年"]
VALUATIONS = ["valuation_date", "valuation", "evaluation_date", "as_of", "calendar_period", "评估日期", "评估时点"]
MEASURES = {
    "paid": [
        "paid",
        "paid_loss",
        "cumulative_paid",
        "CumPaidLoss",
        "paid_claims",
        "已决赔款",
        "已付赔款",
        "累计已决赔款",
    ],
    "incurred": [
        "incurred",
        "incurred_loss",
        "reported",
        "reported_loss",
        "case_incurred",
        "IncurLoss",
        "IncurredLosses",
        "已发生赔款",
        "已报告赔款",
        "已报案赔款",
    ],
    "case_reserve": ["case", "case_reserve", "case_outstanding", "outstanding", "未决赔款", "已报案未决赔款"],
    "reported_count": ["reported_count", "claim_count", "报案件数", "已报案件数"],
    "closed_count": ["closed_count", "结案件数", "已结案件数"],
    "paid_alae": ["alae", "paid_alae", "直接理赔费用"],
}
PREMIUMS = ["premium", "earned_premium", "EP", "exposure", "EarnedPremNet", "已赚保费", "满期保费", "保费", "风险暴露"]
SEGMENTS = [
    "line",
    "LOB",
    "line_of_business",
    "branch",
    "channel",
    "segment",
    "company",
    "GRNAME",
    "险种",
    "业务线",
    "分支机构",
    "机构",
    "渠道",
    "分公司",
]


@pytest.mark.parametrize("name", ORIGINS)
def test_origin_synonyms(name):
    assert guess_mapping(source([name, "dev", "paid"])).origin == name


@pytest.mark.parametrize("name", DEVELOPMENTS)
def test_development_synonyms(name):
    mapping = guess_mapping(source(["AY", name, "paid"]))
    assert (mapping.development, mapping.valuation) == (name, None)


@pytest.mark.parametrize("name", VALUATIONS)
def test_valuation_synonyms(name):
    mapping = guess_mapping(source(["AY", name, "paid"]))
    assert (mapping.development, mapping.valuation) == (None, name)


@pytest.mark.parametrize(("measure", "name"), [(m, n) for m, names in MEASURES.items() for n in names])
def test_measure_synonyms(measure, name):
    assert guess_mapping(source(["AY", "dev", name])).values == ((measure, name),)


@pytest.mark.parametrize("name", PREMIUMS)
def test_premium_synonyms(name):
    mapping = guess_mapping(source(["AY", "dev", "paid", name]))
    assert mapping.premium == name
    assert mapping.values == (("paid", "paid"),)


@pytest.mark.parametrize("name", SEGMENTS)
def test_segment_synonyms(name):
    assert guess_mapping(source(["AY", "dev", "paid", name])).segments == (name,)


def test_several_segments_and_measures_in_column_order():
    mapping = guess_mapping(source(["branch", "line", "AY", "dev", "incurred", "paid", "报案件数"]))
    assert mapping.segments == ("branch", "line")
    assert mapping.values == (("incurred", "incurred"), ("paid", "paid"), ("reported_count", "报案件数"))
    assert mapping.shape == "long"


def test_hand_mapping_wins_and_its_columns_are_not_reused():
    hand = ColumnMapping(origin="loss_year", values=(("incurred", "paid"),))
    mapping = complete_mapping(source(["accident_year", "loss_year", "dev", "paid"]), hand)
    assert mapping.origin == "loss_year"
    assert mapping.values == (("incurred", "paid"),)
    assert mapping.development == "dev"
    assert mapping.segments == ()


def test_wide_shape_from_age_headers():
    mapping = guess_mapping(source(["AY", "12", "24", "36"]))
    assert (mapping.shape, mapping.origin, mapping.values) == ("wide", "AY", (("amount", ""),))


def test_wide_shape_keeps_the_named_measure():
    mapping = complete_mapping(source(["origin", "1", "2", "3"]), ColumnMapping(values=(("paid", ""),)))
    assert (mapping.shape, mapping.values) == ("wide", (("paid", ""),))


def test_wide_origin_column_found_by_content_when_unnamed():
    rows = [["x", "2019", "1", "2"], ["y", "2020", "3", ""]]
    mapping = guess_mapping(source(["memo", "column B", "12m", "24m"], rows))
    assert mapping.origin == "column B"


def test_unknown_numeric_column_becomes_a_measure_when_none_is_named():
    mapping = guess_mapping(source(["AY", "dev", "Losses Total"]))
    assert mapping.values == (("lossestotal", "Losses Total"),)
