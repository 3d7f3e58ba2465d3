"""``xcert schedule --documents DIR``: the printed pack as PDF files (real files, a real subprocess, pypdf), and
the pure document builder."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pypdf import PdfReader

from test_schedule_cli import CERTIFICATE, ident, proctors, registrations, rooms, xcert
from xcert_core.labels import CandidateType, CertificateLevel, Gender, IdType, RegistrationMode
from xcert_core.model import ExamPlan, ExamRoom, ExamSession, Registration, Subject
from xcert_core.privacy import mask_id_number
from xcert_core.scheduling.allocation import allocate
from xcert_core.scheduling.documents import DEFAULT_RULES, CandidateFacts, build_documents, gender_of

ROOMS = ("信息楼301", "信息楼302")
KINDS = ("准考证", "桌贴", "门贴", "签到表")


def plan_file(path: Path) -> Path:
    """A one-subject plan with a real date: documents are never made without one."""
    path.write_text(f"""year = 2026
[[exam]]
certificate = "{CERTIFICATE}"
code = "P1"
[[exam.subject]]
code = "T"
name = "理论考试"
[[exam.session]]
code = "AM"
subject = "T"
date = 2026-06-13
start = 09:00:00
end = 10:30:00
""", "utf-8")
    return path


def text_of(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)


def test_documents_folder_manifest_and_text(tmp_path: Path) -> None:
    out = tmp_path / "pack" / "nested"
    result = xcert("schedule", "--registrations", registrations(tmp_path / "报考.xlsx", 20),
                   "--rooms", rooms(tmp_path / "考场.xlsx", 12, 12), "--proctors", proctors(tmp_path / "监考.xlsx", 4),
                   "--seed", "7", "--json", "--documents", out, "--plan", plan_file(tmp_path / "计划.toml"))
    assert result.returncode == 0, result.stdout + result.stderr
    seats = json.loads(result.stdout)["assignments"]
    for a in seats:  # the JSON shows numbers masked; the registration sheet's row (n + 3) says whose seat it is
        assert a["id_number"] == mask_id_number(ident(a["row"] - 3))
        a["id_number"] = ident(a["row"] - 3)
    expected = {f"{kind}-{room}.pdf" for kind in KINDS for room in (*ROOMS, "全部")}
    assert {p.name for p in out.iterdir()} == expected | {"manifest.json"}

    manifest = json.loads((out / "manifest.json").read_text("utf-8"))["files"]
    assert {entry["file"] for entry in manifest} == expected
    for entry in manifest:
        assert entry["pages"] == len(PdfReader(out / entry["file"]).pages) >= 1
        assert entry["file"] == f"{entry['kind']}-{entry['room'] or '全部'}.pdf"
        in_room = [a for a in seats if entry["room"] in (None, a["room"])]
        assert entry["candidates"] == len({a["id_number"] for a in in_room}), entry
    by_file = {entry["file"]: entry for entry in manifest}
    assert by_file["准考证-全部.pdf"]["pages"] == 20  # one A4 ticket per candidate
    assert by_file["门贴-信息楼301.pdf"]["pages"] == 1

    tickets = text_of(out / "准考证-全部.pdf")
    for n in range(1, 21):
        assert f"考生{n}\n" in tickets + "\n" and ident(n) in tickets
    assert all(a["ticket_no"] in tickets for a in seats)
    for room in ROOMS:
        room_tickets = text_of(out / f"准考证-{room}.pdf")
        sheet = text_of(out / f"签到表-{room}.pdf")
        desk = text_of(out / f"桌贴-{room}.pdf")
        for a in seats:
            inside = a["room"] == room
            assert (a["ticket_no"] in room_tickets) is inside
            assert (a["ticket_no"] in sheet) is inside and (a["id_number"] in sheet) is inside
            assert (a["ticket_no"] in desk) is inside
            assert a["id_number"] not in desk  # desk labels print the masked number
        assert "老师" in sheet  # the room's proctors head the sheet


def test_documents_room_names_are_sanitised_and_issues_stay_clean(tmp_path: Path) -> None:
    from openpyxl import load_workbook  # noqa: PLC0415

    room_file = rooms(tmp_path / "考场.xlsx", 30)
    workbook = load_workbook(room_file)
    workbook.active.cell(4, 3).value = "实训楼A/B:1"
    workbook.save(room_file)
    out = tmp_path / "pack"
    result = xcert("schedule", "--registrations", registrations(tmp_path / "报考.xlsx", 5), "--rooms", room_file,
                   "--seed", "1", "--json", "--documents", out, "--plan", plan_file(tmp_path / "计划.toml"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["issues"] == []
    assert (out / "桌贴-实训楼A_B_1.pdf").exists() and (out / "签到表-全部.pdf").exists()
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))["files"]
    assert {e["room"] for e in manifest} == {None, "实训楼A/B:1"}


def _plan() -> ExamPlan:
    return ExamPlan("P1", "2026年第一批", 2026, "ORG", "1550001066020254", CertificateLevel.INTERMEDIATE,
                    (Subject("T", "理论考试"), Subject("P", "实操考试")),
                    (ExamSession("S1", "T", dt.date(2026, 6, 6), dt.time(9), dt.time(10, 30)),
                     ExamSession("S2", "P", dt.date(2026, 6, 6), dt.time(14), dt.time(16))))


def test_build_documents_unit() -> None:
    plan = _plan()
    ids = [ident(n) for n in range(1, 8)] + ["H1234567"]
    regs = [Registration("P1", i, "本校", plan.certificate_code, "18", CandidateType.SCHOOL,
                         RegistrationMode.BY_CERTIFICATE) for i in ids]
    room_list = [ExamRoom("P1", "18", "信息楼301", seats=5), ExamRoom("P1", "18", "信息楼302", seats=5)]
    result = allocate(regs, room_list, plan, 3)
    facts = {i: CandidateFacts(f"考生{n}", i, gender_of(i)) for n, i in enumerate(ids)}
    built = build_documents(result, plan, room_list, {"18": "太原站点"}, facts, certificate_name="数字媒体")

    # the passport holder has no gender to print: a ticket all the same, with no gender on it
    assert built.issues == ()
    assert sorted(t.id_number for t in built.tickets) == sorted(ids)
    assert [t.gender for t in built.tickets if t.id_number == "H1234567"] == [None]
    assert all(t.gender is not None for t in built.tickets if t.id_number != "H1234567")
    assert all(len(t.subjects) == 2 and t.rules == DEFAULT_RULES and t.photo is None for t in built.tickets)
    assert all(t.site_name == "太原站点" and t.title == "数字媒体（中级）准考证" for t in built.tickets)
    assert {t.ticket_number for t in built.tickets} == {result.tickets[i] for i in ids}
    # every sitting carries its own room and seat, the ticket's own are the earliest sitting's
    for t in built.tickets:
        own = {(p.session_code, p.room_name, p.seat) for p in result.placements if p.id_number == t.id_number}
        assert {(s.room_name, s.seat) for s in t.subjects} == {(room, seat) for _, room, seat in own}
        first = next((room, seat) for code, room, seat in own if code == "S1")
        assert (t.room_name, t.seat) == first

    seated = {(p.room_name, p.seat, p.id_number) for p in result.placements}
    assert len(built.desk_labels) == len(seated)  # one per occupied seat (and its candidate, per session)
    assert {d.masked_id_number for d in built.desk_labels} == {mask_id_number(i) for i in ids}
    assert all("*" in d.masked_id_number for d in built.desk_labels)

    # one door label per room and session: its own candidates, seats and ticket numbers, never more than seats
    assert [(d.room_name, d.session.subject_name) for d in built.door_labels] == [
        ("信息楼301", "理论考试"), ("信息楼301", "实操考试"), ("信息楼302", "理论考试"), ("信息楼302", "实操考试")]
    subject_of = {"S1": "理论考试", "S2": "实操考试"}
    for door in built.door_labels:
        here = [p for p in result.placements
                if p.room_name == door.room_name and subject_of[p.session_code] == door.session.subject_name]
        assert door.candidate_count == len(here) <= door.room_seats == 5
        assert door.seats == tuple(sorted(p.seat for p in here))
        assert door.ticket_numbers == tuple(sorted(result.tickets[p.id_number] for p in here))
        assert door.provisional  # xcert's own allocation: its ticket numbers are a dry run
    assert len(built.sign_in_sheets) == 4  # two rooms x two sessions
    for sheet in built.sign_in_sheets:
        assert [r.seat for r in sheet.rows] == sorted(r.seat for r in sheet.rows)
        assert all(r.id_number in ids for r in sheet.rows)

    custom = build_documents(result, plan, room_list, {}, facts, certificate_name="X", rules=("只此一条",))
    assert all(t.rules == ("只此一条",) for t in custom.tickets)


def test_gender_of() -> None:
    assert gender_of("110101199003074514") is Gender.MALE
    assert gender_of("110101199003074524") is Gender.FEMALE
    assert gender_of("110101199003074514", IdType.PASSPORT) is None
    assert gender_of("H1234567") is None


def test_rare_characters_the_font_lacks_become_warnings(tmp_path: Path) -> None:
    from openpyxl import load_workbook  # noqa: PLC0415

    reg_file = registrations(tmp_path / "报考.xlsx", 3)
    workbook = load_workbook(reg_file)
    workbook.active.cell(4, 1).value = "张𠇔"  # 𠇔 (CJK Ext. B) is missing from most system fonts
    workbook.save(reg_file)
    out = tmp_path / "pack"
    result = xcert("schedule", "--registrations", reg_file, "--rooms", rooms(tmp_path / "考场.xlsx", 30),
                   "--seed", "1", "--json", "--documents", out, "--plan", plan_file(tmp_path / "计划.toml"))
    assert result.returncode == 0, result.stdout + result.stderr  # warnings only
    glyphs = [i for i in json.loads(result.stdout)["issues"] if i["code"] == "sched-glyph-missing"]
    assert all(i["severity"] == "warning" and "𠇔" in i["message"] and (out / i["file"]).exists() for i in glyphs)
    if glyphs:  # the font lacks it: every file printing the name says so
        assert {i["file"] for i in glyphs} >= {"准考证-全部.pdf", "桌贴-全部.pdf", "签到表-全部.pdf"}


def test_documents_need_a_plan_with_real_dates(tmp_path: Path) -> None:
    result = xcert("schedule", "--registrations", registrations(tmp_path / "报考.xlsx", 2),
                   "--rooms", rooms(tmp_path / "考场.xlsx", 6), "--seed", "1", "--documents", tmp_path / "pack")
    assert result.returncode == 2 and "--plan" in result.stderr
    assert not (tmp_path / "pack").exists()
