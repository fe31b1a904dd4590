"""The exhibit tables as plain DataFrames: one definition shared by the workbook, the report and the CSVs.

Each function turns part of a `ValuationReport` into a tidy frame with readable column
names, so the three exports cannot disagree about what a table holds.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from reserving import formats
from reserving.methods.registry import METHODS
from reserving.reports.valuation_run import Exhibits, ValuationReport, ValuationSpec
from reserving.storage.diff import flatten

AMOUNT = formats.EXCEL_FORMATS[formats.AMOUNT]
FACTOR = formats.EXCEL_FORMATS[formats.FACTOR]
RATIO = formats.EXCEL_FORMATS[formats.RATIO]
PERCENT = formats.EXCEL_FORMATS[formats.PERCENT]
COUNT = formats.EXCEL_FORMATS[formats.COUNT]
GENERAL = "General"
KIND_OF_FORMAT: dict[str, formats.Kind] = {
    AMOUNT: formats.AMOUNT,
    FACTOR: formats.FACTOR,
    RATIO: formats.RATIO,
    PERCENT: formats.PERCENT,
}
"""Kind of an Excel format name (``#,##0`` is an amount: counts share it and read the same)."""
ITEM_KINDS: dict[str, formats.Kind] = {
    "Latest": formats.AMOUNT,
    "Ultimate": formats.AMOUNT,
    "IBNR": formats.AMOUNT,
    "Standard error": formats.AMOUNT,
    "Tail factor": formats.FACTOR,
    "Constant factor": formats.FACTOR,
    "Version": formats.COUNT,
    "Valuation": formats.COUNT,
    "Fit from age (months)": formats.COUNT,
    "Fit to age (months)": formats.COUNT,
    "Attachment age (months)": formats.COUNT,
    "Projection months": formats.COUNT,
}
"""Kind of the value of each row of the item/value tables (summary, tail)."""


def column_kind(column: Any) -> formats.Kind:
    """Kind of a column of the exhibits by its raw name (`reserving.formats.kind_of`); amounts otherwise.

    Method keys, ages and ``selected`` columns of the comparison tables hold amounts.
    """
    return formats.kind_of(column, formats.AMOUNT) or formats.AMOUNT


def number_format(column: Any) -> str:
    """Excel number format of a column by its name: the format of its kind (`reserving.formats.EXCEL_FORMATS`)."""
    return formats.EXCEL_FORMATS[column_kind(column)]


def item_kind(item: Any) -> formats.Kind | None:
    """Kind of the value of an item/value row: the summary's and tail's rows by name, a saved assumption by its key.

    An assumption path (``loss_ratio.default``, ``options.n_sims``) takes the kind of its last
    part; a row of no known kind (a name, a date, a method) is None and is shown as it is.
    """
    text = str(item)
    if text in ITEM_KINDS:
        return ITEM_KINDS[text]
    if text.startswith("Factor "):
        return formats.FACTOR
    last = text.rsplit(".", 1)[-1].split("[", 1)[0]
    found = {"default": None, "n_sims": formats.COUNT, "seed": formats.COUNT}.get(last, formats.kind_of(last))
    if "loss_ratio" in text and last in ("default", "by_origin"):
        return formats.RATIO
    return found


def method_label(name: str, spec: ValuationSpec | None = None) -> str:
    """Readable method name (the registry's label; with the measure for a run on another measure)."""
    run = spec.run(name) if spec is not None else None
    if run is not None:
        return f"{METHODS[run.method].label} ({run.measure})"
    found = METHODS.get(name)
    return found.label if found else name


def summary(report: ValuationReport) -> pd.DataFrame:
    """Key facts of the valuation as ``item``/``value`` rows."""
    record, ex = report.record, report.exhibits
    total = ex.selected_total
    rows: list[tuple[str, Any]] = [
        ("Valuation", record.id),
        ("Version", record.version),
        ("Status", record.status),
        ("Dataset", report.dataset_record.name),
        ("Source file", report.dataset_record.file_name or ""),
        ("Data hash", record.data_hash),
        ("Segment", ex.segment_label),
        ("Measure", ex.spec.measure),
        ("Valuation date", ex.dataset.valuation_date.date().isoformat()),
        ("Methods run", ", ".join(ex.spec.methods)),
        ("Selected method", ex.spec.selected),
        ("Latest", total["latest"]),
        ("Ultimate", total["ultimate"]),
        ("IBNR", total["ibnr"]),
        ("Standard error", total["std_err"]),
        ("Tail factor", ex.tail),
        ("Created by", record.created_by),
        ("Created at (UTC)", record.created_at.isoformat(timespec="seconds")),
        ("Recomputed equals stored", _match_text(ex)),
    ]
    rows.extend((f"Not run: {name}", reason) for name, reason in ex.failed.items())
    return pd.DataFrame(rows, columns=["item", "value"])


def _match_text(ex: Exhibits) -> str:
    if ex.matches_stored is None:
        return "nothing stored to compare"
    if ex.matches_stored:
        return "yes"
    return f"NO: stored ultimate {ex.stored_total:,.2f}, recomputed {ex.selected_total['ultimate']:,.2f}"


def factors_block(ex: Exhibits) -> pd.DataFrame:
    """Averages of the link ratios followed by the selected LDF and CDF rows, one column per age pair."""
    averages = ex.averages.copy()
    factors = ex.factors.set_index("link")
    columns = list(averages.columns)
    extra = [link for link in factors.index if link not in columns]
    selected = pd.DataFrame(
        [factors["ldf"].reindex(columns + extra).to_numpy(), factors["cdf"].reindex(columns + extra).to_numpy()],
        index=["Selected LDF", "CDF to ultimate"],
        columns=columns + extra,
    )
    block = pd.concat([averages.reindex(columns=columns + extra), selected])
    block.index.name = "average"
    return block


def tail_table(ex: Exhibits) -> pd.DataFrame:
    """Tail assumptions and the fitted tail factor as ``item``/``value`` rows."""
    tail = ex.spec.assumptions.tail
    rows = [
        ("Kind", tail.kind),
        ("Constant factor", tail.factor if tail.kind == "constant" else None),
        ("Fit from age (months)", tail.fit_from),
        ("Fit to age (months)", tail.fit_to),
        ("Attachment age (months)", tail.attachment_age),
        ("Projection months", tail.projection_months),
        ("Tail factor", ex.tail),
    ]
    n_body = ex.triangle.shape[1] - 1
    beyond = ex.factors.iloc[n_body:]
    rows.extend((f"Factor {link}", float(ldf)) for link, ldf in zip(beyond["link"], beyond["ldf"], strict=True))
    return pd.DataFrame(rows, columns=["item", "value"])


def method_table(ex: Exhibits, name: str) -> pd.DataFrame:
    """One method's per-origin figures with a Total row."""
    result = ex.results[name]
    frame = result.origins.copy()
    total = {"origin": "Total", **{k: v for k, v in result.total.items() if k in frame.columns}}
    return pd.concat([frame, pd.DataFrame([total])], ignore_index=True)


def selection_table(ex: Exhibits) -> pd.DataFrame:
    """Return the selected ultimate per origin with the method and reason, and a Total row."""
    frame = ex.selected.copy()
    total = {"origin": "Total", **ex.selected_total, "method": "", "reason": ""}
    return pd.concat([frame, pd.DataFrame([total])], ignore_index=True)


def comparison_table(ex: Exhibits, field: str = "ultimate") -> pd.DataFrame:
    """One column per method of `field` by origin, beside the selection, with a Total row."""
    columns = {name: result.origins.set_index("origin")[field] for name, result in ex.results.items()}
    frame = pd.DataFrame(columns)
    frame["selected"] = ex.selected.set_index("origin")[field]
    frame.index = frame.index.astype(str)
    frame.loc["Total"] = frame.sum(min_count=1)
    frame.index.name = "origin"
    return frame.reset_index()


def mack_table(ex: Exhibits) -> pd.DataFrame | None:
    """Mack's standard errors by origin (with the one-year CDR) and a Total row; None when Mack cannot run."""
    if ex.mack is None:
        return None
    wanted = ["origin", "latest", "ultimate", "ibnr", "std_err", "cdr_std_err", "process_std_err", "parameter_std_err"]
    frame = method_table_from(ex.mack.origins, ex.mack.total, wanted)
    frame["cv"] = [
        s / r if r > 0 and math.isfinite(r) else math.nan for s, r in zip(frame["std_err"], frame["ibnr"], strict=True)
    ]
    return frame


def mack_sigma_table(ex: Exhibits) -> pd.DataFrame | None:
    """Total Mack s.e. under both sigma extrapolations."""
    if ex.mack is None:
        return None
    by_sigma: Mapping[str, float] = ex.mack.details.get("total_std_err_by_sigma", {})
    return pd.DataFrame([{"sigma": key, "std_err": value} for key, value in by_sigma.items()])


def bootstrap_tables(ex: Exhibits) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """(total percentiles, per-origin percentiles) of the bootstrap, when it ran."""
    boot = ex.bootstrap
    if boot is None:
        return None
    pct = boot.details["percentiles"]
    totals = pd.DataFrame(
        [{"statistic": "mean", "ibnr": boot.details["mean"]}, {"statistic": "std_err", "ibnr": boot.details["std_err"]}]
        + [{"statistic": f"p{key}", "ibnr": value} for key, value in pct.items()]
    )
    return totals, boot.details["origin_percentiles"].copy()


def method_table_from(origins: pd.DataFrame, total: Mapping[str, Any], wanted: list[str]) -> pd.DataFrame:
    """Return selected columns of a result frame plus its Total row."""
    present = [c for c in wanted if c in origins.columns]
    frame = origins[present].copy()
    row = {"origin": "Total", **{k: total.get(k, math.nan) for k in present if k != "origin"}}
    return pd.concat([frame, pd.DataFrame([row])], ignore_index=True)


def assumptions_table(report: ValuationReport) -> pd.DataFrame:
    """Return the saved assumptions flattened to ``item``/``value`` rows (lists written as JSON)."""
    saved = report.record.assumptions if isinstance(report.record.assumptions, Mapping) else {}
    rows = []
    for item, value in flatten(saved).items():
        shown = json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value
        rows.append({"item": item, "value": shown})
    return pd.DataFrame(rows, columns=["item", "value"])


def assumptions_json(report: ValuationReport) -> str:
    """Return the assumptions as saved, pretty JSON text."""
    return json.dumps(report.record.assumptions, indent=2, sort_keys=True, ensure_ascii=False)


def versions_table(report: ValuationReport) -> pd.DataFrame:
    """Versions as ``component``/``version`` rows."""
    return pd.DataFrame(list(report.versions.items()), columns=["component", "version"])


def audit_table(report: ValuationReport) -> pd.DataFrame:
    """Return the audit trail with JSON values as text and times without a zone (Excel has none; all are UTC)."""
    frame = report.audit.copy()
    for column in ("old_value", "new_value"):
        if column in frame:
            frame[column] = [
                json.dumps(v, ensure_ascii=False, sort_keys=True) if v is not None else "" for v in frame[column]
            ]
    if "at" in frame:
        frame["at"] = [_naive_utc(v) for v in frame["at"]]
        frame = frame.rename(columns={"at": "at (UTC)"})
    return frame


def _naive_utc(value: Any) -> pd.Timestamp:
    stamp = pd.Timestamp(value)
    return stamp if stamp.tzinfo is None else stamp.tz_convert("UTC").tz_localize(None)
