"""Tail page: a constant 1.05 tail moves RAA's IBNR to the published 62,791 at once, everywhere."""

from __future__ import annotations

import pytest

from tests.app.conftest import table


@pytest.fixture
def tail(app):
    app.switch_page("app_pages/tail.py").run()
    assert not app.exception
    return app


def _metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_constant_tail_changes_ibnr_at_once(tail):
    assert _metric(tail, "Total IBNR with tail") == "52,135"
    tail.selectbox(key="tail_kind").set_value("constant").run()
    tail.number_input(key="tail_factor").set_value(1.05).run()
    assert not tail.exception
    assert _metric(tail, "Tail factor") == "1.0500"
    assert _metric(tail, "Total IBNR without tail") == "52,135"
    assert _metric(tail, "Total IBNR with tail") == "62,791"  # R MackChainLadder(RAA, tail=1.05): 62,791.3
    assert _metric(tail, "Effect of the tail") == "10,656"
    factors = table(tail, "tail_factors")
    assert factors["selected"].iloc[9:].prod() == pytest.approx(1.05)  # the tail rows multiply to the factor
    tail.get_by_key("tail_chart")
    tail.switch_page("app_pages/methods.py").run()
    assert table(tail, "meth_totals").loc["Chain ladder (incurred)", "ibnr"] == pytest.approx(62791.3, abs=0.5)


def test_exponential_curve_fit(tail):
    tail.selectbox(key="tail_kind").set_value("exponential").run()
    assert not tail.exception
    assert _metric(tail, "Tail factor") == "1.0094"  # chainladder TailCurve on RAA: 1.00944
    tail.selectbox(key="tail_fit_from").set_value(24).run()
    assert not tail.exception
    assert _metric(tail, "Tail factor") != "1.0094"
