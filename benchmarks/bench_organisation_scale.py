"""The 培训评价组织's scale (#20 item 5), on a throwaway PostgreSQL server on this machine.

1. ``xcert schedule --plan`` with cross-invigilation for an organisation of many schools — 100 schools / 20,000
   candidates and 1,000 schools / 200,000 candidates (``XCERT_BENCH_SCALE`` = the largest count, default
   200,000) — each school a site of its own with rooms of 30 and 8 proctors; time and peak memory of the
   command process, and how both grow from 20k to 200k (the goal: 200k within 10x the time of 20k). The bare
   baseline in the same run is :func:`~xcert_core.scheduling.allocation.allocate` on the same registrations.
2. The schools' packages (``xcert publish --queue``, 20 schools of 60 candidates) drained by 1, 2 and 4
   ``xcert worker --once`` processes: packages per second, and the speed-up of 2 workers over 1 (goal on 2 cores:
   ≥ 1.6x). The bare baseline is ``xcert publish`` in one process.

The generator makes the organisation's data directly in storage (a real organisation imports it).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sample_data import fresh_database, timed

from xcert_adapters.testing.postgres_server import throwaway_server
from xcert_adapters.workspace import Workspace, WorkspaceConfig, create_workspace
from xcert_core.labels import CertificateLevel, Gender, IdType, ProctorRole, ReviewStatus
from xcert_core.model import (
    Candidate,
    ExamPlan,
    ExamRoom,
    ExamSession,
    ExamSite,
    Proctor,
    Registration,
    SeatLayout,
    Subject,
)
from xcert_core.scheduling.allocation import allocate

ORGANISATION = "fhxlh"
CERTIFICATE = "1550001066020254"
PER_SCHOOL = 200
PLAN = ExamPlan("P1", "计划", 2026, ORGANISATION, CERTIFICATE, CertificateLevel.INTERMEDIATE,
                subjects=(Subject("T", "理论"),),
                sessions=(ExamSession("S1", "T", dt.date(2026, 6, 13), dt.time(9), dt.time(10, 30)),))
COMMAND = [sys.executable, "-c", "from xcert_adapters.cli import main; main()"]


def organisation(schools: int, per_school: int) -> dict[str, list[object]]:
    """``schools`` schools of ``per_school`` candidates, a site each with rooms of 30 (one to spare), 8 proctors
    and an inspector each, and the organisation's own inspectors."""
    data: dict[str, list[object]] = {"sites": [], "candidates": [], "registrations": [], "rooms": [], "proctors": []}
    for s in range(schools):
        school = f"41330{s:05d}"
        data["sites"].append(ExamSite(f"Z{s:04d}", f"考点{s}", school, ORGANISATION, (CERTIFICATE,),
                                      ReviewStatus.APPROVED, address=f"示范路 {s} 号"))
        for n in range(per_school):
            number = f"{110101200000000000 + s * per_school + n}"
            data["candidates"].append(Candidate(school, "张三", "Zhang San", Gender.MALE, IdType.RESIDENT_ID, number,
                                                "13800000000", 2024, None, "数字媒体技术", f"5102{n % 5:02d}"))
            data["registrations"].append(Registration("P1", number, school, CERTIFICATE, f"Z{s:04d}"))
        data["rooms"] += [ExamRoom("P1", f"Z{s:04d}", f"R{r}", seats=30, layout=SeatLayout(5, 6))
                          for r in range(-(-per_school // 30) + 1)]
        data["proctors"] += [Proctor(school, f"T{t}", f"老师{t}") for t in range(8)]
        data["proctors"].append(Proctor(school, "X0", "巡考", role=ProctorRole.INSPECTOR))
    data["proctors"] += [Proctor(ORGANISATION, f"X{t}", f"评价组织巡考{t}", role=ProctorRole.INSPECTOR)
                         for t in range(schools)]
    return data


def _workspace(folder: Path, url: str, data: dict[str, list[object]]) -> Path:
    root = folder / f"org-{uuid.uuid4().hex[:6]}"
    config = WorkspaceConfig(school_code=ORGANISATION, school_name="评价组织", year=2026, storage_url=url,
                             cross_invigilation=True)
    create_workspace(root, config).close()
    with Workspace.open(root, env={}) as workspace, workspace.storage.transaction() as tx:
        tx.add(PLAN)
        for kind in ("sites", "candidates", "registrations", "rooms", "proctors"):
            tx.add_all(data[kind])  # type: ignore[arg-type]
    return root


ONE_SCHOOL = ("import sys; from pathlib import Path; from xcert_adapters.workspace import Workspace; "
              "from xcert_adapters.app.publishing import publish_school; "
              "ws = Workspace.open(Path(sys.argv[1])); publish_school(ws, 'P1', sys.argv[2], sys.argv[3]); ws.close()")
"""One school's package of the scheduled plan, in a fresh process (what one ``publish_school`` job does)."""


def _schedule(server: str, folder: Path, schools: int) -> tuple[float, float, float, int, float]:
    """(bare allocate s, xcert schedule s, peak MB of the schedule process, exit code, seconds of one school's
    package afterwards) for ``schools``."""
    data = organisation(schools, PER_SCHOOL)
    school = str(data["registrations"][0].school_code)  # type: ignore[attr-defined]
    bare = timed(lambda: allocate(data["registrations"], data["rooms"], PLAN, seed=1))  # type: ignore[arg-type]
    root = _workspace(folder, fresh_database(server), data)
    data.clear()  # the benchmark's own copy: not counted in the command's memory anyway
    command = [*COMMAND, "--workspace", str(root), "schedule", "--plan", "P1", "--per-room", "1"]
    outcome: list[subprocess.CompletedProcess[str]] = []
    # peak RSS of children is a high-water mark over all children: measure in a fresh process
    probe = ("import resource,subprocess,sys;r=subprocess.run(sys.argv[1:],capture_output=True);"
             "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    took = timed(lambda: outcome.append(subprocess.run([sys.executable, "-c", probe, *command], capture_output=True,
                                                       text=True, check=False)))
    code, peak = outcome[0].stdout.split()
    package = timed(lambda: subprocess.run([sys.executable, "-c", ONE_SCHOOL, str(root), school,
                                            str(folder / f"one-{schools}")], check=True, capture_output=True))
    return bare, took, int(peak) / 1024, int(code), package


def _drain(root: Path, workers: int, out: Path) -> float:
    """Seconds for ``workers`` worker processes to publish every school's package from the queue (drawn anew:
    the packages assembled by an earlier run are removed first)."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(root / "output" / ".publish", ignore_errors=True)
    assert subprocess.run([*COMMAND, "--workspace", str(root), "publish", "--plan", "P1", "--out", str(out),
                           "--queue"], capture_output=True, check=False).returncode == 0
    start = time.perf_counter()
    running = [subprocess.Popen([*COMMAND, "--workspace", str(root), "worker", "--once"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(workers)]
    for process in running:
        process.wait()
    return time.perf_counter() - start


def run() -> list[str]:
    largest = int(os.environ.get("XCERT_BENCH_SCALE", "200000"))
    lines = []
    with throwaway_server() as server, tempfile.TemporaryDirectory() as folder:
        results = {}
        for count in sorted({20_000, largest}):
            schools = count // PER_SCHOOL
            bare, took, peak, code, package = _schedule(server, Path(folder), schools)
            results[count] = (took, peak)
            lines.append(f"{count:,} candidates / {schools} schools, cross-invigilation, PostgreSQL: xcert schedule "
                         f"{took:.1f} s (bare allocate {bare:.2f} s, {took / bare:.1f}x), peak {peak:.0f} MB, "
                         f"exit {code}; then one school's package ({PER_SCHOOL} candidates) {package:.1f} s")
        if len(results) == 2:
            (small_t, small_m), (big_t, big_m) = results[20_000], results[largest]
            lines.append(f"growth 20k -> {largest // 1000}k: time {big_t / small_t:.1f}x, memory "
                         f"{big_m / small_m:.1f}x (goal: time <= 10x)")
        data = organisation(20, 60)
        root = _workspace(Path(folder), fresh_database(server), data)
        assert subprocess.run([*COMMAND, "--workspace", str(root), "schedule", "--plan", "P1", "--per-room", "1"],
                              capture_output=True, check=False).returncode == 0
        serial = timed(lambda: subprocess.run([*COMMAND, "--workspace", str(root), "publish", "--plan", "P1",
                                               "--out", str(Path(folder) / "serial")], capture_output=True,
                                              check=False))
        drained = {n: _drain(root, n, Path(folder) / f"w{n}") for n in (1, 2, 4)}
        lines.append(f"20 school packages (1,200 candidates): one process {serial:.1f} s; queue with 1 worker "
                     f"{drained[1]:.1f} s ({20 / drained[1]:.1f}/s), 2 workers {drained[2]:.1f} s "
                     f"({drained[1] / drained[2]:.2f}x of 1), 4 workers {drained[4]:.1f} s "
                     f"({drained[1] / drained[4]:.2f}x of 1)")
    return lines
