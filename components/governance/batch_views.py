"""The Batch page's parts: what to value, the run with its progress bar, and the valuations it stored.

A batch is `reserving.batch.run_batch` from the app. Its data is either the current dataset
(a bundled sample by id; an upload through its saved bytes and mapping, written to a
private temporary folder for the run) or an uploaded CONFIG.toml together with the files it
names. An uploaded config may only name files uploaded with it: every path must be relative
and stay inside that folder, so a config cannot read files of the server, and the config's
``scheduler`` and ``user`` are ignored (the run uses the logged-in user and 1 or 2 local
workers).

"Use latest saved assumptions" for the current dataset looks in both places a segment's
assumptions may have been saved: under the dataset the Saved work page saves (which records
the sample id) and under the dataset a batch saves; the newest set wins.
"""

from __future__ import annotations

import hashlib
import tempfile
import tomllib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

import pandas as pd
import streamlit as st

from components.core import state
from components.core.feedback import attempt
from components.core.scope import Scope
from components.core.tables import AMOUNT, show_table
from components.governance import auth, saved_work, storage_views
from components.i18n.catalogue import Labeller, t
from components.i18n.labels import dataset_text, measure_text, method_text, status_text
from reserving.assumptions import SegmentAssumptions
from reserving.batch import BatchConfig, ConfigError, SourceConfig, parse_config, run_batch
from reserving.batch.runner import batch_segments, saved_source
from reserving.dataset import Dataset, SegmentKey, segment_label
from reserving.mapping import ColumnMapping
from reserving.methods.registry import METHODS
from reserving.reports.valuation_run import dataset_from_bytes
from reserving.storage import AssumptionSetRecord, NotFoundError, Repository, dataset_content_hash
from reserving.storage.roles import Action
from reserving.storage.workflow import Status

SOURCE = "batch_source"
UPLOAD = "batch_upload"
SEGMENTS = "batch_segments"
METHODS_KEY = "batch_methods"
SELECTED = "batch_selected"
ASSUMPTIONS = "batch_assumptions"
WORKERS = "batch_workers"
RUN = "batch_run"
CURRENT, CONFIG = "current", "config"
SAVED, DEFAULTS = "saved", "defaults"
DEFAULT_METHODS = ("chainladder", "mack")
WORKER_CHOICES = (1, 2)
CONFIG_NAME = "CONFIG.toml"
FILE_KEYS = (("source", "path"), ("source", "mapping"), ("source", "premium_source"), ("assumptions", "file"))


@dataclass(frozen=True)
class BatchPlan:
    """The data side of a batch, before the user's choices.

    Attributes
    ----------
    config : BatchConfig
        The base config (the current dataset's, or the uploaded one as read).
    segments : list of SegmentKey
        Every segment the config values when no subset is chosen.
    files : dict of str to bytes
        Files written to the run's temporary folder (the upload, or the config's files).
    app_hash : str or None
        The Saved work page's dataset hash of the current dataset (None for a config).
    """

    config: BatchConfig
    segments: list[SegmentKey]
    files: dict[str, bytes] = field(default_factory=dict)
    app_hash: str | None = None


# ------------------------------------------------------------------- the data
def _safe_name(name: str) -> str:
    """Return the file name without any folder part (uploads are written flat into the run's folder)."""
    base = PureWindowsPath(PurePosixPath(name).name).name
    return base if base not in ("", ".", "..") else "data.csv"


@contextmanager
def run_folder(files: Mapping[str, bytes]) -> Iterator[Path]:
    """Write `files` into a new private temporary folder for the duration of the block."""
    with tempfile.TemporaryDirectory(prefix="reserving-batch-") as folder:
        root = Path(folder)
        for name, data in files.items():
            (root / _safe_name(name)).write_bytes(data)
        yield root


def _relocate(config: BatchConfig, folder: Path) -> BatchConfig:
    """Point a config read in one temporary folder at the same file in another."""
    source = config.source
    if source.path is None:
        return config
    return replace(config, source=replace(source, path=folder / source.path.name), base_dir=folder)


def current_plan(selection: Scope) -> BatchPlan:
    """Return the plan for the current dataset: every segment, the sidebar's measure, default assumptions."""
    saved = saved_work.source_of(selection)
    if selection.ref.kind == "sample":
        source, files = SourceConfig(sample=selection.ref.id, name=selection.dataset.name), {}
    else:
        name = _safe_name(saved.file_name)
        mapping = ColumnMapping.from_dict(saved.mapping)
        source, files = SourceConfig(path=Path(name), name=saved.name, mapping=mapping), {name: saved.data}
    config = BatchConfig(
        measure=selection.measure,
        methods=DEFAULT_METHODS,
        selected=DEFAULT_METHODS[0],
        source=source,
        defaults=SegmentAssumptions(measure=selection.measure),
    )
    segments = selection.dataset.segment_keys() or [()]
    return BatchPlan(config=config, segments=segments, files=files, app_hash=saved.content_hash)


def confined(data: Mapping[str, Any]) -> None:
    """Refuse a config that names a file outside its own folder (absolute, or climbing with '..').

    Raises
    ------
    ConfigError
        Naming the key and the path.
    """
    found: list[tuple[str, Any]] = []
    for table, key in FILE_KEYS:
        section = data.get(table)
        if isinstance(section, Mapping) and key in section:
            found.append((f"{table}.{key}", section[key]))
    for k, item in enumerate(data.get("segment_assumptions") or []):
        if isinstance(item, Mapping) and "file" in item:
            found.append((f"segment_assumptions[{k}].file", item["file"]))
    for key, value in found:
        text = str(value)
        parts = PurePosixPath(text.replace("\\", "/")).parts
        if PurePosixPath(text).is_absolute() or PureWindowsPath(text).is_absolute() or ".." in parts:
            raise ConfigError(
                f"config key '{key}': '{text}' is outside the config's folder; in the app a config may only "
                "name files uploaded with it (by their name)"
            )


def _config_files(uploads: list[tuple[str, bytes]]) -> tuple[bytes, dict[str, bytes]]:
    """Split the uploads into the config's bytes (the one .toml file) and every other file by name."""
    tomls = [(name, data) for name, data in uploads if name.lower().endswith(".toml")]
    if len(tomls) != 1:
        raise ConfigError(f"upload exactly one {CONFIG_NAME} (a .toml file) with the files it names")
    others = {_safe_name(name): data for name, data in uploads if not name.lower().endswith(".toml")}
    return tomls[0][1], others


@st.cache_resource(max_entries=4, show_spinner=False)
def _config_dataset(digest: str, _config: BatchConfig) -> Dataset:
    """Return the dataset a config values, read once per set of uploaded files (the digest)."""
    source = saved_source(_config.source)
    return dataset_from_bytes(source.data, source.file_name, source.mapping)


def config_plan(uploads: list[tuple[str, bytes]]) -> BatchPlan:
    """Read an uploaded config with the files it names and list the segments it values.

    Raises
    ------
    ConfigError
        A missing or invalid config (naming the key), or a path outside the uploaded files.
    """
    text, files = _config_files(uploads)
    try:
        data = tomllib.loads(text.decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"the uploaded config is not valid TOML: {exc}") from exc
    confined(data)
    digest = hashlib.sha256(text)
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    with run_folder(files) as folder:
        config = parse_config(data, folder)
        dataset = _config_dataset(digest.hexdigest(), config)
    segments = batch_segments(replace(config, segments=None), dataset)
    return BatchPlan(config=config, segments=segments, files=files)


# ------------------------------------------------------------------- the choices
def _latest(repo: Repository, hashes: list[str], key: SegmentKey, measure: str) -> AssumptionSetRecord | None:
    found = [repo.latest_assumptions(h, dict(key), measure) for h in dict.fromkeys(hashes)]
    found = [record for record in found if record is not None]
    return max(found, key=lambda record: record.id) if found else None


def with_saved_assumptions(
    repo: Repository, plan: BatchPlan, config: BatchConfig
) -> tuple[BatchConfig, dict[SegmentKey, str]]:
    """For the current dataset: each segment's newest saved assumptions (app or batch dataset) as its own.

    Returns the config with those sets as per-segment assumptions, and a label (``saved vN``)
    for each segment that has one; the others keep the defaults.
    """
    batch = saved_source(config.source)
    hashes = [h for h in (plan.app_hash, dataset_content_hash(batch.data, batch.mapping)) if h]
    per_segment: dict[SegmentKey, SegmentAssumptions] = {}
    labels: dict[SegmentKey, str] = {}
    for key in config.segments if config.segments is not None else plan.segments:
        record = _latest(repo, hashes, key, config.measure)
        if record is not None:
            data = record.assumptions if isinstance(record.assumptions, dict) else {}
            per_segment[key] = SegmentAssumptions.from_dict({**data, "measure": config.measure})
            labels[key] = f"saved v{record.version}"
    return replace(config, per_segment=per_segment, use_saved_assumptions=False), labels


def method_label(name: str) -> str:
    """Return a method's name in the session's language (a module-level function: widget options must pickle)."""
    return method_text(name)


def _segment_options(plan: BatchPlan) -> dict[str, SegmentKey]:
    return {segment_label(key) if key else t("segment.all"): key for key in plan.segments}


def choose(plan: BatchPlan) -> BatchConfig:
    """Draw the choices (segments, methods, selected method, assumptions, workers); return the config to run."""
    base = plan.config
    options = _segment_options(plan)
    cols = st.columns(2)
    picked = []
    if len(options) > 1:
        picked = cols[0].multiselect(t("batch.segments"), list(options), key=SEGMENTS, help=t("batch.segments_help"))
    else:
        cols[0].caption(t("batch.one_segment", segment=next(iter(options))))
    cols[1].caption(t("batch.measure", measure=measure_text(base.measure)))
    state.seed_widget(METHODS_KEY, [m for m in base.methods if m in METHODS])
    methods = cols[0].multiselect(t("batch.methods"), list(METHODS), key=METHODS_KEY, format_func=method_label)
    chosen = methods or [base.selected]
    if state.widget_value(SELECTED) not in chosen:
        state.forget_widgets((SELECTED,))
        state.seed_widget(SELECTED, base.selected if base.selected in chosen else chosen[0])
    selected = cols[1].selectbox(t("batch.selected"), chosen, key=SELECTED, format_func=method_label)
    assumptions = cols[0].radio(
        t("batch.assumptions"),
        (SAVED, DEFAULTS),
        key=ASSUMPTIONS,
        index=1,
        format_func=Labeller("batch.assumptions."),
        help=t("batch.assumptions_help"),
    )
    workers = cols[1].radio(
        t("batch.workers"), WORKER_CHOICES, key=WORKERS, horizontal=True, help=t("batch.workers_help")
    )
    return replace(
        base,
        segments=tuple(options[label] for label in picked) or base.segments,
        methods=tuple(chosen),
        selected=selected,
        use_saved_assumptions=assumptions == SAVED,
        workers=int(workers),
        scheduler=None,
    )


# ------------------------------------------------------------------- the run
def execute(
    repo: Repository,
    plan: BatchPlan,
    config: BatchConfig,
    user: str,
    progress: Callable[[int, int, str], None],
) -> list[dict[str, Any]]:
    """Run the batch in a private folder; return what each stored valuation is (id and assumptions source)."""
    labels: dict[SegmentKey, str] = {}
    with run_folder(plan.files) as folder:
        config = _relocate(config, folder)
        if config.use_saved_assumptions and plan.app_hash is not None:
            config, labels = with_saved_assumptions(repo, plan, config)
        outcomes = run_batch(config, progress, repo=repo, user=user, workers=config.workers, scheduler="")
    return [
        {
            "id": outcome.valuation_id,
            "assumptions": labels.get(tuple(sorted(outcome.segment.items())), outcome.assumptions_source),
        }
        for outcome in outcomes
    ]


def run_button(plan: BatchPlan, config: BatchConfig, repo: Repository) -> None:
    """Draw the run button (disabled with the reason for a role that may not save) and the progress bar of a run."""
    user = auth.current_user()
    why = None if auth.can(Action.CREATE_VALUATION, user) else t("auth.cannot", role=auth.role_label(user.role))
    if why is not None:
        st.caption(why)
    pressed = st.button(
        t("batch.run"), key=RUN, type="primary", disabled=why is not None, help=why, icon=":material/play_arrow:"
    )
    if not pressed:
        return
    bar = st.progress(0.0, text=t("batch.progress.start"))

    def progress(done: int, total: int, label: str) -> None:
        bar.progress(done / max(total, 1), text=t("batch.progress.step", done=done, total=total, segment=label))

    stored = attempt(execute, repo, plan, config, user.name, progress)
    if stored is None:
        bar.empty()
        return
    bar.progress(1.0, text=t("batch.progress.done", count=len(stored)))
    state.set_batch_results(stored)
    st.success(t("batch.done", count=len(stored)))


# ------------------------------------------------------------------- the results
def results_frame(records: list[tuple[Any, str]]) -> pd.DataFrame:
    """One row per stored valuation: id, segment, measure, method, status, totals, where its assumptions came from."""
    rows = []
    for record, source in records:
        total = record.results.get("total", {}) if isinstance(record.results, Mapping) else {}
        rows.append(
            {
                "id": record.id,
                "segment": storage_views.segment_text(record.segment),
                "measure": record.measure,
                "method": record.method,
                "status": record.status,
                "latest": total.get("latest"),
                "ultimate": total.get("ultimate"),
                "ibnr": total.get("ibnr"),
                "std_err": total.get("std_err"),
                "assumptions": source,
            }
        )
    columns = ["id", "segment", "measure", "method", "status", "latest", "ultimate", "ibnr", "std_err", "assumptions"]
    frame = pd.DataFrame(rows, columns=columns)
    for name in ("latest", "ultimate", "ibnr", "std_err"):
        frame[name] = pd.to_numeric(frame[name])
    return frame


def render_results(repo: Repository) -> None:
    """List the valuations the session's last batch stored, read back from the database, with a link to each."""
    stored = state.batch_results()
    if not stored:
        return
    records = []
    for item in stored:
        try:
            records.append((repo.get_valuation(int(item["id"])), str(item["assumptions"])))
        except NotFoundError:
            continue
    if not records:
        return
    st.subheader(t("batch.results"))
    show_table(results_frame(records), "batch_results", number_format=AMOUNT)
    st.caption(t("batch.drafts", status=status_text(Status.DRAFT.value)))
    for record, _ in records:
        st.page_link(
            "app_pages/valuations.py",
            label=t("batch.link", id=record.id, segment=storage_views.segment_text(record.segment)),
            icon=":material/approval:",
            query_params={"valuation": str(record.id)},
        )


def render_source(selection: Scope | None) -> BatchPlan | None:
    """Draw the data choice (current dataset or an uploaded config) and return its plan (None until there is one)."""
    source = st.radio(
        t("batch.source"), (CURRENT, CONFIG), key=SOURCE, format_func=Labeller("batch.source."), horizontal=True
    )
    if source == CURRENT:
        if selection is None:
            st.info(t("batch.no_dataset"))
            return None
        st.caption(t("batch.current", dataset=dataset_text(selection.dataset.name)))
        return current_plan(selection)
    uploads = st.file_uploader(t("batch.upload"), key=UPLOAD, accept_multiple_files=True, help=t("batch.upload_help"))
    if not uploads:
        st.caption(t("batch.upload_hint"))
        return None
    return attempt(config_plan, [(file.name, file.getvalue()) for file in uploads])
