"""No English on screen in Chinese: every page, on several datasets and a saved valuation, read in full.

The check reads what a user reads: titles, headings, captions, markdown, widget labels and
options, tabs, expanders, metric labels, table column headers (as the grid shows them, from
the column configuration), row labels, chart titles and legend names. Any ASCII word of four
letters or more that is not a proper name, a method name the market uses in English, a unit
or user data fails the test.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from components.core.navigation import PAGES
from components.core.tables import csv_bytes
from tests.app.conftest import choose_dataset, table

ALLOWED = (
    # methods and people the market names in English
    "Merz-Wüthrich",
    "Wüthrich",
    "Bootstrap",
    "Benktander",
    "Weibull",
    "loglogistic",
    "Mack",
    "Cape Cod",
    "Bondy",
    "Clark",
    "ODP",
    # abbreviations and units read as they are
    "IBNR",
    "sigma",
    "UTC",
    "JSON",
    "HTML",
    "Excel",
    "Parquet",
    "xlsx",
    "CSV",
    "Munich",
    # the language picker names each language in its own words
    "English",
    # authors, data sets, programs and files named in the samples' sources and in help texts
    "Taylor-Ashe",
    "Taylor",
    "Ashe",
    "GenIns",
    "Friedland",
    "Quarg-Mack",
    "Quarg",
    "ChainLadder",
    "MCLpaid/MCLincurred",
    "Meyers",
    "NAIC",
    "friedland_xyz_auto_bi",
    "clrd2025",
    "data/make_china_market.py",
    "data/README.md",
    "docs/users.md",
    "CONFIG.toml",
    "chainladder",
    # user data of the samples and of the saved valuation: the local user, the china sample's segment columns
    "local",
    "branch",
    "line",
)
"""Latin text that may stay on a Chinese screen; phrases are removed before words are counted."""
WORD = re.compile(r"[A-Za-z]{4,}")


def english_words(text: str) -> list[str]:
    """ASCII words of four letters or more left in `text` once the allowed names are taken out."""
    text = re.sub(r"`[^`]*`", " ", text)  # code the user types, such as a command line
    for name in sorted(ALLOWED, key=len, reverse=True):
        text = text.replace(name, " ")
    return WORD.findall(text)


def _table_texts(element) -> Iterator[str]:
    """Column headers as the grid shows them (the configured label, else the name) and string row labels."""
    frame = element.value
    config = json.loads(element.proto.columns or "{}")
    names = [str(col) for col in frame.columns]
    for name in names:
        yield config.get(name, {}).get("label") or name
    index_label = config.get("_index", {}).get("label")
    if index_label:
        yield index_label
    elif frame.index.name is not None:
        yield str(frame.index.name)
    for value in frame.index:
        if isinstance(value, str):
            yield value


def _chart_texts(element) -> Iterator[str]:
    """Title, axis titles and trace names of a Plotly chart."""
    spec = json.loads(element.proto.spec)
    layout = spec.get("layout", {})
    for part in [layout, *(layout.get(axis, {}) for axis in ("xaxis", "yaxis", "legend", "coloraxis"))]:
        title = part.get("title") if isinstance(part, dict) else None
        text = title.get("text") if isinstance(title, dict) else title
        if isinstance(text, str):
            yield text
    for trace in spec.get("data", []):
        if isinstance(trace.get("name"), str):
            yield trace["name"]


def shown_texts(at: AppTest) -> list[str]:
    """Every text the page and the sidebar show, except message bodies (engine messages stay English)."""
    texts: list[str] = []
    for kind in ("title", "header", "subheader", "caption", "markdown"):
        texts.extend(element.value for element in at.get(kind))
    texts.extend(tab.label for tab in at.tabs)
    texts.extend(expander.label for expander in at.expander)
    for kind in (
        "metric",
        "button",
        "download_button",
        "number_input",
        "text_input",
        "text_area",
        "checkbox",
        "toggle",
        "date_input",
        "slider",
        "select_slider",
        "file_uploader",
        "page_link",
        "link_button",
    ):
        texts.extend(str(widget.label) for widget in at.get(kind) if hasattr(widget, "label"))
    for kind in ("selectbox", "multiselect", "radio"):
        for widget in at.get(kind):
            texts.append(widget.label)
            texts.extend(str(option) for option in widget.options)
    for element in at.get("dataframe"):
        texts.extend(_table_texts(element))
    for element in at.get("plotly_chart"):
        texts.extend(_chart_texts(element))
    return texts


def english_on(at: AppTest, where: str) -> list[str]:
    """'page: text' for every shown text still holding English."""
    return [f"{where}: {text!r}" for text in shown_texts(at) if english_words(text)]


@pytest.fixture
def zh(app: AppTest, reader: dict[str, str]) -> AppTest:
    """The app with 中文 picked in the sidebar."""
    app.sidebar.selectbox(key="sidebar_language").set_value("zh").run()
    reader["language"] = "zh"
    assert not app.exception
    return app


def crawl(at: AppTest, label: str) -> list[str]:
    """Open every page and return the English each shows (and any page that raised)."""
    problems = []
    for spec in PAGES:
        at.switch_page(f"app_pages/{spec.slug}.py").run()
        where = f"{label}/{spec.slug}"
        if at.exception:
            problems.append(f"{where}: raised {at.exception[0].value}")
            continue
        problems.extend(english_on(at, where))
    return problems


def test_the_check_catches_english_and_lets_names_through():
    assert english_words("Loaded dataset: RAA") == ["Loaded", "dataset"]
    assert english_words("Mack 模型标准误，Cape Cod 法，Merz-Wüthrich") == []
    assert english_words("P75 至 P95，IBNR") == []


@pytest.mark.parametrize("token", ["sample:raa", "sample:xyz"])
def test_every_page_in_chinese(zh, token):
    if token != "sample:raa":
        choose_dataset(zh, token)
    assert crawl(zh, token) == []


def test_every_page_in_chinese_on_china_all_segments_and_one(zh):
    choose_dataset(zh, "sample:china")
    problems = crawl(zh, "china/all")
    zh.sidebar.selectbox(key="sidebar_segment").select_index(1).run()
    assert zh.sidebar.selectbox(key="sidebar_segment").value
    problems += crawl(zh, "china/one")
    assert problems == []


def test_every_page_in_chinese_with_a_saved_valuation(zh):
    zh.switch_page("app_pages/saved.py").run()
    zh.selectbox(key="saved_into").set_value("new").run()
    zh.button(key="saved_save_valuation").click().run()
    assert not zh.exception
    assert zh.success and "1" in zh.success[0].value
    zh.switch_page("app_pages/valuations.py").run()
    assert list(table(zh, "val_list")["status"]) == ["draft"]  # stored codes stay codes; the grid labels them
    assert crawl(zh, "saved") == []


def test_grid_headers_are_translated_but_data_and_csv_keep_the_codes(zh):
    zh.switch_page("app_pages/methods.py").run()
    element = zh.get_by_key("table_meth_totals").dataframe[0]
    config = json.loads(element.proto.columns)
    assert list(element.value.columns) == ["latest", "ultimate", "ibnr", "reserve"]  # the data keeps its names
    assert [config[col]["label"] for col in element.value.columns] == ["最新值", "最终赔款", "IBNR", "未决赔款准备金"]
    assert config["_index"]["label"] == "方法"
    assert element.value.index[0] == "链梯法（已报案赔款）"
    raw = csv_bytes(table(zh, "meth_totals")).decode("utf-8-sig").splitlines()[0]
    assert raw == "method,latest,ultimate,ibnr,reserve"


def test_a_selection_made_in_english_survives_chinese_and_back(app, reader):
    app.switch_page("app_pages/selection.py").run()
    app.multiselect(key="sel_quick_origins").set_value(["1989", "1990"]).run()
    app.selectbox(key="sel_quick_method").set_value("clark").run()  # the picker holds run keys
    app.button(key="sel_quick_apply").click().run()
    assert not app.exception
    english = table(app, "sel_selected")
    assert list(english.loc[["1989", "1990"], "method"]) == ["clark", "clark"]
    app.sidebar.selectbox(key="sidebar_language").set_value("zh").run()
    reader["language"] = "zh"
    assert not app.exception
    chinese = table(app, "sel_selected")
    assert chinese.loc["合计", "ibnr"] == pytest.approx(english.loc["Total", "ibnr"])
    assert app.selectbox(key="sel_quick_method").value == "clark"
    assert "Clark增长曲线法" in app.selectbox(key="sel_quick_method").options
    editor = app.get_by_key("sel_editor")
    assert editor.value.loc["1989", "method"] == "clark"
    columns = json.loads(editor.proto.columns)
    assert columns["weight: clark"]["label"] == "权重：Clark增长曲线法"
    app.button(key="sel_apply").click().run()  # applying the Chinese screen keeps the same selection
    assert not app.exception
    assert table(app, "sel_selected").loc["合计", "ibnr"] == pytest.approx(english.loc["Total", "ibnr"])
    app.sidebar.selectbox(key="sidebar_language").set_value("en").run()
    reader["language"] = "en"
    back = table(app, "sel_selected")
    assert back.loc["Total", "ibnr"] == pytest.approx(english.loc["Total", "ibnr"])
    assert list(back.loc[["1989", "1990"], "method"]) == ["clark", "clark"]


def test_measures_statuses_and_samples_read_in_chinese(zh):
    choose_dataset(zh, "sample:xyz")
    measure = zh.sidebar.selectbox(key="sidebar_measure")
    assert measure.options[:2] == ["已决赔款", "已报案赔款"]
    assert zh.sidebar.selectbox(key="sidebar_dataset").options[0] == "示例：RAA（Mack 1994）"
    assert {m.label for m in zh.main.metric} >= {"已决赔款", "未决赔款", "报案件数", "结案件数"}
    zh.switch_page("app_pages/data.py").run()
    assert "指标：已报案赔款。粒度：年。" in [c.value for c in zh.caption]  # the sample picker still shows RAA
