"""Checking a photo zip, and writing the fixed one: the zip reader and Pillow feeding the core's
:class:`~xcert_core.photos.PhotoChecker`.

Memory stays flat in the number of photos: one entry's bytes at a time (a few dozen while worker processes
measure photos, ``XCERT_WORKERS``), and per photo only its findings and a small record (its name, number and a
40 x 55 pixel copy) until the report is made.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

from xcert_adapters.concurrency.photo_workers import PhotoFeed, photo_workers
from xcert_adapters.photos.archive import DEFAULT_PHOTO_LIMITS, EntryRefused, Member, PhotoZip, PhotoZipLimits
from xcert_adapters.photos.imaging import measure, render
from xcert_adapters.private_files import PRIVATE_FILE_MODE, private_dir, remove_dead_leftovers, temporary_for
from xcert_adapters.workbooks.selection import read_sheet
from xcert_core.errors import UnreadableFileError
from xcert_core.labels import Severity
from xcert_core.photos import issue_types as t
from xcert_core.photos.background import DEFAULT_TOLERANCE, ColourTolerance
from xcert_core.photos.checking import CandidateNumbers, PhotoChecker, PhotoPlan, content_findings
from xcert_core.photos.formats import ARCHIVE_FORMATS, IMAGE_FORMATS, SNIFF_BYTES, format_label, sniff_format
from xcert_core.photos.names import EntryName, display_name, unsafe_reason
from xcert_core.photos.report import FixAction, FixedFile, FixReport, PhotoFinding, PhotoReport
from xcert_core.photos.requirements import PLATFORM_PHOTO, PhotoRequirements
from xcert_core.plugins import XcertPlugins
from xcert_core.ports.rules import RuleFamily
from xcert_core.privacy import mask_id_number
from xcert_core.roster.reading import read_roster

_IGNORED_WHAT = (
    ("__macosx", "苹果电脑（macOS）打包时附带的隐藏文件", "macOS metadata"),
    ("._", "苹果电脑（macOS）打包时附带的隐藏文件", "macOS metadata"),
    (".ds_store", "苹果电脑（macOS）的文件夹设置文件", "a macOS folder settings file"),
    ("thumbs.db", "Windows 的缩略图缓存文件", "a Windows thumbnail cache"),
    ("ehthumbs.db", "Windows 的缩略图缓存文件", "a Windows thumbnail cache"),
    ("desktop.ini", "Windows 的文件夹设置文件", "a Windows folder settings file"),
)


def load_candidates(path: Path, plugins: XcertPlugins, sheet: str | None = None) -> CandidateNumbers:
    """The candidates' ID numbers from a roster file (any sheet the workbook readers take).

    Raises :class:`~xcert_core.errors.UnreadableFileError` when the file cannot be read, has no header row, no
    ``*证件号码`` column or no data rows: matching photos against such a roster would report every photo.
    """
    table, _ = read_roster(read_sheet(path, plugins, sheet), path.name)
    if "id_number" not in table.positions:
        raise UnreadableFileError(
            str(path), "名单中没有“*证件号码”列，无法按证件号码核对照片；请使用平台的“本校学生导入模板”"
        )
    if not table.rows:
        raise UnreadableFileError(str(path), "名单中没有学生数据，无法核对照片")
    return CandidateNumbers.from_table(table)


def _ignored_what(parsed: EntryName) -> tuple[str, str]:
    lowered = parsed.name.lower()
    for key, what, what_en in _IGNORED_WHAT:
        if key in lowered.split("/") or parsed.basename.lower().startswith(key) or f"{key}/" in lowered:
            return what, what_en
    return "系统生成的文件", "a system file"


def _walk(archive: PhotoZip, checker: PhotoChecker) -> None:
    """Give every entry of ``archive`` to ``checker`` in zip order, keyed by its position, refusing what must not
    be read; the photos measured here or, for a large zip with ``XCERT_WORKERS`` set, on more cores
    (:class:`~xcert_adapters.concurrency.photo_workers.PhotoFeed`: the same findings in the same order)."""
    workers = photo_workers(len(archive.members))
    with PhotoFeed(checker, measure, archive.limits.max_pixels, workers) as feed:
        _walk_entries(archive, feed)


def _walk_entries(archive: PhotoZip, checker: PhotoFeed) -> None:
    members = archive.members
    names: dict[str, list[Member]] = {}
    for member in members:
        names.setdefault(member.name, []).append(member)
    seen: set[str] = set()
    for member in members:
        name = member.name
        parsed = EntryName.parse(name)
        reason = unsafe_reason(name)
        if reason is not None:
            checker.entry(name, t.UNSAFE_NAME, photo=parsed.looks_like_image, key=member.index,
                          reason=reason.label, reason_en=f"is unsafe ({reason.value})")
            continue
        if member.is_dir:
            continue
        if parsed.ignored:
            what, what_en = _ignored_what(parsed)
            checker.entry(name, t.IGNORED_ENTRY, key=member.index, what=what, what_en=what_en)
            continue
        copies = names[name]
        if len(copies) > 1:
            identical = len({(copy.size, copy.crc) for copy in copies}) == 1
            if not identical:
                checker.entry(name, t.DUPLICATE_NAME, photo=parsed.looks_like_image, key=member.index,
                              count=len(copies))
                continue
            if name in seen:
                checker.entry(name, t.DUPLICATE_COPY, key=member.index, count=len(copies))
                continue
        seen.add(name)
        _read_entry(archive, checker, member, parsed)


def _read_entry(archive: PhotoZip, checker: PhotoFeed, member: Member, parsed: EntryName) -> None:
    name = member.name
    image_named = parsed.looks_like_image
    if parsed.looks_like_archive:
        checker.entry(name, t.NESTED_ARCHIVE, key=member.index, format=f"压缩包（{parsed.extension}）",
                      format_en=parsed.extension)
        return
    try:
        if not image_named:
            head = archive.read(member, head=SNIFF_BYTES)
            fmt = sniff_format(head)
            if fmt not in IMAGE_FORMATS:
                _not_a_photo(checker, member, fmt)
                return
        data = archive.read(member)
    except EntryRefused as refused:
        checker.entry(name, refused.issue_type, photo=image_named, key=member.index, **refused.params)
        return
    fmt = sniff_format(data[:SNIFF_BYTES])
    if fmt in ARCHIVE_FORMATS or (fmt not in IMAGE_FORMATS and not image_named):
        _not_a_photo(checker, member, fmt)
        return
    checker.photo(name, data, fmt, key=member.index)


def _not_a_photo(checker: PhotoFeed, member: Member, fmt: str | None) -> None:
    """An archive or another kind of file; one named as a picture still counts as a photo."""
    photo = EntryName.parse(member.name).looks_like_image
    if fmt is not None and fmt in ARCHIVE_FORMATS:
        checker.entry(member.name, t.NESTED_ARCHIVE, photo=photo, key=member.index, format=format_label(fmt),
                      format_en=fmt.upper())
    else:
        checker.entry(member.name, t.NOT_A_PHOTO, photo=photo, key=member.index, format=format_label(fmt),
                      format_en=fmt or "unknown format")


def _checker(path: Path, requirements: PhotoRequirements, candidates: CandidateNumbers | None,
             today: dt.date | None, tolerance: ColourTolerance, families: Sequence[RuleFamily]) -> PhotoChecker:
    return PhotoChecker(str(path), requirements, candidates, today=today, tolerance=tolerance, families=families)


def check_photo_zip(
    path: Path | str,
    *,
    candidates: CandidateNumbers | None = None,
    requirements: PhotoRequirements = PLATFORM_PHOTO,
    limits: PhotoZipLimits = DEFAULT_PHOTO_LIMITS,
    tolerance: ColourTolerance = DEFAULT_TOLERANCE,
    today: dt.date | None = None,
    families: Sequence[RuleFamily] = (),
) -> PhotoReport:
    """Check every entry of the photo zip ``path`` (and, with ``candidates``, match them); never extracts.

    Raises :class:`~xcert_core.errors.UnreadableFileError` when the file is not a usable zip at all (see
    :class:`~xcert_adapters.photos.archive.PhotoZip`); any problem of an entry is a finding instead.
    """
    path = Path(path)
    checker = _checker(path, requirements, candidates, today, tolerance, families)
    with PhotoZip(path, limits) as archive:
        _walk(archive, checker)
    return checker.finish()


PhotoSink = Callable[[str, str, bytes], None]
"""Given each accepted photo by :func:`read_checked_photo_zip`: the normalised ID number of its name, its
content format (``"jpeg"``, ``"png"``) and its bytes as they are in the zip."""


def read_checked_photo_zip(
    path: Path | str,
    sink: PhotoSink,
    *,
    candidates: CandidateNumbers,
    requirements: PhotoRequirements = PLATFORM_PHOTO,
    limits: PhotoZipLimits = DEFAULT_PHOTO_LIMITS,
    tolerance: ColourTolerance = DEFAULT_TOLERANCE,
    today: dt.date | None = None,
    families: Sequence[RuleFamily] = (),
    partial: bool = False,
) -> PhotoReport:
    """Check the zip exactly like :func:`check_photo_zip` and, only when the report has no error, give every
    photo to ``sink`` (one at a time, in zip order, so memory stays flat). With ``partial``, give the photos
    that have no error of their own even when others have (a photo with an error, and every photo of a
    candidate named twice, is left out). Raises like :func:`check_photo_zip`; an exception of ``sink``
    propagates."""
    path = Path(path)
    checker = _checker(path, requirements, candidates, today, tolerance, families)
    with PhotoZip(path, limits) as archive:
        _walk(archive, checker)
        report = checker.finish()
        if report.has_errors and not partial:
            return report
        refused = {key for key, found in checker.findings_by_key().items()
                   if any(f.severity is Severity.ERROR for f in found)}
        members = {member.index: member for member in archive.members}
        for plan in checker.plans():
            if plan.key is None or plan.output is None or plan.facts.format is None or plan.key in refused:
                continue  # never store a photo with an error, or whose owner is unknown
            number = plan.output.removesuffix(requirements.output_extension)
            sink(number, plan.facts.format, archive.read(members[plan.key]))
    return report


# -- fix ---------------------------------------------------------------------------------------------------

_LEAVE_OUT_REASON = "需要手工处理"


def _left_out(findings: Sequence[PhotoFinding]) -> tuple[str, ...]:
    reasons = [f.issue.message for f in findings if f.severity is Severity.ERROR and not f.fixable]
    return tuple(reasons) or (_LEAVE_OUT_REASON,)


def _renames(member: Member, output: str) -> list[str]:
    parsed = EntryName.parse(member.name)
    changes = []
    if parsed.folder:
        changes.append(f"从文件夹“{parsed.folder}”移到压缩包最外层")
    if parsed.basename != output:
        changes.append(f"改名为“{display_name(output)}”")
    return changes


def fix_photo_zip(
    path: Path | str,
    out: Path | str,
    *,
    candidates: CandidateNumbers | None = None,
    requirements: PhotoRequirements = PLATFORM_PHOTO,
    limits: PhotoZipLimits = DEFAULT_PHOTO_LIMITS,
    tolerance: ColourTolerance = DEFAULT_TOLERANCE,
    today: dt.date | None = None,
    families: Sequence[RuleFamily] = (),
) -> FixReport:
    """Write to ``out`` a zip holding exactly the photos the platform accepts, each ``<证件号码>.jpg`` at the top
    level: every photo whose errors are all fixable, converted, scaled, renamed and stripped of metadata as
    needed, and re-checked before it is written. Photos with other problems are left out (their candidates stay
    无照片); non-photos are dropped. The output is written to a temporary file beside ``out`` and renamed when
    complete; nothing is written when no photo can be. Raises like :func:`check_photo_zip`."""
    path, out = Path(path), Path(out)
    checker = _checker(path, requirements, candidates, today, tolerance, families)
    with PhotoZip(path, limits) as archive:
        _walk(archive, checker)
        report = checker.finish()
        plans = {plan.key: plan for plan in checker.plans() if plan.key is not None}
        writer = _Writer(archive, requirements, tolerance)
        writer.write(out, plans, checker.findings_by_key())
    remaining = tuple(f for f in report.findings if not f.fixable) + tuple(writer.failures)
    written = any(f.output for f in writer.files)
    return FixReport(str(path), str(out) if written else None, report, tuple(writer.files), remaining)


class _Writer:
    """Writes the output zip entry by entry, keeping each entry's :class:`FixedFile`."""

    def __init__(self, archive: PhotoZip, requirements: PhotoRequirements, tolerance: ColourTolerance) -> None:
        self.archive, self.requirements, self.tolerance = archive, requirements, tolerance
        self.files: list[FixedFile] = []
        self.failures: list[PhotoFinding] = []

    def write(self, out: Path, plans: dict[int, PhotoPlan], findings: dict[int, list[PhotoFinding]]) -> None:
        private_dir(out.parent)
        remove_dead_leftovers(out.parent)
        temporary = temporary_for(out)
        written = 0
        try:
            with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as output:
                stamp = dt.datetime.now().timetuple()[:6]
                for member in self.archive.members:
                    if member.index not in findings and member.index not in plans:
                        continue  # a folder entry
                    plan = plans.get(member.index)
                    own = findings.get(member.index, [])
                    if plan is None:
                        self.files.append(_not_written(member, own))
                        continue
                    data = self._fix(member, plan, own)
                    if data is not None and plan.output is not None:
                        info = zipfile.ZipInfo(plan.output, date_time=stamp)
                        info.compress_type = zipfile.ZIP_DEFLATED
                        info.external_attr = PRIVATE_FILE_MODE << 16
                        output.writestr(info, data)
                        written += 1
            if written:
                Path(temporary).replace(out)
        finally:
            Path(temporary).unlink(missing_ok=True)

    def _fix(self, member: Member, plan: PhotoPlan, findings: Sequence[PhotoFinding]) -> bytes | None:
        shown = display_name(member.name)
        if plan.output is None:
            self.files.append(_not_written(member, findings))
            return None
        id_number = mask_id_number(plan.output.removesuffix(self.requirements.output_extension))
        max_pixels = self.archive.limits.max_pixels
        try:
            rendered = render(self.archive.read(member), plan.facts, self.requirements, max_pixels)
            problems = _recheck(rendered.data, self.requirements, self.tolerance, max_pixels)
        except EntryRefused as refused:
            problems = [refused.issue_type.title]
        except Exception as exc:
            problems = [type(exc).__name__]
        if problems:
            detail = "；".join(problems)
            failure = PhotoFinding(t.FIX_FAILED.at(entry=shown, detail=detail, detail_en=detail), member.name,
                                   id_number, False)
            self.failures.append(failure)
            self.files.append(FixedFile(member.name, shown, id_number, FixAction.LEFT_OUT, None,
                                        (failure.issue.message,)))
            return None
        renames = _renames(member, plan.output)
        changes = renames + list(rendered.changes)
        action = FixAction.FIXED if rendered.reencoded or renames else FixAction.KEPT
        self.files.append(FixedFile(member.name, shown, id_number, action, plan.output,
                                    tuple(changes) or ("未改动",)))
        return rendered.data


def _not_written(member: Member, findings: Sequence[PhotoFinding]) -> FixedFile:
    """A dropped non-photo (all its findings fixable by leaving it out) or a photo left out."""
    shown = display_name(member.name)
    id_number = next((f.id_number for f in findings if f.id_number), None)
    if findings and all(f.fixable for f in findings):
        return FixedFile(member.name, shown, id_number, FixAction.DROPPED, None,
                         tuple(f.issue.message for f in findings[:1]))
    return FixedFile(member.name, shown, id_number, FixAction.LEFT_OUT, None, _left_out(findings))


def _recheck(data: bytes, requirements: PhotoRequirements, tolerance: ColourTolerance, max_pixels: int) -> list[str]:
    """The titles of whatever ``check`` would still report about a written photo (the pixels and format only;
    its name is the number it was matched by)."""
    facts = measure(data, sniff_format(data[:SNIFF_BYTES]), max_pixels)
    return [issue_type.title for issue_type, _ in content_findings(facts, requirements.output_extension,
                                                                    requirements, tolerance)]
