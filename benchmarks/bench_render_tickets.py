"""准考证 PDF: the renderer against a bare reportlab canvas script drawing the same text, photos and QR codes.

``COUNT`` tickets (10,000 by default; set ``XCERT_BENCH_TICKETS`` to run fewer on a slow machine), each with its
own generated JPEG photo, one per A4 page. Both runs use the same embedded TrueType font (or the STSong-Light
fallback when none is found) and raw (not ASCII85) streams. Peak memory is measured in child processes
(tracemalloc during rendering, and the process's peak RSS) for ``MEMORY_COUNTS`` tickets, to show how it
grows with the number of pages. About 22 ms per ticket for both on a 2-core machine (the QR code dominates), so
the default run takes roughly 15 minutes; ``XCERT_BENCH_TICKETS=2000`` gives the ratio in three.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import tracemalloc
import warnings
from pathlib import Path

from sample_data import timed

COUNT = int(os.environ.get("XCERT_BENCH_TICKETS", "10000"))
MEMORY_COUNTS = (COUNT // 5, COUNT)


def make_photos(folder: Path, count: int) -> list[Path]:
    """``count`` distinct 295 × 413 JPEGs (about 6 KB each)."""
    from PIL import Image, ImageDraw  # noqa: PLC0415

    paths = []
    for number in range(count):
        path = folder / f"{number:05d}.jpg"
        if not path.exists():
            image = Image.new("RGB", (295, 413), (200, 40, 40))
            draw = ImageDraw.Draw(image)
            draw.ellipse((92, 70, 203, 200), fill=(number % 200, 90, 120))
            draw.rectangle((55, 230, 240, 413), fill=(30, 30, 60))
            draw.text((10, 10), str(number), fill=(255, 255, 255))
            image.save(path, "JPEG", quality=80)
        paths.append(path)
    return paths


def tickets(photos: list[Path]) -> list[object]:
    from xcert_core.labels import CertificateLevel, Gender, SubjectKind  # noqa: PLC0415
    from xcert_core.model import AdmissionTicket, PhotoRef, SubjectTime  # noqa: PLC0415

    subjects = (
        SubjectTime("Web前端开发理论", SubjectKind.THEORY, dt.date(2025, 6, 14), dt.time(9), dt.time(10, 30)),
        SubjectTime("Web前端开发实操", SubjectKind.PRACTICAL, dt.date(2025, 6, 14), dt.time(13, 30), dt.time(16)),
    )
    rules = ("考生凭本准考证和有效身份证件于开考前30分钟进入考场，对号入座。", "开考15分钟后不得入场。",
             "严禁携带手机等电子设备进入考场。")
    return [AdmissionTicket(
        plan_name="2025年上半年Web前端开发职业技能等级证书考核", certificate_name="Web前端开发",
        level=CertificateLevel.INTERMEDIATE, candidate_name="张三丰", gender=Gender.MALE,
        id_number=f"{110101200000000000 + n}", ticket_number=f"2025061401{n:05d}",
        site_name="山西信息职业技术学院考核站点", site_address="山西省太原市小店区学府街128号",
        room_name=f"信息楼{301 + n // 30}", seat=n % 30 + 1,
        subjects=subjects, rules=rules, photo=PhotoRef(str(path))) for n, path in enumerate(photos)]


def bare_reportlab(documents: list[object], path: Path, font_name: str) -> None:
    """What a hand-written script would do: the same strings at fixed places, the photo, the QR code."""
    from reportlab import rl_config  # noqa: PLC0415
    from reportlab.graphics import renderPDF  # noqa: PLC0415
    from reportlab.graphics.barcode.qr import QrCodeWidget  # noqa: PLC0415
    from reportlab.graphics.shapes import Drawing  # noqa: PLC0415
    from reportlab.lib.pagesizes import A4  # noqa: PLC0415
    from reportlab.pdfgen.canvas import Canvas  # noqa: PLC0415

    rl_config.useA85 = 0
    canvas = Canvas(str(path), pagesize=A4, pageCompression=1)
    for t in documents:
        canvas.setFont(font_name, 22)
        canvas.drawCentredString(297, 770, t.title)  # type: ignore[attr-defined]
        canvas.setFont(font_name, 11)
        canvas.drawCentredString(297, 750, t.plan_name)  # type: ignore[attr-defined]
        y = 700.0
        for label, value in (("姓名", t.candidate_name), ("性别", t.gender.label), ("证件号码", t.id_number),  # type: ignore[attr-defined]
                             ("准考证号", t.ticket_number), ("考点名称", t.site_name),  # type: ignore[attr-defined]
                             ("考点地址", t.site_address), ("考场", t.room_name), ("座位号", str(t.seat))):  # type: ignore[attr-defined]
            canvas.drawString(48, y, f"{label}：{value}")
            y -= 23
        for s in t.subjects:  # type: ignore[attr-defined]
            canvas.drawString(48, y, f"{s.subject_name} {s.kind.label} {s.date} {s.start:%H:%M}–{s.end:%H:%M}")
            canvas.rect(48, y - 6, 500, 21)
            y -= 21
        for rule in t.rules:  # type: ignore[attr-defined]
            canvas.drawString(48, y, rule)
            y -= 16
        canvas.drawImage(t.photo.location, 462, 606, 85, 118, preserveAspectRatio=True)  # type: ignore[attr-defined]
        widget = QrCodeWidget(t.ticket_number, barBorder=2)  # type: ignore[attr-defined]
        left, bottom, right, top = widget.getBounds()
        drawing = Drawing(80, 80, transform=[80 / (right - left), 0, 0, 80 / (top - bottom), 0, 0])
        drawing.add(widget)
        renderPDF.draw(drawing, canvas, 465, 520)
        canvas.showPage()
    canvas.save()
    rl_config.useA85 = 1


def peak_rss_mb() -> float:
    """This process's peak resident memory. ``VmHWM`` where Linux has it: ``ru_maxrss`` survives fork and exec,
    so a child started by a parent that held 400 MB would report the parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(count: int, folder: str) -> None:
    """In a fresh process: render ``count`` tickets and print the peak resident memory in MB."""
    from xcert_adapters.rendering.renderer import PdfRenderer  # noqa: PLC0415

    documents = tickets(make_photos(Path(folder), count))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        renderer = PdfRenderer()
    out = Path(folder) / f"child-{count}.pdf"
    tracemalloc.start()
    renderer.render(documents, out)  # type: ignore[arg-type]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = peak_rss_mb()
    print(f"{peak / 1e6:.0f} {rss:.0f} {out.stat().st_size / 1e6:.0f}")


def run() -> list[str]:
    from xcert_adapters.rendering.renderer import PdfRenderer  # noqa: PLC0415

    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        documents = tickets(make_photos(folder, COUNT))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            renderer = PdfRenderer()
        bare = timed(lambda: bare_reportlab(documents, folder / "bare.pdf", renderer.font.name))
        ours = timed(lambda: renderer.render(documents, folder / "ours.pdf"))  # type: ignore[arg-type]
        size_bare = (folder / "bare.pdf").stat().st_size / 1e6
        size_ours = (folder / "ours.pdf").stat().st_size / 1e6
        lines.append(f"{COUNT} tickets, font {renderer.font.name} (embedded: {renderer.font.embedded})")
        lines.append(f"bare reportlab {bare:.1f} s ({size_bare:.0f} MB), renderer {ours:.1f} s ({size_ours:.0f} MB): "
                     f"ratio {ours / bare:.2f}x (goal <= 1.3x)")
        for count in MEMORY_COUNTS:
            result = subprocess.run([sys.executable, __file__, "--child", str(count), tmp], capture_output=True,
                                    text=True, check=True, env={**os.environ, "PYTHONPATH": str(Path(__file__).parent)})
            traced, rss, size = result.stdout.split()
            lines.append(f"{count} tickets: peak Python memory while rendering {traced} MB (tracemalloc), "
                         f"process peak RSS {rss} MB, PDF {size} MB")
    return lines


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(int(sys.argv[2]), sys.argv[3])
    else:
        sys.path.insert(0, str(Path(__file__).parent))
        print("\n".join(run()))
