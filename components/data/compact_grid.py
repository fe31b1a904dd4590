"""The compact view of large triangles: the whole grid on one screen, on the Triangles and Development pages.

A 24 x 24 quarterly triangle shows about 10 rows by 13 columns in a plain grid. The compact
view draws the same grid (the same headers, kinds, data and CSV as `show_table`) inside a
container scaled down by CSS ``zoom``, widened back to the full width, and tall enough for
every row, with factors to 3 decimals: Streamlit's grid has no font-size setting and no
column narrower than 50 pixels, and a zoomed grid still maps clicks to the right cell.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd
import streamlit as st

from components.core.tables import FACTOR, ROW_PX, show_table
from components.i18n.catalogue import t

COMPACT_ABOVE = 12
"""Triangles with more development ages than this start in the compact view."""
ZOOM = 0.75
"""Scale of the compact grid: 50-pixel columns become 37.5 (24 ages fit in about 1,000 pixels)."""
COMPACT_FACTOR = "%.3f"
"""Factors in the compact view: three decimals (the CSV keeps every digit)."""
SPARE_PX = 8
"""Room under the last row for the grid's border and scroll bar."""
CONTAINER_PREFIX = "compact_"

_STYLE = (
    "<style>"
    f'[class*="st-key-{CONTAINER_PREFIX}"] {{ zoom: {ZOOM}; width: calc(100% / {ZOOM}) !important; }}'
    f'[class*="st-key-{CONTAINER_PREFIX}"] [data-testid="stDataFrame"], '
    f'[class*="st-key-{CONTAINER_PREFIX}"] [data-testid="stDataFrameResizable"] '
    "{ width: 100% !important; max-width: 100% !important; }"
    "</style>"
)
"""The grid sets its pixel width from the unzoomed container; these rules let it fill the zoomed one."""


def is_large(n_ages: int) -> bool:
    """Whether a triangle with `n_ages` development ages is large enough to start compact."""
    return n_ages > COMPACT_ABOVE


def toggle_key(prefix: str, n_ages: int) -> str:
    """Key of the page's compact toggle: one for large triangles and one for small ones.

    Switching from a 10 x 10 to a 24 x 24 triangle then starts the large one compact even
    if the small one was shown in full, while a choice made on one large triangle holds
    for the next.
    """
    return f"{prefix}_compact_{'large' if is_large(n_ages) else 'small'}"


def compact_toggle(prefix: str, n_ages: int) -> bool:
    """Draw the page's 'Compact view' toggle (on by default above `COMPACT_ABOVE` ages); return its value."""
    return st.toggle(
        t("grid.compact"), value=is_large(n_ages), key=toggle_key(prefix, n_ages), help=t("grid.compact_help")
    )


def full_height(n_rows: int) -> int:
    """Grid height (pixels, before the zoom) that shows a header and `n_rows` rows without scrolling."""
    return ROW_PX * (n_rows + 1) + 3 + SPARE_PX


@contextmanager
def compact_area(key: str, compact: bool) -> Iterator[None]:
    """Draw the block in the compact view (container ``compact_<key>``) when `compact`, as it is otherwise."""
    if not compact:
        yield
        return
    st.html(_STYLE)
    with st.container(key=f"{CONTAINER_PREFIX}{key}"):
        yield


def compact_table(frame: pd.DataFrame, key: str, *, number_format: str | None) -> None:
    """`components.core.tables.show_table` in the compact view: every row, factors to 3 decimals (CSV: every digit)."""
    show_table(
        frame,
        key,
        number_format=number_format,
        height=full_height(len(frame)),
        narrower={FACTOR: COMPACT_FACTOR},
        grid_area=lambda: compact_area(key, True),
    )
