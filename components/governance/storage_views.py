"""Pure builders of the saved-work tables and the comparison chart (records in, DataFrame or Figure out).

No Streamlit calls here, so each builder is tested as a plain function; the pages show
the frames with `components.core.tables.show_table`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from components.core.charts import _apply_theme
from reserving.dataset import segment_key, segment_label
from reserving.storage import AssumptionSetRecord, DatasetRecord, Status, TransitionRecord, ValuationRecord
from reserving.storage.diff import TOTAL

VALUATION_COLUMNS = [
    "id",
    "version",
    "status",
    "locked",
    "dataset",
    "segment",
    "measure",
    "method",
    "ultimate",
    "ibnr",
    "created_by",
    "created_at",
    "updated_at",
    "parent_id",
]
NUMERIC_FIELDS = ("latest", "ultimate", "ibnr", "std_err")


def segment_text(segment: Any) -> str:
    """Return the label of a saved segment (a dict, or a list of dicts for a valuation over several)."""
    if isinstance(segment, list):
        return "; ".join(segment_text(item) for item in segment) or segment_label(())
    return segment_label(segment_key(segment if isinstance(segment, Mapping) else None))


def _time(value: Any) -> str:
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize("UTC")
    return stamp.tz_convert("UTC").strftime("%Y-%m-%d %H:%M:%S")


def datasets_frame(records: Iterable[DatasetRecord]) -> pd.DataFrame:
    """Tabulate saved datasets, newest first: name, file, size, who saved them, when, and the hash prefix."""
    rows = [
        {
            "id": r.id,
            "name": r.name,
            "file_name": r.file_name or "",
            "size": r.size,
            "saved_by": r.created_by,
            "saved_at": _time(r.created_at),
            "hash": r.content_hash[:12],
        }
        for r in records
    ]
    return pd.DataFrame(rows, columns=["id", "name", "file_name", "size", "saved_by", "saved_at", "hash"])


def history_frame(records: Iterable[AssumptionSetRecord]) -> pd.DataFrame:
    """Tabulate the saved assumption versions of a dataset: segment, measure, version, who, when, why, method."""
    rows = [
        {
            "id": r.id,
            "segment": segment_text(r.segment),
            "measure": r.measure,
            "version": r.version,
            "default_method": (r.assumptions or {}).get("selection", {}).get("default_method", ""),
            "saved_by": r.created_by,
            "saved_at": _time(r.created_at),
            "reason": r.reason or "",
        }
        for r in records
    ]
    columns = ["id", "segment", "measure", "version", "default_method", "saved_by", "saved_at", "reason"]
    return pd.DataFrame(rows, columns=columns)


def _total(record: ValuationRecord, name: str) -> float | None:
    results = record.results if isinstance(record.results, Mapping) else {}
    value = (results.get("total") or {}).get(name)
    return float(value) if isinstance(value, int | float) else None


def valuations_frame(records: Iterable[ValuationRecord], dataset_names: Mapping[str, str]) -> pd.DataFrame:
    """Tabulate one row per valuation: workflow state (approved ones are locked) and the selected totals."""
    rows = [
        {
            "id": r.id,
            "version": r.version,
            "status": r.status,
            "locked": r.status == Status.APPROVED.value,
            "dataset": dataset_names.get(r.data_hash, r.data_hash[:12]),
            "segment": segment_text(r.segment),
            "measure": r.measure,
            "method": r.method or "",
            "ultimate": _total(r, "ultimate"),
            "ibnr": _total(r, "ibnr"),
            "created_by": r.created_by,
            "created_at": _time(r.created_at),
            "updated_at": _time(r.updated_at),
            "parent_id": r.parent_id,
        }
        for r in records
    ]
    return pd.DataFrame(rows, columns=VALUATION_COLUMNS)


def filter_valuations(
    records: Sequence[ValuationRecord],
    status: str | None = None,
    dataset_hash: str | None = None,
    segment: str | None = None,
) -> list[ValuationRecord]:
    """Return the valuations matching every filter given (None: any); `segment` is the label `segment_text` gives."""
    return [
        r
        for r in records
        if (status is None or r.status == status)
        and (dataset_hash is None or r.data_hash == dataset_hash)
        and (segment is None or segment_text(r.segment) == segment)
    ]


def selected_results_frame(record: ValuationRecord) -> pd.DataFrame:
    """Tabulate the valuation's selected result by origin, with a total row."""
    results = record.results if isinstance(record.results, Mapping) else {}
    columns = ["origin", "latest", "ultimate", "ibnr", "std_err", "method", "reason"]
    rows = [{name: entry.get(name) for name in columns} for entry in results.get("origins") or []]
    total = results.get("total") or {}
    if total:
        rows.append({"origin": TOTAL, **{name: total.get(name) for name in NUMERIC_FIELDS}, "method": "", "reason": ""})
    frame = pd.DataFrame(rows, columns=columns)
    for name in NUMERIC_FIELDS:
        frame[name] = pd.to_numeric(frame[name], errors="coerce")
    return frame.set_index("origin")


def transitions_frame(records: Iterable[TransitionRecord]) -> pd.DataFrame:
    """Tabulate the status history of a valuation, oldest first."""
    rows = [
        {
            "at": _time(r.at),
            "from": r.from_status,
            "to": r.to_status,
            "by": r.by,
            "comment": r.comment or "",
            "reason": r.reason or "",
        }
        for r in records
    ]
    return pd.DataFrame(rows, columns=["at", "from", "to", "by", "comment", "reason"])


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _version(old: Any, new: Any) -> int | None:
    """Return the valuation version an audit entry changes (its new value's, else its old one's)."""
    for value in (new, old):
        if isinstance(value, Mapping) and isinstance(value.get("version"), int):
            return int(value["version"])
    return None


def audit_display(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the audit log as shown and downloaded: times as UTC text, old and new values as JSON text.

    A ``version`` column beside ``object_id`` names the valuation version each valuation entry
    changed, so the log reads "valuation 1, version 1 submitted" without opening the JSON.
    """
    shown = frame.copy()
    versions = [
        _version(old, new) if kind == "valuation" else None
        for kind, old, new in zip(shown["object_type"], shown["old_value"], shown["new_value"], strict=True)
    ]
    shown.insert(shown.columns.get_loc("object_id") + 1, "version", pd.array(versions, dtype="Int64"))
    shown["at"] = [_time(value) for value in shown["at"]]
    for name in ("old_value", "new_value", "reason"):
        shown[name] = [_text(value) for value in shown[name]]
    return shown


def assumption_changes(frame: pd.DataFrame, changed_only: bool) -> pd.DataFrame:
    """Return the assumptions diff (`Repository.compare_valuations`), values as text, optionally only changed items."""
    shown = frame[frame["changed"]] if changed_only else frame
    shown = shown.copy()
    for name in ("a", "b"):
        shown[name] = [_text(value) for value in shown[name]]
    return shown.set_index("item")


def result_changes(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the numeric part of the results diff: one row per segment, origin and field (latest, ultimate, ...)."""
    numeric = frame[frame["field"].isin(NUMERIC_FIELDS)].copy()
    for name in ("a", "b", "change", "relative_change"):
        numeric[name] = pd.to_numeric(numeric[name], errors="coerce")
    return numeric.reset_index(drop=True)


def figures_by_origin(frame: pd.DataFrame, field: str = "ultimate") -> pd.DataFrame:
    """Return one field (ultimate, IBNR ...) of both valuations by origin, no total row.

    Columns ``origin``, ``a``, ``b``, ``change``.

    The valuation's own rows are used (the first segment listed: the valuation's segment, or
    "All segments" for a company figure); a results layout with only per-segment origins (the
    older ``estimate`` output) is added up by origin, which is how its total was made.
    """
    rows = result_changes(frame)
    rows = rows[(rows["field"] == field) & (rows["origin"] != TOTAL)]
    if rows.empty:
        return pd.DataFrame(columns=["origin", "a", "b", "change"])
    first = result_changes(frame)["segment"].iloc[0]
    own = rows[rows["segment"] == first]
    if own.empty:
        own = rows.groupby("origin", sort=False, as_index=False)[["a", "b"]].sum(min_count=1)
        own["change"] = own["b"] - own["a"]
    return own[["origin", "a", "b", "change"]].reset_index(drop=True)


def ultimates_by_origin(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the ultimates of both valuations by origin (`figures_by_origin` of ``ultimate``)."""
    return figures_by_origin(frame, "ultimate")


def origin_comparison(frame: pd.DataFrame) -> pd.DataFrame:
    """Tabulate ultimate and IBNR of both valuations by origin, with a total row: what a manager compares.

    Columns ``ultimate_a``, ``ultimate_b``, ``ultimate_change``, ``ibnr_a``, ``ibnr_b``,
    ``ibnr_change``, indexed by origin; the total row is the valuations' own totals.
    """
    parts = []
    for field in ("ultimate", "ibnr"):
        part = figures_by_origin(frame, field).set_index("origin")
        total = total_change(frame, field)
        if total is not None:
            part.loc[TOTAL] = list(total)
        parts.append(part.rename(columns={name: f"{field}_{name}" for name in ("a", "b", "change")}))
    joined = parts[0].join(parts[1], how="outer", sort=False)
    joined.index.name = "origin"
    return joined.astype(float)


def ultimates_chart(frame: pd.DataFrame, label_a: str, label_b: str, x_title: str, y_title: str) -> go.Figure:
    """Draw grouped bars of the two valuations' ultimates by origin (`ultimates_by_origin` layout)."""
    fig = go.Figure()
    fig.add_bar(x=frame["origin"].astype(str), y=frame["a"], name=label_a)
    fig.add_bar(x=frame["origin"].astype(str), y=frame["b"], name=label_b)
    _apply_theme(fig, None)
    fig.update_layout(barmode="group", xaxis_title=x_title, yaxis_title=y_title)
    fig.update_xaxes(type="category")
    return fig


def total_change(frame: pd.DataFrame, field: str = "ultimate") -> tuple[float, float, float] | None:
    """Return (a, b, b - a) of a field's total in the results diff, or None when either side has no total."""
    rows = result_changes(frame)
    found = rows[(rows["origin"] == TOTAL) & (rows["field"] == field)]
    if found.empty or found[["a", "b"]].isna().any(axis=None):
        return None
    a, b = float(found["a"].iloc[0]), float(found["b"].iloc[0])
    return a, b, b - a
