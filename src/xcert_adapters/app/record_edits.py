"""编辑 of one room, proctor, exam site or plan (#24 item 2), as :mod:`.student_records` edits a student.

Each edit takes the stored record, applies the fields given (as a person types them), and puts the result through
the very check its import or ``add`` command uses — a room as a row of the room template (so a seated room's seats
cannot shrink below an occupied seat), a proctor as a row of the proctor template, a site through ``sites add``, a
plan through the rule that a plan with registrations keeps its certificate, subjects and sessions (its name and
registration window may change). It is stored only without an error, and then — when it changed something —
written to the audit log with who, why, and each changed field's new value as a list shows it (a phone masked).
Nothing is renamed: a record's key (room name, 教师编号, 站点编号, 计划编号) is how the platform and the seating
know it; remove it and add it anew.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import attrs
from attrs import frozen

from xcert_adapters.app import audit
from xcert_adapters.app.errors import RequestError
from xcert_adapters.app.setup import active_registrations, add_site
from xcert_adapters.app.staff_and_rooms import SheetImport, add_room, store_proctor_rows
from xcert_adapters.app.student_records import require_why
from xcert_adapters.workspace import Workspace
from xcert_core.exchange.package import proctor_sheet
from xcert_core.issues import IssueReport
from xcert_core.labels import RegistrationStatus
from xcert_core.model import ExamPlan, ExamRoom, ExamSite, Proctor, Registration, School
from xcert_core.ports.workbooks import SheetData
from xcert_core.privacy import mask_phone
from xcert_core.scheduling.plan_file import check_plan_change
from xcert_core.scheduling.plan_sheets import parse_date
from xcert_core.scheduling.proctors_sheet import DEFAULT_SCHOOL, PROCTOR_COLUMNS, read_proctors_sheet

PROCTOR_FIELDS = {column.key: column.header for column in PROCTOR_COLUMNS if column.key != "teacher_number"}
"""What :func:`edit_proctor` may change: every column of the proctor template but 教师编号."""


@frozen
class RecordEdit:
    """An edit's outcome: the report of the check (``stored`` when it has no error) and the changed fields with
    their new values as shown (what the audit log keeps)."""

    report: IssueReport
    changes: tuple[tuple[str, str], ...]

    @property
    def stored(self) -> bool:
        return not self.report.has_errors


def _changed(before: Mapping[str, str], after: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((key, value) for key, value in after.items() if value != before.get(key))


def _nothing(changes: Mapping[str, object]) -> None:
    if not any(value is not None for value in changes.values()):
        raise RequestError("没有要修改的内容 / nothing to edit")


def _room_view(room: ExamRoom) -> dict[str, str]:
    layout = room.layout
    return {"seats": str(room.seats), "rows": str(layout.rows) if layout else "",
            "columns": str(layout.columns) if layout else "", "room_type": room.room_type}


def edit_room(workspace: Workspace, plan_code: str, site_code: str, name: str, *, seats: str | None = None,
              rows: str | None = None, columns: str | None = None, room_type: str | None = None, actor: str,
              reason: str, channel: str = audit.COMMAND_LINE) -> RecordEdit:
    """Change a stored room's seats, layout or type, checked as a row of the room template.
    :class:`RequestError` for no such room, nothing to change, or no reason."""
    require_why(actor, reason)
    _nothing({"seats": seats, "rows": rows, "columns": columns, "room_type": room_type})
    room = workspace.storage.find(ExamRoom, (plan_code, site_code, name))
    if room is None:
        raise RequestError(f"考试计划“{plan_code}”的站点“{site_code}”没有考场“{name}”（xcert rooms list 查看）/ "
                           "no such room")
    before = _room_view(room)
    wanted = {**before, **{key: value for key, value in
                           {"seats": seats, "rows": rows, "columns": columns, "room_type": room_type}.items()
                           if value is not None}}
    outcome: SheetImport = add_room(workspace, plan_code, site_code, name, wanted["seats"],
                                    rows=wanted["rows"] or None, columns=wanted["columns"] or None,
                                    room_type=wanted["room_type"])
    if outcome.report.has_errors:
        return RecordEdit(outcome.report, ())
    after = _room_view(workspace.storage.get(ExamRoom, room.key))
    changes = _changed(before, after)
    if changes:
        audit.append(workspace.storage, actor, channel, "rooms.edit", target=f"{plan_code} {site_code} {name}",
                     detail=reason, changes=changes)
    return RecordEdit(outcome.report, changes)


def _proctor_view(proctor: Proctor, schools: Mapping[str, str]) -> dict[str, str]:
    cells = proctor_sheet([proctor], dict(schools)).rows[-1]
    values = dict(zip([c.key for c in PROCTOR_COLUMNS], cells, strict=True))
    return {key: ("" if value is None else str(value)) for key, value in values.items() if key in PROCTOR_FIELDS}


def edit_proctor(workspace: Workspace, teacher_number: str, changes: Mapping[str, str], *, actor: str, reason: str,
                 channel: str = audit.COMMAND_LINE) -> RecordEdit:
    """Change a stored proctor's fields ``changes`` (keys of :data:`PROCTOR_FIELDS`, values as typed in the
    template), checked as a row of the proctor template. A proctor assigned to a session that the edit makes
    unavailable keeps the assignment until ``xcert schedule proctors`` runs again (which moves only them).
    所属院校 is part of who the proctor is (with 教师编号): 本校 or the workspace's school name changes nothing,
    another school is refused (:class:`RequestError`: remove the proctor and import them again)."""
    require_why(actor, reason)
    unknown = sorted(set(changes) - set(PROCTOR_FIELDS))
    if unknown or not changes:
        raise RequestError(f"可以修改的是：{'、'.join(PROCTOR_FIELDS.values())} / nothing to edit")
    storage = workspace.storage
    found = [p for p in storage.list(Proctor) if p.teacher_number == teacher_number.strip()]
    if len(found) != 1:
        raise RequestError(f"没有教师编号为“{teacher_number}”的监考人员（xcert proctors list 查看）/ no such proctor")
    proctor = found[0]
    schools = {school.code: school.name for school in storage.list(School)}
    before = _proctor_view(proctor, schools)
    row = {"teacher_number": proctor.teacher_number, **before, **changes}
    header = tuple("*" + c.header if c.required else c.header for c in PROCTOR_COLUMNS)
    data = SheetData(audit.COMMAND_LINE, (header, tuple(row.get(c.key) or None for c in PROCTOR_COLUMNS)))
    read, issues = read_proctors_sheet(data, audit.COMMAND_LINE)
    own = {DEFAULT_SCHOOL, workspace.config.school_name, schools.get(workspace.school_code, "")}
    people = [attrs.evolve(p, school_code=proctor.school_code) if p.school_code in own or not changes.get("school")
              else p for p in read]
    if any(p.school_code != proctor.school_code for p in people):
        raise RequestError("所属院校和教师编号一起确定一名监考人员，不能在这里修改：请删除这名监考人员"
                           "（xcert proctors remove）后按新院校重新导入 / the school is part of a proctor's identity")
    outcome = store_proctor_rows(workspace, people, [attrs.evolve(issue, row=None) for issue in issues])
    if outcome.report.has_errors:
        return RecordEdit(outcome.report, ())
    stored = next(p for p in storage.list(Proctor) if p.teacher_number == proctor.teacher_number)
    after = _proctor_view(stored, schools)
    shown = {**after, "phone": mask_phone(after["phone"])}
    changed = tuple((key, shown[key]) for key, value in after.items() if value != before[key])
    if changed:
        audit.append(storage, actor, channel, "proctors.edit", target=f"{proctor.name}（{proctor.teacher_number}）",
                     detail=reason, changes=changed)
    return RecordEdit(outcome.report, changed)


def _site_view(site: ExamSite) -> dict[str, str]:
    return {"name": site.name, "address": site.address, "certificates": "、".join(site.certificate_codes)}


def edit_site(workspace: Workspace, code: str, *, name: str | None = None, address: str | None = None,
              certificates: Sequence[str] | None = None, actor: str, reason: str,
              channel: str = audit.COMMAND_LINE) -> RecordEdit:
    """Change a stored exam site's name, address (printed on tickets) or certificates; its review and site state
    stay (a blank name keeps the name, as :func:`edit_plan` does). Dropping a certificate that active
    registrations at the site are for is refused."""
    require_why(actor, reason)
    _nothing({"name": name, "address": address, "certificates": certificates})
    storage = workspace.storage
    site = storage.find(ExamSite, (code,))
    if site is None:
        raise RequestError(f"没有考核站点 {code}（xcert sites list 查看）/ no exam site {code}")
    wanted = tuple(certificates) if certificates is not None else site.certificate_codes
    dropped = set(site.certificate_codes) - set(wanted)
    using = sorted({r.plan_code for r in storage.list(Registration, site_code=code)
                    if r.status is RegistrationStatus.ACTIVE and r.certificate_code in dropped})
    if using:
        raise RequestError(f"考试计划 {'、'.join(using)} 在站点 {code} 有报考，不能去掉它们的证书 / the site has "
                           "registrations for that certificate")
    before = _site_view(site)
    updated = add_site(workspace, code, site.name if name is None or not name.strip() else name.strip(), wanted,
                       address=site.address if address is None else address.strip())
    changes = _changed(before, _site_view(updated))
    if changes:
        audit.append(storage, actor, channel, "sites.edit", target=f"{code} {updated.name}", detail=reason,
                     changes=changes)
    return RecordEdit(IssueReport(), changes)


def _plan_view(plan: ExamPlan) -> dict[str, str]:
    return {"name": plan.name, "opens": plan.registration_opens.isoformat() if plan.registration_opens else "",
            "closes": plan.registration_closes.isoformat() if plan.registration_closes else ""}


def _day(text: str | None, what: str) -> dt.date | None:
    if not text:
        return None
    day = parse_date(text)
    if day is None:
        raise RequestError(f"{what}“{text}”不是日期，请写成 2026-06-13 / not a date")
    return day


def edit_plan(workspace: Workspace, code: str, *, name: str | None = None, opens: str | None = None,
              closes: str | None = None, actor: str, reason: str, channel: str = audit.COMMAND_LINE) -> RecordEdit:
    """Change a stored plan's name or registration window (报考开始/截止日期; ``""`` clears a date) — what may
    change while it has registrations. Subjects and sessions change through the plan form (``plans import``)."""
    require_why(actor, reason)
    _nothing({"name": name, "opens": opens, "closes": closes})
    storage = workspace.storage
    plan = storage.find(ExamPlan, (code,))
    if plan is None:
        raise RequestError(f"没有考试计划“{code}”（xcert plans list 查看）/ no such plan")
    start = plan.registration_opens if opens is None else _day(opens, "报考开始日期")
    end = plan.registration_closes if closes is None else _day(closes, "报考截止日期")
    if start and end and end < start:
        raise RequestError(f"报考截止日期 {end} 早于开始日期 {start} / the window ends before it opens")
    updated = attrs.evolve(plan, name=plan.name if name is None or not name.strip() else name.strip(),
                           registration_opens=start, registration_closes=end)
    before = _plan_view(plan)
    with storage.transaction() as tx:
        check_plan_change(tx.get(ExamPlan, plan.key), updated, active_registrations(tx, code))
        tx.put(updated)
        changes = _changed(before, _plan_view(updated))
        if changes:
            audit.append(tx, actor, channel, "plans.edit", target=code, detail=reason, changes=changes)
    return RecordEdit(IssueReport(), changes)
