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
    # method options and tail editors (Methods and Tail pages)
    "meth.benktander_steps": "Benktander steps after BF (1 = Benktander, 0 = BF)",
    "meth.benktander_steps_help": (
        "Each step applies BF again to the previous step's ultimate, moving it towards chain ladder: "
        "0 gives Bornhuetter-Ferguson's figure, 1 Benktander's method."
    ),
    "meth.clark_form": "Clark form",
    "meth.clark_form.ldf": "LDF",
    "meth.clark_form.cape_cod": "Cape Cod (needs premium)",
    "meth.clark_form.by_data": "As saved before version 2: Cape Cod when the data has premium, else LDF",
    "meth.clark_form_help": (
        "LDF: ultimate = latest loss / growth curve. Cape Cod: reserve = expected loss ratio x premium "
        "x the development still to come; it needs premium."
    ),
    "meth.clark_truncation": "Truncate Clark's curve at (months); blank = none",
    "meth.clark_truncation_none": "none",
    "meth.clark_truncation_help": (
        "Development beyond this age is not projected; it must lie after the triangle's last age. "
        "Blank projects to infinite age, as Clark's untruncated method does."
    ),
    "tail.factor_help": "Above 0. A factor below 1 books salvage and subrogation still to come (the loss falls).",
}
