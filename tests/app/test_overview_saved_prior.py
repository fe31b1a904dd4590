"""Overview against a saved valuation: the movement starts from what that valuation booked (issue 17 item 10).

Valuations are saved through the app (Saved work page) with different assumptions; the
one used as the prior is re-dated in the repository to a diagonal before the data's last
(the app saves at the data's own date), its stored figures untouched. The movement shown
must then be the current selected IBNR less the stored IBNR, per segment and in total:
the hand difference of the two saved records, not a rebuild at the prior's date.
"""

from __future__ import annotations

import math

import pytest

from reserving.assumptions import SegmentAssumptions, TailAssumptions
from reserving.methods.inputs import MethodInputs
from reserving.methods.registry import run_method
from reserving.samples import get_sample
from reserving.storage import Repository, open_database
from tests.app.conftest import choose_dataset, table
from tests.app.saved_helpers import go, save_valuation, session, set_constant_tail

TOLERANCE = 1e-6
"""Absolute: the page shows the stored figures and the engine's own, differenced once."""


def _redated(valuation_id: int, date: str, change=None) -> int:
    """A copy of a saved valuation booked at `date` (its results as stored, optionally changed); returns its id."""
    repo = Repository(open_database())
    saved = repo.get_valuation(valuation_id)
    results = {**saved.results, "valuation_date": date}
    if change is not None:
        results = change(results)
    return repo.create_valuation(
        saved.data_hash, saved.segment, saved.measure, saved.assumptions, results, user="local"
    ).id


def _stored(valuation_id: int) -> dict:
    return Repository(open_database()).get_valuation(valuation_id).results


def _against(at, valuation_id: int):
    go(at, "overview")
    at.radio(key="ov_prior_kind").set_value("valuation").run()
    at.selectbox(key="ov_prior_valuation").set_value(valuation_id).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    return table(at, "ov_reserve"), " ".join(c.value for c in at.caption)


def test_raa_movement_is_the_difference_of_two_saved_valuations():
    at = session()
    set_constant_tail(at, 1.05)
    save_valuation(at)  # valuation 1: chain ladder with a 1.05 tail
    go(at, "tail")
    at.selectbox(key="tail_kind").set_value("none").run()
    save_valuation(at)  # valuation 2: chain ladder, no tail (the current assumptions)
    prior = _redated(1, "1989-12-31")
    first, second = _stored(1)["total"]["ibnr"], _stored(2)["total"]["ibnr"]
    # by hand: RAA incurred chain ladder IBNR 52,135.2; with the 1.05 tail, 1.05 x ultimate - latest
    raa = MethodInputs.from_dataset(get_sample("raa"), "incurred")
    plain = run_method("chainladder", raa, SegmentAssumptions())
    assert second == pytest.approx(52135.2, abs=0.05)
    assert first == pytest.approx(1.05 * plain.total["ultimate"] - plain.total["latest"], rel=1e-9)

    shown, captions = _against(at, prior)
    assert shown.loc["Total", "ibnr_prior"] == pytest.approx(first, abs=TOLERANCE)
    assert shown.loc["Total", "ibnr"] == pytest.approx(second, abs=TOLERANCE)
    assert shown.loc["Total", "movement"] == pytest.approx(second - first, abs=TOLERANCE)
    assert second - first < -10000  # the tail taken off: about 0.05 x 213,122
    version = Repository(open_database()).get_valuation(prior).version
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[f"IBNR booked by valuation {prior} v{version}"] == f"{first:,.0f}"
    assert metrics["Movement"] == f"{second - first:,.0f}"
    assert f"The movement is against valuation {prior} version {version} (draft) at 1989-12-31" in captions
    # a date as the prior still rebuilds: chain ladder on RAA cut back to 1989-12-31
    at.radio(key="ov_prior_kind").set_value("date").run()
    cut = run_method(
        "chainladder", MethodInputs.from_dataset(get_sample("raa").cut("1989-12-31"), "incurred"), SegmentAssumptions()
    )
    assert table(at, "ov_reserve").loc["Total", "ibnr_prior"] == pytest.approx(cut.total["ibnr"])


def _label(key) -> str:
    return ", ".join(f"{c}={v}" for c, v in key)


def _segment_ibnr(results: dict) -> dict[str, float]:
    return {_label(tuple(sorted(part["segment"].items()))): part["total"]["ibnr"] for part in results["results"]}


@pytest.fixture
def china():
    """china valued as the sum of its segments, saved (valuation 1); then a 1.05 tail typed under All segments."""
    at = session()
    choose_dataset(at, "sample:china")
    save_valuation(at)
    set_constant_tail(at, 1.05)
    return at


def test_china_against_saved_sums_of_segments(china):
    """One saved sum of segments, then copies of it: all its segments, one left out, one summed triangle."""
    _moves_segment_by_segment(china)
    _segments_not_in_the_valuation_are_said(china)
    _a_summed_triangle_moves_only_in_total(china)
    _the_summed_triangle_now_moves_against_the_saved_sum(china)


def _moves_segment_by_segment(china):
    prior = _redated(1, "2023-12-31")
    booked = _segment_ibnr(_stored(1))
    assert len(booked) == 9
    shown, captions = _against(china, prior)
    data = get_sample("china")
    tail = SegmentAssumptions(measure="paid", tail=TailAssumptions(kind="constant", factor=1.05))
    for key in data.segment_keys():
        label = _label(key)
        now = float(run_method("chainladder", MethodInputs.from_dataset(data, "paid", key), tail).total["ibnr"])
        assert shown.loc[label, "ibnr"] == pytest.approx(now, rel=1e-9), label
        assert shown.loc[label, "ibnr_prior"] == pytest.approx(booked[label], abs=TOLERANCE), label
        assert shown.loc[label, "movement"] == pytest.approx(now - booked[label], rel=1e-9), label
    total = _stored(1)["total"]["ibnr"]
    assert total == pytest.approx(sum(booked.values()), rel=1e-9)
    assert shown.loc["Total", "ibnr_prior"] == pytest.approx(total, abs=TOLERANCE)
    assert shown.loc["Total", "movement"] == pytest.approx(shown["ibnr"].drop("Total").sum() - total, rel=1e-9)
    assert "at 2023-12-31" in captions and "not a rebuild" in captions


def _segments_not_in_the_valuation_are_said(china):
    dropped = "branch=广东, line=责任险"

    def without_one(results: dict) -> dict:
        kept = [p for p in results["results"] if _label(tuple(sorted(p["segment"].items()))) != dropped]
        return {**results, "results": kept}

    prior = _redated(1, "2023-12-31", without_one)
    shown, captions = _against(china, prior)
    assert math.isnan(shown.loc[dropped, "ibnr_prior"]) and math.isnan(shown.loc[dropped, "movement"])
    assert math.isnan(shown.loc["Total", "movement"])  # no total movement over different segments
    other = "branch=北京, line=车险"
    assert shown.loc[other, "ibnr_prior"] == pytest.approx(_segment_ibnr(_stored(1))[other], abs=TOLERANCE)
    assert f"not in the valuation: {dropped}" in captions
    assert {m.label: m.value for m in china.metric}["Movement"] == "—"


def _a_summed_triangle_moves_only_in_total(china):
    def summed(results: dict) -> dict:
        return {k: v for k, v in results.items() if k != "results"} | {"aggregate": "summed_triangle"}

    prior = _redated(1, "2023-12-31", summed)
    shown, captions = _against(china, prior)
    assert shown["ibnr_prior"].drop("Total").isna().all()
    total = _stored(1)["total"]["ibnr"]
    assert shown.loc["Total", "movement"] == pytest.approx(shown["ibnr"].drop("Total").sum() - total, rel=1e-9)
    assert "booked no IBNR per segment" in captions


def _the_summed_triangle_now_moves_against_the_saved_sum(china):
    """All segments valued as the summed triangle: one row, against the saved sum's booked total, and said so."""
    china.sidebar.radio(key="sidebar_aggregate").set_value("summed_triangle").run()
    shown, captions = _against(china, 2)  # valuation 2: valuation 1 re-dated, all its segments
    tail = SegmentAssumptions(measure="paid", tail=TailAssumptions(kind="constant", factor=1.05))
    summed = MethodInputs.from_dataset(get_sample("china"), "paid")
    now = float(run_method("chainladder", summed, tail).total["ibnr"])
    total = _stored(1)["total"]["ibnr"]
    assert len(shown) == 2  # All segments, then the total
    assert shown.loc["Total", "ibnr"] == pytest.approx(now, rel=1e-9)
    assert shown.loc["Total", "movement"] == pytest.approx(now - total, rel=1e-9)
    assert "All segments is now the summed triangle developed" in captions
