"""What a method says of its own choices reaches the valuation, its JSON and the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from reserving.assumptions import DevelopmentAssumptions, SegmentAssumptions, Selection, TailAssumptions
from reserving.samples import get_sample
from reserving.valuation import ValuationResults, make_spec, value

ROOT = Path(__file__).resolve().parents[2]
ESTIMATE_ARGS = ("--measure", "paid", "--method", "case_development", "--drop-high", "1")


def test_case_development_names_the_tail_it_does_not_apply_in_the_valuation_and_its_json():
    dataset = get_sample("xyz")
    assumptions = SegmentAssumptions(
        measure="paid",
        tail=TailAssumptions(kind="constant", factor=1.02),
        selection=Selection(default_method="case_development"),
    )
    spec = make_spec("paid", (), ["case_development"], "case_development", assumptions)
    results = value(dataset, spec)
    warned = results.warnings()
    assert [w["method"] for w in warned] == ["case_development"]
    assert "does not apply the constant tail" in warned[0]["message"]
    # the tail is not applied, so the figure is the one without it (241,757.51 by hand, test_method_defects)
    assert results.total.ibnr == pytest_approx(241757.51)
    again = ValuationResults.from_dict(json.loads(json.dumps(results.to_dict())))
    assert again.warnings() == warned


def test_a_method_without_warnings_writes_an_empty_list():
    dataset = get_sample("raa")
    assumptions = SegmentAssumptions(development=DevelopmentAssumptions(), measure="incurred")
    spec = make_spec("incurred", (), ["chainladder"], "chainladder", assumptions)
    assert value(dataset, spec).to_dict()["warnings"] == []


def test_estimate_prints_the_warnings():
    out = subprocess.run(
        [sys.executable, "-m", "reserving", "estimate", "sample:xyz", *ESTIMATE_ARGS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    printed = json.loads(out.stdout)["warnings"]
    assert len(printed) == 1 and "does not apply" in printed[0]["message"] and "drop" in printed[0]["message"]


def pytest_approx(expected: float):
    import pytest

    return pytest.approx(expected, abs=0.01)
