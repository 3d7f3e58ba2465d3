"""Names inside a photo zip: which are dangerous, which are system clutter, and which ID number a photo's file
name gives.

The platform matches a photo to a candidate by its file name, ``<证件号码>.jpg``. So the name is checked as
carefully as the roster's 证件号码 column is (with the same rules, :func:`xcert_core.roster.rules.identity.
check_id_number`), and a name that only differs in writing (a lower-case ``x``, spaces, full-width digits) is
something ``xcert photos fix`` can rename.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from functools import lru_cache

from attrs import frozen

from xcert_core.labels import LabelledEnum, Severity
from xcert_core.privacy import mask_id_number
from xcert_core.roster.rules.identity import check_id_number, guess_type

IMAGE_EXTENSIONS = frozenset({
    ".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".gif", ".bmp", ".webp", ".tif", ".tiff", ".heic", ".heif",
    ".avif",
})
"""Extensions of picture files: such an entry is a photo whatever its content turns out to be."""
ARCHIVE_EXTENSIONS = frozenset({".zip", ".rar", ".7z", ".gz", ".tgz", ".tar", ".bz2", ".xz"})
"""Extensions of archives: such an entry is a nested archive and is not opened."""
IGNORED_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini", "ehthumbs.db"})
"""File names operating systems leave in folders (compared in lower case)."""
IGNORED_FOLDERS = frozenset({"__macosx"})
"""Folders of metadata macOS adds to zips it writes (compared in lower case)."""

_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_PASSPORT_LIKE = re.compile(r"[A-Z0-9]{5,17}")
_ID_LIKE = re.compile(r"[0-9A-Za-z]{5,}")
_SPACES = re.compile(r"\s+")


class UnsafeName(LabelledEnum):
    """Why an entry name is refused: extracting it could write outside the target folder, or it cannot be
    shown. ``label`` is the Chinese reason, as it continues "压缩包中的“…”"."""

    EMPTY = ("empty", "没有文件名")
    CONTROL = ("control", "含有控制字符")
    ABSOLUTE = ("absolute", "是绝对路径（以“/”开头）")
    DRIVE = ("drive", "含有盘符（如“C:”）")
    BACKSLASH = ("backslash", "用反斜杠“\\”分隔路径")
    TRAVERSAL = ("traversal", "含有“..”，解压时可能写到文件夹以外")


def unsafe_reason(name: str) -> UnsafeName | None:
    """Why ``name`` (decoded, as stored in the zip) must not be used, or ``None`` when it is safe.

    Refused: empty names, control characters (NUL included), absolute paths (``/x``), drive letters (``C:x``,
    also ``C:/x`` and ``C:\\x``), any backslash, and ``..`` as a path part. A name is never made safe by
    rewriting it: the point is to report it.
    """
    if not name:
        return UnsafeName.EMPTY
    if _CONTROL.search(name):
        return UnsafeName.CONTROL
    if name.startswith("/"):
        return UnsafeName.ABSOLUTE
    if _DRIVE.match(name):
        return UnsafeName.DRIVE
    if "\\" in name:
        return UnsafeName.BACKSLASH
    if any(part == ".." for part in name.split("/")):
        return UnsafeName.TRAVERSAL
    return None


@frozen
class EntryName:
    """A (safe) entry name taken apart: ``folder`` (``""`` at the top level), ``basename``, ``stem`` and the
    lower-cased ``extension`` (with its dot, ``""`` when there is none)."""

    name: str
    folder: str
    basename: str
    stem: str
    extension: str

    @classmethod
    def parse(cls, name: str) -> EntryName:
        folder, _, basename = name.rstrip("/").rpartition("/")
        stem, dot, extension = basename.rpartition(".")
        if not dot or not stem:
            stem, extension = basename, ""
        else:
            extension = "." + extension.lower()
        return cls(name, folder, basename, stem, extension)

    @property
    def is_directory(self) -> bool:
        return self.name.endswith("/")

    @property
    def ignored(self) -> bool:
        """System clutter: anything under ``__MACOSX/``, ``.DS_Store``, ``Thumbs.db``, ``desktop.ini`` and
        AppleDouble ``._*`` files."""
        parts = self.name.lower().split("/")
        return (any(part in IGNORED_FOLDERS for part in parts[:-1]) or parts[-1] in IGNORED_NAMES
                or self.basename.startswith("._"))

    @property
    def looks_like_image(self) -> bool:
        return self.extension in IMAGE_EXTENSIONS

    @property
    def looks_like_archive(self) -> bool:
        return self.extension in ARCHIVE_EXTENSIONS


class NameStatus(enum.Enum):
    """What a photo's file-name stem says about its ID number."""

    VALID = "valid"
    """The stem is a valid ID number of a type with a checkable form (resident ID, permits, …)."""
    UNCHECKED = "unchecked"
    """The stem has no checkable type's form but could be a passport number (5–17 letters and digits)."""
    INVALID = "invalid"
    """Not an ID number: a person's name, a student number, a number with a wrong check digit …"""


@frozen
class NameVerdict:
    """The ID number a stem gives (``number``, normalised by :func:`normalise_number`: the file name ``fix``
    writes, without extension; ``None`` when the stem is not usable as a number), its :class:`NameStatus`, and
    for an invalid number the reason (the Chinese title of the identity rule it breaks, or a general one).

    ``rename`` is true when the number is written differently in the stem (spaces, full-width characters, a
    lower-case ``x``): the platform compares names exactly, so ``fix`` renames such a photo.
    """

    number: str | None
    status: NameStatus
    reason: str = ""
    reason_en: str = ""
    rename: bool = False


def normalise_number(text: str) -> str:
    """``text`` as an ID number is compared: NFKC (full-width digits and letters to half-width), whitespace
    removed, upper case."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).upper()


@lru_cache(maxsize=1 << 16)
def read_stem(stem: str, today: dt.date) -> NameVerdict:
    """What the file-name stem ``stem`` says as an ID number, judged by the roster's identity rules with the
    type its form suggests (see :class:`NameStatus`)."""
    number = normalise_number(stem)
    if not number:
        return NameVerdict(None, NameStatus.INVALID, "文件名为空", "the name is empty")
    if guess_type(number) is None:
        if _PASSPORT_LIKE.fullmatch(number):
            return NameVerdict(number, NameStatus.UNCHECKED, rename=number != stem)
        if any("\u4e00" <= char <= "\u9fff" for char in number):
            return NameVerdict(None, NameStatus.INVALID, "文件名是汉字，不是证件号码",
                               "the name is in Chinese characters")
        return NameVerdict(None, NameStatus.INVALID, "不是任何证件号码的格式", "it has no ID number's form")
    errors = [finding for finding in check_id_number(None, number, today).findings
              if finding.issue_type.severity is Severity.ERROR]
    if errors:
        return NameVerdict(None, NameStatus.INVALID, errors[0].issue_type.title, errors[0].issue_type.title_en)
    return NameVerdict(number, NameStatus.VALID, rename=number != stem)


def _masked_part(part: str) -> str:
    compact = normalise_number(part)
    if _ID_LIKE.fullmatch(compact) and sum(char.isdigit() for char in compact) >= 4:
        return mask_id_number(compact)
    return part


def display_name(name: str) -> str:
    """An entry name as messages, the text report and ``--json`` show it: a file-name stem or a folder name that
    could be an ID number (at least 5 letters and digits, at least 4 of them digits) is masked like one
    (``110***********4514.jpg``, ``110***********4514/照片.jpg``); other names are kept."""
    parsed = EntryName.parse(name)
    folders = "/".join(_masked_part(part) for part in parsed.folder.split("/")) if parsed.folder else ""
    prefix = folders + "/" if folders else ""
    suffix = parsed.basename[len(parsed.stem):]
    return prefix + _masked_part(parsed.stem) + suffix + ("/" if parsed.is_directory else "")
