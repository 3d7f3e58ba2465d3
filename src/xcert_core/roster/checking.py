"""Running the roster's rule families over a table and collecting one report."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from xcert_core.issues import Issue, IssueCatalogue, IssueCollector, IssueReport, IssueSettings
from xcert_core.ports.rules import ROSTER_TARGET, RuleFamily
from xcert_core.roster.table import RosterTable


def roster_families(families: Iterable[RuleFamily], disabled: Iterable[str] = ()) -> list[RuleFamily]:
    """The families that check rosters, minus those whose ``name`` is in ``disabled``."""
    off = set(disabled)
    return [family for family in families if family.target == ROSTER_TARGET and family.name not in off]


def check_roster(
    table: RosterTable,
    sheet_issues: Sequence[Issue],
    families: Sequence[RuleFamily],
    catalogue: IssueCatalogue,
    settings: IssueSettings | None = None,
) -> IssueReport:
    """Every issue of ``table``: the sheet's own first, then each family's, ordered by row (file-level issues
    first) and, within a row, by the template's column order. Settings change severities or drop codes."""
    collector = IssueCollector(catalogue, settings)
    collector.extend(sheet_issues)
    for family in families:
        collector.extend(family.check(table))
    order = {table.header(key): n for n, key in enumerate(table.fields)}
    issues = sorted(collector.report().issues,
                    key=lambda i: (i.row or 0, order.get(i.column or "", -1)))
    return IssueReport(tuple(issues), file=table.file)
