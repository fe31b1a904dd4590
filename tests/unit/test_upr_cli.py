"""`python -m reserving upr`: JSON on the china sample against a plain pandas computation, and bad input."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from reserving.cli import main
from reserving.samples import CHINA_POLICIES


def run(capsys, *argv: str) -> tuple[int, dict | None, str]:
    code = main(["upr", *argv])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 else None), err


def plain_upr(valuation: str) -> pd.DataFrame:
    """1/365 written out with pandas alone: remaining days after 24:00 of V over the cover days."""
    raw = pd.read_csv(CHINA_POLICIES)
    start, end = pd.to_datetime(raw["起保日期"]), pd.to_datetime(raw["终止日期"])
    when = pd.Timestamp(valuation)
    cover = (end - start).dt.days + 1
    share = ((end - when).dt.days.clip(lower=0, upper=cover)) / cover
    return raw.assign(upr=raw["签单保费"] * share, uac=raw["保单获取成本"] * share)


def test_china_sample_totals_equal_a_plain_pandas_computation(capsys) -> None:
    code, out, _ = run(capsys, "sample:china", "--valuation-date", "2024-06-30")
    assert code == 0
    plain = plain_upr("2024-06-30")
    assert out["valuation_date"] == "2024-06-30"
    assert out["method"] == "1/365"
    assert out["total"]["upr_gross"] == pytest.approx(plain["upr"].sum(), rel=1e-12)
    assert out["total"]["unexpired_acquisition_cost"] == pytest.approx(plain["uac"].sum(), rel=1e-12)
    assert out["total"]["upr_net"] == pytest.approx(plain["upr"].sum() - plain["uac"].sum(), rel=1e-12)
    assert out["total"]["written_premium"] == pytest.approx(plain["签单保费"].sum(), rel=1e-12)
    assert out["total"]["earned_premium"] is None
    row = next(r for r in out["rows"] if r["branch"] == "广东" and r["line"] == "车险")
    mine = plain[(plain["分支机构"] == "广东") & (plain["险种"] == "车险")]
    assert row["upr_gross"] == pytest.approx(mine["upr"].sum(), rel=1e-12)
    assert set(row) == {
        "branch",
        "line",
        "method",
        "written_premium",
        "earned_premium",
        "upr_gross",
        "unexpired_acquisition_cost",
        "upr_net",
    }
    assert len(out["rows"]) == 9  # 3 branches x 3 lines


def test_opening_date_gives_earned_premium_by_the_identity(capsys) -> None:
    code, out, _ = run(capsys, "sample:china", "--valuation-date", "2024-12-31", "--opening-date", "2023-12-31")
    assert code == 0
    plain_open, plain_close = plain_upr("2023-12-31"), plain_upr("2024-12-31")
    written_2024 = plain_close.loc[pd.to_datetime(plain_close["起保日期"]).dt.year == 2024, "签单保费"].sum()
    expected = written_2024 + plain_open.loc[pd.to_datetime(plain_open["起保日期"]).dt.year == 2023, "upr"].sum()
    expected -= plain_close["upr"].sum()
    assert out["total"]["earned_premium"] == pytest.approx(expected, rel=1e-12)
    for row in out["rows"]:
        assert np.isfinite(row["earned_premium"])


def test_rule_of_78_changes_the_figure(capsys) -> None:
    _, daily, _ = run(capsys, "sample:china", "--valuation-date", "2024-06-30")
    _, r78, _ = run(capsys, "sample:china", "--valuation-date", "2024-06-30", "--method", "78")
    assert r78["total"]["upr_gross"] < daily["total"]["upr_gross"]  # front-loaded earning leaves less unearned


def test_bad_file_exits_2_with_one_line_naming_file_row_and_column(tmp_path, capsys) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "保单号,分支机构,险种,起保日期,终止日期,签单保费\nP1,广东,车险,2024-01-01,2024-12-31,100\nP2,广东,车险,2024-02-30,2024-12-31,9\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, str(path), "--valuation-date", "2024-06-30")
    assert code == 2
    assert err.count("\n") == 1
    assert err.startswith("error: file 'bad.csv', row 3, column '起保日期': ")


def test_compulsory_motor_refusal_on_the_command_line(tmp_path, capsys) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "保单号,分支机构,险种,起保日期,终止日期,签单保费\nP1,广东,交强险,2024-01-01,2024-12-31,100\n", encoding="utf-8"
    )
    code, _, err = run(capsys, str(path), "--valuation-date", "2024-06-30", "--method", "reverse78")
    assert code == 2
    assert "交强险" in err and "Rule No. 1" in err and "1/365" in err


def test_column_mapping_option(tmp_path, capsys) -> None:
    path = tmp_path / "p.csv"
    path.write_text("id,b,l,s,e,amount\nP1,广东,车险,2024-01-01,2024-12-31,366\n", encoding="utf-8")
    args = ["--column", "policy_id=id", "--column", "branch=b", "--column", "line=l", "--column", "start_date=s"]
    args += ["--column", "end_date=e", "--column", "written_premium=amount"]
    code, out, _ = run(capsys, str(path), "--valuation-date", "2024-03-31", *args)
    assert code == 0
    assert out["total"]["upr_gross"] == pytest.approx(275)
    code, _, err = run(capsys, str(path), "--valuation-date", "2024-03-31", "--column", "line=nope")
    assert code == 2
    assert "'nope'" in err


def test_grouped_method_on_a_listing_warns_about_rule_no_1(capsys) -> None:
    code, out, _ = run(capsys, "sample:china", "--valuation-date", "2024-12-31", "--method", "1/24")
    assert code == 0
    assert any("Art. 8" in w for w in out["warnings"])


def test_upr_reads_the_sheet_and_encoding_options_like_every_other_command() -> None:
    from reserving.cli import build_parser

    parser = build_parser()
    upr = parser.parse_args(["upr", "p.csv", "--valuation-date", "2024-12-31", "--sheet", "保单", "--encoding", "gbk"])
    inspect = parser.parse_args(["inspect", "d.csv", "--sheet", "保单", "--encoding", "gbk"])
    assert (upr.sheet, upr.encoding) == (inspect.sheet, inspect.encoding) == ("保单", "gbk")
    assert parser.parse_args(["upr", "p.csv", "--valuation-date", "2024-12-31"]).sheet is None  # the first sheet
