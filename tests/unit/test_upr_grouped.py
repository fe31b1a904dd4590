"""Grouped premium tables (reinsurance without policy data): reading, periods, the 1/n figures, the command."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from reserving.cli import main
from reserving.readers import read_source
from reserving.unexpired import grouped_upr
from reserving.unexpired.grouped_upr import read_grouped

TABLE = (
    "险种,分支机构,承保月份,签单保费,保单获取成本\n"
    "分入,广东,2024-01,24,2.4\n"
    "分入,广东,2024-02,24,2.4\n"
    "分入,上海,2024-03,24,0\n"
)


def test_grouped_table_by_month_at_a_year_end() -> None:
    table, report = read_grouped(read_source(TABLE.encode(), "g.csv"), "1/24")
    assert report.ok
    rows = grouped_upr(table, "1/24", "2024-12-31").set_index("branch")
    assert rows.loc["广东", "upr_gross"] == pytest.approx(1 + 3)  # January 1/24, February 3/24 of 24
    assert rows.loc["广东", "unexpired_acquisition_cost"] == pytest.approx(0.1 + 0.3)
    assert rows.loc["上海", "upr_gross"] == pytest.approx(5)


def test_grouped_table_without_ceded_premium_leaves_the_ceded_columns_empty() -> None:
    table, report = read_grouped(read_source(TABLE.encode(), "g.csv"), "1/24")
    assert report.ok
    rows = grouped_upr(table, "1/24", "2024-12-31").set_index("branch")
    assert rows.loc["广东", "upr_net"] == pytest.approx(4 - 0.4)  # UPR 1 + 3, less the unexpired cost 0.1 + 0.3
    for col in ("ceded_upr", "ceded_unexpired_commission", "ceded_upr_net", "retained_upr_net"):
        assert rows[col].isna().all(), col  # nothing ceded: unknown, not 0


def test_months_are_summed_into_quarters_for_1_8() -> None:
    table, report = read_grouped(read_source(TABLE.encode(), "g.csv"), "1/8")
    assert report.ok
    rows = grouped_upr(table, "1/8", "2024-12-31")
    assert rows["upr_gross"].sum() == pytest.approx(72 / 8)  # all of Q1: 1/8 unearned at the year end


def test_a_quarter_under_1_24_is_refused_at_its_cell() -> None:
    text = "险种,承保月份,签单保费\n分入,2024-01,24\n分入,2024Q2,24\n"
    table, report = read_grouped(read_source(text.encode(), "g.csv"), "1/24")
    assert table is None
    issue = report.errors[0]
    assert (issue.location.row, issue.location.column) == (3, "承保月份")
    assert "writing month" in issue.message


def test_grouped_option_of_the_command(tmp_path, capsys) -> None:
    path = tmp_path / "g.csv"
    path.write_text(TABLE, encoding="utf-8")
    code = main(["upr", str(path), "--grouped", "--method", "1/24", "--valuation-date", "2024-12-31"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["total"]["upr_gross"] == pytest.approx(9)
    assert out["total"]["upr_net"] == pytest.approx(8.6)
    assert main(["upr", str(path), "--grouped", "--valuation-date", "2024-12-31"]) == 2
    assert "--grouped needs --method 1/24" in capsys.readouterr().err


def test_grouping_the_china_listing_gives_the_row_level_1_24_figure() -> None:
    from reserving.samples import CHINA_POLICIES
    from reserving.unexpired import UprSettings, compute_upr, read_listing_path
    from reserving.unexpired.compute import written_dates
    from reserving.unexpired.grouped import group_listing

    policies = read_listing_path(CHINA_POLICIES).require()
    settings = UprSettings("2024-06-30", method="1/24")
    table = group_listing(policies, "1/24", written_dates(policies, pd.Timestamp("2024-06-30")))
    # policies starting after 30 June count as written on it (they are in the listing): June, like the rows
    grouped = grouped_upr(table, "1/24", "2024-06-30")
    rows = compute_upr(policies, settings)
    assert grouped["upr_gross"].sum() == pytest.approx(rows.total["upr_gross"], rel=1e-12)
    assert grouped["unexpired_acquisition_cost"].sum() == pytest.approx(
        rows.total["unexpired_acquisition_cost"], rel=1e-12
    )
