"""User journeys beyond RAA: an actuary's upload with a young segment, a trainer switching datasets, bad files.

Each test replays what a user did when a problem was found and asserts what they see now:
a segment too young for the prior date is left out of "All segments" with its reason (not
a page-wide error), a two-origin segment shows no 'nan', the prior dates and prior sample
of one dataset do not carry over to the next, and a malformed assumptions file is reported.
"""

from __future__ import annotations

import io
import json
import math

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import ROOT, choose_dataset, table

MOTOR_YEARS = range(2015, 2025)
MARINE_YEARS = range(2023, 2025)


def motor_paid(year: int, age_years: int) -> float:
    """Cumulative paid of the long-established line: the same pattern 1 - 0.5^d for every origin."""
    return round(800 * (1 - 0.5**age_years) * (1 + 0.03 * (year - 2015)), 1)


def young_segment_csv() -> bytes:
    """Two lines valued 2024-12-31: motor with ten accident years, marine (written from 2023) with two."""
    rows = []
    for line, years, scale, premium in (("motor", MOTOR_YEARS, 800, 1500), ("marine", MARINE_YEARS, 200, 400)):
        for year in years:
            for age in range(1, 2025 - year + 1):
                paid = motor_paid(year, age) if line == "motor" else round(scale * (1 - 0.5**age), 1)
                rows.append(
                    {"line": line, "accident_year": year, "development": 12 * age, "paid": paid, "premium": premium}
                )
    buffer = io.StringIO()
    pd.DataFrame(rows).to_csv(buffer, index=False)
    return buffer.getvalue().encode()


def motor_ibnr() -> float:
    """Chain-ladder IBNR of motor by hand: every origin develops to 800 g (1 - 0.5^10) at ten years, no tail."""
    return sum(motor_paid(y, 10) - motor_paid(y, 2025 - y) for y in MOTOR_YEARS)


@pytest.fixture
def young(app: AppTest) -> AppTest:
    """The young-segment file uploaded, mapped by the guess (segment column 'line') and accepted."""
    app.file_uploader(key="data_upload").set_value(("lines.csv", young_segment_csv(), "text/csv")).run()
    assert app.multiselect(key="data_map_segments").value == ["line"]
    app.button(key="data_use").click().run()
    assert not app.exception
    return app


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_young_segment_is_left_out_of_all_segments_with_its_reason(young):
    young.switch_page("app_pages/overview.py").run()
    assert not young.exception
    assert not young.error  # was: "the triangle needs at least two origins and two ages to develop", page blank
    warning = young.warning[0].value
    assert "line=marine" in warning and "2023-12-31" in warning
    reserve = table(young, "ov_reserve")
    assert list(reserve.index) == ["line=motor", "Total"]
    assert reserve.loc["Total", "ibnr"] == pytest.approx(motor_ibnr(), abs=1.0)
    for page, key in (("ave", "ave_origins"), ("change", "chg_by_origin"), ("retro", "retro_estimates")):
        young.switch_page(f"app_pages/{page}.py").run()
        assert not young.exception
        assert not young.error, page
        assert "line=marine" in young.warning[0].value
        assert len(table(young, key)) > 0


def test_young_segment_alone_says_which_date_it_cannot_be_valued_at(young):
    young.sidebar.selectbox(key="sidebar_segment").set_value("line=marine").run()
    young.switch_page("app_pages/ave.py").run()
    assert not young.exception
    message = young.error[0].value
    assert message.startswith("line=marine, with the data as known at 2023-12-31:")
    assert "Choose a later prior date" in message


def test_two_origin_segment_shows_no_nan_standard_error(young):
    young.sidebar.selectbox(key="sidebar_segment").set_value("line=marine").run()
    young.switch_page("app_pages/uncertainty.py").run()
    assert not young.exception
    shown = [m.value for m in young.metric]
    assert shown == ["—", "—"]  # was "nan" twice: one link ratio at 12-24 leaves sigma unknown
    assert "cannot be estimated" in young.info[0].value
    mack = table(young, "unc_mack")
    # Chain ladder on marine: 2024 has 100 at 12 months and develops by 150 / 100 = 1.5, so IBNR 50.
    assert mack.loc["Total", "ibnr"] == pytest.approx(50.0, abs=0.1)
    assert math.isnan(mack.loc["Total", "std_err_mack"])


def _fresh(token: str, page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    choose_dataset(at, token)
    at.switch_page(page).run()
    assert not at.exception
    return at


def test_switching_dataset_on_retro_page_takes_the_new_datasets_dates(app):
    choose_dataset(app, "sample:genins")
    app.switch_page("app_pages/retro.py").run()
    assert app.multiselect(key="retro_dates").value == ["2008-12-31", "2009-12-31", "2010-12-31"]
    choose_dataset(app, "sample:xyz")
    # was ['2008-12-31'] (the only GenIns date XYZ also has) and "Pick at least two valuation dates"
    assert app.multiselect(key="retro_dates").value == ["2006-12-31", "2007-12-31", "2008-12-31"]
    fresh = _fresh("sample:xyz", "app_pages/retro.py")
    assert _metric(app, "Deviation rate") == _metric(fresh, "Deviation rate")
    pd.testing.assert_frame_equal(table(app, "retro_estimates"), table(fresh, "retro_estimates"))


def test_switching_dataset_on_change_page_drops_the_previous_prior_sample(app):
    choose_dataset(app, "sample:china")
    app.switch_page("app_pages/change.py").run()
    assert app.selectbox(key="chg_sample").value == "china_prior"
    choose_dataset(app, "sample:clrd")
    assert not app.error  # was: "the prior date 2023-12-31 must be before the current data's 2007-12-31", per company
    assert app.radio(key="chg_prior_kind").value == "cut"
    fresh = _fresh("sample:clrd", "app_pages/change.py")
    pd.testing.assert_frame_equal(table(app, "chg_steps"), table(fresh, "chg_steps"))


def test_malformed_assumptions_file_is_reported_not_raised(app):
    choose_dataset(app, "sample:xyz")
    app.switch_page("app_pages/development.py").run()
    before = table(app, "dev_factors")
    bad = {"measure": "paid", "development": {"overrides": [["12-24", 1.5]]}}  # ages are months, not links
    app.file_uploader(key="io_assumptions_file").set_value(("a.json", json.dumps(bad).encode(), "application/json"))
    app.run()
    assert not app.exception  # was: ValueError "invalid literal for int() with base 10: '12-24'"
    message = app.error[0].value
    # the field in the user's words, what it should hold, and the bad value
    assert "Development (typed factors)" in message and "[age in months, factor] pairs" in message
    assert "'12-24'" in message
    pd.testing.assert_frame_equal(table(app, "dev_factors"), before)  # nothing applied


def test_methods_page_agrees_with_the_command_line_on_a_china_segment(app):
    choose_dataset(app, "sample:china")
    app.sidebar.selectbox(key="sidebar_segment").set_value("branch=北京, line=车险").run()
    app.sidebar.selectbox(key="sidebar_measure").set_value("paid").run()
    app.switch_page("app_pages/methods.py").run()
    shown = table(app, "meth_totals").loc["Chain ladder (paid)", "ibnr"]
    cli = _cli_total_ibnr(
        "sample:china",
        "--measure",
        "paid",
        "--method",
        "chainladder",
        "--filter",
        "branch=北京",
        "--filter",
        "line=车险",
    )
    assert shown == pytest.approx(cli, abs=0.5)
    assert round(cli) == 3005


def test_ave_against_a_valuation_saved_at_the_data_date_says_why(app):
    from tests.app.saved_helpers import save_valuation

    assert save_valuation(app) == "Valuation 1 (v1) saved as a draft."  # RAA as loaded, valued 1990-12-31
    app.switch_page("app_pages/ave.py").run()
    app.radio(key="ave_prior_kind").set_value("saved").run()
    assert not app.exception
    # was: "to 1990-12-31 must be after as-of 1990-12-31"
    assert [e.value for e in app.error] == [
        "Valuation #1 was made at 1990-12-31, not before the current data (1990-12-31): nothing has emerged since "
        "it. Pick a valuation made before 1990-12-31, or rebuild the prior by cutting the data back."
    ]


def _cli_total_ibnr(*args: str) -> float:
    from contextlib import redirect_stdout

    from reserving.cli import main

    out = io.StringIO()
    with redirect_stdout(out):
        main(["estimate", *args])
    return json.loads(out.getvalue())["total"]["ibnr"]


def test_all_segments_selection_shows_the_sum_of_segments_the_cli_and_overview_report(app):
    choose_dataset(app, "sample:china")
    app.sidebar.selectbox(key="sidebar_measure").set_value("incurred").run()
    app.switch_page("app_pages/selection.py").run()
    cli = _cli_total_ibnr("sample:china", "--measure", "incurred", "--method", "chainladder")
    assert round(cli) == 11377  # each segment valued and added up: the company figure
    # was: 13,467 (the summed triangle) on this page against 11,377 on the Overview and from the CLI
    assert _metric(app, "Selected IBNR") == "11,377"
    assert any("sum of 9 segments" in c.value for c in app.caption)
    app.switch_page("app_pages/overview.py").run()
    assert _metric(app, "Selected IBNR") == "11,377"
    # the summed triangle is a choice the user makes, and then every page and the CLI give it
    app.sidebar.radio(key="sidebar_aggregate").set_value("summed_triangle").run()
    assert not app.exception
    assert _metric(app, "Selected IBNR") == "13,467"
    app.switch_page("app_pages/selection.py").run()
    assert _metric(app, "Selected IBNR") == "13,467"
    summed = _cli_total_ibnr(
        "sample:china", "--measure", "incurred", "--method", "chainladder", "--aggregate", "summed-triangle"
    )
    assert f"{summed:,.0f}" == "13,467"
