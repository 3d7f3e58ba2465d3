"""Step 4 as use cases: check a photo zip (学生照片), fix it into the zip the platform accepts, import it into the
workspace all-or-nothing.

The photo rule families are the registered rule plug-ins whose target is ``"photo"``; a roster (a file, or the
workspace's stored candidates) lets every photo be matched to a candidate.
"""

from __future__ import annotations

from pathlib import Path

from xcert_adapters.app.audit import COMMAND_LINE
from xcert_adapters.app.errors import RequestError
from xcert_adapters.app.import_history import PHOTOS, record_import
from xcert_adapters.photos.service import check_photo_zip, fix_photo_zip, load_candidates
from xcert_adapters.photos.store import PhotoImport, import_photos
from xcert_adapters.workspace import Workspace
from xcert_core.model import Candidate
from xcert_core.photos.checking import CandidateNumbers
from xcert_core.photos.report import FixReport, PhotoReport
from xcert_core.photos.report_workbook import photo_report_sheets
from xcert_core.plugins import XcertPlugins
from xcert_core.ports.rules import PHOTO_TARGET, RuleFamily

IMPORT_ACTOR = "xcert photos import"


def photo_families(plugins: XcertPlugins) -> list[RuleFamily]:
    """The registered rule families that check photos (target ``"photo"``)."""
    return plugins.rule_families(PHOTO_TARGET)


def _candidates(plugins: XcertPlugins, roster: Path | None, sheet: str | None) -> CandidateNumbers | None:
    return load_candidates(roster, plugins, sheet) if roster is not None else None


def check_zip(plugins: XcertPlugins, zip_path: Path, *, roster: Path | None = None,
              sheet: str | None = None) -> PhotoReport:
    """Every photo of the zip against the platform's rules, and (with ``roster``) against the roster's ID
    numbers: a photo nobody has, a candidate without a photo."""
    return check_photo_zip(zip_path, candidates=_candidates(plugins, roster, sheet), families=photo_families(plugins))


def fix_zip(plugins: XcertPlugins, zip_path: Path, out: Path, *, roster: Path | None = None,
            sheet: str | None = None, force: bool = False) -> FixReport:
    """Write ``out``, a zip of the photos the platform accepts: scaled, upright, RGB JPEG without metadata, named
    by ID number; what cannot be fixed safely is left out and reported. :class:`RequestError` for an ``out`` that
    is not a .zip, is the input, or exists (without ``force``)."""
    if out.suffix.lower() != ".zip":
        raise RequestError("--out 的文件名应以 .zip 结尾 / --out must name a .zip file")
    if out.exists() and zip_path.exists() and out.resolve() == zip_path.resolve():
        raise RequestError("--out 不能与输入的压缩包相同 / --out must not be the input zip")
    if out.exists() and not force:
        raise RequestError(f"{out} 已存在，如需覆盖请加 --force / {out} exists; pass --force to overwrite")
    return fix_photo_zip(zip_path, out, candidates=_candidates(plugins, roster, sheet),
                         families=photo_families(plugins))


def import_zip(workspace: Workspace, zip_path: Path, *, partial: bool = False, actor: str = "",
               channel: str = COMMAND_LINE, name: str | None = None) -> PhotoImport:
    """Check the zip against the workspace's candidates and, without errors, store every photo (without its
    metadata) and send each candidate to 信息待认证 (see :mod:`xcert_adapters.photos.store`). With ``partial``,
    store the photos that have no error of their own and report the others (one absent or blue-background
    photo no longer holds back the rest)."""
    result = import_photos(zip_path, storage=workspace.storage, school_code=workspace.school_code,
                           root=workspace.root, photos_dir=workspace.photos_dir,
                           families=photo_families(workspace.plugins), actor=IMPORT_ACTOR, partial=partial)
    record_import(workspace, PHOTOS, zip_path, result.report.issue_report(), stored=result.stored,
                  added=len(result.attached), unchanged=len(result.unchanged), actor=actor, channel=channel, name=name)
    return result


def write_photo_report(plugins: XcertPlugins, report: PhotoReport, out: Path) -> None:
    """The photo check's report workbook (照片问题, 问题汇总) at ``out``, written privately."""
    plugins.workbook_writer().write(photo_report_sheets(report, plugins.catalogue), out)


def stored_photo(workspace: Workspace, candidate: Candidate) -> Path | None:
    """The candidate's stored photo file, or ``None``: no photo, the file is gone, or its location leads outside
    the workspace folder (stored locations are relative to it; nothing else is ever served or read)."""
    if candidate.photo is None:
        return None
    root = workspace.root.resolve()
    path = (root / candidate.photo.location).resolve()
    return path if path.is_relative_to(root) and path.is_file() else None


def candidate_photo(workspace: Workspace, id_number: str) -> tuple[Path, str] | None:
    """The school's candidate ``id_number``'s stored photo file and media type (:func:`stored_photo`), or
    ``None``: no such candidate, no photo, or no file."""
    candidate = workspace.storage.find(Candidate, (workspace.school_code, id_number))
    path = stored_photo(workspace, candidate) if candidate is not None else None
    return (path, candidate.photo.media_type) if path is not None and candidate and candidate.photo else None
