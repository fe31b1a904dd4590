"""Four-segment quarterly data like the held-out workbook: `sample:china` cut to 2 branches x 2 lines.

Shared by the valuation unit tests and the totals AppTest; the bytes are the canonical CSV
of the cut (`reserving.reports.valuation_run.canonical_csv`), so an upload of them reads
back to the same numbers.
"""

from __future__ import annotations

import functools
import io

import pandas as pd

from reserving.dataset import Dataset
from reserving.mapping import ColumnMapping
from reserving.reports.valuation_run import canonical_csv, dataset_from_bytes
from reserving.samples import get_sample

BRANCHES = ("北京", "上海")
LINES = ("车险", "企财险")


@functools.cache
def four_segment_source() -> tuple[bytes, ColumnMapping]:
    """CSV bytes and mapping of the four-segment cut of the China sample."""
    data, mapping = canonical_csv(get_sample("china"))
    frame = pd.read_csv(io.BytesIO(data), dtype={"branch": str, "line": str})
    kept = frame[frame["branch"].isin(BRANCHES) & frame["line"].isin(LINES)]
    buffer = io.StringIO()
    kept.to_csv(buffer, index=False)
    return buffer.getvalue().encode("utf-8"), mapping


def four_segment_dataset() -> Dataset:
    """A fresh `Dataset` of the four-segment cut (a new object each call: memos are not shared)."""
    data, mapping = four_segment_source()
    return dataset_from_bytes(data, "china4.csv", mapping)
