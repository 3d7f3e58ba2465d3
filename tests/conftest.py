"""Shared test settings: hypothesis profiles (``ci`` is the default; ``HYPOTHESIS_PROFILE=dev`` is quicker)."""

from __future__ import annotations

import itertools
import os
import shutil
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, make_url, text

from xcert_adapters.cli.trace import TRACE_VARIABLE
from xcert_adapters.testing.postgres_server import URL_ENV, find_binary, throwaway_server
from xcert_core.ports.storage import Storage

_OWN_TRACE: list[str] = []

# Bytecode is written even where PYTHONDONTWRITEBYTECODE is set (as on this project's CI machine): the suite starts
# hundreds of Python processes (workers, commands, servers), and each would compile xcert's sources again, and
# each pytest worker would rewrite every test module's asserts again. Set here, before any test module is
# imported, and in the environment the children inherit. The caches land in __pycache__ (ignored by git).
sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def pytest_configure(config: pytest.Config) -> None:
    """Record every ``xcert`` the tests run (``cli/test_every_option_is_run.py`` checks the record): a fresh folder
    per session, named in the environment the children inherit, unless the caller chose one."""
    if not os.environ.get(TRACE_VARIABLE):
        os.environ[TRACE_VARIABLE] = tempfile.mkdtemp(prefix="xcert-cli-trace-")
        _OWN_TRACE.append(os.environ[TRACE_VARIABLE])


LAST = "test_every_option_is_run.py"
"""The module whose test reads what every other test ran: it must come last, whatever folder sorts after it."""

FIRST = ("test_docs.py", "test_model_roundtrip.py", "test_storage_postgresql.py", "test_web.py", "test_demo.py",
         "test_storage_sqlite.py", "test_web_walkthrough.py", "test_registration.py", "test_schedule_workspace.py",
         "test_accounts.py", "test_web_records.py", "test_platform_package.py", "test_photos_killed.py",
         "test_cli_options.py", "test_scheduling.py", "test_job_queue.py")
"""The modules that take longest (each 9–42 s of one worker, ``--durations=0`` added up per module, December
2026), longest first: with ``--dist loadscope`` a module runs whole on one worker, and one of them handed out last
kept the other worker idle for up to a minute at the end of the run (the longest-first order of scheduling). The
pytest options keep xdist from reordering the modules by their number of tests (``--no-loadscope-reorder``):
that put the browser walkthrough, 25 s in two tests, last. A test checks that every name here is a module."""


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """Move the modules of :data:`FIRST` to the start and the tests of :data:`LAST` to the end of the session
    (stable sorts: the rest keep their order). A
    worker of a parallel run leaves them out: no worker comes after all the others, so the controller checks at
    the end instead (:func:`pytest_sessionfinish`)."""
    items.sort(key=lambda item: FIRST.index(item.path.name) if item.path.name in FIRST else len(FIRST))
    if hasattr(config, "workerinput"):
        last = [item for item in items if item.path.name == LAST]
        if last:
            config.hook.pytest_deselected(items=last)
            items[:] = [item for item in items if item.path.name != LAST]
        return
    items.sort(key=lambda item: item.path.name == LAST)


def _parallel_controller(config: pytest.Config) -> bool:
    return not hasattr(config, "workerinput") and bool(getattr(config.option, "numprocesses", None))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In a parallel run of the whole suite that passed, check that every ``xcert`` command and option was run by
    some test (what :data:`LAST` checks in a serial run), and fail the run naming each one that was not."""
    config = session.config
    if not _parallel_controller(config) or exitstatus != 0 or config.option.collectonly:
        return
    tests = Path(__file__).parent.resolve()
    filtered = any(config.getoption(name, default=None) for name in ("keyword", "markexpr", "deselect", "lf"))
    if filtered or {Path(arg.split("::")[0]).resolve() for arg in config.args} != {tests}:
        return
    from option_coverage import not_run  # noqa: PLC0415 - imports the whole CLI: only when it is needed

    commands, options = not_run()
    if commands or options:
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.section("commands and options no test ran", sep="=", red=True)
            for line in [*(f"command: xcert {c}" for c in commands), *(f"option: {o}" for o in options)]:
                reporter.line(line, red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the session's own trace folder (one the caller chose stays)."""
    for folder in _OWN_TRACE:
        shutil.rmtree(folder, ignore_errors=True)


settings.register_profile("ci", deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None, max_examples=20)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``xcert demo --students 40`` run once per test process; modules that need the demo school take a copy
    (``demo_folders.copy_demo``) instead of running it again (a copy is the same workspace: its paths are relative)."""
    from cli_run import xcert  # noqa: PLC0415 - the tests' helper, on the tests' path

    folder = tmp_path_factory.mktemp("demo-master") / "demo"
    result = xcert("demo", str(folder), "--students", "40")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    return folder


@pytest.fixture
def forks_beside_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    """``XCERT_WORKERS=2`` forks workers in this test even when the test process runs a thread another test left
    behind (Litestar's log listener, from any test that made the web app): the worker kinds never fork beside a
    thread (``xcert_adapters.concurrency``, tested in ``tests/cli/test_progress_bars.py``), but these tests are
    about the workers, and their forked processes take no lock such a thread holds."""
    import threading  # noqa: PLC0415

    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setenv("XCERT_WORKERS", "2")


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing() -> Iterator[None]:
    """Workbench passwords hashed with argon2id at the lowest cost in this process: the tests are about who may do
    what, not about argon2's cost (a default hash takes about 0.1 s, and some properties make hundreds). Commands
    run as subprocesses keep the defaults; a hash made either way verifies either way."""
    from argon2 import PasswordHasher  # noqa: PLC0415

    from xcert_adapters.app import accounts  # noqa: PLC0415

    default = accounts.PASSWORD_HASHER
    accounts.PASSWORD_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    yield
    accounts.PASSWORD_HASHER = default


@pytest.fixture(scope="session")
def postgresql_url() -> Iterator[str]:
    """A PostgreSQL URL: ``XCERT_TEST_POSTGRESQL_URL``, or a throwaway server started for this test run."""
    if os.environ.get(URL_ENV):
        yield os.environ[URL_ENV]
        return
    if not (find_binary("initdb") and find_binary("pg_ctl")):
        pytest.skip(f"PostgreSQL tests skipped: no server binaries (initdb, pg_ctl) and {URL_ENV} is not set")
    with throwaway_server() as url:
        yield url


@pytest.fixture
def postgresql_database(postgresql_url: str) -> Iterator[str]:
    """A fresh database on the test server, dropped afterwards."""
    name = f"xcert_test_{uuid.uuid4().hex[:8]}"
    engine = create_engine(postgresql_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(postgresql_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def fresh_storage(request: pytest.FixtureRequest,
                  tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[], Storage]]:
    """A maker of fresh, empty storages of one kind — memory, a SQLite file, the PostgreSQL test server (emptied)
    — so a property about what a use case leaves behind (all-or-nothing, quota, withdrawal) is held on every
    storage the project ships, one fresh store per hypothesis example. The PostgreSQL kind is skipped without a
    server."""
    from xcert_adapters.storage.memory import MemoryStorage  # noqa: PLC0415
    from xcert_adapters.storage.sql.schema import TABLES  # noqa: PLC0415
    from xcert_adapters.storage.sql.storage import SqlStorage  # noqa: PLC0415

    opened: list[Storage] = []
    numbers = itertools.count()
    if request.param == "sqlite":
        folder = tmp_path_factory.mktemp("stores")
        make: Callable[[], Storage] = lambda: SqlStorage(f"sqlite:///{folder / f'{next(numbers)}.db'}")  # noqa: E731
    elif request.param == "postgresql":
        url = request.getfixturevalue("postgresql_url")

        def make() -> Storage:
            storage = SqlStorage(url)
            with storage._engine.begin() as connection:
                connection.execute(text(f"TRUNCATE {', '.join(table.name for table in TABLES.values())}"))
            return storage
    else:
        make = MemoryStorage

    def fresh() -> Storage:
        for storage in opened:  # one store at a time: the previous example's is done with
            storage.close()
        opened[:] = [make()]
        return opened[0]

    yield fresh
    for storage in opened:
        storage.close()
