"""ODP bootstrap: reproducible, centred on chain ladder, progress reported; reserve ranges."""

import numpy as np
import pytest
from methods_helpers import raa_inputs

from reserving.assumptions import MethodOptions, SegmentAssumptions
from reserving.methods import run_method
from reserving.methods.ranges import lognormal_percentile, reserve_range

SMALL = SegmentAssumptions(options=MethodOptions(n_sims=1000, seed=3))


@pytest.fixture(scope="module")
def boot():
    seen: list[float] = []
    result = run_method("bootstrap", raa_inputs(), SMALL, progress=seen.append)
    return result, seen


def test_bootstrap_is_reproducible_and_reports_progress(boot):
    result, seen = boot
    again = run_method("bootstrap", raa_inputs(), SMALL)
    np.testing.assert_array_equal(result.details["total_ibnr"], again.details["total_ibnr"])
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen) and len(seen) >= 4


def test_bootstrap_distribution_is_centred_on_chain_ladder(boot):
    result, _ = boot
    total = result.details["total_ibnr"]
    assert total.shape == (1000,)
    assert result.details["mean"] == pytest.approx(52135, rel=0.08)
    # Mack's total s.e. is 26,881; the ODP bootstrap is of the same order
    assert 0.6 < result.total["std_err"] / 26880.74 < 1.4
    pct = result.details["percentiles"]
    assert list(pct) == ["50", "75", "90", "95", "99.5"]
    assert pct["50"] < pct["75"] < pct["90"] < pct["95"] < pct["99.5"]
    assert pct["75"] == pytest.approx(np.percentile(total, 75))
    assert result.origins["ibnr"].iloc[0] == 0.0
    assert result.details["origin_percentiles"].shape == (10, 6)


def test_reserve_range_from_bootstrap_reads_the_distribution(boot):
    result, _ = boot
    table = reserve_range(result, 25, 75)
    total = table.set_index("origin").loc["Total"]
    assert total["low"] == pytest.approx(np.percentile(result.details["total_ibnr"], 25))
    assert total["high"] == pytest.approx(result.details["percentiles"]["75"])
    assert total["central"] == pytest.approx(result.total["ibnr"])


def test_reserve_range_from_mack_uses_a_lognormal_with_the_same_moments():
    mack = run_method("mack", raa_inputs(), SegmentAssumptions())
    table = reserve_range(mack, 5, 95).set_index("origin")
    mean, se = mack.total["ibnr"], mack.total["std_err"]
    sigma = np.sqrt(np.log(1 + (se / mean) ** 2))
    mu = np.log(mean) - sigma**2 / 2
    assert table.loc["Total", "high"] == pytest.approx(np.exp(mu + 1.6448536269514722 * sigma), rel=1e-9)
    assert table.loc["1981", "low"] == table.loc["1981", "high"] == 0.0
    assert lognormal_percentile(100.0, 0.0, 99) == 100.0
