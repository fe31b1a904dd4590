"""Cached wrappers over the domain package, keyed by small hashable inputs.

Keys are sample ids, sha256 hashes of uploaded bytes, mapping JSON, measure names and
segment keys: never a Triangle (Streamlit cannot hash one, and hashing it through JSON
would cost more than the work). Objects that are big or unhashable travel in parameters
whose name starts with an underscore, which Streamlit leaves out of the key; the key
always includes a hash that determines them.

Datasets are shared resources (`st.cache_resource`): they are immutable apart from their
triangle memo, and copying them on every rerun would waste time. Derived tables are
`st.cache_data`, so each caller gets its own copy. Every cache is bounded.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from dataclasses import replace

import pandas as pd
import streamlit as st

from components.analysis.method_views import FactorView, factor_view
from components.core.lru import LruStore
from components.core.state import DatasetRef, FileBlob, UploadRecord
from reserving import ingest, samples, stats
from reserving.assumptions import MethodOptions, SegmentAssumptions
from reserving.dataset import Dataset, SegmentKey
from reserving.errors import InputError
from reserving.ingest import LoadResult, SourceTable
from reserving.mapping import ColumnMapping
from reserving.methods import MethodInputs, MethodResult, run_method
from reserving.methods.bootstrap import Progress
from reserving.methods.registry import relevant_assumptions

TRIANGLE_VIEWS: dict[str, Callable[..., pd.DataFrame]] = {
    "cumulative": stats.cumulative_grid,
    "incremental": stats.incremental_grid,
    "link_ratios": stats.link_ratio_grid,
    "averages": stats.average_factors,
    "diagonals": stats.calendar_diagonals,
    "curves": stats.development_curves,
}
"""Views of one cumulative triangle, by name; each takes (triangle, origin grain)."""


@st.cache_data(max_entries=1, show_spinner=False)
def sample_list() -> list[samples.SampleInfo]:
    """Return the bundled samples' metadata (cheap, but asked for on every run)."""
    return samples.list_samples()


@st.cache_resource(max_entries=8, show_spinner=False)
def sample_dataset(sample_id: str) -> Dataset:
    """Return a bundled sample, built once per server."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return samples.get_sample(sample_id)


@st.cache_data(max_entries=16, show_spinner=False)
def source_table(sha256: str, sheet: str | None, encoding: str | None, _blob: FileBlob) -> SourceTable:
    """Read the raw table of an uploaded file (one sheet, one encoding); raises `InputError`."""
    return ingest.read_source(_blob.data, _blob.name, sheet=sheet, encoding=encoding)


@st.cache_resource(max_entries=16, show_spinner=False)
def load_result(
    sha256: str,
    mapping_json: str,
    premium_key: str,
    _blob: FileBlob,
    _premium_blob: FileBlob | None,
    _premium_sheet: str | None,
) -> LoadResult:
    """Read, map and validate an upload; the result carries the dataset or the blocking errors.

    `premium_key` is the premium file's hash or the premium sheet's name, so a change of
    either is a new entry.
    """
    mapping = ColumnMapping.from_dict(json.loads(mapping_json))
    source = ingest.read_source(_blob.data, _blob.name, sheet=mapping.sheet, encoding=mapping.encoding)
    premium: SourceTable | None = None
    if _premium_blob is not None:
        premium = ingest.read_source(_premium_blob.data, _premium_blob.name)
    elif _premium_sheet:
        premium = ingest.read_source(_blob.data, _blob.name, sheet=_premium_sheet)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ingest.load_table(source, mapping, premium=premium, name=_blob.name)


def upload_dataset(record: UploadRecord) -> Dataset:
    """Return the dataset of an accepted upload (rebuilt from its bytes if the cache let it go)."""
    result = load_result(
        record.file.sha256,
        record.mapping_json,
        record.premium.sha256 if record.premium else (record.premium_sheet or ""),
        record.file,
        record.premium,
        record.premium_sheet,
    )
    if result.dataset is None:
        result.report.raise_if_errors()
        raise InputError("the upload no longer builds a dataset")
    return result.dataset


def dataset_for(ref: DatasetRef, record: UploadRecord | None) -> Dataset:
    """Return the dataset `ref` names; `record` holds the bytes when it is an upload."""
    if ref.kind == "sample":
        return sample_dataset(ref.id)
    if record is None:
        raise InputError("the uploaded file is no longer in this session; upload it again")
    return upload_dataset(record)


@st.cache_data(max_entries=256, show_spinner=False)
def triangle_view(view: str, dataset_hash: str, measure: str, segment: SegmentKey, _dataset: Dataset) -> pd.DataFrame:
    """One view (`TRIANGLE_VIEWS` name) of the cumulative triangle of `measure` for `segment`."""
    tri = _dataset.triangle(measure, segment)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return TRIANGLE_VIEWS[view](tri, _dataset.origin_grain)


@st.cache_data(max_entries=128, show_spinner=False)
def averages_without(
    dataset_hash: str, measure: str, segment: SegmentKey, excluded: tuple[tuple[str, int], ...], _dataset: Dataset
) -> pd.DataFrame:
    """Averages of the link ratios with the user's exclusions left out (keyed by the exclusions)."""
    tri = _dataset.triangle(measure, segment)
    return stats.average_factors(tri, _dataset.origin_grain, excluded=excluded)


@st.cache_data(max_entries=64, show_spinner=False)
def ratio_views(dataset_hash: str, segment: SegmentKey, _dataset: Dataset) -> dict[str, pd.DataFrame]:
    """Compute the ratio triangles the dataset supports for `segment` (paid/incurred, averages, closure)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return stats.ratio_grids(_dataset, segment)


# --------------------------------------------------------------------------- methods
@st.cache_resource(max_entries=32, show_spinner=False)
def method_inputs(dataset_hash: str, measure: str, segment: SegmentKey, _dataset: Dataset) -> MethodInputs:
    """Return the aligned triangles and premium of one segment, built once per dataset, measure and segment."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return MethodInputs.from_dataset(_dataset, measure, segment)


@st.cache_data(max_entries=512, show_spinner=False)
def method_result(
    method: str, dataset_hash: str, measure: str, segment: SegmentKey, assumptions_json: str, _dataset: Dataset
) -> MethodResult:
    """One method's result, keyed by the JSON of the assumptions it reads (`MethodSpec.reads` in the registry)."""
    inputs = method_inputs(dataset_hash, measure, segment, _dataset)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return run_method(method, inputs, SegmentAssumptions.loads(assumptions_json))


def result_for(method: str, dataset: Dataset, segment: SegmentKey, assumptions: SegmentAssumptions) -> MethodResult:
    """Run (or fetch) `method` on the measure of `assumptions`; raises the engine's `ReservingError`."""
    key = relevant_assumptions(method, assumptions).dumps()
    return method_result(method, dataset.content_hash, assumptions.measure, segment, key, dataset)


@st.cache_data(max_entries=128, show_spinner=False)
def factors(
    dataset_hash: str, measure: str, segment: SegmentKey, assumptions_json: str, _dataset: Dataset
) -> FactorView:
    """Return the selected factors before and after the tail (development, tail and Clark growth in the key)."""
    assumptions = SegmentAssumptions.loads(assumptions_json)
    inputs = method_inputs(dataset_hash, measure, segment, _dataset)
    return factor_view(inputs, assumptions.development, assumptions.tail, assumptions.options.clark_growth)


def factors_for(dataset: Dataset, segment: SegmentKey, assumptions: SegmentAssumptions) -> FactorView:
    """`factors` keyed by the parts of the assumptions that shape them."""
    key = replace(
        relevant_assumptions("chainladder", assumptions),
        options=MethodOptions(clark_growth=assumptions.options.clark_growth),
    )
    return factors(dataset.content_hash, assumptions.measure, segment, key.dumps(), dataset)


class ResultStore(LruStore[MethodResult]):
    """A small thread-safe LRU map of finished results, shared by the sessions of one server.

    The bootstrap reports progress to the page while it runs, so it cannot run inside
    `st.cache_data` (which would record the progress bar and replay it); it runs on a
    button press and its result is kept here under the same kind of key.
    """


@st.cache_resource(max_entries=1, show_spinner=False)
def bootstrap_store() -> ResultStore:
    """Return the server's store of bootstrap results (16 distributions of a few thousand numbers each)."""
    return ResultStore(max_entries=16)


def bootstrap_key(dataset: Dataset, segment: SegmentKey, assumptions: SegmentAssumptions) -> tuple:
    """Key of a bootstrap: dataset hash, segment, measure and the assumptions it reads (with n_sims, seed)."""
    relevant = relevant_assumptions("bootstrap", assumptions)
    return (dataset.content_hash, segment, assumptions.measure, relevant.dumps())


def stored_bootstrap(dataset: Dataset, segment: SegmentKey, assumptions: SegmentAssumptions) -> MethodResult | None:
    """Return the bootstrap already run for these inputs, or None."""
    return bootstrap_store().get(bootstrap_key(dataset, segment, assumptions))


def run_bootstrap(
    dataset: Dataset, segment: SegmentKey, assumptions: SegmentAssumptions, progress: Progress | None = None
) -> MethodResult:
    """Run the bootstrap (unless stored) reporting progress, and store the result."""
    key = bootstrap_key(dataset, segment, assumptions)
    store = bootstrap_store()
    found = store.get(key)
    if found is not None:
        if progress is not None:
            progress(1.0)
        return found
    inputs = method_inputs(dataset.content_hash, assumptions.measure, segment, dataset)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = run_method("bootstrap", inputs, SegmentAssumptions.loads(key[-1]), progress=progress)
    store.put(key, result)
    return result
