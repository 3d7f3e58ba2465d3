"""Options of the command line that no workflow test gives (#25 item 5): each run here, its output read — who is
recorded (``--actor``), why (``--reason``), which sheet is read (``--sheet``), what is refused without
``--force``, what ``--json`` prints — on a copy of the demo school."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from openpyxl import Workbook, load_workbook

from cli_run import XCERT, run_xcert
from demo_folders import copy_demo
from xcert_adapters.workspace import Workspace
from xcert_core.model import AuditEntry, SeatAssignment, SeatChange, VerificationRecord


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, demo_master: Path) -> Path:
    return copy_demo(demo_master, tmp_path_factory.mktemp("options") / "demo")  # `xcert demo --students 40`


@pytest.fixture
def school(demo: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "demo"
    shutil.copytree(demo, copy)
    return copy


def ok(workspace: Path, *args: str | Path) -> Any:
    result = run_xcert("--workspace", workspace, *args, "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout) if result.stdout.strip() else None


def stored(workspace: Path, kind: type) -> list[Any]:
    with Workspace.open(workspace, env={}) as opened:
        return opened.storage.list(kind)


def actions(workspace: Path) -> list[AuditEntry]:
    return sorted(stored(workspace, AuditEntry), key=lambda e: e.at)


# --- --force: a file that exists is refused, then overwritten -------------------------------------------------

WORKSPACE_WRITERS = [("rooms", "export"), ("proctors", "export"), ("sites", "export"), ("plans", "export"),
                     ("students", "export")]
TEMPLATES = [("plans", "template"), ("proctors", "template"), ("rooms", "template"), ("schedule", "template-rooms"),
             ("schedule", "template-proctors")]


@pytest.mark.parametrize("command", WORKSPACE_WRITERS + TEMPLATES)
def test_an_existing_file_is_overwritten_only_with_force(demo: Path, tmp_path: Path,
                                                         command: tuple[str, str]) -> None:
    out = tmp_path / "输出.xlsx"
    out.write_bytes(b"the teacher's own file")
    prefix = ("--workspace", demo) if command in WORKSPACE_WRITERS else ()
    refused = run_xcert(*prefix, *command, out)
    assert refused.returncode == 2 and "--force" in refused.stderr and out.read_bytes() == b"the teacher's own file"
    forced = run_xcert(*prefix, *command, out, "--force")
    assert forced.returncode == 0, forced.stderr
    assert load_workbook(out).sheetnames  # a workbook now, written over the old bytes


# --- --sheet: the named worksheet, not the first ------------------------------------------------------------


def _with_a_cover_sheet(source: Path, target: Path, sheet: str) -> Path:
    """``source``'s first sheet copied into a new workbook after a 说明 sheet, named ``sheet``."""
    book = load_workbook(source)
    data = book.worksheets[0]
    out = Workbook()
    out.active.title = "说明"
    out.active["A1"] = "本文件第二个工作表是名单"
    copy = out.create_sheet(sheet)
    for row in data.iter_rows(values_only=True):
        copy.append(row)
    out.save(target)
    return target


def test_sheet_picks_the_worksheet_of_every_reader(school: Path, tmp_path: Path) -> None:
    materials = school / "资料"
    roster = _with_a_cover_sheet(materials / "学生名单-原始.xlsx", tmp_path / "名单.xlsx", "名单")
    first = run_xcert("--workspace", school, "students", "import", roster, "--json")
    assert first.returncode == 2 and "找不到表头" in first.stderr  # the 说明 sheet has no header
    chosen = run_xcert("--workspace", school, "students", "import", roster, "--sheet", "名单", "--json")
    assert chosen.returncode == 1 and json.loads(chosen.stdout)["rows"] == 40  # read, and its mistakes found

    photos = materials / "学生照片-原始.zip"
    checked = run_xcert("photos", "check", photos, "--roster", roster, "--sheet", "名单", "--json")
    assert checked.returncode == 1 and json.loads(checked.stdout)["photos"] == 40
    fixed = run_xcert("photos", "fix", photos, "--out", tmp_path / "修复.zip", "--roster", roster, "--sheet", "名单")
    assert fixed.returncode in (0, 1) and (tmp_path / "修复.zip").is_file(), fixed.stderr

    proctors_out = tmp_path / "监考导出.xlsx"
    ok(school, "proctors", "export", proctors_out)
    proctors = _with_a_cover_sheet(proctors_out, tmp_path / "监考.xlsx", "监考人员")
    imported = ok(school, "proctors", "import", proctors, "--sheet", "监考人员")
    assert imported["unchanged"] == 26

    registrations = sorted(materials.glob("报考*.xlsx"))[0]
    sheeted = _with_a_cover_sheet(registrations, tmp_path / "报考.xlsx", "报考")
    check = run_xcert("registrations", "check", sheeted, "--sheet", "报考", "--json")
    assert check.returncode in (0, 1) and json.loads(check.stdout)["rows"] > 0, check.stderr
    again = run_xcert("--workspace", school, "registrations", "import", sheeted, "--plan", "DMI-1", "--sheet", "报考",
                      "--json")
    assert again.returncode in (0, 1) and json.loads(again.stdout)["rows"] > 0, again.stderr


# --- who (--actor) and the record's other fields, in the edits and removals -----------------------------------


def test_edits_and_removals_record_the_actor_given(school: Path) -> None:
    room = ok(school, "rooms", "list", "--plan", "DMI-1")["rooms"][-1]
    edited = ok(school, "rooms", "edit", "--plan", "DMI-1", "--site", room["site"], "--name", room["name"],
                "--rows", "5", "--columns", "6", "--type", room["type"], "--reason", "量了教室", "--actor", "赵老师")
    assert edited["changes"] == {"rows": "5", "columns": "6"}  # the same type is no change
    proctor = ok(school, "proctors", "list")["proctors"][2]
    renamed = ok(school, "proctors", "edit", proctor["teacher_number"], "--name", "钱老师", "--role", "巡考",
                 "--reason", "登记错了", "--actor", "赵老师")
    assert renamed["changes"] == {"name": "钱老师", "role": "巡考"}
    site = ok(school, "sites", "list")["sites"][0]["code"]
    assert ok(school, "sites", "edit", site, "--name", "信息楼考点（新）", "--reason", "改名", "--actor", "赵老师")[
        "changes"] == {"name": "信息楼考点（新）"}
    assert ok(school, "plans", "edit", "DMI-1", "--name", "数字媒体交互设计（初级）第一批（补）", "--reason", "改名",
              "--actor", "赵老师")["changes"] == {"name": "数字媒体交互设计（初级）第一批（补）"}
    student = ok(school, "students", "list")["candidates"][0]
    who = f"{student['name']}:{student['id_number'][-4:]}"
    ok(school, "students", "edit", who, "--mobile", "13900001111", "--reason", "换号", "--actor", "赵老师")
    ok(school, "registrations", "withdraw", who, "--plan", "DMI-1", "--reason", "退考", "--actor", "赵老师")
    removed = ok(school, "students", "remove", who, "--reason", "退学", "--actor", "赵老师")
    assert removed["photo_removed"]
    by = {e.action: e.actor for e in actions(school)}
    assert {by[a] for a in ("rooms.edit", "proctors.edit", "sites.edit", "plans.edit", "students.edit",
                            "students.remove")} == {"赵老师"}

    spare = ok(school, "rooms", "add", "--plan", "DMI-1", "--site", site, "--name", "备用教室", "--seats", "5")
    assert spare["added"] == 1
    gone = ok(school, "rooms", "remove", "--plan", "DMI-1", "--site", site, "--name", "备用教室", "--reason", "不用了")
    assert gone["removed"]["name"] == "备用教室"
    proctor_gone = run_xcert("--workspace", school, "proctors", "remove", proctor["teacher_number"], "--reason", "调离",
                             "--json")
    assert proctor_gone.returncode == 2 and "监考" in proctor_gone.stderr  # assigned: refused, with what to do


def test_rooms_export_of_one_plan_and_the_exam_client_of_a_site(school: Path, tmp_path: Path) -> None:
    out = tmp_path / "考场.xlsx"
    assert ok(school, "rooms", "export", out, "--plan", "DMI-1")["by_plan"] == {"DMI-1": 11}
    missing = run_xcert("--workspace", school, "rooms", "export", tmp_path / "无.xlsx", "--plan", "NO")
    assert missing.returncode == 2 and "没有考试计划“NO”" in missing.stderr
    site = ok(school, "sites", "list")["sites"][0]["code"]
    recorded = ok(school, "rooms", "client", "--plan", "DMI-1", "--site", site, "--not-installed", "--actor", "孙老师")
    assert len(recorded["rooms"]) == 11 and not any(r["installed"] for r in recorded["rooms"])
    listed = ok(school, "rooms", "list", "--plan", "DMI-1")["rooms"]
    assert {r["exam_client"]["checked_by"] for r in listed} == {"孙老师"}


# --- scheduling, quota, registrations ---------------------------------------------------------------------


def test_schedule_records_its_actor_and_proctors_take_the_inspectors_given(school: Path) -> None:
    redone = ok(school, "schedule", "--plan", "DMI-1", "--redo", "--replace-platform-seating", "--actor", "周老师")
    assert redone["stored"]
    changes = sorted(stored(school, SeatChange), key=lambda c: c.seq)
    assert (changes[-1].action, changes[-1].actor) == ("redo", "周老师")
    staffed = ok(school, "schedule", "proctors", "--plan", "DMI-1", "--inspectors", "0")
    assert staffed["stored"] and not [p for p in staffed["proctors"] if p["role"] == "巡考"]
    assert len(stored(school, SeatAssignment)) == 80  # 40 candidates × 2 sessions: nobody moved by staffing


def test_quota_by_year_and_batch(school: Path) -> None:
    certificate = ok(school, "quota", "list")["applications"][0]["certificate"]
    ok(school, "quota", "set", certificate, "--approved", "30", "--year", "2027", "--status", "待审核")
    ok(school, "quota", "set", certificate, "--approved", "10", "--batch", "2", "--status", "待审核")
    listed = {(a["year"], a["batch"]): a for a in ok(school, "quota", "list")["applications"]}
    assert listed[(2027, "1")]["status"] == "待审核" and listed[(2026, "1")]["approved"] == 320
    reviewed = ok(school, "quota", "review", certificate, "approve", "--batch", "2")
    assert (reviewed["application"]["batch"], reviewed["application"]["status"]) == ("2", "审核通过")
    again = {(a["year"], a["batch"]): a["status"] for a in ok(school, "quota", "list")["applications"]}
    assert again[(2026, "2")] == "审核通过" and again[(2027, "1")] == "待审核"  # only the batch named
    wrong = run_xcert("--workspace", school, "quota", "review", certificate, "approve", "--batch", "9")
    assert wrong.returncode == 2


def test_registration_options_settings_site_and_subject(school: Path, tmp_path: Path) -> None:
    book = load_workbook(school / "资料" / "报考.xlsx")
    book.active["E4"] = "写错的证书名称"
    registrations = tmp_path / "报考.xlsx"
    book.save(registrations)
    plain = json.loads(run_xcert("registrations", "check", registrations, "--json").stdout)
    warned = [i["code"] for i in plain["issues"] if i["severity"] == "error"]
    assert warned == ["reg-certificate-name-mismatch"]
    settings = tmp_path / "规则.toml"
    settings.write_text("[rules.severity]\n" + "".join(f'"{code}" = "warning"\n' for code in set(warned)), "utf-8")
    relaxed = run_xcert("registrations", "check", registrations, "--settings", settings, "--json")
    assert relaxed.returncode == 0 and not [i for i in json.loads(relaxed.stdout)["issues"]
                                            if i["severity"] == "error"]
    site = ok(school, "sites", "list")["sites"][0]["code"]
    ok(school, "registrations", "withdraw", _someone(school), "--plan", "DMI-1", "--reason", "改按科目")
    by_subject = tmp_path / "按科目.xlsx"
    made = run_xcert("--workspace", school, "registrations", "template", by_subject, "--from-workspace", "--plan",
                     "DMI-1", "--by-subject", "--subject", "T", "--site", site)
    assert made.returncode == 0, made.stderr
    rows = [[c.value for c in row] for row in load_workbook(by_subject).active.iter_rows(min_row=4)]
    assert len(rows) == 1 and site in rows[0] and {"T", "理论考试"} & set(map(str, rows[0])), rows


def _someone(workspace: Path) -> str:
    student = ok(workspace, "students", "list")["candidates"][0]
    return f"{student['name']}:{student['id_number'][-4:]}"


# --- verification with the platform's results, the social roster's kind, an import's report -------------------


def test_verify_with_the_platforms_exported_list(school: Path) -> None:
    """A renamed student goes back to 信息待认证; the platform's exported list (``--results``) decides again."""
    student = ok(school, "students", "list")["candidates"][0]
    who = f"{student['name']}:{student['id_number'][-4:]}"
    edited = ok(school, "students", "edit", who, "--name", "张珊", "--pinyin", "Zhang Shan", "--reason", "按身份证更正")
    assert edited["sent_back"]
    before = len(stored(school, VerificationRecord))
    exported = school / "资料" / "平台导出-考生名单.xlsx"
    result = ok(school, "verify", "--verifier", "platform-results", "--results", exported)
    assert result["processed"] == 1 and result["states"]["pending"] == 0
    assert len(stored(school, VerificationRecord)) >= before + 2  # 认证中, then the platform's verdict


def test_the_kind_option_fixes_which_roster_a_file_is(demo: Path, tmp_path: Path) -> None:
    roster = demo / "资料" / "学生名单.xlsx"
    as_school = run_xcert("students", "check", roster, "--kind", "本校学生", "--json")
    assert as_school.returncode == 0, as_school.stdout
    as_public = run_xcert("students", "check", roster, "--kind", "社会考生", "--json")
    missing = {i["message"] for i in json.loads(as_public.stdout)["issues"] if i["code"] == "roster-missing-column"}
    assert as_public.returncode == 1 and any("考生姓名" in m for m in missing) and any("最高学历" in m for m in missing)


def test_import_writes_its_report_too(school: Path, tmp_path: Path) -> None:
    report = tmp_path / "导入报告.xlsx"
    result = run_xcert("--workspace", school, "students", "import", school / "资料" / "学生名单-原始.xlsx",
                       "--kind", "school", "--report", report, "--json")
    assert result.returncode == 1 and not json.loads(result.stdout)["stored"]
    book = load_workbook(report)
    assert len(book.sheetnames) == 2 and report.stat().st_mode & 0o777 == 0o600
    marked = [cell for row in book.worksheets[0].iter_rows() for cell in row if cell.comment is not None]
    assert marked  # the problem cells carry their comment


# --- serve over HTTPS -----------------------------------------------------------------------------------------


def test_serve_speaks_https_with_a_certificate(demo: Path, tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                           "/CN=localhost", "-keyout", str(key), "-out", str(cert)], capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip("openssl could not make a certificate")
    process = subprocess.Popen([*XCERT, "--workspace", str(demo), "serve", "--port", "0", "--certfile", str(cert),
                                "--keyfile", str(key)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        assert line.startswith("https://127.0.0.1:"), line
        for _ in range(50):
            try:
                opened = httpx.get(line, verify=False, follow_redirects=False, timeout=5)
                break
            except httpx.ConnectError:
                time.sleep(0.2)
        assert opened.status_code == 303 and "secure" in opened.headers["set-cookie"].lower()
        only_one = run_xcert("--workspace", demo, "serve", "--certfile", cert)
        assert only_one.returncode == 2 and "--keyfile" in only_one.stderr
    finally:
        process.terminate()
        process.wait(timeout=10)
