"""#24 item 4's properties: no removal leaves a dangling registration, verification record or photo, and a
removal is refused exactly while a registration depends on the student; an edit changes exactly the fields it
names; the audit log replays to the records as they are shown, and each verification log to its state."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roster_files import GOOD_ROWS, write_roster_xlsx
from test_registration import TODAY, registration, world
from xcert_adapters.app.errors import RequestError
from xcert_adapters.app.photos import import_zip
from xcert_adapters.app.roster import import_roster
from xcert_adapters.app.student_records import EDITABLE, edit_student, remove_student, shown_record
from xcert_adapters.app.verification import verify_candidates
from xcert_adapters.demo.files import roster_row, write_filled, write_zip
from xcert_adapters.demo.people import generate_students
from xcert_adapters.demo.portraits import photo_jpeg
from xcert_adapters.workspace import Workspace, WorkspaceConfig, create_workspace
from xcert_core.labels import RegistrationStatus
from xcert_core.model import AuditEntry, Candidate, PhotoRef, Registration, VerificationRecord
from xcert_core.privacy import mask_id_number
from xcert_core.registration.service import RegistrationService
from xcert_core.roster.template import roster_template
from xcert_core.verification.machine import replay

SCHOOL = "S001"


def fresh_workspace(folder: Path) -> Workspace:
    workspace = create_workspace(folder / "ws", WorkspaceConfig(school_code=SCHOOL, school_name="示范", year=2022))
    _, numbers = world(storage=workspace.storage)
    for number in numbers:  # each with a stored photo file, as an import leaves it
        data = number.encode()
        (workspace.photos_dir / f"{number}.jpg").write_bytes(data)
        stored = workspace.storage.get(Candidate, (SCHOOL, number))
        workspace.storage.put(attrs.evolve(stored, photo=PhotoRef(f"photos/{number}.jpg",
                                                                  hashlib.sha256(data).hexdigest())))
    return workspace


def dangling(workspace: Workspace) -> list[str]:
    """What refers to a student the workspace no longer has."""
    storage = workspace.storage
    numbers = {c.id_number for c in storage.list(Candidate, school_code=SCHOOL)}
    found = [f"registration {r.id_number}" for r in storage.list(Registration) if r.id_number not in numbers]
    found += [f"record {r.id_number}" for r in storage.list(VerificationRecord) if r.id_number not in numbers]
    found += [f"photo {p.name}" for p in workspace.photos_dir.iterdir() if p.stem not in numbers]
    return found


operations = st.lists(st.tuples(st.sampled_from(["register", "withdraw", "remove"]), st.integers(0, 5)),
                      min_size=1, max_size=25)


@settings(max_examples=40, deadline=None)
@given(operations)
def test_no_removal_leaves_anything_dangling(ops: list[tuple[str, int]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        workspace = fresh_workspace(Path(folder))
        try:
            service = RegistrationService(workspace.storage, today=lambda: TODAY)
            numbers = sorted(c.id_number for c in workspace.storage.list(Candidate))
            for action, n in ops:
                number = numbers[n]
                present = workspace.storage.find(Candidate, (SCHOOL, number)) is not None
                current = workspace.storage.find(Registration, ("P2022-01", number))
                active = current is not None and current.status is RegistrationStatus.ACTIVE
                if action == "register" and present:
                    service.register(registration(number))
                elif action == "withdraw" and active:
                    service.withdraw("P2022-01", number)
                elif action == "remove" and present:
                    if active:
                        with pytest.raises(RequestError, match="registrations withdraw"):
                            remove_student(workspace, number, actor="王老师", reason="退学")
                        assert workspace.storage.find(Candidate, (SCHOOL, number)) is not None
                    else:
                        removed = remove_student(workspace, number, actor="王老师", reason="退学")
                        assert removed.photo_removed
                        assert workspace.storage.find(Candidate, (SCHOOL, number)) is None
                assert dangling(workspace) == []
        finally:
            workspace.close()


def roster_workspace(folder: Path) -> Workspace:
    """A workspace holding the two valid roster rows of ``roster_files``, imported as a school would."""
    workspace = create_workspace(folder / "ws", WorkspaceConfig(school_code=SCHOOL, school_name="示范", year=2026))
    assert import_roster(workspace, write_roster_xlsx(folder / "名单.xlsx", GOOD_ROWS)).summary is not None
    return workspace


VALUES = {
    "mobile": st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    "enrolment_year": st.integers(2019, 2022).map(str),
    "program_name": st.sampled_from(["计算机应用", "数字媒体技术", "电子商务"]),
    "catalogue_version": st.sampled_from(["2010", "2015", "2021"]),
    "gender": st.sampled_from(["男", "女"]),
}


@settings(max_examples=30, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(VALUES)), st.none(), min_size=1).flatmap(
    lambda keys: st.fixed_dictionaries({key: VALUES[key] for key in keys})))
def test_an_edit_changes_exactly_the_fields_it_names(changes: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        workspace = roster_workspace(Path(folder))
        try:
            before = workspace.storage.list(Candidate)
            target = before[0]
            edited = edit_student(workspace, target.id_number, changes, actor="王老师", reason="更正")
            after = workspace.storage.list(Candidate)
            assert after[1:] == before[1:]  # nobody else
            assert edited.stored or "gender" in changes  # only a gender can contradict the ID number
            if not edited.stored:  # a value the rules refuse (a gender the ID number contradicts): nothing moves
                assert after == before and edited.report.has_errors
                return
            changed = {field for field in EDITABLE if getattr(after[0], field) != getattr(target, field)}
            assert changed <= set(changes)
            assert str(after[0].mobile) == changes.get("mobile", target.mobile)
        finally:
            workspace.close()


def test_a_plain_phone_edit_is_stored_and_keeps_the_state() -> None:
    """The property above must not pass by refusing everything: a valid phone edit is stored, state kept."""
    with tempfile.TemporaryDirectory() as folder:
        workspace = roster_workspace(Path(folder))
        try:
            target = workspace.storage.list(Candidate)[0]
            edited = edit_student(workspace, target.id_number, {"mobile": "13900001111"}, actor="王老师", reason="换号")
            assert edited.stored and not edited.sent_back and edited.after.mobile == "13900001111"
            assert edited.after.state is target.state and edited.after.photo == target.photo
        finally:
            workspace.close()


# --- the audit log replays to the records ----------------------------------------------------------------------

NEW_NAMES = (("张珊", "Zhang Shan"), ("李娜", "Li Na"), ("欧阳明", "Ouyang Ming"))


@pytest.fixture(scope="module")
def verified_school(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Six generated students imported, photographed and verified (a practice workspace): copied per example."""
    folder = tmp_path_factory.mktemp("replay")
    workspace = create_workspace(folder / "ws", WorkspaceConfig(school_code=SCHOOL, school_name="示范", year=2026,
                                                                practice=True))
    try:
        students = [s.candidate for s in generate_students(6, SCHOOL, seed=3)]
        roster = write_filled(workspace.plugins, roster_template(), [roster_row(c) for c in students],
                              folder / "名单.xlsx")
        assert import_roster(workspace, roster).summary is not None
        photos = write_zip(folder / "照片.zip", [(f"{c.id_number}.jpg", photo_jpeg(n)) for n, c in enumerate(students)])
        assert import_zip(workspace, photos).stored
        verify_candidates(workspace, "fake")
    finally:
        workspace.close()
    return folder / "ws"


edits = st.lists(st.one_of(
    st.tuples(st.just("mobile"), st.integers(0, 5), st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)),
    st.tuples(st.just("name"), st.integers(0, 5), st.sampled_from(NEW_NAMES)),
    st.tuples(st.just("remove"), st.integers(0, 5), st.just("")),
), min_size=1, max_size=12)


@settings(max_examples=25, deadline=None)
@given(edits)
def test_the_audit_log_replays_to_the_records(verified_school: Path, ops: list[tuple[str, int, Any]]) -> None:
    """Start from the records as shown (masked); apply each students.edit entry's changes and each students.remove
    in the log's order: the result is the records as they are shown now. And each student's verification log
    (认证记录) replays through the state machine to its current state."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "ws"
        shutil.copytree(verified_school, copy)
        with Workspace.open(copy, env={}) as workspace:
            storage = workspace.storage
            start = {mask_id_number(c.id_number): shown_record(c) for c in storage.list(Candidate)}
            assert len(start) == 6  # masked numbers tell the six apart: the replay can key on them
            numbers = sorted(c.id_number for c in storage.list(Candidate))
            for action, n, value in ops:
                if storage.find(Candidate, (SCHOOL, numbers[n])) is None:
                    continue
                if action == "remove":
                    remove_student(workspace, numbers[n], actor="王老师", reason="退学")
                    continue
                changes = {"mobile": value} if action == "mobile" else {"name": value[0], "name_pinyin": value[1]}
                assert edit_student(workspace, numbers[n], changes, actor="王老师", reason="更正").stored

            replayed = {key: dict(record) for key, record in start.items()}
            for entry in sorted(storage.list(AuditEntry), key=lambda e: e.at):
                key = entry.target.rsplit("（", 1)[1].rstrip("）")
                if entry.action == "students.remove":
                    del replayed[key]
                elif entry.action == "students.edit":
                    replayed[key].update(entry.changes)
            now = storage.list(Candidate)
            assert replayed == {mask_id_number(c.id_number): shown_record(c) for c in now}
            for candidate in now:
                records = storage.list(VerificationRecord, school_code=SCHOOL, id_number=candidate.id_number)
                assert replay(records) is candidate.state and len(records) == candidate.verification_seq
