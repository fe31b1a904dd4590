"""Analysis of change page on china_prior -> china: the steps shown are the domain's and add up exactly."""

from __future__ import annotations

import pytest

from reserving.assumptions import LossRatioAssumptions, SegmentAssumptions
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
