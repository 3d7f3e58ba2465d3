"""SQL storage on SQLite: insert 100,000 candidates and look up 10,000 by key, vs. bare sqlite3 doing the same.

The bare baseline writes the same JSON rows with ``executemany`` into a table of the same shape in one
transaction, and looks rows up by primary key, parsing the JSON (ours also builds each entity); the ratio is
ours / bare (goals: at most 2x for the insert and, issue 21, for the look-ups). A look-up figure is the best of
five runs on each side (reads can be repeated; a single run of a tenth of a second gave 1.9x and 2.5x on the
same code a minute apart).
PostgreSQL is measured on ``XCERT_BENCH_POSTGRESQL_URL``, or on a throwaway server when the server binaries are
installed (reported without a bare baseline).
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from contextlib import ExitStack
from pathlib import Path

import sample_data
from sample_data import best_of, timed

from xcert_adapters.storage.sql.storage import SqlStorage
from xcert_adapters.testing.postgres_server import find_binary, throwaway_server
from xcert_core.model import Candidate
from xcert_core.serialization import unstructure

ROWS = 100_000
LOOKUPS = 10_000




def _bare_sqlite(path: Path, candidates: list[Candidate], keys: list[tuple[str, ...]]) -> tuple[float, float]:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE candidate (school_code TEXT, id_number TEXT, revision INTEGER, data TEXT,"
                       " PRIMARY KEY (school_code, id_number))")

    def insert() -> None:
        with connection:
            connection.executemany("INSERT INTO candidate VALUES (?, ?, 1, ?)",
                                   ((c.school_code, c.id_number, json.dumps(unstructure(c))) for c in candidates))

    def lookup() -> None:
        for key in keys:
            json.loads(connection.execute("SELECT data FROM candidate WHERE school_code = ? AND id_number = ?",
                                          key).fetchone()[0])

    figures = timed(insert), best_of(lookup)
    connection.close()
    return figures


def _ours(url: str, candidates: list[Candidate], keys: list[tuple[str, ...]]) -> tuple[float, float]:
    storage = SqlStorage(url)
    insert = timed(lambda: storage.add_all(candidates))
    lookup = best_of(lambda: [storage.get(Candidate, key) for key in keys])
    storage.close()
    return insert, lookup


def run() -> list[str]:
    candidates = sample_data.candidates(ROWS)
    keys = [c.key for c in candidates[:: ROWS // LOOKUPS]]
    with tempfile.TemporaryDirectory() as folder:
        bare_insert, bare_lookup = _bare_sqlite(Path(folder) / "bare.db", candidates, keys)
        ours_insert, ours_lookup = _ours(f"sqlite:///{Path(folder) / 'xcert.db'}", candidates, keys)
    lines = [
        f"sqlite insert {ROWS:,}: {ours_insert:.2f} s (bare sqlite3 executemany {bare_insert:.2f} s, "
        f"ratio {ours_insert / bare_insert:.2f}x)",
        f"sqlite look up {LOOKUPS:,} by key: {ours_lookup:.2f} s (bare sqlite3 {bare_lookup:.2f} s, "
        f"ratio {ours_lookup / bare_lookup:.2f}x)",
    ]
    with ExitStack() as stack:
        pg_url = os.environ.get("XCERT_BENCH_POSTGRESQL_URL")
        if not pg_url and find_binary("initdb") and find_binary("pg_ctl"):
            pg_url = stack.enter_context(throwaway_server())
        if pg_url:
            pg_insert, pg_lookup = _ours(pg_url, candidates, keys)
            lines.append(f"postgresql insert {ROWS:,}: {pg_insert:.2f} s ({pg_insert / bare_insert:.2f}x bare "
                         f"sqlite3); look up {LOOKUPS:,}: {pg_lookup:.2f} s")
    return lines
