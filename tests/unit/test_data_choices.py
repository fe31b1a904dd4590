"""Choices the loader makes about cell values are told, at their cell: zeros, falls, negative incrementals.

chainladder reads a zero cell as missing; a cumulative measure that is not named incurred is
checked as paid would be (a grid's ``amount`` included); incurred may fall, and the cells
where it does are named because the ODP bootstrap is sensitive to negative incrementals.
"""

from __future__ import annotations

import chainladder as cl
import numpy as np
import pytest

from reserving.ingest import load_bytes
from reserving.mapping import ColumnMapping


def load(text: str, name: str = "t.csv", mapping: ColumnMapping = ColumnMapping()):  # noqa: B008
    return load_bytes(text.encode(), name, mapping)


def of_rule(result, rule):
    return [i for i in result.report.issues if i.rule == rule]


def where(issue):
    return issue.location.row, issue.location.column


ZEROS = """origin,12,24,36,48
2019,0,100,150,160
2020,200,0,300,
2021,100,180,0,
2022,0,,,
"""


def test_zero_cells_are_named_with_what_reading_them_as_missing_changes():
    result = load(ZEROS)
    assert result.dataset is not None
    (leading,) = of_rule(result, "leading-zero")
    assert where(leading) == (2, "12")
    assert leading.message.startswith("1 amount cell(s) are 0 before their origin's first amount")
    zeros = {where(i): i.message for i in of_rule(result, "zero-cell")}
    assert set(zeros) == {(3, "24"), (4, "36"), (5, "12")}
    assert zeros[(3, "24")] == (
        "amount is 0 (origin 2020, valuation 2021-12-31); chainladder reads a zero cell as missing, so the link"
        " ratios into and out of this cell are left out of the averages"
    )
    for cell in ((4, "36"), (5, "12")):
        assert zeros[cell].endswith("so this origin has no latest value for the methods to develop")
    for issue in [leading, *of_rule(result, "zero-cell")]:
        assert issue.describe() in result.dataset.warnings


def test_the_warnings_say_what_chainladder_does_with_the_zeros():
    """The cells named are missing in the triangle, and the 12-24 average leaves their ratios out.

    By hand: with the zeros as zeros the 12-24 pairs would be 2019 0->100 (undefined), 2020
    200->0 and 2021 100->180, volume-weighted (0 + 180) / (200 + 100) = 0.6; read as missing,
    only 2021 counts: 180 / 100 = 1.8 exactly.
    """
    result = load(ZEROS)
    tri = result.dataset.triangle("amount")
    values = np.asarray(tri.values)[0, 0]
    assert np.isnan(values[0, 0]) and np.isnan(values[1, 1]) and np.isnan(values[2, 2]) and np.isnan(values[3, 0])
    ldf = np.asarray(cl.Development().fit(tri).ldf_.values)[0, 0, 0]
    assert ldf[0] == pytest.approx(1.8, abs=1e-12)


def test_a_grid_amount_that_falls_is_checked_as_paid_and_the_message_says_why():
    """Before, only a measure named paid (or a count) was checked: a grid's amount fell silently."""
    result = load("origin,12,24,36\n2019,100,150,140\n2020,110,160,\n2021,120,,\n")
    (issue,) = of_rule(result, "decreasing")
    assert where(issue) == (2, "36")
    assert issue.message == (
        "cumulative amount decreases from 150 to 140 (origin 2019, valuation 2021-12-31): a negative incremental"
        " of -10; 'amount' is not named as incurred, so it is checked as paid amounts would be; if these are"
        " incurred amounts, a fall may be a release of case reserves"
    )


LONG = """accident_year,development,paid,incurred,case_reserve,reported_count
2019,12,100,200,100,10
2019,24,90,180,90,9
2019,36,120,170,50,12
2020,12,110,210,100,11
2020,24,150,190,40,13
2021,12,120,220,100,12
"""


def test_each_measure_is_checked_by_what_it_is():
    result = load(LONG)
    decreasing = {(i.location.row, i.location.column): i.message for i in of_rule(result, "decreasing")}
    # paid 100 -> 90 and the count 10 -> 9, both at row 3; case reserves fall by nature and are not checked
    assert set(decreasing) == {(3, "paid"), (3, "reported_count")}
    assert decreasing[(3, "paid")].endswith(
        "a negative incremental of -10; paid is paid or a count, which should not decrease"
    )
    assert "of -1; reported_count is paid or a count" in decreasing[(3, "reported_count")]
    (falls,) = of_rule(result, "negative-incremental")
    assert where(falls) == (3, "incurred")
    assert falls.message.startswith(
        "cumulative incurred falls in 3 cell(s) (negative incrementals): origin 2019, valuation 2020-12-31: 200 to"
        " 180; origin 2019, valuation 2021-12-31: 180 to 170; origin 2020, valuation 2021-12-31: 210 to 190."
    )
    assert "ODP bootstrap" in falls.message


def test_a_clean_file_gets_none_of_these_warnings():
    result = load("accident_year,development,paid\n2019,12,100\n2019,24,150\n2020,12,110\n")
    rules = {i.rule for i in result.report.issues}
    assert not rules & {"zero-cell", "leading-zero", "decreasing", "negative-incremental"}


def test_a_listing_with_no_payment_in_the_first_period_counts_its_leading_zeros():
    """Movements accumulate from the origin's first period: 2019 has none until 2020, so 2019-12-31 is 0."""
    listing = "accident_year,payment_date,paid\n2019,2020-03-01,50\n2019,2021-05-01,30\n2020,2020-06-01,40\n"
    result = load(listing, mapping=ColumnMapping(cumulative=False))
    assert result.dataset is not None
    (leading,) = of_rule(result, "leading-zero")
    assert leading.message.startswith(
        "1 paid cell(s) are 0 before their origin's first amount (the first: origin 2019,"
    )
    assert not of_rule(result, "zero-cell")
