"""Development page: averages, clicked and listed exclusions, diagonals and typed factors, checked by hand."""

from __future__ import annotations

import numpy as np
import pytest

from tests.app.conftest import table

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
