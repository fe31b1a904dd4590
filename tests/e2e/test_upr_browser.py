"""The Unearned premium page in a real browser: upload a small policy listing and read its UPR.

The valuation date the page opened with (2024-12-31, the sample's) stays when the listing
changes: by 1/365 at 24:00 that day P1 (2024-01-01 to 2024-12-31) is wholly earned and P2
(2024-06-15 to 2025-06-14, premium 365) has 165 of its 365 days left, so the UPR is 165;
with no acquisition cost the UPR net equals it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LISTING = (
    "保单号,分支机构,险种,起保日期,终止日期,签单保费\n"
    "P1,深圳,车险,2024-01-01,2024-12-31,366\n"
    "P2,深圳,车险,2024-06-15,2025-06-14,365\n"
)


def test_upload_a_listing_and_read_its_upr(app_url: str, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    csv = tmp_path / "e2e_policies.csv"
    csv.write_text(LISTING, encoding="utf-8")
    open_page(page, app_url, "Unearned premium")
    metric = page.get_by_test_id("stMetricValue").first
    # 817.28: the china sample at its own month end, 2024-12-31 (amounts show no decimals)
    expect(metric).to_have_text("817")
    page.get_by_text("Upload a listing", exact=True).click()
    page.locator("input[type='file']").first.set_input_files(str(csv))
    expect(page.get_by_text("Listing in use: e2e_policies.csv (2 rows).")).to_be_visible()
    expect(metric).to_have_text("165")
    expect(page.get_by_test_id("stException")).to_have_count(0)
