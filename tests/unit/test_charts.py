"""Figure builders are pure functions: check traces, values and labels without Streamlit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from components.core import charts


@pytest.fixture
def grid() -> pd.DataFrame:
    frame = pd.DataFrame(
        [[100.0, 150.0, 165.0], [110.0, 170.0, np.nan], [120.0, np.nan, np.nan]],
        index=pd.Index(["2020", "2021", "2022"], name="origin"),
        columns=pd.Index([12, 24, 36], name="age"),
    )
    return frame


def test_heatmap_keeps_values_and_scales_each_column(grid):
    fig = charts.triangle_heatmap(grid, title="Paid", x_title="Age", y_title="Origin")
    assert len(fig.data) == 1
    trace = fig.data[0]
    assert trace.type == "heatmap"
    assert list(trace.x) == ["12", "24", "36"]
    assert list(trace.y) == ["2020", "2021", "2022"]
    assert [list(row) for row in trace.text] == [["100", "150", "165"], ["110", "170", ""], ["120", "", ""]]
    z = np.asarray(trace.z, dtype=float)
    # Column 12: 100, 110, 120 -> 0, 0.5, 1; column 24: 150, 170 -> 0, 1; a lone cell -> 0.
    np.testing.assert_allclose(z[:, 0], [0.0, 0.5, 1.0])
    np.testing.assert_allclose(z[:2, 1], [0.0, 1.0])
    assert z[0, 2] == 0.0
    assert np.isnan(z[2, 1]) and np.isnan(z[1, 2])
    assert fig.layout.xaxis.title.text == "Age"
    assert fig.layout.yaxis.title.text == "Origin"
    assert fig.layout.title.text == "Paid"
    assert fig.layout.yaxis.autorange == "reversed"  # oldest origin on top, as in a triangle exhibit


def test_heatmap_formats_factors(grid):
    fig = charts.triangle_heatmap(grid / 100, value_format=".3f")
    assert fig.data[0].text[0][1] == "1.500"
    assert fig.data[0].texttemplate == "%{text}"


def test_development_curves_one_line_per_origin(grid):
    tidy = grid.stack().rename("value").reset_index()
    fig = charts.development_curves(tidy, x_title="Age", y_title="Paid")
    assert [trace.name for trace in fig.data] == ["2020", "2021", "2022"]
    first = fig.data[0]
    assert list(first.x) == [12, 24, 36]
    assert list(first.y) == [100.0, 150.0, 165.0]
    assert list(fig.data[2].y) == [120.0]
    assert fig.layout.xaxis.title.text == "Age"
    assert fig.layout.yaxis.title.text == "Paid"


def test_theme_is_applied_everywhere(grid):
    tidy = grid.stack().rename("value").reset_index()
    for fig in (charts.triangle_heatmap(grid), charts.development_curves(tidy)):
        assert tuple(fig.layout.colorway) == charts.THEME.colorway
        assert fig.layout.font.family == charts.THEME.font_family
        assert fig.layout.height == charts.THEME.height


def test_value_axes_take_the_tick_format_of_their_kind(grid):
    from reserving import formats

    tidy = grid.stack().rename("value").reset_index()
    amounts = charts.development_curves(tidy)
    assert amounts.layout.yaxis.tickformat == ",.0f"  # 80,000,000 on the axis, never 8e+07 or 80M
    assert "%{y:,.0f}" in amounts.data[0].hovertemplate
    ratios = charts.development_curves(tidy, kind=formats.RATIO)
    assert ratios.layout.yaxis.tickformat == ".0%" and "%{y:.1%}" in ratios.data[0].hovertemplate
