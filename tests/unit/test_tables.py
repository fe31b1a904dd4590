"""The table helper's formats and CSV export: ratios keep decimals, formula-like text stays text."""

import pandas as pd
import pytest

from components.core.tables import AMOUNT, FACTOR, RATIO, column_format, csv_bytes


def test_ratio_columns_keep_decimals_in_an_amount_table() -> None:
    assert column_format("loss_ratio", AMOUNT, "float64") == RATIO
    assert column_format("a_over_e", AMOUNT, "float64") == RATIO
    assert column_format("ibnr", AMOUNT, "float64") == AMOUNT
    assert column_format("12-24", FACTOR, "float64") == FACTOR


def test_without_a_table_format_each_float_column_chooses() -> None:
    assert column_format("deviation_rate", None, "float64") == RATIO
    assert column_format("deviation", None, "float64") == AMOUNT  # an amount, 0 decimals (was 2, unlike AvE's)
    assert column_format("row", None, "int64") is None


def test_csv_escapes_formula_like_text_and_keeps_numbers() -> None:
    frame = pd.DataFrame({"segment": ["=HYPERLINK(1)", "motor"], "ibnr": [1234.5, 10.0]}).set_index("segment")
    text = csv_bytes(frame).decode("utf-8-sig").splitlines()
    assert text[0] == "segment,ibnr"
    assert text[1] == "'=HYPERLINK(1),1234.5"
    assert text[2] == "motor,10.0"


def test_the_grid_names_methods_and_dashes_missing_text_while_the_csv_keeps_keys() -> None:
    from components.core.tables import CODED_COLUMNS, display_frame
    from components.i18n.labels import run_key_text

    frame = pd.DataFrame(
        {"previous_method": ["mack", None], "method": ["chainladder_paid", "bf"], "ibnr": [1.0, 2.0]},
        index=pd.Index(["1981", "Total"], name="origin"),
    )
    shown = display_frame(frame)
    assert shown["previous_method"].tolist() == ["mack", "—"]  # None never shows as 'None'
    assert CODED_COLUMNS["previous_method"] is run_key_text and CODED_COLUMNS["method"] is run_key_text
    assert run_key_text("mack") == "Mack chain ladder"
    assert run_key_text("chainladder_paid") == "Chain ladder (paid)"
    assert run_key_text("bf") == "Bornhuetter-Ferguson"
    assert run_key_text(None) == "—" and run_key_text("") == ""
    assert run_key_text("my_method") == "my_method"  # not a code: shown as it is
    assert "previous_method,method,ibnr" in csv_bytes(frame).decode("utf-8-sig").splitlines()[0]
    assert "mack,chainladder_paid" in csv_bytes(frame).decode("utf-8-sig")


MESSAGES = [
    (
        "TailAssumptions.kind: munich is run without a tail; set the tail to 'none'",
        "Tail (kind of tail): Munich chain ladder is run without a tail; set the tail to 'none'",
        "关于尾部中的尾部类型：Munich链梯法 is run without a tail; set the tail to 'none'",
    ),
    (
        "LossRatioAssumptions: bf needs an a-priori loss ratio; none for 1998 (give a default, or source 'cape_cod')",
        "A-priori loss ratios: Bornhuetter-Ferguson needs an a-priori loss ratio; none for 1998 "
        "(give a default, or source Cape Cod)",
        None,
    ),
    (
        "unknown measure 'paid'; the data has ['累计赔款', '已决']",
        "unknown measure 'paid'; the data has 累计赔款, 已决",
        None,
    ),
    (
        "chainladder needs a 'paid' triangle; the data has []",
        "Chain ladder needs a 'paid' triangle; the data has none",
        None,
    ),
    ("see mack.py and Mack's paper", "see mack.py and Mack's paper", None),  # not a code standing alone
    # a name already written out stays whole, and the key to type beside it in brackets stays a key
    (
        "unknown method 'magic'; by key: ODP bootstrap (bootstrap); Chain ladder (chainladder)",
        "unknown method 'magic'; by key: ODP bootstrap (bootstrap); Chain ladder (chainladder)",
        "unknown method 'magic'; by key: 自助法 (bootstrap); 链梯法 (chainladder)",
    ),
]


@pytest.mark.parametrize(("raw", "english", "chinese"), MESSAGES)
def test_engine_messages_are_worded_for_the_user(raw, english, chinese, monkeypatch) -> None:
    from components.core import state
    from components.core.feedback import user_message

    assert user_message(raw) == english
    if chinese is not None:
        monkeypatch.setattr(state, "language", lambda: "zh")
        assert user_message(raw) == chinese


def test_error_text_words_the_message_and_keeps_the_place() -> None:
    from components.core.feedback import error_text
    from reserving.errors import AssumptionError

    text = error_text(AssumptionError("DevelopmentAssumptions.n_periods: must be a whole number >= 2, got 1"))
    assert text == "Development (number of periods): must be a whole number >= 2, got 1"
    assert "DevelopmentAssumptions" not in text


def test_headers_of_the_uncertainty_tables_are_words() -> None:
    from components.i18n.labels import column_text

    assert column_text("p99.5") == "99.5th percentile"
    assert column_text("cdr_std_err_mack") == "One-year CDR s.e. (Mack sigma)"
    assert column_text("previous_method") == "Previous method"
    assert column_text("process_std_err") == "Process s.e."


def test_a_mixed_column_shows_a_dash_for_none() -> None:
    from components.core.tables import display_frame

    frame = pd.DataFrame({"item": ["tail.factor", "loss_ratio.source"], "old": [None, "cape_cod"], "new": [1.05, None]})
    frame["new"] = frame["new"].astype(object)
    shown = display_frame(frame)
    assert shown["old"].tolist() == ["—", "cape_cod"] and shown["new"].tolist() == [1.05, "—"]


def test_flag_reasons_are_words_in_both_languages(monkeypatch) -> None:
    from components.core import state
    from components.core.tables import CODED_COLUMNS

    assert CODED_COLUMNS["flag_reason"]("nil_reserve") == "emergence on a nil reserve"
    assert CODED_COLUMNS["flag_reason"]("") == ""
    monkeypatch.setattr(state, "language", lambda: "zh")
    assert CODED_COLUMNS["flag_reason"]("deficiency") == "不足（重估高于原准备金）"
