"""The built-in platform packager (``x-platform``), registered by :mod:`xcert_adapters.platform.plugin`.

:class:`XPlatformPackager` writes the upload package (:func:`xcert_core.exchange.package.build_package` as
.xlsx files with the openpyxl writer, the stored photos as a zip named by ID number, and ``README.txt``) and
reads the platform's exports (:mod:`xcert_adapters.platform.exports`). Importing this module loads neither
openpyxl nor the workbook readers.
"""

from __future__ import annotations

import re
import zipfile
from functools import partial
from pathlib import Path

from xcert_adapters.private_files import private_dir, remove_dead_leftovers, write_private_text, write_replacing
from xcert_core.exchange.issue_types import EXPORT_PHOTO_FILE_MISSING
from xcert_core.exchange.package import (
    PHOTOS_DIALOG,
    PHOTOS_FILE,
    PUBLIC_ROSTER_FILE,
    README_FILE,
    ROSTER_FILE,
    build_package,
    photo_entry_name,
    readme_text,
)
from xcert_core.issues import Issue
from xcert_core.model import Candidate, School
from xcert_core.plugins import XcertPlugins, make_plugin_manager
from xcert_core.ports.platform import (
    ExportContext,
    ExportedFile,
    ExportResult,
    PlatformExport,
)
from xcert_core.ports.storage import Storage
from xcert_core.ports.workbooks import SheetModel, WorkbookWriter
from xcert_core.privacy import mask_id_number

PACKAGE_FILE = re.compile(r"^[1-5]_.+\.(xlsx|zip)$")
"""The names an export writes (besides README.txt): what ``--force`` may remove from an earlier export."""
ZIP_TIME = (2000, 1, 1, 0, 0, 0)
"""Every zip entry's timestamp: the same photos give the same zip, byte for byte."""


def photo_file(candidate: Candidate, context: ExportContext) -> Path | None:
    """The stored photo's file: an absolute location as is, a relative one under the photos folder, then the
    workspace folder; ``None`` when there is no such file."""
    if candidate.photo is None:
        return None
    location = Path(candidate.photo.location)
    options = [location] if location.is_absolute() else [context.photos_dir / location, context.root / location]
    return next((path for path in options if path.is_file()), None)


def _write_sheet(writer: WorkbookWriter, model: SheetModel, target: Path) -> None:
    writer.write([model], target)


class XPlatformPackager:
    """The X platform's upload package and exports (see the module docstring)."""

    def __init__(self, plugins: XcertPlugins | None = None) -> None:
        self._plugins = plugins

    @property
    def plugins(self) -> XcertPlugins:
        if self._plugins is None:
            self._plugins = make_plugin_manager()
        return self._plugins

    def export(self, storage: Storage, out_dir: Path, context: ExportContext) -> ExportResult:
        package = build_package(storage, context.school_code)
        private_dir(out_dir)
        remove_dead_leftovers(out_dir)
        writer = self.plugins.workbook_writer()
        issues: list[Issue] = list(package.issues)
        files: list[ExportedFile] = []
        rosters = sum(sheet.file_name in (ROSTER_FILE, PUBLIC_ROSTER_FILE) for sheet in package.sheets)
        for index, sheet in enumerate(package.sheets):
            path = out_dir / sheet.file_name
            write_replacing(path, partial(_write_sheet, writer, sheet.sheet))
            files.append(ExportedFile(path, sheet.dialog, sheet.rows))
            if index == rosters - 1 and package.photos:  # the photos right after the rosters they belong to
                photos, missing = self._write_photos(package.photos, out_dir / PHOTOS_FILE, context)
                issues += missing
                if photos:
                    files.append(ExportedFile(out_dir / PHOTOS_FILE, PHOTOS_DIALOG, photos))
        school = storage.find(School, (context.school_code,))
        text = readme_text(school.name if school else context.school_code, context.school_code,
                           [(f.path.name, f.dialog, f.rows) for f in files])
        write_private_text(out_dir / README_FILE, text)
        return ExportResult((*files, ExportedFile(out_dir / README_FILE, "（说明，不上传）", 0)), tuple(issues))

    @staticmethod
    def _write_photos(candidates: tuple[Candidate, ...], path: Path,
                      context: ExportContext) -> tuple[int, list[Issue]]:
        found: list[tuple[str, Path]] = []
        issues: list[Issue] = []
        for candidate in candidates:
            source = photo_file(candidate, context)
            if source is None:
                issues.append(EXPORT_PHOTO_FILE_MISSING.at(name=candidate.name,
                                                           masked=mask_id_number(candidate.id_number)))
            else:
                found.append((photo_entry_name(candidate), source))
        if not found:
            path.unlink(missing_ok=True)
            return 0, issues

        def write(target: Path) -> None:
            with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
                for name, source in found:
                    info = zipfile.ZipInfo(name, ZIP_TIME)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    archive.writestr(info, source.read_bytes())

        write_replacing(path, write)
        return len(found), issues

    def read_export(self, path: Path) -> PlatformExport:
        from xcert_adapters.platform.exports import read_platform_export  # noqa: PLC0415 - readers on use

        return read_platform_export(path, self.plugins)


def remove_previous_export(out_dir: Path) -> list[Path]:
    """Delete the files an earlier export wrote into ``out_dir`` (``N_….xlsx``/``.zip`` and README.txt), and
    nothing else; returns what was removed."""
    removed = []
    for path in sorted(out_dir.iterdir()):
        if path.is_file() and (PACKAGE_FILE.match(path.name) or path.name == README_FILE):
            path.unlink()
            removed.append(path)
    return removed
