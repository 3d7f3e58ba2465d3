"""``xcert export platform`` and ``xcert sync platform`` as a school person runs them: what they print (the text,
the ``--json`` object, personal data masked) and their exit codes (0 done, 1 issues with errors, 2 a request or file
that cannot be used); and the platform's seating synced, then staffed and printed, command by command.

What the export writes and what a sync changes are tested through the application layer in
``tests/app/test_platform_package.py``, whose workspace and file builders these tests share."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from cli_run import xcert
from photo_files import id_number
from test_platform_package import (
    PLAN,
    SCHOOL,
    assignment_list,
    make_workspace,
    state_list,
    ticket,
)
from xcert_adapters.workspace import Workspace
from xcert_core.labels import CandidateType, SeatOrigin
from xcert_core.labels import VerificationState as St
from xcert_core.model import Candidate, PhotoRef, Proctor, Registration, SeatAssignment
from xcert_core.privacy import mask_id_number

CERTIFICATE = "1550001066010252"


@pytest.fixture
def workspace_root(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws")


def test_export_prints_each_file_with_its_dialog_and_the_json_lists_them(workspace_root: Path,
                                                                         tmp_path: Path) -> None:
    out = tmp_path / "包"
    result = xcert("--workspace", str(workspace_root), "export", "platform", "--out", str(out), "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    payload = json.loads(result.stdout)
    assert (payload["out"], payload["issues"]) == (str(out), [])
    files = {file["name"]: file for file in payload["files"]}
    assert files["2_学生照片.zip"]["rows"] == 5 and files["2_学生照片.zip"]["dialog"]
    assert Path(files["1_本校学生导入模板.xlsx"]["path"]) == out / "1_本校学生导入模板.xlsx"
    text = xcert("--workspace", str(workspace_root), "export", "platform", "--out", str(out), "--force")
    assert text.returncode == 0, text.stdout + text.stderr
    assert f"平台导入包已写入：{out}" in text.stdout
    assert "2_学生照片.zip（5 张照片） → " in text.stdout and "1_本校学生导入模板.xlsx（5 行） → " in text.stdout


def test_an_export_with_errors_exits_1_and_prints_the_issues_masked(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws")
    with Workspace.open(root) as workspace:
        (workspace.photos_dir / f"{id_number(2)}.jpg").unlink()
    result = xcert("--workspace", str(root), "export", "platform")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "发现 1 个错误、0 个警告" in result.stdout and "export-photo-file-missing" in result.stdout
    assert id_number(2) not in result.stdout and mask_id_number(id_number(2)) in result.stdout


def test_export_into_a_non_empty_folder_exits_2_naming_force(workspace_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "包"
    out.mkdir()
    (out / "旧文件.xlsx").write_bytes(b"old")
    again = xcert("--workspace", str(workspace_root), "export", "platform", "--out", str(out))
    assert again.returncode == 2 and "--force" in again.stderr and "Traceback" not in again.stderr


def test_sync_of_states_prints_what_changed_and_the_json_masks_every_id_number(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", (St.PENDING, St.VERIFYING, St.NEEDS_REVIEW, St.PENDING, St.VERIFIED))
    export = state_list(tmp_path / "考生.xlsx", [(id_number(1), "信息准确"), (id_number(2), "需人工确认"),
                                               (id_number(3), "信息准确"), (id_number(5), "信息准确")])
    result = xcert("--workspace", str(root), "sync", "platform", str(export), "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    payload = json.loads(result.stdout)
    assert (payload["file"], payload["kind"], payload["stored"]) == (str(export), "candidate-states", True)
    assert (payload["changed"], payload["unchanged"], payload["seats"], payload["issues"]) == (3, 1, [], [])
    assert {c["id_number"]: (c["from"], c["to"], c["events"]) for c in payload["candidates"]} == {
        mask_id_number(id_number(1)): ("pending", "verified", ["submitted", "matched"]),
        mask_id_number(id_number(2)): ("verifying", "needs_review", ["mismatched"]),
        mask_id_number(id_number(3)): ("needs_review", "verified", ["confirmed"])}
    assert all(id_number(n) not in result.stdout for n in range(1, 6))
    again = xcert("--workspace", str(root), "sync", "platform", str(export))
    assert again.returncode == 0
    assert again.stdout.strip() == "考生.xlsx：平台考生名单（认证状态），已同步 0 名学生的状态，4 条无变化。"


def test_a_refused_sync_exits_1_saying_nothing_was_saved(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", (St.PENDING, St.VERIFIED, St.VERIFIED, St.VERIFIED, St.VERIFIED))
    export = state_list(tmp_path / "考生.xlsx", [(id_number(1), "信息准确"), (id_number(2), "信息待认证"),
                                               (id_number(3), "已毕业"), (id_number(4), "信息准确", "别人")])
    result = xcert("--workspace", str(root), "sync", "platform", str(export))
    assert result.returncode == 1, result.stdout + result.stderr
    assert ("考生.xlsx：平台考生名单（认证状态），发现 3 个错误，未保存任何内容（本应同步 1 名学生的状态）。"
            in result.stdout)
    for code in ("sync-transition-illegal", "sync-state-unknown", "sync-name-mismatch"):
        assert code in result.stdout
    assert "已毕业" in result.stdout and "别人" in result.stdout
    assert all(id_number(n) not in result.stdout for n in range(1, 6))


def test_a_file_of_neither_kind_exits_2(tmp_path: Path, workspace_root: Path) -> None:
    path = state_list(tmp_path / "other.xlsx", [])
    load = load_workbook(path)
    load.active.delete_rows(1, 2)
    load.active.append(["姓名", "证件号码"])
    load.save(path)
    result = xcert("--workspace", str(workspace_root), "sync", "platform", str(path))
    assert result.returncode == 2 and "排考明细" in result.stderr and "Traceback" not in result.stderr


def test_sync_of_seats_prints_the_moved_seats_masked(workspace_root: Path, tmp_path: Path) -> None:
    seats = {1: 2, 2: 1, 3: 3, 4: 4}  # candidates 1 and 2 swapped
    rows: list[tuple[object, ...]] = [("理论考试", "信息楼301", seat, ticket(n), id_number(n))
                                      for n, seat in seats.items()]
    path = assignment_list(tmp_path / "排考明细.xlsx", rows)
    result = xcert("--workspace", str(workspace_root), "sync", "platform", str(path), "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    payload = json.loads(result.stdout)
    assert (payload["kind"], payload["changed"], payload["unchanged"]) == ("assignment-list", 2, 2)
    assert sorted((s["id_number"], s["plan"], s["session"], s["site"], s["room"], s["seat"], s["ticket_number"],
                   s["replaced"]) for s in payload["seats"]) == sorted(
        [(mask_id_number(id_number(1)), PLAN, "S1", "S01", "信息楼301", 2, ticket(1), True),
         (mask_id_number(id_number(2)), PLAN, "S1", "S01", "信息楼301", 1, ticket(2), True)])
    text = xcert("--workspace", str(workspace_root), "sync", "platform", str(path))
    assert text.stdout.strip() == "排考明细.xlsx：平台排考明细（座位），已同步 0 个座位，4 条无变化。"


def test_a_ticket_clash_is_an_issue_printed_not_a_storage_error(workspace_root: Path, tmp_path: Path) -> None:
    stranger = id_number(9)
    with Workspace.open(workspace_root) as workspace:  # another school's candidate, registered, no record here
        workspace.storage.add(Registration(PLAN, stranger, "4133010002", CERTIFICATE, "S01",
                                           candidate_type=CandidateType.PUBLIC, subject_codes=("T1", "P1")))
    path = assignment_list(tmp_path / "排考明细.xlsx", [("理论考试", "S01", "信息楼302", 1, ticket(2), stranger)],
                           header=("考试科目", "考核站点编号", "考场名称", "座位号", "准考证号", "证件号码"))
    result = xcert("--workspace", str(workspace_root), "sync", "platform", str(path))
    assert result.returncode == 1 and "UNIQUE" not in result.stdout + result.stderr
    assert "sync-ticket-taken" in result.stdout and stranger not in result.stdout


# --- the platform's seating is the truth once synced ----------------------------------------------------------


def platform_ticket(n: int) -> str:
    return f"22121800{n:02d}"


def test_synced_seating_gets_proctors_and_prints_the_platforms_tickets_and_redo_refuses(
        workspace_root: Path, tmp_path: Path) -> None:
    """Sync the platform's 排考明细 (its own ticket numbers), assign proctors without re-seating, print: the
    准考证 carry the platform's numbers and no provisional mark; ``schedule --redo`` refuses unless told
    ``--replace-platform-seating``, and then warns how many tickets change and the pack is provisional again."""
    ws = str(workspace_root)
    with Workspace.open(workspace_root) as workspace:
        workspace.storage.add(Proctor(SCHOOL, "T003", "孙老师", "13900000003"))
        folder = workspace.photos_dir.relative_to(workspace.root)
        for n in range(1, 6):  # the fixture's photo references are bare file names: point them at the files
            workspace.storage.put(attrs.evolve(workspace.storage.get(Candidate, (SCHOOL, id_number(n))),
                                               photo=PhotoRef(f"{folder}/{id_number(n)}.jpg")))
    before = xcert("--workspace", ws, "documents", "--plan", PLAN)
    assert before.returncode == 0, before.stdout + before.stderr
    first = PdfReader(workspace_root / "output" / PLAN / "准考证-全部.pdf").pages[0].extract_text()
    assert "临时编排" in first  # xcert's own seating: provisional on every page
    rows = [("理论考试", "信息楼301", n, platform_ticket(n), id_number(n)) for n in range(1, 5)]
    rows += [("实操考试", "信息楼302", 6 - n, platform_ticket(n), id_number(n)) for n in range(1, 6)]
    synced = xcert("--workspace", ws, "sync", "platform", str(assignment_list(tmp_path / "排考明细.xlsx", rows)),
                   "--json")
    assert synced.returncode == 0, synced.stdout + synced.stderr
    with Workspace.open(workspace_root) as workspace:
        seats = workspace.storage.list(SeatAssignment, plan_code=PLAN)
    assert {a.origin for a in seats} == {SeatOrigin.PLATFORM} and len(seats) == 9

    redo = xcert("--workspace", ws, "schedule", "--plan", PLAN, "--redo")
    assert redo.returncode == 2 and "--replace-platform-seating" in redo.stderr and "平台排考" in redo.stderr
    plain = xcert("--workspace", ws, "schedule", "--plan", PLAN)
    assert plain.returncode == 2 and "schedule proctors" in plain.stderr

    staffed = xcert("--workspace", ws, "schedule", "proctors", "--plan", PLAN, "--per-room", "1", "--json")
    assert staffed.returncode == 0, staffed.stdout + staffed.stderr
    payload = json.loads(staffed.stdout)
    assert payload["stored"] is True
    assert {(p["session"], p["room"]) for p in payload["proctors"] if p["role"] == "监考"} == {
        ("S1", "信息楼301"), ("S2", "信息楼302")}
    with Workspace.open(workspace_root) as workspace:
        assert workspace.storage.list(SeatAssignment, plan_code=PLAN) == seats  # nobody moved

    printed = xcert("--workspace", ws, "documents", "--plan", PLAN)
    assert printed.returncode == 0, printed.stdout + printed.stderr
    tickets = "".join(page.extract_text() for page in
                      PdfReader(workspace_root / "output" / PLAN / "准考证-全部.pdf").pages)
    assert all(platform_ticket(n) in tickets for n in range(1, 6)) and ticket(1) not in tickets
    assert "临时编排" not in tickets
    listing = load_workbook(workspace_root / "output" / PLAN / "排考明细.xlsx").active
    assert listing.cell(1, listing.max_column).value == "排考来源"
    assert {row[-1] for row in listing.iter_rows(min_row=2, values_only=True)} == {"平台排考"}

    replaced = xcert("--workspace", ws, "schedule", "--plan", PLAN, "--redo", "--replace-platform-seating",
                     "--per-room", "0", "--json")
    assert replaced.returncode == 0, replaced.stdout + replaced.stderr
    (warning,) = [i for i in json.loads(replaced.stdout)["issues"] if i["code"] == "sched-platform-seating-replaced"]
    assert warning["severity"] == "warning" and "5 名考生的准考证号改变" in warning["message"]
    with Workspace.open(workspace_root) as workspace:
        assert {a.origin for a in workspace.storage.list(SeatAssignment, plan_code=PLAN)} == {SeatOrigin.XCERT}
