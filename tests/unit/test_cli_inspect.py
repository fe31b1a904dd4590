"""`python -m reserving inspect`: the JSON contract, and bad input as exit 2 with one `error:` line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reserving.cli import main

ROOT = Path(__file__).parents[2]
DATA = ROOT / "tests" / "data"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the real command in a child process (slow: a few such tests only)."""
    return subprocess.run(
        [sys.executable, "-m", "reserving", "inspect", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_inspect_long_quarterly_file():
    proc = run(str(DATA / "ingest" / "long_quarterly.csv"))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {
        "segments": [{"line": "motor"}, {"line": "property"}],
        "measures": ["paid", "incurred"],
        "origin_grain": "quarter",
        "development_grain": "quarter",
        "origins": ["2019Q1", "2019Q2", "2019Q3"],
        "development_ages": [3, 6, 9],
        "valuation_date": "2019-09-30",
        "latest": {"paid": 200 + 190 + 120 + 75 + 65 + 30, "incurred": 220 + 230 + 170 + 88 + 70 + 45},
        # property 2019Q1's incurred falls from 90 to 88 at 2019-09-30 (row 10): named, as the bootstrap is sensitive
        "warnings": [
            "file 'long_quarterly.csv', row 10, column 'incurred': cumulative incurred falls in 1 cell(s)"
            " (negative incrementals): origin 2019Q1, valuation 2019-09-30: 90 to 88. Normal when case reserves"
            " are released, but the ODP bootstrap resamples incremental amounts and a negative one widens its"
            " spread"
        ],
    }


def inspect_json(capsys, *args: str) -> dict:
    """Run `inspect` in this process (the child-process path is covered above) and parse its JSON."""
    assert main(["inspect", *args]) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def test_inspect_with_mapping_options_and_filter(capsys):
    out = inspect_json(
        capsys,
        str(DATA / "ingest" / "long_cn.csv"),
        "--origin",
        "事故年度",
        "--development",
        "进展期",
        "--value",
        "paid=已决赔款",
        "--segment",
        "险种",
        "--development-unit",
        "periods",
        "--filter",
        "险种=车险",
    )
    assert out["segments"] == [{"险种": "车险"}]
    assert out["measures"] == ["paid"]
    assert out["latest"] == {"paid": 1800 + 1100}
    assert out["origin_grain"] == "year"
    assert out["warnings"] == [
        "file 'long_cn.csv': columns not used: ['已发生赔款']",
        "file 'long_cn.csv', row 7, column '已决赔款': negative paid -20 (origin 2020, valuation 2020-12-31)",
    ]


def test_inspect_wide_file_names_its_measure(capsys):
    out = inspect_json(capsys, str(DATA / "ingest" / "wide_months.csv"), "--value", "incurred")
    assert out["measures"] == ["incurred"]
    assert out["latest"] == {"incurred": 450.0}
    assert out["development_ages"] == [12, 24, 36]


def test_inspect_incremental_listing(capsys):
    out = inspect_json(capsys, str(DATA / "ingest" / "transactions.csv"), "--incremental")
    assert out["latest"] == {"paid": 180 + 50}
    assert out["origins"] == ["2019", "2020"]


def test_inspect_sample(capsys):
    pytest.importorskip("reserving.samples")
    out = inspect_json(capsys, "sample:raa")
    assert out["origins"][0] == "1981"
    assert sum(out["latest"].values()) == pytest.approx(160987.0)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["tests/data/rules/no_such_file.csv"], "error: file 'no_such_file.csv': file not found"),
        (["tests/data/rules/binary_junk.csv"], "error: file 'binary_junk.csv': the file is binary"),
        (["tests/data/rules/ragged.csv"], "error: file 'ragged.csv', row 3: line 3 has 4 fields"),
        (["tests/data/rules/bad_number.csv"], "error: file 'bad_number.csv', row 3, column 'paid': not a number"),
    ],
)
def test_bad_input_exits_2_with_one_error_line(args, message):
    proc = run(*args)
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: ")
    assert message in lines[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["tests/data/rules/old_excel.xls"], "error: file 'old_excel.xls': old Excel .xls workbooks are not"),
        (["tests/data/rules/empty_file.csv"], "error: file 'empty_file.csv': the file is empty"),
        (
            ["tests/data/rules/duplicate_cell.csv"],
            "error: file 'duplicate_cell.csv', row 5, column 'development': duplicate cell (origin 2018, valuation"
            " 2019-12-31): rows 3 and 5",
        ),
        (["tests/data/rules/single_origin.csv"], "error: file 'single_origin.csv': the triangle has a single origin"),
        (["tests/data/ingest/long_cn.csv", "--encoding", "utf-16"], "error: file 'long_cn.csv'"),
        (["tests/data/ingest/long_quarterly.csv", "--origin", "nope"], "the origin column 'nope' is not in the table"),
        (["tests/data/ingest/long_quarterly.csv", "--filter", "line=marine"], "no segment line=marine"),
        (["tests/data/ingest/long_quarterly.csv", "--filter", "branch=x"], "unknown segment column 'branch'"),
        (["tests/data/ingest/long_quarterly.csv", "--filter", "line"], "--filter expects NAME=VALUE"),
        (["tests/data/ingest/long_quarterly.csv", "--value", "a", "--value", "b"], "a wide file has one measure"),
    ],
)
def test_bad_input_in_process(args, message, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(["inspect", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("error: ")
    assert message in lines[0]


def test_development_and_valuation_are_exclusive(capsys):
    with pytest.raises(SystemExit) as info:
        main(["inspect", "x.csv", "--development", "a", "--valuation", "b"])
    assert info.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err
