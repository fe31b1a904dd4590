"""Every page opens from a deep link on a freshly started server, with the shared sidebar.

This is what a folder named `pages/` would break (Streamlit's legacy multipage mechanism
runs the page without app.py until some session has called st.navigation), so each page
gets its own fresh server and the deep link is the server's very first request.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from components.core.navigation import PAGES
from tests.e2e.conftest import running_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("spec", PAGES, ids=[spec.slug for spec in PAGES])
def test_deep_link_on_fresh_server(spec, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    with running_app(tmp_path) as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(60_000)
        page = context.new_page()
        try:
            # The default page lives at the root URL (st.navigation gives it no path of its own).
            page.goto(f"{url}/" if spec.default else f"{url}/{spec.slug}")
            expect(page.get_by_role("heading", name=spec.title, exact=True).first).to_be_visible()
            expect(page.get_by_text("Page not found")).to_have_count(0)
            # The shared sidebar from app.py is there, so the page ran through the entry point.
            expect(page.get_by_test_id("stSidebar").get_by_text("Dataset", exact=True)).to_be_visible()
            expect(page.get_by_test_id("stException")).to_have_count(0)
        finally:
            context.close()
