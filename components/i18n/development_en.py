"""English text of the development part of the interface, merged into the catalogue by `components.i18n.catalogue`."""

from __future__ import annotations

DEVELOPMENT_EN: dict[str, str] = {
    # the chart of link ratios by age (Development page)
    "dev.chart": "Link ratios by age",
    "dev.chart.caption": "One point per origin (hover for its name); red crosses are left out of every average.",
    "dev.chart.y": "Link ratio",
    "dev.chart.kept": "Link ratios",
    "dev.chart.left_out": "Left out",
    "dev.chart.selected": "Selected factor",
    "dev.chart.volume": "Volume-weighted, all periods",
    "dev.chart.simple": "Simple, all periods",
    "dev.chart.chosen": "Your average: {average}, {periods}",
    "dev.chart.periods_all": "all periods",
    "dev.chart.periods_latest": "latest {n}",
    "dev.chart.dropped": "without {high} highest and {low} lowest",
    # the compact view of large triangles (Development and Triangles pages)
    "grid.compact": "Compact view",
    "grid.compact_help": (
        "Narrow columns, smaller text, factors to 3 decimals and every row in view, so a large triangle "
        "fits on the screen. The CSV download keeps every digit."
    ),
}
