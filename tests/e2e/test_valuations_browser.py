"""The Valuations page in a real browser acts on the valuation picked, and says so everywhere.

Issue 16: with two saved valuations, picking valuation 1 and pressing Submit left the picker
on "Valuation 1 v1 (draft)" while the body showed valuation 2 and the exports were built for
valuation 2. The browser is where that happened: it sends the picked option's text, and the
text changes when the status does. Two valuations are saved first through the app's own
Saved work page (an AppTest session on the same data directory), then a browser on a fresh
server picks valuation 1, submits it, and checks the picker, the body, the name of the
downloaded export and the audit row.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import open_page, running_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _save_two_valuations(data_dir: Path) -> None:
    """Valuation 1 (RAA chain ladder, version 1) and 2 (a 1.05 tail, version 2), drafts of the local user."""
    from tests.app.saved_helpers import save_valuation, session, set_constant_tail

    at = session()
    assert save_valuation(at) == "Valuation 1 (v1) saved as a draft."
    set_constant_tail(at, 1.05)
    assert save_valuation(at) == "Valuation 2 (v2) saved as a draft."


@pytest.fixture(scope="module")
def saved_app(browser_available: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A server on a data directory that already holds two draft valuations; yields (URL, directory)."""
    data_dir = tmp_path_factory.mktemp("valuations")
    before = os.environ.get("RESERVING_DATA_DIR")
    os.environ["RESERVING_DATA_DIR"] = str(data_dir)
    try:
        _save_two_valuations(data_dir)
    finally:
        if before is None:
            os.environ.pop("RESERVING_DATA_DIR", None)
        else:
            os.environ["RESERVING_DATA_DIR"] = before
    with running_app(data_dir) as url:
        yield url, data_dir


def _picker(page):  # type: ignore[no-untyped-def]
    """The main area's "Valuation" picker (the sidebar and the filters have other labels)."""
    return page.get_by_test_id("stMain").get_by_role("combobox", name="Valuation", exact=True)


def test_pick_the_first_of_two_submit_it_and_everything_names_it(saved_app, page) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    from reserving.storage import Repository, open_database

    url, data_dir = saved_app
    open_page(page, url, "Valuations")
    picker = _picker(page)
    expect(picker).to_have_value("Valuation 2 v2 (draft, incurred)")  # the latest is shown first
    picker.click()
    page.get_by_role("option", name="Valuation 1 v1 (draft, incurred)").click()
    expect(page.get_by_role("heading", name="Valuation 1, version 1: draft")).to_be_visible()
    expect(picker).to_have_value("Valuation 1 v1 (draft, incurred)")

    main = page.get_by_test_id("stMain")
    main.get_by_role("textbox", name="Comment", exact=True).fill("ready for review")
    main.get_by_role("textbox", name="Reason (optional)", exact=True).fill("first year-end run")
    main.get_by_role("button", name="Submit").click()

    expect(page.get_by_text("Valuation 1 version 1 submitted for approval.")).to_be_visible()
    expect(page.get_by_role("heading", name="Valuation 1, version 1: submitted")).to_be_visible()
    expect(picker).to_have_value("Valuation 1 v1 (submitted, incurred)")
    expect(page.get_by_text("Valuation 2, version 2", exact=False)).to_have_count(0)
    expect(main.get_by_role("textbox", name="Comment", exact=True)).to_have_value("")
    expect(main.get_by_role("textbox", name="Reason (optional)", exact=True)).to_have_value("")
    expect(page.get_by_role("heading", name="Exports of valuation 1, version 1")).to_be_visible()

    main.get_by_role("button", name="Build the exports").click()
    excel = main.get_by_role("button", name="Excel", exact=False)
    expect(excel).to_be_visible(timeout=180_000)
    with page.expect_download() as download:
        excel.click()
    assert download.value.suggested_filename == "valuation-1-v1.xlsx"

    repo = Repository(open_database(f"sqlite:///{data_dir / 'reserving.sqlite'}"))
    assert (repo.get_valuation(1).status, repo.get_valuation(2).status) == ("submitted", "draft")
    entry = repo.audit_log(action="valuation.submit").iloc[-1]
    assert (entry["object_id"], entry["new_value"]["version"], entry["user"]) == ("1", 1, "local")
    assert (entry["new_value"]["comment"], entry["reason"]) == ("ready for review", "first year-end run")
