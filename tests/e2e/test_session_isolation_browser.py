"""Two people on one server: what one uploads never shows in the other's session.

Two browser contexts share no cookies or storage, exactly like two users on two machines.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PRIVATE_CSV = "accident_year,development,paid\n2021,12,700\n2021,24,900\n2022,12,777\n"


def test_one_users_upload_stays_in_their_session(app_url: str, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    csv = tmp_path / "private_book.csv"
    csv.write_text(PRIVATE_CSV, encoding="utf-8")
    alice_context = browser.new_context()
    bob_context = browser.new_context()
    try:
        alice, bob = alice_context.new_page(), bob_context.new_page()
        open_page(alice, app_url, "Data")
        open_page(bob, app_url, "Data")

        alice.get_by_role("tab", name="Upload a file").click()
        alice.locator("input[type='file']").first.set_input_files(str(csv))
        alice.get_by_role("button", name="Use this dataset").click()
        expect(alice.get_by_text("Loaded dataset: private_book.csv", exact=False)).to_be_visible()

        bob.reload()
        expect(bob.get_by_role("heading", name="Data", exact=True).first).to_be_visible()
        expect(bob.get_by_text("Loaded dataset: RAA", exact=False)).to_be_visible()
        expect(bob.get_by_text("private_book.csv")).to_have_count(0)
        bob.get_by_test_id("stSidebar").get_by_label("Dataset", exact=True).click()
        expect(bob.get_by_role("option", name="private_book.csv", exact=False)).to_have_count(0)
    finally:
        alice_context.close()
        bob_context.close()
