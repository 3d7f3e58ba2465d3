"""Publishing the organisation's 排考 to the schools (#20 item 3): each school's package holds its own
candidates' seating, the rooms they sit in and its printed pack — and, read cell by cell and page by page, not a
name, an ID number (full or masked), a ticket number or a teacher of any other school."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from cli_run import xcert
from test_cross_invigilation import GUEST, HOME, root
from xcert_adapters.app.publishing import ASSIGNMENTS, PACK, ROOMS, publish_plan
from xcert_adapters.app.scheduling import schedule_in_workspace
from xcert_adapters.workspace import Workspace
from xcert_core.model import Candidate, Proctor, Registration, SeatAssignment
from xcert_core.privacy import mask_id_number

__all__ = ["root"]


def package_text(folder: Path) -> str:
    """Every cell of every workbook and the text of every page of every PDF under ``folder``."""
    parts = []
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".xlsx":
            book = load_workbook(path, read_only=True)
            parts += [str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                      for cell in row if cell is not None]
        elif path.suffix == ".pdf":
            parts += [page.extract_text() for page in PdfReader(path).pages]
        elif path.suffix == ".json":
            parts.append(path.read_text("utf-8"))
    return "\n".join(parts)


def person_marks(workspace: Workspace, school: str) -> dict[str, set[str]]:
    """What would identify a person of ``school``: names, ID numbers (full and masked), ticket numbers, and its
    teachers' names."""
    storage = workspace.storage
    mine = {r.id_number for r in storage.list(Registration) if r.school_code == school}
    return {
        "names": {c.name for c in storage.list(Candidate, school_code=school)},
        "ids": mine | {mask_id_number(number) for number in mine},
        "tickets": {s.ticket_number for s in storage.list(SeatAssignment) if s.id_number in mine},
        "teachers": {p.name for p in storage.list(Proctor) if p.school_code == school},
    }


def test_no_school_receives_another_schools_person(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "发布"
    with Workspace.open(root, env={}) as workspace:
        assert schedule_in_workspace(workspace, "P1", per_room=1).outcome.stored
        packages = publish_plan(workspace, "P1", out)
        marks = {school: person_marks(workspace, school) for school in (HOME, GUEST)}
    assert [p.school_code for p in packages] == [HOME, GUEST]
    assert all(p.candidates == 6 and p.seats == 6 and p.pack.printed for p in packages)
    for package in packages:
        assert {path.name for path in package.folder.iterdir()} == {ASSIGNMENTS, ROOMS, PACK}
        text = package_text(package.folder)
        own, other = marks[package.school_code], marks[GUEST if package.school_code == HOME else HOME]
        for kind in ("names", "ids", "tickets"):
            assert not [mark for mark in other[kind] if mark in text], (package.school_code, kind)
        assert not [name for name in other["teachers"] if name in text], package.school_code
        assert all(mark in text for mark in own["names"] | own["tickets"])  # its own candidates are all there
        tickets = "".join(page.extract_text() for page in PdfReader(package.folder / PACK / "准考证-全部.pdf").pages)
        assert all(name in tickets for name in own["names"])
        rows = list(load_workbook(package.folder / ASSIGNMENTS).active.iter_rows(values_only=True))
        assert rows[0][:2] == ("序号", "考试计划") and len(rows) == 1 + 6


def test_publish_from_the_command_line_and_again(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "发布"
    assert xcert("--workspace", root, "publish", "--plan", "P1", "--out", out).returncode == 2  # not scheduled
    assert xcert("--workspace", root, "schedule", "--plan", "P1", "--per-room", "1").returncode == 0
    first = xcert("--workspace", root, "publish", "--plan", "P1", "--out", out, "--json")
    assert first.returncode == 0, first.stderr
    payload = json.loads(first.stdout)
    assert [s["school"] for s in payload["schools"]] == [HOME, GUEST]
    assert all(set(s["files"]) == {PACK, ROOMS, ASSIGNMENTS} for s in payload["schools"])
    before = {p: p.read_bytes() for p in out.rglob("*.pdf")}
    again = xcert("--workspace", root, "publish", "--plan", "P1", "--out", out, "--force")
    assert again.returncode == 0 and "2 所学校" in again.stdout
    assert {p: p.read_bytes() for p in out.rglob("*.pdf")} == before  # the same data gives the same bytes


def test_a_schools_package_reads_its_own_part_not_the_plans(root: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """What a per-school job asks the storage for: the school's registrations, and its seats, candidates, rooms,
    sites and proctors by their values; never a listing of the plan's seats or registrations, nor of every
    candidate, room, site or proctor (at 10,000 schools, every job would read the whole plan)."""
    from xcert_adapters.app.publishing import publish_school  # noqa: PLC0415
    from xcert_adapters.storage.sql.storage import SqlStorage  # noqa: PLC0415
    from xcert_core.model import ExamRoom, ExamSite  # noqa: PLC0415

    with Workspace.open(root, env={}) as workspace:
        assert schedule_in_workspace(workspace, "P1", per_room=1).outcome.stored
        listed: list[tuple[str, dict[str, object]]] = []
        values_read: list[tuple[str, dict[str, object]]] = []
        chosen: list[tuple[str, str]] = []
        original_list, original_values, original_in = SqlStorage.list, SqlStorage.values, SqlStorage.list_in

        def spy_list(self: SqlStorage, entity_type: type, **equals: object) -> list[object]:
            listed.append((entity_type.__name__, equals))
            return original_list(self, entity_type, **equals)

        def spy_values(self: SqlStorage, entity_type: type, fields: object, **equals: object) -> list[object]:
            values_read.append((entity_type.__name__, equals))
            return original_values(self, entity_type, fields, **equals)

        def spy_in(self: SqlStorage, entity_type: type, field: str, wanted: object, **equals: object) -> list[object]:
            chosen.append((entity_type.__name__, field))
            return original_in(self, entity_type, field, wanted, **equals)  # type: ignore[arg-type]

        monkeypatch.setattr(SqlStorage, "list", spy_list)
        monkeypatch.setattr(SqlStorage, "list_in", spy_in)
        monkeypatch.setattr(SqlStorage, "values", spy_values)
        package = publish_school(workspace, "P1", GUEST, tmp_path / "发布")
    assert package.seats == 6 and package.pack.printed
    whole = {"SeatAssignment", "Registration", "Candidate", "ExamRoom", "ExamSite", "Proctor"}
    assert not [(kind, equals) for kind, equals in listed if kind in whole and "school_code" not in equals], listed
    assert values_read and all(kind != "Registration" or equals.get("school_code") == GUEST
                               for kind, equals in values_read), values_read
    assert {(kind, field) for kind, field in chosen} >= {("SeatAssignment", "id_number"), ("Candidate", "id_number"),
                                                         (ExamRoom.__name__, "site_code"), (ExamSite.__name__, "code"),
                                                         ("Proctor", "school_code")}, chosen
