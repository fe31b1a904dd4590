"""How the columns of a user's table map onto the dataset model.

The mapping is data: a frozen object that the UI edits, the command line builds from its
options, and storage saves with the dataset so that a reload reads the file the same way.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SHAPES = ("auto", "long", "wide")
DEVELOPMENT_UNITS = ("auto", "months", "periods")


@dataclass(frozen=True)
class ColumnMapping:
    """Which column holds what; ``None`` everywhere means "guess from the column names".

    Attributes
    ----------
    origin : column of origin periods (accident year, quarter, date).
    development : column of development ages (months or period index); or
    valuation : column of valuation dates (or calendar periods).
    values : (measure, column) pairs; for a wide file one pair whose column is ignored.
    segments : segment columns (line, branch, channel ...).
    premium : column in the same table holding premium or exposure by origin.
    premium_source : another sheet (name) or file (path) holding premium by origin.
    sheet : Excel sheet to read (the first when None).
    encoding : text encoding of a CSV (detected when None).
    shape : "long", "wide" or "auto".
    development_unit : "months", "periods" (1, 2, 3 ... in the development grain) or "auto".
    cumulative : False when the values are incremental (transactions) and must be summed.
    origin_grain : force the origin grain ("Y", "S", "Q", "M"); detected when None.
    development_grain : force the development grain; detected when None.
    """

    origin: str | None = None
    development: str | None = None
    valuation: str | None = None
    values: tuple[tuple[str, str], ...] = ()
    segments: tuple[str, ...] = ()
    premium: str | None = None
    premium_source: str | None = None
    sheet: str | None = None
    encoding: str | None = None
    shape: str = "auto"
    development_unit: str = "auto"
    cumulative: bool = True
    origin_grain: str | None = None
    development_grain: str | None = None
    extra: tuple[tuple[str, str], ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (tuples become lists)."""
        data = asdict(self)
        data["values"] = [list(pair) for pair in self.values]
        data["segments"] = list(self.segments)
        data["extra"] = [list(pair) for pair in self.extra]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ColumnMapping:
        """Inverse of `to_dict`; unknown keys are ignored so older saves still load."""
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        known["values"] = tuple(tuple(pair) for pair in known.get("values", ()))
        known["segments"] = tuple(known.get("segments", ()))
        known["extra"] = tuple(tuple(pair) for pair in known.get("extra", ()))
        return cls(**known)
