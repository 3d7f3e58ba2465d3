"""The 培训评价组织's registrations as a use case: import several schools' registrations for a plan (xcert's own
跨校报考明细 sheet, :mod:`xcert_core.organisation.registration_sheet`) into the organisation's workspace — the
schools, their exam sites, their candidates (verified, as the platform holds them) and the registrations — all or
nothing, kept in the import history. A school, site or candidate stored before is updated; a registration of
the plan is replaced. Only an organisation's workspace (``xcert init --organisation``) takes such a file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from xcert_adapters.app import audit
from xcert_adapters.app.errors import RequestError
from xcert_adapters.app.import_history import REGISTRATIONS
from xcert_adapters.app.staff_and_rooms import CheckedSheet, ImportSource, SheetImport, import_sheet
from xcert_adapters.workspace import Workspace
from xcert_core.organisation.registration_sheet import ANCHORS, COLUMNS, read_registration_sheet
from xcert_core.ports.workbooks import SheetData
from xcert_core.scheduling.stored import get_plan


def import_organisation_registrations(workspace: Workspace, file: Path, plan_code: str, *, sheet: str | None = None,
                                      report_path: Path | None = None, actor: str = "",
                                      channel: str = audit.COMMAND_LINE, name: str | None = None) -> SheetImport:
    """Check the 跨校报考明细 ``file`` for the stored plan and store what it gives, all or nothing;
    :class:`RequestError` in a school's workspace."""
    if not workspace.config.organisation:
        raise RequestError("跨校报考明细只能导入培训评价组织的工作区（xcert init --organisation）；学校请用 xcert "
                           "registrations import / only an organisation's workspace takes several schools")
    plan = get_plan(workspace.storage, plan_code)

    def check(data: SheetData) -> CheckedSheet:
        found, issues, rows = read_registration_sheet(data, file.name, plan, dt.date.today())
        return CheckedSheet([*found.schools, *found.sites, *found.candidates, *found.registrations], issues, rows)

    return import_sheet(workspace, ImportSource(file, sheet, report_path, actor, channel, name), REGISTRATIONS,
                        COLUMNS, ANCHORS, check)
