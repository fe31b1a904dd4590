"""The valuation report: one self-contained HTML file that prints cleanly to PDF.

Sections: summary, data, development, methods, selection, uncertainty, assumptions,
audit, then any extra sections (actual vs expected, retrospective deviation, analysis of
change). Charts are plotly figures with the plotly.js bundle inlined once, so the file
opens without a network. A print stylesheet starts every section on a new page, repeats
table headers and hides the table of contents, so "Print -> Save as PDF" gives the paper
version. Every piece of user text is escaped with `html.escape`.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from reserving.reports import tables
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
  @page { size: A4 landscape; margin: 12mm; }
}
"""

SECTIONS = ("summary", "data", "development", "methods", "selection", "uncertainty", "assumptions", "audit")


def esc(value: Any) -> str:
    """Escaped text of any value (quotes too, so it is safe inside attributes)."""
    return html.escape(str(value), quote=True)


def _format(value: Any, fmt: str) -> tuple[str, bool]:
    """(display text, is_number) of one cell under an Excel-style format name."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "", True
    if isinstance(value, bool | np.bool_):
        return str(bool(value)), False
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        if fmt == tables.FACTOR:
            return f"{number:,.4f}", True
        if fmt == tables.RATIO:
            return f"{number:.1%}", True
        if fmt == "General":
            return f"{number:,.6g}", True
        return f"{number:,.0f}", True
    return str(value), False


def html_table(
    frame: pd.DataFrame,
    *,
    index: bool = False,
    default_format: str | None = None,
    formats: dict[str, str] | None = None,
) -> str:
    """Return an escaped HTML table of `frame`; rows whose first cell is ``Total`` are emphasised."""
    data = frame.reset_index() if index else frame
    columns = [str(c) for c in data.columns]
    chosen = [(formats or {}).get(c) or default_format or tables.number_format(c) for c in columns]
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    rows = []
    for values in data.itertuples(index=False):
        cells = []
        for value, fmt in zip(values, chosen, strict=True):
            text, numeric = _format(value, fmt)
            cls = "" if numeric else ' class="text"'
            cells.append(f"<td{cls}>{esc(text)}</td>")
        total = ' class="total"' if len(values) and str(values[0]) == "Total" else ""
        rows.append(f"<tr{total}>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


class _Charts:
    """Renders figures to HTML divs, inlining plotly.js with the first one only."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, fig: go.Figure) -> str:
        fig.update_layout(template="plotly_white", height=420, margin={"l": 60, "r": 20, "t": 50, "b": 50})
        div = fig.to_html(
            full_html=False,
            include_plotlyjs=self.count == 0,
            config={"displaylogo": False, "responsive": True},
        )
        self.count += 1
        return f'<div class="chart">{div}</div>'


def development_figure(ex: Exhibits) -> go.Figure:
    """Cumulative development by origin (one line per origin)."""
    fig = go.Figure()
    for origin, values in ex.triangle.iterrows():
        fig.add_trace(
            go.Scatter(x=list(ex.triangle.columns), y=values.to_numpy(), mode="lines+markers", name=esc(origin))
        )
    fig.update_layout(title=f"Cumulative {esc(ex.spec.measure)} by age", xaxis_title="age (months)")
    return fig


def factors_figure(ex: Exhibits) -> go.Figure:
    """Link ratios of each origin (points) and the selected factors (line)."""
    fig = go.Figure()
    ratios = ex.link_ratios
    for link in ratios.columns:
        fig.add_trace(
            go.Scatter(
                x=[link] * len(ratios),
                y=ratios[link].to_numpy(),
                mode="markers",
                marker={"color": "#999"},
                text=[esc(o) for o in ratios.index],
                showlegend=False,
            )
        )
    fig.add_trace(go.Scatter(x=list(ex.factors["link"]), y=ex.factors["ldf"], mode="lines+markers", name="selected"))
    fig.update_layout(title="Link ratios and selected factors", yaxis_title="factor")
    return fig


def methods_figure(ex: Exhibits) -> go.Figure:
    """Ultimate by origin for every method (grouped bars)."""
    fig = go.Figure()
    for name, result in ex.results.items():
        labels = [esc(o) for o in result.origins["origin"]]
        fig.add_trace(go.Bar(x=labels, y=result.origins["ultimate"], name=esc(name)))
    fig.update_layout(title="Ultimate by origin and method", barmode="group")
    return fig


def selection_figure(ex: Exhibits) -> go.Figure:
    """Return selected ultimate split into latest and IBNR (stacked bars)."""
    labels = [esc(o) for o in ex.selected["origin"]]
    fig = go.Figure(
        [
            go.Bar(x=labels, y=ex.selected["latest"], name="latest"),
            go.Bar(x=labels, y=ex.selected["ibnr"], name="IBNR"),
        ]
    )
    fig.update_layout(title="Selected ultimate: latest + IBNR", barmode="stack")
    return fig


def bootstrap_figure(ex: Exhibits) -> go.Figure | None:
    """Histogram of the simulated total IBNR, when the bootstrap ran."""
    if ex.bootstrap is None:
        return None
    fig = go.Figure(go.Histogram(x=np.asarray(ex.bootstrap.details["total_ibnr"]), nbinsx=50, name="total IBNR"))
    fig.update_layout(title="ODP bootstrap: simulated total IBNR", xaxis_title="IBNR", yaxis_title="simulations")
    return fig


def _section(key: str, title: str, body: str) -> str:
    return f'<section id="{esc(key)}"><h2>{esc(title)}</h2>{body}</section>'


def _summary(report: ValuationReport) -> str:
    ex = report.exhibits
    body = html_table(tables.summary(report), formats={"value": "General"})
    if ex.matches_stored is False:
        body = '<p class="warning">The recomputed selection differs from the stored valuation.</p>' + body
    return body


def _uncertainty(ex: Exhibits, chart: Callable[[go.Figure], str]) -> str:
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
    chart = _Charts()
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
        _section("uncertainty", "Uncertainty", _uncertainty(ex, chart)),
        _section(
            "assumptions",
            "Assumptions",
            html_table(tables.assumptions_table(report), formats={"value": "General"})
            + f"<pre>{esc(tables.assumptions_json(report))}</pre>",
        ),
        _section(
            "audit",
            "Audit trail",
            html_table(tables.audit_table(report), formats={"id": "General", "object_id": "General"})
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
