"""The app in Simplified Chinese: picked once in the sidebar, it holds on every page and dataset."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from components.core.navigation import PAGES
from components.i18n.catalogue import EN
from components.i18n.catalogue_zh import ZH
from tests.app.conftest import choose_dataset

TITLE_KEYS = {
    "data": "data.title",
    "triangles": "tri.title",
    "development": "dev.title",
    "tail": "tail.title",
    "methods": "meth.title",
    "selection": "sel.title",
    "uncertainty": "unc.title",
    "overview": "page.overview",
    "ave": "page.ave",
    "retro": "page.retro",
    "change": "page.change",
    "saved": "saved.title",
    "valuations": "val.title",
    "batch": "batch.title",
    "compare": "cmp.title",
    "audit": "audit.title",
    "upr": "page.upr",
}
"""Catalogue key of the title each page draws with st.title."""
CHECKED_IN_FULL = {"methods", "selection", "uncertainty"}
"""Pages whose every heading and label must be Chinese."""
KEPT_AS_IS = {"IBNR", "Bootstrap (ODP)"}
"""Labels the Chinese market reads as they are."""
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def zh(app: AppTest, reader: dict[str, str]) -> AppTest:
    """The app on the Data page with 中文 picked in the sidebar's language picker."""
    picker = app.sidebar.selectbox(key="sidebar_language")
    assert picker.label == "Language" and "中文" in picker.options
    picker.set_value("zh").run()  # the widgets on screen are still English while this run is prepared
    reader["language"] = "zh"
    assert not app.exception
    return app


def open_page(at: AppTest, slug: str) -> AppTest:
    """Switch to the page of `slug` and run it."""
    at.switch_page(f"app_pages/{slug}.py").run()
    return at


def labels(at: AppTest, kind: str) -> list[str]:
    """Labels of every widget of one kind ('selectbox', 'number_input', 'button', ...) on the main area."""
    return [widget.label for widget in getattr(at.main, kind)]


def untranslated(at: AppTest) -> list[str]:
    """Headings, widget labels, tabs, expanders and metric labels of the main area that hold no Chinese."""
    texts = [h.value for h in at.subheader] + [e.label for e in at.expander] + [tab.label for tab in at.tabs]
    for kind in ("selectbox", "multiselect", "radio", "number_input", "text_input", "button", "metric"):
        texts.extend(widget.label for widget in getattr(at.main, kind))
    return [text for text in texts if not CJK.search(text) and text not in KEPT_AS_IS]


def test_registry_covers_every_page():
    assert {spec.slug for spec in PAGES} == set(TITLE_KEYS)


def test_picking_chinese_translates_the_sidebar_and_the_page(zh):
    assert zh.title[0].value == "数据" == ZH["data.title"]
    sidebar = {box.key: box.label for box in zh.sidebar.selectbox}
    assert sidebar["sidebar_dataset"] == "数据集"
    assert sidebar["sidebar_measure"] == "指标"
    assert sidebar["sidebar_language"] == "语言"
    assert zh.sidebar.selectbox(key="sidebar_dataset").options[0].startswith("示例：")


@pytest.mark.parametrize(
    ("token", "segmented"), [("sample:raa", False), ("sample:china", True)], ids=["raa", "china_segment"]
)
def test_every_page_in_chinese_and_the_choice_survives_switches(zh, token, segmented):
    if token != "sample:raa":
        choose_dataset(zh, token)
    if segmented:
        segment = zh.sidebar.selectbox(key="sidebar_segment")
        assert segment.label == "评估单元" and segment.options[0] == "全部评估单元"
        segment.select_index(1).run()
        assert not zh.exception
        assert zh.sidebar.selectbox(key="sidebar_segment").value  # a single segment, not "all"
    problems = []
    for spec in PAGES:
        open_page(zh, spec.slug)
        if zh.exception:
            problems.append(f"{spec.slug}: {zh.exception[0].value}")
            continue
        title = zh.title[0].value if zh.title else None
        if title != ZH[TITLE_KEYS[spec.slug]] or title == EN[TITLE_KEYS[spec.slug]]:
            problems.append(f"{spec.slug}: title {title!r}")
        if spec.slug in CHECKED_IN_FULL and (left := untranslated(zh)):
            problems.append(f"{spec.slug}: English labels {left}")
        if zh.sidebar.selectbox(key="sidebar_language").value != "zh":
            problems.append(f"{spec.slug}: language picker shows {zh.sidebar.selectbox(key='sidebar_language').value}")
        if zh.sidebar.selectbox(key="sidebar_dataset").value != token:
            problems.append(f"{spec.slug}: dataset changed")
    assert not problems


def test_methods_page_headings_and_labels(zh):
    at = open_page(zh, "methods")
    assert not at.exception
    assert at.title[0].value == "评估方法"
    assert "各方法合计" in [h.value for h in at.subheader]
    # RAA has no premium, so no loss-ratio tab.
    assert [tab.label for tab in at.tabs] == ["最终赔款", "IBNR", "未决赔款准备金（最终赔款 - 已决赔款）"]
    assert [e.label for e in at.expander][:2] == ["预期赔付率", "方法选项"]
    # RAA has no premium: the note names the methods in the glossary's words.
    assert at.info[0].value == ZH["meth.lr.no_premium"]
    assert "B-F法" in at.info[0].value and "Cape Cod 法" in at.info[0].value
    assert "BF 之后的 Benktander 迭代步数（1 = Benktander 法，0 = B-F 法）" in labels(at, "number_input")
    assert at.info[-1].value.startswith("部分方法无法在此数据上运行：")


def test_methods_page_with_premium(zh):
    choose_dataset(zh, "sample:xyz")
    at = open_page(zh, "methods")
    assert not at.exception
    assert at.radio(key="meth_lr_source").label == "赔付率来源"
    assert at.radio(key="meth_lr_source").options == ["手工输入", "Cape Cod 法隐含赔付率"]
    assert any(c.value.startswith("Cape Cod 法隐含赔付率：") for c in at.caption)
    assert [tab.label for tab in at.tabs][-1] == "赔付率"
    at.radio(key="meth_lr_source").set_value("manual").run()
    assert not at.exception
    assert at.number_input(key="meth_lr_all").label == "所有事故期间统一使用的赔付率"
    assert at.button(key="meth_lr_apply").label == "应用于所有事故期间"


def test_selection_page_headings_and_labels(zh):
    at = open_page(zh, "selection")
    assert not at.exception
    assert at.title[0].value == "方法选定"
    assert "**快速选定**" in [m.value for m in at.markdown]
    assert at.multiselect(key="sel_quick_origins").label == "事故期间"
    assert at.selectbox(key="sel_quick_method").label == "方法"
    assert at.text_input(key="sel_quick_reason").label == "理由"
    assert at.button(key="sel_quick_apply").label == "应用于所选事故期间"
    assert at.button(key="sel_apply").label == "应用选定结果"
    assert {m.label for m in at.metric} >= {"选定最终赔款", "选定 IBNR"}
    assert "与上一次选定结果相比的变化" in [h.value for h in at.subheader]
    assert ZH["sel.no_previous"] in [c.value for c in at.caption]
    assert ZH["sel.hint"] in [c.value for c in at.caption]


def test_uncertainty_page_headings_and_labels(zh):
    at = open_page(zh, "uncertainty")
    assert not at.exception
    assert at.title[0].value == "不确定性"
    headings = [h.value for h in at.subheader]
    assert headings == ["Mack 模型标准误与一年期赔款进展结果（CDR）", "Bootstrap (ODP)", "准备金区间"]
    metrics = {m.label: m.value for m in at.metric}
    # The numbers do not change with the language: Mack 1994's 26,909.01 and R's 26,880.74.
    assert metrics == {"总标准误（Mack sigma）": "26,909", "总标准误（对数线性 sigma）": "26,881"}
    assert at.number_input(key="unc_n_sims").label == "模拟次数"
    assert at.number_input(key="unc_seed").label == "随机种子"
    assert at.button(key="unc_run").label == "运行 Bootstrap"
    assert at.selectbox(key="unc_range").label == "区间"
    assert at.selectbox(key="unc_range").options[0] == "P25 至 P75"
    assert ZH["unc.bootstrap_hint"] in [c.value for c in at.caption]


def test_switching_back_to_english(zh, reader):
    at = open_page(zh, "tail")
    assert at.title[0].value == "尾部因子"
    at.sidebar.selectbox(key="sidebar_language").set_value("en").run()
    reader["language"] = "en"
    assert at.title[0].value == "Tail"
    open_page(at, "methods")
    assert at.title[0].value == "Methods"
    assert at.sidebar.selectbox(key="sidebar_language").label == "Language"
