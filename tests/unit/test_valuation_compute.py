"""A valuation's figures: a segment's selection, the sum over segments, and "All segments" by either aggregate.

Expected values are written out by hand (small frames) or taken from the engine's own
per-segment chain ladder, added up here with plain Python.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from components.analysis.assumption_state import apply_changes, changed_parts
from reserving.assumptions import DevelopmentAssumptions, SegmentAssumptions, Selection, TailAssumptions
from reserving.commands.estimate import estimate
from reserving.methods.inputs import MethodInputs
from reserving.methods.registry import run_method
from reserving.methods.results import MethodResult, totals
from reserving.retrospection import analysis_of_change, change_report
from reserving.valuation import Figures, Row, Total, add_up, in_every, selected_figures, sum_results
from reserving.valuation.sums import sum_changes
from tests.valuation_four_segments import four_segment_dataset


def _result(method: str, ultimates: list[float], latest: list[float], std_err: list[float], premium=None):
    frame = pd.DataFrame(
        {
            "origin": ["2019Q1", "2019Q2"],
            "latest": latest,
            "ultimate": ultimates,
            "ibnr": np.array(ultimates) - np.array(latest),
            "std_err": std_err,
            "premium": premium if premium is not None else [np.nan, np.nan],
            "loss_ratio": np.nan,
            "cdf": np.nan,
        }
    )
    return MethodResult(method, "paid", frame, totals(frame, 7.0))


def test_selection_blend_and_standard_errors_by_hand():
    results = {
        "chainladder": _result("chainladder", [110.0, 220.0], [100.0, 150.0], [3.0, 4.0]),
        "bf": _result("bf", [120.0, 200.0], [100.0, 150.0], [np.nan, np.nan]),
    }
    plain = selected_figures(results, Selection(default_method="chainladder"))
    assert [row.ultimate for row in plain.origins] == [110.0, 220.0]
    assert [row.std_err for row in plain.origins] == [3.0, 4.0]
    assert plain.total.std_err == 7.0  # the method's own total s.e., never a sum of origins
    blend = Selection(by_origin=(("2019Q2", (("chainladder", 0.5), ("bf", 0.5)), "half"),))
    mixed = selected_figures(results, blend)
    assert mixed.origins[1].ultimate == pytest.approx(0.5 * 220 + 0.5 * 200)
    assert mixed.origins[1].ibnr == pytest.approx(210 - 150)
    assert mixed.origins[1].std_err is None and mixed.origins[1].reason == "half"
    assert mixed.total.ultimate == pytest.approx(110 + 210) and mixed.total.std_err is None


def test_segments_add_up_by_origin_with_a_null_standard_error():
    one = Figures(
        (Row("2019Q1", 100.0, 110.0, 10.0, 3.0, "chainladder", ""), Row("2019Q2", 150.0, 220.0, 70.0, 4.0, "bf", "")),
        Total(250.0, 330.0, 80.0, 5.0),
    )
    two = Figures((Row("2019Q2", 50.0, 60.0, 10.0, 1.0, "chainladder", ""),), Total(50.0, 60.0, 10.0, 1.0))
    summed = add_up([one, two], selected=True)
    assert [(r.origin, r.latest, r.ultimate, r.ibnr) for r in summed.origins] == [
        ("2019Q1", 100.0, 110.0, 10.0),
        ("2019Q2", 200.0, 280.0, 80.0),
    ]
    assert [r.method for r in summed.origins] == ["chainladder", "several"]
    assert all(r.std_err is None for r in summed.origins)
    assert summed.total == Total(300.0, 390.0, 90.0, None)
    assert add_up([one], selected=True) is one


def test_method_results_add_up_with_loss_ratios_from_the_sums():
    a = _result("chainladder", [110.0, 220.0], [100.0, 150.0], [3.0, 4.0], premium=[200.0, 400.0])
    b = _result("chainladder", [90.0, 80.0], [50.0, 60.0], [1.0, 2.0], premium=[100.0, 100.0])
    summed = sum_results([a, b])
    frame = summed.origins.set_index("origin")
    assert list(frame["ultimate"]) == [200.0, 300.0]
    assert list(frame["ibnr"]) == [(110 - 100) + (90 - 50), (220 - 150) + (80 - 60)]
    assert list(frame["loss_ratio"]) == pytest.approx([200 / 300, 300 / 500])
    assert frame["std_err"].isna().all() and np.isnan(summed.total["std_err"])
    assert summed.total["ultimate"] == 500.0


def test_estimate_values_all_segments_as_asked():
    data = four_segment_dataset()
    tail = SegmentAssumptions(measure="paid", tail=TailAssumptions(kind="constant", factor=1.05))
    own = [
        float(run_method("chainladder", MethodInputs.from_dataset(data, "paid", key), tail).total["ibnr"])
        for key in data.segment_keys()
    ]
    whole = float(run_method("chainladder", MethodInputs.from_dataset(data, "paid", ()), tail).total["ibnr"])
    by_segment = estimate(data, "paid", "chainladder", tail)
    assert len(by_segment["results"]) == 4 and by_segment["aggregate"] == "sum"
    assert by_segment["total"]["ibnr"] == pytest.approx(sum(own), rel=1e-12)
    assert [r["total"]["ibnr"] for r in by_segment["results"]] == pytest.approx(own, rel=1e-12)
    summed = estimate(data, "paid", "chainladder", tail, aggregate="summed-triangle")
    assert summed["results"][0]["segment"] == {} and len(summed["results"]) == 1
    assert summed["total"]["ibnr"] == pytest.approx(whole, rel=1e-12)
    assert abs(sum(own) - whole) > 100  # 20,171.85 vs 20,019.79: not the same figure


def test_change_of_all_segments_is_the_sum_the_report_gives():
    data = four_segment_dataset()
    prior, current = (
        SegmentAssumptions(measure="paid"),
        SegmentAssumptions(measure="paid", tail=TailAssumptions("constant", 1.02)),
    )
    date = pd.Timestamp("2023-12-31")
    report = change_report(data, data, "paid", prior, current, prior_date=date)
    own = [
        analysis_of_change(data, data, "paid", prior, current, segment=key, prior_date=date)
        for key in data.segment_keys()
    ]
    summed = sum_changes(own)
    assert summed.prior == pytest.approx(report.total.prior, rel=1e-12)
    assert summed.current == pytest.approx(report.total.current, rel=1e-12)
    assert list(summed.steps["change"]) == pytest.approx(list(report.total.steps["change"]), rel=1e-12, abs=1e-9)
    pd.testing.assert_frame_equal(summed.by_origin, report.total.by_origin)


def test_an_assumption_typed_under_all_segments_changes_only_that_field_in_each_segment():
    before = SegmentAssumptions(measure="paid")
    after = SegmentAssumptions(measure="paid", tail=TailAssumptions(kind="constant", factor=1.05))
    changes = changed_parts(before, after)
    assert changes == {"tail": {"kind": "constant", "factor": 1.05}}
    segment = SegmentAssumptions(measure="paid", development=DevelopmentAssumptions(average="simple"))
    applied = apply_changes(segment, changes)
    assert applied.tail == after.tail
    assert applied.development.average == "simple"  # what the segment set for itself stays


def test_only_methods_every_segment_has_are_added_up_in_the_first_segments_order() -> None:
    # Cape Cod failed on the second segment (no premium): the sum has the chain ladder and Mack only.
    first = {"chainladder": 1, "cape_cod": 2, "mack": 3}
    second = {"mack": 4, "chainladder": 5}
    assert in_every([first, second]) == ["chainladder", "mack"]
    assert in_every([second]) == ["mack", "chainladder"]
