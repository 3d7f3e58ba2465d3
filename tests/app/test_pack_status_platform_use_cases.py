"""Steps 10-11 and the files exchanged with the platform through the application layer, called directly as an
embedding school system calls them: the printed pack (:mod:`xcert_adapters.app.documents` — what it is made of,
what it writes, when it is current), the readiness checklist (:mod:`xcert_adapters.app.status` — not ready before
the pack and the exam client, ready after, stale again after a seat change) and the platform's files
(:mod:`xcert_adapters.app.platform` — the upload package, and platform exports synced back all-or-nothing)."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app_school import (
    CERTIFICATE,
    PLAN,
    REGISTERED,
    ROOM,
    SCHOOL,
    SITE,
    SITE_NAME,
    copy_workspace,
    plan_file,
    scheduled_school,
)
from xcert_adapters.app import documents, platform, scheduling, seat_map, setup, staff_and_rooms, status
from xcert_adapters.app.errors import RequestError
from xcert_adapters.app.pack_files import MANIFEST, pack_is_current
from xcert_adapters.platform.exports import write_assignment_list, write_candidate_list
from xcert_adapters.rendering.fonts import find_font
from xcert_adapters.workspace import Workspace
from xcert_core.errors import UnreadableFileError
from xcert_core.labels import SeatOrigin, VerificationState
from xcert_core.model import Candidate, ExamPlan
from xcert_core.ports.platform import ExportKind
from xcert_core.privacy import mask_id_number
from xcert_core.readiness import Readiness

ROOM_FILES = [f"{kind}-{ROOM}.pdf" for kind in ("准考证", "桌贴", "门贴", "签到表")]
COMBINED = [f"{kind}-全部.pdf" for kind in ("准考证", "桌贴", "门贴", "签到表")]
EXPORTS = ["排考明细.xlsx", "监考安排.xlsx", "考场列表.xlsx"]


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Closed workspaces to copy: ``scheduled`` (through step 9) and ``printed`` (the same with its pack printed
    and the exam client recorded in its room: ready)."""
    root = tmp_path_factory.mktemp("school")
    scheduled_school(root / "scheduled", root / "files")
    with copy_workspace(root / "scheduled", root / "printed") as ws:
        assert documents.print_pack(ws, PLAN).printed
        staff_and_rooms.record_exam_client(ws, PLAN, actor="信息中心李老师")
    return {"scheduled": root / "scheduled", "printed": root / "printed"}


@pytest.fixture
def scheduled(folders: dict[str, Path], tmp_path: Path) -> Iterator[Workspace]:
    with copy_workspace(folders["scheduled"], tmp_path / "ws") as ws:
        yield ws


@pytest.fixture
def printed(folders: dict[str, Path], tmp_path: Path) -> Iterator[Workspace]:
    with copy_workspace(folders["printed"], tmp_path / "ws") as ws:
        yield ws


def steps(readiness: Readiness) -> dict[int, bool | None]:
    return {item.step: item.ok for item in readiness.items}


def item(readiness: Readiness, step: int) -> tuple[bool | None, str, str]:
    found = next(i for i in readiness.items if i.step == step)
    return found.ok, found.detail, found.next_step


def a_free_seat(workspace: Workspace, session: str) -> int:
    return next(cell.seat for row in seat_map.seat_map(workspace, PLAN, SITE, ROOM, session).rows for cell in row
                if cell is not None and not cell.taken)


FONT_WARNINGS = [] if find_font(warn=False).embedded else [
    "No CJK TrueType font found (set XCERT_FONT, or apt install fonts-wqy-zenhei); using reportlab's built-in "
    "STSong-Light, which is NOT embedded: the PDF viewer substitutes its own font and rare characters may not print."]
"""What printing warns about the font: nothing where a CJK TrueType font is installed (CI installs one), the
fallback's warning where none is."""


# --- step 10: the printed pack ------------------------------------------------------------------------------------


def test_the_pack_is_read_from_storage(scheduled: Workspace) -> None:
    pack = documents.load_pack(scheduled, PLAN)
    assert (pack.plan.code, pack.missing_photos, pack.sites_without_address) == (PLAN, (), ())
    built = pack.documents
    assert (len(built.tickets), len(built.desk_labels), len(built.door_labels), len(built.sign_in_sheets)) == (
        REGISTERED, REGISTERED, 2, 2)  # a ticket and desk label per candidate; a door label, sheet per session
    assert pack.counts == documents.PackCounts(REGISTERED, REGISTERED, 2, 2)  # known without building them
    assert [sheet.name for sheet in pack.sheets] == [name.removesuffix(".xlsx") for name in EXPORTS]
    planned, font_warnings = documents.planned_pack(scheduled, pack)
    assert [p.file for p in planned] == ROOM_FILES + COMBINED + EXPORTS and font_warnings == FONT_WARNINGS
    assert not pack_is_current(planned, scheduled.output_dir / PLAN)  # nothing printed yet
    assert status.documents_current(scheduled) == {PLAN: False}


def test_with_nothing_printed_the_status_plans_no_pack(scheduled: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """A plan with no pack in its folder is not current, said without reading the pack and planning its files
    (the font alone costs a tenth of a second); with a pack there, the pack is planned and compared."""
    planned: list[str] = []
    real = status.planned_pack
    monkeypatch.setattr(status, "planned_pack", lambda workspace, pack: planned.append(pack.plan.code)
                        or real(workspace, pack))
    unscheduled = attrs.evolve(scheduled.storage.get(ExamPlan, (PLAN,)), code="P-UNSCHEDULED")
    scheduled.storage.add(unscheduled)  # a plan without seats has no pack to be current or not
    assert status.documents_current(scheduled) == {PLAN: False} and planned == []
    documents.print_pack(scheduled, PLAN)
    assert status.documents_current(scheduled) == {PLAN: True} and planned == [PLAN]


def test_not_ready_before_the_pack_and_the_exam_client_and_ready_after(scheduled: Workspace) -> None:
    before = status.workspace_status(scheduled)
    assert not before.ready
    assert steps(before) == {**dict.fromkeys(range(1, 10), True), 10: False, 11: False, 12: None}  # 12: no scores yet
    assert item(before, 10)[2] == f"xcert documents --plan {PLAN}"
    assert item(before, 11)[1] == f"第 10 步未完成；考试客户端未安装或未测试：{ROOM}"

    printed = documents.print_pack(scheduled, PLAN)
    assert (printed.printed, printed.out, printed.report.issues, printed.font_warnings) == (
        True, scheduled.output_dir / PLAN, (), tuple(FONT_WARNINGS))
    assert (printed.result.written, printed.result.kept, printed.result.removed) == (
        ROOM_FILES + COMBINED + EXPORTS, [], [])
    manifest = json.loads((printed.out / MANIFEST).read_text("utf-8"))
    assert manifest["plan"] == PLAN and [e["file"] for e in manifest["files"]] == printed.result.written
    tickets = next(e for e in manifest["files"] if e["file"] == "准考证-全部.pdf")
    assert (tickets["pages"], tickets["candidates"]) == (REGISTERED, REGISTERED)
    assert len(PdfReader(printed.out / "准考证-全部.pdf").pages) == REGISTERED
    assert status.documents_current(scheduled) == {PLAN: True}

    without_client = status.workspace_status(scheduled)
    assert (without_client.ready, steps(without_client)[10]) == (False, True)
    ok, detail, next_step = item(without_client, 11)
    assert (ok, detail) == (False, f"考试客户端未安装或未测试：{ROOM}")
    assert next_step.startswith(f"xcert rooms client --plan {PLAN} --room {ROOM}")

    staff_and_rooms.record_exam_client(scheduled, PLAN, room_name=ROOM, installed=True, tested=False)
    assert not status.workspace_status(scheduled).ready  # installed is not enough
    staff_and_rooms.record_exam_client(scheduled, PLAN, room_name=ROOM, actor="信息中心李老师")
    ready = status.workspace_status(scheduled)
    assert ready.ready
    assert item(ready, 11)[1] == f"{REGISTERED} 名报考考生、1 个考场的考试客户端均已安装并测试，可以考试"

    again = documents.print_pack(scheduled, PLAN)  # nothing changed: every file kept as it is
    assert (again.result.written, again.result.kept) == ([], printed.result.written)


def test_a_seat_change_makes_the_pack_stale_and_a_reprint_rewrites_only_what_changed(printed: Workspace,
                                                                                      tmp_path: Path) -> None:
    assert status.documents_current(printed) == {PLAN: True} and status.workspace_status(printed).ready
    mover = scheduling.plan_report(printed, PLAN).seats[0]
    moved = scheduling.move_seat(printed, PLAN, mover.id_number, ROOM, a_free_seat(printed, mover.session_code),
                                 session=mover.session_code, actor="教务处王老师", reason="靠门")
    assert moved.outcome.record is not None
    assert not pack_is_current(documents.planned_pack(printed, documents.load_pack(printed, PLAN))[0],
                               printed.output_dir / PLAN)
    stale = status.workspace_status(printed)
    assert (stale.ready, item(stale, 10)[:2]) == (False, (False, f"{PLAN} 的打印材料未生成，或生成后数据已有改动"))

    reprinted = documents.print_pack(printed, PLAN)
    # the room's files, the combined ones and the seat list show the seat; the proctors and rooms do not
    assert reprinted.result.written == [*ROOM_FILES, *COMBINED, "排考明细.xlsx"]
    assert reprinted.result.kept == ["监考安排.xlsx", "考场列表.xlsx"]
    assert status.workspace_status(printed).ready

    elsewhere = documents.print_pack(printed, PLAN, out=tmp_path / "另一份")
    assert elsewhere.out == tmp_path / "另一份" and len(elsewhere.result.written) == 11
    assert status.documents_current(printed, tmp_path) == {PLAN: False}  # tmp_path / P1 holds no pack


def test_no_pack_for_an_unknown_or_unscheduled_plan_or_a_site_without_an_address(scheduled: Workspace,
                                                                                 tmp_path: Path) -> None:
    with pytest.raises(RequestError, match="考试计划 P9 不存在（已有：P1）"):
        documents.print_pack(scheduled, "P9")
    setup.import_plans(scheduled, plan_file(tmp_path / "第二批.toml", code="P2", name="第二批"))
    with pytest.raises(RequestError, match="考试计划 P2 尚未排考"):
        documents.print_pack(scheduled, "P2")

    setup.add_site(scheduled, SITE, SITE_NAME, [CERTIFICATE], address=" ", approved=True)
    refused = documents.print_pack(scheduled, PLAN)
    assert (refused.printed, refused.result.written) == (False, [])
    assert [(i.code, i.severity.value) for i in refused.report] == [("sched-site-address-missing", "error")]
    assert not (scheduled.output_dir / PLAN).exists()  # nothing written
    ok, detail, _ = item(status.workspace_status(scheduled), 10)
    assert (ok, detail) == (False, f"考核站点 {SITE} 没有考点地址，准考证无法打印")


def test_a_photo_file_gone_stops_the_pack_and_is_named_masked(printed: Workspace) -> None:
    seated = scheduling.plan_report(printed, PLAN).seats[0].id_number
    (printed.photos_dir / f"{seated}.jpg").unlink()
    with pytest.raises(RequestError, match="1 张考生照片的文件不存在") as refused:
        documents.print_pack(printed, PLAN)
    assert mask_id_number(seated) in str(refused.value) and seated not in str(refused.value)
    assert documents.load_pack(printed, PLAN).missing_photos == (f"photos/{seated}.jpg",)
    readiness = status.workspace_status(printed)
    assert status.documents_current(printed) == {PLAN: False} and not readiness.ready
    assert item(readiness, 4)[:2] == (False, "1 名考生的照片文件已丢失")


# --- the platform: the upload package and its exports synced back ----------------------------------------------


def test_the_upload_package_holds_every_file_in_upload_order(printed: Workspace, tmp_path: Path) -> None:
    package = platform.export_package(printed)
    assert package.out == printed.output_dir / platform.PACKAGE_DIR and package.report.issues == ()
    assert [(f.path.name, f.rows) for f in package.result.files] == [
        ("1_本校学生导入模板.xlsx", 26), ("2_学生照片.zip", 26), (f"3_报考_按证书_{PLAN}.xlsx", REGISTERED),
        (f"4_考场_{PLAN}.xlsx", 1), ("5_监考人员导入模板.xlsx", 5), ("README.txt", 0)]
    assert package.result.files[0].dialog == "考务管理 › 考生管理 › 导入学生信息"
    numbers = {c.id_number for c in printed.storage.list(Candidate, school_code=SCHOOL)}
    sheet = load_workbook(package.out / "1_本校学生导入模板.xlsx").active
    assert {row[4] for row in sheet.iter_rows(min_row=4, values_only=True)} == numbers  # the platform's full numbers
    with zipfile.ZipFile(package.out / "2_学生照片.zip") as archive:
        assert sorted(archive.namelist()) == sorted(f"{n}.jpg" for n in numbers)

    with pytest.raises(RequestError, match="不是空文件夹，如需重新导出请加 --force"):
        platform.export_package(printed)
    assert len(platform.export_package(printed, force=True).result.files) == 6
    a_file = tmp_path / "导入包.txt"
    a_file.write_text("x", "utf-8")
    with pytest.raises(RequestError, match="不是文件夹"):
        platform.export_package(printed, a_file)


def test_the_platforms_exports_sync_back_and_its_seating_replaces_the_trial_one(printed: Workspace,
                                                                                tmp_path: Path) -> None:
    storage, plugins = printed.storage, printed.plugins
    states = platform.sync_export(printed, write_candidate_list(storage, SCHOOL, tmp_path / "考生.xlsx", plugins))
    assert (states.stored, states.plan.kind, states.plan.candidates, states.plan.unchanged) == (
        True, ExportKind.CANDIDATE_STATES, (), 26)  # the platform agrees: nothing to change

    trial = {(a.id_number, a.session_code): a for a in scheduling.plan_report(printed, PLAN).seats}
    assert {a.origin for a in trial.values()} == {SeatOrigin.XCERT}
    assert item(status.workspace_status(printed), 9)[2] == "平台排考下发后：xcert sync platform 排考明细.xlsx"
    theirs = {ticket: f"261218{n:04d}" for n, ticket in enumerate(sorted({a.ticket_number for a in trial.values()}),
                                                                   start=1)}
    seating = platform.sync_export(printed, write_assignment_list(storage, tmp_path / "排考明细.xlsx", plugins,
                                                                  theirs))
    assert (seating.stored, seating.plan.kind, len(seating.plan.seats), seating.report.issues) == (
        True, ExportKind.ASSIGNMENT_LIST, 2 * REGISTERED, ())
    now = {(a.id_number, a.session_code): a for a in scheduling.plan_report(printed, PLAN).seats}
    assert now.keys() == trial.keys()
    assert all((a.room_name, a.seat, a.origin, a.ticket_number) == (
        trial[key].room_name, trial[key].seat, SeatOrigin.PLATFORM, theirs[trial[key].ticket_number])
        for key, a in now.items())  # the same seats, the platform's ticket numbers
    readiness = status.workspace_status(printed)
    assert item(readiness, 9) == (True, f"{2 * REGISTERED} 个考位已安排（平台排考），6 个监考/巡考安排", "")
    assert item(readiness, 10)[0] is False  # the tickets print the platform's numbers now
    assert documents.print_pack(printed, PLAN).result.written[:4] == ROOM_FILES
    assert status.workspace_status(printed).ready
    record = seat_map.change_log(printed, PLAN)[0]  # the platform's seating is in the 排考调整记录
    assert (record.seq, record.action, record.actor) == (2, "platform-sync", "X平台")
    assert {(m.id_number, m.session_code): (m.after_room, m.after_seat) for m in record.moves} == {
        key: (a.room_name, a.seat) for key, a in now.items()}


def test_an_illegal_platform_state_is_reported_and_nothing_is_stored(printed: Workspace, tmp_path: Path) -> None:
    path = write_candidate_list(printed.storage, SCHOOL, tmp_path / "考生.xlsx", printed.plugins)
    book = load_workbook(path)
    sheet = book.active
    first, second = sheet.cell(2, 3).value, sheet.cell(3, 3).value
    sheet.cell(2, 5).value = "信息待认证"  # 信息准确 → 信息待认证 is no step of the state machine
    sheet.cell(3, 5).value = "已毕业"  # no state at all
    book.save(path)
    before = {c.id_number: c for c in printed.storage.list(Candidate, school_code=SCHOOL)}
    synced = platform.sync_export(printed, path)
    assert not synced.stored and synced.report.has_errors
    assert sorted((i.code, i.row) for i in synced.report.errors) == [("sync-state-unknown", 3),
                                                                    ("sync-transition-illegal", 2)]
    assert str(first) not in repr(synced.report) and str(second) not in repr(synced.report)
    assert {c.id_number: c for c in printed.storage.list(Candidate, school_code=SCHOOL)} == before
    assert {c.state for c in before.values()} == {VerificationState.VERIFIED}

    other = tmp_path / "别的表.xlsx"
    book = load_workbook(path)
    book.active.delete_cols(5)
    book.save(other)
    with pytest.raises(UnreadableFileError, match="既不是平台导出的考生名单"):
        platform.sync_export(printed, other)
