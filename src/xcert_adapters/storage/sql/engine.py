"""Engines for the supported URLs, configured for safe concurrent use.

SQLite: WAL journal (readers do not block the writer), a 30 s busy timeout, foreign keys on, and every
writing transaction opened with ``BEGIN IMMEDIATE`` (the SQLAlchemy recipe for pysqlite), so two processes that read
and then write queue up for the write lock instead of failing with "database is locked".
PostgreSQL: the psycopg 3 driver; its default READ COMMITTED isolation is enough because every invariant
is checked by a constraint or a conditional UPDATE; a 10 s connect timeout.
Both: ``hide_parameters`` keeps statement parameters (which hold ID numbers) out of error messages.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xcert_adapters.private_files import ensure_private
from xcert_core.errors import StorageError

if TYPE_CHECKING:
    from sqlalchemy import Engine

SQLITE_BUSY_TIMEOUT_MS = 30_000
CONNECT_TIMEOUT_S = 10
READ_ONLY = "xcert_read_only"
"""Execution option for connections that only read: on SQLite they take no write lock (plain ``BEGIN``)."""


def make_engine(url: str) -> Engine:
    """An engine for ``sqlite:///path`` or ``postgresql+psycopg://…`` (plain ``postgresql://`` uses psycopg);
    :class:`~xcert_core.errors.StorageError` for another PostgreSQL driver: the storage writes and lists through
    psycopg's own connection (``COPY``, plain statement text)."""
    from sqlalchemy import create_engine, event  # noqa: PLC0415 - a command that only reads SQLite does without
    from sqlalchemy.engine import make_url  # noqa: PLC0415

    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() != "psycopg":
        raise StorageError(f"xcert 通过 psycopg 3 连接 PostgreSQL，不支持 {parsed.get_driver_name()}："
                           "请把数据库地址写成 postgresql+psycopg://… / xcert talks to PostgreSQL through psycopg 3 "
                           "only: use a postgresql+psycopg:// URL")
    if parsed.get_backend_name() != "sqlite":  # a server that accepts but never answers: give up after 10 s
        return create_engine(parsed, pool_pre_ping=True, hide_parameters=True,
                             connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
    if parsed.database and parsed.database != ":memory:" and not parsed.database.startswith("file:"):
        ensure_private(Path(parsed.database))  # personal data: 0600 (SQLite gives its -wal and -shm the same mode)
    engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let SQLAlchemy emit BEGIN itself (below)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin_immediate(connection: Any) -> None:
        options = connection.get_execution_options()
        if options.get("isolation_level") == "AUTOCOMMIT":
            return  # each statement is its own transaction: holding none keeps later reads current
        connection.exec_driver_sql("BEGIN" if options.get(READ_ONLY, False) else "BEGIN IMMEDIATE")

    return engine


def sqlite_file(url: str) -> str | None:
    """The database file of a plain SQLite URL (``sqlite:///relative.db``, ``sqlite:////absolute.db``, also with
    ``+pysqlite``), as SQLAlchemy reads it; ``None`` for anything else (in memory, a ``file:`` URI, query
    options, another database)."""
    scheme, separator, rest = url.partition(":///")
    if not separator or scheme not in ("sqlite", "sqlite+pysqlite") or not rest or "?" in rest:
        return None
    return None if rest == ":memory:" or rest.startswith("file:") else rest


def sqlite_reader(path: str) -> sqlite3.Connection:
    """A connection of the driver's own to the SQLite file ``path`` for reads outside a transaction: autocommit
    (each statement sees what is committed, and holds no lock afterwards) and the engine's busy timeout."""
    connection = sqlite3.connect(path, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                 check_same_thread=False)  # used in its thread; closed by whichever closes the storage
    connection.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    return connection
