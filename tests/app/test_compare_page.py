"""Compare page: two valuations differing by one assumption show the changed factor and the ultimate difference."""

from __future__ import annotations

import pandas as pd
import pytest

from components.governance.storage_views import ultimates_chart
from tests.app.conftest import table
from tests.app.saved_helpers import go, save_valuation, session, set_constant_tail


def test_compare_shows_the_changed_tail_and_the_ultimate_difference():
    at = session()
    save_valuation(at)  # RAA chain ladder without a tail
    set_constant_tail(at, 1.05)
    save_valuation(at)  # the same with a constant 1.05 tail
    go(at, "compare")
    assert at.selectbox(key="cmp_a").value == 1
    assert at.selectbox(key="cmp_b").value == 2
    changed = table(at, "cmp_assumptions")
    assert changed.loc["tail.kind", "a"] == "none"
    assert changed.loc["tail.kind", "b"] == "constant"
    assert changed.loc["tail.factor", "a"] == "1.0"
    assert changed.loc["tail.factor", "b"] == "1.05"
    assert changed.loc["tail.factor", "change"] == pytest.approx(0.05)
    assert bool(changed["changed"].all())  # only the changed items by default
    results = table(at, "cmp_results")
    total = results[(results["origin"] == "Total") & (results["field"] == "ultimate")].iloc[0]
    assert total["a"] == pytest.approx(213122.2, abs=0.5)  # RAA: latest 160,987 + IBNR 52,135
    assert total["change"] == pytest.approx(10656.1, abs=0.5)  # 62,791.3 - 52,135.2 of IBNR
    latest = results[(results["origin"] == "Total") & (results["field"] == "latest")].iloc[0]
    assert latest["change"] == 0
    assert {m.label: m.value for m in at.metric}["Change (B - A)"] == "+10,656"
    assert at.get_by_key("cmp_chart") is not None
    at.toggle(key="cmp_changed_only").set_value(False).run()
    assert len(table(at, "cmp_assumptions")) > len(changed)


def test_ultimates_chart_has_one_bar_series_per_valuation():
    frame = pd.DataFrame({"origin": ["1981", "1982"], "a": [100.0, 200.0], "b": [110.0, 190.0], "change": [10, -10]})
    fig = ultimates_chart(frame, "Valuation 1", "Valuation 2", "Origin", "Ultimate")
    assert [trace.name for trace in fig.data] == ["Valuation 1", "Valuation 2"]
    assert list(fig.data[1].y) == [110.0, 190.0]
    assert fig.layout.barmode == "group"
