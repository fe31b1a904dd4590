"""The foundation path in a real browser: upload a CSV, validate it, use it, see its triangle.

Also the other half of the Data page's promise: a malformed upload shows where it is wrong
and leaves the loaded dataset alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

GOOD_CSV = (
    "accident_year,development,paid\n"
    "2021,12,1000\n2021,24,1800\n2021,36,2000\n"
    "2022,12,1100\n2022,24,2050\n"
    "2023,12,1234\n"
)
BAD_CSV = "accident_year,development,paid\n2021,12,1000\n2021,24,lots\n2022,12,1100\n"


def _upload(page, path: Path) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("tab", name="Upload a file").click()
    page.locator("input[type='file']").first.set_input_files(str(path))


def test_upload_csv_then_see_its_triangle(app_url: str, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    csv = tmp_path / "e2e_paid.csv"
    csv.write_text(GOOD_CSV, encoding="utf-8")
    page.goto(f"{app_url}/data")  # the default page is the Overview
    expect(page.get_by_text("Loaded dataset: RAA", exact=False)).to_be_visible()
    _upload(page, csv)
    expect(page.get_by_text("No problems found.")).to_be_visible()
    page.get_by_role("button", name="Use this dataset").click()
    expect(page.get_by_text("Loaded dataset: e2e_paid.csv", exact=False)).to_be_visible()
    # The latest diagonal 2,000 + 2,050 + 1,234 shows as the paid total.
    expect(page.get_by_test_id("stMetricValue").first).to_have_text("5,284")

    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Triangles", exact=True).click()
    expect(page.get_by_role("heading", name="Triangles")).to_be_visible()
    grid = page.get_by_test_id("stDataFrame").first
    expect(grid).to_contain_text("1234")  # the grid's accessible text is unformatted
    expect(grid).to_contain_text("2050")
    expect(grid).to_contain_text("2023")


def test_malformed_upload_names_the_place_and_keeps_the_dataset(app_url: str, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    csv = tmp_path / "e2e_bad.csv"
    csv.write_text(BAD_CSV, encoding="utf-8")
    page.goto(f"{app_url}/data")  # the default page is the Overview
    expect(page.get_by_text("Loaded dataset: RAA", exact=False)).to_be_visible()
    _upload(page, csv)
    alert = page.get_by_test_id("stAlertContentError").first
    expect(alert).to_contain_text("row 3")
    expect(alert).to_contain_text("paid")
    expect(page.get_by_role("button", name="Use this dataset")).to_be_disabled()
    expect(page.get_by_text("Loaded dataset: RAA", exact=False)).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
