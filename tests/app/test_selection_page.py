"""Selection page: a method per origin gives the sum of the picked methods' IBNR; the previous selection is kept."""

from __future__ import annotations

import pytest

from tests.app.conftest import table


@pytest.fixture
def sel(app):
    app.switch_page("app_pages/selection.py").run()
    assert not app.exception
    return app


def test_pick_a_method_per_origin(sel):
    sel.switch_page("app_pages/methods.py").run()
    ibnr = table(sel, "meth_ibnr")
    sel.switch_page("app_pages/selection.py").run()
    before = table(sel, "sel_selected")
    assert before.loc["Total", "ibnr"] == pytest.approx(ibnr.loc["Total", "Chain ladder (incurred)"])
    assert any("No earlier selection" in c.value for c in sel.main.caption)
    picks = {0: "clark", 8: "clark", 9: "blend"}  # the editor holds method keys; labels are for display only
    edits = {row: {"method": method, "reason": f"reason {row}"} for row, method in picks.items()}
    edits[9].update({"weight: chainladder": 1.0, "weight: clark": 3.0})
    sel.session_state["sel_editor"] = {"edited_rows": edits, "added_rows": [], "deleted_rows": []}
    sel.button(key="sel_apply").click().run()
    assert not sel.exception
    selected = table(sel, "sel_selected")
    origins = list(ibnr.index[:-1])
    expected = 0.0
    for row, origin in enumerate(origins):
        chain, clark = ibnr.loc[origin, "Chain ladder (incurred)"], ibnr.loc[origin, "Clark growth curve"]
        if picks.get(row) == "clark":
            expected += clark
        elif picks.get(row) == "blend":
            expected += 0.25 * chain + 0.75 * clark
        else:
            expected += chain
    assert selected.loc["Total", "ibnr"] == pytest.approx(expected)
    assert selected.loc["1989", "ibnr"] == pytest.approx(ibnr.loc["1989", "Clark growth curve"])
    assert selected.loc["1989", "reason"] == "reason 8"
    assert selected.loc["1990", "method"] == "0.25 chainladder + 0.75 clark"
    changes = table(sel, "sel_changes")
    assert changes.loc["1989", "previous_method"] == "chainladder"
    assert changes.loc["Total", "change"] == pytest.approx(expected - before.loc["Total", "ibnr"])
    sel.get_by_key("sel_chart")


def test_quick_pick_sets_a_method_for_several_origins(app):
    """Two origins on Clark with one reason: the selected IBNR is their Clark IBNR plus chain ladder elsewhere."""
    from reserving import samples
    from reserving.assumptions import SegmentAssumptions
    from reserving.methods.inputs import MethodInputs
    from reserving.methods.registry import run_method

    app.switch_page("app_pages/selection.py").run()
    assert not app.exception
    app.multiselect(key="sel_quick_origins").set_value(["1989", "1990"]).run()
    app.selectbox(key="sel_quick_method").set_value("clark").run()
    app.text_input(key="sel_quick_reason").set_value("immature years").run()
    app.button(key="sel_quick_apply").click().run()
    assert not app.exception
    inputs = MethodInputs.from_dataset(samples.get_sample("raa"), "incurred", ())
    base = SegmentAssumptions("incurred")
    clark = run_method("clark", inputs, base).origins.set_index("origin")["ibnr"]
    chain = run_method("chainladder", inputs, base).origins.set_index("origin")["ibnr"]
    expected = chain.drop(["1989", "1990"]).sum() + clark[["1989", "1990"]].sum()
    shown = table(app, "sel_selected").loc["Total", "ibnr"]
    assert shown == pytest.approx(expected)
    reasons = table(app, "sel_selected")["reason"]
    assert reasons.loc["1990"] == "immature years"
