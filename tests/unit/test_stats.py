"""Triangle statistics: hand-computed small triangles, RAA published factors, chainladder parity."""

from __future__ import annotations

import math
import warnings

import chainladder as cl
import numpy as np
import pandas as pd
import pytest

from reserving import stats
from reserving.dataset import Dataset, build_triangle
from reserving.errors import InputError
from reserving.grains import valuation_at_age
from reserving.samples import get_sample

# Accident years 2019-2023 at ages 12..60, cumulative.
ROWS = {
    2019: [100, 200, 220, 231, 231],
    2020: [100, 150, 165, 170],
    2021: [110, 176, 193.6],
    2022: [120, 168],
    2023: [130],
}


def _cells(rows: dict[int, list[float]], name: str = "paid") -> pd.DataFrame:
    records = []
    for year, values in rows.items():
        origin = pd.Timestamp(f"{year}-01-01")
        for k, value in enumerate(values, start=1):
            records.append({"origin": origin, "valuation": valuation_at_age(origin, 12 * k), name: float(value)})
    return pd.DataFrame(records)


@pytest.fixture(scope="module")
def small():
    return build_triangle(_cells(ROWS), ["paid"])


@pytest.fixture(scope="module")
def raa():
    return get_sample("raa").triangle("incurred")


def test_cumulative_and_incremental_grids(small):
    cum = stats.cumulative_grid(small, "Y")
    assert list(cum.index) == ["2019", "2020", "2021", "2022", "2023"]
    assert list(cum.columns) == [12, 24, 36, 48, 60]
    assert cum.loc["2021", 36] == pytest.approx(193.6)
    assert math.isnan(cum.loc["2023", 24])
    inc = stats.incremental_grid(small, "Y")
    np.testing.assert_allclose(inc.loc["2019"].to_numpy(), [100, 100, 20, 11, 0])
    np.testing.assert_allclose(inc.loc["2021"].dropna().to_numpy(), [110, 66, 17.6])
    assert inc.loc["2023", 12] == 130


def test_link_ratio_grid(small):
    ratios = stats.link_ratio_grid(small, "Y")
    assert list(ratios.columns) == ["12-24", "24-36", "36-48", "48-60"]
    assert list(ratios.index) == ["2019", "2020", "2021", "2022"]  # 2023 has no factor yet
    np.testing.assert_allclose(ratios["12-24"].to_numpy(), [2.0, 1.5, 1.6, 1.4])
    assert ratios.loc["2020", "36-48"] == pytest.approx(170 / 165)
    assert ratios.loc["2019", "48-60"] == 1.0
    assert math.isnan(ratios.loc["2021", "36-48"])


def test_average_factors_by_hand(small):
    avg = stats.average_factors(small, "Y")
    assert list(avg.index) == [
        "Volume all",
        "Volume 5",
        "Volume 3",
        "Simple all",
        "Simple 5",
        "Simple 3",
        "Geometric all",
        "Geometric 5",
        "Geometric 3",
        "Simple ex hi/lo",
    ]
    col = avg["12-24"]
    assert col["Volume all"] == pytest.approx(694 / 430)
    assert col["Volume 5"] == pytest.approx(694 / 430)  # only four factors exist
    assert col["Volume 3"] == pytest.approx(494 / 330)  # the latest three origins
    assert col["Simple all"] == pytest.approx(6.5 / 4)
    assert col["Simple 3"] == pytest.approx(4.5 / 3)
    assert col["Geometric all"] == pytest.approx((2 * 1.5 * 1.6 * 1.4) ** 0.25)
    assert col["Geometric 3"] == pytest.approx((1.5 * 1.6 * 1.4) ** (1 / 3))
    assert col["Simple ex hi/lo"] == pytest.approx((1.5 + 1.6) / 2)
    assert avg.loc["Volume all", "24-36"] == pytest.approx(1.1)
    assert avg.loc["Simple ex hi/lo", "24-36"] == pytest.approx(1.1)
    assert avg.loc["Volume all", "36-48"] == pytest.approx(401 / 385)
    assert math.isnan(avg.loc["Simple ex hi/lo", "36-48"])  # two factors: nothing left to average
    assert avg.loc["Geometric all", "48-60"] == pytest.approx(1.0)


def test_raa_volume_factors_match_the_published_values(raa):
    avg = stats.average_factors(raa, "Y")
    published = [2.9994, 1.6235, 1.2709, 1.1717, 1.1134, 1.0419, 1.0333, 1.0169, 1.0092]
    np.testing.assert_allclose(avg.loc["Volume all"].to_numpy(), published, atol=5e-5)
    assert list(avg.columns) == ["12-24", "24-36", "36-48", "48-60", "60-72", "72-84", "84-96", "96-108", "108-120"]


@pytest.mark.parametrize("average", ["volume", "simple", "geometric"])
@pytest.mark.parametrize("n_periods", [-1, 5, 3])
def test_averages_match_chainladder(raa, average, n_periods):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = cl.Development(average=average, n_periods=n_periods).fit(raa).ldf_.values[0, 0, 0]
    row = f"{average.capitalize()} {'all' if n_periods == -1 else n_periods}"
    np.testing.assert_allclose(stats.average_factors(raa, "Y").loc[row].to_numpy(), expected, rtol=1e-12)


def test_excluding_high_and_low_matches_chainladder(raa):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = cl.Development(average="simple", drop_high=1, drop_low=1).fit(raa).ldf_.values[0, 0, 0]
    ours = stats.average_factors(raa, "Y").loc["Simple ex hi/lo"].to_numpy()
    # Where fewer than three factors exist we report nothing; chainladder keeps what it can.
    np.testing.assert_allclose(ours[:7], expected[:7], rtol=1e-12)
    assert np.isnan(ours[7:]).all()


def test_calendar_diagonals_by_hand(small):
    diag = stats.calendar_diagonals(small, "Y")
    assert list(diag.index) == ["2019", "2020", "2021", "2022", "2023"]
    assert list(diag.columns) == ["2019", "2020", "2021", "2022", "2023", "total"]
    np.testing.assert_allclose(diag["total"].to_numpy(), [100, 200, 180, 212, 200.6])
    assert diag.loc["2022", "2021"] == pytest.approx(66)
    assert math.isnan(diag.loc["2019", "2020"])
    # Every increment lands on one diagonal, so the totals add up to the latest diagonal.
    assert diag["total"].sum() == pytest.approx(231 + 170 + 193.6 + 168 + 130)


def test_calendar_diagonals_quarterly_development():
    tri = get_sample("quarterly").triangle("paid")
    diag = stats.calendar_diagonals(tri, "Y")
    assert diag.index[0] == "1995Q1" and diag.index[-1] == "2006Q1"
    assert diag.loc["1995Q1", "1995"] == 3.0
    latest = float(np.nansum(tri.latest_diagonal.values))
    assert diag["total"].sum() == pytest.approx(latest)


def test_development_curves(small):
    curves = stats.development_curves(small, "Y")
    assert list(curves.columns) == ["origin", "age", "value", "incremental", "pct_of_latest"]
    assert len(curves) == 15  # only observed cells
    row = curves[(curves["origin"] == "2020") & (curves["age"] == 12)].iloc[0]
    assert (row["value"], row["incremental"]) == (100, 100)
    assert row["pct_of_latest"] == pytest.approx(100 / 170)
    last = curves[curves["origin"] == "2021"].iloc[-1]
    assert last["pct_of_latest"] == 1.0 and last["age"] == 36


def test_statistics_need_a_single_triangle():
    cells = _cells(ROWS)
    cells["incurred"] = cells["paid"] * 2
    with pytest.raises(InputError, match="single triangle"):
        stats.cumulative_grid(build_triangle(cells, ["paid", "incurred"]), "Y")


def _ratio_dataset(with_case: bool = False, with_counts: bool = True) -> Dataset:
    grids = {
        "paid": {2021: [40, 70, 90], 2022: [50, 80], 2023: [60]},
        "incurred": {2021: [100, 110, 100], 2022: [120, 125], 2023: [130]},
        "reported_count": {2021: [10, 12, 12], 2022: [11, 13], 2023: [14]},
        "closed_count": {2021: [4, 9, 12], 2022: [5, 10], 2023: [6]},
        "case_reserve": {2021: [50, 40, 10], 2022: [70, 45], 2023: [70]},
    }
    measures = ["paid", "incurred"]
    if with_counts:
        measures += ["reported_count", "closed_count"]
    if with_case:
        measures.append("case_reserve")
    frame = _cells(grids["paid"])
    for m in measures[1:]:
        frame[m] = _cells(grids[m], m)[m]
    return Dataset("ratios", frame, (), tuple(measures), "Y", "Y")


def test_ratio_grids_by_hand():
    ratios = stats.ratio_grids(_ratio_dataset())
    assert set(ratios) == {
        "paid_to_incurred",
        "average_case_reserve",
        "average_paid",
        "closure_rate",
        "average_incurred",
    }
    assert ratios["paid_to_incurred"].loc["2021", 12] == pytest.approx(0.4)
    assert ratios["paid_to_incurred"].loc["2022", 24] == pytest.approx(80 / 125)
    # case = incurred - paid; open = reported - closed.
    assert ratios["average_case_reserve"].loc["2021", 12] == pytest.approx(60 / 6)
    assert ratios["average_case_reserve"].loc["2022", 24] == pytest.approx(45 / 3)
    assert math.isnan(ratios["average_case_reserve"].loc["2021", 36])  # no open claims
    assert ratios["average_paid"].loc["2021", 12] == pytest.approx(10)
    assert ratios["closure_rate"].loc["2021", 24] == pytest.approx(0.75)
    assert ratios["average_incurred"].loc["2022", 24] == pytest.approx(125 / 13)
    assert math.isnan(ratios["closure_rate"].loc["2023", 24])


def test_ratio_grids_use_a_given_case_reserve_and_skip_what_the_data_lacks():
    with_case = stats.ratio_grids(_ratio_dataset(with_case=True))
    assert with_case["average_case_reserve"].loc["2021", 12] == pytest.approx(50 / 6)
    only_amounts = stats.ratio_grids(_ratio_dataset(with_counts=False))
    assert set(only_amounts) == {"paid_to_incurred"}
    assert stats.ratio_grids(get_sample("raa")) == {}


def test_ratio_grids_on_a_segment_of_the_china_sample():
    china = get_sample("china")
    segment = {"branch": "北京", "line": "车险"}
    ratios = stats.ratio_grids(china, segment)
    rows = china.rows(segment)
    cell = rows[(rows["origin"] == pd.Timestamp("2019-01-01")) & (rows["valuation"] == pd.Timestamp("2019-03-31"))]
    cell = cell.iloc[0]
    assert ratios["closure_rate"].loc["2019Q1", 3] == pytest.approx(cell["closed_count"] / cell["reported_count"])
    open_count = cell["reported_count"] - cell["closed_count"]
    assert ratios["average_case_reserve"].loc["2019Q1", 3] == pytest.approx(cell["case_reserve"] / open_count)


def test_averages_leave_out_excluded_link_ratios_like_chainladder() -> None:
    """Excluding RAA 1982 @ 12 (a 40x ratio) moves every 12-24 average; other columns do not move."""
    import chainladder as cl

    from reserving.stats import average_factors

    raa = cl.load_sample("raa")
    plain = average_factors(raa, "Y")
    without = average_factors(raa, "Y", excluded=[("1982", 12)])
    # By hand: volume = (65,473 - 4,285) / (21,829 - 106) over origins 1981-1989 at 12 -> 24.
    assert without.loc["Volume all", "12-24"] == pytest.approx(61188 / 21723)
    assert without.loc["Volume all", "12-24"] == pytest.approx(
        float(cl.Development(drop=("1982", 12)).fit(raa).ldf_.values[0, 0, 0, 0])
    )
    assert without.loc["Simple all", "12-24"] < plain.loc["Simple all", "12-24"]
    pd.testing.assert_series_equal(without["24-36"], plain["24-36"])
