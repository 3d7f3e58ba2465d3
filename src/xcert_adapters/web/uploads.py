"""Uploaded files: written to a private temporary folder of the workspace and read from there exactly as the
command line reads a file — the same readers, the same limits, the same checks for hostile content."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from litestar.datastructures import UploadFile

from xcert_adapters.private_files import private_dir, write_private_bytes
from xcert_adapters.workspace import Workspace
from xcert_core.errors import XcertError

UPLOADS = ".uploads"
_UNSAFE = re.compile(r'[/\\:*?"<>|\x00-\x1f]')


def upload_name(upload: UploadFile) -> str:
    """The uploaded file's own name, without any folder and with characters file systems refuse replaced."""
    name = Path((upload.filename or "upload").replace("\\", "/")).name
    return _UNSAFE.sub("_", name).strip(". ") or "upload"


class UploadError(XcertError):
    """An uploaded file the readers refuse; the message names the upload, not where the server kept it."""


@contextmanager
def saved_upload(workspace: Workspace, upload: UploadFile) -> Iterator[tuple[Path, str]]:
    """The upload saved under its own name in a fresh 0700 folder inside the workspace (0600 file), removed
    afterwards; yields the path and the name. An :class:`~xcert_core.errors.XcertError` raised inside comes
    out as :class:`UploadError` naming the upload."""
    base = workspace.root / UPLOADS
    private_dir(base)
    folder = Path(tempfile.mkdtemp(dir=base))
    name = upload_name(upload)
    path = folder / name
    try:
        upload.file.seek(0)
        write_private_bytes(path, upload.file.read())
        yield path, name
    except XcertError as exc:  # name the file as the user knows it, not the server's temporary copy
        raise UploadError(str(exc).replace(str(path), name)) from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
