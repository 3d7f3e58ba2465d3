"""Importing a photo zip into a workspace: check it against the stored candidates, keep each photo's bytes in
the workspace's photo folder, and attach it to its candidate (上传照片), all or nothing.

The protocol, so that a process killed at any point (kill -9, power cut after the page cache reached the disk)
leaves a state that the next import repairs, and a failure never loses a photo that was stored:

1. **Recover.** Every import first looks at the leftover temporary files ``.xcert-<证件号码>-<sha256>.<ext>``
   of earlier, interrupted imports. A leftover whose candidate's stored :class:`PhotoRef` names exactly that
   SHA-256 while the stored file does not hash to it is the redo log of an import that committed and then
   died while installing its files: it is installed (``os.replace``) if it hashes to its name. Every other
   leftover (an uncommitted or failed import, a half-written file, the ``mkstemp`` names of older versions)
   is removed. A stale ``<证件号码>.png`` beside a stored ``<证件号码>.jpg`` (or the other way round) is
   removed too (an import that died before removing the replaced file).
2. **Check.** The zip is checked against the stored candidates (any error: nothing else is written).
3. **Write.** Each photo that is not already stored is written to its temporary file in the photo folder;
   the name says whose photo it is and what it hashes to. A photo counts as already stored (skipped: no
   record, no state change) only when the stored SHA-256 equals the photo's *and the file on disk hashes to
   it*, so a file that an interrupted import left behind is always written again.
4. **Commit.** One storage transaction sets every candidate's :class:`PhotoRef` (location
   ``photos/<证件号码>.jpg``, ``.png`` for a PNG) and appends its 上传照片 record (a verified candidate with a
   new photo goes back to 信息待认证). When it fails, the temporary files are removed and the old photos and
   records stay as they were; when the process dies before the commit, step 1 of the next import removes them.
5. **Install.** Only after the commit is each temporary file renamed (``os.replace``, atomic) to its final
   name, and a replaced photo under the other extension removed. When the process dies here, the database
   already names the new photos; the next import (any zip, step 1) installs the rest from the temporary
   files, and the same zip again would in any case rewrite every file that does not hash to its record.

So after a kill the worst state is "the database names the new photo, the file still holds the old one" for
the candidates not yet installed, and any later import, or the same one again, puts it right. Two imports
into the same workspace must not run at the same time (the second's step 1 would remove the first's files), so
an import holds an exclusive lock (``.xcert-photo-import.lock`` in the workspace folder) and a second one is
refused while it runs; the operating system releases the lock when a process dies, even by kill -9.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import attrs
from attrs import frozen

from xcert_adapters.photos.imaging import without_metadata
from xcert_adapters.photos.service import read_checked_photo_zip
from xcert_adapters.private_files import ensure_private, private_dir, write_private_bytes
from xcert_core.errors import XcertError
from xcert_core.model import Candidate, PhotoRef
from xcert_core.photos.checking import CandidateNumbers
from xcert_core.photos.names import normalise_number
from xcert_core.photos.report import PhotoReport
from xcert_core.ports.rules import RuleFamily
from xcert_core.ports.storage import Storage
from xcert_core.roster.importing import SENT_BACK_FROM, record_edit

EXTENSIONS = {"jpeg": (".jpg", "image/jpeg"), "png": (".png", "image/png")}
TEMPORARY_PREFIX = ".xcert-"
"""Every temporary file an import writes in the photo folder starts with this; an import removes (or, as
step 1 of the protocol says, installs) the ones earlier imports left behind."""
_TEMPORARY = re.compile(r"^\.xcert-(?P<number>.+)-(?P<digest>[0-9a-f]{64})(?P<extension>\.jpg|\.png)$")


LOCK_NAME = ".xcert-photo-import.lock"
"""The lock file, in the workspace folder beside the photo folder, that keeps two imports from interleaving."""


class NoCandidatesError(XcertError):
    """A photo import into a workspace that has no candidates yet (exit 2: import the roster first)."""


@frozen
class PhotoImport:
    """What a photo import did: the check's report, and (when it had no error) the ID numbers whose photo was
    attached or replaced, those whose photo was already stored, and those an attached photo sent back from
    信息准确 (or 认证中, 需人工确认) to 信息待认证. ``recovered`` are the ID numbers whose photo file an earlier,
    interrupted import had committed but not installed, installed by this one (step 1 of the protocol)."""

    report: PhotoReport
    attached: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    sent_back: tuple[str, ...] = ()
    recovered: tuple[str, ...] = ()
    partial: bool = False

    @property
    def stored(self) -> bool:
        """The photos were stored: all of them (no error), or, for a ``partial`` import, those without error."""
        return self.partial or not self.report.has_errors


@frozen
class _Pending:
    candidate: Candidate
    temporary: Path
    final: Path
    photo: PhotoRef


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def temporary_name(number: str, digest: str, extension: str) -> str:
    """The temporary file of ``number``'s photo that hashes to ``digest``: ``.xcert-<证件号码>-<sha256><ext>``."""
    return f"{TEMPORARY_PREFIX}{number}-{digest}{extension}"


def hashes_to(path: Path, digest: str) -> bool:
    """Whether ``path`` is a readable file whose SHA-256 is ``digest``."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == digest
    except OSError:
        return False


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
    partial: bool = False,
) -> PhotoImport:
    """Check ``zip_path`` against the school's stored candidates and, without errors, store its photos (see
    the module docstring); with ``partial``, store the photos without an error of their own and report the
    rest. Photo locations are relative to ``root`` (the workspace folder). One import at a time per workspace:
    a second one is refused (:class:`PhotoImportBusyError`) while the first runs."""
    private_dir(photos_dir)
    with _exclusive(root / LOCK_NAME):
        return _import_photos(zip_path, storage=storage, school_code=school_code, root=root, photos_dir=photos_dir,
                              families=families, actor=actor, clock=clock, partial=partial)


class PhotoImportBusyError(XcertError):
    """Another photo import into the same folder is running."""


@contextmanager
def _exclusive(lock: Path) -> Iterator[None]:
    """Hold an exclusive lock on the file ``lock`` (``fcntl.flock``, released by the OS even after kill -9; no
    lock where ``fcntl`` does not exist)."""
    try:
        import fcntl  # noqa: PLC0415 - POSIX only
    except ImportError:
        yield
        return
    with ensure_private(lock).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PhotoImportBusyError("另一个照片导入正在进行，请等它结束后再运行 / another photo import is "
                                       "running in this workspace") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _import_photos(zip_path: Path, *, storage: Storage, school_code: str, root: Path, photos_dir: Path,
                   families: Sequence[RuleFamily], actor: str, clock: Callable[[], dt.datetime],
                   partial: bool) -> PhotoImport:
    stored = storage.list(Candidate, school_code=school_code)
    if not stored:
        raise NoCandidatesError("工作区中还没有学生，无法核对照片：请先运行 xcert students import 名单.xlsx / "
                                "no candidates stored yet; import the roster first")
    recovered = recover_photos(stored, root=root, photos_dir=photos_dir)
    by_number = {normalise_number(candidate.id_number): candidate for candidate in stored}
    candidates = CandidateNumbers.from_numbers(
        (c.id_number for c in stored), has_photo=(c.id_number for c in stored if c.photo is not None))
    pending: list[_Pending] = []
    unchanged: list[str] = []

    def keep(number: str, fmt: str, data: bytes) -> None:
        candidate = by_number[number]
        data = without_metadata(fmt, data)  # no EXIF (a GPS position), XMP or comments is stored or exported
        digest = hashlib.sha256(data).hexdigest()
        extension, media_type = EXTENSIONS[fmt]
        final = photos_dir / f"{number}{extension}"
        old = candidate.photo
        if old is not None and old.sha256 == digest and hashes_to(root / old.location, digest):
            unchanged.append(candidate.id_number)
            return
        temporary = photos_dir / temporary_name(number, digest, extension)
        pending.append(_Pending(candidate, temporary, final,
                                PhotoRef(final.relative_to(root).as_posix(), digest, media_type)))
        _write_temporary(temporary, data)

    try:
        report = read_checked_photo_zip(zip_path, keep, candidates=candidates, families=families, partial=partial)
        if report.has_errors and not partial:
            _remove_temporaries(pending)
            return PhotoImport(report, recovered=recovered)
        sent_back = _attach(storage, pending, actor, clock())
    except BaseException:
        _remove_temporaries(pending)
        raise
    for item in pending:
        _install(item, root)
    return PhotoImport(report, tuple(item.candidate.id_number for item in pending), tuple(unchanged), sent_back,
                       recovered, partial)


def recover_photos(candidates: Iterable[Candidate], *, root: Path, photos_dir: Path) -> tuple[str, ...]:
    """Step 1 of the protocol (module docstring): install the committed photos an interrupted import left as
    temporary files, remove every other temporary file and stale other-extension photos of ``candidates``;
    returns the ID numbers whose photo was installed."""
    by_number = {normalise_number(candidate.id_number): candidate for candidate in candidates}
    installed: list[str] = []
    for leftover in sorted(photos_dir.glob(f"{TEMPORARY_PREFIX}*")):
        match = _TEMPORARY.match(leftover.name)
        candidate = by_number.get(match["number"]) if match else None
        if match and candidate is not None and candidate.photo is not None and leftover.is_file():
            digest, target = match["digest"], root / candidate.photo.location
            if (candidate.photo.sha256 == digest and target == photos_dir / f"{match['number']}{match['extension']}"
                    and not hashes_to(target, digest) and hashes_to(leftover, digest)):
                _move_into_place(leftover, target)
                installed.append(candidate.id_number)
                continue
        if leftover.is_file() or leftover.is_symlink():
            leftover.unlink(missing_ok=True)
    for number, candidate in by_number.items():
        if candidate.photo is None:
            continue
        target = root / candidate.photo.location
        for extension, _ in EXTENSIONS.values():
            stale = photos_dir / f"{number}{extension}"
            if target.parent == photos_dir and target.stem == number and stale != target:
                stale.unlink(missing_ok=True)
    return tuple(installed)


def _write_temporary(path: Path, data: bytes) -> None:
    """Write ``data`` to the temporary file ``path`` (step 3)."""
    write_private_bytes(path, data)


def _install(item: _Pending, root: Path) -> None:
    """Step 5 for one photo: the temporary file becomes the stored photo; a replaced other-extension photo goes."""
    _move_into_place(item.temporary, item.final)
    old = item.candidate.photo
    if old is not None and (root / old.location) != item.final:
        (root / old.location).unlink(missing_ok=True)  # e.g. a PNG replaced by a JPEG


def _move_into_place(temporary: Path, final: Path) -> None:
    """The one step that makes a photo file what the database says it is (atomic: old or new bytes, never half)."""
    os.replace(temporary, final)


def _remove_temporaries(pending: Iterable[_Pending]) -> None:
    for item in pending:
        item.temporary.unlink(missing_ok=True)


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

