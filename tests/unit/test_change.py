"""Analysis of change on china_prior -> china: the steps add up exactly, restatements land where the data changed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from reserving.assumptions import (
    DevelopmentAssumptions,
    LossRatioAssumptions,
    SegmentAssumptions,
    Selection,
    TailAssumptions,
)
from reserving.errors import InputError
from reserving.retrospection.change import STEPS, analysis_of_change, change_report
from reserving.retrospection.valuation import value_segment
from reserving.samples import get_sample

PRIOR = SegmentAssumptions(measure="incurred", loss_ratio=LossRatioAssumptions(default=0.6))
CURRENT = SegmentAssumptions(
    measure="incurred",
    development=DevelopmentAssumptions(n_periods=8, overrides=((3, 1.9),)),
    tail=TailAssumptions(kind="constant", factor=1.02),
    loss_ratio=LossRatioAssumptions(default=0.65),
    selection=Selection(
        by_origin=(("2024Q4", (("bf", 1.0),), "young quarter"), ("2024Q3", (("bf", 0.5), ("chainladder", 0.5)), ""))
    ),
)
RESTATED_INCURRED = {(("branch", "北京"), ("line", "车险")), (("branch", "上海"), ("line", "企财险"))}


@pytest.fixture(scope="module")
def report():
    return change_report(get_sample("china_prior"), get_sample("china"), "incurred", PRIOR, CURRENT)


def test_steps_add_up_to_the_total_change(report) -> None:
    for _, result in [*report.segments, ("total", report.total)]:
        steps = result.step_values()
        assert list(steps) == [name for name, _ in STEPS]
        assert sum(steps.values()) == pytest.approx(result.current - result.prior, rel=1e-12, abs=1e-6)
        assert result.steps["running"].iloc[-1] == pytest.approx(result.current)
        by_origin = result.by_origin
        per_origin = by_origin["prior"] + by_origin[[n for n, _ in STEPS]].sum(axis=1)
        assert per_origin.to_numpy() == pytest.approx(by_origin["current"].to_numpy())
    assert report.total.prior == pytest.approx(sum(r.prior for _, r in report.segments))


def test_end_points_are_the_two_valuations(report) -> None:
    key = (("branch", "广东"), ("line", "责任险"))
    result = dict(report.segments)[key]
    prior = value_segment(get_sample("china_prior"), "incurred", key, PRIOR)
    current = value_segment(get_sample("china"), "incurred", key, CURRENT)
    assert result.prior == pytest.approx(prior.origins["ultimate"].sum())
    assert result.current == pytest.approx(current.origins["ultimate"].sum())


def test_each_step_moves_only_what_changed(report) -> None:
    for key, result in report.segments:
        steps = result.step_values()
        if key in RESTATED_INCURRED:
            assert abs(steps["restatements"]) > 1.0, key
        else:  # 广东 责任险 restated only claim counts, which incurred does not use
            assert steps["restatements"] == 0.0, key
        assert steps["new_origins"] > 0  # 2024Q1-Q4
        assert steps["loss_ratios"] == 0.0  # no a-priori method in the prior selection
        assert steps["selection"] != 0.0
    new = report.total.by_origin.set_index("origin")
    assert (new.loc[["2024Q1", "2024Q2", "2024Q3", "2024Q4"], "prior"] == 0).all()
    assert (new.loc[["2019Q1", "2023Q4"], "new_origins"] == 0).all()


def test_same_assumptions_without_snapshot_leave_only_data_steps() -> None:
    data = get_sample("china").filter({"branch": "北京", "line": "车险"})
    result = analysis_of_change(data, data, "paid", PRIOR, PRIOR, prior_date=pd.Timestamp("2023-12-31"))
    steps = result.step_values()
    assert steps["restatements"] == 0.0
    for name in ("development", "tail", "loss_ratios", "selection", "overrides"):
        assert steps[name] == 0.0
    assert steps["new_origins"] + steps["experience"] == pytest.approx(result.current - result.prior)


def test_rollforward_ties_to_the_change_in_ultimate(report) -> None:
    for _, result in report.segments[:3]:
        roll = result.rollforward.set_index("origin")
        body = roll.drop(index="total")
        assert (body["opening"] - body["paid"] + body["change"]).to_numpy() == pytest.approx(body["closing"].to_numpy())
        change = result.by_origin.set_index("origin")
        assert body["change"].to_numpy() == pytest.approx((change["current"] - change["prior"]).to_numpy())
        assert roll.loc["total", "closing"] == pytest.approx(body["closing"].sum())
        assert (body.loc[["2024Q1", "2024Q4"], "opening"] == 0).all()


def test_reserve_basis_and_paid_restatement() -> None:
    key = {"branch": "北京", "line": "车险"}
    prior, current = get_sample("china_prior"), get_sample("china")
    result = analysis_of_change(prior, current, "paid", PRIOR, PRIOR, segment=key, basis="reserve")
    assert sum(result.step_values().values()) == pytest.approx(result.current - result.prior)
    ultimate = analysis_of_change(prior, current, "paid", PRIOR, PRIOR, segment=key)
    # the restated payment (150 booked too low at 2023-12-31) moves the paid ultimate of 2023Q3
    assert ultimate.by_origin.set_index("origin").loc["2023Q3", "restatements"] > 150
    roll = result.rollforward.set_index("origin")
    assert roll.loc["total", "closing"] == pytest.approx(result.current)
    assert roll.loc["total", "opening"] == pytest.approx(result.prior)
    with pytest.raises(InputError, match="basis"):
        analysis_of_change(prior, current, "paid", PRIOR, PRIOR, segment=key, basis="cash")
    assert np.isfinite(result.prior)
