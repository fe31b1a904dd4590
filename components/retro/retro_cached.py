"""Cached pieces of the retrospective analyses, one entry per segment.

The retrospection pages and the Overview value every segment several times (at the prior
date, now, with the prior's pattern and Mack s.e.). Each piece is cached on its own, keyed
by the dataset hash, measure, segment, date (ISO text) and the JSON of the assumptions, so
that "All segments" reuses the per-segment entries, the Overview reuses what the
retrospection pages computed (and the other way round), and moving a slider (``k``, the
threshold) recomputes only the cheap comparison, not the valuations behind it.
"""

from __future__ import annotations

import warnings

import pandas as pd
import streamlit as st

from reserving.assumptions import SegmentAssumptions
from reserving.dataset import Dataset, SegmentKey
from reserving.retrospection import (
    AveResult,
    ChangeResult,
    PriorValuation,
    SegmentValuation,
    actual_vs_expected,
    analysis_of_change,
    prior_from_cut,
    value_segment,
)


def cut_to(dataset: Dataset, date: pd.Timestamp) -> Dataset:
    """Return the data as known at `date` (the dataset itself at its own valuation date)."""
    return dataset if date >= dataset.valuation_date else dataset.cut(date)


@st.cache_data(max_entries=512, show_spinner=False)
def valuation_at(
    dataset_hash: str, measure: str, segment: SegmentKey, date: str, assumptions_json: str, _dataset: Dataset
) -> SegmentValuation:
    """One segment valued with its selection on the data cut back to `date` (ISO)."""
    assumptions = SegmentAssumptions.loads(assumptions_json)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return value_segment(cut_to(_dataset, pd.Timestamp(date)), measure, segment, assumptions, None)


@st.cache_data(max_entries=256, show_spinner=False)
def prior_cut(
    dataset_hash: str, measure: str, segment: SegmentKey, as_of: str, assumptions_json: str, _dataset: Dataset
) -> PriorValuation:
    """Rebuild the prior valuation of one segment at `as_of` (selection IBNR, pattern, Mack s.e.)."""
    assumptions = SegmentAssumptions.loads(assumptions_json)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return prior_from_cut(_dataset, measure, pd.Timestamp(as_of), segment, assumptions=assumptions, method=None)


@st.cache_data(max_entries=512, show_spinner=False)
def ave_result(
    dataset_hash: str,
    measure: str,
    segment: SegmentKey,
    *,
    prior_token: str,
    to: str,
    k: float,
    _dataset: Dataset,
    _prior: PriorValuation,
) -> AveResult:
    """AvE of one segment against a prior named by `prior_token` (which determines `_prior`)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return actual_vs_expected(_dataset, measure, _prior, to=pd.Timestamp(to), segment=segment, k=k)


@st.cache_data(max_entries=256, show_spinner=False)
def change_result(
    prior_hash: str,
    current_hash: str,
    measure: str,
    segment: SegmentKey,
    *,
    prior_json: str,
    current_json: str,
    basis: str,
    prior_date: str,
    _prior: Dataset,
    _current: Dataset,
) -> ChangeResult:
    """Analysis of change of one segment from the prior data and assumptions to the current ones."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return analysis_of_change(
            _prior,
            _current,
            measure,
            SegmentAssumptions.loads(prior_json),
            SegmentAssumptions.loads(current_json),
            segment=segment,
            basis=basis,
            prior_date=pd.Timestamp(prior_date),
        )
