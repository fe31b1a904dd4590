"""The Excel workbook of exhibits of one valuation (openpyxl).

Sheets, in order: Summary, Data (the triangle), Link ratios (each origin's factors, then
the averages with the selected LDF and CDF rows), Tail, one sheet per method, Selection
(with every method's ultimate side by side), Uncertainty (Mack and, when run, bootstrap
percentiles), Assumptions (readable table and the JSON), Versions, Audit, then any extra
sheets given (actual vs expected, retrospective deviation, analysis of change).

Numbers are written as numbers with the number format of their kind
(`reserving.formats.EXCEL_FORMATS`: amounts ``#,##0``, factors ``0.0000``, ratios
``0.0%``), chosen by the column's raw name or, in the item/value sheets, by the item.
Headers are styled and panes frozen below the header and beside the row labels. All
text goes through `reserving.reports.safe_cells.set_cell`, so no cell ever holds a formula.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reserving.formats import EXCEL_FORMATS
from reserving.reports import tables
from reserving.reports.safe_cells import set_cell
from reserving.reports.valuation_run import ValuationReport

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
TITLE_FONT = Font(bold=True, size=13)
TOTAL_FONT = Font(bold=True)
MAX_SHEET_TITLE = 31
MAX_CELL_TEXT = 32_000  # Excel's limit is 32,767 characters per cell
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def sheet_title(name: str, taken: Iterable[str] = ()) -> str:
    r"""Return a valid, unique sheet title (Excel forbids ``[]:*?/\\`` and more than 31 characters)."""
    base = _BAD_TITLE.sub(" ", str(name)).strip("' ") or "Sheet"
    base = base[:MAX_SHEET_TITLE]
    used = {t.lower() for t in taken}
    title, n = base, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title = base[: MAX_SHEET_TITLE - len(suffix)] + suffix
        n += 1
    return title


def write_title(ws: Worksheet, row: int, text: str) -> int:
    """Write a bold title line; return the next free row."""
    set_cell(ws.cell(row=row, column=1), text).font = TITLE_FONT
    return row + 1


def write_frame(
    ws: Worksheet,
    frame: pd.DataFrame,
    row: int = 1,
    *,
    index: bool = False,
    formats: Mapping[str, str] | None = None,
    default_format: str | None = None,
    freeze: bool = False,
) -> int:
    """Write `frame` with a styled header at `row`; return the next free row (after a blank one).

    Number formats come from `formats` by column name, else `default_format`, else the
    column name (`tables.number_format`). Rows labelled ``Total`` are bold.
    """
    data = frame.reset_index() if index else frame
    columns = [str(c) for c in data.columns]
    for j, name in enumerate(columns, start=1):
        cell = set_cell(ws.cell(row=row, column=j), name)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    chosen = [(formats or {}).get(name) or default_format or tables.number_format(name) for name in columns]
    items = data["item"].tolist() if "item" in data.columns else [None] * len(data)
    for i, (values, item) in enumerate(zip(data.itertuples(index=False), items, strict=True), start=row + 1):
        is_total = len(values) > 0 and str(values[0]) == "Total"
        kind = tables.item_kind(item) if item is not None else None
        for j, value in enumerate(values, start=1):
            fmt = chosen[j - 1]
            if fmt == tables.GENERAL and kind is not None:
                fmt = EXCEL_FORMATS[kind]  # an item/value table: the item decides (a tail factor, a ratio)
            cell = set_cell(ws.cell(row=i, column=j), value, fmt)
            if is_total:
                cell.font = TOTAL_FONT
    if freeze and ws.freeze_panes is None:
        ws.freeze_panes = ws.cell(row=row + 1, column=2)
    _widen(ws, columns)
    return row + len(data) + 2


def _widen(ws: Worksheet, columns: list[str]) -> None:
    for j, name in enumerate(columns, start=1):
        letter = get_column_letter(j)
        width = max(12, min(40, len(name) + 2))
        if (ws.column_dimensions[letter].width or 0) < width:
            ws.column_dimensions[letter].width = width


def _items_sheet(ws: Worksheet, frame: pd.DataFrame, title: str) -> None:
    row = write_title(ws, 1, title)
    write_frame(ws, frame, row, default_format=None, freeze=True)
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 48
    for item, cell in ws.iter_rows(min_row=row + 1, min_col=1, max_col=2):
        if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
            kind = tables.item_kind(item.value)
            cell.number_format = EXCEL_FORMATS[kind] if kind else "#,##0.####"


def build_workbook(report: ValuationReport) -> Workbook:
    """Build the workbook of exhibits of `report` (see the module docstring for the sheets)."""
    ex = report.exhibits
    wb = Workbook()
    ws = wb.active
    ws.title = "Summary"
    _items_sheet(ws, tables.summary(report), report.title)

    def sheet(name: str) -> Worksheet:
        return wb.create_sheet(sheet_title(name, wb.sheetnames))

    ws = sheet("Data")
    row = write_title(ws, 1, f"Cumulative {ex.spec.measure} by origin (rows) and age in months (columns)")
    write_frame(ws, ex.triangle, row, index=True, default_format=tables.AMOUNT, freeze=True)

    ws = sheet("Link ratios")
    row = write_title(ws, 1, "Age-to-age factors")
    row = write_frame(ws, ex.link_ratios, row, index=True, default_format=tables.FACTOR, freeze=True)
    row = write_title(ws, row, "Averages, selected factors and CDF to ultimate")
    write_frame(ws, tables.factors_block(ex), row, index=True, default_format=tables.FACTOR)

    ws = sheet("Tail")
    _items_sheet(ws, tables.tail_table(ex), "Tail")

    for name in ex.results:
        ws = sheet(f"Method {name}")
        row = write_title(ws, 1, f"{tables.method_label(name, ex.spec)} ({name}) on {ex.spec.measure_of(name)}")
        write_frame(ws, tables.method_table(ex, name), row, freeze=True)

    ws = sheet("Selection")
    row = write_title(ws, 1, f"Selected ultimate (default method: {ex.spec.selected})")
    row = write_frame(ws, tables.selection_table(ex), row, freeze=True)
    row = write_title(ws, row, "Ultimate by method")
    row = write_frame(ws, tables.comparison_table(ex, "ultimate"), row)
    row = write_title(ws, row, "IBNR by method")
    write_frame(ws, tables.comparison_table(ex, "ibnr"), row)

    _uncertainty_sheet(sheet("Uncertainty"), report)

    ws = sheet("Assumptions")
    row = write_title(ws, 1, "Assumptions")
    row = write_frame(ws, tables.assumptions_table(report), row, formats={"value": "General"}, freeze=True)
    row = write_title(ws, row, "Assumptions as JSON (SegmentAssumptions.loads reads it)")
    text = tables.assumptions_json(report)
    for k, start in enumerate(range(0, len(text), MAX_CELL_TEXT)):
        set_cell(ws.cell(row=row + k, column=1), text[start : start + MAX_CELL_TEXT])
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 60

    ws = sheet("Versions")
    versions = tables.versions_table(report).rename(columns={"component": "item", "version": "value"})
    _items_sheet(ws, versions, "Versions")

    ws = sheet("Audit")
    row = write_title(ws, 1, "Audit trail (times in UTC)")
    write_frame(ws, tables.audit_table(report), row, formats={"id": "0", "object_id": "General"}, freeze=True)

    for name, frame in report.extra_sheets.items():
        ws = sheet(name)
        row = write_title(ws, 1, name)
        write_frame(ws, frame, row, freeze=True)
    return wb


def _uncertainty_sheet(ws: Worksheet, report: ValuationReport) -> None:
    ex = report.exhibits
    row = write_title(ws, 1, "Mack chain ladder: standard errors (ultimate) and one-year CDR")
    mack = tables.mack_table(ex)
    if mack is None:
        set_cell(ws.cell(row=row, column=1), "Mack's method cannot run on this triangle.")
        row += 2
    else:
        row = write_frame(ws, mack, row, freeze=True)
        row = write_title(ws, row, "Total Mack standard error by sigma extrapolation")
        row = write_frame(ws, tables.mack_sigma_table(ex), row)
    boot = tables.bootstrap_tables(ex)
    if boot is not None:
        totals, by_origin = boot
        row = write_title(ws, row, "ODP bootstrap: total IBNR distribution")
        row = write_frame(ws, totals, row)
        row = write_title(ws, row, "ODP bootstrap: IBNR percentiles by origin")
        write_frame(ws, by_origin, row)


def workbook_bytes(report: ValuationReport) -> bytes:
    """Return the workbook as .xlsx bytes."""
    buffer = io.BytesIO()
    build_workbook(report).save(buffer)
    return buffer.getvalue()
