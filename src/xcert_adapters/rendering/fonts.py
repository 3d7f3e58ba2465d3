"""Finding the CJK font the PDFs are set in, and telling which characters it cannot draw.

Order: a path given to the renderer, else the ``XCERT_FONT`` environment variable, else the first TrueType
font found among :data:`SYSTEM_FONT_CANDIDATES`, else reportlab's built-in ``STSong-Light`` CID font, which is
not embedded (the PDF viewer substitutes a font of its own) and which triggers a :class:`FontFallbackWarning`.

A TrueType font is embedded as a subset of the glyphs used (reportlab subsets automatically). Characters are
checked against the font's cmap; for the CID fallback the check is an approximation: a character counts as
drawable when it is in the GBK repertoire (``str.encode("gbk")`` succeeds), which Adobe-GB1 and every viewer's
substitute Song font cover. Characters beyond GBK (CJK extension A such as 䶮, the supplementary planes such
as 𠇔) are reported, even though some viewers may happen to draw them.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path

from attrs import frozen
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

FONT_ENV = "XCERT_FONT"
"""Environment variable naming a TrueType font file (``.ttf``/``.ttc``; ``path.ttc#1`` picks a sub-font)."""

CID_FALLBACK = "STSong-Light"


def _windows_fonts() -> Path:
    return Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"


SYSTEM_FONT_CANDIDATES: tuple[tuple[str, int], ...] = (
    # Debian/Ubuntu fonts-wqy-zenhei, Fedora wqy-zenhei-fonts
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    # Noto CJK as TrueType collections with TrueType outlines (the CFF-based .otf/.ttc are skipped: reportlab
    # only reads glyf outlines, and refuses CFF with a TTFError, which is caught below)
    ("/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
    # Windows
    (str(_windows_fonts() / "simhei.ttf"), 0),
    (str(_windows_fonts() / "simsun.ttc"), 0),
    (str(_windows_fonts() / "msyh.ttc"), 0),
    (str(_windows_fonts() / "msyh.ttf"), 0),
    # macOS
    ("/System/Library/Fonts/STHeiti Medium.ttc", 0),
    ("/System/Library/Fonts/STHeiti Light.ttc", 0),
    ("/System/Library/Fonts/PingFang.ttc", 0),
    ("/Library/Fonts/Arial Unicode.ttf", 0),
)


class FontFallbackWarning(UserWarning):
    """No CJK TrueType font was found: the PDF uses STSong-Light, which is not embedded."""


@frozen
class PdfFont:
    """A registered reportlab font: ``name`` for ``setFont``, and whether its glyphs travel in the PDF."""

    name: str
    embedded: bool
    path: str | None = None
    subfont_index: int = 0
    codepoints: frozenset[int] | None = None
    """The font's cmap; ``None`` for the CID fallback (checked against GBK instead)."""

    def missing(self, text: str) -> set[str]:
        """The characters of ``text`` this font cannot draw (whitespace is never missing)."""
        if self.codepoints is not None:
            return {ch for ch in text if not ch.isspace() and ord(ch) not in self.codepoints}
        return {ch for ch in text if not ch.isspace() and not _in_gbk(ch)}


def _in_gbk(ch: str) -> bool:
    try:
        ch.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True


def _parse(spec: str) -> tuple[str, int]:
    """``"font.ttc#1"`` -> ("font.ttc", 1)."""
    path, sep, index = spec.rpartition("#")
    if sep and index.isdigit():
        return path, int(index)
    return spec, 0


def load_truetype(path: str | os.PathLike[str], subfont_index: int = 0) -> PdfFont:
    """Register a TrueType font (``.ttf`` or a sub-font of a ``.ttc``); TTFError if reportlab cannot use it."""
    text = str(path)
    name = "XcertCJK-" + hashlib.sha1(f"{text}#{subfont_index}".encode()).hexdigest()[:10]
    try:
        font = pdfmetrics.getFont(name)
    except KeyError:
        font = TTFont(name, text, subfontIndex=subfont_index)
        _remember_subsets(font)
        pdfmetrics.registerFont(font)
    codepoints = frozenset(font.face.charToGlyph)
    return PdfFont(name, True, text, subfont_index, codepoints)


SUBSETS_REMEMBERED = 64
"""Font subsets (the embedded bytes) kept per font: the printed pack writes a file per room and kind, and the
door labels or desk labels of many rooms use the same characters."""


def _remember_subsets(font: TTFont) -> None:
    """Make ``font`` build each subset once: reportlab's ``makeSubset`` rebuilds the glyph tables for every file
    (about 3 ms for a CJK font), and its result depends only on the characters in it."""
    build = font.face.makeSubset

    @functools.lru_cache(maxsize=SUBSETS_REMEMBERED)
    def remembered(codes: tuple[int, ...]) -> bytes:
        return build(list(codes))  # type: ignore[no-any-return]

    font.face.makeSubset = lambda subset: remembered(tuple(subset))


def cid_fallback() -> PdfFont:
    try:
        pdfmetrics.getFont(CID_FALLBACK)
    except KeyError:
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
    return PdfFont(CID_FALLBACK, False)


def find_font(configured: str | os.PathLike[str] | None = None, *, env: Mapping[str, str] | None = None,
              candidates: Iterable[tuple[str, int]] = SYSTEM_FONT_CANDIDATES, warn: bool = True) -> PdfFont:
    """The font to use (see the module docstring). A configured font that cannot be used is an error (the
    user asked for it), a system font that cannot be used is skipped."""
    environ = os.environ if env is None else env
    spec = str(configured) if configured is not None else environ.get(FONT_ENV) or None
    if spec is not None:
        path, index = _parse(spec)
        if not Path(path).is_file():
            raise FileNotFoundError(f"字体文件不存在：{path}")
        return load_truetype(path, index)
    for path, index in candidates:
        if Path(path).is_file():
            try:
                return load_truetype(path, index)
            except (TTFError, OSError, IndexError, ValueError):
                continue
    if warn:
        warnings.warn(
            f"No CJK TrueType font found (set {FONT_ENV}, or {platform_hint()}); using reportlab's built-in "
            f"{CID_FALLBACK}, which is NOT embedded: the PDF viewer substitutes its own font and rare characters "
            "may not print.", FontFallbackWarning, stacklevel=2)
    return cid_fallback()


def platform_hint() -> str:
    """Where to get a CJK font on this operating system, for messages."""
    if sys.platform.startswith("win"):
        return "Windows 自带 simsun.ttc / msyh.ttc"
    if sys.platform == "darwin":
        return "macOS 自带 STHeiti / PingFang"
    return "apt install fonts-wqy-zenhei"
