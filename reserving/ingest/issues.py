"""The issues of one load, collected rather than raised, so the user sees every problem at once."""

from __future__ import annotations

from collections import Counter

from reserving.errors import Location
from reserving.readers import SourceTable
from reserving.validation import ERROR, WARNING, Issue, ValidationReport

MAX_ISSUES_PER_RULE = 20
"""Issues kept per rule; a listing with thousands of negative amounts gets one summary line."""


class Collector:
    """Issues of one load, capped per rule so that one systematic problem does not drown the rest."""

    def __init__(self, source: SourceTable) -> None:
        self.source = source
        self.issues: list[Issue] = []
        self.counts: Counter[str] = Counter()

    def add(
        self,
        severity: str,
        rule: str,
        message: str,
        row: int | None = None,
        column: str | None = None,
        *,
        source: SourceTable | None = None,
    ) -> None:
        """Record an issue at `row` / `column` of `source` (the load's own table unless given)."""
        self.counts[rule] += 1
        if self.counts[rule] <= MAX_ISSUES_PER_RULE:
            src = source or self.source
            self.issues.append(Issue(severity, message, Location(src.file_name, src.sheet, row, column), rule))

    def error(self, rule: str, message: str, row: int | None = None, column: str | None = None) -> None:
        """Record a problem that blocks the dataset."""
        self.add(ERROR, rule, message, row, column)

    def warn(self, rule: str, message: str, row: int | None = None, column: str | None = None) -> None:
        """Record a problem the user should see but that does not block."""
        self.add(WARNING, rule, message, row, column)

    @property
    def has_errors(self) -> bool:
        """Tell whether any recorded issue blocks the dataset."""
        return any(i.severity == ERROR for i in self.issues)

    def report(self) -> ValidationReport:
        """Return the report, errors first, with one line counting each rule's issues past the cap."""
        issues = list(self.issues)
        for rule, count in self.counts.items():
            if count > MAX_ISSUES_PER_RULE:
                severity = next(i.severity for i in self.issues if i.rule == rule)
                more = count - MAX_ISSUES_PER_RULE
                issues.append(
                    Issue(
                        severity,
                        f"{more} more issue(s) of the same kind ({rule}) not listed",
                        Location(self.source.file_name, self.source.sheet),
                        rule,
                    )
                )
        return ValidationReport(tuple(sorted(issues, key=lambda i: i.severity != ERROR)))
