"""Audit page: the actions just done are listed, the filters narrow them, the log downloads as CSV."""

from __future__ import annotations

import datetime as dt

from tests.app.conftest import table
from tests.app.saved_helpers import act, go, login, save_valuation


def test_audit_lists_the_actions_and_filters_work():
    ana = login("ana")
    save_valuation(ana)
    act(ana, "submit", 1)
    li = login("li")
    act(li, "return", 1, comment="check the tail")
    go(li, "audit")
    log = table(li, "audit_log")
    actions = list(log["action"])
    assert actions[-5:] == [
        "dataset.save",
        "assumptions.save",
        "valuation.create",
        "valuation.submit",
        "valuation.return",
    ]
    assert actions.count("user.add") == 3
    assert li.get_by_key("audit_log_csv") is not None  # the CSV download
    returned = log[log["action"] == "valuation.return"].iloc[0]
    assert (returned["user"], returned["object_type"], returned["object_id"]) == ("li", "valuation", "1")
    assert '"comment": "check the tail"' in returned["new_value"]
    # every valuation entry names the version it changed beside the id; other entries have none
    valuation_rows = log[log["object_type"] == "valuation"]
    assert list(valuation_rows["version"]) == [1, 1, 1]
    assert log[log["object_type"] != "valuation"]["version"].isna().all()

    li.selectbox(key="audit_user").set_value("ana").run()
    assert set(table(li, "audit_log")["user"]) == {"ana"}
    assert len(table(li, "audit_log")) == 4
    li.selectbox(key="audit_action").set_value("valuation.submit").run()
    assert list(table(li, "audit_log")["object_id"]) == ["1"]
    li.selectbox(key="audit_user").set_value("").run()
    li.selectbox(key="audit_action").set_value("").run()
    li.selectbox(key="audit_object_type").set_value("valuation").run()
    assert len(table(li, "audit_log")) == 3
    tomorrow = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)
    li.date_input(key="audit_dates").set_value((tomorrow, tomorrow)).run()
    assert table(li, "audit_log").empty
    assert "0 of 8 entries." in [caption.value for caption in li.main.caption]
    today = tomorrow - dt.timedelta(days=1)
    li.date_input(key="audit_dates").set_value((today, today)).run()
    assert len(table(li, "audit_log")) == 3  # the valuation filter still applies
