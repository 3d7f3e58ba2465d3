"""Step 3 as use cases: check a roster (考生信息) against every rule, import it all-or-nothing, list the stored
candidates.

:func:`check_roster_file` is the one check: ``xcert students check`` (no workspace; ``--settings``) and
:func:`import_roster` (the workspace's ``[rules]``) both run it, so the two can never disagree. A face that shows
progress passes ``progress``, called with each rule family's name as it finishes.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import attrs
from attrs import frozen

from xcert_adapters.app.audit import COMMAND_LINE
from xcert_adapters.app.errors import RequestError
from xcert_adapters.app.import_history import ROSTER, record_import
from xcert_adapters.reference.program_catalogue import load_program_catalogue
from xcert_adapters.workbooks.common import gc_paused
from xcert_adapters.workbooks.selection import read_sheet, split_reading
from xcert_adapters.workbooks.sheet_bytes import sheet_bytes, sheet_from_bytes
from xcert_adapters.workspace import Workspace
from xcert_adapters.workspace.rule_settings import RuleConfig
from xcert_core.issue_types import SETTINGS_UNKNOWN_CODE
from xcert_core.issues import Issue, IssueReport
from xcert_core.issues.report_workbook import marked_sheet, summary_sheet
from xcert_core.labels import CandidateType, VerificationState
from xcert_core.model import Candidate
from xcert_core.plugins import XcertPlugins
from xcert_core.ports.rules import RuleFamily
from xcert_core.ports.workbooks import SheetData, SheetModel
from xcert_core.privacy import mask_id_number
from xcert_core.roster.checking import check_roster, roster_families
from xcert_core.roster.importing import ImportSummary, candidates_from_table, import_candidates, type_conflicts
from xcert_core.roster.reading import read_roster
from xcert_core.roster.table import RosterContext, RosterTable

WORKER_FIRST_FAMILIES = frozenset({"identity", "enrolment"})
"""Run last, so that on large files with `XCERT_WORKERS=2` the forked worker (which takes families from the back)
starts with them, claiming both at once: on a clean roster about half the rule time, most of it every row's ID
verdict, which they share through a per-process cache."""
IMPORT_ACTOR = "xcert students import"



@frozen
class RuleProgress:
    """How far a check is: ``done`` of ``total`` rule families have run over the roster's ``rows`` rows;
    ``family`` names the one that just finished (``None`` at the start, before any has run)."""

    family: str | None
    done: int
    total: int
    rows: int


Progress = Callable[[RuleProgress], None]
"""Called once before the rules run and once after each rule family (a face draws a progress bar from it)."""


@frozen
class CheckedRoster:
    """A roster read and checked: the file, the sheet as read, the table the rules saw and their report."""

    path: Path
    sheet: SheetData
    table: RosterTable
    report: IssueReport

    @property
    def rows(self) -> int:
        return len(self.table.rows)


@frozen
class RosterImport:
    """:func:`import_roster`'s outcome: the check, and what was stored (``None``: the check found errors and
    nothing was stored)."""

    checked: CheckedRoster
    summary: ImportSummary | None

    @property
    def exit_code(self) -> int:
        return self.checked.report.exit_code


def rule_families(plugins: XcertPlugins, disabled: tuple[str, ...]) -> list[RuleFamily]:
    """The roster's rule families minus ``disabled``; a name that is no family is refused
    (:class:`RequestError`): a misspelt name in the settings must not silently leave the family on."""
    families = plugins.rule_families()
    unknown = sorted(set(disabled) - {family.name for family in families})
    if unknown:
        known = "、".join(sorted(family.name for family in families if family.target == "roster"))
        raise RequestError(f"[rules] disabled 中没有这些规则：{'、'.join(unknown)}（可用的有 {known}）/ "
                           f"unknown rule families: {', '.join(unknown)}")
    return roster_families(families, disabled)


class _Reporting:
    """A rule family that reports to ``progress`` when it has run."""

    def __init__(self, family: RuleFamily, progress: Progress, counter: list[int], total: int, rows: int) -> None:
        self.name, self.target, self.issue_types = family.name, family.target, family.issue_types
        self._family, self._progress, self._counter, self._total, self._rows = family, progress, counter, total, rows

    def check(self, subject: object) -> list[Issue]:
        issues = list(self._family.check(subject))
        self._counter[0] += 1
        self._progress(RuleProgress(self.name, self._counter[0], self._total, self._rows))
        return issues


@contextmanager
def _collector_paused() -> Iterator[None]:
    """:func:`~xcert_adapters.workbooks.common.gc_paused`, and what the block built frozen at its end
    (:func:`gc.freeze`), so the collector's later passes and the one at exit do not walk the sheet, table and
    caches again. Frozen objects are still freed by reference counting when dropped, but a reference cycle
    among them is never collected: right for a command that ends after the check; a long-running caller (the
    demo, an embedding school system) that checks many rosters may call :func:`gc.unfreeze` afterwards."""
    with gc_paused():
        yield
        gc.freeze()


def check_roster_file(roster: Path, plugins: XcertPlugins, rules: RuleConfig, *, catalogue: Path | None = None,
                      sheet: str | None = None, u_policy: str = "all", progress: Progress | None = None,
                      kind: CandidateType | None = None) -> CheckedRoster:
    """Read ``roster`` and run every roster rule family over it: severities, unknown codes and disabled families
    from ``rules``, the program catalogue when given, large files shared with a forked worker (for a large .xlsx
    one forked before the file is read, reading it too: see :mod:`~xcert_adapters.concurrency.forked_rules`).
    Which roster the file is (the school's, or the social candidates') is told by its header, or fixed by
    ``kind``.

    The cyclic garbage collector is paused throughout (see :func:`_collector_paused`): the table and the rules'
    caches are a few hundred thousand objects that form no cycles, and on a 100,000-row file its passes over them
    cost a tenth of the check."""
    programs = load_program_catalogue(catalogue, plugins) if catalogue is not None else None
    context = RosterContext(programs=programs, u_policy=u_policy)
    families = rule_families(plugins, rules.disabled_families)
    from xcert_adapters.concurrency.forked_rules import (  # noqa: PLC0415 - multiprocessing
        split_across_processes,
        start_early_worker,
    )

    with _collector_paused():
        split = split_reading(roster, plugins, sheet)
        early = start_early_worker(roster, families, WORKER_FIRST_FAMILIES,
                                   None if split is None else split.read_unchecked,
                                   lambda read: read_roster(read, roster.name, context, kind)[0], sheet_bytes)
        try:
            sheet_data = None
            if early is not None and split is not None:  # the worker parses; this process checks, then takes it
                split.check()
                sheet_data = early.read_here(sheet_from_bytes)
                if sheet_data is None:  # it could not, or the file changed: a worker forked after the read, if any
                    early.stop()
                    early = None
            if sheet_data is None:
                sheet_data = read_sheet(roster, plugins, sheet)
            table, sheet_issues = read_roster(sheet_data, roster.name, context, kind)
        except BaseException:
            if early is not None:
                early.stop()
            raise
        sheet_issues += [SETTINGS_UNKNOWN_CODE.at(code=code)
                         for code in rules.settings.unknown_codes(plugins.catalogue)]
        families, share = split_across_processes(table, len(table.rows), families, WORKER_FIRST_FAMILIES, early)
        if progress is not None:
            rows, counter = len(table.rows), [0]
            progress(RuleProgress(None, 0, len(families), rows))
            families = [_Reporting(family, progress, counter, len(families), rows) for family in families]
        try:
            report = check_roster(table, sheet_issues, families, plugins.catalogue, rules.settings)
        finally:
            if share is not None:
                share.close()
                share.join()
    return CheckedRoster(roster, sheet_data, table, report)


def write_roster_report(plugins: XcertPlugins, checked: CheckedRoster, out: Path) -> None:
    """The marked-up error report of a check: the school's sheet with problem cells red or yellow and a comment
    each, and a summary sheet."""
    writer = plugins.workbook_writer()
    writer.write([
        marked_sheet(checked.sheet, checked.report, checked.table.header_row, checked.table.marked_columns()),
        summary_sheet(checked.table.file, checked.table.sheet, checked.rows, checked.report, plugins.catalogue),
    ], out)


def import_roster(workspace: Workspace, roster: Path, *, catalogue: Path | None = None, sheet: str | None = None,
                  u_policy: str = "all", report_path: Path | None = None, progress: Progress | None = None,
                  actor: str = "", channel: str = COMMAND_LINE, name: str | None = None,
                  kind: CandidateType | None = None) -> RosterImport:
    """Check ``roster`` under the workspace's ``[rules]`` and, when the report has no error, store it in one
    transaction: new candidates are 无照片, unchanged ones stay as they are, a changed name or ID type sends a
    candidate back to 信息待认证, candidates not in the roster stay. The school's roster (本校学生导入模板) makes
    院校考生, the social roster (社会考生导入模板) 社会考生, told apart by the header; a row whose person is stored as
    the other type is an error (``roster-type-conflict``). ``report_path``: also write the report."""
    checked = check_roster_file(roster, workspace.plugins, workspace.config.rules, catalogue=catalogue,
                                sheet=sheet, u_policy=u_policy, progress=progress, kind=kind)
    candidates = candidates_from_table(checked.table, workspace.school_code) if not checked.report.has_errors else []
    conflicts = type_conflicts(list_candidates(workspace), checked.table, candidates) if candidates else []
    if conflicts:
        issues = sorted((*checked.report.issues, *conflicts), key=lambda issue: issue.row or 0)
        checked = attrs.evolve(checked, report=IssueReport(tuple(issues), file=checked.report.file))
    if report_path is not None:
        write_roster_report(workspace.plugins, checked, report_path)
    report = checked.report
    if report.has_errors:
        record_import(workspace, ROSTER, roster, report, stored=False, actor=actor, channel=channel, name=name)
        return RosterImport(checked, None)
    what = "社会考生名单" if checked.table.layout.kind is CandidateType.PUBLIC else "学生名单"
    summary = import_candidates(workspace.storage, candidates, actor=IMPORT_ACTOR,
                                reason=f"导入{what} {name or roster.name}")
    record_import(workspace, ROSTER, roster, report, stored=True, added=len(summary.added),
                  changed=len(summary.updated), unchanged=len(summary.unchanged), actor=actor, channel=channel,
                  name=name)
    return RosterImport(checked, summary)


def list_candidates(workspace: Workspace, state: VerificationState | None = None, *,
                    kind: CandidateType | None = None) -> list[Candidate]:
    """The school's stored candidates, all or those in ``state`` and of type ``kind``."""
    filters: dict[str, object] = {"school_code": workspace.school_code}
    if state is not None:
        filters["state"] = state
    if kind is not None:
        filters["candidate_type"] = kind
    return workspace.storage.list(Candidate, **filters)


LIST_HEADER = ("序号", "姓名", "证件号码（已脱敏）", "班级", "专业", "入学年份", "认证状态", "照片")


def write_candidate_list(workspace: Workspace, candidates: Sequence[Candidate], out: Path, *,
                         title: str = "学生名单") -> None:
    """A workbook of ``candidates`` for a teacher to pass round (e.g. who still lacks a photo): name, masked ID
    number, 班级, program, enrolment year, state, whether a photo is stored — never a full ID or phone number.
    ``xcert confirm --from`` reads it back (姓名 and the masked number name each student)."""
    rows = [(n, c.name, mask_id_number(c.id_number), c.group_label, c.program_name or "", c.enrolment_year or "",
             c.state.label, "有" if c.photo is not None else "无") for n, c in enumerate(candidates, start=1)]
    sheet = SheetModel(title[:31], (LIST_HEADER, *rows), column_widths=(6, 12, 22, 22, 20, 10, 12, 6),
                       text_columns=(3,), header_row=1)
    workspace.plugins.workbook_writer().write([sheet], out)
