"""Comparing two valuations: assumption items and results side by side, with hand-computed changes."""

from __future__ import annotations

import math

import pytest
from storage_helpers import ACTUARY, MEASURE, SEGMENT, storage_results

from reserving.storage.diff import assumptions_frame, flatten, result_rows, results_frame


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


def test_lists_are_diffed_by_name_not_position():
    # Issue 17 item 10: "methods[8] munich -> clark" must read as a change of the named method.
    before = {
        "methods": ["chainladder", "mack", "munich"],
        "segments": [
            {"segment": {"line": "motor"}, "tail": {"kind": "none"}},
            {"segment": {"line": "fire"}, "tail": {"kind": "constant"}},
        ],
        "selection": {"by_origin": [["1990", [["chainladder", 1.0]], "young"]]},
        "development": {"overrides": [[12, 2.0], [24, 1.3]], "excluded_cells": [["1990", 12]], "ldf": [2.0, 1.5]},
        "loss_ratio": {"by_origin": [["1989", 0.6], ["1990", 0.7]]},
    }
    after = {
        "methods": ["chainladder", "clark", "mack"],  # munich dropped, clark added: every position moves
        "segments": [
            {"segment": {"line": "fire"}, "tail": {"kind": "constant"}},  # order changed, nothing else
            {"segment": {"line": "motor"}, "tail": {"kind": "exponential"}},
        ],
        "selection": {"by_origin": [["1990", [["chainladder", 0.5], ["bornhuetter_ferguson", 0.5]], "young"]]},
        "development": {"overrides": [[24, 1.3]], "excluded_cells": [["1990", 12]], "ldf": [2.0, 1.6]},
        "loss_ratio": {"by_origin": [["1990", 0.7]]},
    }
    frame = assumptions_frame(flatten(before), flatten(after))
    changed = frame[frame["changed"]].set_index("item")
    assert sorted(changed.index) == [
        "development.ldf[1]",
        "development.overrides[12]",
        "loss_ratio.by_origin[1989]",
        "methods[clark]",
        "methods[munich]",
        "segments[line=motor].tail.kind",
        "selection.by_origin[1990].weights[bornhuetter_ferguson]",
        "selection.by_origin[1990].weights[chainladder]",
    ]
    assert (changed.loc["methods[munich]", "a"], changed.loc["methods[munich]", "b"]) == ("munich", None)
    assert (changed.loc["methods[clark]", "a"], changed.loc["methods[clark]", "b"]) == (None, "clark")
    assert changed.loc["segments[line=motor].tail.kind", "b"] == "exponential"
    assert changed.loc["selection.by_origin[1990].weights[chainladder]", "change"] == pytest.approx(-0.5)
    assert changed.loc["development.overrides[12]", "a"] == 2.0  # the age-12 override removed
    assert changed.loc["development.ldf[1]", "relative_change"] == pytest.approx(0.1 / 1.5)  # factors by age


def test_a_material_change_names_the_method_added():
    from reserving.storage.workflow import material_changes

    prev = {"method": "chainladder", "assumptions": {"methods": ["chainladder", "mack", "munich"]}, "results": {}}
    new = {"method": "chainladder", "assumptions": {"methods": ["chainladder", "clark", "mack", "munich"]}}
    assert material_changes(prev, new, 0.05) == ["assumption 'methods[clark]' added ('clark')"]


def test_a_one_segment_valuation_lists_its_rows_once_and_a_sum_lists_each_segment():
    one = storage_results({"2021": 10.0})
    single = {
        "schema_version": 2,
        "segment": {"line": "motor"},
        **one,
        "results": [{"segment": {"line": "motor"}, **one}],
    }
    keys = list(result_rows(single))
    assert keys == [("line=motor", "2021"), ("line=motor", "Total")]
    motor, fire = storage_results({"2021": 10.0}), storage_results({"2021": 5.0})
    company = {
        "schema_version": 2,
        "segment": {},
        **storage_results({"2021": 15.0}, latest=200.0),
        "results": [{"segment": {"line": "motor"}, **motor}, {"segment": {"line": "fire"}, **fire}],
    }
    rows = result_rows(company)
    assert list(rows)[:2] == [("All segments", "2021"), ("All segments", "Total")]
    assert rows[("All segments", "Total")]["ultimate"] == 15.0
    assert rows[("line=fire", "Total")]["ultimate"] == 5.0 and len(rows) == 6
