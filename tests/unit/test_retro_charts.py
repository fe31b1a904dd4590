"""Retrospection chart builders as plain functions: the numbers drawn are the numbers given."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from components.retro import retro_charts


def test_ave_bars_draw_expected_then_actual_and_outline_flagged_origins() -> None:
    frame = pd.DataFrame({"expected": [10.0, 20.0, 30.0], "actual": [12.0, 15.0, 45.0]}, index=["2021", "2022", "2023"])
    fig = retro_charts.ave_bars(frame, actual_name="A", expected_name="E", flagged=["2023"])
    expected, actual = fig.data
    assert (expected.name, actual.name) == ("E", "A")
    assert list(expected.x) == ["2021", "2022", "2023"]
    assert list(expected.y) == [10.0, 20.0, 30.0]
    assert list(actual.y) == [12.0, 15.0, 45.0]
    assert list(actual.marker.line.width) == [0.0, 0.0, 2.5]
    assert fig.layout.barmode == "group"


def test_ae_heatmap_is_centred_on_one_with_blank_gaps() -> None:
    grid = pd.DataFrame([[0.5, np.nan], [1.25, 2.5]], index=["2022", "2023"], columns=["2024Q1", "2024Q2"])
    fig = retro_charts.ae_heatmap(grid, span=1.0)
    heat = fig.data[0]
    assert heat.zmid == 1.0
    assert (heat.zmin, heat.zmax) == (0.0, 2.0)
    assert np.asarray(heat.z, dtype=float)[1].tolist() == [1.25, 2.5]
    assert list(heat.text[0]) == ["50.0%", ""]  # A/E as a ratio, as in the AvE table (was "0.50")
    assert list(heat.x) == ["2024Q1", "2024Q2"]


def test_waterfall_starts_at_prior_and_ends_at_current() -> None:
    steps = pd.DataFrame({"label": ["New origins", "Restatements", "Tail"], "change": [100.0, -30.0, 5.0]})
    fig = retro_charts.change_waterfall(steps, 1000.0, 1075.0, prior_label="P", current_label="C")
    fall = fig.data[0]
    assert fall.type == "waterfall"
    assert list(fall.x) == ["P", "New origins", "Restatements", "Tail", "C"]
    assert list(fall.measure) == ["absolute", "relative", "relative", "relative", "absolute"]
    assert list(fall.y) == [1000.0, 100.0, -30.0, 5.0, 1075.0]
    # the relative steps carry the prior to the current value
    assert fall.y[0] + sum(fall.y[1:-1]) == pytest.approx(fall.y[-1])
    low, high = fig.layout.yaxis.range
    assert low == 0.0 and high > 1100.0  # from 0 (it started near the prior), the running peak (1,100) inside
    assert fig.layout.yaxis.tickformat == ",.0f"  # amounts with separators, not "1.1k"
    assert list(fall.text) == ["1,000", "100", "-30", "5", "1,075"]


def test_waterfall_of_a_falling_reserve_keeps_0_and_the_lowest_point() -> None:
    steps = pd.DataFrame({"label": ["Experience"], "change": [-150.0]})
    fig = retro_charts.change_waterfall(steps, 100.0, -50.0)
    low, high = fig.layout.yaxis.range
    assert low < -50.0 and high > 100.0  # a negative end stays on the axis, and 0 with it


def test_estimates_chart_has_one_line_per_origin_with_values() -> None:
    estimates = pd.DataFrame(
        {"2022-12-31": [100.0, np.nan], "2023-12-31": [110.0, np.nan], "2024-12-31": [108.0, np.nan]},
        index=pd.Index(["2021", "2025"], name="origin"),
    )
    fig = retro_charts.estimates_chart(estimates)
    assert len(fig.data) == 1  # 2025 had no estimate at any date
    line = fig.data[0]
    assert line.name == "2021"
    assert list(line.x) == ["2022-12-31", "2023-12-31", "2024-12-31"]
    assert list(line.y) == [100.0, 110.0, 108.0]


def test_loss_ratio_chart_in_percent() -> None:
    frame = pd.DataFrame({"loss_ratio": [0.6, 0.75]}, index=["2023", "2024"])
    fig = retro_charts.loss_ratio_chart(frame)
    assert list(fig.data[0].y) == [0.6, 0.75]
    assert fig.layout.yaxis.tickformat == ".0%"


def test_origin_charts_keep_labels_as_categories_with_their_titles_and_value_format() -> None:
    frame = pd.DataFrame({"actual": [10.0], "expected": [12.0], "loss_ratio": [0.7]}, index=["2023"])
    estimates = pd.DataFrame({"2024-12-31": [100.0]}, index=["2023"])
    charts = [
        (retro_charts.ave_bars(frame, x_title="X", y_title="Y"), ",.0f"),
        (retro_charts.estimates_chart(estimates, x_title="X", y_title="Y"), ",.0f"),
        (retro_charts.loss_ratio_chart(frame, x_title="X", y_title="Y"), ".0%"),
    ]
    for fig, tickformat in charts:
        assert fig.layout.xaxis.type == "category"  # "2023" stays a label, not the number 2,023
        assert (fig.layout.xaxis.title.text, fig.layout.yaxis.title.text) == ("X", "Y")
        assert fig.layout.yaxis.tickformat == tickformat  # amounts 80,000,000, ratios 75%
