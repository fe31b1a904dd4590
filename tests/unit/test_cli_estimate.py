"""`python -m reserving estimate` as a subprocess: every method name, figures and the error path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

RUNS = {
    "chainladder": ["sample:raa", "--measure", "incurred", "--method", "chainladder"],
    "mack": ["sample:raa", "--measure", "incurred", "--method", "mack", "--sigma", "mack"],
    "bootstrap": ["sample:raa", "--measure", "incurred", "--method", "bootstrap", "--n-sims", "500", "--seed", "1"],
    "expected_loss": ["sample:xyz", "--measure", "incurred", "--method", "expected_loss", "--apriori-lr", "0.7"],
    "bf": ["sample:xyz", "--measure", "incurred", "--method", "bf", "--apriori-lr", "0.7"],
    "benktander": [
        "sample:xyz",
        "--measure",
        "incurred",
        "--method",
        "benktander",
        "--apriori-lr",
        "0.7",
        "--benktander-iterations",
        "2",
    ],
    "cape_cod": ["sample:xyz", "--measure", "incurred", "--method", "cape_cod"],
    "average_claim": ["sample:xyz", "--measure", "incurred", "--method", "average_claim"],
    "case_development": ["sample:xyz", "--measure", "paid", "--method", "case_development"],
    "munich": ["sample:mcl", "--measure", "paid", "--method", "munich"],
    "clark": ["sample:raa", "--measure", "incurred", "--method", "clark"],
    "tail": ["sample:raa", "--measure", "incurred", "--method", "chainladder", "--tail", "constant:1.05"],
    "no_premium": ["sample:raa", "--measure", "incurred", "--method", "bf", "--apriori-lr", "0.7"],
    "bad_tail": ["sample:raa", "--measure", "incurred", "--method", "chainladder", "--tail", "constant:x"],
    "default_measure": ["sample:genins", "--method", "chainladder"],
    "unknown_measure": ["sample:genins", "--measure", "incurred", "--method", "chainladder"],
}


METHOD_NAMES = (
    "chainladder",
    "mack",
    "bootstrap",
    "expected_loss",
    "bf",
    "benktander",
    "cape_cod",
    "average_claim",
    "case_development",
    "munich",
    "clark",
)
SUBPROCESS = ("mack", "no_premium")
"""Run as real processes (exit status, stdout/stderr); the rest go through `cli.main` in-process to keep time down."""


@pytest.fixture(scope="module")
def outputs() -> dict[str, subprocess.CompletedProcess[str]]:
    """Run every command once."""
    import contextlib
    import io

    from reserving.cli import main

    done = {}
    procs = {
        name: subprocess.Popen(
            [sys.executable, "-m", "reserving", "estimate", *RUNS[name]],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in SUBPROCESS
    }
    for name, args in RUNS.items():
        if name in SUBPROCESS:
            continue
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(["estimate", *args])
            except SystemExit as exc:
                code = int(exc.code or 0)
        done[name] = subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=240)
        done[name] = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    return done


def payload(outputs, name):
    run = outputs[name]
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


@pytest.mark.parametrize("method", [m for m in RUNS if m in METHOD_NAMES])
def test_every_method_prints_the_contract(outputs, method):
    data = payload(outputs, method)
    assert data["method"] == method
    assert set(data) == {
        "schema_version",
        "measure",
        "method",
        "segment",
        "aggregate",
        "origins",
        "total",
        "methods",
        "failed",
        "warnings",
        "results",
        "assumptions",
    }
    assert data["schema_version"] == 2
    assert data["aggregate"] == "sum"
    (result,) = data["results"]
    assert result["segment"] == {}
    assert {"origin", "latest", "ultimate", "ibnr", "std_err"} <= set(result["origins"][0])
    origins = result["origins"]
    assert result["total"]["ibnr"] == pytest.approx(sum(o["ibnr"] for o in origins))
    assert result["total"]["ultimate"] == pytest.approx(sum(o["ultimate"] for o in origins))
    assert data["total"]["ibnr"] == pytest.approx(result["total"]["ibnr"])


def test_chainladder_and_mack_figures(outputs):
    assert payload(outputs, "chainladder")["total"]["ibnr"] == pytest.approx(52135.23, abs=0.01)
    assert payload(outputs, "chainladder")["total"]["std_err"] is None
    mack = payload(outputs, "mack")
    assert mack["total"]["std_err"] == pytest.approx(26909.01, abs=0.01)
    assert mack["total"]["cdr_std_err"] > 0
    assert mack["results"][0]["origins"][1]["std_err"] == pytest.approx(206.22, abs=0.01)
    assert mack["results"][0]["origins"][0]["ibnr"] == 0
    assert mack["assumptions"]["development"]["sigma"] == "mack"


def test_bootstrap_percentiles(outputs):
    total = payload(outputs, "bootstrap")["total"]
    assert list(total["percentiles"]) == ["50", "75", "90", "95", "99.5"]
    assert total["percentiles"]["50"] < total["percentiles"]["99.5"]


def test_munich_clark_and_tail_figures(outputs):
    assert payload(outputs, "munich")["total"]["ultimate"] == pytest.approx(32121.5, abs=0.01)
    # Clark's maximum-likelihood ultimate on RAA (test_methods_published), to chainladder's optimiser: 1e-4 relative
    assert payload(outputs, "clark")["total"]["ultimate"] == pytest.approx(271993.64, rel=1e-4)
    assert payload(outputs, "tail")["total"]["ultimate"] == pytest.approx((160987 + 52135.23) * 1.05, abs=0.05)
    bf = payload(outputs, "bf")["results"][0]["origins"]
    assert bf[0]["origin"] == "1998"


def test_measure_defaults_to_the_only_one(outputs):
    """GenIns has paid only: without ``--measure`` the command estimates paid (Taylor-Ashe IBNR 18,680,856)."""
    data = payload(outputs, "default_measure")
    assert data["measure"] == "paid"
    assert data["total"]["ibnr"] == pytest.approx(18_680_856, abs=1)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("no_premium", "needs premium"),
        ("bad_tail", "constant:1.05"),
        (
            "unknown_measure",
            "unknown measure 'incurred': the data has the measures paid; choose one of them",
        ),
    ],
)
def test_errors_exit_2_with_one_line(outputs, name, message):
    run = outputs[name]
    assert run.returncode == 2
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]


def test_apriori_file_per_origin(tmp_path):
    from reserving.assumptions import LossRatioAssumptions, SegmentAssumptions
    from reserving.commands.estimate import estimate, read_apriori_file
    from reserving.samples import get_sample

    file = tmp_path / "lr.csv"
    file.write_text("origin,loss_ratio\n" + "".join(f"{y},0.{y - 1990}\n" for y in range(1998, 2009)), encoding="utf-8")
    pairs = read_apriori_file(str(file))
    assert pairs[0] == ("1998", 0.8) and pairs[-1] == ("2008", 0.18)
    dataset = get_sample("xyz")
    assumptions = SegmentAssumptions(measure="incurred", loss_ratio=LossRatioAssumptions(by_origin=pairs))
    data = estimate(dataset, "incurred", "expected_loss", assumptions)
    premium = dataset.premium_by_origin().to_numpy()
    ultimates = [o["ultimate"] for o in data["results"][0]["origins"]]
    assert ultimates == pytest.approx([lr * p for (_, lr), p in zip(pairs, premium, strict=True)])


def test_apriori_file_errors(tmp_path):
    from reserving.commands.estimate import read_apriori_file
    from reserving.errors import InputError

    file = tmp_path / "lr.csv"
    file.write_text("year,lr\n1998,0.6\n", encoding="utf-8")
    with pytest.raises(InputError, match="origin,loss_ratio"):
        read_apriori_file(str(file))
    file.write_text("origin,loss_ratio\n1998,high\n", encoding="utf-8")
    with pytest.raises(InputError, match="row 2"):
        read_apriori_file(str(file))


def test_a_segment_that_cannot_be_estimated_is_named(tmp_path):
    """Two full lines and one with a single accident year: the error names the line to look at."""
    rows = ["line,accident_year,dev,paid"]
    for line, years in (("a", range(2019, 2023)), ("b", range(2019, 2023)), ("solo", [2022])):
        rows += [f"{line},{y},{12 * a},{100 * a + y}" for y in years for a in range(1, 2024 - y)]
    source = tmp_path / "lines.csv"
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "reserving", "estimate", str(source), "--method", "chainladder"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert run.returncode == 2
    expected = "error: segment line=solo: the triangle needs at least two origins and two ages to develop"
    assert run.stderr.strip() == expected
