"""``xcert schedule --documents DIR``: the printed pack as PDF files (real files, a real subprocess, pypdf). The
pure document builder is tested in ``tests/core/test_document_models.py``."""

from __future__ import annotations

import json
from pathlib import Path

from pypdf import PdfReader

from test_schedule_cli import CERTIFICATE, ident, proctors, registrations, rooms, xcert
from xcert_core.privacy import mask_id_number

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
