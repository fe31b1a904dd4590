"""The Unearned premium page against the engine: the china sample, per-line methods, compulsory motor, uploads, PDR.

Every figure is the engine's own (`reserving.unexpired`) on the same listing and settings, so
the page is shown to add nothing and lose nothing between the engine and the screen; the
tolerance is float rounding only (1e-9 relative).
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from reserving.samples import CHINA_POLICIES
from reserving.unexpired import AdequacyParameters, UprSettings, compute_upr, premium_adequacy, read_listing_path
from tests.app.conftest import ROOT, table

VALUATION = "2024-12-31"
REL = 1e-9  # the page shows the engine's float; only summation order could differ
BAD_LISTING = (
    "保单号,分支机构,险种,起保日期,终止日期,签单保费\n"
    "P1,广东,车险,2024-01-01,2024-12-31,100\n"
    "P2,广东,车险,2024-02-01,2025-01-31,lots\n"
)


@pytest.fixture(scope="module")
def policies():
    return read_listing_path(CHINA_POLICIES).require()


@pytest.fixture
def upr() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.run()
    assert not at.exception
    at.switch_page("app_pages/upr.py").run()
    assert not at.exception
    at.date_input(key="upr_valuation").set_value(VALUATION).run()
    assert not at.exception
    return at


def by_line(at: AppTest) -> dict[str, float]:
    frame = table(at, "upr_by_line")
    return dict(zip(frame["line"], frame["upr_gross"], strict=True))


def test_total_upr_equals_the_engine_on_the_china_sample(upr, policies):
    engine = compute_upr(policies, UprSettings(VALUATION)).total
    total = table(upr, "upr_total").iloc[0]
    for column in ("written_premium", "upr_gross", "unexpired_acquisition_cost", "upr_net"):
        assert total[column] == pytest.approx(engine[column], rel=REL), column
    assert engine["upr_gross"] == pytest.approx(957.2372493141, rel=1e-9)  # `python -m reserving upr sample:china`
    assert upr.get_by_key("table_upr_rows").dataframe[0].value["upr_gross"].sum() == pytest.approx(
        engine["upr_gross"], rel=REL
    )


def test_rule_of_78_on_one_line_changes_that_line_only(upr, policies):
    before = by_line(upr)
    upr.selectbox(key="upr_method_车险").set_value("78").run()
    assert not upr.exception
    after = by_line(upr)
    engine = compute_upr(policies, UprSettings(VALUATION, line_methods=(("车险", "78"),)))
    expected = dict(zip(engine.by_line["line"], engine.by_line["upr_gross"], strict=True))
    assert after["车险"] == pytest.approx(expected["车险"], rel=REL)
    assert abs(after["车险"] - before["车险"]) > 1.0  # rule of 78 leaves more unearned than 1/365 on annual cover
    for line in ("企财险", "责任险"):
        assert after[line] == pytest.approx(before[line], rel=REL)


def test_a_compulsory_motor_line_offers_only_1_365_and_says_why(upr, policies):
    upr.selectbox(key="upr_method_车险").set_value("78").run()
    upr.multiselect(key="upr_compulsory").select("车险").run()
    assert not upr.exception
    held = upr.selectbox(key="upr_method_cm_车险")
    assert held.options == ["1/365 (daily pro rata)"]
    assert held.disabled
    assert any("compulsory motor (交强险)" in info.value and "1/365" in info.value for info in upr.info)
    engine = compute_upr(policies, UprSettings(VALUATION)).by_line
    assert by_line(upr)["车险"] == pytest.approx(engine.set_index("line").loc["车险", "upr_gross"], rel=REL)


def test_a_bad_upload_shows_a_located_message_and_keeps_the_sample(upr, policies):
    upr.radio(key="upr_source").set_value("upload").run()
    upr.file_uploader(key="upr_upload").set_value(("bad.csv", BAD_LISTING.encode(), "text/csv")).run()
    assert not upr.exception
    errors = [e.value for e in upr.error]
    assert any("bad.csv" in text and "row 3" in text and "签单保费" in text for text in errors), errors
    assert not any(text.startswith("Something went wrong") for text in errors)
    engine = compute_upr(policies, UprSettings(VALUATION)).total
    assert table(upr, "upr_total").iloc[0]["upr_gross"] == pytest.approx(engine["upr_gross"], rel=REL)
    assert "statement_upr_listing" not in upr.session_state
    assert any("china sample listing (2,000 rows)" in c.value for c in upr.caption)


RATIOS = {"企财险": 60.0, "责任险": 95.0, "车险": 70.0}
"""责任险 at 95% needs more than its UPR net (182.1 of 209.1 gross); the other lines have room to spare."""


@pytest.mark.parametrize("offsetting", [False, True])
def test_pdr_with_and_without_offsetting_equals_the_engine(upr, policies, offsetting):
    for line, ratio in RATIOS.items():
        upr.number_input(key=f"upr_pdr_lr_line_{line}").set_value(ratio)
    upr.run()
    if offsetting:
        upr.toggle(key="upr_pdr_offsetting").set_value(True).run()
    assert not upr.exception
    result = compute_upr(policies, UprSettings(VALUATION))
    params = AdequacyParameters(loss_ratios=tuple((k, v / 100) for k, v in RATIOS.items()), offsetting=offsetting)
    engine = premium_adequacy(result, params)
    shown = table(upr, "upr_pdr_units").set_index("unit")["pdr"]
    expected = engine.units.set_index("unit")["pdr"]
    for unit in expected.index:
        assert shown[unit] == pytest.approx(expected[unit], rel=REL, abs=1e-9)
    if offsetting:
        assert engine.total_pdr == 0.0  # the surpluses of 企财险 and 车险 cover 责任险's deficit
    else:
        assert engine.total_pdr == pytest.approx(0.95 * 209.0996 - 182.1218, abs=0.01)
    assert upr.metric[-1].value == f"{engine.total_pdr:,.0f}"  # an amount: no decimals, as on every page


GOOD_LISTING = (
    "id,office,product,from,to,premium\n"
    "A1,Shenzhen,motor,2024-01-01,2024-12-31,366\n"
    "A2,Shenzhen,motor,2024-06-15,2025-06-14,365\n"
)
HAND_MAPPING = "policy_id=id\nbranch=office\nline=product\nstart_date=from\nend_date=to\nwritten_premium=premium"


def test_an_upload_mapped_by_hand_replaces_the_sample_with_its_own_upr(upr):
    upr.radio(key="upr_source").set_value("upload").run()
    upr.file_uploader(key="upr_upload").set_value(("hand.csv", GOOD_LISTING.encode(), "text/csv")).run()
    assert any("no column for the policy id" in e.value for e in upr.error)  # nothing recognised by name yet
    upr.text_area(key="upr_mapping").set_value(HAND_MAPPING).run()
    upr.date_input(key="upr_valuation").set_value("2024-06-30").run()
    assert not upr.exception
    # 1/365 at 24:00 on 2024-06-30: 184 of 366 days left of A1 (leap year), 349 of 365 of A2 -> 184 + 349
    assert table(upr, "upr_total").iloc[0]["upr_gross"] == pytest.approx(533.0, abs=1e-9)
    assert any("no acquisition cost" in w.value for w in upr.warning)  # a warning shows, and does not block
    assert any("hand.csv (2 rows)" in c.value for c in upr.caption)


def test_the_loss_ratio_defaults_to_the_claims_datasets_selected_ultimate_over_premium(upr):
    assert any("no premium" in info.value for info in upr.info)  # RAA has none: a ratio must be typed
    upr.sidebar.selectbox(key="sidebar_dataset").set_value("sample:china").run()
    assert not upr.exception
    defaults = table(upr, "upr_pdr_defaults").set_index("unit")
    assert set(defaults.index) == {"企财险", "责任险", "车险"}
    assert "segments of 车险" in defaults.loc["车险", "source"]
    assert "origin 2024Q4" in defaults.loc["车险", "source"]
    used = table(upr, "upr_pdr_units").set_index("unit")["loss_ratio"]  # the grid shows ratios in %
    for unit, ratio in defaults["default_loss_ratio"].items():
        assert 0 < ratio < 200
        assert used[unit] == pytest.approx(round(ratio, 2), abs=1e-9)  # the number box keeps 2 decimals of %


def test_a_custom_curve_on_one_line_is_the_engines(upr, policies):
    upr.selectbox(key="upr_method_企财险").set_value("curve").run()
    assert not upr.exception
    curve = tuple((m, m / 12) for m in range(1, 13))  # the table the page starts from: evenly over 12 months
    engine = compute_upr(policies, UprSettings(VALUATION, line_methods=(("企财险", "curve"),), curve=curve))
    expected = engine.by_line.set_index("line")["upr_gross"]
    shown = by_line(upr)
    for line in ("企财险", "责任险", "车险"):
        assert shown[line] == pytest.approx(expected[line], rel=REL), line


def test_an_acquisition_cost_ratio_fills_a_listing_without_costs(upr):
    upr.radio(key="upr_source").set_value("upload").run()
    upr.file_uploader(key="upr_upload").set_value(("hand.csv", GOOD_LISTING.encode(), "text/csv")).run()
    upr.text_area(key="upr_mapping").set_value(HAND_MAPPING).run()
    upr.date_input(key="upr_valuation").set_value("2024-06-30").run()
    upr.number_input(key="upr_acq_motor").set_value(10.0).run()
    assert not upr.exception
    total = table(upr, "upr_total").iloc[0]
    assert total["unexpired_acquisition_cost"] == pytest.approx(53.3, abs=1e-9)  # 10% of the 533 unearned
    assert total["upr_net"] == pytest.approx(479.7, abs=1e-9)


def test_the_sensitivity_range_can_be_dragged_and_passes_through_the_chosen_pdr(upr, policies):
    for line, ratio in RATIOS.items():
        upr.number_input(key=f"upr_pdr_lr_line_{line}").set_value(ratio)
    upr.run()
    upr.slider(key="upr_pdr_range").set_value((100, 200)).run()
    assert not upr.exception
    curve = table(upr, "upr_pdr_sensitivity")  # the grid shows the factor in %
    assert curve["factor"].iloc[0] == pytest.approx(100.0) and curve["factor"].iloc[-1] == pytest.approx(200.0)
    result = compute_upr(policies, UprSettings(VALUATION))
    params = AdequacyParameters(loss_ratios=tuple((k, v / 100) for k, v in RATIOS.items()))
    assert curve["pdr"].iloc[0] == pytest.approx(premium_adequacy(result, params).total_pdr, rel=REL)
    doubled = AdequacyParameters(loss_ratios=tuple((k, 2 * v / 100) for k, v in RATIOS.items()))
    assert curve["pdr"].iloc[-1] == pytest.approx(premium_adequacy(result, doubled).total_pdr, rel=REL)
    assert curve["pdr"].is_monotonic_increasing


COMPULSORY_LISTING = (
    "保单号,分支机构,险种,起保日期,终止日期,签单保费\n"
    "J1,广东,交强险,2024-07-01,2025-06-30,950\n"
    "S1,广东,商业车险,2024-07-01,2025-06-30,2000\n"
)


def test_a_listing_with_a_compulsory_motor_line_holds_it_to_1_365(upr):
    upr.radio(key="upr_source").set_value("upload").run()
    upr.file_uploader(key="upr_upload").set_value(("cm.csv", COMPULSORY_LISTING.encode(), "text/csv")).run()
    assert not upr.exception
    assert [s.key for s in upr.selectbox if s.key and s.key.startswith("upr_method_")] == [
        "upr_method_cm_交强险",
        "upr_method_商业车险",
    ]
    assert any("交强险 is compulsory motor" in info.value for info in upr.info)
    upr.selectbox(key="upr_method_商业车险").set_value("78").run()
    lines = by_line(upr)
    # at 24:00 on 2024-12-31, 181 of 365 days of 交强险's cover are left: 950 x 181 / 365
    assert lines["交强险"] == pytest.approx(950 * 181 / 365, rel=1e-12)
    # rule of 78 after 6 whole months of 12: unearned (6 x 7 / 2) / 78 = 21/78 of 2000
    assert lines["商业车险"] == pytest.approx(2000 * 21 / 78, rel=1e-12)


def test_an_excel_listing_on_its_second_sheet_is_read_when_the_sheet_is_named(upr):
    import io

    import pandas as pd

    frame = pd.read_csv(io.StringIO(COMPULSORY_LISTING))
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        pd.DataFrame({"note": ["cover sheet"]}).to_excel(writer, sheet_name="说明", index=False)
        frame.to_excel(writer, sheet_name="保单", index=False)
    upr.radio(key="upr_source").set_value("upload").run()
    upr.file_uploader(key="upr_upload").set_value(("book.xlsx", buffer.getvalue(), "application/octet-stream")).run()
    assert any("no column for the policy id" in e.value for e in upr.error)  # the first sheet is not a listing
    upr.text_input(key="upr_sheet").set_value("保单").run()
    assert not upr.exception
    assert any("book.xlsx (2 rows)" in c.value for c in upr.caption)
    assert by_line(upr)["交强险"] == pytest.approx(950 * 181 / 365, rel=1e-12)
