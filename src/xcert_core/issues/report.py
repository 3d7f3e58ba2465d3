"""Collecting issues into a report, with a school's severity settings applied."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping

from attrs import field, frozen

from xcert_core.issues.catalogue import IssueCatalogue
from xcert_core.issues.types import Issue
from xcert_core.labels import Severity


@frozen
class IssueSettings:
    """A school's overrides: ``severity`` maps an issue code to another severity, or to ``None`` for off.

    Unknown codes are reported by :meth:`unknown_codes` (a misspelt code in ``xcert.toml`` must not silently
    do nothing).
    """

    severity: Mapping[str, Severity | None] = field(factory=dict)

    def unknown_codes(self, catalogue: IssueCatalogue) -> list[str]:
        return sorted(code for code in self.severity if code not in catalogue)


@frozen
class IssueReport:
    """The issues found in one input, in the order they were found."""

    issues: tuple[Issue, ...] = ()
    file: str | None = None

    def __iter__(self) -> Iterator[Issue]:
        return iter(self.issues)

    def __len__(self) -> int:
        return len(self.issues)

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(issue for issue in self.issues if issue.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(issue for issue in self.issues if issue.severity is Severity.WARNING)

    @property
    def has_errors(self) -> bool:
        return any(issue.severity is Severity.ERROR for issue in self.issues)

    def counts_by_code(self) -> Counter[str]:
        return Counter(issue.code for issue in self.issues)

    @property
    def exit_code(self) -> int:
        """The command-line contract: 0 without errors (warnings allowed), 1 with at least one error."""
        return 1 if self.has_errors else 0


class IssueCollector:
    """Gathers issues, checking each code against the catalogue and applying :class:`IssueSettings`.

    Raises :class:`~xcert_core.errors.UnknownIssueCodeError` for an uncatalogued code: that is a bug in the
    rule that reported it, not a problem in the user's data.
    """

    def __init__(self, catalogue: IssueCatalogue, settings: IssueSettings | None = None) -> None:
        self._catalogue = catalogue
        self._settings = settings or IssueSettings()
        self._issues: list[Issue] = []

    def add(self, issue: Issue) -> None:
        """Keep ``issue`` with the settings' severity, or drop it when the settings turn its code off."""
        self._catalogue.get(issue.code)
        if issue.code in self._settings.severity:
            severity = self._settings.severity[issue.code]
            if severity is None:
                return
            issue = issue.with_severity(severity)
        self._issues.append(issue)

    def extend(self, issues: Iterable[Issue]) -> None:
        for issue in issues:
            self.add(issue)

    def report(self, file: str | None = None) -> IssueReport:
        """The issues collected so far, in the order they were added."""
        return IssueReport(tuple(self._issues), file=file)


def has_error(issues: Iterable[Issue]) -> bool:
    """Whether any issue is an error as catalogued: the default judgement of whether an import or a scheduling
    run must refuse. Callers that apply a school's severity settings pass their own judgement instead."""
    return any(issue.severity is Severity.ERROR for issue in issues)
