"""Valuations page: the review workflow by role, material changes, locking, new versions, exports."""

from __future__ import annotations

import io

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from reserving.reports import export, load_valuation_report
from reserving.storage import PermissionDenied, Repository, WorkflowError, open_database
from tests.app.conftest import choose_dataset, table
from tests.app.saved_helpers import act, go, login, messages, save_valuation, session, set_constant_tail

WORKFLOW = ("val_submit", "val_approve", "val_return", "val_new_version")


def _status(at, valuation_id: int) -> str:
    listing = table(at, "val_list").set_index("id")
    return listing.loc[valuation_id, "status"]


def _disabled(at) -> dict[str, bool]:
    return {key: at.button(key=key).disabled for key in WORKFLOW}


@pytest.fixture
def submitted():
    """Valuation 1 of RAA (chain ladder, no tail), saved and submitted by the actuary ana."""
    ana = login("ana")
    assert save_valuation(ana) == "Valuation 1 (v1) saved as a draft."
    act(ana, "submit", 1)
    assert messages(ana) == ["Valuation 1 version 1 submitted for approval."]
    return ana


def test_actuary_submits_but_cannot_approve(submitted):
    ana = submitted
    assert _status(ana, 1) == "submitted"
    assert _disabled(ana) == {"val_submit": True, "val_approve": True, "val_return": True, "val_new_version": True}
    assert ana.button(key="val_approve").help == "Your role (actuary) does not allow this."
    listing = table(ana, "val_list").set_index("id")
    assert listing.loc[1, "ultimate"] == pytest.approx(213122.2, abs=0.5)  # RAA: latest 160,987 + IBNR 52,135
    with pytest.raises(PermissionDenied):
        Repository(open_database()).approve(1, user="ana")


def test_return_needs_a_comment_then_chief_approves_and_the_valuation_locks(submitted):
    li = login("li")
    act(li, "return", 1)
    assert messages(li, "error") == ["Say what to change (the comment) before returning the valuation."]
    assert _status(li, 1) == "submitted"
    act(li, "return", 1, comment="use the 2025 tail study")
    assert messages(li) == ["Valuation 1 version 1 returned to its preparer."]
    assert _status(li, 1) == "returned"
    assert list(table(li, "val_history")["comment"]) == ["", "use the 2025 tail study"]

    ana = login("ana")
    act(ana, "submit", 1, comment="tail reviewed, unchanged")
    li = login("li")
    act(li, "approve", 1)
    assert messages(li) == ["Valuation 1 version 1 approved and locked."]
    assert _status(li, 1) == "approved"
    assert li.info[0].value.startswith("Approved: this valuation is locked")
    assert _disabled(li) == {"val_submit": True, "val_approve": True, "val_return": True, "val_new_version": False}
    with pytest.raises(WorkflowError):
        Repository(open_database()).update_draft(1, user="li", reason="edit in place", results={"total": {}})

    act(li, "new_version", 1)
    assert messages(li) == ["Valuation 2 version 2 created as an editable draft from approved valuation 1 version 1."]
    listing = table(li, "val_list").set_index("id")
    assert listing.loc[2, "status"] == "draft"
    assert listing.loc[2, "parent_id"] == 1
    assert listing.loc[1, "status"] == "approved"


def test_material_change_needs_a_written_reason(submitted):
    li = login("li")
    act(li, "approve", 1)
    ana = login("ana")
    set_constant_tail(ana, 1.05)  # a new tail type is a change of method: material whatever the amount
    assert save_valuation(ana) == "Valuation 2 (v2) saved as a draft."
    act(ana, "submit", 2)
    li = login("li")
    go(li, "valuations")
    li.selectbox(key="val_pick").set_value("2").run()
    warning = li.warning[0].value
    assert warning.startswith("Material changes against approved valuation 1")
    assert "'tail.kind' changed from 'none' to 'constant'" in warning
    assert "total ultimate" not in warning  # +10,656 on 213,122 is 5.0 %, not beyond the 5 % threshold
    act(li, "approve", 2)
    assert messages(li, "error") == [
        "This valuation changes materially: write the reason for the change before approving it."
    ]
    assert _status(li, 2) == "submitted"
    act(li, "approve", 2, reason="tail added after the 2025 benchmark study")
    assert _status(li, 2) == "approved"
    assert table(li, "val_history")["reason"].iloc[-1] == "tail added after the 2025 benchmark study"


def test_viewer_sees_everything_and_can_change_nothing(submitted):
    vera = login("vera")
    go(vera, "valuations")
    assert _status(vera, 1) == "submitted"
    assert all(_disabled(vera).values())
    assert {vera.button(key=key).help for key in WORKFLOW} == {"Your role (viewer) does not allow this."}
    assert not table(vera, "val_results").empty


def test_exports_build_with_progress_and_offer_three_downloads(submitted):
    ana = submitted
    go(ana, "valuations")
    ana.button(key="val_export_build").click().run()
    assert not ana.exception
    assert not ana.error, [e.value for e in ana.error]
    for fmt in ("xlsx", "html", "zip"):
        assert ana.get_by_key(f"val_export_{fmt}") is not None


def test_a_new_version_is_edited_on_the_analysis_pages_and_saved_into_its_draft(submitted):
    repo = Repository(open_database())
    repo.approve(1, user="li")
    ana = submitted
    act(ana, "new_version", 1)
    act(ana, "open", 2)
    assert messages(ana) == [
        "Valuation 2 version 2 opened: its dataset and assumptions are current on the analysis pages."
    ]
    set_constant_tail(ana, 1.05)
    assert save_valuation(ana, into="2") == "Valuation 2 (v2) saved as a draft."
    draft, approved = repo.get_valuation(2), repo.get_valuation(1)
    assert draft.assumptions["tail"]["kind"] == "constant"
    assert draft.results["total"]["ultimate"] == pytest.approx(213122.2 + 10656.1, abs=0.5)
    assert approved.results["total"]["ultimate"] == pytest.approx(213122.2, abs=0.5)  # the approved one is untouched
    assert list(repo.audit_log(object_type="valuation", object_id=2)["action"]) == [
        "valuation.new_version",
        "valuation.update",
    ]


def test_a_selection_using_chain_ladder_on_paid_exports_the_app_totals():
    at = session()
    choose_dataset(at, "sample:mcl")
    at.sidebar.selectbox(key="sidebar_measure").set_value("incurred").run()
    go(at, "selection")
    origins = list(table(at, "sel_selected").index[-3:-1])  # the two latest origins (the last row is Total)
    at.multiselect(key="sel_quick_origins").set_value(origins).run()
    at.selectbox(key="sel_quick_method").set_value("chainladder_paid").run()
    at.text_input(key="sel_quick_reason").input("paid is more stable").run()
    at.button(key="sel_quick_apply").click().run()
    shown = table(at, "sel_selected")
    assert list(shown.loc[origins, "method"]) == ["chainladder_paid", "chainladder_paid"]
    app_total = shown.loc["Total", "ultimate"]
    assert save_valuation(at) == "Valuation 1 (v1) saved as a draft."
    record = Repository(open_database()).get_valuation(1)
    assert record.assumptions["runs"]["chainladder_paid"]["measure"] == "paid"
    assert record.results["total"]["ultimate"] == pytest.approx(app_total, rel=1e-12)

    go(at, "valuations")
    at.button(key="val_export_build").click().run()
    assert not at.error, [e.value for e in at.error]  # no AssumptionError about an unknown method
    assert all(at.get_by_key(f"val_export_{fmt}") is not None for fmt in ("xlsx", "html", "zip"))
    report = load_valuation_report(Repository(open_database()), 1)
    assert report.exhibits.matches_stored is True
    rows = list(openpyxl.load_workbook(io.BytesIO(export(report, "xlsx")))["Selection"].iter_rows(values_only=True))
    header = next(row for row in rows if row and row[0] == "origin")
    total = dict(zip(header, next(row for row in rows if row and row[0] == "Total"), strict=False))
    assert total["ultimate"] == pytest.approx(app_total, rel=1e-12)


# ----------------------------------------------------------- the page acts on what it shows
def _two_drafts() -> AppTest:
    """Valuation 1 (RAA chain ladder, v1) and valuation 2 (with a 1.05 tail, v2), both drafts, saved by ana."""
    ana = login("ana")
    assert save_valuation(ana) == "Valuation 1 (v1) saved as a draft."
    set_constant_tail(ana, 1.05)
    assert save_valuation(ana) == "Valuation 2 (v2) saved as a draft."
    return ana


def _shown(at: AppTest) -> dict[str, object]:
    """What the page names: the picker's id and text, the body's heading, the buttons' line, the exports."""
    picker = at.selectbox(key="val_pick")
    return {
        "picker": picker.value,
        "picker_text": picker.options[picker.index],
        "body": next(h.value for h in at.subheader if h.value.startswith("Valuation ")),
        "buttons": next(m.value for m in at.markdown if m.value.startswith("The buttons below act on")),
        "exports": next(h.value for h in at.subheader if h.value.startswith("Exports of")),
        "comment": at.text_area(key="val_comment").value,
        "reason": at.text_area(key="val_reason").value,
    }


def test_submitting_the_first_of_two_keeps_picker_body_buttons_and_exports_on_it():
    # Issue 16: picking valuation 1 and pressing Submit left the picker on "Valuation 1 v1 (draft)"
    # while the body showed valuation 2 and the exports were built for valuation 2.
    ana = _two_drafts()
    act(ana, "submit", 1, comment="ready for review", reason="first year-end run")
    assert messages(ana) == ["Valuation 1 version 1 submitted for approval."]
    assert _shown(ana) == {
        "picker": "1",
        "picker_text": "Valuation 1 v1 (submitted, incurred)",
        "body": "Valuation 1, version 1: submitted",
        "buttons": "The buttons below act on **valuation 1, version 1**.",
        "exports": "Exports of valuation 1, version 1",
        "comment": "",
        "reason": "",
    }
    repo = Repository(open_database())
    assert (repo.get_valuation(1).status, repo.get_valuation(2).status) == ("submitted", "draft")
    entry = repo.audit_log(action="valuation.submit").iloc[-1]
    assert entry["object_id"] == "1" and entry["new_value"]["version"] == 1
    assert entry["new_value"]["comment"] == "ready for review" and entry["reason"] == "first year-end run"
    ana.button(key="val_export_build").click().run()
    assert not ana.error, [e.value for e in ana.error]
    assert "Files: valuation-1-v1.xlsx, valuation-1-v1.html, valuation-1-v1.zip" in [c.value for c in ana.caption]


def test_a_reviewer_approves_the_valuation_picked_not_the_latest():
    ana = _two_drafts()
    act(ana, "submit", 2)
    act(ana, "submit", 1)
    li = login("li")
    act(li, "approve", 1, comment="agreed")
    assert messages(li) == ["Valuation 1 version 1 approved and locked."]
    repo = Repository(open_database())
    assert (repo.get_valuation(1).status, repo.get_valuation(2).status) == ("approved", "submitted")
    assert _shown(li)["body"] == "Valuation 1, version 1: approved"
    assert li.selectbox(key="val_pick").value == "1"
    entry = repo.audit_log(action="valuation.approve").iloc[-1]
    assert (entry["object_id"], entry["new_value"]["version"], entry["user"]) == ("1", 1, "li")


def test_a_status_filter_that_would_hide_the_valuation_acted_on_is_cleared():
    ana = _two_drafts()
    go(ana, "valuations")
    ana.selectbox(key="val_status").set_value("draft").run()
    ana.selectbox(key="val_pick").set_value("1").run()
    ana.button(key="val_submit").click().run()
    assert not ana.exception
    assert ana.selectbox(key="val_status").value == ""  # "(any)": valuation 1 is no longer a draft
    shown = _shown(ana)
    assert (shown["picker"], shown["body"]) == ("1", "Valuation 1, version 1: submitted")


def test_after_a_new_version_the_picker_follows_the_new_draft():
    ana = _two_drafts()
    act(ana, "submit", 1)
    repo = Repository(open_database())
    repo.approve(1, user="li")
    act(ana, "new_version", 1, reason="year-end update")
    assert messages(ana) == ["Valuation 3 version 3 created as an editable draft from approved valuation 1 version 1."]
    shown = _shown(ana)
    assert (shown["picker"], shown["picker_text"]) == ("3", "Valuation 3 v3 (draft, incurred)")
    assert shown["body"] == "Valuation 3, version 3: draft"
    assert shown["exports"] == "Exports of valuation 3, version 3"
    assert (shown["comment"], shown["reason"]) == ("", "")
    entry = repo.audit_log(action="valuation.new_version").iloc[-1]
    assert entry["object_id"] == "3"
    assert entry["old_value"] == {"parent_id": 1, "version": 1} and entry["new_value"]["version"] == 3


def test_an_action_on_a_valuation_changed_since_it_was_shown_is_refused():
    ana = _two_drafts()
    go(ana, "valuations")
    ana.selectbox(key="val_pick").set_value("1").run()
    # another session submits valuation 1 after this page drew it as a draft
    Repository(open_database()).submit(1, user="ana", comment="from elsewhere")
    ana.button(key="val_submit").click().run()  # pressed on the page that still shows it as a draft
    assert messages(ana, "error") == [
        "Valuation 1 version 1 changed after this page showed it (another user acted on it): "
        "look at it again, then repeat the action."
    ]
    assert _shown(ana)["body"] == "Valuation 1, version 1: submitted"
