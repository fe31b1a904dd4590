"""The analysis path in a real browser: a sample, its methods side by side, a selection and its chart.

Taylor-Ashe (GenIns) is loaded from the Data page, the Methods page shows chain ladder's
published total IBNR (18,680,856), and on the Selection page two origins are moved to
Clark with a reason; the selected IBNR then moves away from chain ladder's and the chart
of all methods against the selection is drawn.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _choose(page, label: str, option: str) -> None:  # type: ignore[no-untyped-def]
    """Pick `option` in the Streamlit selectbox or multiselect labelled `label`."""
    box = page.get_by_label(label, exact=True)
    box.click()
    box.fill(option)  # the option list is virtualised: filter it so the option is rendered
    page.get_by_role("option", name=option, exact=True).click()


def test_sample_to_selection_and_chart(app_url: str, page) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    open_page(page, app_url, "Data")
    expect(page.get_by_text("Loaded dataset: RAA", exact=False)).to_be_visible()
    _choose(page, "Sample dataset", "Taylor-Ashe (GenIns)")
    page.get_by_role("button", name="Load this sample").click()
    expect(page.get_by_text("Loaded dataset: Taylor-Ashe", exact=False)).to_be_visible()

    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Methods", exact=True).click()
    expect(page.get_by_role("heading", name="Methods", exact=True)).to_be_visible()
    # The grid's accessible text carries the unformatted value (18,680,855.6...).
    expect(page.get_by_test_id("stMain").get_by_text(re.compile(r"^1868085[56]")).first).to_be_attached()

    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Selection", exact=True).click()
    expect(page.get_by_role("heading", name="Selection", exact=True)).to_be_visible()
    ibnr_metric = page.get_by_test_id("stMetric").filter(has_text="Selected IBNR")
    expect(ibnr_metric).to_contain_text("18,680,856")

    _choose(page, "Origins", "2009")
    page.keyboard.press("Escape")
    _choose(page, "Origins", "2010")
    page.keyboard.press("Escape")
    _choose(page, "Method", "Clark growth curve")
    page.get_by_label("Reason", exact=True).fill("immature years: growth curve")
    page.get_by_label("Reason", exact=True).press("Enter")
    page.get_by_role("button", name="Apply to these origins").click()

    expect(ibnr_metric).not_to_contain_text("18,680,856")
    expect(page.get_by_test_id("stPlotlyChart").first).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_click_a_link_ratio_to_leave_it_out(app_url: str, page) -> None:  # type: ignore[no-untyped-def]
    """Clicking RAA's 1982 12-24 ratio (40.4) drops it: the selected 12-24 factor becomes 61,188 / 21,723."""
    from playwright.sync_api import expect

    open_page(page, app_url, "Development")
    grid = page.locator(".st-key-table_dev_link_ratios").get_by_test_id("stDataFrame")
    expect(grid).to_contain_text("40.42")
    # The grid is drawn on a canvas; its cells are also an accessible table (role gridcell, named by
    # the unformatted value) that moves the grid's selection when a cell takes the focus, as the
    # keyboard does. The grid takes the focus first (it then marks its first cell, the origin 1981,
    # which leaves nothing out), then the 1982 12-24 cell, found by its value.
    grid.get_by_test_id("data-grid-canvas").focus()
    grid.get_by_role("gridcell", name=re.compile(r"^40\.4245"), include_hidden=True).focus()
    expect(page.get_by_test_id("stMultiSelect").first).to_contain_text("1982 @ 12")
    # Left out, the ratio is struck through in the grid and marked in the chart.
    expect(page.get_by_test_id("stPlotlyChart").first).to_contain_text("Left out")
    # The "Selected" row heads the factors table (keyed container of components.core.tables.show_table).
    expect(page.locator(".st-key-table_dev_factors")).to_contain_text("2.816738")
    expect(page.get_by_test_id("stException")).to_have_count(0)
