"""Saved work: save the dataset and assumptions, reopen them in a new session, identical numbers; login rules."""

from __future__ import annotations

import pandas as pd
import pytest

from components.governance.auth import parse_users, password_hash, sync_users
from reserving.storage import PermissionDenied, Repository, open_database
from tests.app.conftest import DATA, table
from tests.app.saved_helpers import (
    USERS,
    analysis_numbers,
    go,
    login,
    messages,
    save_valuation,
    session,
    set_constant_tail,
)


def test_quick_start_runs_as_the_local_actuary():
    at = session()
    assert at.sidebar.markdown[0].value == "Logged in as **local** (actuary)"
    assert "No users are configured" in at.sidebar.caption[-1].value
    assert not at.sidebar.button  # nothing to log out of
    users = Repository(open_database()).list_users()
    assert [(u.name, u.role) for u in users] == [("local", "actuary")]


def test_save_then_reopen_in_a_new_session_gives_identical_totals():
    first = session()
    set_constant_tail(first, 1.05)
    methods, selected = analysis_numbers(first)
    assert methods.loc["Chain ladder (incurred)", "ibnr"] == pytest.approx(62791.3, abs=0.5)  # RAA, tail 1.05
    go(first, "saved")
    first.text_input(key="saved_reason").input("tail from the 2025 benchmark study")
    first.button(key="saved_save_assumptions").click().run()
    assert messages(first) == ["Assumptions saved (1 segment and measure sets)."]

    second = session()  # a new browser session: nothing in its state yet
    fresh, _ = analysis_numbers(second)
    assert fresh.loc["Chain ladder (incurred)", "ibnr"] == pytest.approx(52135.2, abs=0.5)  # defaults, no tail
    go(second, "saved")
    history = table(second, "saved_history")
    assert list(history["reason"]) == ["tail from the 2025 benchmark study"]
    second.button(key="saved_open").click().run()
    assert messages(second) == ["Saved dataset opened with the latest assumptions of 1 segment and measure sets."]
    assert second.sidebar.selectbox(key="sidebar_dataset").value == "sample:raa"  # the sample itself again
    reopened_methods, reopened_selected = analysis_numbers(second)
    pd.testing.assert_frame_equal(reopened_methods, methods)
    pd.testing.assert_frame_equal(reopened_selected, selected)


def test_saved_upload_reopens_from_its_bytes_and_mapping():
    first = go(session(), "data")
    data = (DATA / "small_paid.csv").read_bytes()
    first.file_uploader(key="data_upload").set_value(("small_paid.csv", data, "text/csv")).run()
    first.button(key="data_use").click().run()
    methods, _ = analysis_numbers(first)
    go(first, "saved")
    first.button(key="saved_save_dataset").click().run()
    assert messages(first) == ["Dataset 'small_paid.csv' saved."]

    second = session()
    go(second, "saved")
    assert list(table(second, "saved_datasets")["file_name"]) == ["small_paid.csv"]
    second.button(key="saved_open").click().run()
    assert second.sidebar.selectbox(key="sidebar_dataset").value.startswith("upload:")
    go(second, "data")
    assert {m.label: m.value for m in second.metric} == {"paid": "455"}  # 165 + 170 + 120
    reopened, _ = analysis_numbers(second)
    pd.testing.assert_frame_equal(reopened, methods)


def test_login_with_a_wrong_password_is_refused_and_logout_works():
    at = session(USERS)
    at.text_input(key="auth_name").input("ana")
    at.text_input(key="auth_password").input("wrong")
    at.button(key="auth_login").click().run()
    assert messages(at, "error") == ["Unknown user name or wrong password."]
    assert at.button(key="auth_login")  # still the login form
    at = login("ana")
    assert at.sidebar.markdown[0].value == "Logged in as **ana** (actuary)"
    at.sidebar.button(key="auth_logout").click().run()
    assert at.button(key="auth_login")


def test_configured_users_are_synced_into_the_database():
    login("vera")
    users = {u.name: u.role for u in Repository(open_database()).list_users()}
    assert users == {"ana": "actuary", "li": "chief_actuary", "vera": "viewer"}


def test_viewer_cannot_save_and_the_repository_refuses_anyway():
    at = login("vera")
    go(at, "saved")
    for action in ("dataset", "assumptions", "valuation"):
        button = at.button(key=f"saved_save_{action}")
        assert button.disabled
        assert button.help == "Your role (viewer) does not allow this."
    with pytest.raises(PermissionDenied):
        Repository(open_database()).save_dataset("RAA", b"origin,paid\n", user="vera")


def test_parse_users_and_sync_rules(tmp_path):
    users = parse_users(
        {
            "li": {"role": "chief_actuary", "password_sha256": password_hash("x").upper()},
            "bad": {"role": "boss"},
            "ana": {"role": "actuary"},
        }
    )
    assert sorted(users) == ["ana", "li"]  # an unknown role is skipped
    assert users["li"].password_sha256 == password_hash("x")  # hex compared in lower case
    repo = Repository(open_database(f"sqlite:///{tmp_path / 'users.sqlite'}"))
    assert sync_users(repo, {"ana": "actuary", "li": "chief_actuary"}) == ["ana", "li"]
    assert sync_users(repo, {"ana": "viewer", "li": "chief_actuary"}) == ["ana", "li"]
    assert repo.get_user("ana").role == "viewer"  # the secrets file decides roles
    other = Repository(open_database(f"sqlite:///{tmp_path / 'other.sqlite'}"))
    other.add_user("local", "actuary")
    assert sync_users(other, {"ana": "actuary"}) == ["ana"]  # no chief actuary needed: the file decides
    assert other.get_user("ana").role == "actuary"


def test_users_configured_after_a_quick_start_can_log_in_with_their_roles():
    quick = session()  # no users configured: the database gets only 'local'
    assert quick.sidebar.markdown[0].value == "Logged in as **local** (actuary)"
    assert [u.name for u in Repository(open_database()).list_users()] == ["local"]

    chief = login("li")  # now the secrets name three users
    assert chief.sidebar.markdown[0].value == "Logged in as **li** (chief actuary)"
    assert not messages(chief, "warning")  # every configured user reached the database
    repo = Repository(open_database())
    assert {u.name: u.role for u in repo.list_users()} == {
        "local": "actuary",
        "ana": "actuary",
        "li": "chief_actuary",
        "vera": "viewer",
    }
    added = repo.audit_log(action="user.add", user="config")
    assert sorted(added["object_id"]) == ["ana", "li", "vera"]

    ana = login("ana")  # an actuary can save; the repository accepts her role
    save_valuation(ana)
    assert [v.created_by for v in repo.list_valuations()] == ["ana"]
    vera = login("vera")
    go(vera, "saved")
    assert vera.button(key="saved_save_valuation").disabled  # a viewer by the same file


def test_an_all_segments_valuation_reopens_with_its_aggregate_and_each_segments_assumptions():
    """Saved as the sum with a tail on one segment, then as the summed triangle: each reopens to its own figure."""
    from reserving.storage import Repository as Repo
    from reserving.valuation import ValuationResults
    from tests.app.saved_helpers import act
    from tests.app.test_totals_agree import _shown, _upload_session

    at = _upload_session()
    at.sidebar.selectbox(key="sidebar_segment").set_value("branch=北京, line=车险").run()
    set_constant_tail(at, 1.05)
    at.sidebar.selectbox(key="sidebar_segment").set_value("").run()
    by_segment = _shown(at)["selection"]
    save_valuation(at)
    at.sidebar.radio(key="sidebar_aggregate").set_value("summed_triangle").run()
    summed = _shown(at)["selection"]
    save_valuation(at)
    repo = Repo(open_database())
    first, second = sorted(repo.list_valuations(), key=lambda r: r.id)[-2:]
    assert ValuationResults.from_dict(first.results).total.ibnr == pytest.approx(by_segment, rel=1e-9)
    assert ValuationResults.from_dict(second.results).total.ibnr == pytest.approx(summed, rel=1e-9)

    for record, aggregate, expected in ((first, "sum", by_segment), (second, "summed_triangle", summed)):
        fresh = session()
        act(fresh, "open", record.id)
        assert fresh.sidebar.radio(key="sidebar_aggregate").value == aggregate
        assert _shown(fresh)["selection"] == pytest.approx(expected, rel=1e-9)
