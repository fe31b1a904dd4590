"""Bad uploads on the Data page: a placed `st.error`, no exception, and the dataset in use stays as it was.

A representative subset of the corpus in tests/data/bad goes through the real upload widget
after the user has loaded another sample, so the test proves that a refused file neither
replaces nor disturbs what was already loaded.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from components.core.state import DatasetRef
from reserving.errors import Location
from tests.app.conftest import ROOT

BAD = ROOT / "tests" / "data" / "bad"
GENINS_LATEST = "34,358,090"  # Taylor-Ashe latest paid diagonal
MIME = {"csv": "text/csv", "xlsx": "application/octet-stream", "parquet": "application/octet-stream"}

# file -> (place, words of the message): the first error of each file, as in tests/unit/test_bad_inputs.py.
CASES = {
    "empty.csv": (Location("empty.csv"), "the file is empty"),
    "png_renamed.xlsx": (Location("png_renamed.xlsx"), "the file is not an Excel .xlsx workbook"),
    "truncated.xlsx": (Location("truncated.xlsx"), "the file is a damaged zip/.xlsx archive"),
    "nul_bytes.csv": (Location("nul_bytes.csv"), "the file is binary"),
    "ragged_rows.csv": (Location("ragged_rows.csv", row=4), "line 4 has 4 fields but the header has 3"),
    "formula_no_cache.xlsx": (Location("formula_no_cache.xlsx", "Claims", 3), "cell C3 holds a formula"),
    "text_in_numeric.csv": (Location("text_in_numeric.csv", row=5, column="paid"), "not a number: '1l0'"),
    "merged_cells.xlsx": (
        Location("merged_cells.xlsx", "Claims", 3, "accident_year"),
        "the origin is missing",
    ),
    "wrong_types.parquet": (
        Location("wrong_types.parquet", row=4, column="accident_year"),
        "cannot read the origin: not a period or date: '2019.5'",
    ),
    "duplicate_cells.csv": (Location("duplicate_cells.csv", row=8, column="development"), "duplicate cell"),
    "measure_column_empty.csv": (Location("measure_column_empty.csv", column="paid"), "the paid column is empty"),
    "development_overflow.csv": (
        Location("development_overflow.csv", row=4, column="development"),
        "development age 99999 months is beyond any date",
    ),
}


def load_genins(at: AppTest) -> AppTest:
    """Make Taylor-Ashe the current dataset through the Data page, as a user would."""
    at.selectbox(key="data_sample").set_value("genins").run()
    at.button(key="data_load_sample").click().run()
    assert not at.exception
    assert at.session_state["dataset_ref"] == DatasetRef("sample", "genins")
    return at


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_upload_shows_a_placed_error_and_keeps_the_dataset(app, name):
    place, words = CASES[name]
    load_genins(app)
    data = (BAD / name).read_bytes()
    app.file_uploader(key="data_upload").set_value((name, data, MIME[name.rsplit(".", 1)[1]])).run()
    assert not app.exception
    errors = [e.value for e in app.error]
    expected = f"{place.describe()}: {words}"
    assert any(expected in text for text in errors), errors
    assert not any(text.startswith("Something went wrong") for text in errors)
    use = app.get("button")
    use = [b for b in use if b.key == "data_use"]
    assert not use or use[0].disabled
    assert app.session_state["dataset_ref"] == DatasetRef("sample", "genins")
    assert app.session_state["uploads"] == ()
    assert {m.label: m.value for m in app.metric} == {"paid": GENINS_LATEST}


def test_a_good_upload_after_a_bad_one_still_works(app):
    load_genins(app)
    bad = (BAD / "text_in_numeric.csv").read_bytes()
    app.file_uploader(key="data_upload").set_value(("text_in_numeric.csv", bad, "text/csv")).run()
    assert app.error
    good = (BAD / "bom_mid_file.csv").read_bytes()
    app.file_uploader(key="data_upload").set_value(("bom_mid_file.csv", good, "text/csv")).run()
    assert not app.exception
    assert not app.error
    app.button(key="data_use").click().run()
    assert app.session_state["dataset_ref"].kind == "upload"
    assert {m.label: m.value for m in app.metric} == {"paid": "450"}  # 170 + 160 + 120
