"""Small static SVG charts for the HTML report: lines, points and bars over categories.

The report used to embed plotly.js (4.8 MB of the 4.9 MB file) for five charts a reader
mostly prints. Inline SVG needs no script, prints sharply, works offline and costs a few
kilobytes per chart. Axis ticks use the number formats of `reserving.formats`, so an
amount axis reads ``80,000,000`` and not ``8e+07``; a bar axis always starts at 0.
Every text is escaped.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from reserving import formats

PALETTE = ("#1f4e79", "#c55a11", "#548235", "#7030a0", "#bf9000", "#2e75b6", "#a5a5a5", "#843c0c", "#375623", "#ff6f61")
WIDTH, HEIGHT = 900, 380
LEFT, RIGHT, TOP, BOTTOM = 90, 20, 40, 60


@dataclass(frozen=True)
class Series:
    """One named series over the chart's categories (NaN: no point there)."""

    name: str
    values: Sequence[float]
    style: str = "line"  # "line", "points" or "bar"
    color: str | None = None
    show_legend: bool = True


@dataclass(frozen=True)
class Chart:
    """A chart over categories (origins, ages, links): its series, titles and the kind of its values."""

    title: str
    categories: Sequence[str]
    series: Sequence[Series]
    kind: formats.Kind = formats.AMOUNT
    x_title: str = ""
    y_title: str = ""
    stacked: bool = False
    extra: dict[str, str] = field(default_factory=dict)


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high] (1, 2, 2.5 or 5 times a power of ten apart)."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return [0.0, 1.0]
    if high <= low:
        high = low + (abs(low) or 1.0)
    raw = (high - low) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value < high + step * 0.5:
        ticks.append(round(value, 12))
        value += step
    return ticks


def tick_label(value: float, kind: formats.Kind) -> str:
    """Text of an axis tick: the kind's format, but a factor tick as round as it is (``1.5``, not ``1.5000``)."""
    if kind == formats.FACTOR:
        return formats.format_plain(value)
    return formats.format_number(value, kind)


def _range(chart: Chart) -> tuple[float, float]:
    columns = [np.asarray(s.values, dtype=float) for s in chart.series]
    bars = [c for c, s in zip(columns, chart.series, strict=True) if s.style == "bar"]
    if chart.stacked and bars:
        stack = np.nansum(np.clip(np.vstack(bars), 0, None), axis=0)
        values = np.concatenate([stack, *columns])
    else:
        values = np.concatenate(columns) if columns else np.array([0.0])
    values = values[np.isfinite(values)]
    if not values.size:
        return 0.0, 1.0
    low, high = float(values.min()), float(values.max())
    if bars:  # a bar's length is its value: the axis starts at 0
        low, high = min(low, 0.0), max(high, 0.0)
    return low, high


def render(chart: Chart) -> str:
    """Return the chart as an inline ``<svg>`` element with a title, axes, ticks and a legend."""
    n = max(len(chart.categories), 1)
    low, high = _range(chart)
    ticks = nice_ticks(low, high)
    y0, y1 = ticks[0], ticks[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / n

    def x_of(i: int) -> float:
        return LEFT + slot * (i + 0.5)

    def y_of(v: float) -> float:
        return TOP + plot_h * (1 - (v - y0) / (y1 - y0 or 1))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{_esc(chart.title)}" font-family="sans-serif" font-size="12">',
        f'<text x="{WIDTH / 2}" y="20" text-anchor="middle" font-size="15" font-weight="bold">'
        f"{_esc(chart.title)}</text>",
    ]
    for tick in ticks:
        y = y_of(tick)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e5e5"/>')
        label = tick_label(tick, chart.kind)
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{_esc(label)}</text>')
    every = max(1, math.ceil(n / 20))
    for i, category in enumerate(chart.categories):
        if i % every == 0:
            parts.append(
                f'<text x="{x_of(i):.1f}" y="{TOP + plot_h + 16}" text-anchor="middle">{_esc(category)}</text>'
            )
    parts.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y_of(max(y0, min(0.0, y1))):.1f}" '
        f'y2="{y_of(max(y0, min(0.0, y1))):.1f}" stroke="#888"/>'
    )
    bars = [s for s in chart.series if s.style == "bar"]
    width = slot * 0.8 / (1 if chart.stacked else max(len(bars), 1))
    base = np.zeros(n)
    for k, s in enumerate(chart.series):
        color = s.color or PALETTE[k % len(PALETTE)]
        values = np.asarray(s.values, dtype=float)
        if s.style == "bar":
            j = bars.index(s)
            for i, v in enumerate(values):
                if not math.isfinite(v):
                    continue
                start = base[i] if chart.stacked else 0.0
                top, bottom = y_of(start + max(v, 0)), y_of(start + min(v, 0))
                x = x_of(i) - slot * 0.4 + (0 if chart.stacked else j * width)
                parts.append(
                    f'<rect x="{x:.1f}" y="{top:.1f}" width="{width:.1f}" height="{bottom - top:.1f}" fill="{color}"/>'
                )
                if chart.stacked:
                    base[i] += v
            continue
        points = [(x_of(i), y_of(v)) for i, v in enumerate(values) if math.isfinite(v)]
        if s.style == "line" and len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="1.5"/>')
        radius = 3 if s.style == "line" else 2.5
        parts.extend(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{color}"/>' for x, y in points)
    parts.append(_legend(chart))
    if chart.x_title:
        parts.append(
            f'<text x="{LEFT + plot_w / 2}" y="{HEIGHT - 22}" text-anchor="middle">{_esc(chart.x_title)}</text>'
        )
    if chart.y_title:
        parts.append(
            f'<text x="16" y="{TOP + plot_h / 2}" text-anchor="middle" '
            f'transform="rotate(-90 16 {TOP + plot_h / 2})">{_esc(chart.y_title)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _legend(chart: Chart) -> str:
    shown = [(k, s) for k, s in enumerate(chart.series) if s.show_legend]
    items, x = [], LEFT
    for k, s in shown:
        color = s.color or PALETTE[k % len(PALETTE)]
        items.append(f'<rect x="{x}" y="{HEIGHT - 12}" width="10" height="10" fill="{color}"/>')
        items.append(f'<text x="{x + 14}" y="{HEIGHT - 3}">{_esc(s.name)}</text>')
        x += 24 + 7 * len(str(s.name))
    return "".join(items)


def histogram(values: Sequence[float], bins: int = 30) -> tuple[list[str], list[float]]:
    """Bin `values` for a bar chart: (bin-centre labels as amounts, counts)."""
    data = np.asarray(values, dtype=float)
    data = data[np.isfinite(data)]
    if not data.size:
        return [], []
    counts, edges = np.histogram(data, bins=bins)
    centres = (edges[:-1] + edges[1:]) / 2
    return [formats.format_amount(c) for c in centres], counts.astype(float).tolist()
