"""The only module that reads or writes `st.session_state`.

Session state holds small, picklable facts about one session: which dataset is current
(a `DatasetRef`: a sample id or an upload id, never a Dataset or Triangle), the bytes of
the files this session accepted (so the dataset can be rebuilt if a cache evicts it), the
chosen measure, segment and language. Datasets themselves come from `components.core.cached`.

Widgets that stand for one of these facts are seeded from the plain key before they are
drawn and write back in their `on_change` callback, so a value survives navigation even
though Streamlit forgets the state of widgets a page no longer draws.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from reserving.dataset import SegmentKey

DEFAULT_SAMPLE = "raa"
MAX_UPLOADS = 4
"""Accepted uploads kept per session; older ones are dropped (their bytes cost memory)."""

_DATASET = "dataset_ref"
_UPLOADS = "uploads"
_MEASURE = "measure"
_SEGMENT = "segment"
_LANGUAGE = "language"
_AGGREGATE = "aggregate"
_PENDING = "data_pending_source"

SIDEBAR_DATASET = "sidebar_dataset"
SIDEBAR_SEGMENT = "sidebar_segment"
SIDEBAR_MEASURE = "sidebar_measure"
SIDEBAR_LANGUAGE = "sidebar_language"
SIDEBAR_AGGREGATE = "sidebar_aggregate"
_DATASET_WIDGETS = (SIDEBAR_DATASET, SIDEBAR_SEGMENT, SIDEBAR_MEASURE)
DATE_WIDGETS = (
    "ov_prior",
    "ave_prior_kind",
    "ave_saved",
    "ave_as_of",
    "ave_to",
    "retro_original",
    "retro_saved",
    "retro_dates",
    "chg_prior_kind",
    "chg_sample",
    "chg_saved",
    "chg_prior_date",
)
"""Widgets whose choices are dates or priors of one dataset: a new dataset starts them from its own defaults.

Streamlit keeps a widget's value while its page stays open, as long as the value is still
among the options, so without this a valuation date or prior sample of the last dataset
would quietly carry over to the next one (and, say, compare the data with another's prior).
"""


@dataclass(frozen=True)
class FileBlob:
    """An uploaded file: its name, its bytes and their sha256 (the cache key)."""

    name: str
    data: bytes
    sha256: str

    @classmethod
    def of(cls, name: str, data: bytes) -> FileBlob:
        """Wrap bytes, computing their hash once."""
        return cls(name=name, data=data, sha256=hashlib.sha256(data).hexdigest())


@dataclass(frozen=True)
class UploadRecord:
    """An upload the user accepted: the file, how it was mapped, where its premium came from."""

    id: str
    file: FileBlob
    mapping_json: str
    premium: FileBlob | None = None
    premium_sheet: str | None = None

    @classmethod
    def of(
        cls, file: FileBlob, mapping_json: str, premium: FileBlob | None = None, premium_sheet: str | None = None
    ) -> UploadRecord:
        """Build a record whose id hashes everything that determines the dataset."""
        parts = (file.sha256, mapping_json, premium.sha256 if premium else "", premium_sheet or "")
        digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
        return cls(id=digest[:16], file=file, mapping_json=mapping_json, premium=premium, premium_sheet=premium_sheet)


@dataclass(frozen=True)
class DatasetRef:
    """Which dataset is current: ``kind`` is ``sample`` or ``upload``; ``id`` the sample or upload id."""

    kind: str
    id: str

    @property
    def token(self) -> str:
        """One string naming the dataset, used as a widget option ('sample:raa')."""
        return f"{self.kind}:{self.id}"

    @classmethod
    def from_token(cls, token: str) -> DatasetRef:
        """Inverse of `token`."""
        kind, _, ident = token.partition(":")
        return cls(kind=kind, id=ident)


def init() -> None:
    """Give every shared key its default; called once per run by app.py before anything else."""
    st.session_state.setdefault(_DATASET, DatasetRef("sample", DEFAULT_SAMPLE))
    st.session_state.setdefault(_UPLOADS, ())
    st.session_state.setdefault(_MEASURE, None)
    st.session_state.setdefault(_SEGMENT, ())
    st.session_state.setdefault(_LANGUAGE, "en")


# --------------------------------------------------------------------------- dataset
def dataset_ref() -> DatasetRef:
    """Return the current dataset reference."""
    return st.session_state.get(_DATASET, DatasetRef("sample", DEFAULT_SAMPLE))


def select_dataset(ref: DatasetRef) -> None:
    """Make `ref` current; measure and segment start again from the new dataset's defaults.

    Safe as a widget callback: the sidebar widgets are cleared so they are re-seeded.
    """
    st.session_state[_DATASET] = ref
    st.session_state[_MEASURE] = None
    st.session_state[_SEGMENT] = ()
    for key in (*_DATASET_WIDGETS, *DATE_WIDGETS):
        st.session_state.pop(key, None)


def uploads() -> tuple[UploadRecord, ...]:
    """Return the uploads this session accepted, oldest first."""
    return st.session_state.get(_UPLOADS, ())


def upload(upload_id: str) -> UploadRecord | None:
    """One accepted upload by id, or None."""
    return next((rec for rec in uploads() if rec.id == upload_id), None)


def accept_upload(record: UploadRecord) -> None:
    """Keep `record` (replacing an identical one, dropping the oldest past `MAX_UPLOADS`) and make it current."""
    kept = (*(rec for rec in uploads() if rec.id != record.id), record)
    st.session_state[_UPLOADS] = kept[-MAX_UPLOADS:]
    select_dataset(DatasetRef("upload", record.id))


# --------------------------------------------------------------------------- measure, segment, language
def measure() -> str | None:
    """Return the chosen measure, or None for the dataset's default."""
    return st.session_state.get(_MEASURE)


def set_measure(value: str | None) -> None:
    """Remember the chosen measure."""
    st.session_state[_MEASURE] = value


def segment() -> SegmentKey:
    """Return the chosen segment key; the empty tuple means all segments summed."""
    return st.session_state.get(_SEGMENT, ())


def set_segment(value: SegmentKey) -> None:
    """Remember the chosen segment."""
    st.session_state[_SEGMENT] = tuple(tuple(pair) for pair in value)


def aggregate() -> str:
    """Return how "All segments" is valued: ``sum`` of the segments (the default) or ``summed_triangle``."""
    value = st.session_state.get(_AGGREGATE, "sum")
    return value if value in ("sum", "summed_triangle") else "sum"


def set_aggregate(value: str) -> None:
    """Remember how "All segments" is valued (saved with a valuation; see `reserving.valuation.aggregate`)."""
    st.session_state[_AGGREGATE] = value if value in ("sum", "summed_triangle") else "sum"


def language() -> str:
    """Return the session's language code; English outside a running app (tests, scripts)."""
    try:
        return str(st.session_state.get(_LANGUAGE, "en"))
    except Exception:  # no script run context at all
        return "en"


def set_language(code: str) -> None:
    """Remember the session's language."""
    st.session_state[_LANGUAGE] = code


# --------------------------------------------------------------------------- widgets
def seed_widget(key: str, value: Any) -> None:
    """Give widget `key` its value from plain state before it is drawn (no-op if it has one)."""
    if key not in st.session_state:
        st.session_state[key] = value


def widget_value(key: str, default: Any = None) -> Any:
    """Return the current value of widget `key` (for on_change callbacks)."""
    return st.session_state.get(key, default)


def forget_widgets(keys: Iterable[str] = (), prefix: str | None = None) -> None:
    """Drop widget values so the widgets are seeded afresh (call before they are drawn)."""
    doomed = set(keys)
    if prefix:
        doomed.update(k for k in st.session_state if str(k).startswith(prefix))
    for key in doomed:
        st.session_state.pop(key, None)


def refresh_pending_source(signature: str, widget_prefix: str) -> None:
    """Reset the mapping widgets when the file being mapped (or its sheet) changes.

    The Data page calls this with a signature of the file hash and sheet before it draws
    the mapping widgets, so a new file is mapped from its own guess, not the last file's.
    """
    if st.session_state.get(_PENDING) != signature:
        forget_widgets(prefix=widget_prefix)
        st.session_state[_PENDING] = signature


# --------------------------------------------------------------------------- analysis assumptions
_ASSUMPTIONS_PREFIX = "assumptions|"
_PREVIOUS_SELECTION_PREFIX = "previous_selection|"
_ASSUMPTION_WIDGETS_FOR = "assumption_widgets_for"
_COUNTER_PREFIX = "counter|"
_APPLIED_UPLOAD_PREFIX = "applied_upload|"


def assumptions_data(key: str) -> dict[str, Any] | None:
    """Return the stored assumptions (a JSON-ready dict) of one dataset/segment/measure key, or None."""
    data = st.session_state.get(_ASSUMPTIONS_PREFIX + key)
    return dict(data) if data is not None else None


def set_assumptions_data(key: str, data: dict[str, Any]) -> None:
    """Store the assumptions of one key as a plain dict (picklable, survives page changes)."""
    st.session_state[_ASSUMPTIONS_PREFIX + key] = data


def previous_selection_data(key: str) -> dict[str, Any] | None:
    """Return the selection that was current before the last one applied for `key`, or None."""
    return st.session_state.get(_PREVIOUS_SELECTION_PREFIX + key)


def set_previous_selection_data(key: str, data: dict[str, Any]) -> None:
    """Remember the selection replaced by a newly applied one."""
    st.session_state[_PREVIOUS_SELECTION_PREFIX + key] = data


def refresh_assumption_widgets(signature: str, prefixes: Iterable[str]) -> None:
    """Forget the values of assumption widgets when the assumptions they edit change identity.

    Analysis pages call this with the assumptions key (dataset hash, segment, measure)
    before drawing their widgets, so a new segment is edited from its own assumptions.
    """
    if st.session_state.get(_ASSUMPTION_WIDGETS_FOR) != signature:
        for prefix in prefixes:
            forget_widgets(prefix=prefix)
        st.session_state[_ASSUMPTION_WIDGETS_FOR] = signature


def counter(name: str) -> int:
    """Return a per-session counter (it versions widget keys that must be redrawn empty, such as a cell picker)."""
    return int(st.session_state.get(_COUNTER_PREFIX + name, 0))


def bump_counter(name: str) -> int:
    """Increase a counter by one and return the new value."""
    value = counter(name) + 1
    st.session_state[_COUNTER_PREFIX + name] = value
    return value


def applied_upload(key: str) -> str | None:
    """Hash of the assumptions file last applied to `key` (so a file is applied once, not every run)."""
    return st.session_state.get(_APPLIED_UPLOAD_PREFIX + key)


def set_applied_upload(key: str, sha256: str) -> None:
    """Remember that the assumptions file with this hash has been applied to `key`."""
    st.session_state[_APPLIED_UPLOAD_PREFIX + key] = sha256


# --------------------------------------------------------------------------- login and notices
_USER = "auth_user"
_NOTICE = "notice"


@dataclass(frozen=True)
class SessionUser:
    """Who is logged in to this session: name, role, and how (``password``, ``platform`` or ``local``)."""

    name: str
    role: str
    source: str


def session_user() -> SessionUser | None:
    """Return the user logged in to this session, or None."""
    return st.session_state.get(_USER)


def set_session_user(user: SessionUser | None) -> None:
    """Log `user` in to this session (None logs out)."""
    if user is None:
        st.session_state.pop(_USER, None)
    else:
        st.session_state[_USER] = user


def set_notice(kind: str, text: str) -> None:
    """Keep a message (``success``, ``error`` ...) for the next run: callbacks run before the page draws."""
    st.session_state[_NOTICE] = (kind, text)


def pop_notice() -> tuple[str, str] | None:
    """Return and forget the message kept by `set_notice`."""
    return st.session_state.pop(_NOTICE, None)


# --------------------------------------------------------------------------- retrospection records
_RETRO_RECORDS_PREFIX = "retro_records|"


def retro_records(key: str) -> dict[tuple[str, str], dict[str, str]]:
    """Cause and corrective measure per flagged line (segment label, origin) kept for `key` (dataset|measure)."""
    return dict(st.session_state.get(_RETRO_RECORDS_PREFIX + key, {}))


def set_retro_records(key: str, records: dict[tuple[str, str], dict[str, str]]) -> None:
    """Keep the retrospective deviation records of `key` for this session."""
    st.session_state[_RETRO_RECORDS_PREFIX + key] = {k: dict(v) for k, v in records.items()}


# --------------------------------------------------------------------------- batch runs
_BATCH_RESULTS = "batch_results"


def batch_results() -> list[dict[str, Any]]:
    """Return what the session's last batch run stored: ``{"id", "assumptions"}`` per valuation."""
    return [dict(item) for item in st.session_state.get(_BATCH_RESULTS, [])]


def set_batch_results(items: list[dict[str, Any]]) -> None:
    """Keep the valuations the last batch run stored, so the Batch page lists them after reruns."""
    st.session_state[_BATCH_RESULTS] = [dict(item) for item in items]


# --------------------------------------------------------------------------- unearned premium page
_UPR_LISTING = "statement_upr_listing"


def upr_listing() -> tuple[FileBlob, str] | None:
    """Return the uploaded listing in use on the Unearned premium page and its mapping JSON (None: the sample)."""
    return st.session_state.get(_UPR_LISTING)


def set_upr_listing(blob: FileBlob | None, mapping_json: str = "{}") -> None:
    """Use a listing that passed validation (None goes back to the sample); a refused file never gets here."""
    st.session_state[_UPR_LISTING] = None if blob is None else (blob, mapping_json)


def refresh_widgets(name: str, signature: str, prefix: str) -> None:
    """Forget the widgets under `prefix` when what seeds them (`signature`) changes, so new defaults show."""
    slot = f"widgets_for|{name}"
    if st.session_state.get(slot) != signature:
        forget_widgets(prefix=prefix)
        st.session_state[slot] = signature
