"""Comparing two valuations: assumption items and results side by side, with hand-computed changes."""

from __future__ import annotations

import math

import pytest
from storage_helpers import ACTUARY, MEASURE, SEGMENT, storage_results

from reserving.storage.diff import flatten, results_frame


def test_compare_valuations_diffs_assumptions_and_results(storage_repo):
    ds = storage_repo.save_dataset("d", b"d", user=ACTUARY)
    a = storage_repo.create_valuation(
        ds.content_hash, SEGMENT, MEASURE,
        {"method": "chainladder", "ldf": [2.0, 1.25], "average": "volume"},
        storage_results({"2021": 1000.0, "2022": 500.0}),
        user=ACTUARY,
    )  # fmt: skip
    b = storage_repo.create_valuation(
        ds.content_hash, SEGMENT, MEASURE,
        {"method": "bornhuetter_ferguson", "ldf": [2.0, 1.5], "elr": 0.65},
        storage_results({"2021": 1100.0, "2022": 500.0}),
        user=ACTUARY,
    )  # fmt: skip
    assumptions, results = storage_repo.compare_valuations(a.id, b.id)

    rows = assumptions.set_index("item")
    assert list(rows.index) == ["average", "elr", "ldf[0]", "ldf[1]", "method"]
    assert list(rows["changed"]) == [True, True, False, True, True]
    assert rows.loc["ldf[1]", "change"] == pytest.approx(0.25)
    assert rows.loc["ldf[1]", "relative_change"] == pytest.approx(0.2)
    assert rows.loc["method", "a"] == "chainladder" and rows.loc["method", "b"] == "bornhuetter_ferguson"
    assert rows.loc["elr", "a"] is None and rows.loc["elr", "b"] == 0.65
    assert math.isnan(rows.loc["average", "relative_change"])

    ult = results[results["field"] == "ultimate"].set_index("origin")
    assert list(ult.index) == ["2021", "2022", "Total"]
    assert list(ult["a"]) == [1000.0, 500.0, 1500.0]
    assert list(ult["b"]) == [1100.0, 500.0, 1600.0]
    assert list(ult["change"]) == [100.0, 0.0, 100.0]
    assert ult.loc["2021", "relative_change"] == pytest.approx(0.1)
    assert ult.loc["Total", "relative_change"] == pytest.approx(100 / 1500)
    assert set(results["field"]) == {"latest", "ultimate", "ibnr", "std_err"}
    assert (results["segment"] == "All segments").all()


def test_results_by_segment_are_labelled():
    block = storage_results({"2021": 10.0})
    a = {"results": [{"segment": {"line": "motor"}, **block}], "total": block["total"]}
    b = {"results": [{"segment": {"line": "motor"}, **storage_results({"2021": 12.0})}], "total": {"ultimate": 12.0}}
    frame = results_frame(a, b)
    ult = frame[frame["field"] == "ultimate"]
    assert list(zip(ult["segment"], ult["origin"], ult["b"], strict=True)) == [
        ("line=motor", "2021", 12.0),
        ("line=motor", "Total", 12.0),
        ("All segments", "Total", 12.0),
    ]


def test_flatten_names_every_leaf():
    assert flatten({"b": {"x": [1, {"y": 2}]}, "a": [], "c": {}}) == {"a": [], "b.x[0]": 1, "b.x[1].y": 2, "c": {}}
