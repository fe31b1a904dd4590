"""Retrospective deviation page: one segment and origin equal the domain's; records are kept and exported."""

from __future__ import annotations

import pandas as pd
import pytest

from components.retro.retro_records import editor_key
from reserving.retrospection import retrospective_deviation
from reserving.samples import get_sample
from tests.app.conftest import choose_dataset, table

DATES = ["2022-12-31", "2023-12-31", "2024-12-31"]
KEY = (("branch", "上海"), ("line", "责任险"))
LABEL = "branch=上海, line=责任险"
ORIGIN = "2022Q2"


@pytest.fixture(scope="module")
def domain():
    report = retrospective_deviation(get_sample("china"), "paid", [pd.Timestamp(d) for d in DATES])
    return report


@pytest.fixture
def retro(app):
    choose_dataset(app, "sample:china")
    app.switch_page("app_pages/retro.py").run()
    assert not app.exception
    return app


def test_one_segment_and_origin_equal_the_domain(retro, domain):
    assert retro.multiselect(key="retro_dates").value == DATES  # the data's last three year-ends
    retro.sidebar.selectbox(key="sidebar_segment").set_value(LABEL).run()
    assert not retro.exception
    assert not retro.error, [e.value for e in retro.error]
    expected = dict(domain.segments)[KEY]
    shown = table(retro, "retro_origins")
    row = expected.origins.set_index("origin").loc[ORIGIN]
    for name in ("original", "paid_since", "reserve", "re_estimate", "deviation"):
        assert shown.loc[ORIGIN, name] == pytest.approx(row[name]), name
    assert shown.loc[ORIGIN, "deviation_rate"] == pytest.approx(row["deviation_rate"])  # a Styler grid keeps the data
    assert bool(shown.loc[ORIGIN, "flag"]) is bool(abs(row["deviation_rate"]) > 0.05)
    assert shown.loc["Total", "deviation"] == pytest.approx(expected.total["deviation"])
    estimates = table(retro, "retro_estimates")
    assert estimates.loc[ORIGIN, "2023-12-31"] == pytest.approx(expected.estimates.loc[ORIGIN, "2023-12-31"])
    retro.get_by_key("retro_estimates_chart")


def test_all_segments_total_and_threshold(retro, domain):
    shown = table(retro, "retro_origins")
    assert shown.loc["Total", "deviation"] == pytest.approx(domain.total.total["deviation"])
    segments = table(retro, "retro_segments")
    assert segments.loc[LABEL, "deviation"] == pytest.approx(dict(domain.segments)[KEY].total["deviation"])
    count = {m.label: m.value for m in retro.metric}["Flagged lines"]
    flagged = sum(int(r.origins["flag"].sum()) for _, r in domain.segments)
    assert count == str(flagged)
    retro.number_input(key="retro_threshold").set_value(50.0).run()
    at_half = retrospective_deviation(get_sample("china"), "paid", [pd.Timestamp(d) for d in DATES], threshold=0.5)
    strict = sum(int(r.origins["flag"].sum()) for _, r in at_half.segments)  # the domain's flags at 50%
    assert {m.label: m.value for m in retro.metric}["Flagged lines"] == str(strict)
    assert strict < flagged


def test_records_of_a_flagged_line_are_kept(retro):
    retro.sidebar.selectbox(key="sidebar_segment").set_value(LABEL).run()
    flagged_origins = [o for o, f in table(retro, "retro_origins")["flag"].items() if f and o != "Total"]
    assert flagged_origins
    lines = pd.DataFrame({"segment": [LABEL] * len(flagged_origins), "origin": flagged_origins})
    retro.session_state[editor_key(lines)] = {
        "edited_rows": {0: {"cause": "large claim reopened", "corrective_measure": "review case reserves"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    retro.button(key="retro_records_keep").click().run()
    assert not retro.exception
    shown = table(retro, "retro_origins")
    assert shown.loc[flagged_origins[0], "cause"] == "large claim reopened"
    assert shown.loc[flagged_origins[0], "corrective_measure"] == "review case reserves"
    # still there after a visit to another page
    retro.switch_page("app_pages/data.py").run()
    retro.switch_page("app_pages/retro.py").run()
    assert table(retro, "retro_origins").loc[flagged_origins[0], "cause"] == "large claim reopened"
