"""Actual vs expected page: the totals are the domain's `ave_report`, and the k slider moves the flags."""

from __future__ import annotations

import pandas as pd
import pytest

from reserving.retrospection import ave_report
from reserving.samples import get_sample
from tests.app.conftest import choose_dataset, table


@pytest.fixture
def ave(app):
    app.switch_page("app_pages/ave.py").run()
    assert not app.exception
    return app


def test_china_cut_at_2023_totals_equal_ave_report(ave):
    choose_dataset(ave, "sample:china")
    assert not ave.error, [e.value for e in ave.error]
    assert ave.selectbox(key="ave_as_of").value == "2023-12-31"  # one year back by default
    assert ave.selectbox(key="ave_to").value == "2024-12-31"
    report = ave_report(get_sample("china"), "paid", pd.Timestamp("2023-12-31"))
    origins = table(ave, "ave_origins")
    for name in ("ibnr_prior", "expected", "actual", "a_minus_e"):
        assert origins.loc["Total", name] == pytest.approx(report.total.total[name]), name
    # A/E is a ratio: the grid holds it in percent ("%.1f%%" shows 0.912 as 91.2%), the CSV the raw ratio.
    assert origins.loc["Total", "a_over_e"] == pytest.approx(100 * report.total.total["a_over_e"])
    domain = report.total.origins.set_index("origin")
    assert origins.loc["2023Q4", "expected"] == pytest.approx(domain.loc["2023Q4", "expected"])
    calendar = table(ave, "ave_calendar")
    assert list(calendar.index[:-1]) == ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]
    assert calendar.loc["Total", "actual"] == pytest.approx(report.total.total["actual"])
    segments = table(ave, "ave_segments")
    assert len(segments) == 10  # 9 segments and the total
    first_key, first = report.segments[0]
    label = ", ".join(f"{c}={v}" for c, v in first_key)
    assert segments.loc[label, "expected"] == pytest.approx(first.total["expected"])
    ave.get_by_key("ave_chart")
    ave.get_by_key("ave_heatmap")


def test_k_slider_changes_the_flags(ave):
    """RAA incurred cut at 1989: origins with |A - E| > k x (Mack s.e. of the prior IBNR) are flagged."""
    data = get_sample("raa")
    flagged = {}
    for k in (0.5, 2.0):
        ave.slider(key="ave_k").set_value(k).run()
        assert not ave.exception
        shown = table(ave, "ave_origins").drop(index="Total")
        domain = ave_report(data, "incurred", pd.Timestamp("1989-12-31"), k=k).total.origins.set_index("origin")
        assert list(shown["flag"]) == list(domain["flag"])
        assert shown["std_err"].to_numpy() == pytest.approx(domain["std_err"].to_numpy(), nan_ok=True)
        flagged[k] = int(shown["flag"].sum())
        assert {m.label: m.value for m in ave.metric}["Flagged origins"] == str(flagged[k])
    assert flagged[0.5] > flagged[2.0]
