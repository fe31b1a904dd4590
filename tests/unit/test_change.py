"""Analysis of change: each step by hand on a small triangle; on china_prior -> china, restatements land
where the data changed.
"""

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
from reserving.dataset import Dataset
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


def annual(values: dict[int, list[float]], name: str) -> Dataset:
    """Cumulative paid by origin year at ages 12, 24, ... (valued at year ends)."""
    rows = [
        {"origin": pd.Timestamp(year, 1, 1), "valuation": pd.Timestamp(year + j, 12, 31), "paid": float(v)}
        for year, row in values.items()
        for j, v in enumerate(row)
    ]
    return Dataset(name, pd.DataFrame(rows), (), ("paid",), "Y", "Y")


# Known at 2022-12-31 (the prior's snapshot), and now (2021's 24-month paid restated 160 -> 165).
SMALL_PRIOR = {2020: [100, 150, 180], 2021: [110, 160], 2022: [120]}
SMALL_CURRENT = {2020: [100, 150, 180, 189], 2021: [110, 165, 198], 2022: [120, 168], 2023: [130]}


def test_each_step_by_hand_on_a_small_triangle() -> None:
    """Chain ladder (paid, ultimate basis), prior: volume-weighted, no tail; current: simple averages,
    a 1.05 tail and the 12-24 factor typed as 1.5. Every figure below is worked by hand.
    """
    current_assumptions = SegmentAssumptions(
        measure="paid",
        development=DevelopmentAssumptions(average="simple", overrides=((12, 1.5),)),
        tail=TailAssumptions(kind="constant", factor=1.05),
    )
    result = analysis_of_change(
        annual(SMALL_PRIOR, "prior"),
        annual(SMALL_CURRENT, "current"),
        "paid",
        SegmentAssumptions(measure="paid"),
        current_assumptions,
        method="chainladder",
    )
    # prior: f12 = (150 + 160) / (100 + 110), f24 = 180 / 150 = 1.2
    f12_prior = 310 / 210
    prior = {"2020": 180.0, "2021": 160 * 1.2, "2022": 120 * f12_prior * 1.2}
    # the current data cut back to 2022: f12 = (150 + 165) / 210 = 1.5
    restated = {"2020": 180.0, "2021": 165 * 1.2, "2022": 120 * 1.5 * 1.2}
    # prior assumptions on the current data: f12 = 483 / 330, f24 = 378 / 315 = 1.2, f36 = 189 / 180 = 1.05
    f12, f36 = 483 / 330, 1.05
    experience = {"2020": 189.0, "2021": 198 * f36, "2022": 168 * 1.2 * f36}
    new_2023 = 130 * f12 * 1.2 * f36
    # simple averages: f12 = (1.5 + 1.5 + 1.4) / 3, f24 = (1.2 + 1.2) / 2, f36 = 1.05: only 2023 moves
    f12_simple = (150 / 100 + 165 / 110 + 168 / 120) / 3
    developed = {**experience, "2023": 130 * f12_simple * 1.2 * f36}
    # the tail multiplies every ultimate by 1.05; the override then sets 2023's f12 to 1.5
    current = {**{o: v * 1.05 for o, v in developed.items()}, "2023": 130 * 1.5 * 1.2 * f36 * 1.05}

    rows = result.by_origin.set_index("origin")
    assert list(rows.index) == ["2020", "2021", "2022", "2023"]
    tol = {"rel": 1e-12, "abs": 1e-9}  # the same arithmetic in another order: rounding only
    for origin in ("2020", "2021", "2022"):
        assert rows.loc[origin, "prior"] == pytest.approx(prior[origin], **tol)
        assert rows.loc[origin, "new_origins"] == 0.0
        assert rows.loc[origin, "restatements"] == pytest.approx(restated[origin] - prior[origin], **tol)
        assert rows.loc[origin, "experience"] == pytest.approx(experience[origin] - restated[origin], **tol)
        assert rows.loc[origin, "development"] == pytest.approx(0.0, abs=1e-9)
        assert rows.loc[origin, "overrides"] == pytest.approx(0.0, abs=1e-9)
    assert rows.loc["2023", "prior"] == 0.0
    assert rows.loc["2023", "new_origins"] == pytest.approx(new_2023, **tol)
    assert rows.loc["2023", "experience"] == 0.0
    assert rows.loc["2023", "development"] == pytest.approx(developed["2023"] - new_2023, **tol)
    assert rows.loc["2023", "tail"] == pytest.approx(developed["2023"] * 0.05, **tol)
    assert rows.loc["2023", "overrides"] == pytest.approx(current["2023"] - developed["2023"] * 1.05, **tol)
    assert list(rows["tail"]) == pytest.approx([developed[o] * 0.05 for o in rows.index], **tol)
    # in figures: 2021 restated by 198 - 192 = 6; 2022's experience 211.68 - 216 = -4.32
    assert rows.loc["2021", "restatements"] == pytest.approx(6.0, **tol)
    assert rows.loc["2022", "experience"] == pytest.approx(-4.32, **tol)
    steps = result.step_values()
    assert list(steps) == [name for name, _ in STEPS]
    assert steps["loss_ratios"] == 0.0 and steps["selection"] == 0.0  # one method, no a-priori loss ratio
    assert result.prior == pytest.approx(sum(prior.values()), **tol)
    assert result.current == pytest.approx(sum(current.values()), **tol)
    assert result.steps["running"].iloc[-1] == pytest.approx(sum(current.values()), **tol)


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
