"""Property: any long table written as CSV either loads with the right latest totals or is refused by our report.

Hypothesis draws long-format triangles (yearly or quarterly origins, ages in months or in
periods, zero to three segments, values that are amounts, negatives, blanks, junk text, with
duplicated rows and any row order), writes them as CSV bytes and loads them. The outcome is
predicted from the drawn table alone: junk text, a duplicated cell, a single origin or an
empty measure must be refused with errors of our own report; anything else must load, and
its latest totals must equal the ones computed here by hand. No other exception may escape.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass

import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from reserving.ingest import load_bytes
from reserving.validation import ERROR, Issue

JUNK = ("abc", "12x", "#REF!", "1.2.3", "--5", "=1+1")
BLANKS = ("", "-", "n/a")
SEGMENTS = ("motor", "车险", "=SUM(A1)", "<b>x</b>", "a,b")
BLOCKING_RULES = {"bad-number", "duplicate-cell", "single-origin", "empty-measure"}


@dataclass(frozen=True)
class Cell:
    """One drawn row: segment, origin index, development index, and the text written in the paid column."""

    segment: str | None
    origin: int
    dev: int
    text: str

    @property
    def amount(self) -> float | None:
        """The value the row stands for; None for a blank (junk never reaches here)."""
        return None if self.text in BLANKS else float(self.text)


@dataclass(frozen=True)
class Table:
    """A drawn long table and how its columns are written."""

    grain: str
    first_year: int
    ages_in_months: bool
    cells: tuple[Cell, ...]

    def origin_label(self, i: int) -> str:
        if self.grain == "Y":
            return str(self.first_year + i)
        return f"{self.first_year + i // 4}Q{i % 4 + 1}"

    def age_text(self, j: int) -> str:
        months = 12 if self.grain == "Y" else 3
        return str((j + 1) * months) if self.ages_in_months else str(j + 1)

    def to_csv(self) -> bytes:
        segmented = self.cells[0].segment is not None
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        origin_col = "accident_year" if self.grain == "Y" else "accident_quarter"
        writer.writerow([*(["line"] if segmented else []), origin_col, "development", "paid"])
        for cell in self.cells:
            seg = [cell.segment] if segmented else []
            writer.writerow([*seg, self.origin_label(cell.origin), self.age_text(cell.dev), cell.text])
        return buffer.getvalue().encode("utf-8")


def amount_texts(with_junk: bool) -> st.SearchStrategy[str]:
    cents = st.integers(min_value=-(10**8), max_value=10**8).map(lambda c: f"{c / 100:.2f}")
    whole = st.integers(min_value=-(10**6), max_value=10**9).map(str)
    options = [cents, whole, whole, st.sampled_from(BLANKS)]
    return st.one_of(*options, st.sampled_from(JUNK)) if with_junk else st.one_of(*options)


@st.composite
def tables(draw: st.DrawFn) -> Table:
    grain = draw(st.sampled_from(["Y", "Q"]))
    n = draw(st.integers(min_value=1, max_value=5))
    segments = draw(st.lists(st.sampled_from(SEGMENTS), min_size=0, max_size=3, unique=True))
    texts = amount_texts(with_junk=draw(st.booleans()))
    cells = [
        Cell(seg, i, j, draw(texts))
        for seg in (segments or [None])
        for i in range(n)
        for j in range(n - i)
        if draw(st.integers(0, 9)) > 0 or j == 0  # now and then a row is left out altogether
    ]
    duplicates = draw(st.lists(st.sampled_from(cells), max_size=2)) if draw(st.integers(0, 4)) == 0 else []
    for cell in duplicates:
        cells.append(Cell(cell.segment, cell.origin, cell.dev, draw(texts)))
    order = draw(st.permutations(cells))
    return Table(grain, draw(st.integers(1990, 2030)), draw(st.booleans()), tuple(order))


def expected_latest(table: Table) -> float:
    """Latest diagonal total as the dataset defines it, computed from the drawn cells."""
    sums: dict[tuple[int, int], float] = {}
    for cell in table.cells:
        if cell.amount is not None:
            key = (cell.origin, cell.origin + cell.dev)
            sums[key] = sums.get(key, 0.0) + cell.amount
    latest: dict[int, tuple[int, float]] = {}
    for (origin, valuation), value in sums.items():
        if origin not in latest or valuation > latest[origin][0]:
            latest[origin] = (valuation, value)
    return sum(value for _, value in latest.values())


def expected_errors(table: Table) -> set[str]:
    """Blocking rules the table must trigger (empty when it must load)."""
    rules = set()
    if any(cell.text in JUNK for cell in table.cells):
        rules.add("bad-number")
    keys = [(cell.segment, cell.origin, cell.dev) for cell in table.cells]
    if len(keys) != len(set(keys)):
        rules.add("duplicate-cell")
    if len({cell.origin for cell in table.cells}) < 2:
        rules.add("single-origin")
    if all(cell.text in BLANKS for cell in table.cells):
        rules = {"empty-measure"} | (rules - {"single-origin", "duplicate-cell"})
    return rules


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_long_csv_loads_with_the_right_totals_or_is_refused(table):
    data = table.to_csv()
    result = load_bytes(data, "drawn.csv")  # any exception other than our report fails the test
    assert all(isinstance(issue, Issue) for issue in result.report.issues)
    assert all(issue.location.file == "drawn.csv" for issue in result.report.issues)
    refused = expected_errors(table)
    event("refused: " + ", ".join(sorted(refused)) if refused else "loaded")
    if refused:
        assert result.dataset is None
        found = {issue.rule for issue in result.report.errors}
        assert refused <= found, (refused, [i.describe() for i in result.report.issues])
        assert found <= BLOCKING_RULES
        assert all(issue.severity == ERROR for issue in result.report.errors)
        return
    assert result.report.ok, [i.describe() for i in result.report.issues]
    latest = result.dataset.latest_totals()
    assert list(latest) == ["paid"]
    assert latest["paid"] == pytest.approx(expected_latest(table), rel=1e-12, abs=1e-6)
    assert len(result.dataset.origins) == len({cell.origin for cell in table.cells})
    assert result.dataset.origin_grain == table.grain
    if table.cells[0].segment is not None:
        assert result.dataset.segment_values() == {"line": sorted({c.segment for c in table.cells})}
    assert not math.isnan(latest["paid"])


def test_the_oracle_on_a_hand_written_table():
    cells = (
        Cell("motor", 0, 0, "100"),
        Cell("motor", 0, 1, "150"),
        Cell("motor", 1, 0, "-"),
        Cell("车险", 0, 1, "50"),
        Cell("车险", 1, 0, "70"),
    )
    table = Table("Y", 2019, True, cells)
    assert expected_errors(table) == set()
    assert expected_latest(table) == 150 + 50 + 70
    ds = load_bytes(table.to_csv(), "hand.csv").dataset
    assert ds.latest_totals() == {"paid": 270.0}
    assert pd.Timestamp(ds.valuation_date) == pd.Timestamp("2020-12-31")
