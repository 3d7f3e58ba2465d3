"""A throwaway PostgreSQL server for the tests: initdb into a temporary folder, loopback port, removed after.

``XCERT_TEST_POSTGRESQL_URL`` points the tests at an existing server instead. Without it, the server binaries
(``initdb``, ``pg_ctl``) are looked up on PATH and in /usr/lib/postgresql/*/bin; as root the server runs as
the unprivileged ``nobody`` user (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

URL_ENV = "XCERT_TEST_POSTGRESQL_URL"


def find_binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    return candidates[0] if candidates else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def throwaway_server() -> Iterator[str]:
    """Start a server and yield its SQLAlchemy URL; stop it and delete its files afterwards."""
    initdb, pg_ctl = find_binary("initdb"), find_binary("pg_ctl")
    if not (initdb and pg_ctl):
        raise FileNotFoundError("PostgreSQL server binaries (initdb, pg_ctl) not found")
    folder = Path(tempfile.mkdtemp(prefix="xcert-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(folder, "nobody")
        run_as = ["runuser", "-u", "nobody", "--"]
    port = _free_port()
    data = folder / "data"
    try:
        subprocess.run([*run_as, initdb, "-D", str(data), "-A", "trust", "-U", "xcert", "-E", "UTF8",
                        "--no-sync"], check=True, capture_output=True)
        subprocess.run([*run_as, pg_ctl, "-D", str(data), "-l", str(folder / "server.log"), "-w", "-o",
                        f"-h 127.0.0.1 -p {port} -k {folder} -F -c fsync=off", "start"],
                       check=True, capture_output=True)
        try:
            yield f"postgresql+psycopg://xcert@127.0.0.1:{port}/postgres"
        finally:
            subprocess.run([*run_as, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True,
                           check=False)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
