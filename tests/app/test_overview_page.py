"""Overview page: the home page; the reserve by segment is the selected IBNR of each segment, and it is fast."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from reserving.assumptions import SegmentAssumptions
from reserving.methods.inputs import MethodInputs
from reserving.methods.registry import run_method
from reserving.samples import get_sample
from tests.app.conftest import ROOT, choose_dataset, table


def selected_ibnr(data, key) -> float:
    """Chain ladder (the default selection) IBNR of one segment of paid, by hand from the engine."""
    inputs = MethodInputs.from_dataset(data, "paid", key)
    return float(run_method("chainladder", inputs, SegmentAssumptions(measure="paid")).origins["ibnr"].sum())


def test_overview_is_the_home_page():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception
    assert at.title[0].value == "Overview"
    ibnr = table(at, "ov_reserve")
    # RAA incurred: chain ladder IBNR now, and on the data cut back one year (1989-12-31)
    raa = get_sample("raa")
    now = run_method("chainladder", MethodInputs.from_dataset(raa, "incurred"), SegmentAssumptions())
    then = run_method("chainladder", MethodInputs.from_dataset(raa.cut("1989-12-31"), "incurred"), SegmentAssumptions())
    assert ibnr.loc["Total", "ibnr"] == pytest.approx(now.total["ibnr"])
    assert ibnr.loc["Total", "ibnr_prior"] == pytest.approx(then.total["ibnr"])
    assert ibnr.loc["Total", "movement"] == pytest.approx(now.total["ibnr"] - then.total["ibnr"])


def test_reserve_by_segment_on_china(app):
    choose_dataset(app, "sample:china")
    app.switch_page("app_pages/overview.py").run()
    assert not app.exception
    assert not app.error, [e.value for e in app.error]
    shown = table(app, "ov_reserve")
    data = get_sample("china")
    prior = data.cut("2023-12-31")
    keys = data.segment_keys()
    assert len(shown) == len(keys) + 1
    for key in keys:
        label = ", ".join(f"{c}={v}" for c, v in key)
        assert shown.loc[label, "ibnr"] == pytest.approx(selected_ibnr(data, key)), label
        assert shown.loc[label, "ibnr_prior"] == pytest.approx(selected_ibnr(prior, key)), label
    assert shown.loc["Total", "ibnr"] == pytest.approx(shown["ibnr"].drop("Total").sum())
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Selected IBNR"] == f"{shown.loc['Total', 'ibnr']:,.0f}"
    app.get_by_key("ov_loss_ratios")
    largest = table(app, "ov_ave")
    assert len(largest) == 5
    assert list(largest["a_minus_e"].abs()) == sorted(largest["a_minus_e"].abs(), reverse=True)
    # A rerun serves every segment from the cache and shows the same figures
    # (its speed is measured by bench/bench_app_rerun.py, not asserted here).
    app.run()
    assert not app.exception
    assert table(app, "ov_reserve").loc["Total", "ibnr"] == pytest.approx(shown.loc["Total", "ibnr"])


def test_booked_movement_table_keeps_the_booked_total_and_blanks_what_has_no_prior():
    import math

    from components.retro import retro_views

    nan = float("nan")
    frame = retro_views.booked_movement_table([("motor", 100.0, 130.0), ("fire", nan, 50.0)], (150.0, 180.0))
    assert frame.loc["motor", "movement"] == pytest.approx(30.0)
    assert frame.loc["motor", "movement_rate"] == pytest.approx(0.3)
    assert math.isnan(frame.loc["fire", "movement"]) and math.isnan(frame.loc["fire", "movement_rate"])
    # the booked total (150) is the valuation's own, not the sum of the rows' (100): 180 - 150
    assert frame.loc["Total", "movement"] == pytest.approx(30.0)
