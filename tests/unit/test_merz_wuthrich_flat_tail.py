"""The one-year CDR stays defined when late link ratios are exactly 1 (sigma cannot be extrapolated)."""

import numpy as np

from reserving.methods.merz_wuthrich import merz_wuthrich

TRIANGLE = np.array(
    [
        [100.0, 150.0, 160.0, 160.0],
        [110.0, 160.0, 172.0, np.nan],
        [120.0, 185.0, np.nan, np.nan],
        [130.0, np.nan, np.nan, np.nan],
    ]
)


def test_nan_sigma_on_flat_factor_counts_as_no_uncertainty() -> None:
    ldf = np.array([495.0 / 330.0, 332.0 / 310.0, 1.0])
    with_nan = merz_wuthrich(TRIANGLE, ldf, np.array([2.0, 0.5, np.nan]))
    with_zero = merz_wuthrich(TRIANGLE, ldf, np.array([2.0, 0.5, 0.0]))
    assert np.isfinite(with_nan.total_std_err)
    assert with_nan.total_std_err == with_zero.total_std_err
    np.testing.assert_allclose(with_nan.std_err, with_zero.std_err)
    # The oldest origin is fully developed: no one-year uncertainty at all.
    assert with_nan.std_err[0] == 0.0
