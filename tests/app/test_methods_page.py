"""Methods page: RAA's chain ladder, a note for methods RAA cannot support, and xyz's BF under edited loss ratios."""

from __future__ import annotations

import pytest

from components.core.tables import AMOUNT
from reserving import samples
from reserving.assumptions import LossRatioAssumptions, SegmentAssumptions
from reserving.methods import MethodInputs, run_method
from tests.app.conftest import choose_dataset, table


@pytest.fixture
def methods(app):
    app.switch_page("app_pages/methods.py").run()
    assert not app.exception
    return app


def test_raa_chain_ladder_and_notes(methods):
    totals = table(methods, "meth_totals")
    ibnr = totals.loc["Chain ladder (incurred)", "ibnr"]
    assert AMOUNT == "%,.0f"  # the page shows amounts with thousands separators, no decimals
    assert f"{ibnr:,.0f}" == "52,135"  # Mack 1994 / R: 52,135.23
    # 271,993.64 at the maximum of Clark's likelihood (tests/unit/test_methods_published.py); chainladder's optimiser
    # stops within 1e-4 of it, at a point that differs from one processor to the next
    assert totals.loc["Clark growth curve", "ultimate"] == pytest.approx(271_993.64, rel=1e-4)
    by_origin = table(methods, "meth_ibnr")
    assert by_origin.loc["Total", "Chain ladder (incurred)"] == pytest.approx(ibnr)
    assert by_origin.loc["1981", "Chain ladder (incurred)"] == pytest.approx(0.0)
    notes = methods.info[-1].value
    assert "Bornhuetter-Ferguson" in notes and "needs premium" in notes
    assert not methods.error
    methods.get_by_key("meth_chart")


def test_xyz_bf_follows_the_loss_ratios(methods):
    choose_dataset(methods, "sample:xyz")
    methods.sidebar.selectbox(key="sidebar_measure").set_value("incurred").run()
    methods.radio(key="meth_lr_source").set_value("manual").run()
    methods.number_input(key="meth_lr_all").set_value(0.7).run()
    methods.button(key="meth_lr_apply").click().run()
    assert not methods.exception
    inputs = MethodInputs.from_dataset(samples.get_sample("xyz"), "incurred", ())

    def engine(loss_ratio: LossRatioAssumptions) -> float:
        return run_method("bf", inputs, SegmentAssumptions("incurred", loss_ratio=loss_ratio)).total["ibnr"]

    bf = table(methods, "meth_totals").loc["Bornhuetter-Ferguson", "ibnr"]
    assert bf == pytest.approx(engine(LossRatioAssumptions(default=0.7)))
    methods.session_state["meth_lr_table"] = {
        "edited_rows": {2: {"loss_ratio": 0.8}},
        "added_rows": [],
        "deleted_rows": [],
    }
    methods.run()
    assert not methods.exception
    edited = table(methods, "meth_totals").loc["Bornhuetter-Ferguson", "ibnr"]
    expected = engine(LossRatioAssumptions(default=0.7, by_origin=(("2000", 0.8),)))
    assert edited == pytest.approx(expected)
    # By hand: only origin 2000 moves, by 0.1 x premium x (1 - 1/CDF).
    row = inputs.origin_labels.index("2000")
    cl = run_method("chainladder", inputs, SegmentAssumptions("incurred")).origins.iloc[row]
    assert edited - bf == pytest.approx(0.1 * inputs.premium[row] * (1 - 1 / cl["cdf"]))
    assert "Cape Cod implied loss ratio" in " ".join(c.value for c in methods.caption)


def test_premium_data_starts_from_cape_cod_loss_ratio(methods):
    """With premium, BF is shown at once, on Cape Cod's implied loss ratio, until the user sets one."""
    choose_dataset(methods, "sample:xyz")
    methods.sidebar.selectbox(key="sidebar_measure").set_value("incurred").run()
    assert not methods.exception
    inputs = MethodInputs.from_dataset(samples.get_sample("xyz"), "incurred", ())
    expected = run_method(
        "bf", inputs, SegmentAssumptions("incurred", loss_ratio=LossRatioAssumptions(source="cape_cod"))
    ).total["ibnr"]
    assert table(methods, "meth_totals").loc["Bornhuetter-Ferguson", "ibnr"] == pytest.approx(expected)


def test_a_method_warning_is_shown_with_its_method(app):
    """Dropping 7 high ratios on RAA cannot apply at the late ages: chain ladder says so on the Methods page."""
    app.switch_page("app_pages/development.py").run()
    app.number_input(key="dev_drop_high").set_value(7).run()
    assert not app.exception
    app.switch_page("app_pages/methods.py").run()
    assert not app.exception
    warned = " ".join(w.value for w in app.warning)
    assert "Chain ladder (incurred):" in warned and "drop" in warned
