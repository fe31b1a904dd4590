"""The UPR benchmark runs in quick mode and its engine and plain pandas totals agree (not a timing test)."""

from __future__ import annotations

import pytest

from bench import bench_upr
from reserving.unexpired import UprSettings, compute_upr


def test_quick_benchmark_prints_rows(capsys) -> None:
    rows = bench_upr.main(["--quick"])
    assert [r.benchmark for r in rows] == ["upr"] * 5
    assert all(t > 0 for r in rows for t in r.app.times)
    assert "plain pandas" in capsys.readouterr().out


def test_synthetic_policies_match_the_plain_computation_by_line_and_branch() -> None:
    frame = bench_upr.synthetic_policies(5_000)
    engine = compute_upr(frame, UprSettings(bench_upr.VALUATION)).rows.set_index(["branch", "line"])
    plain = bench_upr.plain_daily(frame, bench_upr.VALUATION)
    assert engine["upr_gross"].to_numpy() == pytest.approx(plain.loc[engine.index, "upr_gross"].to_numpy(), rel=1e-12)
    r78 = compute_upr(frame, UprSettings(bench_upr.VALUATION, method="78")).total["upr_gross"]
    assert r78 == pytest.approx(bench_upr.plain_rule78(frame, bench_upr.VALUATION)["upr_gross"].sum(), rel=1e-12)
