"""Inputs cut from one multi-index triangle are the inputs each segment gets on its own.

`prepare_segments` is only a faster way to the same objects: every triangle, origin label
and premium must be identical to what `MethodInputs.from_dataset` builds for the segment
alone, and so must the figures the methods give on them. Segments whose data spans
another range or grain must be left to the one-by-one build.
"""

from __future__ import annotations

import warnings
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from bench.bench_engine import clrd_dataset
from reserving.assumptions import LossRatioAssumptions, SegmentAssumptions
from reserving.dataset import ORIGIN, PREMIUM, VALUATION, Dataset
from reserving.methods import MethodInputs, run_method
from reserving.methods.stacked import MIN_SEGMENTS, prepare_segments
from reserving.samples import get_sample


def _same_inputs(cut: MethodInputs, alone: MethodInputs) -> None:
    assert cut.origin_labels == alone.origin_labels
    assert cut.premium_label == alone.premium_label
    assert set(cut.triangles) == set(alone.triangles)
    for name, tri in alone.triangles.items():
        other = cut.triangles[name]
        assert other.shape == tri.shape, name
        assert np.array_equal(np.asarray(other.values), np.asarray(tri.values), equal_nan=True), name
        assert list(other.origin) == list(tri.origin)
        assert list(other.development) == list(tri.development)
        assert other.valuation_date == tri.valuation_date
        assert (other.origin_grain, other.development_grain) == (tri.origin_grain, tri.development_grain)
        assert other.key_labels == tri.key_labels == ["Total"]
    if alone.premium is None:
        assert cut.premium is None
    else:
        assert np.array_equal(cut.premium, alone.premium, equal_nan=True)


def _compare(dataset: Dataset, measure: str) -> tuple[int, list[tuple[MethodInputs, MethodInputs]]]:
    keys = dataset.segment_keys()
    stacked_data, alone_data = replace(dataset), replace(dataset)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        count = prepare_segments(stacked_data, measure, keys)
        pairs = [
            (MethodInputs.from_dataset(stacked_data, measure, key), MethodInputs.from_dataset(alone_data, measure, key))
            for key in keys
        ]
    for cut, alone in pairs:
        _same_inputs(cut, alone)
    return count, pairs


@pytest.mark.parametrize(("sample", "measure"), [("clrd", "paid"), ("clrd", "incurred"), ("china", "reported_count")])
def test_samples_cut_equal_built_alone(sample, measure):
    dataset = get_sample(sample)
    count, pairs = _compare(dataset, measure)
    assert count == len(dataset.segment_keys())
    mack = SegmentAssumptions(measure=measure)
    for cut, alone in pairs[:4]:
        a, b = run_method("mack", cut, mack), run_method("mack", alone, mack)
        assert a.total["ibnr"] == pytest.approx(b.total["ibnr"], rel=1e-12)
        assert a.total["std_err"] == pytest.approx(b.total["std_err"], rel=1e-12)


def test_sparse_schedule_p_triangles_fall_back_to_their_own_grid():
    """chainladder's clrd has companies with one or a few origins: those are built alone."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dataset = clrd_dataset(40)
    count, pairs = _compare(dataset, "paid")
    full = [cut for cut, _ in pairs if cut.triangle.shape == (1, 1, 10, 10)]
    assert len(full) < count < len(pairs)  # sparse ones with a common grid are cut too, together
    assumptions = SegmentAssumptions(measure="paid", loss_ratio=LossRatioAssumptions(default=0.65))
    for cut, alone in pairs[:12]:
        try:
            expected = run_method("bf", alone, assumptions).total["ultimate"]
        except Exception as exc:  # the same failure is expected on both
            with pytest.raises(type(exc)):
                run_method("bf", cut, assumptions)
            continue
        assert run_method("bf", cut, assumptions).total["ultimate"] == pytest.approx(expected, rel=1e-12)


def _ragged() -> Dataset:
    """Six quarterly lines: three alike, two written from a later year, one valued only at year ends."""
    rows, premium = [], []
    for line in ("a", "b", "c", "late", "later", "annual"):
        first = 2021 if line.startswith("late") else 2019
        for year in range(first, 2023):
            origin = pd.Timestamp(f"{year}-01-01")
            premium.append({"line": line, ORIGIN: origin, PREMIUM: 1000.0 + year})
            for step, quarter_end in enumerate(pd.date_range(origin, "2022-12-31", freq="QE")):
                if line == "annual" and quarter_end.month != 12:
                    continue
                rows.append({"line": line, ORIGIN: origin, VALUATION: quarter_end, "paid": 100.0 * (step + 1) + year})
    frame = pd.DataFrame(rows)
    return Dataset(
        name="ragged",
        frame=frame,
        segments=("line",),
        measures=("paid",),
        origin_grain="Y",
        development_grain="Q",
        premium=pd.DataFrame(premium),
    )


def test_lines_with_another_range_or_grain_are_built_alone():
    dataset = _ragged()
    count, pairs = _compare(dataset, "paid")
    assert count == 5  # a, b, c in one triangle, late and later in another; annual alone
    keys = dataset.segment_keys()
    shapes = {dict(key)["line"]: cut.triangle.shape for key, (cut, _) in zip(keys, pairs, strict=True)}
    assert shapes["a"] == (1, 1, 4, 16)
    assert shapes["late"][2] == shapes["later"][2] == 2
    assert shapes["annual"] == (1, 1, 4, 4)
    assert pairs[0][0].premium.tolist() == [3019.0, 3020.0, 3021.0, 3022.0]


def test_few_segments_or_memoised_ones_are_left_alone():
    dataset = replace(get_sample("china"))
    keys = dataset.segment_keys()
    assert prepare_segments(dataset, "paid", keys[: MIN_SEGMENTS - 1]) == 0
    built = MethodInputs.from_dataset(dataset, "paid", keys[0])
    assert prepare_segments(dataset, "paid", keys) == len(keys) - 1
    assert MethodInputs.from_dataset(dataset, "paid", keys[0]) is built
    assert prepare_segments(dataset, "paid", keys) == 0


def test_a_method_changing_values_cannot_reach_another_segment():
    dataset = replace(get_sample("clrd"))
    keys = dataset.segment_keys()
    prepare_segments(dataset, "paid", keys)
    first, second = (MethodInputs.from_dataset(dataset, "paid", key) for key in keys[:2])
    before = np.asarray(second.triangle.values).copy()
    first.triangle.values[:] = 0.0
    assert np.array_equal(np.asarray(second.triangle.values), before, equal_nan=True)
