"""Every benchmark runs in its quick mode and returns rows with positive timings and ratios.

Not a timing assertion: the machine is shared, so only the shape of the figures is checked,
plus the table helpers on hand-made timings.
"""

from __future__ import annotations

import weakref

import pytest

from bench import bench_app_rerun, bench_batch, bench_bootstrap, bench_cold_start, bench_engine
from bench.common import Elapsed, Row, Timing, format_table, markdown_table, run_paired, time_each


def _check(rows: list[Row], benchmark: str) -> None:
    assert rows
    for row in rows:
        assert row.benchmark == benchmark
        assert all(t > 0 for t in row.app.times)
        assert all(t > 0 for t in row.reference.times)
        assert row.ratio > 0
        assert row.ratio == pytest.approx(row.app.median / row.reference.median)


def test_timing_median_min_and_ratio():
    row = Row("x", "case", Timing("app", (3.0, 1.0, 2.0)), Timing("bare", (1.0, 2.0, 0.5)), limit=1.5)
    assert row.app.median == 2.0
    assert row.app.min == 1.0
    assert row.ratio == 2.0
    assert row.verdict == "over"
    text = format_table("title", [row])
    assert "2.00x" in text
    assert "over" in text
    assert "| x | case | 2.000 | 1.000 | bare | 1.000 | 2.00x | 1.5x over |" in markdown_table([row])


def test_run_paired_counts_runs():
    calls = []
    app, bare = run_paired(lambda: calls.append("a"), lambda: calls.append("b"), repeat=3, warmup=1)
    assert calls == ["a", "b"] * 4
    assert len(app.times) == len(bare.times) == 3


def test_run_paired_takes_the_seconds_work_measured_itself():
    app, bare = run_paired(lambda: Elapsed(5.0), lambda: Elapsed(2.5), repeat=2, warmup=0)
    assert app.times == (5.0, 5.0)
    assert bare.times == (2.5, 2.5)


class _Cyclic:
    """An object in a reference cycle, as every chainladder Triangle is (its indexers hold it)."""

    def __init__(self) -> None:
        self.me = self


def test_time_each_frees_the_cyclic_garbage_of_one_item_before_the_next():
    alive_at_start: list[int] = []
    refs: list[weakref.ref] = []

    def work(_item: object) -> None:
        alive_at_start.append(sum(ref() is not None for ref in refs))
        refs.append(weakref.ref(_Cyclic()))

    elapsed = time_each(range(5), work)
    assert alive_at_start == [0, 0, 0, 0, 0]  # with the collector paused for the whole loop: 0, 1, 2, 3, 4
    assert all(ref() is None for ref in refs)
    assert isinstance(elapsed, Elapsed) and elapsed.seconds > 0


@pytest.mark.slow
def test_engine_quick():
    rows = bench_engine.main(["--quick"])
    _check(rows, "engine")
    cases = {row.case for row in rows}
    assert {"raa: chainladder", "raa: mack", "raa: all methods"} <= cases
    assert any(case.startswith("china 2 seg: munich") for case in cases)  # every measure: all methods run
    totals = [row for row in rows if row.case.endswith("all methods")]
    assert len(totals) == 3 and all(row.limit == 1.5 for row in totals)


@pytest.mark.slow
def test_engine_quick_on_methods_no_multi_index_fit_covers():
    """The bootstrap alone on many segments: no vectorised row to compare, and no crash at the end of the run."""
    rows = bench_engine.main(["--quick", "--only", "china", "--methods", "bootstrap"])
    _check(rows, "engine")
    cases = [row.case for row in rows]
    assert cases == ["china 2 seg: build inputs", "china 2 seg: bootstrap", "china 2 seg: all methods"]


@pytest.mark.slow
def test_bootstrap_quick():
    rows = bench_bootstrap.main(["--quick"])
    _check(rows, "bootstrap")
    assert [row.case for row in rows] == ["raa: 200 sims", "genins: 200 sims"]


@pytest.mark.slow
def test_app_rerun_quick():
    rows = bench_app_rerun.main(["--quick"])
    _check(rows, "app_rerun")
    assert all(row.reference.median == 0.3 for row in rows)  # RAA: the 10x10 target


@pytest.mark.slow
def test_cold_start_quick():
    rows = bench_cold_start.main(["--quick"])
    _check(rows, "cold_start")
    assert [row.reference.label for row in rows] == ["import chainladder"] * 2


@pytest.mark.slow
def test_batch_quick():
    if not bench_batch.available():
        pytest.skip("reserving/batch is not in the tree")
    rows = bench_batch.main(["--quick"])
    _check(rows, "batch")
    assert rows[0].ratio == 1.0  # one worker is its own reference
