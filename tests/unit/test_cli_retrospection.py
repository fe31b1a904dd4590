"""`python -m reserving ave` and `retro`: real processes (one good, one bad each) and in-process runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from reserving.cli import main
from reserving.retrospection.ave import ave_report
from reserving.samples import get_sample

ROOT = Path(__file__).resolve().parents[2]

RUNS = {
    "ave_good": ["ave", "sample:raa", "--as-of", "1989-12-31", "--k", "2"],
    "ave_bad": ["ave", "sample:raa", "--as-of", "1989-31-12"],
    "retro_good": ["retro", "sample:raa", "--valuations", "1988-12-31,1989-12-31,1990-12-31"],
    "retro_bad": ["retro", "sample:raa", "--valuations", "1988-12-31,1995-12-31"],
}


def incurred_by_year(frame: pd.DataFrame, origin_year: int) -> pd.Series:
    """Cumulative incurred of one RAA origin indexed by valuation year."""
    rows = frame[frame["origin"].dt.year == origin_year]
    return pd.Series(rows["incurred"].to_numpy(), index=rows["valuation"].dt.year.to_numpy())


@pytest.fixture(scope="module")
def processes() -> dict[str, subprocess.CompletedProcess[str]]:
    """Start the four processes together (two cores), then wait for all."""
    procs = {
        name: subprocess.Popen(
            [sys.executable, "-m", "reserving", *args],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        for name, args in RUNS.items()
    }
    done = {}
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=240)
        done[name] = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    return done


def test_ave_subprocess(processes) -> None:
    good = processes["ave_good"]
    assert good.returncode == 0, good.stderr
    data = json.loads(good.stdout)
    assert data["measure"] == "incurred" and data["method"] == "chainladder"
    assert (data["as_of"], data["to"], data["k"]) == ("1989-12-31", "1990-12-31", 2.0)
    assert data["std_err_basis"] == "mack_std_err_of_prior_ibnr"
    (result,) = data["results"]
    assert result["segment"] == {}
    origins = {row["origin"]: row for row in result["origins"]}
    assert set(origins) == {str(y) for y in range(1981, 1990)}
    assert origins["1981"]["expected"] == 0.0 and origins["1981"]["a_over_e"] is None
    # one full period of chain ladder: expected = latest x (f - 1), f = 12-24 factor of the triangle at 1989
    frame = get_sample("raa").frame
    c1989 = incurred_by_year(frame, 1989)
    assert origins["1989"]["actual"] == pytest.approx(c1989[1990] - c1989[1989])
    c12 = frame[(frame["valuation"].dt.year - frame["origin"].dt.year == 0) & (frame["origin"].dt.year <= 1988)]
    c24 = frame[(frame["valuation"].dt.year - frame["origin"].dt.year == 1) & (frame["valuation"].dt.year <= 1989)]
    factor = c24["incurred"].sum() / c12["incurred"].sum()
    assert origins["1989"]["expected"] == pytest.approx(c1989[1989] * (factor - 1))
    for row in result["origins"]:
        assert row["a_minus_e"] == pytest.approx(row["actual"] - row["expected"])
        assert row["flag"] == (abs(row["a_minus_e"]) > 2 * row["std_err"])
    assert data["total"]["actual"] == pytest.approx(sum(r["actual"] for r in result["origins"]))
    assert data["by_calendar"][0]["period"] == "1990"


def test_ave_subprocess_bad_date(processes) -> None:
    bad = processes["ave_bad"]
    assert bad.returncode == 2
    assert bad.stdout == ""
    lines = bad.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: --as-of: '1989-31-12' is not a date")


def test_retro_subprocess(processes) -> None:
    good = processes["retro_good"]
    assert good.returncode == 0, good.stderr
    data = json.loads(good.stdout)
    assert data["valuations"] == ["1988-12-31", "1989-12-31", "1990-12-31"]
    assert data["threshold"] == 0.05 and data["reserve_basis"] == "incurred"
    (result,) = data["results"]
    assert [row["origin"] for row in result["origins"]] == [str(y) for y in range(1981, 1989)]
    for row in result["origins"]:
        assert row["re_estimate"] == pytest.approx(row["paid_since"] + row["reserve"])
        assert row["deviation"] == pytest.approx(row["original"] - row["re_estimate"])
        assert [s["valuation"] for s in row["by_valuation"]] == ["1989-12-31", "1990-12-31"]
        assert row["cause"] == "" and row["corrective_measure"] == ""
    row_1988 = result["origins"][-1]
    # no paid triangle: "paid" is the latest incurred and the reserve ultimate - incurred
    c1988 = incurred_by_year(get_sample("raa").frame, 1988)
    assert row_1988["paid_since"] == pytest.approx(c1988[1990] - c1988[1988])
    assert data["total"]["deviation"] == pytest.approx(sum(r["deviation"] for r in result["origins"]))
    estimates = {e["origin"]: e["ultimates"] for e in result["estimates"]}
    assert estimates["1990"] == {
        "1988-12-31": None,
        "1989-12-31": None,
        "1990-12-31": pytest.approx(estimates["1990"]["1990-12-31"]),
    }


def test_retro_subprocess_date_outside_the_data(processes) -> None:
    bad = processes["retro_bad"]
    assert bad.returncode == 2
    assert bad.stderr.strip().splitlines() == [
        "error: valuation 1995-12-31 is outside the data; "
        "the data has valuations every year from 1981-12-31 to 1990-12-31"
    ]


def test_ave_in_process_matches_the_domain(capsys) -> None:
    args = [
        "ave",
        "sample:china",
        "--as-of",
        "2024-09-30",
        "--measure",
        "paid",
        "--filter",
        "branch=上海",
        "--n-periods",
        "8",
    ]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["assumptions"]["development"]["n_periods"] == 8
    assert {r["segment"]["line"] for r in data["results"]} == {"车险", "企财险", "责任险"}
    from reserving.assumptions import DevelopmentAssumptions, SegmentAssumptions

    dataset = get_sample("china").filter({"branch": "上海"})
    assumptions = SegmentAssumptions(measure="paid", development=DevelopmentAssumptions(n_periods=8))
    report = ave_report(dataset, "paid", pd.Timestamp("2024-09-30"), assumptions=assumptions)
    assert data["total"]["expected"] == pytest.approx(report.total.total["expected"])
    assert data["total"]["actual"] == pytest.approx(report.total.total["actual"])
    calendar = report.total.calendar
    assert [row["period"] for row in data["by_calendar"]] == list(calendar["period"]) == ["2024Q4"]
    assert data["by_calendar"][0]["expected"] == pytest.approx(calendar["expected"].iloc[0])
    assert len(data["results"]) == 3  # 上海: motor, property, liability


def test_retro_and_ave_in_process_errors(capsys) -> None:
    assert main(["retro", "sample:raa", "--valuations", "1989-12-31"]) == 2
    assert (
        capsys.readouterr().err.strip()
        == "error: retrospection needs at least two valuation dates (T0 and a later one)"
    )
    assert main(["ave", "sample:raa", "--as-of", "1990-12-31"]) == 2
    assert capsys.readouterr().err.strip() == "error: to 1990-12-31 must be after as-of 1990-12-31"
    assert main(["ave", "sample:raa", "--as-of", "1989-12-31", "--measure", "paid"]) == 2
    assert "unknown measure 'paid'" in capsys.readouterr().err
