"""Analysis of change page on china_prior -> china: the steps shown are the domain's and add up exactly."""

from __future__ import annotations

import pytest

from reserving.assumptions import LossRatioAssumptions, SegmentAssumptions
from reserving.methods.inputs import MethodInputs
from reserving.methods.registry import run_method
from reserving.retrospection import STEPS, analysis_of_change, change_report
from reserving.samples import get_sample
from tests.app.conftest import choose_dataset, table

# china has premium, so each segment's assumptions start from Cape Cod's loss ratio (see assumption_state.Slot).
DEFAULTS = SegmentAssumptions(measure="paid", loss_ratio=LossRatioAssumptions(source="cape_cod"))
LABELS = {
    "new_origins": "New origin periods",
    "restatements": "Data restatements",
    "experience": "Experience",
    "development": "Development pattern",
    "tail": "Tail",
    "loss_ratios": "A-priori loss ratios",
    "selection": "Method selection",
    "overrides": "Manual overrides",
}


@pytest.fixture
def change(app):
    choose_dataset(app, "sample:china")
    app.switch_page("app_pages/change.py").run()
    assert not app.exception
    assert not app.error, [e.value for e in app.error]
    return app


def test_steps_equal_the_domain_and_add_up(change):
    assert change.radio(key="chg_prior_kind").value == "sample"
    assert change.selectbox(key="chg_sample").value == "china_prior"
    report = change_report(get_sample("china_prior"), get_sample("china"), "paid", DEFAULTS, DEFAULTS)
    steps = table(change, "chg_steps")
    shown = {name: steps.loc[label, "change"] for name, label in LABELS.items()}
    assert list(LABELS) == [name for name, _ in STEPS]
    for name, value in report.total.step_values().items():
        assert shown[name] == pytest.approx(value, abs=1e-6), name
    assert steps.loc["Prior", "running"] == pytest.approx(report.total.prior)
    assert steps.loc["Current", "running"] == pytest.approx(report.total.current)
    assert sum(shown.values()) == pytest.approx(report.total.current - report.total.prior, abs=1e-6)
    assert shown["restatements"] != 0.0  # china_prior has restated paid cells
    check = change.get_by_key("chg_check").markdown[0].value
    assert "difference 0.00" in check
    assert f"current {report.total.current:,.2f}" in check
    change.get_by_key("chg_waterfall")
    roll = table(change, "chg_rollforward")
    assert roll.loc["Total", "opening"] - roll.loc["Total", "paid"] + roll.loc["Total", "change"] == pytest.approx(
        roll.loc["Total", "closing"]
    )


def test_reserve_basis_on_one_segment(change):
    key = (("branch", "北京"), ("line", "车险"))
    change.sidebar.selectbox(key="sidebar_segment").set_value("branch=北京, line=车险").run()
    change.radio(key="chg_basis").set_value("reserve").run()
    assert not change.exception
    result = analysis_of_change(
        get_sample("china_prior"), get_sample("china"), "paid", DEFAULTS, DEFAULTS, segment=key, basis="reserve"
    )
    steps = table(change, "chg_steps")
    for name, value in result.step_values().items():
        assert steps.loc[LABELS[name], "change"] == pytest.approx(value, abs=1e-6), name
    roll = table(change, "chg_rollforward")
    assert roll.loc["Total", "closing"] == pytest.approx(result.current)
    assert roll.loc["Total", "opening"] == pytest.approx(result.prior)


# ------------------------------------------------- a saved valuation as the prior (issue 17 item 10)
def _saved_with_tail():
    """Valuation 1: RAA incurred chain ladder with a constant 1.05 tail; then the tail is taken off again."""
    from tests.app.saved_helpers import go, save_valuation, session, set_constant_tail

    at = session()
    set_constant_tail(at, 1.05)
    assert save_valuation(at) == "Valuation 1 (v1) saved as a draft."
    go(at, "tail")
    at.selectbox(key="tail_kind").set_value("none").run()
    assert not at.exception
    return at


def _booked_at(date: str, ibnr: float) -> int:
    """A copy of valuation 1 (its assumptions: the 1.05 tail) booked at an earlier `date`; returns its id."""
    from reserving.storage import Repository, open_database

    repo = Repository(open_database())
    first = repo.get_valuation(1)
    booked = {**first.results, "valuation_date": date, "total": {**first.results["total"], "ibnr": ibnr}}
    return repo.create_valuation(
        first.data_hash, first.segment, first.measure, first.assumptions, booked, user="local"
    ).id


def test_a_saved_valuation_is_the_prior_with_its_data_and_assumptions():
    from tests.app.saved_helpers import go

    at = _saved_with_tail()
    assert _booked_at("1989-12-31", 40000.0) == 2
    go(at, "change")
    at.radio(key="chg_prior_kind").set_value("valuation").run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    # valuation 1 is at the data's own date (1990-12-31): not a prior, so only valuation 2 is offered
    assert at.selectbox(key="chg_valuation").options == ["Valuation 2 v2 (draft) at 1989-12-31, by local"]
    steps = table(at, "chg_steps")
    raa = get_sample("raa")
    cut = run_method("chainladder", MethodInputs.from_dataset(raa.cut("1989-12-31"), "incurred"), SegmentAssumptions())
    # The prior is the saved valuation's own assumptions on its data as at 1989-12-31: chain ladder
    # on RAA cut back one year, times the saved 1.05 tail; the current is RAA chain ladder, no tail
    # (213,122.2 = latest 160,987 + IBNR 52,135.2). Going from the tail to none is a negative step.
    assert steps.loc["Prior", "running"] == pytest.approx(1.05 * cut.total["ultimate"], rel=1e-9)
    assert steps.loc["Current", "running"] == pytest.approx(213122.2, abs=0.5)
    assert steps.loc["Tail", "change"] < -5000
    assert steps["change"].drop(["Prior", "Current"]).sum() == pytest.approx(
        213122.2 - 1.05 * cut.total["ultimate"], abs=0.5
    )
    assert "The prior is valuation 2 version 2 at 1989-12-31" in " ".join(c.value for c in at.caption)


def test_the_overview_moves_against_a_saved_valuations_booked_ibnr():
    from tests.app.saved_helpers import go

    at = _saved_with_tail()
    assert _booked_at("1988-12-31", 40000.0) == 2
    now = run_method("chainladder", MethodInputs.from_dataset(get_sample("raa"), "incurred"), SegmentAssumptions())
    go(at, "overview")
    at.radio(key="ov_prior_kind").set_value("valuation").run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.selectbox(key="ov_prior_valuation").value == 2  # valuation 1 is at the data's own date
    ibnr = table(at, "ov_reserve")
    # the prior is what valuation 2 booked (40,000), not a rebuild at 1988-12-31 with today's data
    assert ibnr.loc["Total", "ibnr_prior"] == pytest.approx(40000.0)
    assert ibnr.loc["Total", "movement"] == pytest.approx(now.total["ibnr"] - 40000.0)
    assert "IBNR booked by valuation 2 v2" in [m.label for m in at.metric]
    captions = " ".join(c.value for c in at.caption)
    assert "Valuation 2 version 2 booked IBNR 40,000 at 1988-12-31" in captions


def test_a_sum_of_segments_with_different_assumptions_is_refused_as_one_prior():
    from types import SimpleNamespace

    from components.retro.prior_picker import valuation_assumptions
    from reserving.assumptions import TailAssumptions
    from reserving.errors import InputError

    def one(segment: dict, assumptions: SegmentAssumptions) -> dict:
        return {"segment": segment, **assumptions.to_dict(), "method": "chainladder", "methods": ["chainladder"]}

    tail = SegmentAssumptions(measure="paid", tail=TailAssumptions(kind="constant", factor=1.05))
    plain = SegmentAssumptions(measure="paid")

    def record(motor: SegmentAssumptions, fire: SegmentAssumptions) -> SimpleNamespace:
        saved = {
            **plain.to_dict(),
            "method": "chainladder",
            "methods": ["chainladder"],
            "aggregate": "sum",
            "schema_version": 2,
            "segments": [one({"line": "motor"}, motor), one({"line": "fire"}, fire)],
        }
        return SimpleNamespace(id=7, version=3, assumptions=saved, method="chainladder", segment={}, measure="paid")

    with pytest.raises(InputError, match="Valuation 7 version 3 sums 2 segments with different assumptions"):
        valuation_assumptions(record(tail, plain))
    assert valuation_assumptions(record(tail, tail)).tail.factor == 1.05  # the same for both: that one
