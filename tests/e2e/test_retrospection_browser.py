"""The retrospection path in a real browser: china in the sidebar, its AvE table and chart, the change waterfall.

The Overview (the home page) computes the china valuations first; the Actual vs expected
page then shows the A/E table and its chart, and the Analysis of change page (china_prior
as the prior sample) draws the waterfall and the line checking that the steps add up.
"""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHINA = "Sample: China market (synthetic), valued 2024-12-31"


def test_china_ave_then_analysis_of_change(app_url: str, page) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    page.goto(app_url)
    expect(page.get_by_role("heading", name="Overview", exact=True)).to_be_visible()
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_label("Dataset", exact=True).click()
    page.get_by_role("option", name=CHINA, exact=True).click()
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("China market (synthetic)", exact=False).first).to_be_visible()

    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Actual vs expected", exact=True).click()
    expect(page.get_by_role("heading", name="Actual vs expected", exact=True)).to_be_visible()
    origins = page.locator(".st-key-table_ave_origins")
    expect(origins.get_by_test_id("stDataFrame")).to_be_visible()
    expect(origins.get_by_role("button", name="Download CSV")).to_be_visible()
    expect(page.locator(".st-key-ave_chart").get_by_test_id("stPlotlyChart")).to_be_visible()

    # With many pages the sidebar folds the last ones under "View N more".
    more = sidebar.get_by_text(re.compile(r"^View \d+ more$"))
    if more.count():
        more.first.click()
    sidebar.get_by_role("link", name="Analysis of change", exact=True).click()
    expect(page.get_by_role("heading", name="Analysis of change", exact=True)).to_be_visible()
    expect(page.locator(".st-key-chg_waterfall").get_by_test_id("stPlotlyChart")).to_be_visible()
    check = page.locator(".st-key-chg_check")
    expect(check).to_contain_text("Check: prior")
    expect(check).to_contain_text("difference 0.00")
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_overview_then_retrospective_deviation(app_url: str, page) -> None:  # type: ignore[no-untyped-def]
    """The manager's home shows the reserve by segment; the 回溯分析 page shows the estimates and their chart."""
    from playwright.sync_api import expect

    page.goto(app_url)
    expect(page.get_by_role("heading", name="Overview", exact=True)).to_be_visible()
    reserve = page.locator(".st-key-table_ov_reserve")
    expect(reserve.get_by_test_id("stDataFrame")).to_be_visible()
    expect(reserve.get_by_role("button", name="Download CSV")).to_be_visible()

    page.get_by_test_id("stSidebar").get_by_role("link", name="Retrospective deviation", exact=True).click()
    expect(page.get_by_role("heading", name="Retrospective deviation", exact=True).first).to_be_visible()
    expect(page.locator(".st-key-table_retro_estimates").get_by_test_id("stDataFrame")).to_be_visible()
    expect(page.locator(".st-key-retro_estimates_chart").get_by_test_id("stPlotlyChart")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
