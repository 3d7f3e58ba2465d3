"""The ``folder`` output store: files under a folder (readable by their owner only, like every file xcert writes),
each put through a temporary file and an atomic rename, and left alone when the bytes are already there."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from xcert_adapters.private_files import private_dir
from xcert_core.hookspecs import Register, hookimpl
from xcert_core.ports.outputs import OutputStoreFactory, checked_name


class FolderOutputStore:
    """Files under ``root`` (created on the first put)."""

    def __init__(self, target: str) -> None:
        self.root = Path(target.removeprefix("folder://"))

    def put(self, name: str, source: Path) -> str:
        target = self.root.joinpath(*checked_name(name).parts)
        data = source.read_bytes()
        if target.is_file() and target.read_bytes() == data:
            return str(target)
        private_dir(target.parent)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".put-")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.chmod(temporary, 0o600)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return str(target)


@hookimpl
def xcert_register_output_stores(register: Register[OutputStoreFactory]) -> None:
    register("folder", FolderOutputStore)
