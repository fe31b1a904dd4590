"""Editors of the engine's newer options: each widget exists, writes the assumptions and moves a figure on its page.

Benktander steps are counted from BF (1 = Benktander, 0 = BF), Clark's form and truncation are the
user's choice, and edge values a user may mean are accepted: one latest period, an a-priori loss
ratio of 0 and a salvage tail below 1.
"""

from __future__ import annotations

import pytest

from components.analysis.assumption_editors import clark_form_choices
from components.analysis.assumption_state import assumptions_key
from reserving import samples
from reserving.assumptions import MethodOptions, SegmentAssumptions
from reserving.methods import MethodInputs, run_method
from tests.app.conftest import choose_dataset, table

RAA_LATEST = 160_987.0
"""RAA's latest diagonal (Mack 1994), in total."""
XYZ_BF_065 = 89_348.71
"""xyz incurred BF IBNR at a 0.65 a-priori loss ratio (issue 17: the figure Benktander used to print)."""
XYZ_BENKTANDER_065 = 102_550.14
"""xyz incurred Benktander IBNR at 0.65: BF applied to BF's ultimate (issue 17's hand figure)."""


def _stored_options(at) -> dict:
    """The method options of the one set of stored assumptions of the current dataset and measure."""
    return _stored(at, "options")


def _stored(at, part: str) -> dict:
    """Part `part` of the stored assumptions (each test changes one dataset and measure only)."""
    stored = [value for key, value in at.session_state.items() if str(key).startswith("assumptions|")]
    assert len(stored) == 1, f"{len(stored)} sets of assumptions stored"
    return stored[0][part]


def _totals(at):
    assert not at.exception
    return table(at, "meth_totals")


@pytest.fixture
def methods(app):
    app.switch_page("app_pages/methods.py").run()
    assert not app.exception
    return app


@pytest.fixture
def xyz_065(methods):
    """The Methods page on xyz incurred with one 0.65 a-priori loss ratio for every origin."""
    choose_dataset(methods, "sample:xyz")
    methods.sidebar.selectbox(key="sidebar_measure").set_value("incurred").run()
    methods.radio(key="meth_lr_source").set_value("manual").run()
    methods.number_input(key="meth_lr_all").set_value(0.65).run()
    methods.button(key="meth_lr_apply").click().run()
    assert not methods.exception
    return methods


def test_benktander_steps_count_from_bf(xyz_065):
    steps = xyz_065.number_input(key="meth_bk_iterations")
    assert steps.label == "Benktander steps after BF (1 = Benktander, 0 = BF)"
    assert steps.min == 0 and steps.value == 1
    totals = _totals(xyz_065)
    assert totals.loc["Bornhuetter-Ferguson", "ibnr"] == pytest.approx(XYZ_BF_065, abs=0.01)
    assert totals.loc["Benktander", "ibnr"] == pytest.approx(XYZ_BENKTANDER_065, abs=0.01)  # the default: one step
    steps.set_value(0).run()
    assert _stored_options(xyz_065)["benktander_iterations"] == 0
    totals = _totals(xyz_065)
    assert totals.loc["Benktander", "ibnr"] == pytest.approx(totals.loc["Bornhuetter-Ferguson", "ibnr"], abs=0.005)
    assert totals.loc["Benktander", "ibnr"] == pytest.approx(XYZ_BF_065, abs=0.01)


def test_benktander_label_in_chinese(xyz_065):
    xyz_065.sidebar.selectbox(key="sidebar_language").set_value("zh").run()
    assert not xyz_065.exception
    label = xyz_065.number_input(key="meth_bk_iterations").label
    assert label == "BF 之后的 Benktander 迭代步数（1 = Benktander 法，0 = B-F 法）"


def test_an_apriori_loss_ratio_of_zero_is_taken(xyz_065):
    """A nil a priori (a line expected to have no further claims): BF's IBNR is 0, ultimate the latest."""
    assert xyz_065.number_input(key="meth_lr_all").min == 0
    xyz_065.number_input(key="meth_lr_all").set_value(0.0).run()
    xyz_065.button(key="meth_lr_apply").click().run()
    assert not xyz_065.exception
    assert _stored(xyz_065, "loss_ratio")["default"] == 0.0
    totals = _totals(xyz_065)
    assert totals.loc["Bornhuetter-Ferguson", "ibnr"] == pytest.approx(0.0, abs=1e-6)
    assert totals.loc["Bornhuetter-Ferguson", "ultimate"] == pytest.approx(449_626.0)  # xyz incurred latest
    # ... and one origin at 0 in the per-origin table (its column takes 0 too).
    xyz_065.number_input(key="meth_lr_all").set_value(0.65).run()
    xyz_065.button(key="meth_lr_apply").click().run()
    xyz_065.session_state["meth_lr_table"] = {
        "edited_rows": {2: {"loss_ratio": 0.0}},
        "added_rows": [],
        "deleted_rows": [],
    }
    xyz_065.run()
    assert not xyz_065.exception
    assert ["2000", 0.0] in _stored(xyz_065, "loss_ratio")["by_origin"]
    inputs = MethodInputs.from_dataset(samples.get_sample("xyz"), "incurred", ())
    row = inputs.origin_labels.index("2000")
    cl = run_method("chainladder", inputs, SegmentAssumptions("incurred")).origins.iloc[row]
    # By hand: only origin 2000 moves, by -0.65 x premium x (1 - 1/CDF).
    moved = _totals(xyz_065).loc["Bornhuetter-Ferguson", "ibnr"] - XYZ_BF_065
    assert moved == pytest.approx(-0.65 * inputs.premium[row] * (1 - 1 / cl["cdf"]), abs=0.01)


def test_clark_truncation_moves_the_clark_ibnr(methods):
    """RAA's Clark LDF truncated at 240 months: every ultimate times G(240 - 6) of the fitted loglogistic curve."""
    box = methods.number_input(key="meth_clark_truncation")
    assert box.label == "Truncate Clark's curve at (months); blank = none"
    assert box.value is None
    untruncated = _totals(methods).loc["Clark growth curve", "ultimate"]
    box.set_value(240).run()
    assert _stored_options(methods)["clark_truncation"] == 240
    truncated = _totals(methods).loc["Clark growth curve", "ultimate"]
    fit = run_method(
        "clark",
        MethodInputs.from_dataset(samples.get_sample("raa"), "incurred", ()),
        SegmentAssumptions("incurred"),
    ).details
    omega, theta = fit["omega"], fit["theta"]
    grown = 234.0**omega / (234.0**omega + theta**omega)  # G at 240 months less the half-year mid-point
    assert truncated == pytest.approx(grown * untruncated, rel=1e-9)
    assert truncated - RAA_LATEST < untruncated - RAA_LATEST  # less IBNR: development past 20 years is cut
    # Blank again is no truncation, and the figure comes back.
    methods.number_input(key="meth_clark_truncation").set_value(None).run()
    assert _stored_options(methods)["clark_truncation"] is None
    assert _totals(methods).loc["Clark growth curve", "ultimate"] == pytest.approx(untruncated)


def test_clark_form_picker(methods):
    """LDF by default even with premium; Cape Cod fits the curve with an ELR to the premium (xyz)."""
    choose_dataset(methods, "sample:xyz")
    methods.sidebar.selectbox(key="sidebar_measure").set_value("incurred").run()
    picker = methods.selectbox(key="meth_clark_form")
    assert picker.label == "Clark form"
    assert picker.options == ["LDF", "Cape Cod (needs premium)"]
    assert picker.value == "ldf"
    inputs = MethodInputs.from_dataset(samples.get_sample("xyz"), "incurred", ())

    def engine(form: str) -> float:
        return run_method(
            "clark", inputs, SegmentAssumptions("incurred", options=MethodOptions(clark_form=form))
        ).total["ibnr"]

    ldf = _totals(methods).loc["Clark growth curve", "ibnr"]
    assert ldf == pytest.approx(engine("ldf"))
    picker.set_value("cape_cod").run()
    assert _stored_options(methods)["clark_form"] == "cape_cod"
    cape_cod = _totals(methods).loc["Clark growth curve", "ibnr"]
    assert cape_cod == pytest.approx(engine("cape_cod"))
    assert abs(cape_cod - ldf) > 10_000  # 432,811 against 381,002: the form is a real choice


def test_the_form_of_old_saved_sets_is_shown_but_never_offered() -> None:
    assert clark_form_choices("ldf") == ["ldf", "cape_cod"]
    assert clark_form_choices("cape_cod") == ["ldf", "cape_cod"]
    assert clark_form_choices("by_data") == ["ldf", "cape_cod", "by_data"]


def test_an_old_saved_set_shows_its_clark_form_in_words(methods):
    """An option set saved before version 2 (no version) reads as 'by_data' and the picker says what that means."""
    old = SegmentAssumptions.from_dict({"measure": "incurred", "options": {"benktander_iterations": 2}})
    assert old.options.clark_form == "by_data" and old.options.benktander_iterations == 1
    slot_key = "assumptions|" + assumptions_key(samples.get_sample("raa").content_hash, (), "incurred")
    methods.switch_page("app_pages/data.py").run()  # away from the editors, as after loading a saved set
    methods.session_state[slot_key] = old.to_dict()
    for key in ("meth_clark_form", "meth_bk_iterations"):
        if key in methods.session_state:
            del methods.session_state[key]
    methods.switch_page("app_pages/methods.py").run()
    assert not methods.exception
    picker = methods.selectbox(key="meth_clark_form")
    assert picker.value == "by_data"
    assert picker.options[-1] == "As saved before version 2: Cape Cod when the data has premium, else LDF"
    assert methods.number_input(key="meth_bk_iterations").value == 1  # chainladder's n_iters 2 = one step from BF
    picker.set_value("ldf").run()
    assert _stored_options(methods)["clark_form"] == "ldf"
    assert methods.selectbox(key="meth_clark_form").options == ["LDF", "Cape Cod (needs premium)"]


def test_salvage_tail_below_one(app):
    """A constant tail of 0.98 lowers RAA's ultimate by 2 %: IBNR = 0.98 x 213,122.23 - 160,987 (Mack 1994)."""
    app.switch_page("app_pages/tail.py").run()
    app.selectbox(key="tail_kind").set_value("constant").run()
    factor = app.number_input(key="tail_factor")
    assert 0 < factor.min < 0.5
    assert "salvage" in factor.help
    factor.set_value(0.98).run()
    assert not app.exception
    assert _stored(app, "tail")["factor"] == 0.98
    app.switch_page("app_pages/methods.py").run()
    ibnr = _totals(app).loc["Chain ladder (incurred)", "ibnr"]
    assert ibnr == pytest.approx(0.98 * 213_122.23 - RAA_LATEST, abs=0.5)  # 213,122.23 = 160,987 + 52,135.23


def test_one_latest_period(app):
    """n_periods 1: every factor is the latest link ratio alone; RAA's 12-24 is 1989's 5,395 / 3,133."""
    app.switch_page("app_pages/development.py").run()
    periods = app.selectbox(key="dev_n_periods")
    assert "1" in periods.options
    periods.set_value(1).run()
    assert not app.exception
    assert _stored(app, "development")["n_periods"] == 1
    factors = table(app, "dev_factors")
    assert factors.loc["Selected", "12-24"] == pytest.approx(5395 / 3133)  # RAA 1989: the latest 12-24 ratio


def test_a_truncation_inside_the_data_is_explained_in_the_notes(methods):
    """Truncating RAA's curve at 60 months (its last age is 120) leaves Clark out with what to type instead."""
    methods.number_input(key="meth_clark_truncation").set_value(60).run()
    assert not methods.exception
    assert "Clark growth curve" not in _totals(methods).index
    notes = methods.info[-1].value
    assert "Clark growth curve" in notes
    assert "give an age after the last age of 120 months (got 60)" in notes
