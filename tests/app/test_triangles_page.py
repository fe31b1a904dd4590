"""Triangles page: published RAA figures, segments, ratio triangles, and a CSV button per table."""

from __future__ import annotations

import pytest

from tests.app.conftest import choose_dataset, table


@pytest.fixture
def triangles(app):
    app.switch_page("app_pages/triangles.py").run()
    assert not app.exception
    return app


def test_raa_triangle_link_ratios_and_averages(triangles):
    cumulative = table(triangles, "tri_cumulative")
    assert cumulative.loc["1981", "12"] == 5012.0
    latest = [row.dropna().iloc[-1] for _, row in cumulative.iterrows()]
    assert sum(latest) == 160987.0  # RAA latest diagonal
    incremental = table(triangles, "tri_incremental")
    assert incremental.loc["1981", "24"] == 8269.0 - 5012.0
    ratios = table(triangles, "tri_link_ratios")
    assert ratios.loc["1981", "12-24"] == pytest.approx(8269 / 5012)
    averages = table(triangles, "tri_averages")
    assert averages.loc["Volume all", "12-24"] == pytest.approx(2.9994, abs=1e-4)
    assert averages.loc["Volume all", "24-36"] == pytest.approx(1.6235, abs=1e-4)
    diagonals = table(triangles, "tri_diagonals")
    last_increments = [row.dropna().iloc[-1] for _, row in incremental.iterrows()]
    assert diagonals.loc["1990", "total"] == pytest.approx(sum(last_increments))
    # Charts are there (their content is tested on the builders in tests/unit/test_charts.py).
    triangles.get_by_key("tri_heatmap_chart")
    triangles.get_by_key("tri_curves_chart")
    # RAA has a single measure: no ratio triangles, said in words.
    assert "no second measure" in triangles.info[0].value


def test_every_table_has_its_csv_button(triangles):
    choose_dataset(triangles, "sample:xyz")
    keys = [node.key for node in triangles.main if (getattr(node, "key", None) or "").startswith("table_")]
    assert len(keys) >= 10
    for key in keys:
        button = triangles.get_by_key(key.removeprefix("table_") + "_csv")
        assert button.label == "Download CSV"


def test_xyz_shows_its_ratio_triangles(triangles):
    choose_dataset(triangles, "sample:xyz")
    for name in ("paid_to_incurred", "average_case_reserve", "average_paid", "closure_rate"):
        grid = table(triangles, f"tri_ratio_{name}")
        assert len(grid) == 11  # accident years 1998-2008
    ratio = table(triangles, "tri_ratio_paid_to_incurred")
    closure = table(triangles, "tri_ratio_closure_rate")
    assert 0 < closure.loc["2000", "36"] < 100  # a ratio: the grid holds it in percent (shown "61.3%")
    paid = table(triangles, "tri_cumulative")
    triangles.sidebar.selectbox(key="sidebar_measure").set_value("incurred").run()
    incurred = table(triangles, "tri_cumulative")
    assert not paid.equals(incurred)
    assert ratio.loc["2000", "36"] == pytest.approx(100 * paid.loc["2000", "36"] / incurred.loc["2000", "36"])


def test_china_segment_changes_the_triangle(triangles):
    choose_dataset(triangles, "sample:china")
    total = table(triangles, "tri_cumulative")
    picker = triangles.sidebar.selectbox(key="sidebar_segment")
    assert picker.value == ""  # all segments summed
    picker.set_value("branch=北京, line=车险").run()
    part = table(triangles, "tri_cumulative")
    assert list(part.index) == list(total.index)
    assert (part.loc["2019Q1"].dropna() < total.loc["2019Q1"].dropna()).all()
    assert triangles.session_state["segment"] == (("branch", "北京"), ("line", "车险"))
    assert "branch=北京, line=车险" in triangles.caption[0].value
