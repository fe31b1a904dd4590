"""Uncertainty page: Mack's published s.e. under both sigma rules, and a bootstrap run on demand."""

from __future__ import annotations

import pytest

from reserving import samples
from reserving.assumptions import MethodOptions, SegmentAssumptions
from reserving.methods import MethodInputs, run_method
from tests.app.conftest import table


@pytest.fixture
def unc(app):
    app.switch_page("app_pages/uncertainty.py").run()
    assert not app.exception
    return app


def test_mack_under_both_sigma_rules(unc):
    metrics = {m.label: m.value for m in unc.metric}
    assert metrics["Total s.e. (Mack's sigma)"] == "26,909"  # Mack 1994: 26,909.01
    assert metrics["Total s.e. (log-linear sigma)"] == "26,881"  # R MackChainLadder default: 26,880.74
    mack = table(unc, "unc_mack")
    assert mack.loc["1990", "std_err_mack"] == pytest.approx(24566.3, abs=1)  # Mack 1994 p.130
    assert mack.loc["Total", "ibnr"] == pytest.approx(52135.23, abs=0.01)
    assert 0 < mack.loc["Total", "cdr_std_err_mack"] < mack.loc["Total", "std_err_mack"]
    ranges = table(unc, "unc_ranges")
    assert ranges.loc["Total", "central"] == pytest.approx(52135.23, abs=0.01)
    assert ranges.loc["Total", "low"] < 52135.23 < ranges.loc["Total", "high"]


def test_bootstrap_runs_on_the_button_only(unc):
    assert "run the bootstrap" in " ".join(c.value for c in unc.caption)
    unc.number_input(key="unc_n_sims").set_value(500).run()
    unc.number_input(key="unc_seed").set_value(1).run()
    with pytest.raises(KeyError):
        table(unc, "unc_percentiles")  # nothing runs until the button is pressed
    unc.button(key="unc_run").click().run()
    assert not unc.exception
    percentiles = table(unc, "unc_percentiles")
    assert list(percentiles.columns) == ["mean", "std_err", "p50", "p75", "p90", "p95", "p99.5"]
    total = percentiles.loc["Total"]
    assert total["p50"] < total["p75"] < total["p90"] < total["p95"] < total["p99.5"]
    inputs = MethodInputs.from_dataset(samples.get_sample("raa"), "incurred", ())
    engine = run_method("bootstrap", inputs, SegmentAssumptions("incurred", options=MethodOptions(n_sims=500, seed=1)))
    assert total["p99.5"] == pytest.approx(engine.details["percentiles"]["99.5"])
    unc.get_by_key("unc_histogram")
    assert len(unc.get("progress")) == 1
    # RAA's 1982 origin falls from 72 to 84 months: the bootstrap says what that does to its s.e.
    warned = " ".join(w.value for w in unc.warning)
    assert "ODP bootstrap:" in warned and "negative" in warned and "1982" in warned
    # A rerun keeps the stored result without pressing again.
    unc.run()
    assert table(unc, "unc_percentiles").loc["Total", "p50"] == pytest.approx(total["p50"])
