"""The valuation schema: one typed layout, JSON-safe, that still reads what the writers before it saved.

`tests/data/valuation/old_layout.json` was written by the app's, the batch's and the
``estimate`` command's own writers before `reserving.valuation` existed (see its ``about``),
on the four-segment quarterly data of `tests/valuation_four_segments.py`.
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from pathlib import Path

import openpyxl
import pytest

from reserving.assumptions import SegmentAssumptions, Selection, TailAssumptions
from reserving.errors import AssumptionError
from reserving.reports import export, load_valuation_report
from reserving.valuation import (
    SCHEMA_VERSION,
    SUM,
    SUMMED_TRIANGLE,
    ValuationResults,
    assumptions_json,
    company_spec,
    json_number,
    json_value,
    parse_aggregate,
    spec_from_json,
    value,
)
from tests.unit.storage_helpers import CHIEF
from tests.valuation_four_segments import four_segment_dataset, four_segment_source

OLD = json.loads((Path(__file__).resolve().parents[1] / "data" / "valuation" / "old_layout.json").read_text("utf-8"))


def test_nan_and_infinity_become_null_everywhere():
    assert json_number(float("nan")) is None
    assert json_number(float("inf")) is None
    assert json_number(None) is None
    assert json_number("x") is None
    assert json_number(2) == 2.0
    import numpy as np

    assert json_value({"a": [np.float64("nan"), np.int64(3)], "b": (1.5,)}) == {"a": [None, 3], "b": [1.5]}


def test_aggregate_names():
    assert parse_aggregate(None) == SUM
    assert parse_aggregate("summed-triangle") == SUMMED_TRIANGLE
    assert parse_aggregate("summed_triangle") == SUMMED_TRIANGLE
    with pytest.raises(AssumptionError, match="summed-triangle"):
        parse_aggregate("average")


@pytest.mark.parametrize("name", ["app_all_segments", "batch_segment"])
def test_old_app_and_batch_results_read_with_their_totals(name):
    saved = OLD[name]["results"]
    read = ValuationResults.from_dict(saved)
    assert read.schema_version == 1
    assert read.total.ultimate == saved["total"]["ultimate"]
    assert read.total.ibnr == saved["total"]["ibnr"]
    assert [row.origin for row in read.selected.origins] == [o["origin"] for o in saved["origins"]]
    assert set(read.methods) == set(saved["methods"])
    # "All segments" in the old app was chain ladder on the summed triangle: read as such
    assert read.aggregate == (
        SUMMED_TRIANGLE if name == "app_all_segments" else SUMMED_TRIANGLE if not saved["segment"] else read.aggregate
    )
    # written again, nothing is lost: every old key survives with the same value
    again = read.to_dict()
    for key, written in saved.items():
        assert again[key] == written, key
    assert again["schema_version"] == SCHEMA_VERSION


def test_old_estimate_output_reads_as_a_sum_of_segments():
    saved = OLD["cli_estimate"]
    read = ValuationResults.from_dict(saved)
    assert read.aggregate == SUM
    assert len(read.segments) == 4
    assert read.total.ultimate == pytest.approx(sum(r["total"]["ultimate"] for r in saved["results"]), rel=1e-12)
    assert read.total.ultimate == saved["total"]["ultimate"]
    assert sum(row.ibnr for row in read.selected.origins) == pytest.approx(saved["total"]["ibnr"], rel=1e-12)


def test_old_assumptions_read_as_the_summed_triangle_they_were_valued_on():
    spec = spec_from_json("paid", {}, OLD["app_all_segments"]["assumptions"])
    assert spec.aggregate == SUMMED_TRIANGLE
    assert spec.parts == ()
    assert spec.assumptions.tail == TailAssumptions(kind="constant", factor=1.05)
    assert spec.methods == ("chainladder", "mack")


def test_new_assumptions_round_trip_with_each_segment():
    data = four_segment_dataset()
    keys = data.segment_keys()
    own = {keys[0]: SegmentAssumptions(measure="paid", tail=TailAssumptions(kind="constant", factor=1.02))}
    spec = company_spec(
        "paid", keys, ["chainladder", "mack"], SegmentAssumptions(measure="paid"), segment_assumptions=own
    )
    saved = json.loads(json.dumps(assumptions_json(spec)))
    assert saved["aggregate"] == SUM and saved["schema_version"] == SCHEMA_VERSION
    again = spec_from_json("paid", {}, saved)
    assert again == spec
    assert again.parts[0].assumptions.tail.factor == 1.02
    assert again.parts[1].assumptions.tail.kind == "none"


def _store_old(repo, name: str) -> int:
    data, mapping = four_segment_source()
    dataset = repo.save_dataset("china4", data, user=CHIEF, mapping=mapping.to_dict(), file_name="china4.csv")
    old = OLD[name]
    record = repo.create_valuation(
        dataset.content_hash, old["segment"], old["measure"], old["assumptions"], old["results"], user=CHIEF
    )
    return record.id


@pytest.mark.parametrize("name", ["app_all_segments", "batch_segment"])
def test_an_old_saved_valuation_still_opens_and_exports_its_own_figures(storage_repo, name):
    valuation_id = _store_old(storage_repo, name)
    report = load_valuation_report(storage_repo, valuation_id)
    stored = OLD[name]["results"]["total"]["ultimate"]
    assert report.exhibits.matches_stored is True
    assert report.exhibits.selected_total["ultimate"] == pytest.approx(stored, rel=1e-9)
    book = openpyxl.load_workbook(io.BytesIO(export(report, "xlsx")), read_only=True)
    assert book.sheetnames
    with zipfile.ZipFile(io.BytesIO(export(report, "zip"))) as papers:
        names = papers.namelist()
        saved = json.loads(papers.read(next(n for n in names if n.endswith("/results.json"))))
        recomputed = json.loads(papers.read(next(n for n in names if n.endswith("results_recomputed.json"))))
    assert saved == OLD[name]["results"]
    assert math.isclose(recomputed["total"]["ultimate"], stored, rel_tol=1e-9)


def test_summed_triangle_and_sum_of_segments_differ_on_this_data():
    """Why the choice matters: chain ladder with a 1.05 tail, 4 segments of quarterly data."""
    data = four_segment_dataset()
    tail = SegmentAssumptions(
        measure="paid",
        tail=TailAssumptions(kind="constant", factor=1.05),
        selection=Selection(default_method="chainladder"),
    )
    summed = OLD["app_all_segments"]["results"]["total"]["ultimate"]

    spec = company_spec("paid", data.segment_keys(), ["chainladder"], tail, aggregate=SUMMED_TRIANGLE)
    assert value(data, spec).total.ultimate == pytest.approx(summed, rel=1e-12)
    by_segment = value(data, company_spec("paid", data.segment_keys(), ["chainladder"], tail)).total.ultimate
    assert by_segment != pytest.approx(summed, rel=1e-4)
