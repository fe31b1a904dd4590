"""One valuation, one number: on four-segment quarterly data, every place that shows "All segments" agrees.

The data are `sample:china` cut to 2 branches x 2 lines (`tests/valuation_four_segments.py`),
quarterly like the held-out workbook, uploaded as a user would. For each way of valuing
"All segments" (the sum of the segments, the default; or the summed triangle developed),
and after a tail of 1.05 typed under "All segments", the Overview headline, the Selection
page, the Tail page, the saved valuation, its export and the ``estimate`` command give the
same IBNR. The expected figures are computed here with the engine alone (chain ladder, the
default selection, per segment or on the summed triangle): the sum of the segments with the
tail is not the summed triangle with the tail, so a page that developed the wrong one fails.
"""

from __future__ import annotations

import io
import json

import openpyxl
import pytest

from components.core.state import DatasetRef, FileBlob, UploadRecord
from reserving.assumptions import SegmentAssumptions, TailAssumptions
from reserving.commands.estimate import estimate
from reserving.methods.inputs import MethodInputs
from reserving.methods.registry import run_method
from reserving.reports import export, load_valuation_report
from reserving.storage import Repository, open_database
from reserving.valuation import ValuationResults
from tests.app.conftest import table
from tests.app.saved_helpers import go, save_valuation, session, set_constant_tail
from tests.valuation_four_segments import four_segment_dataset, four_segment_source

TOLERANCE = 1e-9
"""Relative: the same engine on the same cells; only the order of additions may differ."""


def _engine_ibnr(tail: float | None, summed: bool) -> float:
    """Chain ladder IBNR of paid by hand from the engine: the summed triangle, or each segment added up."""
    data = four_segment_dataset()
    assumptions = SegmentAssumptions(measure="paid")
    if tail is not None:
        assumptions = SegmentAssumptions(measure="paid", tail=TailAssumptions(kind="constant", factor=tail))
    keys = [()] if summed else data.segment_keys()
    return sum(
        float(run_method("chainladder", MethodInputs.from_dataset(data, "paid", key), assumptions).total["ibnr"])
        for key in keys
    )


def _upload_session():
    data, mapping = four_segment_source()
    record = UploadRecord.of(FileBlob.of("china4.csv", data), json.dumps(mapping.to_dict(), sort_keys=True))
    at = session()
    at.session_state["uploads"] = (record,)
    at.session_state["dataset_ref"] = DatasetRef("upload", record.id)
    at.session_state["measure"] = "paid"
    at.run()
    assert not at.exception
    return at


def _metric(at, label: str) -> float:
    values = {m.label: m.value for m in at.metric}
    return float(values[label].replace(",", ""))


def _choose_aggregate(at, aggregate: str) -> None:
    at.sidebar.radio(key="sidebar_aggregate").set_value(aggregate).run()
    assert not at.exception


def _shown(at) -> dict[str, float]:
    """IBNR of All segments as each page shows it (full precision where a table has it)."""
    go(at, "overview")
    overview = table(at, "ov_reserve").loc["Total", "ibnr"]
    headline = _metric(at, "Selected IBNR")
    go(at, "selection")
    selection = table(at, "sel_selected").loc["Total", "ibnr"]
    selection_metric = _metric(at, "Selected IBNR")
    go(at, "tail")
    tail = _metric(at, "Total IBNR with tail")
    go(at, "methods")
    methods = table(at, "meth_totals").loc["Chain ladder (paid)", "ibnr"]
    return {
        "methods": float(methods),
        "overview": float(overview),
        "overview_headline": headline,
        "selection": float(selection),
        "selection_metric": selection_metric,
        "tail": tail,
    }


def _saved_and_exported(at) -> tuple[float, float, float]:
    save_valuation(at)
    repo = Repository(open_database())
    record = max(repo.list_valuations(), key=lambda r: r.id)
    stored = ValuationResults.from_dict(record.results).total.ibnr
    report = load_valuation_report(repo, record.id)
    assert report.exhibits.matches_stored is True
    book = openpyxl.load_workbook(io.BytesIO(export(report, "xlsx")), read_only=True)
    assert book.sheetnames
    return float(stored), float(report.exhibits.selected_total["ibnr"]), record.results["aggregate"]


def _cli(tail: float | None, aggregate: str) -> float:
    assumptions = SegmentAssumptions(measure="paid")
    if tail is not None:
        assumptions = SegmentAssumptions(measure="paid", tail=TailAssumptions(kind="constant", factor=tail))
    cli_name = "summed-triangle" if aggregate == "summed_triangle" else "sum"
    return float(
        estimate(four_segment_dataset(), "paid", "chainladder", assumptions, aggregate=cli_name)["total"]["ibnr"]
    )


def _check(at, aggregate: str, tail: float | None) -> float:
    expected = _engine_ibnr(tail, summed=aggregate == "summed_triangle")
    shown = _shown(at)
    for name in ("overview", "selection", "methods"):
        assert shown[name] == pytest.approx(expected, rel=TOLERANCE), (name, aggregate, tail)
    for name in ("overview_headline", "selection_metric", "tail"):
        assert shown[name] == pytest.approx(round(expected), abs=0.5), (name, aggregate, tail)  # shown to the unit
    stored, exported, saved_aggregate = _saved_and_exported(at)
    assert saved_aggregate == aggregate
    assert stored == pytest.approx(expected, rel=TOLERANCE)
    assert exported == pytest.approx(expected, rel=TOLERANCE)
    assert _cli(tail, aggregate) == pytest.approx(expected, rel=TOLERANCE)
    return expected


def test_every_page_export_and_command_show_one_total_for_all_segments():
    at = _upload_session()
    assert at.sidebar.radio(key="sidebar_aggregate").value == "sum"  # the company figure by default
    by_segment = _check(at, "sum", None)
    _choose_aggregate(at, "summed_triangle")
    summed = _check(at, "summed_triangle", None)
    assert by_segment != pytest.approx(summed, rel=1e-4)  # the choice matters on this data

    # a tail typed under All segments applies to the 4 segments (said so) and to the summed triangle
    set_constant_tail(at, 1.05)
    assert any("applies to 4 segments" in c.value for c in at.caption)
    with_tail_summed = _check(at, "summed_triangle", 1.05)
    _choose_aggregate(at, "sum")
    with_tail_by_segment = _check(at, "sum", 1.05)
    assert with_tail_by_segment > by_segment and with_tail_summed > summed


def test_all_segments_adds_up_each_segment_with_its_own_assumptions():
    """A tail set on one segment only: "All segments" is that segment with its tail plus the others without."""
    at = _upload_session()
    data = four_segment_dataset()
    key = (("branch", "北京"), ("line", "车险"))
    at.sidebar.selectbox(key="sidebar_segment").set_value("branch=北京, line=车险").run()
    assert not at.exception
    set_constant_tail(at, 1.05)
    at.sidebar.selectbox(key="sidebar_segment").set_value("").run()
    assert not at.exception
    plain = SegmentAssumptions(measure="paid")
    tailed = SegmentAssumptions(measure="paid", tail=TailAssumptions(kind="constant", factor=1.05))
    expected = sum(
        float(
            run_method("chainladder", MethodInputs.from_dataset(data, "paid", k), tailed if k == key else plain).total[
                "ibnr"
            ]
        )
        for k in data.segment_keys()
    )
    shown = _shown(at)
    for name in ("overview", "selection", "methods"):
        assert shown[name] == pytest.approx(expected, rel=TOLERANCE), name
    assert shown["tail"] == pytest.approx(round(expected), abs=0.5)
    stored, exported, _ = _saved_and_exported(at)
    assert stored == pytest.approx(expected, rel=TOLERANCE)
    assert exported == pytest.approx(expected, rel=TOLERANCE)
    assert expected != pytest.approx(_engine_ibnr(None, summed=False), rel=1e-4)
