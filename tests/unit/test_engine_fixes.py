"""Engine fixes: Munich on the China sample, the result guard, Clark on half-year data, assumption files."""

from __future__ import annotations

import csv
import json
import math
import warnings

import chainladder as cl
import numpy as np
import pandas as pd
import pytest
from methods_helpers import col, grid_triangle, sample
from scipy.optimize import minimize

from reserving.assumptions import DevelopmentAssumptions, SegmentAssumptions
from reserving.cli import main
from reserving.errors import AssumptionError, MethodDataError
from reserving.methods import METHODS, MethodInputs, MethodSpec, run_method
from reserving.methods.failures import data_error
from reserving.methods.guard import check_result
from reserving.methods.results import build_result
from reserving.samples import get_sample

CHINA_SEGMENTS = [("北京", "车险"), ("上海", "企财险"), ("广东", "责任险")]


@pytest.fixture(scope="module")
def china():
    return get_sample("china")


def china_runs(dataset, branch: str, line: str) -> dict[str, object]:
    key = {"branch": branch, "line": line}
    runs = {}
    for measure in ("paid", "incurred"):
        inputs = MethodInputs.from_dataset(dataset, measure, key)
        runs[f"munich_{measure}"] = run_method("munich", inputs, SegmentAssumptions())
        runs[f"cl_{measure}"] = run_method("chainladder", inputs, SegmentAssumptions())
    return runs


# --- Munich chain ladder -------------------------------------------------------------------------


@pytest.mark.parametrize(("branch", "line"), CHINA_SEGMENTS)
def test_munich_on_china_segments_is_finite_and_brings_paid_and_incurred_together(china, branch, line):
    runs = china_runs(china, branch, line)
    for measure in ("paid", "incurred"):
        result = runs[f"munich_{measure}"]
        ultimate, latest = col(result, "ultimate"), col(result, "latest")
        chain_ladder = col(runs[f"cl_{measure}"], "ultimate")
        assert np.isfinite(ultimate).all()
        # the correction moves an origin's ultimate, but nowhere near a factor of two from chain ladder's
        assert (ultimate > 0.5 * chain_ladder).all() and (ultimate < 2 * chain_ladder).all()
        assert (ultimate > 0.7 * latest).all()
        assert result.total["ibnr"] == pytest.approx(result.total["ultimate"] - result.total["latest"], abs=1e-6)
        assert 0 < result.details["lambda"]["paid"] < 1 and 0 < result.details["lambda"]["incurred"] < 1
    # the point of Munich: paid/incurred ratios of the ultimates vary far less than chain ladder's
    munich_ratio = np.log(col(runs["munich_paid"], "ultimate") / col(runs["munich_incurred"], "ultimate"))
    cl_ratio = np.log(col(runs["cl_paid"], "ultimate") / col(runs["cl_incurred"], "ultimate"))
    assert munich_ratio.std() < 0.5 * cl_ratio.std()
    # both runs share one fit: the paid run's incurred column is the incurred run's ultimate
    np.testing.assert_allclose(col(runs["munich_paid"], "ultimate_incurred"), col(runs["munich_incurred"], "ultimate"))


def test_munich_beijing_motor_totals_lie_between_the_chain_ladder_ultimates(china):
    runs = china_runs(china, "北京", "车险")
    low, high = runs["cl_paid"].total["ultimate"], runs["cl_incurred"].total["ultimate"]
    assert (low, high) == (pytest.approx(58943.3, abs=1), pytest.approx(61979.4, abs=1))
    for measure in ("paid", "incurred"):
        assert low < runs[f"munich_{measure}"].total["ultimate"] < high
    assert runs["munich_paid"].total["ultimate"] == pytest.approx(59277.0, abs=1)
    assert runs["munich_incurred"].total["ultimate"] == pytest.approx(61244.0, abs=1)
    assert runs["munich_paid"].details["lambda"]["paid"] == pytest.approx(0.4092, abs=1e-4)
    assert runs["munich_paid"].details["lambda"]["incurred"] == pytest.approx(0.2661, abs=1e-4)


def test_munich_cli_on_china_prints_finite_totals_that_add_up(capsys):
    assert main(["estimate", "sample:china", "--measure", "incurred", "--method", "munich"]) == 0
    payload = json.loads(capsys.readouterr().out)
    total = payload["total"]
    assert total["latest"] == pytest.approx(304449.95, abs=0.01)
    assert total["ultimate"] == pytest.approx(316497.75, abs=1)
    assert total["ibnr"] == pytest.approx(total["ultimate"] - total["latest"], abs=1e-6)
    for segment in payload["results"]:
        for row in segment["origins"]:
            assert math.isfinite(row["ultimate"]) and row["ultimate"] > 0


def literal_munich(paid: np.ndarray, incurred: np.ndarray) -> tuple[np.ndarray, np.ndarray, float, float]:
    """Quarg-Mack (2004) written out cell by cell: volume factors, Mack sigmas, q, rho, lambda, recursion.

    Residuals whose sigma or rho is zero are 0/0 and are skipped, as R's na.omit does; ages
    with a single link ratio (residual zero by construction) are skipped too.
    """
    n_o, n_a = paid.shape

    def factors(tri):
        f, s = np.ones(n_a - 1), np.zeros(n_a - 1)
        for j in range(n_a - 1):
            rows = [i for i in range(n_o) if not np.isnan(tri[i, j + 1])]
            f[j] = sum(tri[i, j + 1] for i in rows) / sum(tri[i, j] for i in rows)
            if len(rows) > 1:
                s[j] = math.sqrt(
                    sum(tri[i, j] * (tri[i, j + 1] / tri[i, j] - f[j]) ** 2 for i in rows) / (len(rows) - 1)
                )
            else:  # Mack's extrapolation
                s[j] = math.sqrt(min(s[j - 1] ** 4 / s[j - 2] ** 2, s[j - 2] ** 2, s[j - 1] ** 2))
        return f, s

    def ratio(num, den):
        q, rho = np.ones(n_a), np.zeros(n_a)
        for j in range(n_a):
            rows = [i for i in range(n_o) if not np.isnan(num[i, j])]
            q[j] = sum(num[i, j] for i in rows) / sum(den[i, j] for i in rows)
            if len(rows) > 1:
                rho[j] = math.sqrt(sum(den[i, j] * (num[i, j] / den[i, j] - q[j]) ** 2 for i in rows) / (len(rows) - 1))
        return q, rho

    def lam(tri, other, fitted, q_other, rho):
        f, s = fitted
        xy = xx = 0.0
        for j in range(n_a - 2):  # the last age has a single link ratio
            for i in range(n_o):
                if np.isnan(tri[i, j + 1]) or s[j] == 0 or rho[j] == 0:
                    continue
                y = (tri[i, j + 1] / tri[i, j] - f[j]) / s[j] * math.sqrt(tri[i, j])
                x = (other[i, j] / tri[i, j] - q_other[j]) / rho[j] * math.sqrt(tri[i, j])
                xy, xx = xy + x * y, xx + x * x
        return xy / xx

    fp, sp = factors(paid)
    fi, si = factors(incurred)
    q, rho_i = ratio(paid, incurred)
    qinv, rho_p = ratio(incurred, paid)
    lp, li = lam(paid, incurred, (fp, sp), qinv, rho_p), lam(incurred, paid, (fi, si), q, rho_i)
    full_p, full_i = paid.copy(), incurred.copy()
    for i in range(n_o):
        for j in range(n_a - 1):
            if np.isnan(full_p[i, j + 1]):
                p, c = full_p[i, j], full_i[i, j]
                cp = lp * sp[j] / rho_p[j] * (c / p - qinv[j]) if sp[j] > 0 and rho_p[j] > 0 else 0.0
                ci = li * si[j] / rho_i[j] * (p / c - q[j]) if si[j] > 0 and rho_i[j] > 0 else 0.0
                full_p[i, j + 1], full_i[i, j + 1] = p * (fp[j] + cp), c * (fi[j] + ci)
    return full_p[:, -1], full_i[:, -1], lp, li


NAN = np.nan
PAID = [
    [400, 700, 800, 900, 900, 905],
    [350, 650, 760, 830, 830, NAN],
    [500, 800, 920, 1000, NAN, NAN],
    [420, 760, 850, NAN, NAN, NAN],
    [460, 700, NAN, NAN, NAN, NAN],
    [390, NAN, NAN, NAN, NAN, NAN],
]
INCURRED = [
    [800, 900, 920, 930, 925, 920],
    [700, 840, 870, 860, 850, NAN],
    [900, 1010, 1040, 1060, NAN, NAN],
    [760, 950, 990, NAN, NAN, NAN],
    [950, 1000, NAN, NAN, NAN, NAN],
    [700, NAN, NAN, NAN, NAN, NAN],
]


def ragged(grid: list[list[float]]) -> list[list[float]]:
    """The observed part of each row, as `grid_triangle` takes it."""
    return [[v for v in row if not np.isnan(v)] for row in grid]


def test_munich_matches_a_literal_implementation_on_a_small_triangle_with_a_flat_age():
    # paid ratios from 48 to 60 months are all exactly 1 (sigma 0): chainladder's MunichAdjustment
    # turns that sigma into 1e-320 and its lambda overflows; here the age simply carries no residual
    paid, incurred = grid_triangle(ragged(PAID), name="paid"), grid_triangle(ragged(INCURRED), name="incurred")
    triangles = {"paid": paid, "incurred": incurred}
    result = run_method("munich", MethodInputs.from_triangles("paid", triangles), SegmentAssumptions())
    ult_p, ult_i, lam_p, lam_i = literal_munich(np.array(PAID, dtype=float), np.array(INCURRED, dtype=float))
    np.testing.assert_allclose(col(result, "ultimate"), ult_p, rtol=1e-9)
    np.testing.assert_allclose(col(result, "ultimate_incurred"), ult_i, rtol=1e-9)
    assert result.details["lambda"]["paid"] == pytest.approx(lam_p, rel=1e-9)
    assert result.details["lambda"]["incurred"] == pytest.approx(lam_i, rel=1e-9)
    assert np.isfinite(col(result, "ultimate")).all()


def test_munich_names_the_cell_when_paid_is_zero():
    grid = [row[:] for row in PAID]
    grid[4][0] = 0.0
    triangles = {
        "paid": grid_triangle(ragged(grid), name="paid"),
        "incurred": grid_triangle(ragged(INCURRED), name="incurred"),
    }
    with pytest.raises(
        MethodDataError, match=r"paid is missing or zero where the other is known for 2005 at 12 months"
    ):
        run_method("munich", MethodInputs.from_triangles("paid", triangles), SegmentAssumptions())


def test_munich_without_any_paid_incurred_dependency_says_so():
    # incurred is a fixed multiple of paid: the paid/incurred ratios never vary
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        paid = grid_triangle(ragged(PAID), name="paid")
        triangles = {"paid": paid, "incurred": paid * 1.25}
    with pytest.raises(MethodDataError, match="paid/incurred ratios do not vary"):
        run_method("munich", MethodInputs.from_triangles("paid", triangles), SegmentAssumptions())


# --- the result guard ----------------------------------------------------------------------------


def raa_inputs() -> MethodInputs:
    return MethodInputs.from_triangles("incurred", {"incurred": sample("raa")})


@pytest.mark.parametrize(
    ("bad", "match"),
    [
        (np.nan, r"broken gives no finite ultimate for origin 1990 of the 'incurred' triangle \(latest 2,063.00\)"),
        (np.inf, r"broken gives no finite ultimate for origin 1990"),
        (1.29e301, r"broken gives an ultimate of 1.29e\+301 for origin 1990 .* more than 10,000 times"),
    ],
)
def test_no_method_can_return_a_non_finite_or_absurd_ultimate(monkeypatch, bad, match):
    def broken(inputs, _assumptions):
        ultimate = col(run_method("chainladder", inputs, SegmentAssumptions()), "ultimate").copy()
        ultimate[-1] = bad
        return build_result("broken", inputs, ultimate)

    monkeypatch.setitem(METHODS, "broken", MethodSpec("broken", "Broken", "坏", (), broken))
    with pytest.raises(MethodDataError, match=match):
        run_method("broken", raa_inputs(), SegmentAssumptions())


def test_guard_passes_sane_results_and_an_origin_without_values():
    result = run_method("chainladder", raa_inputs(), SegmentAssumptions())
    assert check_result(result) is result
    inputs = raa_inputs()
    ultimate = col(result, "ultimate")
    latest = col(result, "latest").copy()
    latest[-1] = np.nan  # nothing reported yet for the last origin: all of its ultimate is IBNR
    shaped = build_result("premium_based", inputs, ultimate, latest=latest)
    check_result(shaped)
    assert shaped.origins["ibnr"].iloc[-1] == pytest.approx(ultimate[-1])
    assert shaped.total["ibnr"] == pytest.approx(shaped.total["ultimate"] - shaped.total["latest"])


def test_chainladder_failures_are_told_in_words_never_as_the_raw_exception():
    error = data_error("clark", raa_inputs(), ValueError("cannot convert float NaN to integer"))
    assert "cannot convert" not in str(error)
    assert str(error).endswith(
        "(a missing (NaN) value where a number was needed: the triangle has gaps or too few values)"
    )


# --- Clark on half-year data ---------------------------------------------------------------------

PATTERN = [0.35, 0.6, 0.75, 0.85, 0.91, 0.95, 0.975, 0.99]


def half_year_rows() -> list[list[object]]:
    """Origins 2021H1-2024H2 valued every half-year to 2024-12-31 (long format)."""
    rows = []
    for i, start in enumerate(pd.date_range("2021-01-01", periods=8, freq="6MS")):
        premium = 1000 + 50 * i
        ultimate = premium * (0.65 + 0.02 * ((i * 7) % 5))
        for j, end in enumerate(pd.date_range(start + pd.offsets.MonthEnd(6), "2024-12-31", freq="6ME")):
            paid = round(ultimate * PATTERN[j] * (1 + 0.01 * ((i + j) % 3 - 1)), 2)
            rows.append([start.date(), end.date(), paid, round(ultimate * min(1.0, PATTERN[j] + 0.3), 2), premium])
    return rows


@pytest.fixture
def half_year_csv(tmp_path):
    path = tmp_path / "half_year.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["origin_date", "valuation_date", "paid", "incurred", "premium"])
        writer.writerows(half_year_rows())
    return path


def clark_cape_cod_by_hand(paid: np.ndarray, premium: np.ndarray) -> tuple[float, np.ndarray]:
    """Clark (2003) Cape Cod, loglogistic, by maximum likelihood on the increments; ages at mid-half-year."""
    n_o, n_a = paid.shape
    ages = 6.0 * np.arange(1, n_a + 1) - 3.0
    incr = np.diff(np.concatenate([np.zeros((n_o, 1)), paid], axis=1), axis=1)

    def growth(x, omega, theta):
        x = np.maximum(x, 0.0)
        return x**omega / (x**omega + theta**omega)

    def loss(params):
        omega, theta, elr = params
        mu = elr * premium[:, None] * (growth(ages, omega, theta) - growth(ages - 6.0, omega, theta))
        ok = ~np.isnan(incr)
        return -np.sum(incr[ok] * np.log(mu[ok]) - mu[ok])

    fit = minimize(
        loss, x0=[1.5, 12.0, 0.7], method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-10, "maxiter": 20000}
    )
    omega, theta, elr = fit.x
    last = np.array([np.flatnonzero(~np.isnan(row))[-1] for row in paid])
    latest = paid[np.arange(n_o), last]
    return elr, latest + elr * premium * (1 - growth(ages[last], omega, theta))


def test_clark_runs_on_half_year_data_and_matches_a_hand_likelihood_fit(half_year_csv, capsys):
    # the Cape Cod form is chosen (premium in the data no longer chooses it)
    command = ["estimate", str(half_year_csv), "--measure", "paid", "--method", "clark", "--clark-form", "cape_cod"]
    assert main(command) == 0
    payload = json.loads(capsys.readouterr().out)
    origins = payload["results"][0]["origins"]
    assert [row["origin"] for row in origins] == [f"{y}H{h}" for y in range(2021, 2025) for h in (1, 2)]
    frame = pd.DataFrame(half_year_rows(), columns=["origin", "valuation", "paid", "incurred", "premium"])
    grid = frame.pivot_table(index="origin", columns="valuation", values="paid").to_numpy()
    paid = np.array([row[~np.isnan(row)].tolist() + [np.nan] * int(np.isnan(row).sum()) for row in grid])
    premium = frame.groupby("origin")["premium"].first().to_numpy(dtype=float)
    elr, ultimate = clark_cape_cod_by_hand(paid, premium)
    np.testing.assert_allclose([row["ultimate"] for row in origins], ultimate, rtol=2e-3)
    assert payload["total"]["ibnr"] == pytest.approx(payload["total"]["ultimate"] - payload["total"]["latest"])
    assert 0.5 < elr < 1.5


def test_clark_tail_on_half_year_data_is_refused_in_words(half_year_csv, capsys):
    code = main(["estimate", str(half_year_csv), "--measure", "paid", "--method", "chainladder", "--tail", "clark"])
    assert code == 2
    message = capsys.readouterr().err
    assert "clark tail cannot be fitted to half-year development ages" in message
    assert "cannot convert" not in message


def test_clark_on_annual_data_is_unchanged_by_reading_the_curve_directly():
    # reading the curve directly gives the same as TailClark; both are Clark's maximum-likelihood fit,
    # 271,993.64 (fitted independently in test_methods_published), to the optimiser's 1e-4 relative
    result = run_method("clark", raa_inputs(), SegmentAssumptions())
    assert result.total["ultimate"] == pytest.approx(271993.64, rel=1e-4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        developed = cl.ClarkLDF().fit_transform(sample("raa"))
        tailed = cl.TailClark().fit_transform(developed)
        ultimate = float(cl.Chainladder().fit(tailed).ultimate_.sum())
    assert result.total["ultimate"] == pytest.approx(ultimate, rel=1e-9)


# --- assumption files and n_periods --------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "field"),
    [
        ({"development": {"overrides": [["12-24", 1.1]]}}, "DevelopmentAssumptions.overrides"),
        ({"development": {"overrides": [[12]]}}, "DevelopmentAssumptions.overrides"),
        ({"development": {"excluded_cells": [["2019", "twelve"]]}}, "DevelopmentAssumptions.excluded_cells"),
        ({"development": {"excluded_valuations": "2023-12-31"}}, "DevelopmentAssumptions.excluded_valuations"),
        ({"loss_ratio": {"by_origin": [["2019", "high"]]}}, "LossRatioAssumptions.by_origin"),
        ({"options": {"cape_cod_decay": "half"}}, "MethodOptions.cape_cod_decay"),
        ({"selection": {"by_origin": [["2019", [["bf", "most"]]]]}}, "Selection.by_origin"),
    ],
)
def test_malformed_assumption_files_name_the_field(document, field):
    with pytest.raises(AssumptionError, match=field.replace(".", r"\.")):
        SegmentAssumptions.loads(json.dumps(document))


def test_override_age_written_as_a_range_is_quoted_back():
    with pytest.raises(AssumptionError, match=r"age in months, factor\] pairs.*got \[\['12-24', 1.1\]\]"):
        SegmentAssumptions.loads('{"development": {"overrides": [["12-24", 1.1]]}}')


def test_n_periods_beyond_the_triangle_is_all_periods(capsys):
    assert DevelopmentAssumptions(n_periods=500).n_periods == 500  # kept as given
    every = run_method("chainladder", raa_inputs(), SegmentAssumptions())
    many = run_method(
        "chainladder", raa_inputs(), SegmentAssumptions(development=DevelopmentAssumptions(n_periods=500))
    )
    np.testing.assert_allclose(col(many, "ultimate"), col(every, "ultimate"), rtol=1e-12)
    assert main(["estimate", "sample:raa", "--method", "chainladder", "--n-periods", "500"]) == 0
    payload = json.loads(capsys.readouterr().out)
    # the valuation results schema (reserving.valuation.schema) of estimate's output
    assert set(payload) == {
        "schema_version",
        "aggregate",
        "segment",
        "measure",
        "method",
        "methods",
        "assumptions",
        "origins",
        "results",
        "failed",
        "warnings",
        "total",
    }
    assert payload["assumptions"]["development"]["n_periods"] == 500
    assert payload["total"]["ultimate"] == pytest.approx(every.total["ultimate"], rel=1e-12)
