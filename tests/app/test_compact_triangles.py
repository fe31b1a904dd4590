"""Large triangles fit: the compact view of the Triangles page on the 24 x 24 quarterly China sample.

A plain grid shows about 10 rows by 13 columns of it; the compact view shows every row
(a taller grid in a zoomed container) with factors to 3 decimals, and is on by default
above 12 development ages. RAA (10 ages) starts in the plain view.
"""

from __future__ import annotations

import json

import pytest

from tests.app.conftest import choose_dataset, table


@pytest.fixture
def triangles(app):
    app.switch_page("app_pages/triangles.py").run()
    assert not app.exception
    return app


def _has(at, key: str) -> bool:
    try:
        at.get_by_key(key)
    except KeyError:
        return False
    return True


def _formats(at, key: str) -> set[str]:
    columns = json.loads(at.get_by_key(f"table_{key}").dataframe[0].proto.columns)
    return {cfg["type_config"]["format"] for name, cfg in columns.items() if name != "_index" and "type_config" in cfg}


def test_a_24_by_24_triangle_starts_compact_with_every_row_and_column(triangles):
    choose_dataset(triangles, "sample:china")
    assert triangles.toggle(key="tri_compact_large").value is True
    cumulative = table(triangles, "tri_cumulative")
    assert cumulative.shape == (24, 24)  # 2019Q1-2024Q4 by ages 3-72 months
    assert cumulative.columns[-1] == "72"
    ratios = table(triangles, "tri_link_ratios")
    assert ratios.shape == (23, 23)
    # Every grid of the tabs is in a compact container, every one still with its CSV button.
    for key in ("tri_cumulative", "tri_incremental", "tri_link_ratios", "tri_averages", "tri_diagonals"):
        assert _has(triangles, f"compact_{key}"), key
        assert triangles.get_by_key(f"{key}_csv").label == "Download CSV"
    assert _formats(triangles, "tri_link_ratios") == {"%.3f"}
    assert _formats(triangles, "tri_cumulative") == {"%,.0f"}
    # The compact grid keeps the numbers: 2019Q1's first link ratio, cumulative 6,100.73 / 3,514.14.
    assert ratios.loc["2019Q1", "3-6"] == pytest.approx(6100.73 / 3514.14, abs=1e-6)


def test_the_toggle_turns_the_plain_view_back(triangles):
    choose_dataset(triangles, "sample:china")
    triangles.toggle(key="tri_compact_large").set_value(False).run()
    assert not triangles.exception
    assert not _has(triangles, "compact_tri_link_ratios")
    assert _formats(triangles, "tri_link_ratios") == {"%.4f"}
    assert table(triangles, "tri_link_ratios").shape == (23, 23)


def test_a_small_triangle_starts_in_the_plain_view(triangles):
    assert triangles.toggle(key="tri_compact_small").value is False
    assert not _has(triangles, "compact_tri_cumulative")
    assert _formats(triangles, "tri_link_ratios") == {"%.4f"}
    # Turned on, RAA's 10 x 10 triangle is compact too.
    triangles.toggle(key="tri_compact_small").set_value(True).run()
    assert _has(triangles, "compact_tri_cumulative")
    assert table(triangles, "tri_cumulative").loc["1981", "12"] == 5012.0
