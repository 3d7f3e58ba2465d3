"""交叉监考 (#20 item 2) through the application layer: with ``[schedule] cross_invigilation = true`` two schools'
candidates at one site are watched only by the other school's proctors and inspectors, in a new schedule and when
only the proctors are assigned to stored seating; without it, a school's own teachers may watch."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest

from xcert_adapters.app.scheduling import schedule_in_workspace, staff_in_workspace
from xcert_adapters.workspace import Workspace, WorkspaceConfig, create_workspace
from xcert_adapters.workspace.config import read_config
from xcert_core.labels import CertificateLevel, Gender, IdType, ProctorRole, ReviewStatus
from xcert_core.model import (
    Candidate,
    ExamPlan,
    ExamRoom,
    ExamSession,
    ExamSite,
    Proctor,
    ProctorAssignment,
    Registration,
    SeatAssignment,
)

HOME, GUEST = "4133010001", "4133010002"
CERT = "1550001066020254"
SESSION = ExamSession("S1", "X", dt.date(2026, 6, 13), dt.time(9), dt.time(10, 30))


def ident(school: str, n: int) -> str:
    return f"14010520040301{school[-1]}{n:03d}"[:18]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return two_schools(tmp_path / "ws")


def two_schools(root: Path, storage_url: str | None = None) -> Path:
    """A workspace at ``root`` (on ``storage_url``, default SQLite) with cross-invigilation: one site of the home
    school, two rooms of 6; six candidates of each school; three proctors of each school and an inspector of each,
    and an inspector of the organisation (the only one who may inspect a site where both schools sit)."""
    config = WorkspaceConfig(school_code=HOME, school_name="主考学校", year=2026, cross_invigilation=True,
                             **({"storage_url": storage_url} if storage_url else {}))
    with create_workspace(root, config) as workspace, workspace.storage.transaction() as tx:
        from xcert_core.scheduling.plan_file import DEFAULT_SUBJECT  # noqa: PLC0415

        tx.put(ExamPlan("P1", "计划", 2026, "ORG", CERT, CertificateLevel.INTERMEDIATE, (DEFAULT_SUBJECT,), (SESSION,)))
        tx.put(ExamSite("Z1", "考点", HOME, "ORG", (CERT,), ReviewStatus.APPROVED, address="示范路 1 号"))
        for room in ("R1", "R2"):
            tx.put(ExamRoom("P1", "Z1", room, seats=6))
        for school in (HOME, GUEST):
            for n in range(6):
                number = ident(school, n)
                tx.put(Candidate(school, f"考生{school[-1]}{n}", "Kao Sheng", Gender.MALE, IdType.RESIDENT_ID, number,
                                 "13800000000", enrolment_year=2024, program_code="510201"))
                tx.put(Registration("P1", number, school, CERT, "Z1"))
            for n in range(3):
                tx.put(Proctor(school, f"T{n}", f"老师{school[-1]}{n}"))
            tx.put(Proctor(school, "X0", f"巡考{school[-1]}", role=ProctorRole.INSPECTOR))
        tx.put(Proctor("ORG", "X9", "评价组织巡考", role=ProctorRole.INSPECTOR))
    return root


def _schools_of(workspace: Workspace) -> dict[tuple[str, str | None], set[str]]:
    seated: dict[tuple[str, str | None], set[str]] = {}
    registrations = {r.id_number: r.school_code for r in workspace.storage.list(Registration)}
    for seat in workspace.storage.list(SeatAssignment):
        seated.setdefault((seat.site_code, seat.room_name), set()).add(registrations[seat.id_number])
        seated.setdefault((seat.site_code, None), set()).add(registrations[seat.id_number])
    return seated


def tmp_path_config(root: Path, *, cross: bool) -> Path:
    """``root`` with ``[schedule] cross_invigilation`` set to ``cross`` in its ``xcert.toml``."""
    with Workspace.open(root, env={}) as workspace:
        text = attrs.evolve(workspace.config, cross_invigilation=cross).to_toml()
    (root / "xcert.toml").write_text(text, "utf-8")
    return root


def test_nobody_watches_their_own_school(root: Path) -> None:
    with Workspace.open(root, env={}) as workspace:
        assert workspace.config.cross_invigilation and read_config(root / "xcert.toml").cross_invigilation
        run = schedule_in_workspace(workspace, "P1", per_room=1)
        assert run.outcome.stored, [i.message for i in run.report.issues]
        seated = _schools_of(workspace)
        assert seated == {("Z1", "R1"): {HOME}, ("Z1", "R2"): {GUEST}, ("Z1", None): {HOME, GUEST}}
        watched = workspace.storage.list(ProctorAssignment)
        assert {(a.room_name, a.school_code) for a in watched} == {("R1", GUEST), ("R2", HOME), (None, "ORG")}
        for a in watched:
            assert a.school_code not in seated[(a.site_code, a.room_name)], a

        staffed = staff_in_workspace(workspace, "P1", per_room=4)  # more than the other school has: a shortfall
        assert [i.code for i in staffed.report.issues] == ["sched-proctor-shortfall"]
        assert not staffed.outcome.stored
        for a in staffed.outcome.proctors.assignments:
            assert a.school_code not in seated[(a.site_code, a.room_name)]

    mixed = tmp_path_config(root, cross=False)
    with Workspace.open(mixed, env={}) as workspace:
        run = schedule_in_workspace(workspace, "P1", per_room=2, redo=True)
        assert run.outcome.stored
        own = [a for a in workspace.storage.list(ProctorAssignment) if a.role is ProctorRole.PROCTOR]
        seated = _schools_of(workspace)
        assert any(a.school_code in seated[(a.site_code, a.room_name)] for a in own)  # the option is what bars it


def test_rooms_of_one_school_each_are_watched_by_the_other(root: Path) -> None:
    with Workspace.open(root, env={}) as workspace:
        for school, room in ((HOME, "R1"), (GUEST, "R2")):  # the organisation seats each school in its own room
            for n in range(6):
                workspace.storage.put(SeatAssignment("P1", "S1", ident(school, n), "Z1", room, n + 1,
                                                     f"26061300{school[-1]}{n}"))
        run = staff_in_workspace(workspace, "P1", per_room=2, inspectors=0)
        assert run.outcome.stored and not run.report.issues
        by_room = {(a.room_name, a.school_code) for a in run.outcome.proctors.assignments}
        assert by_room == {("R1", GUEST), ("R2", HOME)}
        workspace_config = attrs.evolve(workspace.config, cross_invigilation=False)
        assert "cross_invigilation" not in workspace_config.to_toml()
