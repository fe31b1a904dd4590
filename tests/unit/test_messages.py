"""Engine messages in the user's words: each names the thing that is wrong, what there is instead and what to do.

These messages used to speak the code's language (``the data has ['累计赔款']``, ``set the tail to
'none'``, ``source 'cape_cod'``, ``TailAssumptions: expected an object``); the display layer only
rewrites field prefixes, so the wording is fixed where the message is raised.
"""

from __future__ import annotations

import pytest

from reserving.assumptions import (
    DevelopmentAssumptions,
    LossRatioAssumptions,
    SegmentAssumptions,
    TailAssumptions,
)
from reserving.dataset import unknown_measure
from reserving.errors import AssumptionError, InputError, ReservingError
from reserving.methods import MethodInputs, run_method
from reserving.methods.development import origins_in_words
from reserving.methods.registry import METHODS, spec_of
from reserving.retrospection.deviation import deviation_from_valuations
from reserving.samples import get_sample
from tests.unit.methods_helpers import raa_inputs


def _message(exc: pytest.ExceptionInfo[ReservingError]) -> str:
    return exc.value.message


def test_unknown_measure_lists_the_measures_and_says_choose_one():
    with pytest.raises(InputError) as refused:
        get_sample("raa").triangle("paid")
    assert _message(refused) == "unknown measure 'paid': the data has the measures incurred; choose one of them"
    with pytest.raises(ReservingError) as refused:
        MethodInputs.from_dataset(get_sample("xyz"), "reported", ())
    message = _message(refused)
    assert "unknown measure 'reported'" in message and "choose one of them" in message
    assert "['" not in message  # no Python list
    assert all(measure in message for measure in get_sample("xyz").measures)
    assert unknown_measure("paid", ["累计赔款", "已决"]) == (
        "unknown measure 'paid': the data has the measures 累计赔款, 已决; choose one of them"
    )
    assert "map one" in unknown_measure("paid", [])  # no measure at all: what to do then


def test_unknown_segment_column_lists_the_segment_columns():
    china = get_sample("china")
    with pytest.raises(InputError) as refused:
        china.rows({"colour": "red"})
    message = _message(refused)
    assert message.startswith("unknown segment column 'colour': the data's segment columns are ")
    assert message.endswith("; choose one of them")
    assert all(column in message for column in china.segments) and "['" not in message
    with pytest.raises(InputError) as refused:
        get_sample("raa").rows({"colour": "red"})
    assert _message(refused) == (
        "unknown segment column 'colour': the data has no segment columns; leave the segment out"
    )


def test_a_left_out_ratio_of_an_unknown_origin_names_it_and_the_origins():
    bad = SegmentAssumptions(development=DevelopmentAssumptions(excluded_cells=(("1975", 12),)))
    with pytest.raises(AssumptionError) as refused:
        run_method("chainladder", raa_inputs(), bad)
    message = _message(refused)
    assert "the left-out link ratio of origin '1975' (from age 12)" in message
    assert "its origins are 1981, 1982, 1983, 1984, 1985, 1986, 1987, 1988, 1989, 1990." in message
    assert message.endswith("Take it out of the left-out ratios, or leave out a ratio of one of these origins")
    # 96 quarterly origins are named by their first and last, with the count.
    many = [f"{year}Q{q}" for year in range(2000, 2024) for q in range(1, 5)]
    assert origins_in_words(many) == "2000Q1, 2000Q2, 2000Q3, ... 2023Q4 (96 origins)"


def test_a_negative_deviation_threshold_says_what_a_threshold_is():
    with pytest.raises(InputError) as refused:
        deviation_from_valuations([], threshold=-0.05)
    message = _message(refused)
    assert message.startswith(
        "the deviation threshold must be 0 or more, as a fraction (0.05 flags a deviation above 5%)"
    )
    assert "got -0.05: give a threshold of 0 or more" in message


def test_a_file_part_of_the_wrong_shape_is_named_with_its_fields():
    with pytest.raises(AssumptionError) as refused:
        SegmentAssumptions.loads('{"measure": "paid", "tail": [1.05]}')
    assert _message(refused) == (
        'the "tail" part of the assumptions file must be an object of named fields (kind, factor, fit_from, '
        "fit_to, attachment_age, projection_months), in braces as the downloaded assumptions file has it; "
        "it is a list in square brackets"
    )
    with pytest.raises(AssumptionError) as refused:
        SegmentAssumptions.loads('"paid"')
    message = _message(refused)
    assert message.startswith("the assumptions file must be an object of named fields (measure, development, tail, ")
    assert message.endswith("it is a text ('paid')")
    assert "SegmentAssumptions" not in message and "expected an object" not in message


def test_a_file_that_is_not_json_says_where_and_what_it_must_be():
    with pytest.raises(AssumptionError) as refused:
        SegmentAssumptions.loads('{"measure": "paid",\n "tail": {kind: "none"}}')
    message = _message(refused)
    assert message.startswith("the assumptions file is not valid JSON: Expecting property name enclosed in double ")
    assert "at line 2, column 11." in message  # where the unquoted name starts
    assert "It must be one JSON object in braces, as a downloaded assumptions file is" in message
    assert "SegmentAssumptions" not in message


def test_munich_under_a_tail_says_choose_no_tail():
    inputs = MethodInputs.from_dataset(get_sample("mcl"), "incurred", ())
    with pytest.raises(AssumptionError) as refused:
        run_method("munich", inputs, SegmentAssumptions("incurred", tail=TailAssumptions(kind="constant", factor=1.05)))
    message = _message(refused)
    assert message == "TailAssumptions.kind: Munich chain ladder is fitted without a tail; choose no tail to run it"
    assert "'none'" not in message and "munich " not in message


def test_a_missing_apriori_names_the_method_and_the_cape_cod_loss_ratio():
    inputs = MethodInputs.from_dataset(get_sample("xyz"), "incurred", ())
    partial = LossRatioAssumptions(by_origin=(("1998", 0.6),))
    with pytest.raises(AssumptionError) as refused:
        run_method("bf", inputs, SegmentAssumptions("incurred", loss_ratio=partial))
    message = _message(refused)
    assert message.startswith("LossRatioAssumptions: bf needs an a-priori loss ratio; none for ")
    assert "1999" in message and "1998" not in message.split("none for ")[1]
    assert message.endswith(
        "(give one loss ratio for every origin, a loss ratio per origin, or use the Cape Cod loss ratio)"
    )
    assert "source" not in message and "cape_cod" not in message
    from components.core.feedback import user_message  # what the pages show: the method and the setting by name

    assert user_message(message).startswith(
        "A-priori loss ratios: Bornhuetter-Ferguson needs an a-priori loss ratio; none for "
    )


def test_an_unknown_method_lists_every_method_by_name():
    with pytest.raises(AssumptionError) as refused:
        spec_of("magic")
    message = _message(refused)
    assert message.startswith("unknown method 'magic'; choose one of the methods by the key in brackets: ")
    assert "Chain ladder (chainladder)" in message and "Bornhuetter-Ferguson (bf)" in message
    assert all(f"{spec.label} ({key})" in message for key, spec in METHODS.items())
