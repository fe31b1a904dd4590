"""Every method and assumption option against figures computed by hand here, and published figures.

The hand figures use plain numpy (never chainladder) on small triangles written out below,
so a wrong option mapping in the engine shows up as a number. Published figures cite their
source and table in a comment; tolerances follow the precision the source prints.
"""

import numpy as np
import pytest
from methods_helpers import col, grid_triangle, raa_inputs, sample
from scipy.optimize import minimize_scalar

from reserving import stats
from reserving.assumptions import (
    DevelopmentAssumptions,
    LossRatioAssumptions,
    MethodOptions,
    SegmentAssumptions,
    Selection,
    TailAssumptions,
)
from reserving.errors import AssumptionError
from reserving.methods import MethodInputs, run_method, select
from reserving.methods.development import develop, factor_table

NAN = np.nan

# ------------------------------------------------------------------ development averages
# Accident years 2001-2005, ages 12..60. Link ratios (origin down, from-age across):
#   12-24: 2.0, 1.7, 1.8, 1.9      24-36: 1.2, 230/187, 260/216
#   36-48: 1.05, 240/230           48-60: 255/252
GRID = [[100, 200, 240, 252, 255], [110, 187, 230, 240], [120, 216, 260], [130, 247], [140]]
R12 = np.array([2.0, 1.7, 1.8, 1.9])
R24 = np.array([1.2, 230 / 187, 260 / 216])
R36 = np.array([1.05, 240 / 230])
LAST = 255 / 252


def grid_inputs() -> MethodInputs:
    return MethodInputs.from_triangles("paid", {"paid": grid_triangle(GRID, name="paid")})


def factors(development: DevelopmentAssumptions) -> np.ndarray:
    inputs = grid_inputs()
    return factor_table(develop(inputs.triangle, development, inputs.origin_labels))["ldf"].to_numpy()


def geometric(ratios: np.ndarray) -> float:
    return float(np.exp(np.log(ratios).mean()))


HAND_AVERAGES = [
    ("volume", DevelopmentAssumptions(), [850 / 460, 730 / 603, 492 / 470, LAST]),
    ("simple", DevelopmentAssumptions(average="simple"), [R12.mean(), R24.mean(), R36.mean(), LAST]),
    (
        "geometric",
        DevelopmentAssumptions(average="geometric"),
        [geometric(R12), geometric(R24), geometric(R36), LAST],
    ),
    # latest two origins per age: (2003, 2004) from 12, (2002, 2003) from 24
    ("n_periods", DevelopmentAssumptions(n_periods=2), [463 / 250, 490 / 403, 492 / 470, LAST]),
    # the single highest ratio left out; an age with one ratio keeps it (chainladder's preserve=1)
    (
        "drop high",
        DevelopmentAssumptions(average="simple", drop_high=1),
        [1.8, (1.2 + 260 / 216) / 2, 240 / 230, LAST],
    ),
    (
        "drop low",
        DevelopmentAssumptions(average="simple", drop_low=1),
        [1.9, (230 / 187 + 260 / 216) / 2, 1.05, LAST],
    ),
    # from 36 both ratios would go: nothing is dropped there
    (
        "drop high and low",
        DevelopmentAssumptions(drop_high=1, drop_low=1),
        [463 / 250, 260 / 216, 492 / 470, LAST],
    ),
    ("excluded cell", DevelopmentAssumptions(excluded_cells=(("2002", 12),)), [663 / 350, 730 / 603, 492 / 470, LAST]),
    # the 2003 diagonal holds 2002's 12-24 and 2001's 24-36 ratios
    (
        "excluded diagonal",
        DevelopmentAssumptions(excluded_valuations=("2003-12-31",)),
        [663 / 350, 490 / 403, 492 / 470, LAST],
    ),
    # latest two origins first, then the exclusion (chainladder's documented order)
    (
        "n_periods then exclusion",
        DevelopmentAssumptions(n_periods=2, excluded_cells=(("2004", 12),)),
        [1.8, 490 / 403, 492 / 470, LAST],
    ),
    (
        "n_periods then drop high",
        DevelopmentAssumptions(n_periods=3, drop_high=1),
        [403 / 230, 500 / 416, 240 / 230, LAST],
    ),
    ("typed override", DevelopmentAssumptions(overrides=((24, 1.25),)), [850 / 460, 1.25, 492 / 470, LAST]),
]


@pytest.mark.parametrize(("case", "development", "expected"), HAND_AVERAGES, ids=[c[0] for c in HAND_AVERAGES])
def test_selected_factors_by_hand(case, development, expected):
    np.testing.assert_allclose(factors(development), expected, rtol=1e-12)


def test_chain_ladder_ultimates_follow_the_hand_factors():
    development = DevelopmentAssumptions(excluded_valuations=("2003-12-31",), overrides=((48, 1.02),))
    result = run_method("chainladder", grid_inputs(), SegmentAssumptions(development=development))
    f = np.array([663 / 350, 490 / 403, 492 / 470, 1.02])
    latest = np.array([255, 240, 260, 247, 140])
    cdf = np.array([1, f[3], f[2] * f[3], f[1] * f[2] * f[3], np.prod(f)])
    np.testing.assert_allclose(col(result, "ultimate"), latest * cdf, rtol=1e-12)
    np.testing.assert_allclose(col(result, "cdf"), cdf, rtol=1e-12)
    assert result.total["ibnr"] == pytest.approx(float((latest * cdf).sum() - latest.sum()), rel=1e-12)


def test_statistics_averages_leave_out_the_same_ratio_by_hand():
    averages = stats.average_factors(grid_triangle(GRID, name="paid"), "Y", excluded=[("2002", 12)])
    assert averages.loc["Volume all", "12-24"] == pytest.approx(663 / 350, rel=1e-12)
    assert averages.loc["Simple all", "12-24"] == pytest.approx((2.0 + 1.8 + 1.9) / 3, rel=1e-12)
    assert averages.loc["Simple ex hi/lo", "24-36"] == pytest.approx(260 / 216, rel=1e-12)


# ------------------------------------------------------------------ tails
RAA = np.asarray(sample("raa").values, dtype=float)[0, 0]
RAA_AGES = np.arange(12, 120, 12)


def raa_factors(tail: TailAssumptions) -> np.ndarray:
    inputs = raa_inputs()
    assumptions = SegmentAssumptions(tail=tail)
    return factor_table(inputs.developed(assumptions))["ldf"].to_numpy()


def raa_volume() -> np.ndarray:
    return np.array([np.nansum(RAA[: 9 - j, j + 1]) / np.nansum(RAA[: 9 - j, j]) for j in range(9)])


def curve_by_hand(kind, fit_from, fit_to, attachment):
    """Least squares of log(f - 1) on the period index t = 1..9 (exponential) or log t (inverse power).

    Factors at or below 1.00001 are left out of the fit, as chainladder does. The fitted
    factors replace the selected ones from the attachment age; the tail is the product of
    the fitted factors for the next 100 periods beyond the last age.
    """
    f = raa_volume()
    keep = f > 1.00001
    if fit_from is not None:
        keep &= fit_from <= RAA_AGES
    if fit_to is not None:
        keep &= fit_to >= RAA_AGES
    t = np.arange(1, 110, dtype=float)
    x = t if kind == "exponential" else np.log(t)
    slope, intercept = np.polyfit(x[:9][keep], np.log(f[keep] - 1), 1)
    fitted = 1 + np.exp(intercept + slope * x)
    start = 9 if attachment is None else int(np.flatnonzero(attachment == RAA_AGES)[0])
    return np.concatenate([f[:start], fitted[start:9]]), float(np.prod(fitted[9:]))


CURVES = [
    (None, None, None),
    (36, None, None),
    (24, 84, None),
    (None, 108, None),  # "fit to" the last age includes its factor
    (None, None, 60),
    (36, 96, 48),
]


@pytest.mark.parametrize("kind", ["exponential", "inverse_power"])
@pytest.mark.parametrize(("fit_from", "fit_to", "attachment"), CURVES)
def test_curve_tails_by_hand_least_squares(kind, fit_from, fit_to, attachment):
    engine = raa_factors(TailAssumptions(kind=kind, fit_from=fit_from, fit_to=fit_to, attachment_age=attachment))
    body, tail = curve_by_hand(kind, fit_from, fit_to, attachment)
    np.testing.assert_allclose(engine[:9], body, rtol=1e-10)
    assert np.prod(engine[9:]) == pytest.approx(tail, rel=1e-10)


def test_exponential_tail_on_raa_matches_the_engine_notes_figure():
    # engine-notes.md 1.2: TailCurve exponential on RAA volume factors gives 1.00944
    assert np.prod(raa_factors(TailAssumptions(kind="exponential"))[9:]) == pytest.approx(1.00944, abs=5e-6)


def test_constant_tail_is_the_development_from_the_attachment_age():
    f = raa_volume()
    plain = raa_factors(TailAssumptions(kind="constant", factor=1.05))
    np.testing.assert_allclose(plain[:9], f, rtol=1e-12)
    assert np.prod(plain[9:]) == pytest.approx(1.05, rel=1e-12)
    attached = raa_factors(TailAssumptions(kind="constant", factor=1.05, attachment_age=96))
    np.testing.assert_allclose(attached[:7], f[:7], rtol=1e-12)
    assert np.prod(attached[7:]) == pytest.approx(1.05, rel=1e-12)  # CDF from 96 months = the factor
    result = run_method(
        "chainladder",
        raa_inputs(),
        SegmentAssumptions(tail=TailAssumptions(kind="constant", attachment_age=96, factor=1.05)),
    )
    assert col(result, "ultimate")[2] == pytest.approx(RAA[2, 7] * 1.05, rel=1e-12)  # 1983 is 96 months old


def bondy_by_hand(fit_from: int) -> tuple[float, float]:
    """Bondy's b: least squares of log f_(k+m) = c b^m over the factors from `fit_from` (c profiled out).

    Returns b and the tail f_k^(b^K / (1 - b)), K the number of factors from `fit_from` to the
    last age, which is the product of the fitted factors f_k^(b^m) beyond the last age.
    """
    f = raa_volume()
    k = int(np.flatnonzero(fit_from == RAA_AGES)[0])
    d = np.log(f[k:])
    m = np.arange(len(d))

    def loss(b: float) -> float:
        powers = b**m
        c = d @ powers / (powers @ powers)
        return float(((d - c * powers) ** 2).sum())

    b = minimize_scalar(loss, bounds=(0.01, 0.99), method="bounded", options={"xatol": 1e-12}).x
    return b, float(f[k] ** (b ** len(d) / (1 - b)))


def test_bondy_tail_by_hand():
    # earliest age = the last factor: classic Bondy, the tail repeats the last factor
    assert np.prod(raa_factors(TailAssumptions(kind="bondy"))[9:]) == pytest.approx(raa_volume()[-1], rel=1e-12)
    for fit_from in (48, 72):
        _, tail = bondy_by_hand(fit_from)
        engine = raa_factors(TailAssumptions(kind="bondy", fit_from=fit_from))
        assert np.prod(engine[9:]) == pytest.approx(tail, rel=1e-6)
        np.testing.assert_allclose(engine[:9], raa_volume(), rtol=1e-12)


def test_bondy_attachment_replaces_factors_from_that_age():
    f = raa_volume()
    b, tail = bondy_by_hand(48)
    engine = raa_factors(TailAssumptions(kind="bondy", fit_from=48, attachment_age=72))
    np.testing.assert_allclose(engine[:5], f[:5], rtol=1e-12)  # 12 .. 60 kept
    fitted = f[3] ** (b ** np.arange(2, 6))  # factors from 72, 84, 96, 108 on Bondy's curve
    np.testing.assert_allclose(engine[5:9], fitted, rtol=1e-6)
    assert np.prod(engine[9:]) == pytest.approx(tail, rel=1e-6)
    same = raa_factors(TailAssumptions(kind="bondy", fit_from=48, attachment_age=48))
    np.testing.assert_allclose(same[4:9], f[3] ** (b ** np.arange(1, 6)), rtol=1e-6)
    with pytest.raises(AssumptionError, match="attach it at 48 months or later"):
        raa_factors(TailAssumptions(kind="bondy", fit_from=48, attachment_age=36))


def test_curve_fit_range_without_factors_is_refused():
    with pytest.raises(AssumptionError, match="no factor between 120 and None"):
        raa_factors(TailAssumptions(kind="exponential", fit_from=120))


# ------------------------------------------------------------------ a-priori family
# 4 x 4 paid triangle with premium; volume factors 1800+2000+2100 / 1000+1100+1200 ...
SMALL = [[1000, 1800, 2100, 2200], [1100, 2000, 2300], [1200, 2100], [1300]]
PREMIUM = np.array([3000.0, 3200.0, 3400.0, 3600.0])
LATEST = np.array([2200.0, 2300.0, 2100.0, 1300.0])
F = np.array([5900 / 3300, 4400 / 3800, 2200 / 2100])
TAIL = 1.04
CDF = np.array([1.0, F[2], F[1] * F[2], F[0] * F[1] * F[2]]) * TAIL
ELR = np.array([0.7, 0.7, 0.7, 0.75])
LR = LossRatioAssumptions(default=0.7, by_origin=(("2004", 0.75),))
WITH_TAIL = TailAssumptions(kind="constant", factor=TAIL)


def small_inputs() -> MethodInputs:
    return MethodInputs.from_triangles("paid", {"paid": grid_triangle(SMALL, name="paid")}, premium=PREMIUM)


def apriori_run(method: str, **options) -> object:
    assumptions = SegmentAssumptions(tail=WITH_TAIL, loss_ratio=LR, options=MethodOptions(**options))
    return run_method(method, small_inputs(), assumptions)


def test_expected_loss_and_bf_by_hand():
    expected = apriori_run("expected_loss")
    np.testing.assert_allclose(col(expected, "ultimate"), ELR * PREMIUM, rtol=1e-12)
    assert expected.total["ultimate"] == pytest.approx(2100 + 2240 + 2380 + 2700)
    bf = apriori_run("bf")
    hand = LATEST + ELR * PREMIUM * (1 - 1 / CDF)
    np.testing.assert_allclose(col(bf, "cdf"), CDF, rtol=1e-12)
    np.testing.assert_allclose(col(bf, "ultimate"), hand, rtol=1e-12)
    assert bf.total["ibnr"] == pytest.approx(float((ELR * PREMIUM * (1 - 1 / CDF)).sum()), rel=1e-12)
    assert col(bf, "ibnr")[0] == pytest.approx(0.7 * 3000 * 0.04 / 1.04, rel=1e-12)  # only the tail is left


@pytest.mark.parametrize("k", [0, 1, 2, 3, 5])
def test_benktander_iterations_by_hand(k):
    # k steps counted from BF: U_BF = latest + (1 - 1/CDF) ELR x premium, then U <- latest + (1 - 1/CDF) U
    ultimate = ELR * PREMIUM
    for _ in range(k + 1):
        ultimate = LATEST + (1 - 1 / CDF) * ultimate
    result = apriori_run("benktander", benktander_iterations=k)
    np.testing.assert_allclose(col(result, "ultimate"), ultimate, rtol=1e-12)
    assert result.total["ultimate"] == pytest.approx(float(ultimate.sum()), rel=1e-12)


def test_cape_cod_by_hand_from_used_up_premium():
    used_up = PREMIUM / CDF
    elr = LATEST.sum() / used_up.sum()
    result = run_method("cape_cod", small_inputs(), SegmentAssumptions(tail=WITH_TAIL))
    assert result.details["apriori_"] == pytest.approx(elr, rel=1e-12)
    np.testing.assert_allclose(col(result, "ultimate"), LATEST + elr * PREMIUM * (1 - 1 / CDF), rtol=1e-12)
    assert result.total["ibnr"] == pytest.approx(float((elr * PREMIUM * (1 - 1 / CDF)).sum()), rel=1e-12)


@pytest.mark.parametrize(("trend", "decay"), [(0.05, 1.0), (0.0, 0.5), (0.05, 0.5)])
def test_generalised_cape_cod_by_hand(trend, decay):
    """Each origin's ratio: decay-weighted trended claims over decay-weighted used-up premium, detrended."""
    used_up = PREMIUM / CDF
    to_latest = (1 + trend) ** np.arange(3, -1, -1)  # trend factor of each origin to the latest one
    weights = decay ** np.abs(np.subtract.outer(np.arange(4), np.arange(4)))
    trended = (weights @ (LATEST * to_latest)) / (weights @ used_up)
    applied = trended / to_latest
    assumptions = SegmentAssumptions(tail=WITH_TAIL, options=MethodOptions(cape_cod_trend=trend, cape_cod_decay=decay))
    result = run_method("cape_cod", small_inputs(), assumptions)
    np.testing.assert_allclose(col(result, "apriori"), applied, rtol=1e-12)
    np.testing.assert_allclose(col(result, "ultimate"), LATEST + applied * PREMIUM * (1 - 1 / CDF), rtol=1e-12)
    # BF with Cape Cod as its a-priori source applies the same per-origin ratios
    bf = run_method(
        "bf",
        small_inputs(),
        SegmentAssumptions(
            tail=WITH_TAIL, options=assumptions.options, loss_ratio=LossRatioAssumptions(source="cape_cod")
        ),
    )
    np.testing.assert_allclose(col(bf, "ultimate"), col(result, "ultimate"), rtol=1e-12)


# ------------------------------------------------------------------ average claim and case development
PAID = [[60, 120, 150, 160], [70, 130, 170], [80, 150], [90]]
INCURRED = [[100, 180, 190, 190], [110, 200, 215], [120, 230], [130]]
COUNTS = [[10, 14, 15, 15], [11, 15, 16], [12, 17], [13]]


def claim_inputs(measure: str) -> MethodInputs:
    return MethodInputs.from_triangles(
        measure,
        {
            "paid": grid_triangle(PAID, name="paid"),
            "incurred": grid_triangle(INCURRED, name="incurred"),
            "reported_count": grid_triangle(COUNTS, name="reported_count"),
        },
    )


def grid_array(rows) -> np.ndarray:
    return np.array([list(r) + [NAN] * (4 - len(r)) for r in rows], dtype=float)


def volume_cdf(grid: np.ndarray) -> np.ndarray:
    f = [np.nansum(grid[: 3 - j, j + 1]) / np.nansum(grid[: 3 - j, j]) for j in range(3)]
    return np.array([1.0, f[2], f[1] * f[2], f[0] * f[1] * f[2]])


def test_average_claim_by_hand_with_a_tail_on_severity_only():
    counts, amounts = grid_array(COUNTS), grid_array(INCURRED)
    severity = amounts / counts
    count_cdf = volume_cdf(counts)
    severity_cdf = volume_cdf(severity) * 1.02
    latest_counts, latest_severity = np.array([15, 16, 17, 13.0]), np.array([190 / 15, 215 / 16, 230 / 17, 130 / 13])
    expected = latest_counts * count_cdf * latest_severity * severity_cdf
    tail = SegmentAssumptions(tail=TailAssumptions(kind="constant", factor=1.02))
    result = run_method("average_claim", claim_inputs("incurred"), tail)
    np.testing.assert_allclose(col(result, "ultimate"), expected, rtol=1e-12)
    np.testing.assert_allclose(col(result, "ultimate_count"), latest_counts * count_cdf, rtol=1e-12)
    assert result.total["ultimate_count"] == pytest.approx(float((latest_counts * count_cdf).sum()), rel=1e-12)
    assert result.total["ibnr"] == pytest.approx(float(expected.sum()) - (190 + 215 + 230 + 130), rel=1e-12)


def test_average_claim_does_not_apply_typed_amount_factors_to_counts_and_severity():
    inputs = claim_inputs("incurred")
    base = run_method("average_claim", inputs, SegmentAssumptions())
    typed = SegmentAssumptions(development=DevelopmentAssumptions(overrides=((12, 2.0),)))
    result = run_method("average_claim", inputs, typed)
    np.testing.assert_allclose(col(result, "ultimate"), col(base, "ultimate"), rtol=1e-12)
    assert result.details["overrides_ignored"] is True
    chain = run_method("chainladder", inputs, typed)  # the typed factor still drives chain ladder
    assert col(chain, "cdf")[3] == pytest.approx(2.0 * volume_cdf(grid_array(INCURRED))[2], rel=1e-12)


def test_case_development_simple_average_latest_two_by_hand():
    paid, case = grid_array(PAID), grid_array(INCURRED) - grid_array(PAID)
    # case reserves: 2001 40 60 40 30; 2002 40 70 45; 2003 40 80; 2004 40
    q = [np.mean([70 / 40, 80 / 40]), np.mean([40 / 60, 45 / 70]), 30 / 40]
    h = [np.mean([60 / 40, 70 / 40]), np.mean([30 / 60, 40 / 70]), 10 / 40]
    np.testing.assert_allclose(case[:, 0], 40)
    result = run_method(
        "case_development",
        claim_inputs("paid"),
        SegmentAssumptions(development=DevelopmentAssumptions(average="simple", n_periods=2)),
    )
    ratios = result.details["ratios"]
    np.testing.assert_allclose(ratios["carry_over"], q, rtol=1e-12)
    np.testing.assert_allclose(ratios["payment"], h, rtol=1e-12)

    def run_off(paid_now: float, reserve: float, start: int) -> float:
        for j in range(start, 3):
            paid_now += h[j] * reserve
            reserve *= q[j]
        return paid_now + reserve  # the reserve left at the last age is paid as it stands

    expected = [run_off(paid[i, 3 - i], case[i, 3 - i], 3 - i) for i in range(4)]
    np.testing.assert_allclose(col(result, "ultimate"), expected, rtol=1e-12)
    assert result.total["ultimate"] == pytest.approx(sum(expected), rel=1e-12)


# ------------------------------------------------------------------ selection
def test_selection_blends_add_up_per_origin_and_in_total():
    inputs = small_inputs()
    assumptions = SegmentAssumptions(tail=WITH_TAIL, loss_ratio=LR)
    results = {m: run_method(m, inputs, assumptions).origins for m in ("chainladder", "bf", "cape_cod")}
    weights = {
        "2003": (("bf", 1.0), ("chainladder", 1.0)),
        "2004": (("bf", 2.0), ("cape_cod", 1.0), ("chainladder", 1.0)),
    }
    selection = Selection(by_origin=tuple((o, w, "") for o, w in weights.items()), default_method="chainladder")
    chosen = select(results, selection)
    u = {m: frame["ultimate"].to_numpy() for m, frame in results.items()}
    expected = np.array(
        [
            u["chainladder"][0],
            u["chainladder"][1],
            (u["bf"][2] + u["chainladder"][2]) / 2,
            0.5 * u["bf"][3] + 0.25 * u["cape_cod"][3] + 0.25 * u["chainladder"][3],
        ]
    )
    np.testing.assert_allclose(chosen["ultimate"].to_numpy(), expected, rtol=1e-12)
    np.testing.assert_allclose(chosen["ibnr"].to_numpy(), expected - LATEST, rtol=1e-12)
    assert chosen["ultimate"].sum() == pytest.approx(float(expected.sum()), rel=1e-12)
    assert chosen["method"].iloc[3] == "0.5 bf + 0.25 cape_cod + 0.25 chainladder"
    # the same blend everywhere blends the totals
    everywhere = Selection(by_origin=tuple((o, (("bf", 0.3), ("chainladder", 0.7)), "") for o in inputs.origin_labels))
    blended = select(results, everywhere)
    assert blended["ultimate"].sum() == pytest.approx(0.3 * u["bf"].sum() + 0.7 * u["chainladder"].sum(), rel=1e-12)


# ------------------------------------------------------------------ published figures
MACK = SegmentAssumptions(development=DevelopmentAssumptions(sigma="mack"))


def test_mack_1994_raa_sigmas():
    # Mack (1994) p.130, sigma^2 of RAA, as hard-coded in chainladder's test_mack1994_hardcode
    inputs = raa_inputs()
    developed = develop(inputs.triangle, MACK.development, inputs.origin_labels)
    sigma2 = np.asarray(developed.sigma_.values, dtype=float).ravel()[:8] ** 2
    published = np.array([27883, 1109, 691, 61.2, 119, 40.8, 1.34, 7.88])
    half_unit = np.array([0.5, 0.5, 0.5, 0.05, 0.5, 0.05, 0.005, 0.005])  # of the last printed digit
    assert (np.abs(sigma2 - published) <= half_unit).all(), sigma2


def test_mack_raa_with_a_1_05_tail_matches_r():
    # R ChainLadder runit.MackChainLadder.R, test.MackRAA_tail_equals_1.05:
    # MackChainLadder(RAA, est.sigma="Mack", tail=1.05)$Total.Mack.S.E == "28669.91"
    tailed = SegmentAssumptions(development=MACK.development, tail=TailAssumptions(kind="constant", factor=1.05))
    result = run_method("mack", raa_inputs(), tailed)
    assert result.total["std_err"] == pytest.approx(28669.91, abs=0.005)


def test_mack_1999_mortgage_table_1():
    # Mack (1999) Table 1 as asserted in R ChainLadder runit.MackChainLadder.R, test.Mack1999
    # (compared to the printed digits; the 1.05 tail column is not compared)
    inputs = MethodInputs.from_triangles("paid", {"paid": sample("mortgage")})
    developed = develop(inputs.triangle, MACK.development, inputs.origin_labels)
    f = factor_table(developed)["ldf"].to_numpy()
    se = np.asarray(developed.std_err_.values, dtype=float).ravel()
    sigma = np.asarray(developed.sigma_.values, dtype=float).ravel()
    np.testing.assert_allclose(f, [11.10, 4.092, 1.708, 1.276, 1.139, 1.069, 1.026, 1.023], rtol=1e-3)
    assert abs(se[0] - 2.24) <= 0.005
    np.testing.assert_allclose(se[1:], [0.517, 0.122, 0.051, 0.042, 0.023, 0.015, 0.012], atol=5e-4)
    np.testing.assert_allclose(sigma, [1337, 988.5, 440.1, 207, 164.2, 74.60, 35.49, 16.89], rtol=1e-3)


def test_merz_wuthrich_2008_every_origin():
    # R ChainLadder reference/CDR.md: CDR(MackChainLadder(MW2008, est.sigma="Mack")), 4 decimals
    inputs = MethodInputs.from_triangles("paid", {"paid": sample("mw2008")})
    result = run_method("mack", inputs, MACK)
    cdr = [0, 566.1744, 1486.5603, 3923.0986, 9722.8598, 28442.6216, 20954.2870, 28119.3180, 53320.8210]
    mack = [0, 566.1744, 1563.8075, 4157.2733, 10536.4380, 30319.4638, 35967.0384, 45090.1821, 69552.3397]
    np.testing.assert_allclose(col(result, "cdr_std_err"), cdr, atol=6e-4)
    np.testing.assert_allclose(col(result, "std_err"), mack, atol=6e-4)
    assert result.total["cdr_std_err"] == pytest.approx(81080.5468, abs=6e-4)
    assert result.total["std_err"] == pytest.approx(108401.3875, abs=6e-4)


def test_merz_wuthrich_2014_every_origin():
    # R ChainLadder reference/CDR.md: CDR(MackChainLadder(MW2014, est.sigma="Mack")), 7 significant digits
    inputs = MethodInputs.from_triangles("paid", {"paid": sample("mw2014")})
    result = run_method("mack", inputs, MACK)
    cdr = [
        0,
        0.4083149,
        2.5393857,
        16.7232632,
        156.4022713,
        137.6522771,
        171.1812092,
        70.3161155,
        271.6352221,
        310.1268449,
        103.3834357,
        632.6388191,
        315.0489135,
        406.1424672,
        285.2076540,
        668.2337878,
        733.2222786,
    ]
    np.testing.assert_allclose(col(result, "cdr_std_err"), cdr, rtol=1e-6, atol=1e-6)
    assert result.total["ibnr"] == pytest.approx(24134.870088, abs=1e-5)
    assert result.total["cdr_std_err"] == pytest.approx(1842.8507073, abs=1e-6)
    assert result.total["std_err"] == pytest.approx(3233.6807352, abs=1e-6)


def test_munich_incurred_ultimates_and_lambdas_match_r():
    mcl = sample("mcl")
    triangles = {"paid": mcl["paid"], "incurred": mcl["incurred"]}
    result = run_method("munich", MethodInputs.from_triangles("incurred", triangles), SegmentAssumptions())
    # R ChainLadder reference/summary.MunichChainLadder.md: summary(MunichChainLadder(MCLpaid, MCLincurred))
    incurred = [2174.000, 2443.222, 4634.358, 6182.347, 4957.805, 4672.402, 7655.378]
    np.testing.assert_allclose(col(result, "ultimate"), incurred, atol=5e-4)
    paid = [2131.000, 2384.842, 4553.624, 6069.509, 4878.950, 4598.996, 7504.576]
    np.testing.assert_allclose(col(result, "ultimate_paid"), paid, atol=5e-4)
    # R reference/MunichChainLadder.md, Quarg-Mack example: lambdaP 0.636, lambdaI 0.4362
    assert result.details["lambda"]["paid"] == pytest.approx(0.636, abs=5e-4)
    assert result.details["lambda"]["incurred"] == pytest.approx(0.4362, abs=5e-5)


def test_mcl_mack_factors_and_sigmas_match_quarg_mack_section_3_3_2():
    # R reference/MunichChainLadder.md, "Parameters from section 3.3.2": MCL$MackPaid$f / $sigma
    # (the last sigma there is the example's est.sigma = 0.1 and is not compared)
    mcl = sample("mcl")
    for measure, f, sigma in (
        (
            "paid",
            [2.436686, 1.131242, 1.029345, 1.020756, 1.021111, 1.013796],
            [13.4559310, 3.6656420, 0.4819578, 0.2100029, 0.4787308],
        ),
        (
            "incurred",
            [1.6520910, 1.0186398, 0.9998699, 1.0110581, 0.9901751, 0.9963336],
            [9.7273990, 2.5444838, 1.0040570, 0.1200991, 0.8603340],
        ),
    ):
        inputs = MethodInputs.from_triangles(measure, {measure: mcl[measure]})
        developed = develop(inputs.triangle, MACK.development, inputs.origin_labels)
        np.testing.assert_allclose(factor_table(developed)["ldf"], f, rtol=1e-6)
        np.testing.assert_allclose(np.asarray(developed.sigma_.values, dtype=float).ravel()[:5], sigma, rtol=1e-6)


def test_friedland_chapter_10_cape_cod_us_industry_auto():
    """Friedland (CAS, 2010) ch. 10 Exhibit I, as reconciled in chainladder docs/friedland/chapter_10.ipynb.

    Chapter 7 selection: 3-year simple average of reported factors, typed rounded to three
    decimals, tail 1.000. Published: CDFs (Sheet 1), all-years claim ratio 0.695 (Sheet 1),
    projected ultimate 570,800,677 (Sheet 2) and IBNR 27,319,090 (Sheet 3). Friedland's
    used-up premium comes from CDFs rounded to 3 decimals, hence the tolerance on IBNR.
    """
    auto = sample("friedland_us_industry_auto")
    inputs = MethodInputs.from_triangles(
        "incurred", {"incurred": auto["Reported Claims"]}, premium=auto["Earned Premium"]
    )
    three_year = DevelopmentAssumptions(average="simple", n_periods=3)
    table = factor_table(develop(inputs.triangle, three_year, inputs.origin_labels))
    typed = tuple((int(a), round(float(f), 3)) for a, f in zip(table["age"], table["ldf"], strict=True))
    assumptions = SegmentAssumptions(development=DevelopmentAssumptions(average="simple", n_periods=3, overrides=typed))
    result = run_method("cape_cod", inputs, assumptions)
    np.testing.assert_allclose(
        col(result, "cdf").round(3), [1.000, 1.000, 1.001, 1.003, 1.006, 1.011, 1.023, 1.051, 1.110, 1.292], atol=1e-12
    )
    assert result.details["apriori_"] == pytest.approx(0.695, abs=5e-4)
    assert result.total["ultimate"] == pytest.approx(570_800_677, rel=1e-4)
    assert result.total["ibnr"] == pytest.approx(27_319_090, rel=2e-3)


def test_mack_process_and_parameter_std_err_by_hand_on_raa():
    """Mack (1993) per origin: process C_iI^2 sum s2_k/f_k^2/C_ik, parameter C_iI^2 sum s2_k/f_k^2/S_k.

    The two columns are exported and were never read by a test, so swapping them went unnoticed:
    here each is computed by hand (volume factors, Mack's sigmas with his extrapolation of the last)
    and their root sum of squares is Mack's published s.e. by origin (Mack 1994, RAA).
    """
    values = np.asarray(sample("raa").values, dtype=float)[0, 0]
    n = len(values)
    f = np.array([values[: n - 1 - k, k + 1].sum() / values[: n - 1 - k, k].sum() for k in range(n - 1)])
    s2 = np.array(
        [
            (values[: n - 1 - k, k] * (values[: n - 1 - k, k + 1] / values[: n - 1 - k, k] - f[k]) ** 2).sum()
            / (n - k - 2)
            for k in range(n - 2)
        ]
    )
    s2 = np.append(s2, min(s2[-1] ** 2 / s2[-2], s2[-2], s2[-1]))  # Mack's extrapolation of the last sigma
    column_sums = np.array([values[: n - 1 - k, k].sum() for k in range(n - 1)])
    process, parameter = np.zeros(n), np.zeros(n)
    for i in range(n):
        first = n - 1 - i
        projected = values[i, first] * np.cumprod(np.concatenate([[1.0], f[first:]]))  # C_ik, k = first .. n-1
        ultimate = projected[-1]
        ks = range(first, n - 1)
        process[i] = ultimate * np.sqrt(sum(s2[k] / f[k] ** 2 / projected[k - first] for k in ks))
        parameter[i] = ultimate * np.sqrt(sum(s2[k] / f[k] ** 2 / column_sums[k] for k in ks))
    inputs = MethodInputs.from_triangles("incurred", {"incurred": sample("raa")})
    result = run_method("mack", inputs, SegmentAssumptions(development=DevelopmentAssumptions(sigma="mack")))
    np.testing.assert_allclose(col(result, "process_std_err"), process, rtol=1e-9)
    np.testing.assert_allclose(col(result, "parameter_std_err"), parameter, rtol=1e-9)
    assert (process[-1], parameter[-1]) == (pytest.approx(23464.11, abs=0.01), pytest.approx(7275.87, abs=0.01))
    published = [0, 206, 623, 747, 1469, 2002, 2209, 5358, 6333, 24566]  # Mack 1994, RAA, s.e. by origin
    np.testing.assert_allclose(np.sqrt(process**2 + parameter**2), published, atol=0.5)
    np.testing.assert_allclose(col(result, "std_err"), published, atol=0.5)
