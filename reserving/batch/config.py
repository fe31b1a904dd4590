"""The batch config (CONFIG.toml): what to value, how, by whom, and where to compute.

Read with `load_config(path)` (or `parse_config(mapping, base_dir)` for a config built in
code). Relative paths are relative to the config file's folder. Every problem raises
`ConfigError` naming the key, so ``python -m reserving run`` prints one line such as
``error: config key 'methods': unknown method 'chain'``. docs/batch.md documents every key.

Example::

    user = "wang"
    measure = "paid"
    methods = ["chainladder", "mack", "bf"]
    selected = "chainladder"
    segments = "all"                     # or [{ line = "motor" }, { line = "property" }]
    use_saved_assumptions = false
    workers = 1
    scheduler = ""                       # "tcp://host:8786" to use a running Dask cluster

    [source]
    path = "claims.csv"                  # or: sample = "clrd"
    origin = "accident_year"
    valuation = "valuation_date"
    values = { paid = "paid_amount" }
    segments = ["line"]

    [assumptions]                        # defaults: the fields of SegmentAssumptions
    development = { average = "volume", n_periods = 5 }
    tail = { kind = "constant", factor = 1.02 }

    [[segment_assumptions]]
    segment = { line = "motor" }
    file = "motor.json"                  # SegmentAssumptions.dumps output
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reserving.assumptions import OPTIONS_VERSION, MethodOptions, SegmentAssumptions
from reserving.dataset import SegmentKey, segment_key
from reserving.errors import AssumptionError, InputError
from reserving.mapping import DEVELOPMENT_UNITS, ColumnMapping
from reserving.methods.registry import METHODS, methods_in_words

TOP_KEYS = frozenset(
    {
        "user",
        "measure",
        "methods",
        "selected",
        "segments",
        "use_saved_assumptions",
        "workers",
        "scheduler",
        "source",
        "assumptions",
        "segment_assumptions",
    }
)
SOURCE_KEYS = frozenset(
    {
        "path",
        "sample",
        "name",
        "mapping",
        "origin",
        "development",
        "valuation",
        "values",
        "segments",
        "premium",
        "premium_source",
        "sheet",
        "encoding",
        "incremental",
        "development_unit",
        "origin_grain",
        "development_grain",
        "filter",
    }
)
ASSUMPTION_KEYS = frozenset({"file", *SegmentAssumptions.__dataclass_fields__})


class ConfigError(InputError):
    """The batch config is wrong; the message names the key."""


def _fail(key: str, message: str) -> ConfigError:
    return ConfigError(f"config key '{key}': {message}")


@dataclass(frozen=True)
class SourceConfig:
    """Where the data comes from and how its columns map.

    Attributes
    ----------
    path : Path or None
        A data file (CSV, .xlsx, Parquet); exclusive with `sample`.
    sample : str or None
        A bundled sample id (``clrd``, ``china`` ...).
    name : str or None
        Name the dataset is saved under (the file name or sample title by default).
    mapping : ColumnMapping
        How to read the file (ignored for samples).
    filters : dict
        Segment column -> value kept (like ``--filter``).
    """

    path: Path | None = None
    sample: str | None = None
    name: str | None = None
    mapping: ColumnMapping = field(default_factory=ColumnMapping)
    filters: dict[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        """``sample:ID`` or the file path, for messages."""
        return f"sample:{self.sample}" if self.sample else str(self.path)


@dataclass(frozen=True)
class BatchConfig:
    """A parsed, checked batch config (see the module docstring and docs/batch.md).

    Attributes
    ----------
    user : str or None
        Acting user (must exist with a role that may save); the command line's ``--user`` overrides it.
    measure : str
    methods : tuple of str
        Methods run on every segment.
    selected : str
        The selected method (origins without their own selection in the assumptions use it).
    segments : tuple of SegmentKey or None
        Segments to value; None means every segment of the data.
    use_saved_assumptions : bool
        Start each segment from the latest assumptions saved for it (dataset, segment, measure).
    defaults : SegmentAssumptions
        Assumptions for segments without their own file or saved set.
    per_segment : dict of SegmentKey to SegmentAssumptions
        Assumptions read from per-segment files.
    workers : int
        Processes to spread segments over (1 = in this process).
    scheduler : str or None
        Address of a running Dask scheduler; overrides `workers`.
    source : SourceConfig
    base_dir : Path
        Folder relative paths were resolved against.
    """

    measure: str
    methods: tuple[str, ...]
    selected: str
    source: SourceConfig
    user: str | None = None
    segments: tuple[SegmentKey, ...] | None = None
    use_saved_assumptions: bool = False
    defaults: SegmentAssumptions = field(default_factory=SegmentAssumptions)
    per_segment: dict[SegmentKey, SegmentAssumptions] = field(default_factory=dict)
    workers: int = 1
    scheduler: str | None = None
    base_dir: Path = field(default_factory=Path.cwd)


def load_config(path: str | Path) -> BatchConfig:
    """Read and check a TOML config file.

    Raises
    ------
    ConfigError
        Unreadable file, invalid TOML, or any invalid key (named in the message).
    """
    file = Path(path)
    try:
        text = file.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read the config file {file}: {exc.strerror or exc}") from exc
    try:
        data = tomllib.loads(text.decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"the config file {file} is not valid TOML: {exc}") from exc
    return parse_config(data, file.resolve().parent)


def parse_config(data: Mapping[str, Any], base_dir: str | Path | None = None) -> BatchConfig:
    """Check a config given as a mapping (as TOML gives it); relative paths resolve against `base_dir`."""
    base = Path(base_dir) if base_dir is not None else Path.cwd()
    unknown = sorted(set(data) - TOP_KEYS)
    if unknown:
        raise _fail(unknown[0], f"unknown key; the keys are {', '.join(sorted(TOP_KEYS))}")
    measure = _text(data, "measure", required=True)
    methods, selected = _methods(data)
    source = _source(data.get("source"), base)
    defaults = _assumptions(data.get("assumptions"), base, measure)
    return BatchConfig(
        measure=measure,
        methods=methods,
        selected=selected,
        source=source,
        user=_text(data, "user"),
        segments=_segments(data.get("segments", "all")),
        use_saved_assumptions=_bool(data, "use_saved_assumptions"),
        defaults=defaults,
        per_segment=_per_segment(data.get("segment_assumptions", []), base, measure),
        workers=_workers(data.get("workers", 1)),
        scheduler=_text(data, "scheduler") or None,
        base_dir=base,
    )


def _text(data: Mapping[str, Any], key: str, *, required: bool = False, where: str = "") -> str | None:
    name = f"{where}{key}"
    value = data.get(key)
    if value is None:
        if required:
            raise _fail(name, "missing (required)")
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise _fail(name, f"must be text, got {value!r}")
    return value.strip()


def _bool(data: Mapping[str, Any], key: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise _fail(key, f"must be true or false, got {value!r}")
    return value


def _workers(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _fail("workers", f"must be a whole number >= 1, got {value!r}")
    return value


def _methods(data: Mapping[str, Any]) -> tuple[tuple[str, ...], str]:
    raw = data.get("methods")
    selected = _text(data, "selected")
    if raw is None and selected is None:
        raise _fail("selected", "missing: name the selected method (and optionally 'methods', the set to run)")
    if raw is None:
        raw = [selected]
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not raw or not all(isinstance(m, str) for m in raw):
        raise _fail("methods", f"must be a list of method names, got {raw!r}")
    for name in raw:
        if name not in METHODS:
            raise _fail("methods", f"unknown method '{name}'; {methods_in_words()}")
    methods = tuple(dict.fromkeys(raw))
    selected = selected or methods[0]
    if selected not in METHODS:
        raise _fail("selected", f"unknown method '{selected}'; {methods_in_words()}")
    if selected not in methods:
        raise _fail("selected", f"'{selected}' is not among 'methods' {list(methods)}")
    return methods, selected


def _segment(value: Any, key: str) -> SegmentKey:
    if not isinstance(value, Mapping) or not value:
        raise _fail(key, f'a segment is a table of column = value, such as {{ line = "motor" }}; got {value!r}')
    if not all(isinstance(v, str | int) and not isinstance(v, bool) for v in value.values()):
        raise _fail(key, f"segment values must be text, got {dict(value)!r}")
    return segment_key({str(k): str(v) for k, v in value.items()})


def _segments(value: Any) -> tuple[SegmentKey, ...] | None:
    if value == "all":
        return None
    if not isinstance(value, list) or not value:
        example = '[{ line = "motor" }]'
        raise _fail("segments", f'must be "all" or a list of segments such as {example}, got {value!r}')
    keys = tuple(_segment(item, "segments") for item in value)
    return tuple(dict.fromkeys(keys))


def _path(value: Any, key: str, base: Path) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise _fail(key, f"must be a file path, got {value!r}")
    path = Path(value)
    path = path if path.is_absolute() else base / path
    if not path.is_file():
        raise _fail(key, f"file not found: {path}")
    return path


def _read_text(path: Path, key: str) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(key, f"cannot read {path}: {exc}") from exc


def _source(value: Any, base: Path) -> SourceConfig:
    if value is None:
        raise _fail("source", 'missing: give [source] with path = "FILE" or sample = "ID"')
    if not isinstance(value, Mapping):
        raise _fail("source", f"must be a table, got {value!r}")
    unknown = sorted(set(value) - SOURCE_KEYS)
    if unknown:
        raise _fail(f"source.{unknown[0]}", f"unknown key; the keys are {', '.join(sorted(SOURCE_KEYS))}")
    has_path, has_sample = "path" in value, "sample" in value
    if has_path == has_sample:
        raise _fail("source", 'give exactly one of path = "FILE" and sample = "ID"')
    filters = value.get("filter", {})
    if not isinstance(filters, Mapping) or not all(isinstance(v, str | int) for v in filters.values()):
        raise _fail("source.filter", f"must be a table of column = value, got {filters!r}")
    name = _text(value, "name", where="source.")
    filters = {str(k): str(v) for k, v in filters.items()}
    if has_sample:
        sample = _text(value, "sample", required=True, where="source.")
        from reserving.samples import sample_info  # noqa: PLC0415 - loads chainladder only when needed

        try:
            sample_info(sample or "")
        except InputError as exc:
            raise _fail("source.sample", str(exc)) from exc
        return SourceConfig(sample=sample, name=name, filters=filters)
    path = _path(value["path"], "source.path", base)
    return SourceConfig(path=path, name=name, mapping=_mapping(value, base), filters=filters)


def _mapping(value: Mapping[str, Any], base: Path) -> ColumnMapping:
    if "mapping" in value:
        path = _path(value["mapping"], "source.mapping", base)
        try:
            data = json.loads(_read_text(path, "source.mapping"))
            mapping = ColumnMapping.from_dict(data)
        except (json.JSONDecodeError, TypeError, AttributeError) as exc:
            raise _fail("source.mapping", f"{path} is not a column mapping JSON ({exc})") from exc
        inline = sorted(set(value) & (SOURCE_KEYS - {"path", "sample", "name", "mapping", "filter"}))
        if inline:
            raise _fail(f"source.{inline[0]}", "give the mapping either as a file (source.mapping) or inline, not both")
        return mapping
    values = value.get("values", {})
    if not isinstance(values, Mapping) or not all(isinstance(v, str) for v in values.values()):
        raise _fail("source.values", f"must be a table of measure = column, got {values!r}")
    segments = value.get("segments", [])
    if not isinstance(segments, list) or not all(isinstance(s, str) for s in segments):
        raise _fail("source.segments", f"must be a list of column names, got {segments!r}")
    unit = value.get("development_unit", "auto")
    if unit not in DEVELOPMENT_UNITS:
        raise _fail("source.development_unit", f"must be one of {', '.join(DEVELOPMENT_UNITS)}, got {unit!r}")
    incremental = value.get("incremental", False)
    if not isinstance(incremental, bool):
        raise _fail("source.incremental", f"must be true or false, got {incremental!r}")
    texts = {
        key: _text(value, key, where="source.")
        for key in ("origin", "development", "valuation", "premium", "premium_source", "sheet", "encoding")
    }
    if texts["development"] and texts["valuation"]:
        raise _fail("source.valuation", "give either development or valuation, not both")
    grains = {key: _text(value, key, where="source.") for key in ("origin_grain", "development_grain")}
    for key, grain in grains.items():
        if grain is not None and grain not in ("Y", "S", "Q", "M"):
            raise _fail(f"source.{key}", f"must be Y, S, Q or M, got {grain!r}")
    return ColumnMapping(
        **texts,
        values=tuple((str(k), v) for k, v in values.items()),
        segments=tuple(segments),
        development_unit=unit,
        cumulative=not incremental,
        **grains,
    )


def _assumptions_from(data: Mapping[str, Any], key: str, measure: str) -> SegmentAssumptions:
    try:
        assumptions = SegmentAssumptions.from_dict({**data, "measure": measure})
    except AssumptionError as exc:
        raise _fail(key, str(exc)) from exc
    except TypeError as exc:
        raise _fail(key, f"not an assumption set ({exc})") from exc
    return assumptions


def _file_assumptions(path: Path, key: str, measure: str) -> dict[str, Any]:
    try:
        data = json.loads(_read_text(path, key))
    except json.JSONDecodeError as exc:
        raise _fail(key, f"{path} is not valid JSON ({exc.msg})") from exc
    if not isinstance(data, Mapping):
        raise _fail(key, f"{path} must hold a JSON object (SegmentAssumptions.dumps)")
    _assumptions_from(data, key, measure)
    return dict(data)


def _assumptions(value: Any, base: Path, measure: str) -> SegmentAssumptions:
    if value is None:
        return SegmentAssumptions(measure=measure)
    if not isinstance(value, Mapping):
        raise _fail("assumptions", f"must be a table, got {value!r}")
    unknown = sorted(set(value) - ASSUMPTION_KEYS)
    if unknown:
        raise _fail(f"assumptions.{unknown[0]}", f"unknown key; the keys are {', '.join(sorted(ASSUMPTION_KEYS))}")
    merged: dict[str, Any] = {}
    if "file" in value:
        merged = _file_assumptions(_path(value["file"], "assumptions.file", base), "assumptions.file", measure)
        if isinstance(merged.get("options"), Mapping) and "version" not in merged["options"]:
            merged["options"] = MethodOptions.upgrade(merged["options"])  # a file saved before version 2
    for key, item in value.items():
        if key == "file":
            continue
        typed = {"version": OPTIONS_VERSION, **item} if key == "options" and isinstance(item, Mapping) else item
        # options typed in the config carry today's meaning (`MethodOptions.version`)
        if isinstance(typed, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = {**merged[key], **typed}
        else:
            merged[key] = typed
    return _assumptions_from(merged, "assumptions", measure)


def _per_segment(value: Any, base: Path, measure: str) -> dict[SegmentKey, SegmentAssumptions]:
    if not isinstance(value, list):
        raise _fail("segment_assumptions", "must be a list of [[segment_assumptions]] tables")
    out: dict[SegmentKey, SegmentAssumptions] = {}
    for k, item in enumerate(value):
        key = f"segment_assumptions[{k}]"
        if not isinstance(item, Mapping) or set(item) != {"segment", "file"}:
            raise _fail(key, 'each entry needs exactly segment = { column = value } and file = "FILE.json"')
        segment = _segment(item["segment"], f"{key}.segment")
        data = _file_assumptions(_path(item["file"], f"{key}.file", base), f"{key}.file", measure)
        out[segment] = _assumptions_from(data, f"{key}.file", measure)
    return out
