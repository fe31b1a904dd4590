"""The validation report: every problem found in an upload, as blocking errors or warnings.

Ingestion collects problems instead of stopping at the first, so the user can fix a file
in one pass; the report is shown before anything is computed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reserving.errors import InputError, Location

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Issue:
    """One problem: how serious, what, and where."""

    severity: str
    message: str
    location: Location = field(default_factory=Location)
    rule: str = ""

    def describe(self) -> str:
        """'file 'x.csv', row 4, column 'paid': not a number: 'abc''."""
        where = self.location.describe()
        return f"{where}: {self.message}" if where else self.message


@dataclass(frozen=True)
class ValidationReport:
    """All issues found in one load, errors first."""

    issues: tuple[Issue, ...] = ()

    @property
    def errors(self) -> tuple[Issue, ...]:
        """Issues that block building the dataset."""
        return tuple(i for i in self.issues if i.severity == ERROR)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        """Issues the user should see but that do not block."""
        return tuple(i for i in self.issues if i.severity == WARNING)

    @property
    def ok(self) -> bool:
        """True when nothing blocks."""
        return not self.errors

    def raise_if_errors(self) -> None:
        """Raise the first error as an `InputError` (the message counts the others)."""
        if self.errors:
            first = self.errors[0]
            more = len(self.errors) - 1
            suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
            raise InputError(first.message + suffix, first.location)

    def merged(self, other: ValidationReport) -> ValidationReport:
        """Both reports' issues, errors first."""
        issues = self.issues + other.issues
        return ValidationReport(tuple(sorted(issues, key=lambda i: i.severity != ERROR)))
