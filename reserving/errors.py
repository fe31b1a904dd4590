"""Exceptions the domain raises, each carrying where in the user's input it happened.

The UI and the command line turn these into one readable message; anything else
escaping the engine is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """A place in the user's input: file, sheet, row (1-based, as a spreadsheet shows it), column."""

    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def describe(self) -> str:
        """Return the place as `file 'x.csv', sheet 'S', row 4, column 'paid'` (only the parts known)."""
        parts = []
        if self.file:
            parts.append(f"file '{self.file}'")
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)


class ReservingError(ValueError):
    """Base class of every error the engine raises on purpose; the message is for the user."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        self.message = message
        self.location = location or Location()
        where = self.location.describe()
        super().__init__(f"{where}: {message}" if where else message)


class InputError(ReservingError):
    """The user's file or mapping cannot be read or does not make a valid triangle."""


class AssumptionError(ReservingError):
    """An assumption is out of range or does not fit the data (for example a factor <= 0)."""


class MethodDataError(ReservingError):
    """A method needs data the dataset lacks (premium, claim counts, case reserves)."""
