"""Importing a photo zip into a workspace: check it against the stored candidates, keep each photo's bytes in
the workspace's photo folder, and attach it to its candidate (上传照片), all or nothing.

Order of work, so that a failure never leaves a candidate pointing at a photo that is not there and never
loses a photo that was: the zip is checked (any error: nothing is written); each new photo is written to a
temporary file in the photo folder; one storage transaction sets every candidate's :class:`PhotoRef` and
appends its 上传照片 record (a verified candidate with a new photo goes back to 信息待认证); only when the
transaction has committed are the temporary files renamed (``os.replace``) to ``<证件号码>.jpg`` (``.png`` for
a PNG). When the transaction fails, the temporary files are removed and the old photos stay as they were.
A photo whose SHA-256 equals the stored one is skipped (no record, no state change).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs
from attrs import frozen

from xcert_adapters.photos.service import read_checked_photo_zip
from xcert_core.errors import XcertError
from xcert_core.model import Candidate, PhotoRef
from xcert_core.photos.checking import CandidateNumbers
from xcert_core.photos.names import normalise_number
from xcert_core.photos.report import PhotoReport
from xcert_core.ports.rules import RuleFamily
from xcert_core.ports.storage import Storage
from xcert_core.roster.importing import SENT_BACK_FROM, record_edit

PHOTO_MODE = 0o644
"""Stored photos are readable by the school's other accounts (mkstemp creates files only the owner reads)."""
EXTENSIONS = {"jpeg": (".jpg", "image/jpeg"), "png": (".png", "image/png")}


class NoCandidatesError(XcertError):
    """A photo import into a workspace that has no candidates yet (exit 2: import the roster first)."""


@frozen
class PhotoImport:
    """What a photo import did: the check's report, and (when it had no error) the ID numbers whose photo was
    attached or replaced, those whose photo was already stored, and those an attached photo sent back from
    信息准确 (or 认证中, 需人工确认) to 信息待认证."""

    report: PhotoReport
    attached: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    sent_back: tuple[str, ...] = ()

    @property
    def stored(self) -> bool:
        return not self.report.has_errors


@frozen
class _Pending:
    candidate: Candidate
    temporary: Path
    final: Path
    photo: PhotoRef


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def import_photos(
    zip_path: Path,
    *,
    storage: Storage,
    school_code: str,
    root: Path,
    photos_dir: Path,
    families: Sequence[RuleFamily] = (),
    actor: str = "xcert",
    clock: Callable[[], dt.datetime] = _utc_now,
) -> PhotoImport:
    """Check ``zip_path`` against the school's stored candidates and, without errors, store its photos (see
    the module docstring). Photo locations are relative to ``root`` (the workspace folder)."""
    stored = storage.list(Candidate, school_code=school_code)
    if not stored:
        raise NoCandidatesError("工作区中还没有学生，无法核对照片：请先运行 xcert students import 名单.xlsx / "
                                "no candidates stored yet; import the roster first")
    by_number = {normalise_number(candidate.id_number): candidate for candidate in stored}
    candidates = CandidateNumbers.from_numbers(
        (c.id_number for c in stored), has_photo=(c.id_number for c in stored if c.photo is not None))
    photos_dir.mkdir(parents=True, exist_ok=True)
    pending: list[_Pending] = []
    unchanged: list[str] = []

    def keep(number: str, fmt: str, data: bytes) -> None:
        candidate = by_number[number]
        digest = hashlib.sha256(data).hexdigest()
        extension, media_type = EXTENSIONS[fmt]
        final = photos_dir / f"{number}{extension}"
        old = candidate.photo
        if old is not None and old.sha256 == digest and (root / old.location).is_file():
            unchanged.append(candidate.id_number)
            return
        handle, name = tempfile.mkstemp(prefix=".xcert-", suffix=extension, dir=photos_dir)
        temporary = Path(name)
        pending.append(_Pending(candidate, temporary, final,
                                PhotoRef(final.relative_to(root).as_posix(), digest, media_type)))
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        temporary.chmod(PHOTO_MODE)

    try:
        report = read_checked_photo_zip(zip_path, keep, candidates=candidates, families=families)
        if report.has_errors:
            return PhotoImport(report)
        sent_back = _attach(storage, pending, actor, clock())
    except BaseException:
        for item in pending:
            item.temporary.unlink(missing_ok=True)
        raise
    for item in pending:
        os.replace(item.temporary, item.final)
        old = item.candidate.photo
        if old is not None and (root / old.location) != item.final:
            (root / old.location).unlink(missing_ok=True)  # e.g. a PNG replaced by a JPEG
    return PhotoImport(report, tuple(item.candidate.id_number for item in pending), tuple(unchanged), sent_back)


def _attach(storage: Storage, pending: Sequence[_Pending], actor: str, at: dt.datetime) -> tuple[str, ...]:
    """One transaction: each candidate gets its new photo and its 上传照片 record; returns those sent back."""
    sent_back: list[str] = []
    if not pending:
        return ()
    with storage.transaction() as tx:
        for item in pending:
            current, revision = tx.get_with_revision(Candidate, item.candidate.key)
            if current.photo is not None and current.photo.sha256 == item.photo.sha256:
                updated = attrs.evolve(current, photo=item.photo)  # the same picture, restored to its file
            else:
                updated = record_edit(tx, current, attrs.evolve(current, photo=item.photo), actor=actor, at=at,
                                      reason="导入照片")
            if current.state in SENT_BACK_FROM and updated.state is not current.state:
                sent_back.append(current.id_number)
            tx.replace(updated, revision)
    return tuple(sent_back)

