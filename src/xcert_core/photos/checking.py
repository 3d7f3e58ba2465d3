"""Judging photos: facts measured by an adapter in, catalogued findings out.

The adapter (:mod:`xcert_adapters.photos`) reads the zip and decodes pictures; it hands each photo's
measurements to a :class:`PhotoChecker` as :class:`PhotoFacts`, and each refused entry (unsafe name, bomb,
encrypted …) as an issue type with its parameters. The checker decides every finding, matches the photos'
file names against the candidates' ID numbers, and produces the :class:`~xcert_core.photos.report.PhotoReport`.
Nothing here decodes an image or opens a file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from attrs import evolve, field, frozen

from xcert_core.issues import Issue, IssueType
from xcert_core.labels import Severity
from xcert_core.photos import issue_types as t
from xcert_core.photos.background import (
    DEFAULT_TOLERANCE,
    BackgroundVerdict,
    ColourTolerance,
    classify_raster,
)
from xcert_core.photos.formats import IMAGE_FORMATS, format_label
from xcert_core.photos.names import EntryName, NameStatus, NameVerdict, display_name, normalise_number, read_stem
from xcert_core.photos.report import PhotoFinding, PhotoReport
from xcert_core.photos.requirements import MB, PLATFORM_PHOTO, PhotoRequirements
from xcert_core.ports.rules import RuleFamily
from xcert_core.privacy import mask_id_number
from xcert_core.roster.table import RosterTable

GREYSCALE_MODES = frozenset({"1", "L", "LA", "La", "I", "I;16", "I;16B", "I;16L", "I;16N", "F"})
"""Pillow modes of greyscale pictures."""
COLOUR_MODES = frozenset({"RGB", "RGBA", "RGBa", "RGBX", "P", "PA", "YCbCr"})
"""Pillow modes an ordinary colour photo has (a palette PNG is an ordinary PNG)."""


@frozen
class Thumbnail:
    """A small RGB copy of a photo as displayed (about 40 x 55 pixels): ``rgb`` is ``width * height * 3``
    bytes, rows top to bottom. The background is judged from it; photo rule plug-ins may look at it too."""

    width: int
    height: int
    rgb: bytes = field(repr=False)


@frozen
class PhotoFacts:
    """What an adapter measured about one photo's bytes.

    ``byte_size``: the file's size. ``format``: the content format from its magic number
    (:func:`~xcert_core.photos.formats.sniff_format`), ``None`` when unknown. ``width`` x ``height``: the
    pixel size as displayed (after the EXIF ``orientation``, 1 when absent). ``mode``: Pillow's mode name
    (``RGB``, ``CMYK``, ``L`` …). ``transparent``: some pixel is not fully opaque. ``gps``: the EXIF has a GPS
    block. ``pixel_limit``: set to the limit when the picture has more pixels than that and was not decoded;
    ``pixels`` is then its pixel count (0 when unknown), while ``width`` and ``height`` may be unknown (0).
    ``decode_error``: why decoding failed (English, for developers), ``None`` when it decoded. ``thumbnail``:
    see :class:`Thumbnail` (``None`` when not decoded).
    """

    byte_size: int
    format: str | None
    width: int = 0
    height: int = 0
    mode: str = ""
    transparent: bool = False
    orientation: int = 1
    gps: bool = False
    pixel_limit: int = 0
    pixels: int = 0
    decode_error: str | None = None
    thumbnail: Thumbnail | None = None

    @property
    def decoded(self) -> bool:
        return self.pixel_limit == 0 and self.decode_error is None and self.format in IMAGE_FORMATS

    def background(self, tolerance: ColourTolerance = DEFAULT_TOLERANCE) -> BackgroundVerdict | None:
        """The background's colour class from the thumbnail, ``None`` without one."""
        if self.thumbnail is None:
            return None
        thumb = self.thumbnail
        return classify_raster(thumb.width, thumb.height, thumb.rgb, tolerance)


@frozen
class PhotoSubject:
    """What a photo rule family (a plug-in's :class:`~xcert_core.ports.rules.RuleFamily` with ``target`` equal
    to ``"photo"``) is given for each decoded photo: the entry name, the normalised ID number of its file name
    (``None`` when the name is no number) and the measured facts, thumbnail included."""

    entry: str
    number: str | None
    facts: PhotoFacts


@frozen
class CandidateNumbers:
    """The candidates photos are matched against: normalised ID number → roster row (``None`` when the
    candidates do not come from a sheet), and the rows whose number could not be read. ``has_photo``: the
    (normalised) numbers of candidates who already have a photo, e.g. stored ones: a photo for them is
    matched, but a zip without one is not reported (``photo-candidate-missing``)."""

    rows: Mapping[str, int | None]
    unreadable_rows: tuple[int, ...] = ()
    has_photo: frozenset[str] = frozenset()

    @classmethod
    def from_table(cls, table: RosterTable) -> CandidateNumbers:
        """The 证件号码 of every data row of a roster (the first row of a number that repeats)."""
        rows: dict[str, int | None] = {}
        unreadable: list[int] = []
        for row in table.rows:
            text = row.get("id_number")
            if text is None:
                unreadable.append(row.row)
                continue
            rows.setdefault(normalise_number(text), row.row)
        return cls(rows, tuple(unreadable))

    @classmethod
    def from_numbers(cls, numbers: Iterable[str], has_photo: Iterable[str] = ()) -> CandidateNumbers:
        """Numbers from anywhere else, e.g. the stored candidates' ``id_number`` (``has_photo``: those of
        them who already have a photo)."""
        return cls({normalise_number(number): None for number in numbers},
                   has_photo=frozenset(normalise_number(number) for number in has_photo))


def _size_text(size: int) -> tuple[str, str]:
    text = f"{size / MB:.1f} MB"
    return text, text


@frozen
class _Pending:
    """A finding before the roster is matched (when fixability is decided)."""

    issue: Issue
    number: str | None


class _Photo:
    """What the checker remembers of one photo between :meth:`PhotoChecker.photo` and :meth:`finish`."""

    __slots__ = ("decoded", "entry", "findings", "index", "key", "name", "number")

    def __init__(self, index: int, entry: str, name: NameVerdict, decoded: bool, key: int | None) -> None:
        self.index, self.entry, self.name, self.decoded, self.key = index, entry, name, decoded, key
        self.number = name.number
        self.findings: list[_Pending] = []


@frozen
class PhotoPlan:
    """What ``fix`` should do with one photo, decided after matching: ``key`` is the caller's key for the entry,
    ``output`` the name to write (``<证件号码>.jpg``) when the photo can be written, ``None`` when it is left
    out; ``codes`` are its findings' codes; ``facts`` its measurements (without the thumbnail)."""

    entry: str
    key: int | None
    output: str | None
    codes: tuple[str, ...]
    facts: PhotoFacts


class PhotoChecker:
    """Collects the findings of one photo zip, entry by entry, and matches photos against candidates.

    Call :meth:`entry` for a non-photo entry's issue (refused, ignored, not a photo), :meth:`photo` for each
    photo with its facts (or ``None`` when it could not be read: the entry's issue was given to :meth:`entry`),
    then :meth:`finish` once. Entries are reported in the order they are given. The optional ``key`` of an
    entry (e.g. its position in the zip, since a name may repeat) finds its findings again in
    :meth:`findings_by_key` and its plan in :meth:`plans`.
    """

    def __init__(
        self,
        file: str,
        requirements: PhotoRequirements = PLATFORM_PHOTO,
        candidates: CandidateNumbers | None = None,
        *,
        today: dt.date | None = None,
        tolerance: ColourTolerance = DEFAULT_TOLERANCE,
        families: Sequence[RuleFamily] = (),
    ) -> None:
        self.file = file
        self.requirements = requirements
        self.candidates = candidates
        self.today = today or dt.date.today()
        self.tolerance = tolerance
        self.families = [family for family in families if family.target == "photo"]
        self._entries: list[tuple[int, str, list[_Pending], int | None]] = []
        self._by_key: dict[int, list[PhotoFinding]] = {}
        self._photos: list[_Photo] = []
        self._facts: dict[int, PhotoFacts] = {}
        self._photo_count = 0
        self._writable_indexes: set[int] = set()
        self._finished: PhotoReport | None = None

    # -- entries that are not (readable) photos ---------------------------------------------------------------

    def entry(self, entry: str, issue_type: IssueType, *, photo: bool = False, key: int | None = None,
              **params: Any) -> None:
        """Report ``issue_type`` for the entry ``entry`` (raw name). ``photo``: the entry counts as a photo
        (a picture that could not be read)."""
        self._photo_count += photo
        issue = issue_type.at(entry=display_name(entry), **params)
        self._entries.append((len(self._entries), entry, [_Pending(issue, None)], key))

    # -- photos -----------------------------------------------------------------------------------------------

    def photo(self, entry: str, facts: PhotoFacts, *, key: int | None = None) -> None:
        """Judge one photo: its name, its facts, and any photo rule plug-ins."""
        self._photo_count += 1
        index = len(self._entries)
        parsed = EntryName.parse(entry)
        verdict = read_stem(parsed.stem, self.today)
        photo = _Photo(index, entry, verdict, facts.decoded, key)
        shown = display_name(entry)
        number = verdict.number

        def add(issue_type: IssueType, **params: Any) -> None:
            photo.findings.append(_Pending(issue_type.at(entry=shown, **params), number))

        self._name_findings(verdict, parsed, add)
        if parsed.folder:
            add(t.IN_FOLDER, folder=display_name(parsed.folder + "/").rstrip("/"))  # a folder named by ID number
        for issue_type, params in content_findings(facts, parsed.extension, self.requirements, self.tolerance):
            add(issue_type, **params)
        if facts.decoded:
            subject = PhotoSubject(entry, number, facts)
            for family in self.families:
                photo.findings += [_Pending(_with_entry(issue, shown), number) for issue in family.check(subject)]
        self._entries.append((index, entry, photo.findings, key))
        self._photos.append(photo)
        self._facts[index] = evolve(facts, thumbnail=None)  # judged: memory stays flat in the number of photos

    def _name_findings(self, verdict: NameVerdict, parsed: EntryName, add: Any) -> None:
        if verdict.status is NameStatus.INVALID:
            add(t.NAME_NOT_ID, reason=verdict.reason, reason_en=verdict.reason_en)
            return
        assert verdict.number is not None
        if verdict.rename:
            detail, detail_en = _rename_detail(parsed.stem)
            add(t.NAME_FORMAT, value=verdict.number, detail=detail, detail_en=detail_en)
        listed = self.candidates is not None and verdict.number in self.candidates.rows
        if verdict.status is NameStatus.UNCHECKED and not listed:
            add(t.NAME_UNCHECKED)

    # -- matching and the report ------------------------------------------------------------------------------

    def finish(self) -> PhotoReport:
        """Match photos against each other and the candidates, decide what is fixable, and report."""
        if self._finished is not None:
            return self._finished
        by_number: dict[str, list[_Photo]] = {}
        for photo in self._photos:
            if photo.number is not None:
                by_number.setdefault(photo.number, []).append(photo)
        for number, photos in by_number.items():
            if len(photos) > 1:
                names = "、".join(display_name(p.entry) for p in photos)
                for photo in photos:
                    photo.findings.append(_Pending(t.ID_TWICE.at(entry=display_name(photo.entry), value=number,
                                                                 count=len(photos), names=names), number))
            if self.candidates is not None and number not in self.candidates.rows:
                for photo in photos:
                    photo.findings.append(_Pending(t.NO_CANDIDATE.at(entry=display_name(photo.entry), value=number),
                                                   number))
        writable = {photo.index for photo in self._photos if self._writable(photo)}
        findings: list[PhotoFinding] = []
        for index, entry, pending, key in self._entries:
            is_photo = index in self._facts
            own = []
            for item in pending:
                fixable = item.issue.code in t.FIXABLE and (index in writable if is_photo else True)
                masked = mask_id_number(item.number) if item.number is not None else None
                own.append(PhotoFinding(item.issue, entry, masked, fixable))
            findings += own
            if key is not None:
                self._by_key.setdefault(key, []).extend(own)
        findings += self._roster_findings(by_number)
        findings += self._zip_findings()
        self._writable_indexes = writable
        self._finished = PhotoReport(self.file, self._photo_count, tuple(findings))
        return self._finished

    def _zip_findings(self) -> list[PhotoFinding]:
        """What concerns the zip as a whole: no photo in it, a name the platform's upload does not take."""
        found = [PhotoFinding(t.NO_PHOTOS.at())] if self._photo_count == 0 else []
        name = self.file.replace("\\", "/").rsplit("/", 1)[-1]
        if not name.lower().endswith(".zip"):
            found.append(PhotoFinding(t.ZIP_NAME.at(name=name)))
        return found

    def _writable(self, photo: _Photo) -> bool:
        return photo.decoded and photo.number is not None and all(
            item.issue.code in t.FIXABLE for item in photo.findings if item.issue.severity is Severity.ERROR
        )

    def _roster_findings(self, by_number: Mapping[str, list[_Photo]]) -> list[PhotoFinding]:
        if self.candidates is None:
            return []
        findings = [PhotoFinding(t.ROSTER_ID_UNREADABLE.at(row=row, column="证件号码", line=row))
                    for row in self.candidates.unreadable_rows]
        for number, row in self.candidates.rows.items():
            if number in by_number or number in self.candidates.has_photo:
                continue
            who, who_en = (f"名单第 {row} 行的学生", f"The candidate in roster row {row}") if row is not None else (
                "学生", "The candidate")
            issue = t.CANDIDATE_WITHOUT_PHOTO.at(row=row, column="证件号码" if row is not None else None,
                                                 value=number, who=who, who_en=who_en)
            findings.append(PhotoFinding(issue, None, mask_id_number(number)))
        return findings

    def plans(self) -> list[PhotoPlan]:
        """For ``fix``: each photo in zip order with the name to write it under, or ``None`` to leave it out.
        Calls :meth:`finish` first if needed."""
        self.finish()
        plans = []
        for photo in self._photos:
            output = (photo.number + self.requirements.output_extension
                      if photo.index in self._writable_indexes and photo.number is not None else None)
            plans.append(PhotoPlan(photo.entry, photo.key, output, tuple(item.issue.code for item in photo.findings),
                                   self._facts[photo.index]))
        return plans

    def findings_by_key(self) -> dict[int, list[PhotoFinding]]:
        """The findings of each entry given with a ``key``, by key. Calls :meth:`finish` first if needed."""
        self.finish()
        return self._by_key


def _with_entry(issue: Issue, shown: str) -> Issue:
    return evolve(issue, entry=issue.entry or shown)


def _rename_detail(stem: str) -> tuple[str, str]:
    details: list[tuple[str, str]] = []
    if any(char.isspace() for char in stem):
        details.append(("含有空格", "has spaces"))
    if any("\uff01" <= char <= "\uff5e" for char in stem):
        details.append(("含有全角字符", "has full-width characters"))
    if any(char.islower() for char in stem):
        details.append(("含有小写字母（如末位的 x 应为大写 X）", "has lower-case letters"))
    if not details:
        details.append(("写法不规范", "is written in a non-standard way"))
    return "、".join(zh for zh, _ in details), ", ".join(en for _, en in details)


_UNCONVERTIBLE = ("xcert 无法转换这种格式，请用其他软件转存为 jpg"
                  "（苹果手机可在“设置→相机→格式”中选“兼容性最佳”）。")

Found = list[tuple[IssueType, dict[str, Any]]]


def _format_findings(facts: PhotoFacts, extension: str, requirements: PhotoRequirements) -> Found:
    fmt = facts.format
    if fmt is None:
        return []
    named = requirements.format_of_extension(extension)
    label = format_label(fmt)
    if fmt not in requirements.formats:
        params: dict[str, Any] = {"format": label, "format_en": fmt.upper()}
        if not facts.decoded:
            params["suggestion"] = _UNCONVERTIBLE
        return [(t.FORMAT_UNSUPPORTED, params)]
    if named is not None and named != fmt:
        return [(t.FORMAT_MISMATCH, {"extension": extension, "format": label, "format_en": fmt.upper()})]
    if named is None:
        return [(t.EXTENSION, {"extension": extension or "（无）"})]
    return []


def _pixel_findings(facts: PhotoFacts, requirements: PhotoRequirements) -> Found:
    width, height = facts.width, facts.height
    if (width, height) == requirements.size:
        return []
    dims: dict[str, Any] = {"width": width, "height": height}
    if not requirements.same_aspect(width, height):
        return [(t.ASPECT_RATIO, dims)]
    if not requirements.large_enough(width, height):
        return [(t.TOO_SMALL, dims)]
    return [(t.PIXEL_SIZE, dims)]


def _colour_findings(facts: PhotoFacts, requirements: PhotoRequirements, tolerance: ColourTolerance) -> Found:
    found: Found = []
    greyscale = facts.mode in GREYSCALE_MODES
    if greyscale:
        found.append((t.GREYSCALE, {}))
    elif facts.mode not in COLOUR_MODES:
        found.append((t.COLOUR_MODE, {"mode": facts.mode}))
    if facts.transparent:
        found.append((t.TRANSPARENCY, {}))
    background = facts.background(tolerance)
    if not greyscale and background is not None and background.colour is not requirements.background:
        found.append((t.BACKGROUND, {"colour": background.colour.label, "colour_en": background.colour.value}))
    return found


def content_findings(
    facts: PhotoFacts,
    extension: str,
    requirements: PhotoRequirements = PLATFORM_PHOTO,
    tolerance: ColourTolerance = DEFAULT_TOLERANCE,
) -> Found:
    """The issue types (with their parameters) one photo's facts deserve, given its lower-case file-name
    ``extension``: format, extension, decodability, file size, orientation, pixel size, colour mode,
    transparency, background and GPS metadata, in that order. An undecodable photo gets no pixel findings."""
    found = _format_findings(facts, extension, requirements)
    if facts.pixel_limit:
        pixels = facts.pixels or facts.width * facts.height
        found.append((t.TOO_MANY_PIXELS, {"pixels": f"{pixels:,}" if pixels else "极多",
                                          "pixels_en": f"{pixels:,}" if pixels else "too many",
                                          "limit": f"{facts.pixel_limit:,}"}))
        return found
    if not facts.decoded:
        if facts.format is None or facts.format in requirements.formats:
            found.append((t.UNDECODABLE, {"detail": facts.decode_error or "unknown format"}))
        return found
    if facts.byte_size > requirements.max_bytes:
        size, size_en = _size_text(facts.byte_size)
        found.append((t.FILE_TOO_LARGE, {"size": size, "size_en": size_en}))
    if facts.orientation != 1:
        found.append((t.ORIENTATION, {"orientation": facts.orientation}))
    found += _pixel_findings(facts, requirements)
    found += _colour_findings(facts, requirements, tolerance)
    if facts.gps:
        found.append((t.GPS_METADATA, {}))
    return found
