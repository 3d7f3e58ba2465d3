"""The platform-package port: export a workspace in the X platform's upload templates; sync its exports back.

``export`` writes exactly what the platform's upload dialogs take and returns the files written; ``sync``
reads a file the platform exported and returns the entities it describes, leaving storage to the caller so
the sync stays all-or-nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

from xcert_core.model import Entity
from xcert_core.ports.storage import Storage


@runtime_checkable
class PlatformPackager(Protocol):
    def export(self, storage: Storage, out_dir: Path) -> Sequence[Path]: ...

    def sync(self, path: Path) -> Sequence[Entity]: ...


PlatformPackagerFactory = Callable[[], PlatformPackager]
