"""Choosing the prior side of a retrospective analysis: dates, saved valuations, prior data and assumptions.

The widgets return small frozen choices; nothing here computes an analysis. The analysis
of change can start from a saved valuation (approved or not, its status in its label): its
saved dataset, its date and its own assumptions are the prior, so a manager can attribute
the change between two saved valuations. A saved
valuation (from the database, when there is one for the segment and measure) is used as
booked (`reserving.retrospection.booking`): for actual vs expected it becomes a
`PriorValuation` (its per-origin IBNR, date, development pattern and Mack s.e.), for the
retrospective deviation a `SegmentValuation` (its ultimate, paid and reserve by origin).
Valuations saved before the booking was stored get the missing date, pattern or paid
rebuilt from their saved dataset and assumptions.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components.analysis import assumption_state
from components.core import cached, state
from components.core.scope import Scope
from components.governance import database
from components.i18n.catalogue import Labeller, t
from components.i18n.labels import sample_text, status_text
from components.retro.retro_runs import ChangePrior, iso
from reserving.assumptions import SegmentAssumptions
from reserving.dataset import Dataset
from reserving.errors import InputError
from reserving.grains import GRAIN_MONTHS
from reserving.methods.inputs import MethodInputs
from reserving.methods.results import vector
from reserving.retrospection import (
    PriorValuation,
    SegmentValuation,
    has_booking,
    prior_from_booking,
    valuation_from_booking,
)
from reserving.retrospection.booking import booked_date
from reserving.retrospection.dates import valuation_dates
from reserving.retrospection.valuation import chain_ladder_pattern, segment_inputs
from reserving.storage import DatasetRecord, Status, ValuationRecord
from reserving.valuation import spec_from_record

SAMPLE_KEY = "sample"
"""Key of a saved mapping naming the bundled sample the dataset was saved from."""


# --------------------------------------------------------------------------- dates
def date_options(dataset: Dataset) -> list[pd.Timestamp]:
    """Every valuation date of the data (its diagonals), oldest first."""
    return valuation_dates(dataset)


def default_prior_date(dataset: Dataset) -> pd.Timestamp:
    """One year before the data's valuation date when the data has that diagonal, else the one before last."""
    dates = date_options(dataset)
    year_back = (dataset.valuation_date - pd.DateOffset(years=1)) + pd.offsets.MonthEnd(0)
    if year_back in set(dates):
        return pd.Timestamp(year_back)
    return dates[-2] if len(dates) > 1 else dates[-1]


def default_retro_dates(dataset: Dataset, count: int = 3) -> list[pd.Timestamp]:
    """Return the last `count` year-ends of the data (the last `count` valuation dates when it has too few)."""
    dates = date_options(dataset)
    year_ends = [d for d in dates if d.month == 12 and d.day == 31]
    chosen = year_ends if len(year_ends) >= 2 else dates
    return chosen[-count:]


def date_select(label: str, options: list[pd.Timestamp], default: pd.Timestamp, key: str) -> pd.Timestamp:
    """Draw a selectbox of dates (ISO text options, so widget state pickles); return a Timestamp."""
    texts = [iso(d) for d in options]
    index = texts.index(iso(default)) if iso(default) in texts else len(texts) - 1
    return pd.Timestamp(st.selectbox(label, texts, index=index, key=key))


# --------------------------------------------------------------------------- saved valuations
def saved_valuations(selection: Scope) -> list[ValuationRecord]:
    """Return the saved valuations of the selection's segment and measure (none when the database cannot be opened)."""
    try:
        repo = database.repository()
        return repo.list_valuations(segment=dict(selection.segment), measure=selection.measure)
    except Exception:  # no database is not an error here: the prior is then rebuilt
        return []


def saved_dataset(record: DatasetRecord) -> Dataset:
    """Build a saved dataset (a bundled sample by id, else its bytes read with its saved mapping)."""
    sample_id = (record.mapping or {}).get(SAMPLE_KEY)
    if sample_id and any(info.id == sample_id for info in cached.sample_list()):
        return cached.sample_dataset(str(sample_id))
    blob = state.FileBlob.of(record.file_name or f"{record.name}.csv", record.source or b"")
    mapping = {k: v for k, v in (record.mapping or {}).items() if k != SAMPLE_KEY}
    upload = state.UploadRecord.of(blob, json.dumps(mapping, sort_keys=True, ensure_ascii=False))
    return cached.upload_dataset(upload)


def _results(record: ValuationRecord) -> Mapping[str, Any]:
    return record.results if isinstance(record.results, Mapping) else {}


def _segment(record: ValuationRecord) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(dict(record.segment or {}).items()))


def _rebuilt_inputs(repo: Any, record: ValuationRecord) -> tuple[pd.Timestamp, Dataset, MethodInputs]:
    """Date, saved data and inputs of a valuation saved before its booking was stored (the rebuild path)."""
    prior_data = saved_dataset(repo.get_dataset(record.data_hash))
    date = booked_date(_results(record)) or prior_data.valuation_date
    inputs = segment_inputs(prior_data.cut(date), record.measure, _segment(record))
    return date, prior_data, inputs


@st.cache_data(max_entries=32, show_spinner=False)
def _saved_prior(valuation_id: int, updated_at: str) -> PriorValuation:
    """Return the saved valuation as a prior; `updated_at` keys out a draft edited since.

    A valuation carrying its booking (date, pattern, Mack s.e.) is used exactly as saved;
    an older one gets its date and pattern rebuilt from its saved data and assumptions.
    """
    repo = database.repository()
    record = repo.get_valuation(valuation_id)
    results = _results(record)
    if has_booking(results):
        return prior_from_booking(results, method=record.method)
    date, prior_data, inputs = _rebuilt_inputs(repo, record)
    assumptions = SegmentAssumptions.from_dict({**dict(record.assumptions or {}), "measure": record.measure})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pattern = chain_ladder_pattern(inputs, assumptions, GRAIN_MONTHS[prior_data.development_grain])
    return prior_from_booking(results, valuation_date=date, pattern=pattern, method=record.method)


def load_saved_prior(record: ValuationRecord) -> tuple[str, PriorValuation]:
    """(cache token, prior) of a saved valuation."""
    token = f"saved|{record.id}|{record.updated_at.isoformat()}"
    return token, _saved_prior(record.id, record.updated_at.isoformat())


@st.cache_data(max_entries=64, show_spinner=False)
def _saved_booking(valuation_id: int, updated_at: str) -> SegmentValuation:
    """Return the saved valuation as booked (`valuation_from_booking`); paid rebuilt for older records."""
    repo = database.repository()
    record = repo.get_valuation(valuation_id)
    results = _results(record)
    if booked_date(results) is not None and isinstance(results.get("paid"), Mapping):
        return valuation_from_booking(results)
    date, _, inputs = _rebuilt_inputs(repo, record)
    basis = "paid" if inputs.has("paid") else record.measure
    paid = dict(zip(inputs.origin_labels, vector(inputs.triangles[basis].latest_diagonal), strict=True))
    return valuation_from_booking(results, valuation_date=date, paid=paid, reserve_basis=basis)


def load_saved_booking(record: ValuationRecord) -> tuple[int, SegmentValuation]:
    """(valuation id, the valuation as booked) of a saved valuation."""
    return record.id, _saved_booking(record.id, record.updated_at.isoformat())


class SavedLabel:
    """Picklable ``format_func`` naming a saved valuation by id."""

    def __init__(self, records: list[ValuationRecord]) -> None:
        self._names = {}
        for r in records:
            date = booked_date(_results(r))
            at = f" at {iso(date)}" if date is not None else ""
            self._names[r.id] = f"#{r.id} v{r.version} {r.status}{at} ({r.method or 'selection'}, {r.created_by})"

    def __call__(self, value: object) -> str:
        """Return the valuation's description."""
        return self._names.get(value, str(value))  # type: ignore[call-overload]


# --------------------------------------------------------------------------- actual vs expected
@dataclass(frozen=True)
class AveChoice:
    """The prior and period chosen for AvE: a rebuilt prior (date, assumptions) or a saved valuation."""

    as_of: pd.Timestamp
    to: pd.Timestamp
    assumptions: str = "current"
    saved: tuple[str, PriorValuation] | None = None


def ave_controls(selection: Scope) -> AveChoice:
    """Prior valuation, period since and assumptions of the AvE page (raises if a saved prior cannot be read)."""
    dataset = selection.dataset
    dates = date_options(dataset)
    records = saved_valuations(selection)
    kinds = ["cut", "saved"] if records else ["cut"]
    cols = st.columns(3)
    kind = cols[0].radio(t("ave.prior"), kinds, format_func=Labeller("ave.prior."), key="ave_prior_kind")
    saved = None
    if kind == "saved":
        ids = [r.id for r in records]
        chosen = cols[1].selectbox(t("ave.saved"), ids, format_func=SavedLabel(records), key="ave_saved")
        saved = load_saved_prior(next(r for r in records if r.id == chosen))
        as_of = pd.Timestamp(saved[1].valuation_date)
        if as_of >= dataset.valuation_date:
            # Nothing has emerged since a valuation made at (or after) the data's own date.
            raise InputError(t("ave.saved_not_before", id=chosen, date=iso(as_of), current=iso(dataset.valuation_date)))
        choice = "current"
    else:
        as_of = date_select(t("ave.as_of"), dates[:-1], default_prior_date(dataset), "ave_as_of")
        choice = cols[1].radio(
            t("retro.assumptions"),
            ["current", "defaults"],
            format_func=Labeller("retro.assumptions."),
            key="ave_assumptions",
        )
    later = [d for d in dates if d > as_of] or dates[-1:]
    to = date_select(t("ave.to"), later, later[-1], "ave_to")
    return AveChoice(as_of=as_of, to=to, assumptions=choice, saved=saved)


# --------------------------------------------------------------------------- retrospective deviation
ORIGINAL_KINDS = ("rebuilt", "saved")


@dataclass(frozen=True, eq=False)
class OriginalChoice:
    """The original estimates of the retrospective deviation: rebuilt at chosen dates, or saved valuations.

    Attributes
    ----------
    saved : bool
        Whether saved valuations (as booked) are the original estimates.
    bookings : tuple of (valuation id, SegmentValuation)
        The chosen saved valuations, as booked (empty until some are picked).
    """

    saved: bool = False
    bookings: tuple[tuple[int, SegmentValuation], ...] = ()


def retro_original_controls(selection: Scope, where: DeltaGenerator) -> OriginalChoice:
    """Offer saved valuations of the segment and measure as the original estimates (drawn in `where`).

    Nothing is offered when no valuation of the segment and measure is saved (the dates of
    the rebuilt analysis are then the only choice).
    """
    records = saved_valuations(selection)
    if not records:
        return OriginalChoice()
    kind = where.radio(
        t("retro.original"),
        list(ORIGINAL_KINDS),
        format_func=Labeller("retro.original."),
        key="retro_original",
        horizontal=True,
    )
    if kind != "saved":
        return OriginalChoice()
    ids = [r.id for r in records]
    chosen = where.multiselect(t("retro.saved"), ids, format_func=SavedLabel(records), key="retro_saved")
    bookings = tuple(load_saved_booking(r) for r in records if r.id in set(chosen))
    return OriginalChoice(saved=True, bookings=bookings)


# --------------------------------------------------------------------------- a saved valuation as the prior
def default_valuation(records: list[ValuationRecord]) -> int:
    """Id offered first: the latest approved valuation (the booked reserve), else the latest saved."""
    approved = [r.id for r in records if r.status == Status.APPROVED.value]
    return approved[-1] if approved else records[-1].id


class ValuationLabel:
    """Picklable ``format_func`` naming a saved valuation by id, version, status and date, in the user's language."""

    def __init__(self, records: list[ValuationRecord]) -> None:
        self._names = {}
        for r in records:
            date = booked_date(_results(r))
            self._names[r.id] = t(
                "gov.prior.valuation_label",
                id=r.id,
                version=r.version,
                status=status_text(r.status),
                date=iso(date) if date is not None else "?",
                by=r.created_by,
            )

    def __call__(self, value: object) -> str:
        """Return the valuation's description."""
        return self._names.get(value, str(value))  # type: ignore[call-overload]


def valuation_assumptions(record: ValuationRecord) -> SegmentAssumptions:
    """Return the assumptions a saved valuation was made with (`reserving.valuation.spec_from_record`).

    A sum of segments saved with different assumptions per segment cannot be one prior for
    every segment: that is refused with what to do instead.
    """
    spec = spec_from_record(record)
    if spec.parts:
        own = {part.assumptions.dumps(): part.assumptions for part in spec.parts}
        if len(own) > 1:
            raise InputError(t("gov.prior.sum_differs", id=record.id, version=record.version, count=len(spec.parts)))
        return next(iter(own.values()))
    return spec.assumptions


def valuation_prior(record: ValuationRecord) -> tuple[Dataset, pd.Timestamp, SegmentAssumptions]:
    """Return (saved data, valuation date, assumptions) of a saved valuation used as the prior."""
    data = saved_dataset(database.repository().get_dataset(record.data_hash))
    date = booked_date(_results(record)) or data.valuation_date
    return data, pd.Timestamp(date), valuation_assumptions(record)


def pick_valuation(records: list[ValuationRecord], label: str, key: str, where: DeltaGenerator) -> ValuationRecord:
    """Draw a picker of saved valuations (latest approved first) and return the one picked."""
    ids = [r.id for r in records]
    state.seed_widget(key, default_valuation(records))
    if state.widget_value(key) not in ids:
        state.forget_widgets((key,))
        state.seed_widget(key, default_valuation(records))
    chosen = where.selectbox(label, ids, format_func=ValuationLabel(records), key=key)
    return next(r for r in records if r.id == chosen)


# --------------------------------------------------------------------------- overview
OVERVIEW_KINDS = ("date", "valuation")


@dataclass(frozen=True, eq=False)
class OverviewPrior:
    """The Overview's prior: a date of the data, or a saved valuation (``record``) booked at ``date``.

    With a saved valuation the movement starts from what that valuation booked (its stored
    results, `components.retro.retro_runs.booked_movement`), not from a rebuild at its date.
    """

    date: pd.Timestamp
    record: ValuationRecord | None = None


def overview_prior(selection: Scope, key: str = "ov_prior") -> OverviewPrior:
    """Draw the Overview's prior: a date of the data, or a saved valuation of the segment and measure.

    A saved valuation is offered only when it was booked at a diagonal of the current data
    before its last (the AvE and flags sections rebuild at that date); its booked IBNR is
    shown beside the picker.
    """
    dataset = selection.dataset
    dates = date_options(dataset)
    earlier = {iso(d) for d in dates[:-1]}  # a prior must be a diagonal of the data before its last
    records = [r for r in saved_valuations(selection) if iso(booked_date(_results(r)) or dates[-1]) in earlier]
    if not records:
        return OverviewPrior(date_select(t("ov.prior_date"), dates[:-1], default_prior_date(dataset), key))
    cols = st.columns(2)
    kind = cols[0].radio(
        t("gov.prior.kind"), list(OVERVIEW_KINDS), format_func=Labeller("gov.prior.kind."), key=f"{key}_kind"
    )
    if kind != "valuation":
        with cols[1]:
            return OverviewPrior(date_select(t("ov.prior_date"), dates[:-1], default_prior_date(dataset), key))
    record = pick_valuation(records, t("gov.prior.valuation"), f"{key}_valuation", cols[1])
    date = pd.Timestamp(booked_date(_results(record)))
    total = (_results(record).get("total") or {}).get("ibnr")
    booked = f"{float(total):,.0f}" if isinstance(total, int | float) else "?"
    cols[1].caption(t("gov.prior.booked", id=record.id, version=record.version, date=iso(date), ibnr=booked))
    return OverviewPrior(date, record)


# --------------------------------------------------------------------------- analysis of change
PRIOR_DATA_KINDS = ("cut", "sample", "saved", "valuation")


def _saved_datasets() -> list[DatasetRecord]:
    try:
        return database.repository().list_datasets()
    except Exception:  # no database: only samples and the cut-back data are offered
        return []


def _default_sample(selection: Scope, samples: list[str]) -> str | None:
    own = f"{selection.ref.id}_prior" if selection.ref.kind == "sample" else ""
    return own if own in samples else None


def change_controls(selection: Scope) -> ChangePrior | None:
    """Prior data (cut back, a sample, a saved dataset) and prior assumptions of the analysis of change."""
    dataset = selection.dataset
    samples = [info.id for info in cached.sample_list()]
    titles = {info.id: sample_text(info).title for info in cached.sample_list()}
    records = _saved_datasets()
    # a prior valuation is made before the current data's date (the change is from then to now)
    valuations = [
        r
        for r in saved_valuations(selection)
        if (booked_date(_results(r)) or dataset.valuation_date) < dataset.valuation_date
    ]
    offered = {"saved": bool(records), "valuation": bool(valuations)}
    kinds = [k for k in PRIOR_DATA_KINDS if offered.get(k, True)]
    if state.widget_value("chg_prior_kind") not in (None, *kinds):
        state.forget_widgets(("chg_prior_kind",))
    default_sample = _default_sample(selection, samples)
    state.seed_widget("chg_prior_kind", "sample" if default_sample else "cut")
    cols = st.columns(3)
    kind = cols[0].radio(t("chg.prior_data"), kinds, format_func=Labeller("chg.prior_data."), key="chg_prior_kind")
    if kind == "valuation":
        record = pick_valuation(valuations, t("gov.prior.valuation"), "chg_valuation", cols[1])
        prior_data, date, assumptions = valuation_prior(record)
        cols[2].caption(t("gov.prior.uses", id=record.id, version=record.version, date=iso(date)))
        return ChangePrior(dataset=prior_data, date=date, choice="upload", uploaded=assumptions)
    if kind == "sample":
        index = samples.index(default_sample) if default_sample else 0
        sample_id = cols[1].selectbox(
            t("chg.sample"), samples, index=index, format_func=titles.__getitem__, key="chg_sample"
        )
        prior_data = cached.sample_dataset(sample_id)
        date = prior_data.valuation_date
    elif kind == "saved":
        by_hash = {r.content_hash: r for r in records}
        names = {r.content_hash: f"{r.name} ({r.content_hash[:8]})" for r in records}
        chosen = cols[1].selectbox(t("chg.saved"), list(by_hash), format_func=names.__getitem__, key="chg_saved")
        full = database.repository().get_dataset(chosen)
        prior_data = saved_dataset(full)
        date = prior_data.valuation_date
    else:
        prior_data = dataset
        date = date_select(
            t("chg.prior_date"), date_options(dataset)[:-1], default_prior_date(dataset), "chg_prior_date"
        )
    choice = cols[2].radio(
        t("retro.assumptions"),
        ["current", "defaults", "upload"],
        format_func=Labeller("retro.assumptions."),
        key="chg_assumptions",
    )
    uploaded = None
    if choice == "upload":
        file = st.file_uploader(t("chg.assumptions_file"), type=["json"], key="chg_assumptions_file")
        if file is None:
            st.caption(t("chg.upload_hint"))
            return None
        uploaded = assumption_state.read_assumptions(file.getvalue())
    return ChangePrior(dataset=prior_data, date=date, choice=choice, uploaded=uploaded)
