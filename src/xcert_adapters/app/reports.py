"""The one report builder: every use case turns the issues it found into an :class:`IssueReport` here, so a
warning the school downgraded in ``[rules]`` is a warning in every command, a code turned off is dropped
everywhere, a misspelt code in the settings is reported everywhere (``settings-unknown-code``), and the order is
the same (by row, file-level issues first, otherwise as found).

The check commands that run without a workspace pass the rule settings of ``--settings`` (or none); every
workspace command passes the workspace's ``xcert.toml`` ``[rules]``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from xcert_adapters.workspace.rule_settings import RuleConfig
from xcert_core.issue_types import SETTINGS_UNKNOWN_CODE
from xcert_core.issues import Issue, IssueCollector, IssueReport
from xcert_core.issues.report_workbook import MarkedColumn, marked_sheet, summary_sheet
from xcert_core.plugins import XcertPlugins
from xcert_core.ports.workbooks import SheetData
from xcert_core.roster.columns import RosterColumn, find_header


def build_report(plugins: XcertPlugins, issues: Iterable[Issue], rules: RuleConfig | None = None, *,
                 file: str | None = None, by_row: bool = True) -> IssueReport:
    """``issues`` as the report of ``file``: every code checked against the catalogue, ``rules``' severities
    applied (a code turned off is dropped) and its unknown codes reported; in row order (stable, so issues of
    one row keep the order they were found in), or as found when ``by_row`` is false."""
    collector = IssueCollector(plugins.catalogue, rules.settings if rules is not None else None)
    collector.extend(issues)
    if rules is not None:
        unknown = rules.settings.unknown_codes(plugins.catalogue)
        collector.extend(SETTINGS_UNKNOWN_CODE.at(code=code) for code in unknown)
    found = collector.report().issues
    return IssueReport(tuple(sorted(found, key=lambda i: i.row or 0)) if by_row else found, file=file)


def write_marked_report(plugins: XcertPlugins, sheet: SheetData, file: str, columns: Sequence[RosterColumn],
                        anchors: frozenset[str], report: IssueReport, rows: int, out: Path) -> None:
    """The marked-up error report of a template sheet (registrations, rooms, proctors): the school's sheet with
    each problem cell red or yellow and commented, under the header row ``columns`` and ``anchors`` find (no
    marks on columns when no header is found), and the 问题汇总 sheet; written privately by the workbook writer."""
    match = find_header(sheet.rows, columns, anchors)
    marked = [MarkedColumn(c.header, match.positions[c.key], c.width) for c in columns
              if match is not None and c.key in match.positions]
    plugins.workbook_writer().write([
        marked_sheet(sheet, report, match.index + 1 if match is not None else 1, marked),
        summary_sheet(file, sheet.name, rows, report, plugins.catalogue),
    ], out)
