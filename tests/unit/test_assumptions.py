import json

import pytest

from reserving.assumptions import (
    DevelopmentAssumptions,
    LossRatioAssumptions,
    MethodOptions,
    SegmentAssumptions,
    Selection,
    TailAssumptions,
)
from reserving.errors import AssumptionError


def full_assumptions() -> SegmentAssumptions:
    return SegmentAssumptions(
        measure="paid",
        development=DevelopmentAssumptions(
            average="simple",
            n_periods=5,
            drop_high=1,
            excluded_cells=(("1982", 12), ("1985", 24)),
            excluded_valuations=("1988-12-31",),
            overrides=((36, 1.25), (12, 2.5)),
            sigma="mack",
        ),
        tail=TailAssumptions(kind="exponential", fit_from=24, fit_to=96, projection_months=60),
        loss_ratio=LossRatioAssumptions(default=0.65, by_origin=(("1990", 0.7),)),
        options=MethodOptions(benktander_iterations=3, n_sims=500, seed=7, clark_growth="weibull"),
        selection=Selection(by_origin=(("1990", (("bf", 2.0), ("chainladder", 2.0)), "immature"),)),
    )


def test_json_round_trip_gives_an_equal_hashable_object():
    original = full_assumptions()
    text = original.dumps()
    again = SegmentAssumptions.loads(text)
    assert again == original
    assert hash(again) == hash(original)
    assert json.loads(text)["development"]["overrides"] == [[12, 2.5], [36, 1.25]]  # sorted by age


def test_unknown_keys_are_ignored_and_missing_keys_take_defaults():
    data = {"measure": "incurred", "future_field": 1, "development": {"average": "geometric", "colour": "red"}}
    loaded = SegmentAssumptions.from_dict(data)
    assert loaded.development.average == "geometric"
    assert loaded.development.n_periods == -1
    assert loaded.tail == TailAssumptions()


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: DevelopmentAssumptions(average="median"), "average"),
        (lambda: DevelopmentAssumptions(n_periods=0), "n_periods"),
        (lambda: DevelopmentAssumptions(drop_high=-1), "drop_high"),
        (lambda: DevelopmentAssumptions(overrides=((12, 0.0),)), "overrides"),
        (lambda: DevelopmentAssumptions(excluded_valuations=("not a date",)), "excluded_valuations"),
        (lambda: DevelopmentAssumptions(sigma="normal"), "sigma"),
        (lambda: TailAssumptions(kind="constant", factor=0.0), "factor"),
        (lambda: TailAssumptions(kind="weird"), "kind"),
        (lambda: TailAssumptions(fit_from=48, fit_to=24), "fit_to"),
        (lambda: LossRatioAssumptions(default=-0.1), "default"),
        (lambda: MethodOptions(n_sims=0), "n_sims"),
        (lambda: MethodOptions(cape_cod_decay=2.0), "cape_cod_decay"),
        (lambda: Selection(by_origin=(("1990", (("bf", 0.0),), ""),)), "by_origin"),
    ],
)
def test_invalid_values_raise_naming_the_field(build, field):
    with pytest.raises(AssumptionError, match=field):
        build()


def test_selection_weights_are_normalised_and_default_applies():
    selection = full_assumptions().selection
    weights, reason = selection.weights_for("1990")
    assert dict(weights) == {"bf": 0.5, "chainladder": 0.5}
    assert reason == "immature"
    assert selection.weights_for("1981") == ((("chainladder", 1.0),), "")


def test_loss_ratio_by_origin_overrides_default():
    lr = LossRatioAssumptions(default=0.6, by_origin=(("2008", 0.8),))
    assert lr.for_origin("2008") == 0.8
    assert lr.for_origin("2007") == 0.6


def test_invalid_json_raises_assumption_error():
    with pytest.raises(AssumptionError, match="not valid JSON"):
        SegmentAssumptions.loads("{oops")
