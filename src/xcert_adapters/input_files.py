"""The first check on any file a school hands xcert: it exists, is a readable regular file, and is not huge.

Each caller supplies the Chinese wording that fits its kind of file (a spreadsheet, a photo zip); the checks
themselves are shared. Every failure is an :class:`~xcert_core.errors.UnreadableFileError` (exit code 2).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from attrs import frozen

from xcert_core.errors import UnreadableFileError


@frozen
class FileWording:
    """The reasons shown for a folder, a non-regular file, a file over the limit (``{limit_mb}`` is filled
    in) and an unreadable one."""

    folder: str
    not_regular: str
    too_big: str
    no_permission: str = "没有权限读取该文件"


def check_regular_file(path: Path, max_bytes: int, wording: FileWording) -> int:
    """The size of ``path`` after checking it is an existing, readable regular file of at most ``max_bytes``."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise UnreadableFileError(str(path), "找不到该文件，请检查文件名和位置是否正确") from None
    except OSError:
        raise UnreadableFileError(str(path), "无法访问该文件，请检查文件位置和权限") from None
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableFileError(str(path), wording.folder)
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFileError(str(path), wording.not_regular)
    if info.st_size > max_bytes:
        raise UnreadableFileError(str(path), wording.too_big.format(limit_mb=max_bytes // (1024 * 1024)))
    if not os.access(path, os.R_OK):
        raise UnreadableFileError(str(path), wording.no_permission)
    return info.st_size
