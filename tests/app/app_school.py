"""A school driven through the application layer, step by step, as ``docs/how-to/embed-xcert.md`` drives it: the
platform's templates filled with the demo's made-up students and drawn photos, then each step's use case called
directly. The use-case test modules of this folder build their workspaces with it. No tests here."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Sequence
from pathlib import Path

from xcert_adapters.app import photos, registrations, roster, scheduling, setup, staff_and_rooms, verification
from xcert_adapters.demo.files import plan_toml, roster_row, write_filled, write_zip
from xcert_adapters.demo.people import generate_students
from xcert_adapters.demo.portraits import photo_jpeg
from xcert_adapters.workspace import Workspace, WorkspaceConfig, create_workspace
from xcert_core.labels import VerificationState
from xcert_core.model import Candidate
from xcert_core.plugins import XcertPlugins
from xcert_core.ports.workbooks import CellValue
from xcert_core.registration.sheet import registration_template
from xcert_core.roster.template import roster_template
from xcert_core.scheduling.proctors_sheet import proctor_template
from xcert_core.scheduling.rooms_sheet import room_template

SCHOOL = "4133010001"
SCHOOL_NAME = "示范职业技术学院"
CERTIFICATE = "1550001066010252"  # 数字媒体交互设计 初级, in the sample catalogue every workspace starts with
CERTIFICATE_NAME = "数字媒体交互设计职业技能等级证书"
SITE, SITE_NAME = "S001", "信息楼考点"
PLAN = "P1"
ROOM = "信息楼301"
TODAY = dt.date.today()
YEAR = TODAY.year  # the plan's registration window is around today: registrations are checked against it
STUDENTS = 26
REGISTERED = 24
"""The first 24 of the 26 students register with the file; the last two are left for late registration."""
PROCTORS = (("T1", "老师甲", "13800000001", "监考", None), ("T2", "老师乙", "13800000002", "监考", None),
            ("T3", "老师丙", "13800000003", "监考", None), ("T9", "老师丁", "13800000009", "监考", "T1;P1"),
            ("X1", "巡考甲", "13900000001", "巡考", None))
"""Three proctors, one who can watch no session of the plan (so never assigned) and one inspector."""


def students(count: int = STUDENTS) -> list[Candidate]:
    """The school's made-up students (the demo's generator, always the same ones)."""
    return [student.candidate for student in generate_students(count, SCHOOL)]


def new_workspace(root: Path, *, practice: bool = True, address: str = "太原市小店区示范路 1 号") -> Workspace:
    """A fresh workspace of the school for this year; a practice one (the simulated verifier) unless told."""
    config = WorkspaceConfig(school_code=SCHOOL, school_name=SCHOOL_NAME, school_address=address, year=YEAR,
                             practice=practice)
    return create_workspace(root, config)


def copy_workspace(source: Path, target: Path) -> Workspace:
    """Open a copy of the (closed) workspace folder ``source`` at ``target``: a test may change it freely."""
    shutil.copytree(source, target)
    return Workspace.open(target)


def roster_file(plugins: XcertPlugins, candidates: Sequence[Candidate], path: Path,
                rows: Sequence[Sequence[CellValue]] = ()) -> Path:
    """The roster template (本校学生导入模板) with ``candidates``' rows, then ``rows`` as given."""
    return write_filled(plugins, roster_template(), [*(roster_row(c) for c in candidates), *rows], path)


def photo_zip(candidates: Sequence[Candidate], path: Path) -> Path:
    """A zip of one drawn ID photo per candidate, named by the ID number."""
    return write_zip(path, [(f"{c.id_number}.jpg", photo_jpeg(n)) for n, c in enumerate(candidates)])


def registration_row(candidate: Candidate, *, name: str | None = None, site: str = SITE) -> list[CellValue]:
    """One row of the by-certificate registration template for ``candidate`` at ``site``."""
    return [name or candidate.name, candidate.id_number, "院校考生", CERTIFICATE, CERTIFICATE_NAME, "初级", site,
            SITE_NAME]


def registration_file(plugins: XcertPlugins, rows: Sequence[Sequence[CellValue]], path: Path) -> Path:
    return write_filled(plugins, registration_template(), rows, path)


def room_file(plugins: XcertPlugins, rows: Sequence[Sequence[CellValue]], path: Path) -> Path:
    """The room template (考场导入模板) with ``rows``: site code, site name, room, type, seats, rows, columns."""
    return write_filled(plugins, room_template(), rows, path)


def proctor_file(plugins: XcertPlugins, rows: Sequence[Sequence[CellValue]], path: Path) -> Path:
    """The proctor template with ``rows``: teacher number, name, phone, school, region, role, unavailable."""
    return write_filled(plugins, proctor_template(), rows, path)


def plan_file(path: Path, code: str = PLAN, name: str = "第一批") -> Path:
    """An exam plan file (TOML) for the certificate: sessions T1 (theory) and P1 (practical) on one day, the
    registration window around today."""
    path.write_text(plan_toml(CERTIFICATE, code, name, TODAY), "utf-8")
    return path


# --- the steps ------------------------------------------------------------------------------------------------


def set_up(workspace: Workspace, files: Path) -> None:
    """Steps 1-2 and the plan: quota 60, the approved site with its address, plan P1."""
    setup.set_quota(workspace, CERTIFICATE, 60)
    setup.add_site(workspace, SITE, SITE_NAME, [CERTIFICATE], address="信息楼", approved=True)
    setup.import_plans(workspace, plan_file(files / "计划.toml"))


def enrol(workspace: Workspace, files: Path, candidates: Sequence[Candidate]) -> None:
    """Steps 3-5: the roster, the photos, the simulated verification and a person confirming the rest; every
    candidate ends 信息准确."""
    imported = roster.import_roster(workspace, roster_file(workspace.plugins, candidates, files / "名单.xlsx"))
    assert imported.summary is not None, imported.checked.report.issues
    stored = photos.import_zip(workspace, photo_zip(candidates, files / "照片.zip"))
    assert stored.stored, stored.report.findings
    verified = verification.verify_candidates(workspace, "fake")
    review = [o.key[1] for o in verified.batch.outcomes if o.after is VerificationState.NEEDS_REVIEW]
    verification.confirm_candidates(workspace, review, operator="教务处王老师", reason="已核对身份证原件")
    assert verification.state_counts(workspace) == {VerificationState.VERIFIED: len(candidates)}


def register(workspace: Workspace, files: Path, candidates: Sequence[Candidate]) -> None:
    """Step 6 for ``candidates``."""
    path = registration_file(workspace.plugins, [registration_row(c) for c in candidates], files / "报考.xlsx")
    done = registrations.import_registration_file(workspace, path, plan_code=PLAN)
    assert len(done.stored) == len(candidates), done.report.issues


def staff(workspace: Workspace, files: Path) -> None:
    """Steps 7-8: one room of 30 seats (5 rows of 6) and the proctors of :data:`PROCTORS`."""
    added = staff_and_rooms.add_room(workspace, PLAN, SITE, ROOM, "30", rows="5", columns="6")
    assert added.stored is not None, added.report.issues
    rows = [[number, name, phone, None, "太原", role, unavailable] for number, name, phone, role, unavailable
            in PROCTORS]
    imported = staff_and_rooms.import_proctors(workspace, proctor_file(workspace.plugins, rows, files / "监考.xlsx"))
    assert imported.stored is not None, imported.report.issues


def scheduled_school(root: Path, files: Path) -> list[Candidate]:
    """A closed workspace at ``root`` through step 9 (24 of 26 verified students registered and seated, proctors
    assigned; nothing printed); returns all 26 students."""
    files.mkdir(parents=True, exist_ok=True)
    everyone = students()
    with new_workspace(root) as workspace:
        set_up(workspace, files)
        enrol(workspace, files, everyone)
        register(workspace, files, everyone[:REGISTERED])
        staff(workspace, files)
        run = scheduling.schedule_in_workspace(workspace, PLAN, seed=1)
        assert run.outcome.stored, run.report.issues
    return everyone
