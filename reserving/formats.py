"""One number format per kind of figure, shared by every table, chart and export.

A figure is one of five kinds: an *amount* (money: thousands separators, no decimals), a
*ratio* (a fraction such as a loss ratio of 0.772, always shown as a percent with one
decimal: 77.2%), a *percent* (a figure already multiplied by 100, such as
``loss_ratio_pct``: shown with a % sign and one decimal), a *factor* (development factors
and CDFs, four decimals) or a *count* (ages, claim counts: no decimals). The kind of a
column comes from its stable raw name (``ibnr``, ``loss_ratio``, ``cdf``), never from the
label a user reads (a method named "Expected loss ratio" holds amounts), so the same column
reads the same on every page, in the workbook and in the report, in either language.

Pure module: no streamlit, no plotly; the grid, chart and spreadsheet formats are data.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Final, Literal

Kind = Literal["amount", "ratio", "percent", "factor", "count"]
AMOUNT: Final = "amount"
RATIO: Final = "ratio"
PERCENT: Final = "percent"
FACTOR: Final = "factor"
COUNT: Final = "count"
KINDS: Final[tuple[Kind, ...]] = (AMOUNT, RATIO, PERCENT, FACTOR, COUNT)
MISSING: Final = "—"
"""Text of a missing or non-finite figure (never 'nan', 'None' or 'inf')."""

_AMOUNTS = (
    "latest ultimate ibnr reserve premium std_err cdr_std_err process_std_err parameter_std_err "
    "expected actual a_minus_e ibnr_prior original paid_since re_estimate deviation change running "
    "prior current previous_ultimate movement mean paid incurred case outstanding opening closing "
    "emerged reported_amount value_amount total_ibnr total_ultimate selected_ultimate selected_ibnr "
    "ultimate_prior ultimate_current ibnr_current amount "
    "new_origins restatements experience development loss_ratios overrides"  # analysis-of-change steps
)
_RATIOS = (
    "loss_ratio deviation_rate a_over_e movement_rate cv paid_to_incurred closure_rate apriori "
    "trended_apriori elr weight share change_rate"
)
_FACTORS = "cdf ldf factor tail_factor link_ratio"
_COUNTS = "age count claims n_claims reported closed open n n_sims version periods n_periods from_age to_age"

COLUMN_KINDS: Final[dict[str, Kind]] = {
    **dict.fromkeys(_AMOUNTS.split(), AMOUNT),
    **dict.fromkeys(_RATIOS.split(), RATIO),
    **dict.fromkeys(_FACTORS.split(), FACTOR),
    **dict.fromkeys(_COUNTS.split(), COUNT),
    "loss_ratio_pct": PERCENT,
}
"""Kind of every stable raw column name the engine and the views produce.

``selected``, ``observed`` and ``tail`` are left out on purpose: a table of factors and a
table of ultimates (or of change steps) both use them, so they take the table's kind.
"""

TABLE_DECIDES: Final = frozenset({"selected", "observed", "tail", "selection"})
"""Raw names two kinds of table share (factors by link; ultimates or change steps): the table's kind decides."""

_PATTERNS: Final[tuple[tuple[re.Pattern[str], Kind], ...]] = (
    (re.compile(r"^(cdr_)?std_err_[\w-]+$"), AMOUNT),  # Mack s.e. per sigma extrapolation
    (re.compile(r"^p\d+(\.\d+)?$"), AMOUNT),  # bootstrap percentiles p75, p99.5
    (re.compile(r"_pct$"), PERCENT),
    (re.compile(r"(_ratio|_rate)$"), RATIO),
    (re.compile(r"(_cdf|_ldf|_factor)$"), FACTOR),
    (re.compile(r"^n_"), COUNT),
)
"""Families of raw names: a suffix or shape that fixes the kind whatever the prefix."""


def kind_of(column: object, default: Kind | None = None) -> Kind | None:
    """Kind of a raw column name (see `COLUMN_KINDS` and the patterns), else `default`.

    Only raw names are looked up: a display label (a method's name, a development age)
    gets the table's `default`, which is how an "Expected loss ratio" column of ultimates
    stays an amount.
    """
    name = str(column).strip().lower()
    if name in COLUMN_KINDS:
        return COLUMN_KINDS[name]
    for pattern, kind in _PATTERNS:
        if pattern.search(name):
            return kind
    return default


def _number(value: object) -> float | None:
    """Return the value as a finite float, or None (missing, text, NaN, infinity, a boolean)."""
    if value is None or isinstance(value, bool | str):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _shown(value: object, render: Callable[[float], str]) -> str:
    """Render a figure, or `MISSING` where there is none: one rule for every formatter below."""
    number = _number(value)
    return MISSING if number is None else render(number)


def format_amount(value: object) -> str:
    """Show an amount: ``1234567.891`` -> ``1,234,568``."""
    return _shown(value, lambda n: f"{0.0 if abs(n) < 0.5 else n:,.0f}")  # no "-0" for a figure that rounds to 0


def format_ratio(value: object) -> str:
    """Show a fraction as a percent with one decimal: ``0.772`` -> ``77.2%``."""
    return _shown(value, lambda n: f"{n:.1%}")


def format_percent(value: object) -> str:
    """Show a figure already in percent: ``79.197`` -> ``79.2%``."""
    return _shown(value, lambda n: f"{n:,.1f}%")


def format_factor(value: object) -> str:
    """Show a factor: ``1.0092171`` -> ``1.0092``."""
    return _shown(value, lambda n: f"{n:,.4f}")


def format_count(value: object) -> str:
    """Show a count: ``1234`` -> ``1,234``."""
    return _shown(value, lambda n: f"{round(n):,d}")


FORMATTERS: Final = {
    AMOUNT: format_amount,
    RATIO: format_ratio,
    PERCENT: format_percent,
    FACTOR: format_factor,
    COUNT: format_count,
}


def format_number(value: object, kind: Kind | None) -> str:
    """Text of one figure of `kind`; a number of no kind gets `format_plain` (never scientific notation)."""
    if kind is None:
        return format_plain(value)
    return FORMATTERS[kind](value)


def format_plain(value: object) -> str:
    """Show a number of unknown kind: whole numbers with separators, others with up to four decimals; never ``e+08``."""
    return _shown(value, _plain)


def _plain(number: float) -> str:
    if number.is_integer() or abs(number) >= 1000:
        return f"{number:,.0f}"
    return f"{number:,.4f}".rstrip("0").rstrip(".")


# --------------------------------------------------------------------------- grids, charts, spreadsheets
GRID_FORMATS: Final[dict[Kind, str]] = {
    AMOUNT: "%,.0f",
    RATIO: "%.1f%%",
    PERCENT: "%.1f%%",
    FACTOR: "%.4f",
    COUNT: "%,.0f",
}
"""printf formats of `st.column_config.NumberColumn`; a ratio column is shown multiplied by `GRID_SCALE`."""
GRID_SCALE: Final[dict[Kind, float]] = {RATIO: 100.0}
"""Factor applied to a column's numbers in the grid only (the grid has no percent format with one decimal)."""

EXCEL_FORMATS: Final[dict[Kind, str]] = {
    AMOUNT: "#,##0",
    RATIO: "0.0%",
    PERCENT: '0.0"%"',
    FACTOR: "0.0000",
    COUNT: "#,##0",
}
"""Excel number formats: the cell keeps the raw number, the format shows it as the app does."""

D3_FORMATS: Final[dict[Kind, str]] = {
    AMOUNT: ",.0f",
    RATIO: ".1%",
    PERCENT: ",.1f",
    FACTOR: ".4f",
    COUNT: ",d",
}
"""d3 formats of hover texts (``%{y:,.0f}``) per kind."""

TICK_FORMATS: Final[dict[Kind, str]] = {
    AMOUNT: ",.0f",
    RATIO: ".0%",
    PERCENT: ",.0f",
    FACTOR: ".3f",
    COUNT: ",d",
}
"""d3 formats of axis ticks: as the tables, with fewer decimals since ticks are round numbers."""


def axis_format(kind: Kind) -> dict[str, str]:
    """Return the plotly axis settings of a kind (``fig.update_yaxes(**axis_format(AMOUNT))``)."""
    settings = {"tickformat": TICK_FORMATS[kind]}
    if kind == PERCENT:
        settings["ticksuffix"] = "%"
    return settings


def hover_value(kind: Kind, axis: str = "y") -> str:
    """Return the plotly hover-template placeholder of a value of `kind` on `axis` (``%{y:,.0f}``)."""
    suffix = "%" if kind == PERCENT else ""
    return f"%{{{axis}:{D3_FORMATS[kind]}}}{suffix}"
