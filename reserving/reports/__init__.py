"""Exports of a saved valuation: the Excel workbook, the HTML report and the working-papers zip.

Usage::

    from reserving.reports import export, load_valuation_report
    report = load_valuation_report(repo, valuation_id)          # recomputes the exhibits
    report = report.with_sheets({"Actual vs expected": ave_frame})  # extra tables (retrospection)
    data = export(report, "xlsx")                                # or "html", "zip"

What a valuation is (spec, assumptions and results JSON) lives in `reserving.valuation`; the
names re-exported here are for callers of the exports. `reserving.reports.safe_cells` is the
one place that decides how user text is written to spreadsheets and CSV files (never as a
formula).
"""

from __future__ import annotations

from collections.abc import Callable

from reserving.errors import InputError
from reserving.reports.excel import workbook_bytes
from reserving.reports.html import html_bytes
from reserving.reports.valuation_run import (
    Exhibits,
    ValuationReport,
    compute_exhibits,
    load_valuation_report,
    results_json,
)
from reserving.reports.working_papers import working_papers_bytes
from reserving.valuation import MeasureRun, ValuationSpec, make_spec, run_key, spec_from_json
from reserving.valuation import assumptions_json as valuation_assumptions_json

EXPORTERS: dict[str, Callable[[ValuationReport], bytes]] = {
    "xlsx": workbook_bytes,
    "html": html_bytes,
    "zip": working_papers_bytes,
}
"""Export format -> function producing the file's bytes (the format is also the file extension)."""


def export(report: ValuationReport, fmt: str) -> bytes:
    """Return the bytes of `report` in format `fmt` (``xlsx``, ``html`` or ``zip``)."""
    if fmt not in EXPORTERS:
        raise InputError(f"unknown report format '{fmt}'; use one of {', '.join(EXPORTERS)}")
    return EXPORTERS[fmt](report)


__all__ = [
    "EXPORTERS",
    "Exhibits",
    "MeasureRun",
    "ValuationReport",
    "ValuationSpec",
    "compute_exhibits",
    "export",
    "load_valuation_report",
    "make_spec",
    "results_json",
    "run_key",
    "spec_from_json",
    "valuation_assumptions_json",
]
