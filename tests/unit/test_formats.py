"""One number format per kind: the formatter on hand values, and every view table's columns have a kind."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from components.analysis import method_views
from components.core.tables import AMOUNT, FACTOR, RATIO, column_kind, column_kinds, grid_values
from components.retro import retro_views
from reserving import formats
from reserving.assumptions import DevelopmentAssumptions, LossRatioAssumptions, SegmentAssumptions, TailAssumptions
from reserving.methods import run_method
from tests.unit.methods_helpers import xyz_inputs


@pytest.mark.parametrize(
    ("value", "kind", "text"),
    [
        (5_511_912.459, formats.AMOUNT, "5,511,912"),
        (498_299_000.0, formats.AMOUNT, "498,299,000"),
        (-0.3, formats.AMOUNT, "0"),  # rounds to nothing: no "-0"
        (-18_882.5, formats.AMOUNT, "-18,882"),  # Python rounds half to even
        (0.772, formats.RATIO, "77.2%"),
        (0.79197, formats.RATIO, "79.2%"),
        (-0.0426, formats.RATIO, "-4.3%"),
        (0.3732, formats.RATIO, "37.3%"),
        (79.197, formats.PERCENT, "79.2%"),
        (1.0092171, formats.FACTOR, "1.0092"),
        (8.920234, formats.FACTOR, "8.9202"),
        (1234.0, formats.COUNT, "1,234"),
        (120, formats.COUNT, "120"),
    ],
)
def test_each_kind_on_hand_values(value: float, kind: formats.Kind, text: str) -> None:
    assert formats.format_number(value, kind) == text


@pytest.mark.parametrize("missing", [None, math.nan, math.inf, "", "n/a", True])
def test_missing_or_non_numbers_read_as_a_dash(missing: object) -> None:
    for kind in formats.KINDS:
        assert formats.format_number(missing, kind) == "—"
    assert formats.format_number(missing, None) == "—"  # a figure of no kind (format_plain) too


def test_plain_numbers_never_use_scientific_notation() -> None:
    assert formats.format_plain(4.98299e08) == "498,299,000"
    assert formats.format_plain(1.5e-05) == "0"  # below four decimals, still no e-05
    assert formats.format_plain(0.125) == "0.125"
    assert formats.format_plain(3) == "3"
    assert "e" not in formats.format_plain(1e20)


def test_raw_names_have_their_kind_and_labels_take_the_tables() -> None:
    assert formats.kind_of("ibnr") == formats.AMOUNT
    assert formats.kind_of("loss_ratio") == formats.RATIO
    assert formats.kind_of("loss_ratio_pct") == formats.PERCENT
    assert formats.kind_of("deviation_rate") == formats.RATIO
    assert formats.kind_of("cdf") == formats.FACTOR
    assert formats.kind_of("age") == formats.COUNT
    assert formats.kind_of("std_err_loglinear") == formats.AMOUNT
    assert formats.kind_of("cdr_std_err_mack") == formats.AMOUNT
    assert formats.kind_of("std_err_log-linear") == formats.AMOUNT  # the sigma codes have a hyphen
    assert formats.kind_of("p99.5") == formats.AMOUNT
    assert formats.kind_of("paid_to_incurred") == formats.RATIO
    # The Methods page's ultimates under a method named "Expected loss ratio" are amounts,
    # not ratios: the label of a column never decides its kind (it printed 5511912.459).
    assert formats.kind_of("Expected loss ratio") is None
    assert column_kind("Expected loss ratio", AMOUNT) == formats.AMOUNT
    assert column_kind("loss_ratio", AMOUNT) == formats.RATIO
    assert column_kind("12-24", FACTOR) == formats.FACTOR


def test_grid_shows_a_ratio_as_a_percent_and_keeps_a_number() -> None:
    frame = pd.DataFrame({"ultimate": [1000.0], "loss_ratio": [0.772]})
    kinds = column_kinds(frame, AMOUNT)
    shown = grid_values(frame, kinds)
    assert kinds == {"ultimate": formats.AMOUNT, "loss_ratio": formats.RATIO}
    assert shown["loss_ratio"].iloc[0] == pytest.approx(77.2)  # "%.1f%%" -> 77.2%
    assert RATIO % shown["loss_ratio"].iloc[0] == "77.2%"
    assert frame["loss_ratio"].iloc[0] == 0.772  # the CSV's frame keeps the raw ratio


def test_plotly_formats_per_kind() -> None:
    assert formats.axis_format(formats.AMOUNT) == {"tickformat": ",.0f"}
    assert formats.axis_format(formats.RATIO) == {"tickformat": ".0%"}
    assert formats.axis_format(formats.PERCENT) == {"tickformat": ",.0f", "ticksuffix": "%"}
    assert formats.hover_value(formats.FACTOR) == "%{y:.4f}"
    assert set(formats.TICK_FORMATS) == set(formats.KINDS) == set(formats.EXCEL_FORMATS) == set(formats.GRID_FORMATS)


def _numeric(frame: pd.DataFrame) -> list[str]:
    return [
        str(c)
        for c in frame.columns
        if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
    ]


@pytest.fixture(scope="module")
def xyz_views() -> dict[str, tuple[pd.DataFrame, str | None]]:
    """Every view table of the analysis pages on xyz, with the table format its page passes."""
    inputs = xyz_inputs("incurred")
    assumptions = SegmentAssumptions(measure="incurred", loss_ratio=LossRatioAssumptions(default=0.65))
    results = {name: run_method(name, inputs, assumptions) for name in ("chainladder", "bf")}
    labels = {"chainladder": "Chain ladder", "bf": "Bornhuetter-Ferguson"}
    mack = run_method("mack", inputs, assumptions)
    view = method_views.factor_view(inputs, DevelopmentAssumptions(), TailAssumptions(), "exponential")
    selected = pd.DataFrame(
        {
            "origin": list(inputs.origin_labels),
            "latest": mack.origins["latest"].to_numpy(dtype=float),
            "ultimate": mack.origins["ultimate"].to_numpy(dtype=float),
            "ibnr": mack.origins["ibnr"].to_numpy(dtype=float),
            "method": "chainladder",
            "reason": "",
        }
    )
    views: dict[str, tuple[pd.DataFrame, str | None]] = {
        "totals": (method_views.totals_table(results, labels, inputs), AMOUNT),
        "factors": (view.factors, FACTOR),
        "selected": (method_views.selected_table(selected, inputs), AMOUNT),
        "changes": (method_views.selection_changes(selected, selected), AMOUNT),
        "mack": (method_views.mack_table({"loglinear": mack, "mack": mack}), AMOUNT),
    }
    for name, table in method_views.comparison_tables(results, labels, inputs).items():
        views[f"comparison_{name}"] = (table, RATIO if name == "loss_ratio" else AMOUNT)
    return views


def test_every_analysis_view_column_has_a_kind(xyz_views) -> None:
    for name, (frame, table_format) in xyz_views.items():
        unknown = [c for c in _numeric(frame) if column_kind(c, table_format) is None]
        assert not unknown, f"{name}: {unknown}"


def test_the_selection_loss_ratio_is_a_percent_and_the_comparisons_are_ratios(xyz_views) -> None:
    selected, _ = xyz_views["selected"]
    assert column_kind("loss_ratio_pct", AMOUNT) == formats.PERCENT
    total_pct = selected.loc["Total", "loss_ratio_pct"]
    comparison, table_format = xyz_views["comparison_loss_ratio"]
    total_ratio = comparison.loc["Total", "Chain ladder"]
    # Same figure, two units: shown alike ("79.2%" on Selection, "79.2%" on Methods, not 79.197 and 0.792).
    assert formats.format_number(total_pct, formats.PERCENT) == formats.format_number(
        total_ratio, column_kind("Chain ladder", table_format)
    )


def test_every_retrospection_view_column_has_a_raw_kind() -> None:
    names = {*retro_views.AVE_COLUMNS, *retro_views.DEVIATION_COLUMNS, *retro_views.RECORD_COLUMNS}
    text = {"flag", "segment", "origin", "cause", "corrective_measure"}
    assert not [n for n in names - text if formats.kind_of(n) is None]
    assert formats.kind_of("deviation_rate") == formats.RATIO  # -18.4% everywhere, not -4.26 or 37.32%
    steps = pd.DataFrame({"prior": [1.0], "new_origins": [0.0], "tail": [0.0], "current": [1.0]})
    assert all(column_kind(c, AMOUNT) == formats.AMOUNT for c in steps.columns)
    roll = pd.DataFrame({c: [np.nan] for c in ("opening", "paid", "change", "closing")})
    assert all(formats.kind_of(c) == formats.AMOUNT for c in roll.columns)


def test_development_ages_take_the_tables_kind() -> None:
    # A paid/incurred triangle's columns are ages: its ratios must not turn into amounts ("1" for 0.554).
    assert formats.kind_of("36") is None
    assert column_kind("36", RATIO) == formats.RATIO
    assert column_kind("36", AMOUNT) == formats.AMOUNT


def test_every_change_overview_and_rollforward_column_has_a_raw_kind() -> None:
    from reserving.retrospection.change import STEPS
    from reserving.retrospection.rollforward import ROLLFORWARD_COLUMNS

    movement = retro_views.reserve_movement_table([("motor", 100.0, 120.0)])
    ratios = retro_views.loss_ratio_frame(pd.Series({"2024": 80.0}), pd.Series({"2024": 100.0}))
    names = {"prior", "current", "change", "running", *(name for name, _ in STEPS), *ROLLFORWARD_COLUMNS[1:]}
    names |= set(movement.columns) | set(ratios.columns)
    assert {n for n in names if formats.kind_of(n) is None} == {"tail", "selection"} <= formats.TABLE_DECIDES
    assert column_kind("tail", AMOUNT) == formats.AMOUNT  # the Change page's step tables pass AMOUNT
    assert formats.kind_of("movement_rate") == formats.RATIO and formats.kind_of("loss_ratio") == formats.RATIO
    assert formats.format_number(ratios.loc["2024", "loss_ratio"], formats.RATIO) == "80.0%"
