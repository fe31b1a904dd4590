"""The synthetic China-market data: reproducible, well formed, and shaped like the market it imitates."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from reserving.samples import CHINA_DIR, china_expenses, china_policies, get_sample

REPO = Path(__file__).resolve().parents[2]
FILES = ("claims.csv", "claims_reported_2023-12-31.csv", "policies.csv", "expenses.csv")


@pytest.fixture(scope="module")
def china():
    return get_sample("china")


def test_generator_reproduces_the_committed_files_byte_for_byte(tmp_path):
    result = subprocess.run(
        [sys.executable, str(REPO / "data" / "make_china_market.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (CHINA_DIR / name).read_bytes(), name


def test_files_are_small_utf8_with_chinese_headers():
    assert sum((CHINA_DIR / name).stat().st_size for name in FILES) < 1_000_000
    header = (CHINA_DIR / "claims.csv").read_bytes().decode("utf-8").splitlines()[0]
    assert header.split(",") == [
        "事故季度",
        "评估日期",
        "分支机构",
        "险种",
        "已决赔款",
        "已发生赔款",
        "未决赔款",
        "已报案件数",
        "已结案件数",
        "已赚保费",
    ]


def test_shape_segments_and_premium(china):
    assert china.segments == ("branch", "line")
    assert set(china.segment_values()["branch"]) == {"北京", "上海", "广东"}  # the head office writes nothing
    assert set(china.segment_values()["line"]) == {"车险", "企财险", "责任险"}
    assert len(china.origins) == 24 and china.development_ages == list(range(3, 73, 3))
    # 9 segments x (24 + 23 + ... + 1) cells.
    assert len(china.frame) == 9 * 300
    assert china.premium is not None and (china.premium["premium"] > 0).all()
    assert len(china.premium) == 9 * 24


def test_cells_are_consistent(china):
    frame = china.frame.sort_values(["branch", "line", "origin", "valuation"])
    assert (frame["paid"] <= frame["incurred"]).all()
    assert (frame["incurred"] - frame["paid"] - frame["case_reserve"]).abs().max() < 1e-6
    assert (frame["closed_count"] <= frame["reported_count"]).all()
    for col in ("reported_count", "closed_count"):
        assert (frame[col] == frame[col].round()).all()
    steps = frame.groupby(["branch", "line", "origin"])[["paid", "reported_count", "closed_count"]].diff()
    assert (steps.dropna() >= 0).all().all()


def _share_paid_at(china, line: str, months: int) -> float:
    """Paid at `months` as a share of paid at 72 months, for accident quarter 2019Q1, all branches."""
    rows = china.rows({"line": line})
    rows = rows[rows["origin"] == pd.Timestamp("2019-01-01")].groupby("valuation")["paid"].sum()
    return rows.iloc[months // 3 - 1] / rows.iloc[-1]


def test_motor_is_short_tailed_and_liability_long_tailed(china):
    assert _share_paid_at(china, "车险", 12) > 0.9
    assert _share_paid_at(china, "车险", 24) > 0.99
    assert _share_paid_at(china, "企财险", 12) < 0.8
    assert _share_paid_at(china, "责任险", 12) < 0.4
    assert _share_paid_at(china, "责任险", 48) < 0.9


def test_large_loss_shocks_show(china):
    typhoon = china.rows({"branch": "广东", "line": "企财险"})
    first = typhoon[typhoon["valuation"] == typhoon["origin"] + pd.offsets.QuarterEnd(0)]
    incurred = first.set_index("origin")["incurred"]
    assert incurred.loc[pd.Timestamp("2021-07-01")] > 2600
    assert incurred.loc[pd.Timestamp("2021-07-01")] > 3 * incurred.drop(pd.Timestamp("2021-07-01")).median()


def test_prior_snapshot_differs_only_in_the_restated_cells(china):
    prior = get_sample("china_prior")
    assert prior.valuation_date == pd.Timestamp("2023-12-31")
    keys = ["branch", "line", "origin", "valuation"]
    now = china.cut("2023-12-31").frame.set_index(keys).sort_index()
    then = prior.frame.set_index(keys).sort_index()
    assert now.index.equals(then.index)
    delta = (then - now).round(6)
    changed = delta[(delta != 0).any(axis=1)]
    expected = {
        ("上海", "企财险", "2023-04-01", "2023-12-31"): {"case_reserve": 180.0, "incurred": 180.0},
        ("北京", "车险", "2023-07-01", "2023-12-31"): {"paid": -150.0, "incurred": -150.0},
        ("广东", "责任险", "2022-10-01", "2023-09-30"): {"reported_count": -3.0},
        ("广东", "责任险", "2022-10-01", "2023-12-31"): {"reported_count": -3.0},
    }
    found = {
        (b, ln, str(o.date()), str(v.date())): {k: val for k, val in row.items() if val != 0}
        for (b, ln, o, v), row in changed.to_dict("index").items()
    }
    assert found == expected
    pd.testing.assert_frame_equal(
        prior.premium.sort_values(["branch", "line", "origin"]).reset_index(drop=True),
        china.cut("2023-12-31").premium.sort_values(["branch", "line", "origin"]).reset_index(drop=True),
    )


def test_policy_listing():
    policies = china_policies()
    assert len(policies) == 2000 and policies["policy_id"].is_unique
    assert list(policies.columns) == [
        "policy_id",
        "branch",
        "line",
        "start_date",
        "end_date",
        "written_premium",
        "acquisition_cost",
    ]
    assert set(policies["branch"]) == {"北京", "上海", "广东"}
    assert (policies["end_date"] > policies["start_date"]).all()
    assert policies["start_date"].min() >= pd.Timestamp("2023-01-01")
    assert policies["start_date"].max() <= pd.Timestamp("2024-12-31")
    assert (policies["written_premium"] > 0).all()
    assert ((policies["acquisition_cost"] >= 0) & (policies["acquisition_cost"] < policies["written_premium"])).all()
    # Annual covers end the day before the anniversary; some property covers are shorter.
    term = (policies["end_date"] - policies["start_date"]).dt.days + 1
    assert term.between(365, 366).mean() > 0.9
    assert (term[policies["line"] == "企财险"] < 300).any()


def test_expenses_include_the_head_office(china):
    expenses = china_expenses()
    assert list(expenses.columns) == ["calendar_year", "branch", "paid_alae", "paid_ulae"]
    assert len(expenses) == 6 * 4
    head = expenses[expenses["branch"] == "总公司"]
    assert len(head) == 6 and (head["paid_alae"] == 0).all() and (head["paid_ulae"] > 0).all()
    # ALAE is a few per cent of the branch's calendar-year paid losses.
    frame = china.frame.sort_values(["branch", "line", "origin", "valuation"])
    incremental = frame.groupby(["branch", "line", "origin"])["paid"].diff().fillna(frame["paid"])
    paid_2024 = incremental[(frame["valuation"].dt.year == 2024) & (frame["branch"] == "北京")].sum()
    alae_2024 = expenses.query("calendar_year == 2024 and branch == '北京'")["paid_alae"].iloc[0]
    assert 0.03 < alae_2024 / paid_2024 < 0.06
