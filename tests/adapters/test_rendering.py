"""The PDF renderer of the printed pack: page counts, text, photos passed through and embedded once, missing
glyphs reported, a page compared with a stored reference image, and the plug-in registration.

Every rendering test runs twice: with the CJK TrueType font found on the system (skipped when there is none)
and with reportlab's built-in STSong-Light fallback, which needs nothing installed."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import attrs
import pikepdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageDraw
from pypdf import PdfReader

from xcert_adapters.rendering.fonts import (
    FontFallbackWarning,
    PdfFont,
    cid_fallback,
    find_font,
)
from xcert_adapters.rendering.renderer import PdfRenderer
from xcert_adapters.rendering.sign_in_sheets import (
    FOOT_HEIGHT,
    HEADER_HEIGHT,
    ROW_HEIGHT,
    ROWS_PER_PAGE,
    TABLE_BOTTOM,
    TABLE_TOP,
)
from xcert_core.labels import CertificateLevel, Gender, SubjectKind
from xcert_core.model import (
    PROVISIONAL_NOTE,
    AdmissionTicket,
    DeskLabel,
    DoorLabel,
    PhotoRef,
    SignInRow,
    SignInSheet,
    SubjectTime,
)
from xcert_core.plugins import make_plugin_manager
from xcert_core.ports.rendering import Renderer
from xcert_core.registry import AdapterKind

REFERENCE = Path(__file__).parent / "reference"
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")

SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高"
GIVEN = ("子涵", "欣怡", "浩然", "梓轩", "雨桐", "宇航", "思远", "佳怡", "俊杰", "诗琪", "一诺", "明轩")
SUBJECTS = (
    SubjectTime("Web前端开发理论", SubjectKind.THEORY, dt.date(2025, 6, 14), dt.time(9, 0), dt.time(10, 30)),
    SubjectTime("Web前端开发实操", SubjectKind.PRACTICAL, dt.date(2025, 6, 14), dt.time(13, 30), dt.time(16, 0)),
)
RULES = (
    "考生凭本准考证和有效身份证件（居民身份证）于开考前30分钟进入考场，对号入座，并将两证放在桌面左上角以备核验。",
    "开考15分钟后不得入场；理论考试开考30分钟后方可交卷离场。",
    "除黑色签字笔、2B铅笔、橡皮外，严禁携带手机、智能手表等电子设备及书籍资料进入考场。",
    "考生须服从监考人员管理，遵守考场纪律；违纪、作弊者按《职业技能等级证书考核违纪处理办法》处理。",
)


# --- fonts and renderers -----------------------------------------------------------------------------------


def system_truetype() -> PdfFont | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FontFallbackWarning)
        font = find_font(env={})
    return font if font.embedded else None


@pytest.fixture(params=["truetype", "cid-fallback"])
def renderer(request: pytest.FixtureRequest) -> PdfRenderer:
    if request.param == "truetype":
        font = system_truetype()
        if font is None:
            pytest.skip("no CJK TrueType font on this machine (install fonts-wqy-zenhei); the fallback runs instead")
        return PdfRenderer(font)
    return PdfRenderer(cid_fallback())


def pdf_text(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def assert_text(renderer: PdfRenderer, pages: list[str], expected: list[str], *, page: int | None = None) -> None:
    """Every expected string is in the text (of one page, or of the whole file), whitespace ignored. pypdf reads
    Chinese back from both fonts: the TrueType subset's ToUnicode map and the fallback's UniGB-UCS2-H encoding."""
    text = "\n".join(pages) if page is None else pages[page]
    squeezed = re.sub(r"\s+", "", text)
    for item in expected:
        assert re.sub(r"\s+", "", item) in squeezed, item


# --- sample documents ----------------------------------------------------------------------------------------


def photo(tmp_path: Path, number: int, colour: tuple[int, int, int] = (200, 40, 40)) -> PhotoRef:
    """A generated 295 × 413 JPEG ID photo: a red background and a head-and-shoulders silhouette."""
    path = tmp_path / f"photo-{number}.jpg"
    if not path.exists():
        image = Image.new("RGB", (295, 413), colour)
        draw = ImageDraw.Draw(image)
        shade = 40 + (number * 37) % 150
        draw.ellipse((92, 70, 203, 200), fill=(shade, shade, shade + 30))
        draw.rectangle((55, 230, 240, 413), fill=(30, 30, 60))
        draw.text((10, 10), str(number), fill=(255, 255, 255))
        image.save(path, "JPEG", quality=85)
    return PhotoRef(str(path))


def name(number: int) -> str:
    return SURNAMES[number % len(SURNAMES)] + GIVEN[number % len(GIVEN)]


def ticket_number(number: int) -> str:
    return f"2025061401{number:04d}"


def id_number(number: int) -> str:
    return f"1401052004031{number:04d}"[:17] + "X"


def ticket(tmp_path: Path, number: int, *, candidate: str | None = None, shared_photo: bool = False) -> AdmissionTicket:
    return AdmissionTicket(
        plan_name="2025年上半年Web前端开发职业技能等级证书考核", certificate_name="Web前端开发",
        level=CertificateLevel.INTERMEDIATE, candidate_name=candidate or name(number),
        gender=Gender.FEMALE if number % 2 else Gender.MALE, id_number=id_number(number),
        ticket_number=ticket_number(number), site_name="山西信息职业技术学院考核站点",
        site_address="山西省太原市小店区学府街128号", room_name="信息楼301", seat=number,
        subjects=SUBJECTS, rules=RULES, photo=photo(tmp_path, 0 if shared_photo else number),
    )


def desk_label(tmp_path: Path, number: int) -> DeskLabel:
    return DeskLabel(room_name="信息楼301", seat=number, candidate_name=name(number),
                     ticket_number=ticket_number(number), masked_id_number="140105********" + f"{number:03d}X",
                     photo=photo(tmp_path, number))


def door_label(count: int = 30) -> DoorLabel:
    return DoorLabel(room_name="信息楼301", site_name="山西信息职业技术学院考核站点",
                     plan_name="2025年上半年Web前端开发职业技能等级证书考核", certificate_name="Web前端开发",
                     level=CertificateLevel.INTERMEDIATE, session=SUBJECTS[0], seats=tuple(range(1, count + 1)),
                     ticket_numbers=tuple(ticket_number(n) for n in range(1, count + 1)), tickets_contiguous=True,
                     room_seats=max(30, count))


def sign_in_sheet(tmp_path: Path, rows: int, room: str = "信息楼301") -> SignInSheet:
    return SignInSheet(
        site_name="山西信息职业技术学院考核站点", room_name=room, subject_name="Web前端开发理论",
        date=dt.date(2025, 6, 14), start=dt.time(9, 0), end=dt.time(10, 30), proctor_names=("郭建国", "刘芳"),
        rows=tuple(SignInRow(seat=n, candidate_name=name(n), id_number=id_number(n), ticket_number=ticket_number(n),
                             photo=photo(tmp_path, n % 5)) for n in range(1, rows + 1)),
    )


# --- the four kinds ---------------------------------------------------------------------------------------------


def test_tickets_one_per_page(renderer: PdfRenderer, tmp_path: Path) -> None:
    tickets = [ticket(tmp_path, n) for n in range(1, 4)]
    path = tmp_path / "准考证.pdf"
    report = renderer.render(tickets, path)
    assert report == set()
    assert report.pages == 3
    pages = pdf_text(path)
    assert len(pages) == 3
    for number, item in enumerate(tickets):
        assert_text(renderer, pages, [item.title, item.candidate_name, item.ticket_number, item.id_number,
                                      item.site_name, "信息楼301", "Web前端开发实操", "13:30", "考生须知"],
                    page=number)


def test_tickets_two_per_page(renderer: PdfRenderer, tmp_path: Path) -> None:
    tickets = [ticket(tmp_path, n) for n in range(1, 8)]
    path = tmp_path / "准考证.pdf"
    renderer.tickets_per_page = 2
    report = renderer.render(tickets, path)
    assert report.pages == 4
    pages = pdf_text(path)
    assert len(pages) == 4
    assert_text(renderer, pages, [tickets[4].candidate_name, tickets[4].ticket_number, tickets[5].ticket_number],
                page=2)
    assert_text(renderer, pages, [tickets[6].ticket_number], page=3)


def test_desk_labels_eight_per_page(renderer: PdfRenderer, tmp_path: Path) -> None:
    labels = [desk_label(tmp_path, n) for n in range(1, 10)]
    path = tmp_path / "桌贴.pdf"
    assert renderer.render(labels, path).pages == 2
    pages = pdf_text(path)
    assert len(pages) == 2
    assert_text(renderer, pages, [*(label.ticket_number for label in labels[:8]), "01", "08", name(3),
                                  "140105********003X"], page=0)
    assert_text(renderer, pages, [labels[8].ticket_number, "09", labels[8].candidate_name], page=1)


def test_door_label_landscape(renderer: PdfRenderer, tmp_path: Path) -> None:
    path = tmp_path / "门贴.pdf"
    assert renderer.render([door_label(30), door_label(12)], path).pages == 2
    reader = PdfReader(path)
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    assert_text(renderer, pdf_text(path), ["信息楼301", "Web前端开发（中级）", "1 – 30", ticket_number(1),
                                           ticket_number(30), "30 人", "09:00–10:30"], page=0)


def test_sign_in_sheet_flows_over_pages_with_header_and_numbers(renderer: PdfRenderer, tmp_path: Path) -> None:
    path = tmp_path / "签到表.pdf"
    report = renderer.render([sign_in_sheet(tmp_path, 70)], path)
    pages = pdf_text(path)
    assert report.pages == len(pages) == 3
    for number in range(1, 4):
        assert_text(renderer, pages, ["考生签到表", "信息楼301", "Web前端开发理论", "郭建国", "座位号", "准考证号",
                                      "签名", f"第 {number} 页 / 共 3 页"], page=number - 1)
    assert_text(renderer, pages, ["应考 70 人", "实考", "缺考", "监考员签名"], page=2)
    assert_text(renderer, pages, [ticket_number(n) for n in range(1, 71)])
    assert_text(renderer, pages, [name(1), id_number(70)])


def test_sign_in_sheets_number_their_pages_per_room(renderer: PdfRenderer, tmp_path: Path) -> None:
    path = tmp_path / "签到表.pdf"
    report = renderer.render([sign_in_sheet(tmp_path, 40, "信息楼301"), sign_in_sheet(tmp_path, 5, "信息楼302")], path)
    pages = pdf_text(path)
    assert report.pages == len(pages) == 3
    assert_text(renderer, pages, ["信息楼301", "第 2 页 / 共 2 页", "应考 40 人"], page=1)
    assert_text(renderer, pages, ["信息楼302", "第 1 页 / 共 1 页", "应考 5 人"], page=2)


def test_renderer_refuses_mixed_or_empty_input(tmp_path: Path) -> None:
    renderer = PdfRenderer(cid_fallback())
    with pytest.raises(TypeError):
        renderer.render([door_label(), desk_label(tmp_path, 1)], tmp_path / "x.pdf")
    with pytest.raises(ValueError, match="nothing"):
        renderer.render([], tmp_path / "x.pdf")


def test_missing_photo_file_is_an_error(tmp_path: Path) -> None:
    label = DeskLabel("信息楼301", 1, "王子涵", ticket_number(1), "140105********001X",
                      PhotoRef(str(tmp_path / "gone.jpg")))
    with pytest.raises(FileNotFoundError, match="照片"):
        PdfRenderer(cid_fallback()).render([label], tmp_path / "x.pdf")


# --- photos -------------------------------------------------------------------------------------------------------


def image_xobjects(path: Path) -> int:
    """The image objects of a PDF, each counted once however many pages show it."""
    return sum(1 for obj in _objects(path) if obj.get("/Subtype") == "/Image")


def _objects(path: Path) -> list[dict[str, str]]:
    """The ``/Type``, ``/Subtype`` and ``/BaseFont`` of every indirect dictionary or stream of a PDF (read with
    qpdf: every object the cross-reference lists), as text."""
    with pikepdf.open(path) as pdf:
        return [{key: str(obj.get(key)) for key in ("/Type", "/Subtype", "/BaseFont") if key in obj}
                for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream)]


def test_photos_pass_through_and_are_embedded_once(renderer: PdfRenderer, tmp_path: Path) -> None:
    tickets = [ticket(tmp_path, n, shared_photo=True) for n in range(1, 6)] + [ticket(tmp_path, 6)]
    path = tmp_path / "准考证.pdf"
    renderer.render(tickets, path)
    data = path.read_bytes()
    shared = (tmp_path / "photo-0.jpg").read_bytes()
    own = (tmp_path / "photo-6.jpg").read_bytes()
    assert data.count(shared) == 1  # unchanged JPEG bytes, once for five tickets
    assert data.count(own) == 1
    assert image_xobjects(path) == 2


def test_same_photo_content_at_two_locations_is_embedded_once(tmp_path: Path) -> None:
    first = photo(tmp_path, 1)
    copy = tmp_path / "copy.jpg"
    shutil.copy(first.location, copy)
    labels = [DeskLabel("信息楼301", n, name(n), ticket_number(n), "140105********001X",
                        PhotoRef(location, sha256="same")) for n, location in ((1, first.location), (2, str(copy)))]
    path = tmp_path / "桌贴.pdf"
    PdfRenderer(cid_fallback()).render(labels, path)
    assert path.read_bytes().count(Path(first.location).read_bytes()) == 1


# --- fonts and missing glyphs ---------------------------------------------------------------------------------


def test_missing_glyphs_are_reported_with_the_truetype_font(tmp_path: Path) -> None:
    if not WQY.is_file():
        pytest.skip(f"WenQuanYi Zen Hei not installed ({WQY}); the glyph coverage asserted here is that font's")
    renderer = PdfRenderer(str(WQY))
    assert renderer.font_embedded
    report = renderer.render([ticket(tmp_path, 1, candidate="王𠇔"), ticket(tmp_path, 2, candidate="刘䶮")],
                             tmp_path / "准考证.pdf")
    assert set(report) == {"𠇔"}  # WenQuanYi has CJK extension A (䶮) but not extension B (𠇔)
    assert report.font_embedded


def test_missing_glyphs_are_reported_with_the_cid_fallback(tmp_path: Path) -> None:
    renderer = PdfRenderer(cid_fallback())
    label = DeskLabel("信息楼301", 1, "王𠇔䶮", ticket_number(1), "140105********001X")
    report = renderer.render([label], tmp_path / "桌贴.pdf")
    assert set(report) == {"𠇔", "䶮"}  # beyond GBK: reported (see fonts.py for the approximation)
    assert not report.font_embedded
    assert "王〓䶮" in PdfReader(tmp_path / "桌贴.pdf").pages[0].extract_text()  # not two wrong characters


def test_missing_glyphs_in_a_sign_in_sheet_are_reported(renderer: PdfRenderer, tmp_path: Path) -> None:
    sheet = sign_in_sheet(tmp_path, 3)
    odd = SignInSheet(sheet.site_name, sheet.room_name, sheet.subject_name, sheet.date, sheet.start, sheet.end,
                      ("郭建国",), (SignInRow(1, "王𠇔", id_number(1), ticket_number(1)),))
    assert "𠇔" in renderer.render([odd], tmp_path / "签到表.pdf")


def test_no_truetype_font_falls_back_with_a_warning() -> None:
    with pytest.warns(FontFallbackWarning, match="NOT embedded"):
        font = find_font(env={}, candidates=())
    assert not font.embedded
    assert font.name == "STSong-Light"


def test_configured_font_wins_and_must_exist(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        find_font(env={"XCERT_FONT": str(tmp_path / "none.ttf")})
    if not WQY.is_file():
        pytest.skip(f"WenQuanYi Zen Hei not installed ({WQY})")
    font = find_font(env={"XCERT_FONT": f"{WQY}#0"}, candidates=())
    assert font.embedded
    assert font.path == str(WQY)


def test_truetype_font_is_embedded_as_a_subset(tmp_path: Path) -> None:
    font = system_truetype()
    if font is None:
        pytest.skip("no CJK TrueType font on this machine (install fonts-wqy-zenhei)")
    path = tmp_path / "门贴.pdf"
    PdfRenderer(font).render([door_label()], path)
    fonts = {str(obj.get("/BaseFont")) for obj in _objects(path) if obj.get("/Type") == "/Font"}
    assert any(re.match(r"/[A-Z]{6}\+", name) for name in fonts), fonts  # subset tag, e.g. /AAAAAA+XcertCJK-…
    assert path.stat().st_size < 200_000  # a subset, not the 17 MB font


# --- reference image ----------------------------------------------------------------------------------------------


def render_png(pdf: Path, page: int) -> Image.Image:
    out = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                    str(out)], check=True)
    return Image.open(out.with_suffix(".png")).convert("L")


def mean_difference(first: Image.Image, second: Image.Image) -> float:
    assert first.size == second.size
    difference = ImageChops.difference(first, second)
    return sum(count * level for level, count in enumerate(difference.histogram())) / (first.width * first.height)


@pytest.mark.parametrize("kind", ["ticket", "sign-in-sheet"])
def test_page_matches_the_reference_image(kind: str, tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    if not WQY.is_file():
        pytest.skip(f"the reference images are set in WenQuanYi Zen Hei ({WQY}), which is not installed")
    renderer = PdfRenderer(str(WQY), tickets_per_page=2)
    path = tmp_path / f"{kind}.pdf"
    if kind == "ticket":
        renderer.render([ticket(tmp_path, 1), ticket(tmp_path, 2)], path)
    else:
        renderer.render([sign_in_sheet(tmp_path, 12)], path)
    image = render_png(path, 1)
    reference = REFERENCE / f"{kind}.png"
    if os.environ.get("XCERT_WRITE_REFERENCE"):  # regenerate after an intended layout change, then LOOK at it
        reference.parent.mkdir(exist_ok=True)
        image.save(reference)
    assert mean_difference(image, Image.open(reference).convert("L")) < 2.0  # of 255: anti-aliasing, not layout


# --- registration -----------------------------------------------------------------------------------------------


def test_renderer_is_a_registered_plugin_satisfying_the_protocol() -> None:
    plugins = make_plugin_manager(env={})
    entry = plugins.registry.entry(AdapterKind.RENDERER, "pdf")
    assert entry.plugin == "pdf-renderer"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FontFallbackWarning)
        renderer = plugins.create(AdapterKind.RENDERER, "pdf")
    assert isinstance(renderer, Renderer)
    assert renderer.suffixes == (".pdf",)


def test_registering_the_plugin_loads_no_reportlab() -> None:
    code = ("import sys, xcert_adapters.rendering.plugin\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'reportlab'))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_jpeg_bytes_are_not_reencoded_even_after_reportlab_defaults_change(tmp_path: Path) -> None:
    from reportlab import rl_config  # noqa: PLC0415

    assert rl_config.useA85 == 1  # the default is restored after rendering
    buffer = io.BytesIO()
    Image.new("RGB", (30, 40), (255, 0, 0)).save(buffer, "JPEG")
    (tmp_path / "small.jpg").write_bytes(buffer.getvalue())
    label = DeskLabel("信息楼301", 1, "王子涵", ticket_number(1), "x", PhotoRef(str(tmp_path / "small.jpg")))
    path = tmp_path / "桌贴.pdf"
    PdfRenderer(cid_fallback()).render([label], path)
    assert buffer.getvalue() in path.read_bytes()
    assert rl_config.useA85 == 1


def test_door_label_lists_tickets_that_are_not_one_stretch(renderer: PdfRenderer, tmp_path: Path) -> None:
    """A range is printed only when the label says the tickets are one unbroken stretch; otherwise the numbers
    themselves, and beyond TICKETS_LISTED the first, the last and the count; free seats show as runs."""
    scattered = attrs.evolve(door_label(5), seats=(1, 2, 3, 7, 9),
                             ticket_numbers=tuple(ticket_number(n) for n in (1, 4, 6, 8, 10)),
                             tickets_contiguous=False, provisional=True)
    many = attrs.evolve(door_label(45), ticket_numbers=tuple(ticket_number(2 * n) for n in range(1, 46)),
                        tickets_contiguous=False, room_seats=50)
    path = tmp_path / "门贴.pdf"
    renderer.render([scattered, many], path)
    pages = pdf_text(path)
    assert_text(renderer, pages, ["1 – 3、7、9", *(ticket_number(n) for n in (1, 4, 6, 8, 10)), "5 人（考位 30 个）",
                                  PROVISIONAL_NOTE], page=0)
    assert "–" + ticket_number(10) not in re.sub(r"\s+", "", pages[0])
    assert_text(renderer, pages, [f"{ticket_number(2)} 至 {ticket_number(90)} 之间的 45 个", "1 – 45"], page=1)
    assert PROVISIONAL_NOTE not in pages[1]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.integers(0, 80))
def test_sign_in_sheet_pages_hold_every_row_once_and_the_foot_on_the_last(tmp_path: Path, rows: int) -> None:
    """Whatever the number of rows: at most :data:`ROWS_PER_PAGE` rows a page, each row once and in seat order,
    the heading on every page and the column header on every page with rows, 应考/签名 only at the foot of the
    last page, and the
    foot never below the table's bottom margin (a sheet whose last page is full gets a page for the foot)."""
    path = tmp_path / f"sheet-{rows}.pdf"
    report = PdfRenderer(cid_fallback()).render([sign_in_sheet(tmp_path, rows)], path)
    pages = pdf_text(path)
    expected = max(1, -(-rows // ROWS_PER_PAGE))
    assert report.pages == len(pages) in (expected, expected + 1)
    seen = [n for page in pages for n in range(1, rows + 1) if ticket_number(n) in page]
    assert seen == list(range(1, rows + 1))
    for number, page in enumerate(pages, start=1):
        rows_here = sum(ticket_number(n) in page for n in range(1, rows + 1))
        assert "考生签到表" in page.replace(" ", "") and ("座位号" in page or rows_here == 0 < number - 1)
        assert f"第 {number} 页 / 共 {len(pages)} 页" in page
        assert ("监考员签名" in page) is (number == len(pages))
        assert rows_here <= ROWS_PER_PAGE
    last_rows = sum(ticket_number(n) in pages[-1] for n in range(1, rows + 1))
    room_below = TABLE_TOP - HEADER_HEIGHT - last_rows * ROW_HEIGHT - TABLE_BOTTOM
    assert room_below >= FOOT_HEIGHT  # the foot fits on its page
    if len(pages) == expected + 1:  # a page of its own only when it could not follow the last row
        assert last_rows == 0


def test_a_font_subset_is_built_once_and_is_what_reportlab_builds() -> None:
    from reportlab.pdfbase.pdfmetrics import getFont  # noqa: PLC0415
    from reportlab.pdfbase.ttfonts import TTFontFile  # noqa: PLC0415

    font = system_truetype()
    if font is None:
        pytest.skip("no CJK TrueType font on this machine")
    face = getFont(font.name).face
    codes = [ord(ch) for ch in "信息楼301考场"]
    first = face.makeSubset(codes)
    assert face.makeSubset(list(codes)) is first  # the second file with these characters reuses the bytes
    assert first == TTFontFile.makeSubset(face, codes)  # and they are the bytes reportlab builds
    assert face.makeSubset([ord(ch) for ch in "实训楼201"]) != first


_LINES = st.lists(st.tuples(
    st.text(alphabet=st.sampled_from("考生须知准考证号（）()\\ 1Aa：。，〓"), min_size=0, max_size=12),
    st.sampled_from([7.0, 9.5, 12.5, 22.0]), st.sampled_from(["left", "center", "right"]), st.booleans(),
    st.floats(min_value=0, max_value=500, allow_nan=False)), min_size=1, max_size=8)


@settings(max_examples=40, deadline=None)
@given(lines=_LINES)
def test_pen_text_writes_what_reportlab_draw_string_writes(lines: list[tuple[str, float, str, bool, float]]) -> None:
    """The pen's own text objects in the TrueType font show what reportlab's ``drawString``,
    ``drawCentredString`` and ``drawRightString`` show: the same content stream once reportlab's line-advance
    operators (``TL``, ``T*``, which a one-line object never uses) are taken out, so the same glyphs of the same
    subsets at the same places."""
    from reportlab.lib.pagesizes import A4  # noqa: PLC0415
    from reportlab.pdfgen.canvas import Canvas  # noqa: PLC0415

    from xcert_adapters.rendering.drawing import GREY, Pen  # noqa: PLC0415

    font = system_truetype()
    if font is None:
        pytest.skip("no CJK TrueType font on this machine")
    ours, theirs = (Canvas(io.BytesIO(), pagesize=A4, pageCompression=0, invariant=1) for _ in range(2))
    pen = Pen(ours, font)
    for text, size, align, grey, x in lines:
        pen.text(x, 400, text, size, align=align, grey=grey)
        if not text:
            continue
        if grey:
            theirs.setFillColorRGB(*GREY)
        theirs.setFont(font.name, size)
        {"left": theirs.drawString, "center": theirs.drawCentredString, "right": theirs.drawRightString}[align](
            x, 400, text)
        if grey:
            theirs.setFillColorRGB(0, 0, 0)
    streams = []
    for canvas in (ours, theirs):
        canvas.showPage()
        page = PdfReader(io.BytesIO(canvas.getpdfdata())).pages[0]
        streams.append(re.sub(r" [0-9.]+ TL| T\*", "", page.get_contents().get_data().decode("latin-1")))
    assert streams[0] == streams[1]
    assert "Tj" in streams[0] or not any(text for text, *_ in lines)
