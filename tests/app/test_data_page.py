"""Data page: the default sample, picking another, uploads that load and uploads that must not."""

from __future__ import annotations

from components.core.state import DatasetRef
from tests.app.conftest import DATA, table


def test_lands_with_raa_loaded_and_summarised(app):
    assert app.session_state["dataset_ref"] == DatasetRef("sample", "raa")
    metrics = {m.label: m.value for m in app.metric}
    assert metrics == {"incurred": "160,987"}  # RAA latest diagonal, Mack (1993)
    facts = dict(table(app, "data_summary").itertuples(index=False))
    assert facts["Origins"] == "10 (1981 to 1990)"
    assert facts["Valuation date"] == "1990-12-31"
    assert facts["Origin grain"] == "year"
    assert facts["Development grain"] == "year"


def test_load_sample_button_switches_dataset_and_sidebar(app):
    app.selectbox(key="data_sample").set_value("genins").run()
    app.button(key="data_load_sample").click().run()
    assert not app.exception
    assert app.session_state["dataset_ref"] == DatasetRef("sample", "genins")
    assert app.sidebar.selectbox(key="sidebar_dataset").value == "sample:genins"
    # Taylor-Ashe latest diagonal: 3,901,463 + 5,339,085 + ... + 344,014.
    assert {m.label: m.value for m in app.metric} == {"paid": "34,358,090"}


def test_upload_csv_then_use_it(app):
    data = (DATA / "small_paid.csv").read_bytes()
    app.file_uploader(key="data_upload").set_value(("small_paid.csv", data, "text/csv")).run()
    assert not app.exception
    assert not app.error
    assert app.selectbox(key="data_map_origin").value == "accident_year"
    assert app.selectbox(key="data_map_development").value == "development"
    use = app.button(key="data_use")
    assert not use.disabled
    # Nothing changes until the user accepts the upload.
    assert app.session_state["dataset_ref"] == DatasetRef("sample", "raa")
    use.click().run()
    ref = app.session_state["dataset_ref"]
    assert ref.kind == "upload"
    assert {m.label: m.value for m in app.metric} == {"paid": "455"}  # 165 + 170 + 120
    app.switch_page("app_pages/triangles.py").run()
    grid = table(app, "tri_cumulative")
    assert list(grid.index) == ["2020", "2021", "2022"]
    assert grid.loc["2020", "36"] == 165.0
    assert grid.loc["2021", "24"] == 170.0


def test_malformed_upload_names_the_cell_and_keeps_the_dataset(app):
    data = (DATA / "bad_paid.csv").read_bytes()
    app.file_uploader(key="data_upload").set_value(("bad_paid.csv", data, "text/csv")).run()
    assert not app.exception
    message = app.error[0].value
    assert "row 3" in message
    assert "column 'paid'" in message
    assert "abc" in message
    assert app.button(key="data_use").disabled
    report = table(app, "data_report")
    assert report.iloc[0].tolist()[:5] == ["error", "bad_paid.csv", "", 3, "paid"]
    assert app.session_state["dataset_ref"] == DatasetRef("sample", "raa")
    assert {m.label: m.value for m in app.metric} == {"incurred": "160,987"}


def test_unreadable_upload_shows_error_without_traceback(app):
    junk = b"PK\x03\x04 this is not really a workbook"
    app.file_uploader(key="data_upload").set_value(("broken.xlsx", junk, "application/octet-stream")).run()
    assert not app.exception
    assert app.error
    assert "broken.xlsx" in app.error[0].value
    assert app.session_state["dataset_ref"] == DatasetRef("sample", "raa")


def test_unexpected_failure_shows_a_generic_message(app, monkeypatch):
    from reserving import ingest

    def broken(source):
        raise RuntimeError("internal detail")

    monkeypatch.setattr(ingest, "guess_mapping", broken)
    data = (DATA / "small_paid.csv").read_bytes()
    app.file_uploader(key="data_upload").set_value(("small_paid.csv", data, "text/csv")).run()
    assert not app.exception
    texts = [e.value for e in app.error]
    assert any(text.startswith("Something went wrong") for text in texts)
    assert not any("internal detail" in text for text in texts)
    assert app.session_state["dataset_ref"] == DatasetRef("sample", "raa")
