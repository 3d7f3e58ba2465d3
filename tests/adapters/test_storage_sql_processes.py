"""Real processes against one SQL database: quota under contention, and a killed import leaves no trace."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from xcert_adapters.storage.sql.storage import SqlStorage
from xcert_core.model import Candidate, PilotApplication
from xcert_core.testing.storage_contract import sample_application, sample_candidate

PROCESSES = 8

REGISTER = textwrap.dedent("""
    import sys
    from xcert_adapters.storage.sql.storage import SqlStorage
    from xcert_core.errors import QuotaExceededError
    storage = SqlStorage(sys.argv[1])
    key = tuple(sys.argv[2].split("|"))
    granted = 0
    for _ in range(int(sys.argv[3])):
        try:
            storage.adjust_quota(key, 1)
            granted += 1
        except QuotaExceededError:
            pass
    print(granted)
""")

KILLED_IMPORT = textwrap.dedent("""
    import os, signal, sys
    from xcert_adapters.storage.sql.storage import SqlStorage
    from xcert_core.testing.storage_contract import sample_candidate
    storage = SqlStorage(sys.argv[1])
    def rows():
        for n in range(100_000):
            if n == 12_000:  # two batches are written inside the transaction by now
                os.kill(os.getpid(), signal.SIGKILL)
            yield sample_candidate("S001", f"{110101200000000000 + n}")
    storage.add_all(rows())
""")


def _sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'shared.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return _sqlite_url(tmp_path)
    pg_url: str = request.getfixturevalue("postgresql_url")
    storage = SqlStorage(pg_url)
    for table in ("pilot_application", "candidate"):
        with storage._engine.begin() as connection:
            connection.exec_driver_sql(f"TRUNCATE {table}")
    storage.close()
    return pg_url


def test_eight_processes_never_exceed_the_quota(url: str) -> None:
    storage = SqlStorage(url)
    application = sample_application(approved=150)
    storage.add(application)
    workers = [
        subprocess.Popen([sys.executable, "-c", REGISTER, url, "|".join(application.key), "25"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(PROCESSES)
    ]
    outputs = [worker.communicate(timeout=300) for worker in workers]
    assert all(worker.returncode == 0 for worker in workers), [err for _, err in outputs]
    assert sum(int(out) for out, _ in outputs) == 150  # 200 attempts, exactly the approved 150 granted
    assert storage.get(PilotApplication, application.key).used_quota == 150
    storage.close()


def test_a_killed_import_leaves_the_database_as_it_was(url: str) -> None:
    storage = SqlStorage(url)
    storage.add(sample_application(approved=1))
    result = subprocess.run([sys.executable, "-c", KILLED_IMPORT, url], capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == -9, result.stderr
    assert storage.count(Candidate) == 0
    assert storage.count(PilotApplication) == 1
    storage.close()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")
def test_a_forked_process_reads_and_writes_on_connections_of_its_own(url: str) -> None:
    """The printed pack's workers are forked from a process that has read the workspace: a child must not use the
    connections it inherited (SQLite's and SQLAlchemy's advice), nor close them. It reads and writes on its own,
    and the parent goes on reading on its own, seeing what the child wrote."""
    storage = SqlStorage(url)
    storage.add(sample_candidate("S001", "110101200001010011"))
    assert [c.id_number for c in storage.list(Candidate)] == ["110101200001010011"]
    inherited = list(storage._reader_connections)
    assert inherited  # the parent reads on a connection it keeps
    context = multiprocessing.get_context("fork")
    results = context.SimpleQueue()

    def child() -> None:
        found = [c.id_number for c in storage.list(Candidate)]
        storage.add(sample_candidate("S001", "110101200001010022"))
        results.put((found, any(reader in storage._reader_connections for reader in inherited),
                     len(storage._reader_connections)))

    process = context.Process(target=child)
    process.start()
    process.join(timeout=120)
    assert process.exitcode == 0
    found, reused, opened = results.get()
    assert found == ["110101200001010011"] and not reused and opened >= 1
    assert storage._reader_connections == inherited  # the parent's, still its own and open
    assert [c.id_number for c in storage.list(Candidate)] == ["110101200001010011", "110101200001010022"]
    storage.close()
