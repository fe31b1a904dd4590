"""What the user is looking at: the current dataset, measure and segment, resolved together.

State keeps only references and choices; this module turns them into a `Scope` with
the dataset itself, checking that the remembered measure and segment still exist in it
(a new dataset falls back to its own defaults without writing anything back).
"""

from __future__ import annotations

from dataclasses import dataclass

from components.core import cached, state
from components.core.feedback import show_error
from components.i18n.catalogue import t
from reserving.dataset import Dataset, SegmentKey, segment_key

PREFERRED_MEASURES = ("paid", "incurred")
"""The default measure is the first of these the data has, else its first measure."""


@dataclass(frozen=True)
class Scope:
    """The dataset in use and the measure and segment chosen in it."""

    ref: state.DatasetRef
    dataset: Dataset
    measure: str
    segment: SegmentKey

    @property
    def segment_label(self) -> str:
        """Readable segment ('branch=北京, line=车险'; 'All segments' in the user's language)."""
        return segment_text(self.segment)


def segment_text(key: SegmentKey) -> str:
    """Label of a segment key in the user's language."""
    return ", ".join(f"{col}={val}" for col, val in key) if key else t("segment.all")


def default_measure(dataset: Dataset) -> str:
    """Return the measure shown when the user has not chosen one."""
    return next((m for m in PREFERRED_MEASURES if m in dataset.measures), dataset.measures[0])


def current_dataset(report: bool = True) -> Dataset | None:
    """Return the current dataset, or None (with the reason shown when `report`) if it cannot be built."""
    ref = state.dataset_ref()
    try:
        return cached.dataset_for(ref, state.upload(ref.id) if ref.kind == "upload" else None)
    except Exception as exc:  # the UI must keep working whatever the loader raised
        if report:
            show_error(exc)
        return None


def current_selection(report: bool = True) -> Scope | None:
    """Return the current dataset with a valid measure and segment, or None if it cannot be built."""
    dataset = current_dataset(report)
    if dataset is None:
        return None
    measure = state.measure()
    if measure not in dataset.measures:
        measure = default_measure(dataset)
    segment = segment_key(state.segment())
    if segment and segment not in dataset.segment_keys():
        segment = ()
    return Scope(ref=state.dataset_ref(), dataset=dataset, measure=measure, segment=segment)
