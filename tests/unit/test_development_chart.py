"""The Development page's chart and grid as plain functions, on RAA (Mack 1993) with ratios left out.

The figures are checked by hand (RAA's first two ages) and against bare chainladder, not
against the code that builds them: left-out points, the averages through the rest, and the
selected factor that the engine uses.
"""

from __future__ import annotations

import warnings
from dataclasses import replace

import chainladder as cl
import numpy as np
import pandas as pd
import pytest

from components.analysis.assumption_editors import STRIKE, struck, styled_link_ratios
from components.analysis.development_chart import ChartText, chart_points, development_chart
from components.analysis.method_views import excluded_mask, factor_view, link_valuations
from reserving import samples, stats
from reserving.assumptions import DevelopmentAssumptions, TailAssumptions
from reserving.methods import MethodInputs

# RAA: the first two ages of origins 1981-1989, to hand-check the 12-24 averages.
RAA_12 = [5012, 106, 3410, 5655, 1092, 1513, 557, 1351, 3133]
RAA_24 = [8269, 4285, 8992, 11555, 9565, 6445, 4020, 6947, 5395]
TEXT = ChartText(kept="Kept", left_out="Left out", selected="Selected")


@pytest.fixture(scope="module")
def raa():
    dataset = samples.get_sample("raa")
    tri = dataset.triangle("incurred", ())
    ratios = stats.link_ratio_grid(tri, dataset.origin_grain)
    return dataset, tri, ratios


def _figure(raa, development: DevelopmentAssumptions):
    dataset, tri, ratios = raa
    valuations = link_valuations(ratios, dataset.origin_grain)
    mask = excluded_mask(ratios, development, valuations)
    left_out = [cell for cell, out in _cells(ratios, mask) if out]
    averages = stats.average_factors(tri, dataset.origin_grain, excluded=left_out)
    inputs = MethodInputs.from_dataset(dataset, "incurred", ())
    view = factor_view(inputs, development, TailAssumptions(), "loglogistic")
    chosen = factor_view(inputs, replace(development, overrides=()), TailAssumptions(), "loglogistic")
    lines = {
        "Volume": averages.loc["Volume all"],
        "Simple": averages.loc["Simple all"],
        "Chosen": chosen.factors["observed"],
    }
    return development_chart(ratios, mask, lines, view.factors["selected"], TEXT), mask


def _cells(ratios: pd.DataFrame, mask: pd.DataFrame):
    for origin in ratios.index:
        for link in ratios.columns:
            if pd.notna(ratios.at[origin, link]):
                yield (str(origin), int(str(link).split("-")[0])), bool(mask.at[origin, link])


def _trace(fig, name: str):
    return next(trace for trace in fig.data if trace.name == name)


def test_one_point_per_ratio_and_the_left_out_ones_marked_apart(raa):
    development = DevelopmentAssumptions(excluded_cells=(("1982", 12),), excluded_valuations=("1990-12-31",))
    fig, _mask = _figure(raa, development)
    assert [trace.name for trace in fig.data] == ["Kept", "Left out", "Volume", "Simple", "Chosen", "Selected"]
    kept, dropped = _trace(fig, "Kept"), _trace(fig, "Left out")
    # RAA has 45 link ratios; left out: 1982's 12-24 (4,285 / 106 = 40.42) and the 9 on the 1990 diagonal.
    assert len(kept.x) + len(dropped.x) == 45
    out = {(origin, link) for origin, link in dropped.customdata}
    diagonal = {(str(1981 + k), f"{12 * (9 - k)}-{12 * (10 - k)}") for k in range(9)}
    assert out == {("1982", "12-24")} | diagonal
    assert dict(zip(map(tuple, dropped.customdata), dropped.y, strict=True))[("1982", "12-24")] == pytest.approx(
        4285 / 106
    )
    assert ("1982", "12-24") not in {tuple(cell) for cell in kept.customdata}
    # Left out is drawn as crosses in its own colour, never as the kept points are.
    assert "x" in dropped.marker.symbol
    assert dropped.marker.color != kept.marker.color
    # x is the age developed from (108-120 has one ratio, 1981's, on the 1990 diagonal); the hover names the origin.
    assert sorted(set(kept.x)) == [12, 24, 36, 48, 60, 72, 84, 96]
    assert list(dropped.x).count(108) == 1
    assert "customdata[0]" in kept.hovertemplate
    assert list(fig.layout.xaxis.ticktext) == [f"{12 * k}-{12 * (k + 1)}" for k in range(1, 10)]


def test_average_lines_are_the_hand_averages_without_the_left_out_ratio(raa):
    fig, _ = _figure(raa, DevelopmentAssumptions(excluded_cells=(("1982", 12),)))
    keep = [i for i in range(9) if i != 1]
    volume = sum(RAA_24[i] for i in keep) / sum(RAA_12[i] for i in keep)
    simple = np.mean([RAA_24[i] / RAA_12[i] for i in keep])
    assert volume == pytest.approx(2.816738, abs=1e-6)  # 61,188 / 21,723
    assert _trace(fig, "Volume").y[0] == pytest.approx(volume)
    assert _trace(fig, "Simple").y[0] == pytest.approx(simple)
    assert _trace(fig, "Chosen").y[0] == pytest.approx(volume)  # the default average is volume-weighted
    assert list(_trace(fig, "Selected").x) == [12, 24, 36, 48, 60, 72, 84, 96, 108]


def test_selected_factors_are_chainladders_on_raa(raa):
    """The marked line holds the factors the engine uses: bare chainladder's with the same ratio dropped."""
    fig, _ = _figure(raa, DevelopmentAssumptions(excluded_cells=(("1982", 12),)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bare = cl.Development(drop=("1982", 12)).fit(cl.load_sample("raa"))
    expected = np.asarray(bare.ldf_.values, dtype=float)[0, 0, 0]
    assert np.asarray(_trace(fig, "Selected").y, dtype=float) == pytest.approx(expected, rel=1e-9)
    # Without exclusions: Mack's published volume-weighted factors (1993, table 1), 12-24 to 48-60.
    fig, _ = _figure(raa, DevelopmentAssumptions())
    assert list(_trace(fig, "Selected").y[:4]) == pytest.approx([2.999, 1.624, 1.271, 1.172], abs=5e-4)


def test_a_typed_factor_moves_the_selected_line_and_not_the_averages(raa):
    fig, _ = _figure(raa, DevelopmentAssumptions(overrides=((24, 1.7),)))
    assert _trace(fig, "Selected").y[1] == pytest.approx(1.7)
    assert _trace(fig, "Chosen").y[1] == pytest.approx(1.6235, abs=1e-4)  # RAA's volume-weighted 24-36
    assert _trace(fig, "Volume").y[1] == pytest.approx(1.6235, abs=1e-4)


def test_points_skip_empty_and_infinite_ratios():
    ratios = pd.DataFrame(
        [[1.5, 1.1], [np.inf, np.nan]], index=pd.Index(["2020", "2021"], name="origin"), columns=["12-24", "24-36"]
    )
    mask = pd.DataFrame([[False, True], [False, False]], index=ratios.index, columns=ratios.columns)
    points = chart_points(ratios, mask)
    assert points[["origin", "link", "age", "excluded"]].to_numpy().tolist() == [
        ["2020", "12-24", 12, False],
        ["2020", "24-36", 24, True],
    ]


def _shown(styled) -> dict[str, list[str]]:
    """Display text of a styled grid by origin (what the page's grid draws)."""
    lines = styled.to_string(delimiter="|").splitlines()
    return {line.split("|")[0]: line.split("|")[1:] for line in lines if line.split("|")[0][:2] == "19"}


def test_the_grid_strikes_left_out_ratios_through(raa):
    dataset, _tri, ratios = raa
    development = DevelopmentAssumptions(excluded_cells=(("1982", 12),))
    mask = excluded_mask(ratios, development, link_valuations(ratios, dataset.origin_grain))
    rows = _shown(styled_link_ratios(ratios, mask))
    assert rows["1982"][0] == struck("40.4245") == "4\u03360\u0336.\u03364\u03362\u03364\u03365\u0336"
    assert rows["1982"][0].replace(STRIKE, "") == "40.4245"
    assert rows["1981"][0] == "1.6498"  # 8,269 / 5,012, kept: no strike
    assert sum(STRIKE in cell for cells in rows.values() for cell in cells) == 1
    compact = _shown(styled_link_ratios(ratios, mask, decimals=3))
    assert compact["1981"][0] == "1.650"
    assert compact["1982"][0] == struck("40.425")
