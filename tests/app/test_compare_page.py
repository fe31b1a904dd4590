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
    metrics = {m.label: (m.value, m.delta) for m in at.metric}
    # B's totals with the change from A: ultimate 213,122.2 x 1.05 = 223,778.3; IBNR 52,135.2 + 10,656.1
    assert metrics["Total ultimate, valuation 2 (change from 1)"] == ("223,778", "+10,656")
    assert metrics["Total IBNR, valuation 2 (change from 1)"] == ("62,791", "+10,656")
    by_origin = table(at, "cmp_by_origin")
    # Mack (1993) RAA chain ladder IBNR: 0 for 1981, 16,339 for 1990 (latest 2,063, ultimate 18,402);
    # a 1.05 tail makes each IBNR 1.05 x ultimate - latest: 0.05 x 18,834 = 941.7 and 17,259.1.
    assert by_origin.loc["1981", "ibnr_a"] == pytest.approx(0.0, abs=0.5)
    assert by_origin.loc["1981", "ibnr_b"] == pytest.approx(941.7, abs=0.5)
    assert by_origin.loc["1990", "ibnr_a"] == pytest.approx(16339, abs=1)
    assert by_origin.loc["1990", "ibnr_b"] == pytest.approx(17259.1, abs=1)
    assert by_origin.loc["1990", "ibnr_change"] == pytest.approx(17259.1 - 16339, abs=1)
    assert by_origin.loc["Total", "ibnr_a"] == pytest.approx(52135.2, abs=0.5)
    assert by_origin.loc["Total", "ibnr_change"] == pytest.approx(10656.1, abs=0.5)
    assert by_origin.loc["Total", "ultimate_change"] == pytest.approx(10656.1, abs=0.5)
    assert len(by_origin) == 11  # ten origins and the total
    assert at.get_by_key("cmp_chart") is not None
    at.toggle(key="cmp_changed_only").set_value(False).run()
    assert len(table(at, "cmp_assumptions")) > len(changed)


def test_ultimates_chart_has_one_bar_series_per_valuation():
    frame = pd.DataFrame({"origin": ["1981", "1982"], "a": [100.0, 200.0], "b": [110.0, 190.0], "change": [10, -10]})
    fig = ultimates_chart(frame, "Valuation 1", "Valuation 2", "Origin", "Ultimate")
    assert [trace.name for trace in fig.data] == ["Valuation 1", "Valuation 2"]
    assert list(fig.data[1].y) == [110.0, 190.0]
    assert fig.layout.barmode == "group"


def test_compared_methods_are_diffed_by_name_not_position():
    # Issue 17: adding Clark before Munich showed as "methods[8] munich -> clark".
    from reserving.storage import Repository, open_database

    at = session()
    save_valuation(at)
    repo = Repository(open_database())
    first = repo.get_valuation(1)
    methods = list(first.assumptions["methods"])
    assert methods[-1] == "clark" and "munich" not in methods
    # Munich inserted before Clark: by position, methods[-1] "changed" from clark to munich and
    # Clark reappeared one place later; by name, Munich was added and nothing else changed.
    moved = {**first.assumptions, "methods": [*methods[:-1], "munich", "clark"]}
    repo.create_valuation(
        first.data_hash, first.segment, first.measure, moved, first.results, user="local", method=first.method
    )
    go(at, "compare")
    changed = table(at, "cmp_assumptions")
    assert list(changed.index) == ["methods[munich]"]
    assert (changed.loc["methods[munich]", "a"], changed.loc["methods[munich]", "b"]) == ("", "munich")
