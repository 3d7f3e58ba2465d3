"""Files and folders that hold personal data: created private (0600 / 0700) whatever the umask, and temporaries
that the next run of the same command cleans up after a killed one.

Every path xcert writes personal data to goes through here: the SQLite database, stored photos, the printed
pack, every workbook (reports, lists, the platform package), zips, the manifest and their temporaries. The
contract:

* :func:`private_dir` creates a folder (and its missing parents) 0700; a folder that already exists is left as
  it is (it may be the school's own ``Desktop``);
* :func:`create_private` / :func:`open_private` create or truncate a file and make it 0600, also when it existed
  with a wider mode; a library that writes to a *path* (openpyxl, reportlab, SQLite) writes into a file
  :func:`create_private` made, and keeps its mode;
* :func:`temporary_for` names a temporary next to its target as ``.xcert-tmp-<pid>-<name>``, and
  :func:`remove_dead_leftovers` removes such names (and the older ``.tmp-<pid>-…`` and ``.xcert-…`` forms) whose
  process is no longer running — a ``kill -9`` in the middle of a write leaves nothing behind for good.

On Windows the modes are what ``os.chmod`` can express there (read-only or not); the folders' ACLs decide.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700
TEMPORARY_PREFIX = ".xcert-tmp-"

_LEFTOVER = re.compile(r"^(?:\.xcert-tmp-|\.tmp-)(\d+)-")
"""A temporary of a process: its pid is the number after the prefix (``.tmp-`` is the name older versions used)."""


def private_dir(path: Path) -> Path:
    """Create ``path`` and any missing parents with mode 0700; existing folders keep their mode. Returns ``path``."""
    missing = []
    folder = path
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # a concurrent run made it first
            folder.mkdir(mode=PRIVATE_DIR_MODE)
            folder.chmod(PRIVATE_DIR_MODE)  # mkdir's mode is masked by the umask; 0700 is what we mean
    return path


def _tighten(path: Path | int) -> None:
    with contextlib.suppress(PermissionError):  # a file someone else owns: the write itself tells if we may
        os.chmod(path, PRIVATE_FILE_MODE)


def _made_private(path: Path, flags: int) -> Path:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | flags, PRIVATE_FILE_MODE)
    try:
        _tighten(descriptor if os.chmod in os.supports_fd else path)
    finally:
        os.close(descriptor)
    return path


def create_private(path: Path) -> Path:
    """Create ``path`` empty with mode 0600 (truncating it, and tightening its mode, when it exists)."""
    return _made_private(path, os.O_TRUNC)


def ensure_private(path: Path) -> Path:
    """Create ``path`` empty with mode 0600 when it does not exist; tighten an existing one to 0600 (its content
    is kept: an existing database)."""
    return _made_private(path, 0)


def open_private(path: Path) -> BinaryIO:
    """``open(path, "wb")`` for a file made private by :func:`create_private`."""
    create_private(path)
    return path.open("wb")


def write_private_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (replacing it) as a 0600 file."""
    with open_private(path) as stream:
        stream.write(data)


def write_private_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` (replacing it) as a 0600 file."""
    write_private_bytes(path, text.encode(encoding))


def temporary_for(target: Path) -> Path:
    """The temporary to write ``target`` through: ``.xcert-tmp-<pid>-<name>`` in the same folder (so the final
    ``os.replace`` is atomic), created private and empty."""
    return create_private(target.with_name(f"{TEMPORARY_PREFIX}{os.getpid()}-{target.name}"))


@contextlib.contextmanager
def replacing(target: Path, temporary: Path | None = None) -> Iterator[Path]:
    """Yield a private temporary for ``target`` (``temporary``, one made earlier by :func:`temporary_for`, or a new
    one); when the block ends normally it replaces ``target`` atomically, otherwise it is removed and ``target`` is
    untouched."""
    temporary = temporary if temporary is not None else temporary_for(target)
    try:
        yield temporary
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def write_replacing(target: Path, write: Callable[[Path], None]) -> None:
    """``write(temporary)`` and then replace ``target`` with it (see :func:`replacing`)."""
    with replacing(target) as temporary:
        write(temporary)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # another user's process, or a platform without signal 0: leave its files alone
    return True


def remove_dead_leftovers(folder: Path) -> list[str]:
    """Remove the temporaries in ``folder`` (not below it) left by processes that are no longer running; return
    their names. A folder that does not exist has none."""
    removed: list[str] = []
    if not folder.is_dir():
        return removed
    for entry in folder.iterdir():
        match = _LEFTOVER.match(entry.name)
        if match and entry.is_file() and not _running(int(match.group(1))):
            with contextlib.suppress(FileNotFoundError):
                entry.unlink()
                removed.append(entry.name)
    return removed
