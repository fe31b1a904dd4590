"""The valuation report: one self-contained HTML file that prints cleanly to PDF.

Sections: summary, data, development, methods, selection, uncertainty, assumptions,
audit, then any extra sections (actual vs expected, retrospective deviation, analysis of
change). Charts are small inline SVG drawings (`reserving.reports.svg`), so the file opens
without a network and weighs about 150 kB for a ten-year triangle; it embedded the 4.8 MB
plotly.js bundle before, 98% of its 4.9 MB. Numbers take one format per kind
(`reserving.formats`): never ``4.98299e+08``. A print stylesheet starts every section on a new page, repeats
table headers and hides the table of contents, so "Print -> Save as PDF" gives the paper
version. Every piece of user text is escaped with `html.escape`.
"""

from __future__ import annotations

import html
import math
from typing import Any

import numpy as np
import pandas as pd

from reserving import formats
from reserving.reports import svg, tables
from reserving.reports.valuation_run import Exhibits, ValuationReport

STYLE = """
body { font-family: -apple-system, "Segoe UI", "Noto Sans", "Microsoft YaHei", sans-serif;
       margin: 2rem; color: #1b1b1b; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { border-bottom: 2px solid #1f4e78; padding-bottom: .2rem; color: #1f4e78; }
nav ul { columns: 3; list-style: none; padding: 0; }
table { border-collapse: collapse; margin: .6rem 0 1.2rem; font-size: .85rem; }
th { background: #1f4e78; color: #fff; padding: .25rem .5rem; text-align: center; }
td { border-bottom: 1px solid #ddd; padding: .2rem .5rem; text-align: right; font-variant-numeric: tabular-nums; }
td.text { text-align: left; }
.table-wrap { max-width: 100%; overflow-x: auto; }
.table-wrap.wide table { font-size: .75rem; }
svg.chart { width: 100%; max-width: 900px; height: auto; display: block; margin: .6rem 0 1.2rem; }
tr.total td { font-weight: bold; border-top: 2px solid #1f4e78; }
pre { background: #f5f5f5; padding: .8rem; white-space: pre-wrap; font-size: .8rem; }
.warning { color: #9c2a00; font-weight: bold; }
.note { color: #555; font-size: .85rem; }
@media print {
  body { margin: 0; }
  nav { display: none; }
  section { break-before: page; page-break-before: always; }
  section:first-of-type { break-before: auto; page-break-before: auto; }
  thead { display: table-header-group; }
  tr, .chart { break-inside: avoid; page-break-inside: avoid; }
  .table-wrap { overflow: visible; }
  .table-wrap.wide table { font-size: 6.5pt; width: 100%; }
  .table-wrap.wide td, .table-wrap.wide th { padding: .1rem .2rem; }
  @page { size: A4 landscape; margin: 12mm; }
}
"""

WIDE_COLUMNS = 12
"""Tables with more columns than this print in a smaller font (a 24x24 triangle still fits an A4 landscape page)."""
SECTIONS = ("summary", "data", "development", "methods", "selection", "uncertainty", "assumptions", "audit")


def esc(value: Any) -> str:
    """Escaped text of any value (quotes too, so it is safe inside attributes)."""
    return html.escape(str(value), quote=True)


def _format(value: Any, kind: formats.Kind | None) -> tuple[str, bool]:
    """(display text, is_number) of one cell of `kind` (None: a number of no kind, never in ``e+08`` form)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "", True
    if isinstance(value, bool | np.bool_):
        return str(bool(value)), False
    if isinstance(value, int | float | np.integer | np.floating):
        return formats.format_number(value, kind), True
    return str(value), False


def _kinds(data: pd.DataFrame, chosen: list[str]) -> list[list[formats.Kind | None]]:
    """Kind of every cell: its column's, or for a ``General`` value of an item/value table its item's."""
    items = data["item"].tolist() if "item" in data.columns else [None] * len(data)
    column_kinds = [tables.KIND_OF_FORMAT.get(fmt) for fmt in chosen]
    return [
        [
            tables.item_kind(item) if fmt == tables.GENERAL else kind
            for kind, fmt in zip(column_kinds, chosen, strict=True)
        ]
        for item in items
    ]


def html_table(
    frame: pd.DataFrame,
    *,
    index: bool = False,
    default_format: str | None = None,
    formats: dict[str, str] | None = None,
) -> str:
    """Return an escaped HTML table of `frame` in a scrolling block; rows whose first cell is ``Total`` are emphasised.

    Numbers take the format of their column's kind (see `reserving.reports.tables.number_format`),
    so no cell is written in scientific notation; a table wider than the page scrolls on
    screen and shrinks to the page width in print instead of running off it.
    """
    data = frame.reset_index() if index else frame
    columns = [str(c) for c in data.columns]
    chosen = [(formats or {}).get(c) or default_format or tables.number_format(c) for c in columns]
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    rows = []
    for values, kinds in zip(data.itertuples(index=False), _kinds(data, chosen), strict=True):
        cells = []
        for value, kind in zip(values, kinds, strict=True):
            text, numeric = _format(value, kind)
            cls = "" if numeric else ' class="text"'
            cells.append(f"<td{cls}>{esc(text)}</td>")
        total = ' class="total"' if len(values) and str(values[0]) == "Total" else ""
        rows.append(f"<tr{total}>{''.join(cells)}</tr>")
    wide = " wide" if len(columns) > WIDE_COLUMNS else ""
    return (
        f'<div class="table-wrap{wide}"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def development_figure(ex: Exhibits) -> svg.Chart:
    """Cumulative development by origin (one line per origin)."""
    ages = [str(c) for c in ex.triangle.columns]
    series = [svg.Series(str(origin), values.to_numpy(dtype=float)) for origin, values in ex.triangle.iterrows()]
    return svg.Chart(f"Cumulative {ex.spec.measure} by age", ages, series, formats.AMOUNT, x_title="age (months)")


def factors_figure(ex: Exhibits) -> svg.Chart:
    """Link ratios of each origin (grey points) and the selected factors (line)."""
    links = [str(link) for link in ex.factors["link"]]
    ratios = ex.link_ratios.reindex(columns=links)
    points = [
        svg.Series(str(origin), row.to_numpy(dtype=float), style="points", color="#999", show_legend=False)
        for origin, row in ratios.iterrows()
    ]
    selected = svg.Series("selected", ex.factors["ldf"].to_numpy(dtype=float))
    return svg.Chart("Link ratios and selected factors", links, [*points, selected], formats.FACTOR, y_title="factor")


def methods_figure(ex: Exhibits) -> svg.Chart:
    """Ultimate by origin for every method (grouped bars)."""
    first = next(iter(ex.results.values()))
    origins = [str(o) for o in first.origins["origin"]]
    series = [
        svg.Series(
            tables.method_label(name, ex.spec),
            result.origins.set_index("origin")["ultimate"].reindex(first.origins["origin"]),
            style="bar",
        )
        for name, result in ex.results.items()
    ]
    return svg.Chart("Ultimate by origin and method", origins, series, formats.AMOUNT)


def selection_figure(ex: Exhibits) -> svg.Chart:
    """Return selected ultimate split into latest and IBNR (stacked bars, from 0)."""
    origins = [str(o) for o in ex.selected["origin"]]
    series = [
        svg.Series("latest", ex.selected["latest"].to_numpy(dtype=float), style="bar"),
        svg.Series("IBNR", ex.selected["ibnr"].to_numpy(dtype=float), style="bar"),
    ]
    return svg.Chart("Selected ultimate: latest + IBNR", origins, series, formats.AMOUNT, stacked=True)


def bootstrap_figure(ex: Exhibits) -> svg.Chart | None:
    """Histogram of the simulated total IBNR, when the bootstrap ran."""
    if ex.bootstrap is None:
        return None
    centres, counts = svg.histogram(np.asarray(ex.bootstrap.details["total_ibnr"]))
    return svg.Chart(
        "ODP bootstrap: simulated total IBNR",
        centres,
        [svg.Series("simulations", counts, style="bar", show_legend=False)],
        formats.COUNT,
        x_title="IBNR",
        y_title="simulations",
    )


def chart(figure: svg.Chart) -> str:
    """Return a chart as an inline SVG in a printable block."""
    return f'<div class="chart">{svg.render(figure)}</div>'


AUDIT_TEXT = 300
"""Characters of an audit value the report prints; the whole JSON is in the workbook and the working papers."""


def _short_audit(frame: pd.DataFrame) -> pd.DataFrame:
    """Shorten the audit trail's JSON values for print (a saved valuation's record runs to tens of kilobytes)."""
    shown = frame.copy()
    for column in ("old_value", "new_value"):
        if column in shown:
            shown[column] = [
                text if len(str(text)) <= AUDIT_TEXT else f"{str(text)[:AUDIT_TEXT]}… ({len(str(text)):,} characters)"
                for text in shown[column]
            ]
    return shown


def _section(key: str, title: str, body: str) -> str:
    return f'<section id="{esc(key)}"><h2>{esc(title)}</h2>{body}</section>'


def _summary(report: ValuationReport) -> str:
    ex = report.exhibits
    body = html_table(tables.summary(report), formats={"value": "General"})
    if ex.matches_stored is False:
        body = '<p class="warning">The recomputed selection differs from the stored valuation.</p>' + body
    return body


def _uncertainty(ex: Exhibits) -> str:
    parts = []
    mack = tables.mack_table(ex)
    if mack is None:
        parts.append('<p class="note">Mack\'s method cannot run on this triangle.</p>')
    else:
        parts.append("<h3>Mack chain ladder</h3>" + html_table(mack))
        parts.append("<h4>Total s.e. by sigma extrapolation</h4>" + html_table(tables.mack_sigma_table(ex)))
    boot = tables.bootstrap_tables(ex)
    if boot is not None:
        totals, by_origin = boot
        parts.append("<h3>ODP bootstrap</h3>" + html_table(totals) + html_table(by_origin))
        figure = bootstrap_figure(ex)
        if figure is not None:
            parts.append(chart(figure))
    return "".join(parts)


def render_html(report: ValuationReport) -> str:
    """Return the report as one HTML document (see the module docstring)."""
    ex = report.exhibits
    sections = [
        _section("summary", "Summary", _summary(report)),
        _section(
            "data",
            "Data",
            f"<p>Cumulative {esc(ex.spec.measure)}: origin down, age in months across.</p>"
            + html_table(ex.triangle, index=True, default_format=tables.AMOUNT),
        ),
        _section(
            "development",
            "Development",
            chart(development_figure(ex))
            + "<h3>Age-to-age factors</h3>"
            + html_table(ex.link_ratios, index=True, default_format=tables.FACTOR)
            + "<h3>Averages, selected factors and CDF</h3>"
            + html_table(tables.factors_block(ex), index=True, default_format=tables.FACTOR)
            + chart(factors_figure(ex))
            + "<h3>Tail</h3>"
            + html_table(tables.tail_table(ex), formats={"value": "General"}),
        ),
        _section(
            "methods",
            "Methods",
            chart(methods_figure(ex))
            + "".join(
                f"<h3>{esc(tables.method_label(name, ex.spec))} ({esc(name)})</h3>"
                + html_table(tables.method_table(ex, name))
                for name in ex.results
            )
            + "".join(f'<p class="note">{esc(name)} not run: {esc(reason)}</p>' for name, reason in ex.failed.items()),
        ),
        _section(
            "selection",
            "Selection",
            html_table(tables.selection_table(ex))
            + chart(selection_figure(ex))
            + "<h3>Ultimate by method</h3>"
            + html_table(tables.comparison_table(ex, "ultimate")),
        ),
        _section("uncertainty", "Uncertainty", _uncertainty(ex)),
        _section(
            "assumptions",
            "Assumptions",
            html_table(tables.assumptions_table(report), formats={"value": "General"})
            + f"<pre>{esc(tables.assumptions_json(report))}</pre>",
        ),
        _section(
            "audit",
            "Audit trail",
            html_table(_short_audit(tables.audit_table(report)), formats={"id": "General", "object_id": "General"})
            + "<h3>Versions</h3>"
            + html_table(tables.versions_table(report)),
        ),
    ]
    for k, (name, frame) in enumerate(report.extra_sheets.items()):
        sections.append(_section(f"extra-{k}", name, html_table(frame)))
    toc = "".join(f'<li><a href="#{esc(key)}">{esc(key.title())}</a></li>' for key in SECTIONS) + "".join(
        f'<li><a href="#extra-{k}">{esc(name)}</a></li>' for k, name in enumerate(report.extra_sheets)
    )
    created = report.record.created_at.isoformat(timespec="seconds")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(report.title)}</title><style>{STYLE}</style></head><body>"
        f"<header><h1>{esc(report.title)}</h1>"
        f'<p class="note">Status {esc(report.record.status)}, version {esc(report.record.version)}, '
        f"created by {esc(report.record.created_by)} at {esc(created)} UTC.</p></header>"
        f"<nav><ul>{toc}</ul></nav>{''.join(sections)}</body></html>\n"
    )


def html_bytes(report: ValuationReport) -> bytes:
    """Return the report as UTF-8 bytes."""
    return render_html(report).encode("utf-8")
