"""Platform packages through the application layer (:mod:`xcert_adapters.app.platform`), as ``xcert export
platform`` and ``xcert sync platform`` call it: the export writes what the platform's upload dialogs take (and every
file passes our own checks); the sync reads the platform's exports back through the state machine, all-or-nothing;
export → sync of the derived files changes nothing. What the two commands print (JSON, masking, exit codes) is
tested in ``tests/cli/test_platform_commands.py``."""

from __future__ import annotations

import datetime as dt
import tempfile
import zipfile
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from photo_files import id_number, photo_bytes
from xcert_adapters.app import photos, registrations, roster
from xcert_adapters.app.errors import RequestError
from xcert_adapters.app.platform import PackageExport, PlatformSync, export_package, sync_export
from xcert_adapters.platform.exports import write_assignment_list, write_candidate_list
from xcert_adapters.platform.packager import XPlatformPackager
from xcert_adapters.workbooks.selection import read_sheet
from xcert_adapters.workspace import Workspace, WorkspaceConfig, create_workspace
from xcert_adapters.workspace.rule_settings import load_rule_config
from xcert_core.errors import UnreadableFileError
from xcert_core.exchange.package import build_package
from xcert_core.exchange.sync import PLATFORM_EVENTS, apply_sync, plan_sync, same_name, sync_events
from xcert_core.labels import (
    CandidateType,
    CertificateLevel,
    Education,
    Gender,
    IdType,
    ProctorRole,
    ProgramLevel,
    RegistrationMode,
    RegistrationStatus,
    ReviewStatus,
    SeatOrigin,
)
from xcert_core.labels import VerificationState as St
from xcert_core.model import (
    STORED_ENTITIES,
    Candidate,
    ExamPlan,
    ExamRoom,
    ExamSession,
    ExamSite,
    PhotoRef,
    Proctor,
    Registration,
    SeatAssignment,
    SeatChange,
    SeatLayout,
    Subject,
    VerificationRecord,
)
from xcert_core.plugins import make_plugin_manager
from xcert_core.ports.platform import ExportContext, ExportKind
from xcert_core.ports.storage import Storage
from xcert_core.scheduling.proctors_sheet import read_proctors_sheet
from xcert_core.scheduling.rooms_sheet import read_rooms_sheet
from xcert_core.verification.machine import TRANSITIONS, next_state, replay

SCHOOL = "4133010001"
CERTIFICATE = "1550001066010252"  # 数字媒体交互设计 初级, one of the workspace's sample certificates
PLAN = "P2026-01"
PEOPLE = (("张三丰", "Zhang Sanfeng"), ("欧阳娜娜", "Ouyang Nana"), ("李明", "Li Ming"), ("王芳", "Wang Fang"),
          ("库尔班·热合曼", "Kuerban Reheman"))
AT = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
PLUGINS = make_plugin_manager()


def candidate(n: int, state: St = St.VERIFIED, photo: str | None = "") -> Candidate:
    name, pinyin = PEOPLE[n - 1]
    number = id_number(n)
    return Candidate(SCHOOL, name, pinyin, Gender.MALE if n % 2 else Gender.FEMALE, IdType.RESIDENT_ID, number,
                     f"138123456{n:02d}", 2020, ProgramLevel.SECONDARY, "计算机平面设计", "090300", "2010",
                     photo=None if photo is None else PhotoRef(photo or f"{number}.jpg"), state=state)


def plan() -> ExamPlan:
    day = dt.date(2026, 5, 20)
    return ExamPlan(PLAN, "2026年第一批数字媒体交互设计（初级）", 2026, "fhxlh", CERTIFICATE,
                    CertificateLevel.ELEMENTARY,
                    subjects=(Subject("T1", "理论考试"), Subject("P1", "实操考试")),
                    sessions=(ExamSession("S1", "T1", day, dt.time(9), dt.time(10, 30)),
                              ExamSession("S2", "P1", day, dt.time(14), dt.time(15, 30))))


def ticket(n: int) -> str:
    """Candidate ``n``'s ticket number: one per plan, the same in every session."""
    return f"2026{n:06d}"


def seat(n: int, session: str, room: str, number: int) -> SeatAssignment:
    return SeatAssignment(PLAN, session, id_number(n), "S01", room, number, ticket(n))


def make_workspace(root: Path, states: tuple[St, ...] = (St.VERIFIED,) * 5) -> Path:
    """A SQLite workspace with five candidates (photos stored as files), a site, a plan, registrations (four
    by certificate, one by subject, one withdrawn), two rooms, two proctors and seats for both sessions."""
    config = WorkspaceConfig(school_code=SCHOOL, school_name="示范职业技术学院", year=2026)
    with create_workspace(root, config) as workspace:
        storage = workspace.storage
        for n, state in enumerate(states, start=1):
            (workspace.photos_dir / f"{id_number(n)}.jpg").write_bytes(photo_bytes())
            storage.add(candidate(n, state))
        storage.add(ExamSite("S01", "示范职业技术学院考核站点", SCHOOL, "fhxlh", (CERTIFICATE,),
                             ReviewStatus.APPROVED, address="山西省太原市小店区示范路 1 号"))
        storage.add(plan())
        for n in range(1, 5):
            storage.add(Registration(PLAN, id_number(n), SCHOOL, CERTIFICATE, "S01", subject_codes=("T1", "P1")))
        storage.add(Registration(PLAN, id_number(5), SCHOOL, CERTIFICATE, "S01", mode=RegistrationMode.BY_SUBJECT,
                                 subject_codes=("P1",)))
        storage.add(ExamRoom(PLAN, "S01", "信息楼301", seats=4, layout=SeatLayout(2, 2)))
        storage.add(ExamRoom(PLAN, "S01", "信息楼302", room_type="机房", seats=30))
        storage.add(Proctor(SCHOOL, "T001", "赵老师", "13900000001", "太原", unavailable_sessions=frozenset({"S2"})))
        storage.add(Proctor(SCHOOL, "T002", "钱老师", "13900000002", role=ProctorRole.INSPECTOR))
        for n in range(1, 5):
            storage.add(seat(n, "S1", "信息楼301", n))
        for n in range(1, 6):
            storage.add(seat(n, "S2", "信息楼302", n))
    return root


def snapshot(storage: Storage) -> dict[str, list[object]]:
    return {kind.__name__: storage.list(kind) for kind in STORED_ENTITIES}


@pytest.fixture
def workspace_root(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws")


def export(root: Path, out: Path | None = None, *, force: bool = False) -> PackageExport:
    """The upload package of the workspace at ``root``, written into ``out``."""
    with Workspace.open(root) as workspace:
        return export_package(workspace, out, force=force)


def exported(root: Path, out: Path) -> list[str]:
    """Export into ``out`` expecting no issue: the names of the files written, in upload order."""
    done = export(root, out)
    assert list(done.report) == []
    return [file.path.name for file in done.result.files]


def sync(root: Path, path: Path) -> PlatformSync:
    """Sync the platform export ``path`` into the workspace at ``root``."""
    with Workspace.open(root) as workspace:
        return sync_export(workspace, path)


def changed(done: PlatformSync) -> int:
    """How many candidates' states and seats the sync changes (what ``sync platform`` prints as changed)."""
    return len(done.plan.candidates) + len(done.plan.moved)


def codes_of(done: PlatformSync | PackageExport) -> list[str]:
    return sorted(issue.code for issue in done.report)


# --- export ------------------------------------------------------------------------------------------------


def test_export_writes_every_upload_file_and_each_passes_our_own_checks(workspace_root: Path,
                                                                        tmp_path: Path) -> None:
    out = tmp_path / "包"
    names = exported(workspace_root, out)
    assert names == ["1_本校学生导入模板.xlsx", "2_学生照片.zip", f"3_报考_按证书_{PLAN}.xlsx",
                     f"3_报考_按科目_{PLAN}.xlsx", f"4_考场_{PLAN}.xlsx", "5_监考人员导入模板.xlsx", "README.txt"]
    students, zipped = out / names[0], out / names[1]
    rules = load_rule_config(None)  # as the checks run outside a workspace
    checked = roster.check_roster_file(students, PLUGINS, rules)
    assert checked.rows == 5
    assert [i.code for i in checked.report] == ["program-catalogue-not-loaded"]  # no catalogue given
    assert photos.check_zip(PLUGINS, zipped, roster=students).findings == ()
    for name in names[2:4]:
        sheet = registrations.check_registration_file(out / name, PLUGINS, rules, roster=students)
        assert (list(sheet.report), len(sheet.rows) > 0) == ([], True), name
    with zipfile.ZipFile(zipped) as archive:
        assert sorted(archive.namelist()) == sorted(f"{id_number(n)}.jpg" for n in range(1, 6))
        assert archive.read(f"{id_number(1)}.jpg") == photo_bytes()
    readme = (out / "README.txt").read_text("utf-8")
    for name in names[:-1]:
        assert name in readme
    assert "上传学生照片" in readme and "批量导入监考人员" in readme


def test_exported_templates_read_back_to_the_stored_rooms_proctors_and_registrations(workspace_root: Path,
                                                                                      tmp_path: Path) -> None:
    out = tmp_path / "包"
    exported(workspace_root, out)
    rooms, issues = read_rooms_sheet(read_sheet(out / f"4_考场_{PLAN}.xlsx", PLUGINS), "rooms.xlsx", PLAN)
    assert issues == []
    proctors, proctor_issues = read_proctors_sheet(read_sheet(out / "5_监考人员导入模板.xlsx", PLUGINS), "p.xlsx")
    assert proctor_issues == []
    with Workspace.open(workspace_root) as workspace:
        assert sorted(rooms, key=lambda r: r.key) == workspace.storage.list(ExamRoom)
        stored = workspace.storage.list(Proctor)
    assert [(p.teacher_number, p.name, p.phone, p.region, p.role, p.unavailable_sessions) for p in proctors] == [
        (p.teacher_number, p.name, p.phone, p.region, p.role, p.unavailable_sessions) for p in stored]
    assert {p.school_code for p in proctors} == {"示范职业技术学院"}  # 所属院校 is written as the school's name
    by_certificate = read_sheet(out / f"3_报考_按证书_{PLAN}.xlsx", PLUGINS).rows[3:]
    assert sorted(row[1] for row in by_certificate) == [id_number(n) for n in range(1, 5)]
    by_subject = read_sheet(out / f"3_报考_按科目_{PLAN}.xlsx", PLUGINS).rows[3:]
    assert [(row[1], row[-1]) for row in by_subject] == [(id_number(5), "实操考试")]


def test_export_leaves_out_withdrawn_registrations_and_warns_about_missing_photos(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws")
    with Workspace.open(root) as workspace:
        storage = workspace.storage
        stored, revision = storage.get_with_revision(Registration, (PLAN, id_number(4)))
        storage.replace(attrs.evolve(stored, status=RegistrationStatus.WITHDRAWN), revision)
        three, revision = storage.get_with_revision(Candidate, (SCHOOL, id_number(3)))
        storage.replace(attrs.evolve(three, photo=None, state=St.NO_PHOTO), revision)
        (workspace.photos_dir / f"{id_number(2)}.jpg").unlink()
    done = export(root)
    assert done.report.exit_code == 1  # a stored photo file has gone: an error
    assert codes_of(done) == ["export-no-photo", "export-photo-file-missing"]
    assert all(id_number(n) not in str(issue) for issue in done.report for n in (2, 3))  # masked
    out = root / "output" / "平台导入包"
    assert done.out == out
    with zipfile.ZipFile(out / "2_学生照片.zip") as archive:
        assert sorted(archive.namelist()) == sorted(f"{id_number(n)}.jpg" for n in (1, 4, 5))
    rows = read_sheet(out / f"3_报考_按证书_{PLAN}.xlsx", PLUGINS).rows[3:]
    assert sorted(row[1] for row in rows) == [id_number(n) for n in range(1, 4)]


def test_export_works_at_every_step_naming_what_is_still_empty(tmp_path: Path) -> None:
    """The platform needs the upload before verification (students and photos) and again after registrations,
    rooms and proctors: ``export platform`` exports what exists and names what is still empty, never crashes."""
    def again(root: Path) -> tuple[int, PackageExport]:
        done = export(root, force=True)
        return done.report.exit_code, done

    def empty(done: PackageExport) -> set[str | None]:
        return {i.file for i in done.report if i.code == "export-empty"}

    bare = tmp_path / "空"
    with create_workspace(bare, WorkspaceConfig(school_code=SCHOOL, school_name="示范职业技术学院", year=2026)):
        pass
    code, payload = again(bare)
    assert code == 0 and len(empty(payload)) == 4
    out = bare / "output" / "平台导入包"
    assert sorted(p.name for p in out.iterdir()) == ["README.txt"]

    half = make_workspace(tmp_path / "半")  # students and photos only: the first upload
    with Workspace.open(half) as workspace:
        for kind in (SeatAssignment, ExamRoom, Proctor, Registration):
            for entity in workspace.storage.list(kind):
                workspace.storage.delete(kind, entity.key)
    code, payload = again(half)
    assert code == 0 and empty(payload) == {"3_报考_*.xlsx", "4_考场_*.xlsx", "5_监考人员导入模板.xlsx"}
    names = {p.name for p in (half / "output" / "平台导入包").iterdir()}
    assert {"1_本校学生导入模板.xlsx", "2_学生照片.zip"} <= names

    code, payload = again(make_workspace(tmp_path / "全"))
    assert code == 0 and empty(payload) == set()


def test_export_refuses_a_non_empty_folder_unless_forced_and_then_replaces_only_its_own_files(
        workspace_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "包"
    exported(workspace_root, out)
    stale = out / "3_报考_按证书_OLD.xlsx"
    stale.write_bytes(b"old")
    mine = out / "学校自己的说明.docx"
    mine.write_bytes(b"keep")
    with pytest.raises(RequestError, match="--force"):
        export(workspace_root, out)
    assert stale.read_bytes() == b"old"  # refused: nothing removed
    assert export(workspace_root, out, force=True).report.exit_code == 0
    assert not stale.exists() and mine.read_bytes() == b"keep"
    assert (out / "1_本校学生导入模板.xlsx").is_file()


def test_export_is_deterministic(workspace_root: Path, tmp_path: Path) -> None:
    with Workspace.open(workspace_root) as workspace:
        context = ExportContext(SCHOOL, workspace.photos_dir, workspace.root)
        packager = XPlatformPackager(PLUGINS)
        packager.export(workspace.storage, tmp_path / "a", context)
        packager.export(workspace.storage, tmp_path / "b", context)
    for name in ("2_学生照片.zip", "README.txt"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_public_candidates_have_their_own_template_and_photos_in_the_zip(tmp_path: Path) -> None:
    """A social candidate is not in the school's template but in xcert's 社会考生导入模板 (right after it, with
    its 最高学历 and 工作单位), and its photo goes into the one photo zip like a student's."""
    root = make_workspace(tmp_path / "ws")
    with Workspace.open(root) as workspace:
        five, revision = workspace.storage.get_with_revision(Candidate, (SCHOOL, id_number(5)))
        public = attrs.evolve(five, candidate_type=CandidateType.PUBLIC, education=Education.JUNIOR_COLLEGE,
                              work_unit="杭州某某科技有限公司", enrolment_year=None, program_level=None,
                              program_name=None, program_code=None, catalogue_version=None)
        workspace.storage.replace(public, revision)
        package = build_package(workspace.storage, SCHOOL)
    school, social = package.sheets[0], package.sheets[1]
    assert (school.file_name, school.rows) == ("1_本校学生导入模板.xlsx", 4)
    assert id_number(5) not in [row[4] for row in school.sheet.rows[3:]]
    assert (social.file_name, social.rows) == ("1_社会考生导入模板.xlsx", 1)
    assert social.sheet.rows[3][4:] == (id_number(5), five.mobile, "大专/高职", "杭州某某科技有限公司")
    assert "xcert" in str(social.sheet.rows[1][0])  # the notes say whose template it is
    assert id_number(5) in [c.id_number for c in package.photos]


# --- sync: candidate states -----------------------------------------------------------------------------------


NAMES = {id_number(n): name for n, (name, _) in enumerate(PEOPLE, start=1)}


def state_list(path: Path, rows: list[tuple[object, ...]], *, title: bool = True) -> Path:
    """A candidate list as the platform exports it: a title row, then 序号 … 状态. A row is (ID number, state
    label) with the stored name of the candidate (某某 for anyone else), or (ID number, state label, name)."""
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append(["考生信息"])
    sheet.append(["序号", "学生姓名", "证件号码", "所属院校", "状态"])
    for n, (number, label, *name) in enumerate(rows, start=1):
        shown = name[0] if name else NAMES.get(str(number).upper(), "某某")
        sheet.append([n, shown, number, "示范职业技术学院", label])
    workbook.save(path)
    return path


def test_sync_applies_platform_states_through_the_machine_with_records(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", (St.PENDING, St.VERIFYING, St.NEEDS_REVIEW, St.PENDING, St.VERIFIED))
    export = state_list(tmp_path / "考生.xlsx", [(id_number(1), "信息准确"), (id_number(2), "需人工确认"),
                                               (id_number(3).lower(), "信息准确"), (id_number(4), "认证中"),
                                               (id_number(5), "信息准确")])
    done = sync(root, export)
    assert done.report.exit_code == 0, list(done.report)
    assert done.plan.kind is ExportKind.CANDIDATE_STATES and done.stored is True
    assert (changed(done), done.plan.unchanged) == (4, 1)
    events = {c.after.id_number: [r.event.value for r in c.records] for c in done.plan.candidates}
    assert events[id_number(1)] == ["submitted", "matched"]
    assert events[id_number(3)] == ["confirmed"]
    with Workspace.open(root) as workspace:
        storage = workspace.storage
        states = [storage.get(Candidate, (SCHOOL, id_number(n))).state for n in range(1, 6)]
        assert states == [St.VERIFIED, St.NEEDS_REVIEW, St.VERIFIED, St.VERIFYING, St.VERIFIED]
        for n in range(1, 6):
            stored = storage.get(Candidate, (SCHOOL, id_number(n)))
            records = storage.list(VerificationRecord, school_code=SCHOOL, id_number=id_number(n))
            assert len(records) == stored.verification_seq
            assert all(r.actor == "X平台" for r in records)
        confirmed = storage.list(VerificationRecord, school_code=SCHOOL, id_number=id_number(3))
        assert [r.event.value for r in confirmed] == ["confirmed"]


def test_an_illegal_state_is_reported_not_forced_and_nothing_is_stored(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", (St.PENDING, St.VERIFIED, St.VERIFIED, St.VERIFIED, St.VERIFIED))
    export = state_list(tmp_path / "考生.xlsx", [(id_number(1), "信息准确"), (id_number(2), "信息待认证")])
    with Workspace.open(root) as workspace:
        before = snapshot(workspace.storage)
    done = sync(root, export)
    assert (done.report.exit_code, done.stored, codes_of(done)) == (1, False, ["sync-transition-illegal"])
    assert id_number(2) not in str(list(done.report))
    with Workspace.open(root) as workspace:
        assert snapshot(workspace.storage) == before  # the legal change of candidate 1 was not stored either


def test_no_photo_on_the_platform_and_unknown_candidates_are_warnings(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", (St.PENDING,) * 5)
    export = state_list(tmp_path / "考生.xlsx", [(id_number(1), "无照片"), (id_number(9), "信息准确"),
                                                   (id_number(2), "认证中")], title=False)
    done = sync(root, export)
    assert done.report.exit_code == 0
    assert codes_of(done) == ["sync-candidate-unknown", "sync-photo-not-uploaded"]
    assert changed(done) == 1
    with Workspace.open(root) as workspace:
        assert workspace.storage.get(Candidate, (SCHOOL, id_number(1))).state is St.PENDING
        assert workspace.storage.get(Candidate, (SCHOOL, id_number(2))).state is St.VERIFYING


def test_a_file_of_neither_kind_is_unusable(tmp_path: Path, workspace_root: Path) -> None:
    path = tmp_path / "other.xlsx"
    workbook = Workbook()
    workbook.active.append(["姓名", "证件号码"])
    workbook.save(path)
    with pytest.raises(UnreadableFileError, match="排考明细"):
        sync(workspace_root, path)


# --- sync: 排考明细 -------------------------------------------------------------------------------------------


def assignment_list(path: Path, rows: list[tuple[object, ...]],
                    header: tuple[str, ...] = ("考试科目", "考场名称", "座位号", "准考证号", "证件号码")) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["排考明细"])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def test_sync_stores_seats_that_differ_resolving_session_and_site(workspace_root: Path, tmp_path: Path) -> None:
    # the platform swapped candidates 1 and 2 in 信息楼301 (theory) and kept 3 and 4; the file has no plan,
    # session or site column: one plan, one session per subject, one room of that name
    rows = [("理论考试", "信息楼301", 2, ticket(1), id_number(1)),
            ("理论考试", "信息楼301", 1, ticket(2), id_number(2)),
            ("理论考试", "信息楼301", 3, ticket(3), id_number(3)), ("T1", "信息楼301", "4", ticket(4), id_number(4))]
    path = assignment_list(tmp_path / "排考明细.xlsx", rows)
    done = sync(workspace_root, path)
    assert done.plan.kind is ExportKind.ASSIGNMENT_LIST and (changed(done), done.plan.unchanged) == (2, 2)
    assert list(done.report) == [] and done.stored
    with Workspace.open(workspace_root) as workspace:
        seats = {a.id_number: a.seat for a in workspace.storage.list(SeatAssignment, session_code="S1")}
        assert seats == {id_number(1): 2, id_number(2): 1, id_number(3): 3, id_number(4): 4}
        (change,) = workspace.storage.list(SeatChange, plan_code=PLAN)  # the audit record of the swap
    assert (change.seq, change.action, change.actor) == (1, "platform-sync", "X平台")
    assert sorted((m.id_number, m.before_seat, m.after_seat) for m in change.moves) == sorted(
        [(id_number(1), 1, 2), (id_number(2), 2, 1)])


def test_seat_problems_store_nothing(workspace_root: Path, tmp_path: Path) -> None:
    rows = [("理论考试", "信息楼301", 2, ticket(1), id_number(1)),
            ("理论考试", "信息楼301", 2, ticket(2), id_number(2)),  # the same seat again
            ("理论考试", "信息楼999", 1, ticket(3), id_number(3)),  # no such room
            ("理论考试", "信息楼301", "x", ticket(4), id_number(4)),
            ("没有的科目", "信息楼301", 4, ticket(5), id_number(5))]
    path = assignment_list(tmp_path / "排考明细.xlsx", rows)
    with Workspace.open(workspace_root) as workspace:
        before = snapshot(workspace.storage)
    done = sync(workspace_root, path)
    assert (done.report.exit_code, done.stored) == (1, False)
    # row 2 is dropped as a repeat of row 1's seat, so candidate 2 keeps seat 2 and row 1 would clash with it
    assert sorted((i.code, i.row) for i in done.report) == [
        ("sync-duplicate", 4), ("sync-seat-conflict", 3), ("sync-seat-invalid", 6), ("sync-session-unknown", 7),
        ("sync-site-unknown", 5)]
    with Workspace.open(workspace_root) as workspace:
        assert snapshot(workspace.storage) == before


def test_a_seat_held_by_a_candidate_missing_from_the_list_is_a_conflict(workspace_root: Path,
                                                                        tmp_path: Path) -> None:
    path = assignment_list(tmp_path / "排考明细.xlsx", [("理论考试", "信息楼301", 4, ticket(1), id_number(1))])
    done = sync(workspace_root, path)
    assert done.report.exit_code == 1
    assert codes_of(done) == ["sync-seat-conflict", *["sync-seat-not-on-platform"] * 3]


def test_a_seat_held_in_another_session_by_a_listed_candidate_is_a_conflict(workspace_root: Path,
                                                                              tmp_path: Path) -> None:
    """Candidate 1 is listed for the practical only; their theory seat is still theirs, so giving it to
    candidate 2 is a reported conflict (exit 1), not a storage constraint failure (exit 2)."""
    rows = [("实操考试", "信息楼302", 1, ticket(1), id_number(1)),
            ("理论考试", "信息楼301", 1, ticket(2), id_number(2))]
    path = assignment_list(tmp_path / "排考明细.xlsx", rows)
    done = sync(workspace_root, path)
    assert done.report.exit_code == 1
    assert [(i.row, i.column) for i in done.report if i.code == "sync-seat-conflict"] == [(4, "座位号")]


SITE_HEADER = ("考试科目", "考核站点编号", "考场名称", "座位号", "准考证号", "证件号码")


def full_list(root: Path, path: Path) -> list[list[object]]:
    """The workspace's seats as the platform's 排考明细 (every column), as rows to edit: header first."""
    with Workspace.open(root) as workspace:
        write_assignment_list(workspace.storage, path, PLUGINS)
    rows = [list(row) for row in read_sheet(path, PLUGINS).rows]
    return rows


def save_rows(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def edited(rows: list[list[object]], id_number_: str, session: str, **changes: object) -> int:
    """Change ``id_number_``'s row of ``session`` in place (keys are header names); its sheet row number."""
    header = [str(cell) for cell in rows[0]]
    for index, row in enumerate(rows[1:], start=2):
        if row[header.index("证件号码")] == id_number_ and row[header.index("场次")] == session:
            for column, value in changes.items():
                row[header.index(column)] = value
            return index
    raise AssertionError(f"no row for {id_number_} in {session}")


def sync_refused(root: Path, path: Path) -> list[tuple[str, int | None, str | None]]:
    """Sync ``path``, expecting exit 1 with nothing stored; the (code, row, column) of every error."""
    with Workspace.open(root) as workspace:
        before = snapshot(workspace.storage)
    done = sync(root, path)
    assert (done.report.exit_code, done.stored) == (1, False)
    assert {issue.file for issue in done.report} == {path.name}
    with Workspace.open(root) as workspace:
        assert snapshot(workspace.storage) == before
    return sorted((i.code, i.row, i.column) for i in done.report.errors)


def test_a_room_the_plan_does_not_have_at_that_site_is_refused(workspace_root: Path, tmp_path: Path) -> None:
    rows = full_list(workspace_root, tmp_path / "all.xlsx")
    ghost = edited(rows, id_number(1), "S1", 考场名称="不存在楼")
    elsewhere = edited(rows, id_number(2), "S2", 考核站点编号="S99")  # 信息楼302 exists, but not at site S99
    errors = sync_refused(workspace_root, save_rows(tmp_path / "排考明细.xlsx", rows))
    assert errors == [("sync-room-unknown", ghost, "考场名称"), ("sync-room-unknown", elsewhere, "考场名称")]


def test_a_seat_beyond_the_rooms_seats_is_refused(workspace_root: Path, tmp_path: Path) -> None:
    rows = full_list(workspace_root, tmp_path / "all.xlsx")
    small = edited(rows, id_number(1), "S1", 座位号="5")  # 信息楼301 has 4 seats
    large = edited(rows, id_number(5), "S2", 座位号="99")  # 信息楼302 has 30
    last = edited(rows, id_number(4), "S2", 座位号="30")  # the last seat is fine
    errors = sync_refused(workspace_root, save_rows(tmp_path / "排考明细.xlsx", rows))
    assert errors == [("sync-seat-out-of-range", small, "座位号"), ("sync-seat-out-of-range", large, "座位号")]
    assert last not in {row for _, row, _ in errors}


def test_a_candidate_keeps_one_ticket_number_per_plan_that_is_nobody_elses(workspace_root: Path,
                                                                           tmp_path: Path) -> None:
    rows = full_list(workspace_root, tmp_path / "all.xlsx")
    changed = edited(rows, id_number(1), "S1", 准考证号="123")  # S2 still says ticket(1)
    taken = edited(rows, id_number(2), "S1", 准考证号=ticket(5))  # candidate 5's (in S2 only)
    errors = sync_refused(workspace_root, save_rows(tmp_path / "排考明细.xlsx", rows))
    assert errors == sorted([("sync-ticket-inconsistent", changed, "准考证号"),
                             ("sync-ticket-inconsistent", taken, "准考证号"), ("sync-ticket-taken", taken, "准考证号")])
    # a session the file does not list keeps its ticket: changing it in the other session alone is refused
    only_s1 = [rows[0], *(row for row in rows[1:] if row[3] == "S1")]
    edited(only_s1, id_number(2), "S1", 准考证号=ticket(2))
    errors = sync_refused(workspace_root, save_rows(tmp_path / "只有理论.xlsx", only_s1))
    assert errors == [("sync-ticket-inconsistent", changed, "准考证号")]


def test_a_new_ticket_number_in_every_session_is_stored(workspace_root: Path, tmp_path: Path) -> None:
    rows = full_list(workspace_root, tmp_path / "all.xlsx")
    for session in ("S1", "S2"):
        edited(rows, id_number(1), session, 准考证号="2026999999")
    done = sync(workspace_root, save_rows(tmp_path / "排考明细.xlsx", rows))
    assert (done.report.exit_code, changed(done)) == (0, 2)
    with Workspace.open(workspace_root) as workspace:
        seats = workspace.storage.list(SeatAssignment, plan_code=PLAN, id_number=id_number(1))
    assert {s.ticket_number for s in seats} == {"2026999999"} and len(seats) == 2


def test_seats_need_an_active_registration_taking_the_subject(workspace_root: Path, tmp_path: Path) -> None:
    rows = full_list(workspace_root, tmp_path / "all.xlsx")  # written before the withdrawal
    with Workspace.open(workspace_root) as workspace:  # what `registrations withdraw` leaves: seats released
        storage = workspace.storage
        stored, revision = storage.get_with_revision(Registration, (PLAN, id_number(1)))
        storage.replace(attrs.evolve(stored, status=RegistrationStatus.WITHDRAWN), revision)
        for released in storage.list(SeatAssignment, id_number=id_number(1)):
            storage.delete(SeatAssignment, released.key)
    first = [edited(rows, id_number(1), session) for session in ("S1", "S2")]
    # candidate 5 takes only the practical (by subject): a theory seat for them is refused
    rows.append(["99", PLAN, "理论考试", "S1", "S01", "信息楼302", "9", ticket(5), PEOPLE[4][0], id_number(5)])
    errors = sync_refused(workspace_root, save_rows(tmp_path / "排考明细.xlsx", rows))
    assert errors == [*(("sync-seat-not-registered", row, "证件号码") for row in first),
                      ("sync-subject-not-taken", len(rows), "考试科目")]


def test_an_unknown_candidate_with_a_clashing_ticket_is_an_issue_not_a_storage_error(workspace_root: Path,
                                                                                     tmp_path: Path) -> None:
    stranger = id_number(9)
    path = assignment_list(tmp_path / "排考明细.xlsx", [("理论考试", "S01", "信息楼302", 1, ticket(2), stranger)],
                           header=SITE_HEADER)
    errors = sync_refused(workspace_root, path)
    assert errors == [("sync-seat-not-registered", 3, "证件号码")]
    # registered in the workspace (another school's candidate, no candidate record): the ticket is the clash
    with Workspace.open(workspace_root) as workspace:
        workspace.storage.add(Registration(PLAN, stranger, "4133010002", CERTIFICATE, "S01",
                                           candidate_type=CandidateType.PUBLIC, subject_codes=("T1", "P1")))
    errors = sync_refused(workspace_root, path)
    assert errors == [("sync-ticket-taken", 3, "准考证号")]  # an issue, not the storage's UNIQUE failure


def test_candidate_list_problems_are_reported_per_row(workspace_root: Path, tmp_path: Path) -> None:
    path = state_list(tmp_path / "考生.xlsx", [(id_number(1), "已毕业"), (id_number(2), "信息准确"),
                                               (id_number(2), "信息准确"), (id_number(3), "信息准确", "别人"),
                                               (id_number(4), None), (None, "信息准确"),
                                               (id_number(5), "信息准确"), (id_number(5).lower(), "认证中")])
    errors = sync_refused(workspace_root, path)
    assert errors == sorted([("sync-state-unknown", 3, "状态"), ("sync-candidate-duplicate", 5, "证件号码"),
                             ("sync-name-mismatch", 6, "学生姓名"), ("sync-cell-missing", 7, "状态"),
                             ("sync-cell-missing", 8, "证件号码"), ("sync-candidate-duplicate", 10, "证件号码")])
    messages = " ".join(issue.message for issue in sync(workspace_root, path).report)
    assert "已毕业" in messages and "别人" in messages and id_number(3) not in messages


def test_a_name_spelt_with_another_dot_or_spaces_is_the_same_name(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", (St.PENDING,) * 5)
    path = state_list(tmp_path / "考生.xlsx", [(id_number(5), "认证中", "库尔班•热合曼"),
                                               (id_number(1), "认证中", " 张 三丰 ")])
    done = sync(root, path)
    assert (done.report.exit_code, changed(done)) == (0, 2)


@given(st.text(alphabet="张三丰库尔班热合曼·•・ ", min_size=1, max_size=8),
       st.text(alphabet="张三丰库尔班热合曼·•・ ", min_size=1, max_size=8))
def test_same_name_ignores_only_spacing_and_the_kind_of_dot(first: str, second: str) -> None:
    def bare(name: str) -> str:
        return "".join(c for c in name if c not in "·•・ ")
    if same_name(first, second):
        assert bare(first) == bare(second)
    assert same_name(first, f" {first.replace('·', '•')} ")


MUTATIONS = ("考场名称", "座位号", "准考证号", "证件号码", "考核站点编号")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=st.lists(st.tuples(st.integers(0, 8), st.sampled_from(MUTATIONS),
                                st.sampled_from(["信息楼301", "信息楼302", "不存在楼", "S01", "S99", "1", "4", "5",
                                                 "31", ticket(1), ticket(2), ticket(5), "2026999999", id_number(1),
                                                 id_number(5), id_number(9)])),
                      max_size=3))
def test_whatever_the_list_says_a_stored_sync_leaves_seats_that_can_be_right(
        edits: list[tuple[int, str, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = make_workspace(Path(folder) / "ws")
        rows = full_list(root, Path(folder) / "all.xlsx")
        header = [str(cell) for cell in rows[0]]
        for index, column, value in edits:
            rows[1 + index % (len(rows) - 1)][header.index(column)] = value
        path = save_rows(Path(folder) / "排考明细.xlsx", rows)
        assert sync(root, path).report.exit_code in (0, 1)
        with Workspace.open(root) as workspace:
            storage = workspace.storage
            seats = storage.list(SeatAssignment, plan_code=PLAN)
            rooms = {(r.site_code, r.name): r for r in storage.list(ExamRoom, plan_code=PLAN)}
            registrations = {r.id_number: r for r in storage.list(Registration, plan_code=PLAN)}
        sessions = {s.code: s.subject_code for s in plan().sessions}
        tickets: dict[str, set[str]] = {}
        holders: dict[str, set[str]] = {}
        for seat_ in seats:
            assert seat_.seat <= rooms[(seat_.site_code, seat_.room_name)].seats
            registration = registrations[seat_.id_number]
            assert registration.status is RegistrationStatus.ACTIVE
            assert sessions[seat_.session_code] in registration.subject_codes
            tickets.setdefault(seat_.id_number, set()).add(seat_.ticket_number)
            holders.setdefault(seat_.ticket_number, set()).add(seat_.id_number)
        assert all(len(t) == 1 for t in tickets.values()) and all(len(h) == 1 for h in holders.values())


# --- round trip and the machine ------------------------------------------------------------------------------


def confirmed(state: dict[str, list[object]]) -> dict[str, list[object]]:
    """``state`` with every seat's origin the platform's: what a round trip through the platform may change."""
    return {**state, "SeatAssignment": [attrs.evolve(seat, origin=SeatOrigin.PLATFORM)
                                        for seat in state["SeatAssignment"]]}


def round_trip(root: Path, folder: Path) -> None:
    """Export the package, derive the platform's exports from the workspace, sync both: nothing changes."""
    with Workspace.open(root) as workspace:
        storage = workspace.storage
        before = snapshot(storage)
        packager = XPlatformPackager(PLUGINS)
        result = packager.export(storage, folder / "包", ExportContext(SCHOOL, workspace.photos_dir, workspace.root))
        assert not [i for i in result.issues if i.severity.value == "error"]
        files = (write_candidate_list(storage, SCHOOL, folder / "考生.xlsx", PLUGINS),
                 write_assignment_list(storage, folder / "排考明细.xlsx", PLUGINS))
        for path, kind in zip(files, (ExportKind.CANDIDATE_STATES, ExportKind.ASSIGNMENT_LIST), strict=True):
            export = packager.read_export(path)
            assert export.kind is kind
            assert len(export.states) + len(export.assignments) == len(
                before["Candidate"] if kind is ExportKind.CANDIDATE_STATES else before["SeatAssignment"])
            sync = plan_sync(storage, export, SCHOOL, at=AT)
            assert sync.issues == () and sync.candidates == () and sync.moved == ()
            # the platform confirms xcert's seats as they were: only their origin changes
            assert all(seat.new.origin is SeatOrigin.PLATFORM for seat in sync.seats)
            apply_sync(storage, sync)
        assert confirmed(snapshot(storage)) == confirmed(before)


def test_round_trip_through_the_application_layer_changes_nothing(workspace_root: Path, tmp_path: Path) -> None:
    exported(workspace_root, tmp_path / "包")
    with Workspace.open(workspace_root) as workspace:
        before = snapshot(workspace.storage)
        files = (write_candidate_list(workspace.storage, SCHOOL, tmp_path / "考生.xlsx", PLUGINS),
                 write_assignment_list(workspace.storage, tmp_path / "排考明细.xlsx", PLUGINS))
    for path in files:
        done = sync(workspace_root, path)
        assert (done.report.exit_code, done.stored, changed(done)) == (0, True, 0)
    with Workspace.open(workspace_root) as workspace:
        assert snapshot(workspace.storage) == confirmed(before)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(states=st.lists(st.sampled_from(list(St)), min_size=5, max_size=5),
       order=st.permutations(range(1, 6)))
def test_round_trip_changes_nothing_for_any_states_and_seating(states: list[St], order: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = make_workspace(Path(folder) / "ws", tuple(states))
        with Workspace.open(root) as workspace:  # re-seat session S2 in the drawn order
            for n in order:
                stored = workspace.storage.get(SeatAssignment, (PLAN, "S2", id_number(n)))
                workspace.storage.delete(SeatAssignment, stored.key)
            for index, n in enumerate(order, start=1):
                workspace.storage.add(seat(n, "S2", "信息楼302", index))
        round_trip(root, Path(folder))


@given(st.sampled_from(list(St)), st.sampled_from(list(St)))
def test_sync_events_are_legal_platform_events_leading_to_the_target(start: St, target: St) -> None:
    events = sync_events(start, target)
    reachable = _reachable(start)
    assert (events is not None) == (target in reachable)
    if events is None:
        return
    assert set(events) <= PLATFORM_EVENTS
    state = start
    for event in events:
        state = next_state(state, event, actor="X平台", reason="平台显示")
    assert state is target
    assert len(events) == reachable[target]


def _reachable(start: St) -> dict[St, int]:
    """Every state the platform's events reach from ``start``, with the fewest steps, layer by layer."""
    distance = {start: 0}
    frontier = {start}
    steps = 0
    while frontier:
        steps += 1
        frontier = {target for (source, event), target in TRANSITIONS.items()
                    if source in frontier and event in PLATFORM_EVENTS and target not in distance}
        distance.update(dict.fromkeys(frontier, steps))
    return distance


def test_what_the_platform_cannot_undo() -> None:
    assert sync_events(St.VERIFIED, St.PENDING) is None  # only an edit in the workspace does that
    assert sync_events(St.NO_PHOTO, St.VERIFIED) is None  # no photo, nothing to verify
    assert sync_events(St.PENDING, St.VERIFIED) is not None
    assert sync_events(St.NEEDS_REVIEW, St.VERIFIED) is not None


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=st.lists(st.sampled_from(list(St)), min_size=5, max_size=5),
       shown=st.lists(st.sampled_from(list(St)), min_size=5, max_size=5))
def test_a_sync_leaves_every_log_consistent_or_changes_nothing(start: list[St], shown: list[St]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = make_workspace(Path(folder) / "ws", tuple(start))
        with Workspace.open(root) as workspace:
            storage = workspace.storage
            path = state_list(Path(folder) / "考生.xlsx", [(id_number(n), s.label) for n, s in enumerate(shown, 1)])
            before = snapshot(storage)
            sync = plan_sync(storage, XPlatformPackager(PLUGINS).read_export(path), SCHOOL, at=AT)
            if sync.has_errors:
                assert snapshot(storage) == before
                return
            apply_sync(storage, sync)
            for n, (was, platform) in enumerate(zip(start, shown, strict=True), start=1):
                stored = storage.get(Candidate, (SCHOOL, id_number(n)))
                expected = was if platform is St.NO_PHOTO else platform
                assert stored.state is expected
                records = storage.list(VerificationRecord, school_code=SCHOOL, id_number=id_number(n))
                assert len(records) == stored.verification_seq
                if records:
                    assert replay(records, initial=was) is stored.state
