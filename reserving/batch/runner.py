"""The batch run: value every segment of a dataset and store one valuation per segment.

`run_batch(config, progress=callback)` is the entry point for the command line and the app:

1. check the acting user may save (before any work);
2. read the data and fix the bytes to save: a data file is saved as it is, with the
   completed column mapping; a bundled sample (or data whose premium comes from a separate
   file) is saved as a canonical CSV that reads back to identical numbers
   (`reserving.reports.valuation_run.canonical_csv`). Valuations are then computed from
   exactly the saved bytes, so a report recomputed later equals what was stored;
3. pick each segment's assumptions: its own file, else (with ``use_saved_assumptions``) the
   latest saved set, else the config's defaults;
4. compute every segment, in this process or on a Dask cluster (``workers > 1`` starts a
   `LocalCluster` of single-threaded processes; ``scheduler`` connects to a running one).
   Tasks only compute and return plain JSON; nothing is written until every segment is
   done, so a failing segment stores nothing and storage keeps a single writer (this
   process);
5. save the dataset, each segment's assumptions and one draft valuation per segment, in
   the valuation schema (`reserving.valuation`: `assumptions_json` and `ValuationResults`).
   The results include the booking a later retrospective analysis reads: valuation date,
   pattern, Mack s.e. and paid by origin (`reserving.retrospection.booking`).
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from reserving.assumptions import SegmentAssumptions
from reserving.batch.config import BatchConfig, ConfigError, SourceConfig
from reserving.dataset import Dataset, SegmentKey, segment_label, unknown_measure, unknown_segment_column
from reserving.errors import InputError, ReservingError
from reserving.mapping import ColumnMapping
from reserving.reports.valuation_run import canonical_csv, compute_exhibits, dataset_from_bytes, results_json
from reserving.storage import NotFoundError, Repository, open_database
from reserving.storage.roles import Action, allowed
from reserving.valuation import ValuationResults, ValuationSpec, assumptions_json, make_spec

ProgressCallback = Callable[[int, int, str], None]
"""Called as ``progress(done, total, label)`` each time a segment finishes computing."""

FIRST_USER_ROLE = "chief_actuary"


@dataclass(frozen=True)
class SavedSource:
    """The bytes a batch saves and computes from."""

    data: bytes
    file_name: str
    mapping: dict[str, Any]
    name: str

    @property
    def key(self) -> str:
        """Identity of bytes and mapping (a cache key on workers)."""
        digest = hashlib.sha256(self.data)
        digest.update(json.dumps(self.mapping, sort_keys=True).encode())
        return digest.hexdigest()


@dataclass(frozen=True)
class SegmentOutcome:
    """What the batch stored for one segment (one line of the command's output)."""

    valuation_id: int
    segment: dict[str, str]
    measure: str
    method: str
    latest: float
    ultimate: float
    ibnr: float
    std_err: float | None
    assumptions_source: str

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict (the ``run`` command's output fields)."""
        return {
            "valuation_id": self.valuation_id,
            "segment": self.segment,
            "measure": self.measure,
            "method": self.method,
            "latest": self.latest,
            "ultimate": self.ultimate,
            "ibnr": self.ibnr,
            "std_err": self.std_err,
            "assumptions_source": self.assumptions_source,
        }


class TextProgress:
    """A one-line text progress bar, written to stderr (stdout carries the JSON)."""

    def __init__(self, stream: IO[str] | None = None, width: int = 30) -> None:
        self.stream = stream or sys.stderr
        self.width = width

    def __call__(self, done: int, total: int, label: str) -> None:
        """Redraw the bar; end the line when everything is done."""
        filled = self.width * done // max(total, 1)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} {label[:60]:<60}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


# ------------------------------------------------------------------------- the user
def check_user(repo: Repository, name: str | None, create_first: bool = False) -> str:
    """Return the acting user, who must exist with a role that may create valuations.

    In an empty database (no users at all) and with `create_first`, `name` is created as
    the first user with the chief actuary role: someone must be able to add the others.

    Raises
    ------
    ConfigError
        No user named, an unknown user, or a role that may not save (key ``user``).
    """
    if not name:
        raise ConfigError("config key 'user': missing: name the user who saves the valuations (or pass --user NAME)")
    try:
        record = repo.get_user(name)
    except NotFoundError:
        if create_first and not repo.list_users():
            record = repo.add_user(name, FIRST_USER_ROLE)
        elif not repo.list_users():
            raise ConfigError(
                f"config key 'user': the database has no users yet; pass --user {name} to create "
                f"'{name}' as its first user ({FIRST_USER_ROLE.replace('_', ' ')})"
            ) from None
        else:
            raise ConfigError(f"config key 'user': no user named '{name}'; ask a chief actuary to add you") from None
    if not allowed(record.role, Action.CREATE_VALUATION):
        raise ConfigError(f"config key 'user': '{name}' is a {record.role} and may not save valuations")
    return record.name


# ------------------------------------------------------------------------- the data
def saved_source(source: SourceConfig) -> SavedSource:
    """Fix the bytes and mapping to save for `source` (see the module docstring).

    Raises
    ------
    ConfigError
        The file cannot be read or has errors (key ``source.path``), or the sample is unknown.
    """
    if source.sample:
        from reserving.samples import get_sample  # noqa: PLC0415 - chainladder samples load only when asked for

        dataset = get_sample(source.sample)
        data, mapping = canonical_csv(dataset)
        return SavedSource(data, f"{source.sample}.csv", mapping.to_dict(), source.name or dataset.name)
    from reserving.ingest import load_path  # noqa: PLC0415 - the readers are heavy

    assert source.path is not None
    loaded = load_path(source.path, source.mapping)
    try:
        loaded.report.raise_if_errors()
    except InputError as exc:
        raise ConfigError(f"config key 'source.path': {exc}") from exc
    assert loaded.dataset is not None
    name = source.name or source.path.name
    if _separate_premium_file(source):
        data, mapping = canonical_csv(loaded.dataset)
        return SavedSource(data, f"{source.path.stem}.csv", mapping.to_dict(), name)
    return SavedSource(source.path.read_bytes(), source.path.name, loaded.mapping.to_dict(), name)


def _separate_premium_file(source: SourceConfig) -> bool:
    premium = source.mapping.premium_source
    if not premium or source.path is None:
        return False
    candidate = Path(premium)
    return candidate.is_file() or (not candidate.is_absolute() and (source.path.parent / candidate).is_file())


_DATASETS: dict[str, Dataset] = {}


def saved_dataset(data: bytes, file_name: str, mapping: dict[str, Any], key: str) -> Dataset:
    """Read saved bytes once per process (workers value several segments of the same data)."""
    if key not in _DATASETS:
        _DATASETS.clear()
        _DATASETS[key] = dataset_from_bytes(data, file_name, ColumnMapping.from_dict(mapping))
    return _DATASETS[key]


def value_segment(data: bytes, file_name: str, mapping: dict[str, Any], key: str, spec: ValuationSpec) -> dict:
    """Compute one segment's results JSON from saved bytes: the task run locally or on a worker."""
    dataset = saved_dataset(data, file_name, mapping, key)
    return results_json(compute_exhibits(dataset, spec))


# ------------------------------------------------------------------------- segments
def batch_segments(config: BatchConfig, dataset: Dataset) -> list[SegmentKey]:
    """Return the segments to value: listed ones (combined with the source filter) or every segment.

    Raises
    ------
    ConfigError
        A listed segment or filter that the data does not have (key ``segments`` or ``source.filter``).
    """
    filters = config.source.filters
    for column, value in filters.items():
        if column not in dataset.segments:
            raise ConfigError(f"config key 'source.filter': {unknown_segment_column(column, list(dataset.segments))}")
        if value not in dataset.segment_values()[column]:
            raise ConfigError(f"config key 'source.filter': no segment {column}={value}")
    if config.segments is None:
        filtered = dataset.filter(filters)
        keys = filtered.segment_keys()
        return keys or [tuple(sorted(filters.items()))]
    keys = []
    for key in config.segments:
        combined = tuple(sorted({**filters, **dict(key)}.items()))
        try:
            dataset.rows(combined)
        except InputError as exc:
            raise ConfigError(f"config key 'segments': {segment_label(key)}: {exc}") from exc
        keys.append(combined)
    return list(dict.fromkeys(keys))


def _assumptions_for(
    config: BatchConfig, repo: Repository, dataset_hash: str, key: SegmentKey
) -> tuple[SegmentAssumptions, str]:
    own = config.per_segment.get(key)
    if own is None:
        own = next((a for k, a in config.per_segment.items() if set(k) <= set(key) and k), None)
    if own is not None:
        return own, "file"
    if config.use_saved_assumptions:
        saved = repo.latest_assumptions(dataset_hash, dict(key), config.measure)
        if saved is not None:
            data = saved.assumptions if isinstance(saved.assumptions, dict) else {}
            return SegmentAssumptions.from_dict({**data, "measure": config.measure}), f"saved v{saved.version}"
    return config.defaults, "defaults"


def _check_per_segment(config: BatchConfig, keys: list[SegmentKey]) -> None:
    for k, key in enumerate(config.per_segment):
        if not any(set(key) <= set(valued) for valued in keys):
            raise ConfigError(
                f"config key 'segment_assumptions[{k}].segment': {segment_label(key)} is not among the segments valued"
            )


# ------------------------------------------------------------------------- compute
def _compute_serial(source: SavedSource, specs: list[ValuationSpec], progress: ProgressCallback | None) -> list[dict]:
    out = []
    for done, spec in enumerate(specs, start=1):
        out.append(value_segment(source.data, source.file_name, source.mapping, source.key, spec))
        if progress:
            progress(done, len(specs), segment_label(spec.segment))
    return out


def _compute_dask(
    source: SavedSource,
    specs: list[ValuationSpec],
    progress: ProgressCallback | None,
    workers: int,
    scheduler: str | None,
) -> list[dict]:
    """Spread segments over a Dask cluster; results come back in the order of `specs`."""
    from dask.distributed import Client, LocalCluster, as_completed  # noqa: PLC0415 - only for parallel runs

    def run(client: Client) -> list[dict]:
        data = client.scatter(source.data, broadcast=True)
        futures = [
            client.submit(value_segment, data, source.file_name, source.mapping, source.key, spec, pure=False)
            for spec in specs
        ]
        index = {future.key: k for k, future in enumerate(futures)}
        for done, future in enumerate(as_completed(futures), start=1):
            if future.status == "error":
                for other in futures:
                    other.cancel()
                future.result()  # re-raises the task's error here
            if progress:
                progress(done, len(specs), segment_label(specs[index[future.key]].segment))
        return [future.result() for future in futures]

    if scheduler:
        try:
            client = Client(scheduler, timeout="30s")
        except (OSError, TimeoutError) as exc:
            raise ConfigError(f"config key 'scheduler': cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        with client:
            return run(client)
    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        return run(client)


# ------------------------------------------------------------------------- the run
def run_batch(
    config: BatchConfig,
    progress: ProgressCallback | None = None,
    *,
    repo: Repository | None = None,
    user: str | None = None,
    create_first_user: bool = False,
    workers: int | None = None,
    scheduler: str | None = None,
) -> list[SegmentOutcome]:
    """Value every segment of `config` and store one draft valuation per segment.

    Parameters
    ----------
    config : BatchConfig
        From `reserving.batch.config.load_config`.
    progress : callable, optional
        ``progress(done, total, label)`` after each segment is computed.
    repo : Repository, optional
        Where to save; default the database of `reserving.storage.open_database()`.
    user : str, optional
        Acting user, overriding ``config.user``.
    create_first_user : bool
        Create `user` as the first user (chief actuary) when the database has no users.
    workers, scheduler : optional
        Override the config's ``workers`` and ``scheduler``.

    Returns
    -------
    list of SegmentOutcome
        One per segment, in segment order.

    Raises
    ------
    ReservingError
        A bad config (`ConfigError`, naming the key), a user who may not save, or a segment
        whose selected method cannot run. Nothing is stored in that case.
    """
    repo = repo or Repository(open_database())
    actor = check_user(repo, user or config.user, create_first_user)
    source = saved_source(config.source)
    dataset = dataset_from_bytes(source.data, source.file_name, source.mapping)
    if config.measure not in dataset.measures:
        raise ConfigError(f"config key 'measure': {unknown_measure(config.measure, list(dataset.measures))}")
    keys = batch_segments(config, dataset)
    _check_per_segment(config, keys)
    from reserving.storage import dataset_content_hash  # noqa: PLC0415 - keeps the import list short

    dataset_hash = dataset_content_hash(source.data, source.mapping)
    specs, origins = [], []
    for key in keys:
        assumptions, origin = _assumptions_for(config, repo, dataset_hash, key)
        try:
            specs.append(make_spec(config.measure, key, config.methods, config.selected, assumptions))
        except ReservingError as exc:
            raise ConfigError(f"config key 'selected': {segment_label(key)}: {exc}") from exc
        origins.append(origin)
    n_workers = workers if workers is not None else config.workers
    address = scheduler if scheduler is not None else config.scheduler
    if address or n_workers > 1:
        results = _compute_dask(source, specs, progress, n_workers, address)
    else:
        results = _compute_serial(source, specs, progress)
    saved = repo.save_dataset(source.name, source.data, user=actor, mapping=source.mapping, file_name=source.file_name)
    outcomes = []
    for spec, result, origin in zip(specs, results, origins, strict=True):
        segment = dict(spec.segment)
        assumption_set = repo.save_assumptions(
            saved.content_hash, segment, spec.measure, spec.assumptions.to_dict(), user=actor, reason="batch run"
        )
        record = repo.create_valuation(
            saved.content_hash,
            segment,
            spec.measure,
            assumptions_json(spec),
            result,
            user=actor,
            method=spec.selected,
            assumption_set_id=assumption_set.id,
            reason=f"batch run ({origin} assumptions)",
        )
        total = ValuationResults.from_dict(result).total
        outcomes.append(
            SegmentOutcome(
                valuation_id=record.id,
                segment=segment,
                measure=spec.measure,
                method=spec.selected,
                latest=float(total.latest or 0.0),
                ultimate=float(total.ultimate or 0.0),
                ibnr=float(total.ibnr or 0.0),
                std_err=total.std_err,
                assumptions_source=origin,
            )
        )
    return outcomes
