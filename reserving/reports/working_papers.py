"""Working papers: one zip with everything needed to reproduce a valuation.

Contents (``valuation-ID/`` prefix inside the zip)::

    README.txt            what is here and how to reproduce it with the command line
    data/<file>           the source data file, byte for byte as saved
    mapping.json          the column mapping that reads it (ColumnMapping.from_dict)
    assumptions.json      the assumptions (SegmentAssumptions.loads reads it; "methods" and "method" too)
    apriori.csv           per-origin a-priori loss ratios, when there are any (estimate --apriori-file)
    valuation.json        id, segment, measure, status, data hash, who and when
    versions.json         app and chainladder of the valuation; app, chainladder, pandas, numpy, python now
    results.json          the results as stored with the valuation
    reproduce.toml        a batch config (`python -m reserving run reproduce.toml --user NAME`)
    csv/*.csv             every exhibit table (triangle, factors, each method, selection, uncertainty ...)
    audit_log.csv         the valuation's audit trail
    valuation-ID.xlsx     the workbook of exhibits
    valuation-ID.html     the report
"""

from __future__ import annotations

import io
import json
import re
import shlex
import zipfile
from collections.abc import Mapping
from typing import Any

import pandas as pd

from reserving.assumptions import CLARK_FORM_BY_DATA, CLARK_FORMS, MethodOptions
from reserving.dataset import segment_label
from reserving.formats import format_amount
from reserving.mapping import ColumnMapping
from reserving.reports import tables
from reserving.reports.excel import workbook_bytes
from reserving.reports.html import html_bytes
from reserving.reports.safe_cells import frame_to_csv
from reserving.reports.valuation_run import Exhibits, ValuationReport, results_json
from reserving.storage.serialization import to_json_ready

_UNSAFE_NAME = re.compile(r"[^\w.\-]+", re.UNICODE)
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # entries carry no wall-clock time, so equal content gives equal zips


def safe_file_name(name: str | None, default: str = "data.csv") -> str:
    """Return a file name safe inside a zip: no folders, no '..', only word characters, dots and dashes."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE_NAME.sub("_", base).strip("._")
    return base or default


def _json(value: Any) -> bytes:
    text = json.dumps(to_json_ready(value), indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False)
    return (text + "\n").encode("utf-8")


def exhibit_csvs(report: ValuationReport) -> dict[str, bytes]:
    """Every exhibit table as injection-safe CSV bytes, by file name."""
    ex = report.exhibits
    files: dict[str, bytes] = {
        "triangle.csv": frame_to_csv(ex.triangle, index=True),
        "link_ratios.csv": frame_to_csv(ex.link_ratios, index=True),
        "factors.csv": frame_to_csv(tables.factors_block(ex), index=True),
        "tail.csv": frame_to_csv(tables.tail_table(ex)),
        "selection.csv": frame_to_csv(tables.selection_table(ex)),
        "ultimate_by_method.csv": frame_to_csv(tables.comparison_table(ex, "ultimate")),
        "ibnr_by_method.csv": frame_to_csv(tables.comparison_table(ex, "ibnr")),
        "assumptions.csv": frame_to_csv(tables.assumptions_table(report)),
    }
    for name in ex.results:
        files[f"method_{name}.csv"] = frame_to_csv(tables.method_table(ex, name))
    mack = tables.mack_table(ex)
    if mack is not None:
        files["mack_std_err.csv"] = frame_to_csv(mack)
    boot = tables.bootstrap_tables(ex)
    if boot is not None:
        files["bootstrap_total.csv"] = frame_to_csv(boot[0])
        files["bootstrap_by_origin.csv"] = frame_to_csv(boot[1])
    for name, frame in report.extra_sheets.items():
        files[f"{safe_file_name(name, 'extra')}.csv"] = frame_to_csv(frame)
    return files


def apriori_csv(report: ValuationReport) -> bytes | None:
    """Per-origin a-priori loss ratios as the ``estimate --apriori-file`` CSV, when there are any."""
    by_origin = report.exhibits.spec.assumptions.loss_ratio.by_origin
    if not by_origin:
        return None
    return pd.DataFrame(by_origin, columns=["origin", "loss_ratio"]).to_csv(index=False).encode("utf-8")


def cli_command(report: ValuationReport, data_path: str) -> tuple[str, list[str]]:
    """Return the ``python -m reserving estimate`` command for the selected method, and what it cannot express.

    Returns
    -------
    command : str
        A shell command line (arguments quoted).
    missing : list of str
        Assumptions that command-line options cannot carry; when not empty only the batch
        config (``reproduce.toml``) reproduces the valuation exactly.
    """
    ex = report.exhibits
    spec = ex.spec
    mapping = ColumnMapping.from_dict(report.dataset_record.mapping)
    args = ["python", "-m", "reserving", "estimate", data_path]
    for option, value in (
        ("--origin", mapping.origin),
        ("--development", mapping.development),
        ("--valuation", None if mapping.development else mapping.valuation),
        ("--sheet", mapping.sheet),
        ("--encoding", mapping.encoding),
    ):
        if value:
            args += [option, value]
    for measure, column in mapping.values:
        args += ["--value", f"{measure}={column}" if column else measure]
    for column in mapping.segments:
        args += ["--segment", column]
    if not mapping.cumulative:
        args.append("--incremental")
    if mapping.development_unit != "auto":
        args += ["--development-unit", mapping.development_unit]
    for column, value in spec.segment:
        args += ["--filter", f"{column}={value}"]
    run = spec.run(spec.selected)  # a selected run on another measure: its own method, measure and assumptions
    a = run.assumptions if run else spec.assumptions
    dev, tail, lr, opts = a.development, a.tail, a.loss_ratio, a.options
    args += ["--measure", run.measure if run else spec.measure, "--method", run.method if run else spec.selected]
    args += ["--average", dev.average, "--n-periods", str(dev.n_periods)]
    args += ["--drop-high", str(dev.drop_high), "--drop-low", str(dev.drop_low), "--sigma", dev.sigma]
    args += ["--tail", f"constant:{tail.factor!r}" if tail.kind == "constant" else tail.kind]
    if lr.by_origin:
        args += ["--apriori-file", "apriori.csv"]
    elif lr.default is not None:
        args += ["--apriori-lr", repr(lr.default)]
    args += ["--n-sims", str(opts.n_sims), "--seed", str(opts.seed)]
    args += ["--benktander-iterations", str(opts.benktander_iterations)]
    args += ["--clark-form", clark_form_used(ex, opts)]
    if opts.clark_truncation is not None:
        args += ["--clark-truncation", str(opts.clark_truncation)]
    missing = []
    if dev.excluded_cells or dev.excluded_valuations or dev.overrides:
        missing.append("excluded link ratios, excluded diagonals or typed factors")
    if (tail.fit_from, tail.fit_to, tail.attachment_age, tail.projection_months) != (None, None, None, 12):
        missing.append("the tail fit range, attachment age or projection")
    if lr.by_origin and lr.default is not None:
        missing.append("a default a-priori loss ratio beside per-origin ones")
    cape_cod_clark = (opts.cape_cod_decay, opts.cape_cod_trend, opts.clark_growth)
    if lr.source != "manual" or cape_cod_clark != (1.0, 0.0, "loglogistic"):
        missing.append("Cape Cod or Clark options")
    if a.selection.by_origin:
        missing.append("a per-origin selection of methods")
    if mapping.premium or mapping.premium_source or mapping.origin_grain or mapping.development_grain:
        missing.append("the premium column and forced grains of the mapping (the command line guesses them)")
    return shlex.join(args), missing


def clark_form_used(ex: Exhibits, opts: MethodOptions) -> str:
    """Clark's form as the command line takes it: an old set's `CLARK_FORM_BY_DATA` becomes the form the data chose.

    Option sets saved before version 2 let premium choose the form; the command offers only
    ``ldf`` and ``cape_cod``, so the papers name the one that valued this segment (from Clark's
    own result when it ran, else by whether the data has premium, as the method decides it).
    """
    if opts.clark_form != CLARK_FORM_BY_DATA:
        return opts.clark_form
    clark = ex.results.get("clark")
    form = clark.details.get("form") if clark is not None else None
    if form in CLARK_FORMS:
        return str(form)
    return "cape_cod" if ex.dataset.has_premium else "ldf"


def readme(report: ValuationReport, data_path: str) -> str:
    """Return the README.txt of the working papers."""
    record, ex = report.record, report.exhibits
    command, missing = cli_command(report, data_path)
    total = ex.selected_total
    runs = ", ".join(f"{run.key} ({run.method} on {run.measure})" for run in ex.spec.runs)
    lines = [
        f"Working papers of valuation {record.id} (version {record.version}, {record.status})",
        "=" * 72,
        f"Dataset:   {report.dataset_record.name} ({data_path}, sha256 of bytes+mapping {record.data_hash})",
        f"Segment:   {segment_label(ex.spec.segment)}",
        f"Measure:   {ex.spec.measure}",
        f"Methods:   {', '.join(ex.spec.methods)}; selected: {ex.spec.selected}",
        f"Totals:    latest {format_amount(total['latest'])}  ultimate {format_amount(total['ultimate'])}  "
        f"IBNR {format_amount(total['ibnr'])} (the CSVs hold the unrounded figures)",
        f"Prepared:  by {record.created_by} at {record.created_at.isoformat(timespec='seconds')} UTC",
        f"Engine:    Reserving Workbench {record.app_version}, chainladder {record.chainladder_version}"
        " (versions.json lists the versions used to produce these papers)",
        "",
        "Reproduce the selected method from the command line (run it inside this folder):",
        "",
        f"    {command}",
        "",
        "It prints JSON whose results[0].total holds latest, ultimate and ibnr; they equal the totals",
        "of results.json under methods." + ex.spec.selected + ".total.",
    ]
    if runs:
        lines += [
            "",
            f"Note: this valuation uses methods run on another measure: {runs}. Neither the command",
            "line nor the batch config can run them; the Python lines below reproduce everything exactly.",
        ]
    if missing:
        lines += [
            "",
            "Note: the command-line options cannot carry every assumption of this valuation:",
            *(f"  - {item}" for item in missing),
            "The batch run reproduces it exactly from mapping.json and assumptions.json, storing a new",
            "valuation in the database named by RESERVING_DATABASE_URL (or under RESERVING_DATA_DIR):",
        ]
    else:
        lines += ["", "The batch run reproduces every method and the selection, storing a new valuation:"]
    lines += [
        "",
        "    python -m reserving run reproduce.toml --user YOUR_NAME",
        "",
        "Or in Python:",
        "",
        "    from reserving.reports.valuation_run import compute_exhibits, dataset_from_bytes, spec_from_json",
        "    import json, pathlib",
        f"    data = pathlib.Path({data_path!r}).read_bytes()",
        "    mapping = json.loads(pathlib.Path('mapping.json').read_text('utf-8'))",
        "    saved = json.loads(pathlib.Path('assumptions.json').read_text('utf-8'))",
        f"    dataset = dataset_from_bytes(data, {data_path.rsplit('/', 1)[-1]!r}, mapping)",
        f"    spec = spec_from_json({ex.spec.measure!r}, {dict(ex.spec.segment)!r}, saved)",
        "    print(compute_exhibits(dataset, spec).selected_total)",
        "",
        "Files: data/ (source), mapping.json, assumptions.json, versions.json, results.json, valuation.json,",
        "csv/ (every exhibit table), audit_log.csv, the workbook (.xlsx) and the report (.html; print it",
        "to PDF from a browser).",
    ]
    return "\n".join(lines) + "\n"


def reproduce_toml(report: ValuationReport, data_path: str) -> str:
    """Return a batch config that re-runs this valuation from the files in the zip."""
    spec = report.exhibits.spec
    segment = dict(spec.segment)

    def table(values: Mapping[str, str]) -> str:
        pairs = (
            f"{json.dumps(k, ensure_ascii=False)} = {json.dumps(v, ensure_ascii=False)}" for k, v in values.items()
        )
        return "{ " + ", ".join(pairs) + " }"

    methods = ", ".join(json.dumps(m) for m in spec.methods if spec.run(m) is None)
    lines = [
        f"# Re-runs valuation {report.record.id} from the files beside this config:",
        "# python -m reserving run reproduce.toml --user NAME",
        *(
            [f"# It cannot run {', '.join(run.key for run in spec.runs)} (another measure): see README.txt."]
            if spec.runs
            else []
        ),
        f"measure = {json.dumps(spec.measure)}",
        f"methods = [{methods}]",
        f"selected = {json.dumps(spec.selected)}",
        f"segments = [{table(segment)}]" if segment else 'segments = "all"',
        "",
        "[source]",
        f"path = {json.dumps(data_path, ensure_ascii=False)}",
        'mapping = "mapping.json"',
        f"name = {json.dumps(report.dataset_record.name, ensure_ascii=False)}",
        "",
        "[assumptions]",
        'file = "assumptions.json"',
    ]
    return "\n".join(lines) + "\n"


def valuation_json(report: ValuationReport) -> dict[str, Any]:
    """Identity of the valuation: what, whose and when."""
    record = report.record
    return {
        "valuation_id": record.id,
        "version": record.version,
        "parent_id": record.parent_id,
        "status": record.status,
        "data_hash": record.data_hash,
        "dataset": report.dataset_record.name,
        "file_name": report.dataset_record.file_name,
        "segment": dict(report.exhibits.spec.segment),
        "measure": record.measure,
        "method": report.exhibits.spec.selected,
        "methods": list(report.exhibits.spec.methods),
        "created_by": record.created_by,
        "created_at": record.created_at.isoformat(),
        "recomputed_equals_stored": report.exhibits.matches_stored,
    }


def working_papers_bytes(report: ValuationReport) -> bytes:
    """Return the working papers zip (see the module docstring)."""
    record = report.record
    prefix = f"valuation-{record.id}/"
    data_path = "data/" + safe_file_name(report.dataset_record.file_name)
    files: dict[str, bytes] = {
        "README.txt": readme(report, data_path).encode("utf-8"),
        data_path: report.dataset_record.source or b"",
        "mapping.json": _json(report.dataset_record.mapping),
        "assumptions.json": _json(record.assumptions),
        "valuation.json": _json(valuation_json(report)),
        "versions.json": _json(report.versions),
        "results.json": _json(record.results),
        "results_recomputed.json": _json(results_json(report.exhibits)),
        "reproduce.toml": reproduce_toml(report, data_path).encode("utf-8"),
        "audit_log.csv": frame_to_csv(tables.audit_table(report)),
        f"valuation-{record.id}.xlsx": workbook_bytes(report),
        f"valuation-{record.id}.html": html_bytes(report),
    }
    apriori = apriori_csv(report)
    if apriori is not None:
        files["apriori.csv"] = apriori
    files.update({f"csv/{name}": data for name, data in exhibit_csvs(report).items()})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(prefix + name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()
