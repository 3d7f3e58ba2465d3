"""#20's end to end, on a real PostgreSQL: two schools' registrations in the organisation's workspace →
排考 with cross-invigilation → a package per school → each school's own workspace imports the rooms, syncs the
排考明细 and prints its pack — with the organisation's ticket numbers, and no other school's data in either
package or either school's printed pack."""

from __future__ import annotations

import json
from pathlib import Path

from pypdf import PdfReader

from cli_run import xcert
from test_cross_invigilation import CERT, GUEST, HOME, SESSION, ident, two_schools
from test_publishing import package_text, person_marks
from xcert_adapters.workspace import Workspace, WorkspaceConfig, create_workspace
from xcert_core.labels import CertificateLevel, Gender, IdType, ReviewStatus
from xcert_core.model import Candidate, ExamPlan, ExamSite, ProctorAssignment, Registration, SeatAssignment
from xcert_core.scheduling.plan_file import DEFAULT_SUBJECT


def school_workspace(root: Path, school: str) -> Path:
    """A school's own workspace (SQLite): the plan and the site as the platform shows them to it, its candidates
    registered there."""
    with create_workspace(root, WorkspaceConfig(school_code=school, school_name=f"学校{school[-1]}",
                                                year=2026)) as workspace, workspace.storage.transaction() as tx:
        tx.put(ExamPlan("P1", "计划", 2026, "ORG", CERT, CertificateLevel.INTERMEDIATE, (DEFAULT_SUBJECT,),
                        (SESSION,)))
        tx.put(ExamSite("Z1", "考点", HOME, "ORG", (CERT,), ReviewStatus.APPROVED, address="示范路 1 号"))
        for n in range(6):
            number = ident(school, n)
            tx.put(Candidate(school, f"考生{school[-1]}{n}", "Kao Sheng", Gender.MALE, IdType.RESIDENT_ID, number,
                             "13800000000", enrolment_year=2024, program_code="510201"))
            tx.put(Registration("P1", number, school, CERT, "Z1"))
    return root


def test_organisation_schedules_publishes_and_each_school_syncs_and_prints(tmp_path: Path,
                                                                           postgresql_database: str) -> None:
    organisation = two_schools(tmp_path / "评价组织", postgresql_database)
    assert xcert("--workspace", organisation, "schedule", "--plan", "P1", "--per-room", "1").returncode == 0
    published = tmp_path / "发布"
    assert xcert("--workspace", organisation, "publish", "--plan", "P1", "--out", published).returncode == 0
    with Workspace.open(organisation, env={}) as workspace:
        tickets = {s.id_number: s.ticket_number for s in workspace.storage.list(SeatAssignment)}
        marks = {school: person_marks(workspace, school) for school in (HOME, GUEST)}
        watched = {(a.room_name, a.school_code) for a in workspace.storage.list(ProctorAssignment)}
    assert ("R1", HOME) not in watched and ("R2", GUEST) not in watched  # cross-invigilation

    for school, other in ((HOME, GUEST), (GUEST, HOME)):
        package = published / school
        text = package_text(package)
        assert not [mark for kind in ("names", "ids", "tickets", "teachers") for mark in marks[other][kind]
                    if mark in text], school
        root = school_workspace(tmp_path / school, school)
        rooms = xcert("--workspace", root, "rooms", "import", package / "考场.xlsx", "--plan", "P1")
        assert rooms.returncode == 0, rooms.stdout + rooms.stderr
        synced = xcert("--workspace", root, "sync", "platform", package / "排考明细.xlsx", "--json")
        assert synced.returncode == 0, synced.stdout + synced.stderr
        summary = json.loads(synced.stdout)
        assert summary["kind"] == "assignment-list" and summary["stored"] and summary["changed"] == 6
        printed = xcert("--workspace", root, "documents", "--plan", "P1")
        assert printed.returncode == 0, printed.stdout + printed.stderr
        with Workspace.open(root, env={}) as workspace:
            seats = workspace.storage.list(SeatAssignment)
        assert {s.id_number: s.ticket_number for s in seats} == {
            number: ticket for number, ticket in tickets.items() if number in marks[school]["ids"]}
        pack = "".join(page.extract_text() for page in PdfReader(root / "output" / "P1" / "准考证-全部.pdf").pages)
        assert all(tickets[ident(school, n)] in pack for n in range(6))  # the organisation's ticket numbers
        assert "临时编排" not in pack
        assert not [mark for kind in ("names", "ids", "tickets") for mark in marks[other][kind] if mark in pack]
