"""The Simplified Chinese catalogue: complete, same placeholders as English, no English left, glossary terms."""

from __future__ import annotations

import re
from string import Formatter

import pytest

from components.i18n import catalogue as i18n
from components.i18n.catalogue_zh import ZH
from components.i18n.saved_en import SAVED_EN
from components.i18n.saved_zh import SAVED_ZH

CJK = re.compile(r"[\u4e00-\u9fff]")

PROPER_NAMES = (
    # methods and people the market knows by name
    "Mack",
    "Bootstrap",
    "ODP",
    "Merz-Wüthrich",
    "Cape Cod",
    "Benktander",
    "Bondy",
    "Clark",
    "Weibull",
    "loglogistic",
    "B-F",
    # abbreviations the Chinese market uses as they are
    "IBNR",
    "BF",
    "LDF",
    "CDF",
    "CDR",
    "A/E",
    "T0",
    "sigma",
    "UTC",
    # file formats, programs, paths and literal values the user types or sees elsewhere
    "CSV",
    "Excel",
    "Parquet",
    "JSON",
    "HTML",
    "xlsx",
    "zip",
    "CONFIG.toml",
    ".toml",
    "docs/users.md",
    "docs/batch.md",
    "chainladder",
    "cdr_std_err",
    "blend",
    "local",
)
"""Latin text the Chinese catalogue may keep; anything else in Latin letters is English left behind."""

SAME_AS_ENGLISH = {
    "error.input",
    "error.input_at",
    "meth.tab.ibnr",
    "chg.basis.ibnr",
    "growth.weibull",
    "col.ibnr",
}
"""Keys whose Chinese text may equal the English one: a bare placeholder or a proper name."""
NO_CJK_NEEDED = {"tri.caption", "retro.caption", "unc.bootstrap", "list.join", "meth.run_measure"}
"""Keys whose Chinese text is placeholders, names and Chinese punctuation only."""


def fields(template: str) -> set[tuple[str, str, str | None]]:
    """Placeholders of a str.format template, with their format spec and conversion."""
    return {(name, spec, conv) for _, name, spec, conv in Formatter().parse(template) if name is not None}


def latin_left(text: str) -> list[str]:
    """Latin words of two letters or more that remain once placeholders, code and proper names are removed."""
    text = re.sub(r"\{[^{}]*\}", " ", text)
    text = re.sub(r"`[^`]*`", " ", text)
    for name in sorted(PROPER_NAMES, key=len, reverse=True):
        text = text.replace(name, " ")
    return re.findall(r"[A-Za-z]{2,}", text)


def test_the_picker_offers_chinese_with_its_catalogue():
    assert i18n.LANGUAGES["zh"] == "中文"
    assert i18n.CATALOGUES["zh"] is ZH
    assert set(i18n.LANGUAGES) == set(i18n.CATALOGUES)


def test_every_english_key_has_a_chinese_text_and_no_key_is_only_chinese():
    assert set(ZH) == set(i18n.EN)
    assert set(SAVED_ZH) == set(SAVED_EN)  # the saved-work split mirrors the English one
    assert all(isinstance(text, str) and text.strip() for text in ZH.values())


@pytest.mark.parametrize("key", sorted(i18n.EN))
def test_same_placeholders_as_english(key):
    assert fields(ZH[key]) == fields(i18n.EN[key])


@pytest.mark.parametrize("key", sorted(i18n.EN))
def test_no_english_left(key):
    text = ZH[key]
    assert not latin_left(text), f"{key}: {text!r}"
    if key not in SAME_AS_ENGLISH:
        assert text != i18n.EN[key]
        assert CJK.search(re.sub(r"\{[^{}]*\}", "", text)) or key in NO_CJK_NEEDED


def test_the_english_left_check_catches_english():
    assert latin_left("Loaded dataset: {name}") == ["Loaded", "dataset"]
    assert latin_left("Mack 模型标准误 {name}，`python -m x`") == []


@pytest.mark.parametrize(
    ("key", "values", "expected"),
    [
        ("data.current", {"name": "RAA"}, "已加载的数据集：RAA"),
        ("ov.retro_none", {"threshold": 0.05}, "没有业务线的偏差超过 5%。"),
        ("unc.range_label", {"low": 75, "high": 95}, "P75 至 P95"),
        ("auth.logged_in", {"name": "li", "role": "总精算师"}, "当前用户：**li**（总精算师）"),
        ("batch.progress.step", {"done": 2, "total": 5, "segment": "车险"}, "已评估 2/5 个评估单元（车险）"),
        (
            "chg.check",
            {"prior": "1", "steps": "2", "total": "3", "current": "3", "difference": "0"},
            "核对：上期 1 + 各步骤 2 = 3；本期 3；差额 0",
        ),
    ],
)
def test_chinese_text_formats_its_values(key, values, expected):
    assert i18n.translate(key, "zh", **values) == expected


@pytest.mark.parametrize(
    ("key", "term"),
    [
        ("meth.tab.ultimate", "最终赔款"),
        ("tail.factor", "尾部因子"),
        ("tri.tab.link_ratios", "进展因子"),
        ("data.summary.valuation", "评估日"),
        ("ratio.paid_to_incurred", "已决赔款 / 已报案赔款"),
        ("col.premium", "已赚保费"),
        ("meth.tab.loss_ratio", "赔付率"),
        ("meth.tab.reserve", "未决赔款准备金"),
        ("page.retro", "回溯分析"),
        ("meth.lr.no_premium", "B-F法"),
        ("meth.lr.no_premium", "赔付率法"),
        ("meth.lr.no_premium", "Cape Cod 法"),
        ("meth.lr.no_premium", "Benktander 法"),
        ("unc.mack", "Mack 模型"),
        ("unc.bootstrap", "Bootstrap (ODP)"),
        ("unc.cdr_note", "Merz-Wüthrich"),
        ("tail.kind.clark", "Clark 增长曲线"),
        ("role.chief_actuary", "总精算师"),
        ("exp.download.zip", "工作底稿"),
        ("retro.total_deviation", "充足"),
        ("retro.total_deviation", "不足"),
    ],
)
def test_glossary_terms(key, term):
    assert term in ZH[key]


def test_every_page_title_is_chinese_and_distinct():
    from components.core.navigation import PAGES

    titles = [ZH[f"page.{spec.slug}"] for spec in PAGES]
    assert all(CJK.search(title) for title in titles)
    assert len(set(titles)) == len(PAGES)


def test_every_page_heading_matches_its_sidebar_label_in_chinese():
    """As in English, the page's st.title and its navigation label say the same thing."""
    from pathlib import Path

    from components.core.navigation import PAGES

    root = Path(__file__).resolve().parents[2]
    for spec in PAGES:
        key = re.search(r'st\.title\(t\("([^"]+)"', (root / spec.path).read_text(encoding="utf-8"))
        assert key, spec.path
        assert ZH[key.group(1)] == ZH[f"page.{spec.slug}"], spec.path
