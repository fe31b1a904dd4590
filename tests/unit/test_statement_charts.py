"""The Statement section's pure figure builders and the PDR sensitivity, on small hand-made data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from components.statement import upr_charts
from components.statement.sensitivity import pdr_sensitivity
from reserving.readers import read_source
from reserving.unexpired import AdequacyParameters, UprSettings, compute_upr, premium_adequacy, read_listing

RUNOFF = pd.DataFrame(
    {
        "line": ["motor", "motor", "property", "property"],
        "month": [1, 2, 1, 2],
        "upr_gross": [100.0, 50.0, 30.0, 0.0],
    }
)
ROWS = pd.DataFrame(
    {
        "branch": ["north", "south", "north"],
        "line": ["motor", "motor", "property"],
        "upr_gross": [10.0, 20.0, 5.0],
    }
)


def test_runoff_figure_draws_one_line_per_line_of_business_with_its_upr():
    fig = upr_charts.runoff_figure(RUNOFF, "Run-off", "Month", "UPR")
    assert isinstance(fig, go.Figure)
    traces = {trace.name: trace for trace in fig.data}
    assert set(traces) == {"motor", "property"}
    assert list(traces["motor"].x) == [1, 2]
    assert list(traces["motor"].y) == [100.0, 50.0]
    assert list(traces["property"].y) == [30.0, 0.0]
    assert fig.layout.title.text == "Run-off"
    assert fig.layout.xaxis.title.text == "Month"


def test_branch_figure_stacks_lines_and_fills_a_branch_without_the_line_with_zero():
    fig = upr_charts.branch_figure(ROWS, "By branch", "Branch", "UPR")
    assert fig.layout.barmode == "stack"
    traces = {trace.name: trace for trace in fig.data}
    assert list(traces["motor"].x) == ["north", "south"]
    assert list(traces["motor"].y) == [10.0, 20.0]
    assert list(traces["property"].y) == [5.0, 0.0]  # no property in the south
    total = sum(np.asarray(trace.y) for trace in fig.data)
    assert list(total) == [15.0, 20.0]


def test_sensitivity_figure_plots_pdr_against_loss_ratio_and_marks_the_chosen_one():
    curve = pd.DataFrame({"factor": [0.5, 1.0], "loss_ratio": [0.4, 0.8], "pdr": [0.0, 12.5]})
    fig = upr_charts.sensitivity_figure(curve, 0.8, "PDR", "Loss ratio", "PDR")
    assert list(fig.data[0].x) == [0.4, 0.8]
    assert list(fig.data[0].y) == [0.0, 12.5]
    assert fig.layout.shapes[0].x0 == 0.8
    assert fig.layout.xaxis.tickformat  # ratio ticks (75%), not raw decimals


LISTING = (
    "policy_id,branch,line,start_date,end_date,written_premium,acquisition_cost\n"
    "P1,north,motor,2024-01-01,2024-12-31,366,0\n"
    "P2,north,property,2024-01-01,2024-12-31,732,0\n"
)


def test_pdr_sensitivity_moves_with_the_loss_ratio_by_hand():
    policies = read_listing(read_source(LISTING.encode(), "hand.csv")).require()
    result = compute_upr(policies, UprSettings("2024-06-30"))
    # 184 of 366 days left: UPR motor 184, property 368; no acquisition cost, so UPR net = gross
    params = AdequacyParameters(loss_ratios=(("motor", 1.2), ("property", 0.5)))
    test = premium_adequacy(result, params)
    curve = pdr_sensitivity(result, params, test.units, np.array([0.5, 1.0, 1.5]))
    # factor 1: motor needs 1.2 x 184 = 220.8 against 184 -> PDR 36.8; property 184 < 368 -> 0
    assert curve.loc[1, "pdr"] == pytest.approx(36.8, abs=1e-9)
    assert curve.loc[1, "pdr"] == pytest.approx(test.total_pdr, abs=1e-12)
    # factor 0.5: motor 0.6 x 184 < 184 -> 0; factor 1.5: motor 1.8 x 184 - 184 = 147.2, property 0.75 -> 0
    assert curve.loc[0, "pdr"] == pytest.approx(0.0, abs=1e-9)
    assert curve.loc[2, "pdr"] == pytest.approx(147.2, abs=1e-9)
    # the x axis is the UPR-weighted loss ratio: (1.2 x 184 + 0.5 x 368) / 552 at factor 1
    assert curve.loc[1, "loss_ratio"] == pytest.approx((1.2 * 184 + 0.5 * 368) / 552, rel=1e-12)
