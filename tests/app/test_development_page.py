"""Development page: averages, exclusions, diagonals and typed factors checked by hand; the chart; the compact grid."""

from __future__ import annotations

import base64
import json
from types import SimpleNamespace

import numpy as np
import pytest
from streamlit import dataframe_util

from tests.app.conftest import choose_dataset, table

# RAA (Mack 1994): the first two ages of every origin, to hand-check the 12-24 factor.
RAA_12 = [5012, 106, 3410, 5655, 1092, 1513, 557, 1351, 3133]
RAA_24 = [8269, 4285, 8992, 11555, 9565, 6445, 4020, 6947, 5395]


@pytest.fixture
def dev(app):
    app.switch_page("app_pages/development.py").run()
    assert not app.exception
    return app


def _methods_ibnr(at, label: str = "Chain ladder (incurred)") -> float:
    at.switch_page("app_pages/methods.py").run()
    assert not at.exception
    return float(table(at, "meth_totals").loc[label, "ibnr"])


def test_volume_then_simple_average(dev):
    factors = table(dev, "dev_factors")
    assert factors.loc["Selected", "12-24"] == pytest.approx(sum(RAA_24) / sum(RAA_12))
    assert factors.loc["CDF", "12-24"] == pytest.approx(np.prod(factors.loc["Selected"].drop("tail").to_numpy()))
    assert factors.loc["Selected", "tail"] == 1.0
    dev.selectbox(key="dev_average").set_value("simple").run()
    factors = table(dev, "dev_factors")
    simple = np.mean([b / a for a, b in zip(RAA_12, RAA_24, strict=True)])
    assert factors.loc["Selected", "12-24"] == pytest.approx(simple)
    assert factors.loc["Selected", "12-24"] == pytest.approx(factors.loc["Simple all", "12-24"])
    # The Methods page follows the new average: chain ladder with simple averages, from the engine.
    from reserving import samples
    from reserving.assumptions import DevelopmentAssumptions, SegmentAssumptions
    from reserving.methods import MethodInputs, run_method

    inputs = MethodInputs.from_dataset(samples.get_sample("raa"), "incurred", ())
    engine = run_method(
        "chainladder", inputs, SegmentAssumptions("incurred", DevelopmentAssumptions(average="simple"))
    ).total["ibnr"]
    assert engine != pytest.approx(52135.23, abs=1)
    assert _methods_ibnr(dev) == pytest.approx(engine)
    # The choice survives the page change.
    dev.switch_page("app_pages/development.py").run()
    assert dev.selectbox(key="dev_average").value == "simple"


def test_clicking_a_link_ratio_leaves_it_out_and_the_list_brings_it_back(dev):
    dev.session_state["dev_grid_0"] = {"selection": {"rows": [], "columns": [], "cells": [[0, "12-24"]]}}
    dev.run()
    assert not dev.exception
    assert dev.multiselect(key="dev_excluded_cells").value == ["1981 @ 12"]
    factors = table(dev, "dev_factors")
    assert factors.loc["Selected", "12-24"] == pytest.approx(sum(RAA_24[1:]) / sum(RAA_12[1:]))
    assert _methods_ibnr(dev) != pytest.approx(52135.23, abs=1)
    dev.switch_page("app_pages/development.py").run()
    dev.multiselect(key="dev_excluded_cells").set_value([]).run()
    factors = table(dev, "dev_factors")
    assert factors.loc["Selected", "12-24"] == pytest.approx(sum(RAA_24) / sum(RAA_12))


def test_excluding_a_diagonal(dev):
    # The 1990 diagonal holds the 12-24 ratio of 1989 (and one ratio of every older origin).
    dev.multiselect(key="dev_excluded_valuations").set_value(["1990-12-31"]).run()
    factors = table(dev, "dev_factors")
    assert factors.loc["Selected", "12-24"] == pytest.approx(sum(RAA_24[:-1]) / sum(RAA_12[:-1]))


def test_typed_factor_replaces_the_average(dev):
    dev.session_state["dev_overrides"] = {"edited_rows": {0: {"24-36": 1.7}}, "added_rows": [], "deleted_rows": []}
    dev.run()
    assert not dev.exception
    factors = table(dev, "dev_factors")
    assert factors.loc["Selected", "24-36"] == pytest.approx(1.7)
    assert factors.loc["Volume all", "24-36"] == pytest.approx(1.6235, abs=1e-4)
    assert factors.loc["CDF", "24-36"] == pytest.approx(np.prod(factors.loc["Selected", "24-36":"108-120"].to_numpy()))
    assert _methods_ibnr(dev) > 52135.23  # a larger 24-36 factor raises every open origin's ultimate


def _chart(at) -> dict:
    """The Development chart's figure, read back from the spec the page sends to the browser."""
    return json.loads(at.get_by_key("dev_chart").proto.spec)


def _values(field) -> list:
    """A trace's array: plotly sends numbers as base64 ``{"bdata", "dtype"}``, other arrays as lists."""
    if isinstance(field, dict) and "bdata" in field:
        return np.frombuffer(base64.b64decode(field["bdata"]), dtype=field["dtype"]).tolist()
    return list(field)


def _trace(figure: dict, name: str) -> SimpleNamespace:
    trace = next(trace for trace in figure["data"] if trace["name"] == name)
    return SimpleNamespace(**{key: _values(trace.get(key, [])) for key in ("x", "y", "customdata")})


def _shown_grid(at):
    """Display text of the link-ratio grid (the Styler's), as the browser draws it."""
    grid = at.get_by_key("table_dev_link_ratios").dataframe[0]
    return dataframe_util.convert_arrow_bytes_to_pandas_df(grid.proto.arrow_data.styler.display_values)


def test_the_chart_marks_a_clicked_ratio_left_out_and_strikes_it_in_the_grid(dev):
    figure = _chart(dev)
    names = [trace["name"] for trace in figure["data"]]
    assert names == [
        "Link ratios",
        "Left out",
        "Volume-weighted, all periods",
        "Simple, all periods",
        "Your average: volume-weighted, all periods",
        "Selected factor",
    ]
    assert len(_trace(figure, "Link ratios").x) == 45  # every RAA link ratio, none left out yet
    assert _trace(figure, "Selected factor").y[0] == pytest.approx(sum(RAA_24) / sum(RAA_12))
    dev.session_state["dev_grid_0"] = {"selection": {"rows": [], "columns": [], "cells": [[1, "12-24"]]}}
    dev.run()
    assert not dev.exception
    figure = _chart(dev)
    left_out = _trace(figure, "Left out")
    assert [list(cell) for cell in left_out.customdata] == [["1982", "12-24"]]
    assert list(left_out.y) == [pytest.approx(4285 / 106)]
    assert len(_trace(figure, "Link ratios").x) == 44
    without = sum(RAA_24) - 4285, sum(RAA_12) - 106  # 61,188 / 21,723
    assert _trace(figure, "Selected factor").y[0] == pytest.approx(without[0] / without[1])
    assert _trace(figure, "Volume-weighted, all periods").y[0] == pytest.approx(2.816738, abs=1e-6)
    # The grid really strikes the ratio through (the caption says so), and only that one.
    shown = _shown_grid(dev)
    assert shown.iloc[1, 0] == "".join(char + "\u0336" for char in "40.4245")
    assert shown.iloc[0, 0] == "1.6498"
    assert sum("\u0336" in str(cell) for cell in shown.to_numpy().ravel()) == 1


def test_clicking_the_origin_column_leaves_nothing_out(dev):
    dev.session_state["dev_grid_0"] = {"selection": {"rows": [], "columns": [], "cells": [[1, "_index"]]}}
    dev.run()
    assert not dev.exception
    assert dev.multiselect(key="dev_excluded_cells").value == []


def test_a_large_triangle_starts_compact_with_every_row(dev):
    assert dev.toggle(key="dev_compact_small").value is False  # RAA: 10 ages
    choose_dataset(dev, "sample:china")
    assert dev.toggle(key="dev_compact_large").value is True
    dev.get_by_key("compact_dev_link_ratios")
    dev.get_by_key("compact_dev_factors")
    dev.get_by_key("dev_chart")
    grid = dev.get_by_key("table_dev_link_ratios").dataframe[0]
    assert grid.value.shape == (23, 23)  # 2019Q1-2024Q3 by links 3-6 to 69-72
    shown = _shown_grid(dev)
    assert shown.iloc[0, 0] == "1.736"  # 6,100.73 / 3,514.14 to 3 decimals
    factors = table(dev, "dev_factors")
    assert factors.shape[1] == 24  # 23 links and the tail
    dev.toggle(key="dev_compact_large").set_value(False).run()
    assert _shown_grid(dev).iloc[0, 0] == "1.7361"


def test_all_segments_says_how_it_is_valued_and_that_a_choice_applies_to_every_segment(app):
    """A factor left out or typed under All segments applies to each segment: the page says so, with the count."""
    choose_dataset(app, "sample:china")
    app.switch_page("app_pages/development.py").run()
    assert not app.exception
    captions = " ".join(c.value for c in app.caption)
    assert "the sum of 9 segments" in captions and "applies to 9 segments" in captions


def test_the_link_ratio_grid_offers_its_csv_download(dev):
    assert dev.get_by_key("dev_link_ratios_csv") is not None  # one download helper for every table keeps this key
