"""``xcert documents --plan P --force``: the whole printed pack against a bare reportlab script drawing it once.

For ``XCERT_BENCH_PACK`` candidates (default ``300,5000``), each with a distinct 295 × 413 JPEG photo, seated in
rooms of 30 for a theory and a practical session, a workspace is built and the command is run in a fresh
process, once with one worker and once with ``XCERT_WORKERS=2``. It writes every room's 准考证, 桌贴, 门贴 and
签到表 and the combined 全部 files, plus the three Excel lists.

The baseline is the fair one of issue #21: a bare script, also a fresh process, that draws the same pack once
in the same embedded TrueType font (one file per kind): a ticket page per candidate with its text, photo and the
QR code drawn as one path from segno's matrix; desk labels 8 to a page with photos; sign-in sheets 10 rows to a
page with photos, one sheet per room and session; a door label per room and session. It writes no per-room files,
no Excel lists and no manifest, and draws no tables or wrapped rules: what it leaves out is what a pack needs.
The script runs a second time with zxing-cpp's matrix (xcert's encoder since issue 21), so the line after each
size says what the rest of the command costs.

Figures: wall time of each process (start-up included), pages per second of the command, the ratio to the bare
script, the speed-up of two workers, and each process's peak resident memory (``wait4``), for each size, so
memory's growth with the number of candidates shows.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

SIZES = tuple(int(n) for n in os.environ.get("XCERT_BENCH_PACK", "300,5000").split(","))
ROOM_SEATS = 30
SCHOOL = "4133010001"
SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高"
GIVEN = ("子涵", "欣怡", "浩然", "梓轩", "雨桐", "宇航", "思远", "佳怡", "俊杰", "诗琪", "一诺", "明轩")
RULES = ("考生须持本准考证和有效身份证件，于开考前 30 分钟入场，对号入座。", "开考 15 分钟后不得入场。",
         "除规定的文具外，不得携带手机、智能手表等电子设备进入考场。", "考试期间保持安静，服从监考人员安排。")


def ident(n: int) -> str:
    return f"{140105200403010000 + n}"


def write_photo(path: Path, n: int) -> None:
    from PIL import Image, ImageDraw  # noqa: PLC0415

    image = Image.new("RGB", (295, 413), (200, 40, 40))
    draw = ImageDraw.Draw(image)
    draw.ellipse((92, 70, 203, 200), fill=(n % 200, 90, 120))
    draw.rectangle((55, 230, 240, 413), fill=(30, 30, 60))
    draw.text((10, 10), str(n), fill=(255, 255, 255))
    image.save(path, "JPEG", quality=80)


def build(root: Path, count: int) -> dict[str, object]:
    """A scheduled workspace of ``count`` candidates at ``root``; returns what the bare script draws."""
    from xcert_adapters.workspace import WorkspaceConfig, create_workspace  # noqa: PLC0415
    from xcert_core.labels import CertificateLevel, Gender, IdType, ProctorRole, ReviewStatus, SubjectKind  # noqa: PLC0415
    from xcert_core.model import (  # noqa: PLC0415
        Candidate,
        ExamPlan,
        ExamRoom,
        ExamSession,
        ExamSite,
        PhotoRef,
        Proctor,
        ProctorAssignment,
        SeatAssignment,
        Subject,
    )
    from xcert_core.reference_data import SAMPLE_CERTIFICATES  # noqa: PLC0415

    certificate = SAMPLE_CERTIFICATES[1]
    plan = ExamPlan("P1", "2026年第一批数字媒体交互设计考核", 2026, certificate.issuing_organization or "ORG",
                    certificate.code, CertificateLevel.INTERMEDIATE,
                    (Subject("T", "理论考试", SubjectKind.THEORY), Subject("P", "实操考试", SubjectKind.PRACTICAL)),
                    (ExamSession("S1", "T", dt.date(2026, 6, 13), dt.time(9), dt.time(10, 30)),
                     ExamSession("S2", "P", dt.date(2026, 6, 13), dt.time(14), dt.time(16))))
    rooms = [f"信息楼{101 + r}" for r in range((count + ROOM_SEATS - 1) // ROOM_SEATS)]
    people = []
    config = WorkspaceConfig(school_code=SCHOOL, school_name="示范职业技术学院", year=2026)
    with create_workspace(root, config) as workspace:
        workspace.photos_dir.mkdir(exist_ok=True)
        with workspace.storage.transaction() as tx:
            tx.put(plan)
            tx.put(ExamSite("S18", "示范职业技术学院考核站点", SCHOOL, "ORG", (certificate.code,),
                            ReviewStatus.APPROVED, address="山西省太原市小店区示范路1号信息楼"))
            for number, room in enumerate(rooms):
                tx.put(ExamRoom("P1", "S18", room, seats=ROOM_SEATS))
                tx.put(Proctor(SCHOOL, f"T{number}", f"监考{GIVEN[number % len(GIVEN)]}", phone="13900000000"))
                for session in ("S1", "S2"):
                    tx.put(ProctorAssignment("P1", session, "S18", SCHOOL, f"T{number}", ProctorRole.PROCTOR, room))
            for n in range(count):
                photo = workspace.photos_dir / f"{ident(n)}.jpg"
                write_photo(photo, n)
                name = SURNAMES[n % len(SURNAMES)] + GIVEN[n // len(SURNAMES) % len(GIVEN)]
                tx.put(Candidate(SCHOOL, name, "Zhang San", Gender.MALE, IdType.RESIDENT_ID, ident(n), "13800000000",
                                 photo=PhotoRef(f"photos/{ident(n)}.jpg")))
                room, seat, ticket = rooms[n // ROOM_SEATS], n % ROOM_SEATS + 1, f"26061300{n:05d}"
                for session in ("S1", "S2"):
                    tx.put(SeatAssignment("P1", session, ident(n), "S18", room, seat, ticket))
                people.append({"name": name, "id": ident(n), "ticket": ticket, "room": room, "seat": seat,
                               "photo": str(photo)})
    return {"people": people, "rooms": rooms, "plan": plan.name, "site": "示范职业技术学院考核站点"}


def bare(data_file: str, out: str, font_path: str, font_index: int, encoder: str = "segno") -> None:
    """The fair bare script (see the module docstring): the pack drawn once, one file per kind, the QR codes
    encoded by ``encoder`` (a key of :data:`ENCODERS`)."""
    from reportlab import rl_config  # noqa: PLC0415
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415
    from reportlab.pdfbase.ttfonts import TTFont  # noqa: PLC0415

    data = json.loads(Path(data_file).read_text("utf-8"))
    rl_config.useA85 = 0
    pdfmetrics.registerFont(TTFont("F", font_path, subfontIndex=font_index))
    _bare_tickets(data, out, encoder)
    _bare_desks(data, out)
    _bare_sheets(data, out)
    _bare_doors(data, out)


def segno_matrix(value: str) -> Any:
    """The QR matrix as issue 21's bare script makes it: segno (pure Python), level M."""
    import segno  # noqa: PLC0415

    return segno.make_qr(value, error="m").matrix


def zxing_matrix(value: str) -> Any:
    """The QR matrix as xcert makes it: zxing-cpp (C++), level M, one byte per module."""
    import zxingcpp  # noqa: PLC0415

    view = memoryview(zxingcpp.create_barcode(value, zxingcpp.BarcodeFormat.QRCode, ec_level="M").to_image(
        scale=1, add_quiet_zones=False))
    modules = view.tobytes().translate(bytes([1] + [0] * 255))
    return [modules[row * view.shape[1] : (row + 1) * view.shape[1]] for row in range(view.shape[0])]


ENCODERS = {"segno": segno_matrix, "zxing-cpp": zxing_matrix}


def _bare_tickets(data: dict[str, Any], out: str, encoder: str) -> None:
    from reportlab.lib.pagesizes import A4  # noqa: PLC0415
    from reportlab.pdfgen.canvas import Canvas  # noqa: PLC0415

    width = A4[0]
    matrix_of = ENCODERS[encoder]

    def qr(canvas: Canvas, value: str, x: float, y: float, size: float) -> None:
        matrix = matrix_of(value)
        count = len(matrix) + 4
        canvas.saveState()
        canvas.translate(x, y)
        canvas.scale(size / count, size / count)
        path = canvas.beginPath()
        for row, modules in enumerate(matrix):
            for column, dark in enumerate(modules):
                if dark:
                    path.rect(column + 2, count - 3 - row, 1, 1)
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.restoreState()

    tickets = Canvas(f"{out}/准考证.pdf", pagesize=A4, pageCompression=1)
    for p in data["people"]:
        tickets.setFont("F", 22)
        tickets.drawCentredString(width / 2, 770, "数字媒体交互设计职业技能等级证书（中级）准考证")
        tickets.setFont("F", 11)
        tickets.drawCentredString(width / 2, 748, data["plan"])
        y = 700.0
        tickets.setFont("F", 12.5)
        for label, value in (("姓名", p["name"]), ("性别", "男"), ("证件号码", p["id"]), ("准考证号", p["ticket"]),
                             ("考点名称", data["site"]), ("考点地址", "山西省太原市小店区示范路1号信息楼"),
                             ("考场", p["room"]), ("座位号", str(p["seat"]))):
            tickets.drawString(48, y, f"{label}：{value}")
            y -= 23
        for subject in ("理论考试 理论 2026年6月13日 09:00–10:30", "实操考试 实操 2026年6月13日 14:00–16:00"):
            tickets.rect(48, y - 6, 500, 21)
            tickets.drawString(52, y, f"{subject} {p['room']} {p['seat']}")
            y -= 21
        tickets.setFont("F", 11)
        for rule in RULES:
            tickets.drawString(48, y, rule)
            y -= 16
        tickets.drawImage(p["photo"], 462, 606, 85, 118, preserveAspectRatio=True)
        qr(tickets, p["ticket"], 465, 520, 80)
        tickets.showPage()
    tickets.save()


def _bare_desks(data: dict[str, Any], out: str) -> None:
    from reportlab.lib.pagesizes import A4  # noqa: PLC0415
    from reportlab.pdfgen.canvas import Canvas  # noqa: PLC0415

    people, height = data["people"], A4[1]
    desks = Canvas(f"{out}/桌贴.pdf", pagesize=A4, pageCompression=1)
    for start in range(0, len(people), 8):
        for k, p in enumerate(people[start:start + 8]):
            x, y = 30 + (k % 2) * 270, height - 40 - (k // 2 + 1) * 190
            desks.rect(x, y, 260, 180)
            desks.setFont("F", 28)
            desks.drawString(x + 12, y + 140, f"{p['seat']:02d}")
            desks.setFont("F", 14)
            desks.drawString(x + 12, y + 110, p["name"])
            desks.setFont("F", 11)
            desks.drawString(x + 12, y + 88, f"准考证号 {p['ticket']}")
            desks.drawString(x + 12, y + 70, f"证件号码 {p['id'][:3]}***********{p['id'][-4:]}")
            desks.drawString(x + 12, y + 52, p["room"])
            desks.drawImage(p["photo"], x + 180, y + 80, 66, 92, preserveAspectRatio=True)
        desks.showPage()
    desks.save()


def _bare_sheets(data: dict[str, Any], out: str) -> None:
    from reportlab.lib.pagesizes import A4  # noqa: PLC0415
    from reportlab.pdfgen.canvas import Canvas  # noqa: PLC0415

    width, height = A4
    people, rooms = data["people"], data["rooms"]
    sheets = Canvas(f"{out}/签到表.pdf", pagesize=A4, pageCompression=1)
    for room in rooms:
        members = [p for p in people if p["room"] == room]
        for session in ("理论考试 09:00–10:30", "实操考试 14:00–16:00"):
            for start in range(0, len(members), 10):
                sheets.setFont("F", 20)
                sheets.drawCentredString(width / 2, height - 60, "考 生 签 到 表")
                sheets.setFont("F", 10.5)
                sheets.drawString(40, height - 90, f"考点：{data['site']}　考场：{room}　科目：{session}")
                y = height - 130
                for p in members[start:start + 10]:
                    sheets.rect(40, y - 60, 515, 64)
                    sheets.drawString(48, y - 30, f"{p['seat']}")
                    sheets.drawImage(p["photo"], 80, y - 58, 42, 60, preserveAspectRatio=True)
                    sheets.drawString(140, y - 30, f"{p['name']}  {p['id']}  {p['ticket']}")
                    y -= 64
                sheets.drawCentredString(width / 2, 30, f"第 {start // 10 + 1} 页")
                sheets.showPage()
    sheets.save()


def _bare_doors(data: dict[str, Any], out: str) -> None:
    from reportlab.lib.pagesizes import A4, landscape  # noqa: PLC0415
    from reportlab.pdfgen.canvas import Canvas  # noqa: PLC0415

    people, rooms = data["people"], data["rooms"]
    doors = Canvas(f"{out}/门贴.pdf", pagesize=landscape(A4), pageCompression=1)
    for room in rooms:
        members = [p for p in people if p["room"] == room]
        for session in ("理论考试 2026年6月13日 09:00–10:30", "实操考试 2026年6月13日 14:00–16:00"):
            doors.setFont("F", 60)
            doors.drawCentredString(421, 460, room)
            doors.setFont("F", 18)
            doors.drawCentredString(421, 400, data["site"])
            doors.drawCentredString(421, 370, session)
            doors.drawCentredString(421, 330, f"准考证号 {members[0]['ticket']} – {members[-1]['ticket']}")
            doors.drawCentredString(421, 300, f"座位 1 – {len(members)}　本场考生 {len(members)} 人")
            doors.showPage()
    doors.save()


def measured(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak resident MB of ``command`` run to the end (its own ``wait4`` figures)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    error = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    if process.returncode not in (0, 1):
        raise RuntimeError(f"{command[:3]} failed: {error.decode()[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024


def run() -> list[str]:
    from xcert_adapters.rendering.fonts import find_font  # noqa: PLC0415

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        font = find_font()
    if not font.embedded or font.path is None:
        return ["no CJK TrueType font on this machine (install fonts-wqy-zenhei): the comparison needs one"]
    lines = [f"font {Path(font.path).name}#{font.subfont_index}, {os.cpu_count()} cores"]
    xcert = str(Path(sys.executable).with_name("xcert"))
    for count in SIZES:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "ws"
            data = build(root, count)
            data_file = Path(tmp) / "data.json"
            data_file.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
            (Path(tmp) / "bare").mkdir()
            env = {**os.environ, "XCERT_FONT": f"{font.path}#{font.subfont_index}"}
            bare_s, bare_mb = measured([sys.executable, __file__, "--bare", str(data_file), f"{tmp}/bare", font.path,
                                        str(font.subfont_index), "segno"], env)
            same_s, _ = measured([sys.executable, __file__, "--bare", str(data_file), f"{tmp}/bare", font.path,
                                  str(font.subfont_index), "zxing-cpp"], env)
            command = [xcert, "--workspace", str(root), "documents", "--plan", "P1", "--force"]
            one_s, one_mb = measured(command, {**env, "XCERT_WORKERS": "1"})
            two_s, two_mb = measured(command, {**env, "XCERT_WORKERS": "2"})
            manifest = json.loads((root / "output" / "P1" / "manifest.json").read_text("utf-8"))
            pages = sum(e["pages"] or 0 for e in manifest["files"] if e["room"] is not None)
            lines.append(f"{count} candidates, {len(data['rooms'])} rooms, {pages} pages drawn: "  # type: ignore[arg-type]
                         f"bare script {bare_s:.1f} s ({bare_mb:.0f} MB); xcert documents, one worker "
                         f"{one_s:.1f} s ({one_mb:.0f} MB, {pages / one_s:.0f} pages/s), ratio {one_s / bare_s:.2f}x; "
                         f"two workers {two_s:.1f} s ({two_mb:.0f} MB in the main process), ratio "
                         f"{two_s / bare_s:.2f}x, {one_s / two_s:.2f}x faster than one (goals: <= 1.5x, >= 1.6x)")
            lines.append(f"{count} candidates, the bare script with xcert's QR encoder (zxing-cpp) {same_s:.1f} s: "
                         f"one worker {one_s / same_s:.2f}x, two workers {two_s / same_s:.2f}x")
    return lines


if __name__ == "__main__":
    if sys.argv[1:2] == ["--bare"]:
        bare(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6])
    else:
        sys.path.insert(0, str(Path(__file__).parent))
        print("\n".join(run()))
