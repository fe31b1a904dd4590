"""The assumptions of the segment being analysed, as one frozen `SegmentAssumptions`.

State keeps them as plain dicts (see `components.core.state`), one per dataset content hash,
segment and measure, so they survive page changes and a new dataset or segment starts
from its own. Pages read them with `load`, let editors return a changed copy and write it
back with `Slot.save`; every change makes a new frozen object, which is also the cache key of
the method results.

An assumption typed under "All segments" of segmented data applies to every segment: the
slot of "All segments" knows the slots of the segments, and `Slot.save` writes each changed
field (a tail, an average, one loss ratio) into every segment's own assumptions too, leaving
what the segments set apart for themselves alone. The pages say so with the count
(`scope_notes`). So the sum of the segments and the summed triangle both see the assumption.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import Any

from components.core import state
from components.core.scope import Scope
from components.i18n.catalogue import t
from reserving.assumptions import LossRatioAssumptions, SegmentAssumptions
from reserving.errors import AssumptionError

WIDGET_PREFIXES = ("dev_", "tail_", "meth_", "sel_", "unc_")
"""Key prefixes of the widgets that edit assumptions; they are re-seeded when the key changes."""


def assumptions_key(dataset_hash: str, segment: tuple, measure: str) -> str:
    """One string naming the assumptions of a dataset, segment and measure."""
    segment_json = json.dumps([list(pair) for pair in segment], ensure_ascii=False)
    return f"{dataset_hash}|{segment_json}|{measure}"


@dataclass(frozen=True)
class Slot:
    """Where the assumptions of one dataset, segment and measure are kept.

    Small and picklable, so widget callbacks take a slot as their argument rather than the
    dataset itself.
    """

    key: str
    measure: str
    has_premium: bool = False
    segment_keys: tuple[str, ...] = ()
    """Slots of every segment when this is "All segments" of segmented data (changes made here apply there)."""

    def defaults(self) -> SegmentAssumptions:
        """Return the starting assumptions of the measure.

        With premium, the a-priori loss ratios start from Cape Cod's implied loss ratio, so
        expected loss, BF and Benktander have an a priori grounded in the data from the first
        view; the user replaces it in the loss-ratio table.
        """
        if self.has_premium:
            return SegmentAssumptions(measure=self.measure, loss_ratio=LossRatioAssumptions(source="cape_cod"))
        return SegmentAssumptions(measure=self.measure)

    def load(self) -> SegmentAssumptions:
        """Return the stored assumptions, or the defaults of the measure.

        A stored dict that no longer validates (a file from another version, say) gives
        the defaults rather than a broken page.
        """
        data = state.assumptions_data(self.key)
        if data is None:
            return self.defaults()
        try:
            return replace(SegmentAssumptions.from_dict(data), measure=self.measure)
        except (AssumptionError, TypeError, ValueError):
            return self.defaults()

    def save(self, assumptions: SegmentAssumptions) -> None:
        """Store the assumptions (as a plain dict); under "All segments", apply what changed to every segment."""
        new = replace(assumptions, measure=self.measure)
        if self.segment_keys:
            changes = changed_parts(self.load(), new)
            if changes:
                for key in self.segment_keys:
                    own = Slot(key, self.measure, self.has_premium)
                    own.save(apply_changes(own.load(), changes))
        state.set_assumptions_data(self.key, new.to_dict())

    def update(self, **parts: Any) -> SegmentAssumptions:
        """Replace parts (``development=...``, ``tail=...``) of the stored assumptions, save and return them."""
        changed = replace(self.load(), **parts)
        self.save(changed)
        return changed


Changes = dict[str, Any]
"""Changed fields: top-level name -> new value, or -> {sub-field: new value} for the nested parts."""


def changed_parts(old: SegmentAssumptions, new: SegmentAssumptions) -> Changes:
    """Return what `new` changes in `old`, field by field (a nested part such as the tail by its own fields)."""
    changes: Changes = {}
    for part in fields(SegmentAssumptions):
        if part.name == "measure":
            continue
        before, after = getattr(old, part.name), getattr(new, part.name)
        if before == after:
            continue
        if is_dataclass(after) and type(before) is type(after):
            changes[part.name] = {
                f.name: getattr(after, f.name)
                for f in fields(after)
                if getattr(before, f.name) != getattr(after, f.name)
            }
        else:
            changes[part.name] = after
    return changes


def apply_changes(assumptions: SegmentAssumptions, changes: Changes) -> SegmentAssumptions:
    """Apply `changed_parts` output to another segment's assumptions."""
    parts: dict[str, Any] = {}
    for name, change in changes.items():
        current = getattr(assumptions, name)
        parts[name] = replace(current, **change) if isinstance(change, dict) and is_dataclass(current) else change
    return replace(assumptions, **parts)


def segment_count(selection: Scope) -> int:
    """How many segments "All segments" covers (0 for a single segment or unsegmented data)."""
    if selection.segment:
        return 0
    count = len(selection.dataset.segment_keys())
    return count if count > 1 else 0


def slot_of(selection: Scope, measure: str | None = None) -> Slot:
    """Return the slot of the current selection (or of another measure of the same segment)."""
    measure = measure or selection.measure
    dataset = selection.dataset
    key = assumptions_key(dataset.content_hash, selection.segment, measure)
    segments = ()
    if segment_count(selection):
        segments = tuple(assumptions_key(dataset.content_hash, k, measure) for k in dataset.segment_keys())
    return Slot(key, measure, has_premium=dataset.has_premium, segment_keys=segments)


def scope_notes(selection: Scope) -> list[str]:
    """Return what a page says under "All segments": how the total is valued, and that assumptions apply to all."""
    count = segment_count(selection)
    if not count:
        return []
    return [t(f"val.note.{state.aggregate()}", count=count), t("val.applies", count=count)]


def load(selection: Scope, measure: str | None = None) -> SegmentAssumptions:
    """Return the stored assumptions of the selection (see `Slot.load`)."""
    return slot_of(selection, measure).load()


def prepare_widgets(selection: Scope) -> None:
    """Re-seed assumption widgets when the dataset, segment or measure changed since they were drawn."""
    state.refresh_assumption_widgets(slot_of(selection).key, WIDGET_PREFIXES)


def reset_widgets(prefix: str) -> None:
    """Forget widget values of one page so they are seeded again from the assumptions."""
    state.forget_widgets(prefix=prefix)


def apply_upload(selection: Scope, data: bytes) -> SegmentAssumptions | None:
    """Apply an uploaded assumptions file once; return the new assumptions, or None if already applied.

    Raises
    ------
    AssumptionError
        The file is not valid JSON or holds invalid values.
    """
    digest = hashlib.sha256(data).hexdigest()
    slot = slot_of(selection)
    if state.applied_upload(slot.key) == digest:
        return None
    loaded = replace(read_assumptions(data), measure=slot.measure)
    slot.save(loaded)
    state.set_applied_upload(slot.key, digest)
    for prefix in WIDGET_PREFIXES:
        reset_widgets(prefix)
    return loaded


def read_assumptions(data: bytes) -> SegmentAssumptions:
    """Read an uploaded assumptions file, turning any malformed content into an `AssumptionError`.

    `SegmentAssumptions.loads` checks values but lets some wrongly typed fields through as
    Python errors (an age written ``"12-24"`` fails ``int()``); a user must read that the
    file is at fault, not see a crash.

    Raises
    ------
    AssumptionError
        The file is not UTF-8 JSON, or a field has the wrong type or an invalid value.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AssumptionError(t("assumptions.not_text")) from exc
    try:
        return SegmentAssumptions.loads(text)
    except AssumptionError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
        raise AssumptionError(t("assumptions.malformed", detail=_detail(exc))) from exc


def _detail(exc: Exception) -> str:
    """Quote the offending value of a malformed file from the exception, where it names one."""
    text = str(exc)
    quoted = text.split(": ", 1)[1] if ": " in text else ""
    return quoted or type(exc).__name__
