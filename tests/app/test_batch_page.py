"""Batch page: run the batch engine from the app with a progress bar; stored valuations; roles; uploaded configs."""

from __future__ import annotations

from pathlib import Path

import pytest

from reserving.assumptions import SegmentAssumptions, TailAssumptions
from reserving.dataset import segment_label
from reserving.methods import MethodInputs, run_method
from reserving.samples import get_sample
from reserving.storage import Repository, open_database
from tests.app.conftest import choose_dataset, table
from tests.app.saved_helpers import go, login, messages, session

BATCH = Path(__file__).resolve().parents[1] / "data" / "batch"
SEGMENTS = [
    (("company", "Canal Ins Co Grp"), ("line", "comauto")),
    (("company", "Erie Ins Exchange Grp"), ("line", "comauto")),
    (("company", "FL Farm Bureau Grp"), ("line", "ppauto")),
]


def _engine_ultimate(key, assumptions: SegmentAssumptions | None = None) -> float:
    """Chain ladder ultimate of one clrd segment on paid, straight from the engine."""
    inputs = MethodInputs.from_dataset(get_sample("clrd"), "paid", key)
    return run_method("chainladder", inputs, assumptions or SegmentAssumptions(measure="paid")).total["ultimate"]


def _progress(at) -> list:
    """The progress bars on the page, as protos (value 0..100 and text)."""
    return [element.proto for element in at.progress]


def _batch_on_clrd(at, assumptions: str = "defaults"):
    choose_dataset(at, "sample:clrd")
    at.sidebar.selectbox(key="sidebar_measure").set_value("paid").run()
    go(at, "batch")
    assert at.caption[1].value == "Dataset: CAS Schedule P companies, valued 2007-12-31"
    at.multiselect(key="batch_segments").set_value([segment_label(key) for key in SEGMENTS]).run()
    assert at.multiselect(key="batch_methods").value == ["chainladder", "mack"]
    assert at.selectbox(key="batch_selected").value == "chainladder"
    at.radio(key="batch_assumptions").set_value(assumptions)
    at.radio(key="batch_workers").set_value(1)
    at.button(key="batch_run").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def test_batch_run_stores_one_valuation_per_segment_with_the_engine_totals():
    at = _batch_on_clrd(session())
    bars = _progress(at)
    assert len(bars) == 1 and bars[0].value == 100  # the bar ended full
    assert bars[0].text == "Done: 3 valuations stored."
    assert messages(at) == ["Batch finished: 3 draft valuations stored."]

    repo = Repository(open_database())
    stored = repo.list_valuations()
    assert [tuple(sorted(v.segment.items())) for v in stored] == SEGMENTS
    assert {(v.measure, v.method, v.status, v.created_by) for v in stored} == {
        ("paid", "chainladder", "draft", "local")
    }
    for record, key in zip(stored, SEGMENTS, strict=True):
        assert record.results["total"]["ultimate"] == pytest.approx(_engine_ultimate(key), rel=1e-12)
        assert set(record.results["methods"]) == {"chainladder", "mack"}

    shown = table(at, "batch_results").set_index("id")
    assert list(shown.index) == [v.id for v in stored]
    assert list(shown["ultimate"]) == pytest.approx([v.results["total"]["ultimate"] for v in stored])
    assert set(shown["assumptions"]) == {"defaults"}

    # The link of each row opens that valuation on the Valuations page.
    at.query_params["valuation"] = str(stored[1].id)
    go(at, "valuations")
    assert at.selectbox(key="val_pick").value == str(stored[1].id)


def test_latest_saved_assumptions_from_the_saved_work_page_are_used():
    at = session()
    choose_dataset(at, "sample:clrd")
    at.sidebar.selectbox(key="sidebar_measure").set_value("paid").run()
    at.sidebar.selectbox(key="sidebar_segment").set_value(segment_label(SEGMENTS[0])).run()
    go(at, "tail")
    at.selectbox(key="tail_kind").set_value("constant").run()
    at.number_input(key="tail_factor").set_value(1.05).run()
    go(at, "saved")
    at.button(key="saved_save_assumptions").click().run()
    assert messages(at) == ["Assumptions saved (1 segment and measure sets)."]

    _batch_on_clrd(at, assumptions="saved")
    shown = table(at, "batch_results")
    assert list(shown["assumptions"]) == ["saved v1", "defaults", "defaults"]
    with_tail = SegmentAssumptions(measure="paid", tail=TailAssumptions(kind="constant", factor=1.05))
    expected = [_engine_ultimate(SEGMENTS[0], with_tail), _engine_ultimate(SEGMENTS[1]), _engine_ultimate(SEGMENTS[2])]
    assert list(shown["ultimate"]) == pytest.approx(expected, rel=1e-12)
    assert expected[0] == pytest.approx(1.05 * _engine_ultimate(SEGMENTS[0]), rel=1e-12)


def test_viewer_cannot_run_a_batch():
    at = go(login("vera"), "batch")
    button = at.button(key="batch_run")
    assert button.disabled
    assert button.help == "Your role (viewer) does not allow this."
    assert not Repository(open_database()).list_valuations()


def test_an_uploaded_config_runs_and_a_path_outside_its_files_is_refused():
    at = go(session(), "batch")
    at.radio(key="batch_source").set_value("config").run()
    config = (BATCH / "clrd.toml").read_bytes()
    at.file_uploader(key="batch_upload").set_value([("CONFIG.toml", config, "application/toml")]).run()
    assert not at.exception
    assert at.multiselect(key="batch_methods").value == ["chainladder", "mack", "bf"]
    at.button(key="batch_run").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    stored = Repository(open_database()).list_valuations()
    assert len(stored) == 4  # the config's four segments
    assert {v.created_by for v in stored} == {"local"}  # the logged-in user, not the config's 'li'

    outside = b'measure = "paid"\nselected = "chainladder"\n[source]\npath = "/etc/passwd"\n'
    at.file_uploader(key="batch_upload").set_value([("CONFIG.toml", outside, "application/toml")]).run()
    assert [e.value for e in at.error] == [
        "config key 'source.path': '/etc/passwd' is outside the config's folder; in the app a config may "
        "only name files uploaded with it (by their name)"
    ]
    assert len(Repository(open_database()).list_valuations()) == 4  # nothing more stored
