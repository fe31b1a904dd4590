"""Widgets that edit a `ColumnMapping`: seeded from the guess, returning a new frozen mapping.

Every widget key starts with `PREFIX`, so the Data page can forget them all when a new file
(or sheet) arrives and the next file is mapped from its own guess.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from components.i18n.catalogue import Labeller, t
from components.i18n.labels import measure_text
from reserving.mapping import DEVELOPMENT_UNITS, SHAPES, ColumnMapping

PREFIX = "data_map_"
CANONICAL_MEASURES = ("paid", "incurred", "case_reserve", "reported_count", "closed_count", "open_count", "paid_alae")
GRAINS = ("", "Y", "S", "Q", "M")
_NONE = ""


def _index(options: Sequence[str], value: str | None) -> int:
    return options.index(value) if value in options else 0


def _column_picker(label: str, columns: list[str], value: str | None, key: str, container=st) -> str | None:
    options = [_NONE, *columns]
    chosen = container.selectbox(
        label,
        options,
        index=_index(options, value),
        format_func=Labeller(empty="data.mapping.none", literal=True),
        key=PREFIX + key,
    )
    return chosen or None


def measure_options(column: str, guessed: str | None) -> list[str]:
    """Measure names offered for a column: the canonical ones, the guess and the column's own name."""
    options = list(CANONICAL_MEASURES)
    for extra in (guessed, column):
        if extra and extra not in options:
            options.append(extra)
    return options


def edit_mapping(columns: list[str], guess: ColumnMapping) -> ColumnMapping:
    """Draw the mapping widgets for a table with `columns`; return the mapping they describe.

    Parameters
    ----------
    columns : list of str
        Header of the raw table.
    guess : ColumnMapping
        The guessed mapping the widgets start from (sheet, encoding and premium source are
        carried through unchanged).
    """
    st.markdown(f"**{t('data.mapping.title')}**")
    st.caption(t("data.mapping.help"))
    top = st.columns(3)
    shape = top[0].selectbox(
        t("data.mapping.shape"),
        SHAPES,
        index=_index(SHAPES, guess.shape),
        format_func=Labeller("data.mapping.shape."),
        key=PREFIX + "shape",
    )
    origin = _column_picker(t("data.mapping.origin"), columns, guess.origin, "origin", top[1])
    premium = _column_picker(t("data.mapping.premium"), columns, guess.premium, "premium", top[2])

    development = valuation = None
    values: tuple[tuple[str, str], ...]
    segments: tuple[str, ...] = ()
    if shape == "wide":
        guessed = guess.values[0][0] if guess.values else None
        options = measure_options("", guessed)
        measure = st.selectbox(
            t("data.mapping.wide_measure"), options, index=_index(options, guessed), key=PREFIX + "wide_measure"
        )
        values = ((measure, ""),)
    else:
        axes = ("development", "valuation")
        middle = st.columns(2)
        axis = middle[0].radio(
            t("data.mapping.axis"),
            axes,
            index=1 if guess.valuation and not guess.development else 0,
            format_func=Labeller("data.mapping.axis."),
            key=PREFIX + "axis",
            horizontal=True,
        )
        if axis == "development":
            development = _column_picker(
                t("data.mapping.development"), columns, guess.development, "development", middle[1]
            )
        else:
            valuation = _column_picker(t("data.mapping.valuation"), columns, guess.valuation, "valuation", middle[1])
        guessed_measures = {col: measure for measure, col in guess.values}
        chosen = st.multiselect(
            t("data.mapping.values"),
            columns,
            default=[col for _, col in guess.values if col in columns],
            key=PREFIX + "values",
        )
        pairs = []
        measure_columns = st.columns(max(1, min(len(chosen), 4)))
        for position, column in enumerate(chosen):
            options = measure_options(column, guessed_measures.get(column))
            measure = measure_columns[position % len(measure_columns)].selectbox(
                t("data.mapping.measure_for", column=column),
                options,
                index=_index(options, guessed_measures.get(column, column)),
                format_func=measure_text,
                key=f"{PREFIX}measure_{column}",
            )
            pairs.append((measure, column))
        values = tuple(pairs)
        segments = tuple(
            st.multiselect(
                t("data.mapping.segments"),
                columns,
                default=[col for col in guess.segments if col in columns],
                key=PREFIX + "segments",
            )
        )

    if not guess.cumulative:
        st.info(t("data.mapping.incremental_guess"), icon=":material/functions:")
    bottom = st.columns(4)
    accumulation = bottom[0].radio(
        t("data.mapping.cumulative"),
        ("cumulative", "incremental"),
        index=0 if guess.cumulative else 1,
        format_func=Labeller("data.mapping.cumulative."),
        key=PREFIX + "cumulative",
        horizontal=True,
    )
    unit = bottom[1].selectbox(
        t("data.mapping.unit"),
        DEVELOPMENT_UNITS,
        index=_index(DEVELOPMENT_UNITS, guess.development_unit),
        format_func=Labeller("data.mapping.unit."),
        key=PREFIX + "unit",
    )
    origin_grain = bottom[2].selectbox(
        t("data.mapping.origin_grain"),
        GRAINS,
        index=_index(GRAINS, guess.origin_grain),
        format_func=Labeller("grain.", empty="data.mapping.grain.auto"),
        key=PREFIX + "origin_grain",
    )
    development_grain = bottom[3].selectbox(
        t("data.mapping.development_grain"),
        GRAINS,
        index=_index(GRAINS, guess.development_grain),
        format_func=Labeller("grain.", empty="data.mapping.grain.auto"),
        key=PREFIX + "development_grain",
    )
    return ColumnMapping(
        origin=origin,
        development=development,
        valuation=valuation,
        values=values,
        segments=segments,
        premium=premium,
        premium_source=guess.premium_source,
        sheet=guess.sheet,
        encoding=guess.encoding,
        shape=shape,
        development_unit=unit,
        cumulative=accumulation == "cumulative",
        origin_grain=origin_grain or None,
        development_grain=development_grain or None,
        extra=guess.extra,
    )
