"""``xcert schedule --plan`` on a SQLite workspace: 20,000 registrations over 800 rooms and 200,000 over 8,000, vs
the bare ``allocate`` call on the same registrations and rooms, and vs a bare script doing the same work.

The CLI figure is the whole process (start-up, reading the plan's registrations, candidates and rooms from
SQLite, allocation with the adjacency rule, storing 20,000 seat assignments and the audit record in one
transaction); the baseline is :func:`~xcert_core.scheduling.allocation.allocate` alone in this process (the best of
three runs: a single one moved from 1.4 to 2.5 s at 200,000 on a busy host). The
ratio shows what storage and the command cost on top of the allocation: start-up, turning the 20,000 stored
registrations back into entities, three fields of each candidate for the classes (``Storage.values``: no entity
built), and writing the seats (``add_all``: batched ``INSERT``). A ``--redo`` with another seed also deletes every
changed seat (``delete_all``: one ``DELETE`` run for every key).

The second baseline, ``bare script``, is a fresh process doing the command's work with the bare libraries and
nothing of xcert but ``allocate`` and the entity types: sqlite3 reads the plan's registrations and rooms (cattrs
builds them from the stored JSON) and three fields of each candidate (``json_extract``), ``allocate`` seats them,
and one ``executemany`` writes the seats as JSON, in one transaction. Its ratio is what xcert's storage port,
checks, audit record and command cost on top of the same libraries.

When this machine has the PostgreSQL server binaries, the same workspaces are measured again on a throwaway
server (``XCERT_BENCH_PG=0`` skips it): the command, ``--redo`` and ``--redo --seed 2`` against bare ``allocate``.
The bare script has no PostgreSQL twin; the SQLite line gives what the libraries alone cost.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from sample_data import best_of, fresh_database, timed

from xcert_adapters.testing.postgres_server import find_binary, throwaway_server
from xcert_adapters.workspace import Workspace, WorkspaceConfig, create_workspace
from xcert_core.labels import CertificateLevel, Gender, IdType, ReviewStatus
from xcert_core.model import Candidate, ExamPlan, ExamRoom, ExamSession, ExamSite, Registration, SeatLayout, Subject
from xcert_core.scheduling.allocation import allocate

COUNTS = ((20_000, 800), (200_000, 8_000))
SITES = 8
SCHOOL = "S001"
CERTIFICATE = "1550001066020254"
PLAN = ExamPlan("P1", "计划", 2026, "fhxlh", CERTIFICATE, CertificateLevel.INTERMEDIATE,
                subjects=(Subject("T", "理论"),),
                sessions=(ExamSession("S1", "T", dt.date(2026, 6, 13), dt.time(9), dt.time(10, 30)),))


BARE_SCRIPT = """
import json, sqlite3, sys
from xcert_core.model import ExamPlan, ExamRoom, Registration
from xcert_core.model.candidates import class_key_of
from xcert_core.scheduling.allocation import allocate
from xcert_core.serialization import structure, unstructure
db = sqlite3.connect(sys.argv[1])
plan = structure(json.loads(db.execute("SELECT data FROM exam_plan WHERE code = 'P1'").fetchone()[0]), ExamPlan)
registrations = [structure(json.loads(d), Registration)
                 for (d,) in db.execute("SELECT data FROM registration WHERE plan_code = 'P1'")]
rooms = [structure(json.loads(d), ExamRoom) for (d,) in db.execute("SELECT data FROM exam_room WHERE plan_code = 'P1'")]
classes = {n: k for n, p, y in db.execute("SELECT id_number, json_extract(data, '$.program_code'), "
                                          "json_extract(data, '$.enrolment_year') FROM candidate")
           if (k := class_key_of(p, y)) is not None}
seats = allocate(registrations, rooms, plan, 1, class_keys=classes).seat_assignments()
with db:
    db.executemany("INSERT INTO seat_assignment (plan_code, session_code, id_number, site_code, room_name, seat, "
                   "ticket_number, revision, data) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)",
                   [(*s.key, s.site_code, s.room_name, s.seat, s.ticket_number, json.dumps(unstructure(s)))
                    for s in seats])
"""


def _data(count: int, room_count: int) -> tuple[list[Candidate], list[Registration], list[ExamRoom], list[ExamSite]]:
    candidates = [Candidate(SCHOOL, "张三", "Zhang San", Gender.MALE, IdType.RESIDENT_ID, f"{110101200000000000 + n}",
                            "13800000000", 2024, None, "数字媒体技术", f"5102{n % 50:02d}") for n in range(count)]
    registrations = [Registration("P1", c.id_number, SCHOOL, CERTIFICATE, f"Z{n % SITES}")
                     for n, c in enumerate(candidates)]
    rooms = [ExamRoom("P1", f"Z{site}", f"R{i:04d}", seats=25, layout=SeatLayout(5, 6))
             for site in range(SITES) for i in range(room_count // SITES)]
    sites = [ExamSite(f"Z{site}", f"考点{site}", SCHOOL, "fhxlh", (CERTIFICATE,), ReviewStatus.APPROVED)
             for site in range(SITES)]
    return candidates, registrations, rooms, sites


def run() -> list[str]:
    lines = [line for count, rooms in COUNTS for line in _measure(count, rooms)]
    if os.environ.get("XCERT_BENCH_PG", "1") != "0" and find_binary("initdb") and find_binary("pg_ctl"):
        with throwaway_server() as server:
            lines += [line for count, rooms in COUNTS for line in _measure(count, rooms, server)]
    return lines


def _measure(count: int, room_count: int, server: str | None = None) -> list[str]:
    """The figures of ``count`` registrations in ``room_count`` rooms: on SQLite, or in a new database on the
    PostgreSQL ``server``."""
    candidates, registrations, rooms, sites = _data(count, room_count)
    class_keys = {c.id_number: c.class_key for c in candidates}
    bare = best_of(lambda: allocate(registrations, rooms, PLAN, seed=1, class_keys=class_keys), 3)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "ws"
        config = WorkspaceConfig(school_code=SCHOOL, school_name="示范学院", year=2026,
                                 **({"storage_url": fresh_database(server)} if server else {}))
        create_workspace(root, config).close()
        with Workspace.open(root, env={}) as workspace, workspace.storage.transaction() as tx:
            tx.add_all(sites)
            tx.add(PLAN)
            tx.add_all(candidates)
            tx.add_all(registrations)
            tx.add_all(rooms)
        script = None
        if server is None:
            copy = Path(folder) / "bare.db"
            shutil.copy(root / "xcert.db", copy)
            script = timed(lambda: subprocess.run([sys.executable, "-c", BARE_SCRIPT, str(copy)], check=True))
        command = [sys.executable, "-c", "from xcert_adapters.cli import main; main()", "--workspace", str(root),
                   "schedule", "--plan", "P1", "--per-room", "0", "--inspectors", "0"]
        env = {**os.environ, "XCERT_DISABLE_PLUGINS": "*"}
        outcome: list[subprocess.CompletedProcess[str]] = []
        cli = timed(lambda: outcome.append(subprocess.run(command, capture_output=True, text=True, check=False,
                                                          env=env)))
        redo = timed(lambda: outcome.append(subprocess.run([*command, "--redo"], capture_output=True, text=True,
                                                           check=False, env=env)))
        reseed = timed(lambda: outcome.append(subprocess.run([*command, "--redo", "--seed", "2"],
                                                             capture_output=True, text=True, check=False, env=env)))
    codes = [o.returncode for o in outcome]
    where = "PostgreSQL" if server else "SQLite"
    baseline = (f", bare script (process, sqlite3 + allocate + executemany) {script:.2f} s" if script is not None
                else "")
    versus_script = f", {cli / script:.2f}x the bare script" if script is not None else ""
    return [f"{where}, {count:,} registrations / {room_count} rooms: bare allocate {bare:.2f} s{baseline}; "
            f"xcert schedule --plan {cli:.2f} s ({cli / bare:.1f}x allocate{versus_script}); --redo, same seed "
            f"(writes nothing) {redo:.2f} s ({redo / bare:.1f}x); --redo --seed 2 (rewrites every seat) "
            f"{reseed:.2f} s ({reseed / bare:.1f}x); exit codes {codes}"]
