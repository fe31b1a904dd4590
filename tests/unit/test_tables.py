"""The table helper's formats and CSV export: ratios keep decimals, formula-like text stays text."""

import pandas as pd

from components.core.tables import AMOUNT, DECIMAL, FACTOR, RATIO, column_format, csv_bytes


def test_ratio_columns_keep_decimals_in_an_amount_table() -> None:
    assert column_format("loss_ratio", AMOUNT, "float64") == RATIO
    assert column_format("a_over_e", AMOUNT, "float64") == RATIO
    assert column_format("ibnr", AMOUNT, "float64") == AMOUNT
    assert column_format("12-24", FACTOR, "float64") == FACTOR


def test_without_a_table_format_each_float_column_chooses() -> None:
    assert column_format("deviation_rate", None, "float64") == RATIO
    assert column_format("deviation", None, "float64") == DECIMAL
    assert column_format("row", None, "int64") is None


def test_csv_escapes_formula_like_text_and_keeps_numbers() -> None:
    frame = pd.DataFrame({"segment": ["=HYPERLINK(1)", "motor"], "ibnr": [1234.5, 10.0]}).set_index("segment")
    text = csv_bytes(frame).decode("utf-8-sig").splitlines()
    assert text[0] == "segment,ibnr"
    assert text[1] == "'=HYPERLINK(1),1234.5"
    assert text[2] == "motor,10.0"
