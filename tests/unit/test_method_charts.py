"""Chart builders and table builders of the analysis pages, as plain functions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from components.analysis.method_charts import ibnr_histogram, methods_chart, tail_factors_chart
from components.analysis.method_views import (
    BLEND,
    overrides_from_row,
    overrides_row,
    selection_frame,
    selection_from_frame,
    weight_column,
)
from reserving.assumptions import DevelopmentAssumptions, Selection


def test_tail_chart_draws_observed_and_fitted_with_the_tail_beyond():
    factors = pd.DataFrame(
        {"observed": [2.0, 1.2], "selected": [2.0, 1.1]}, index=pd.Index(["12-24", "24-36"], name="link")
    )
    tail = pd.DataFrame({"selected": [1.03, 1.02]}, index=pd.Index(["36-48", "48-60"], name="link"))
    fig = tail_factors_chart(factors, tail, observed_name="obs", fitted_name="fit")
    observed, fitted = fig.data
    assert (observed.name, fitted.name) == ("obs", "fit")
    assert list(observed.x) == ["12-24", "24-36"]
    assert list(fitted.x) == ["12-24", "24-36", "36-48", "48-60"]
    assert list(fitted.y) == [2.0, 1.1, 1.03, 1.02]


def test_methods_chart_has_one_trace_per_method_and_the_selection_last():
    rows = pd.DataFrame(
        {"origin": ["2001", "2002"] * 2, "method": ["CL", "CL", "BF", "BF"], "ultimate": [10.0, 20.0, 11.0, 19.0]}
    )
    fig = methods_chart(rows, pd.Series([10.5, 19.5], index=["2001", "2002"]), selected_name="Sel")
    assert [trace.name for trace in fig.data] == ["CL", "BF", "Sel"]
    assert list(fig.data[1].y) == [11.0, 19.0]
    assert list(fig.data[2].y) == [10.5, 19.5]


def test_histogram_marks_each_percentile():
    sims = np.arange(1000, dtype=float)
    fig = ibnr_histogram(sims, {"50": 499.5, "99.5": 994.0})
    assert len(fig.data[0].x) == 1000
    lines = [shape.x0 for shape in fig.layout.shapes]
    assert lines == [499.5, 994.0]
    assert [a.text for a in fig.layout.annotations] == ["P50", "P99.5"]


def test_override_row_round_trip():
    dev = DevelopmentAssumptions(overrides=((24, 1.7),))
    row = overrides_row(["12-24", "24-36", "36-48"], dev)
    assert np.isnan(row.loc["override", "12-24"])
    assert row.loc["override", "24-36"] == 1.7
    row.loc["override", "36-48"] = 1.05
    assert overrides_from_row(row) == ((24, 1.7), (36, 1.05))


def test_selection_frame_round_trip_with_a_blend():
    labels = {"chainladder": "Chain ladder (paid)", "bf": "Bornhuetter-Ferguson"}
    selection = Selection(
        by_origin=(("2001", (("bf", 1.0),), "old year"), ("2002", (("chainladder", 1.0), ("bf", 3.0)), "mix"))
    )
    frame = selection_frame(selection, ["2001", "2002", "2003"], labels)
    assert frame.loc["2001", "method"] == "Bornhuetter-Ferguson"
    assert frame.loc["2002", "method"] == BLEND
    assert frame.loc["2002", weight_column("Bornhuetter-Ferguson")] == 0.75  # shown normalised
    assert frame.loc["2003", "method"] == "Chain ladder (paid)"
    back = selection_from_frame(frame, labels, "chainladder")
    assert back.weights_for("2002") == ((("chainladder", 0.25), ("bf", 0.75)), "mix")
    assert back.weights_for("2001") == ((("bf", 1.0),), "old year")
    with pytest.raises(ValueError, match="weights"):
        frame.loc["2003", "method"] = BLEND
        selection_from_frame(frame, labels, "chainladder")


def test_chart_axes_use_the_formats_of_their_kind():
    factors = pd.DataFrame({"observed": [2.0], "selected": [2.0]}, index=pd.Index(["12-24"], name="link"))
    tail = pd.DataFrame({"selected": []}, index=pd.Index([], name="link"))
    assert tail_factors_chart(factors, tail).layout.yaxis.tickformat == ".3f"
    assert "%{y:.4f}" in tail_factors_chart(factors, tail).data[0].hovertemplate  # factors: 4 decimals
    rows = pd.DataFrame({"origin": ["2001"], "method": ["CL"], "ultimate": [5_511_912.459]})
    assert methods_chart(rows).layout.yaxis.tickformat == ",.0f"
    hist = ibnr_histogram(np.arange(10, dtype=float), {})
    assert hist.layout.xaxis.tickformat == ",.0f" and hist.layout.yaxis.tickformat == ",d"
