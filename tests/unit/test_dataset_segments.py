"""Segment selection by precomputed row positions, and per-dataset memos of derived objects."""

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from reserving.dataset import Dataset, segment_key
from reserving.errors import InputError
from reserving.methods import MethodInputs
from reserving.samples import get_sample


def scanned(ds: Dataset, segment: dict) -> pd.DataFrame:
    """Rows of a segment the slow way: string comparison over the whole frame."""
    frame = ds.frame
    for col, val in segment.items():
        frame = frame[frame[col].astype(str) == str(val)]
    return frame


@pytest.fixture(scope="module")
def china() -> Dataset:
    return get_sample("china")


def test_every_segment_selects_the_same_rows_as_a_scan(china):
    assert len(china.segment_keys()) == 9
    for key in china.segment_keys():
        pd.testing.assert_frame_equal(china.rows(key), scanned(china, dict(key)))


def test_a_partial_segment_selects_the_same_rows_as_a_scan(china):
    col = china.segments[0]
    for value in china.segment_values()[col]:
        rows = china.rows({col: value})
        pd.testing.assert_frame_equal(rows, scanned(china, {col: value}))
        assert rows[col].astype(str).eq(value).all()


def test_positions_are_memoised_and_read_only(china):
    key = china.segment_keys()[0]
    first = china.segment_positions(key)
    assert china.segment_positions(dict(key)) is first
    with pytest.raises(ValueError):
        first[0] = 0


def test_unknown_column_and_empty_segment_raise_input_errors(china):
    with pytest.raises(InputError, match="unknown segment column 'colour'"):
        china.rows({"colour": "red"})
    with pytest.raises(InputError, match="no data for segment"):
        china.rows({china.segments[0]: "nowhere"})


def test_method_inputs_are_memoised_per_measure_and_segment(china):
    key = china.segment_keys()[1]
    inputs = MethodInputs.from_dataset(china, "incurred", key)
    assert MethodInputs.from_dataset(china, "incurred", dict(key)) is inputs
    assert MethodInputs.from_dataset(china, "paid", key) is not inputs
    latest = china.latest("incurred", key)
    np.testing.assert_allclose(
        np.asarray(inputs.triangle.latest_diagonal.values, dtype=float)[0, 0, :, -1], latest.to_numpy()
    )


def test_premium_by_origin_is_memoised_but_each_caller_gets_a_copy(china):
    key = china.segment_keys()[2]
    series = china.premium_by_origin(key)
    expected = float(series.sum())
    series.iloc[:] = 0.0
    assert float(china.premium_by_origin(key).sum()) == pytest.approx(expected)
    rows = china.premium
    for col, val in key:
        rows = rows[rows[col].astype(str) == val]
    assert expected == pytest.approx(float(rows["premium"].sum()))


def test_filtered_and_cut_datasets_do_not_inherit_memos(china):
    # A copy with an empty memo: the shared fixture's memoised cut may already carry its own memos.
    dataset = replace(china)
    col, value = segment_key(dataset.segment_keys()[0])[0]
    dataset.rows({col: value})
    assert dataset._memo
    filtered = dataset.filter({col: value})
    assert not filtered._memo
    assert len(filtered.rows({col: value})) == len(filtered.frame)
    cut = dataset.cut(dataset.valuation_date - pd.DateOffset(years=1))
    assert not cut._memo
    pd.testing.assert_frame_equal(cut.rows({col: value}), scanned(cut, {col: value}))
