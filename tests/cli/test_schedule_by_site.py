"""The organisation's 排考 site by site (#20 item 4): ``xcert schedule by-site`` seats each site on its own and
then numbers the tickets and assigns the proctors for the plan — in one process, or as jobs of the workspace's
queue taken by two ``xcert worker`` processes on a real PostgreSQL. Both give a complete, valid plan: every
registrant seated once, ticket numbers unique in the plan and contiguous per room, cross-invigilation kept; and
the queued run stores the same seats and tickets as the one in this process."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

from cli_run import xcert
from test_job_queue import jobs, worker
from test_organisation_workspace import PLAN, SCHOOLS, registrations, write
from xcert_adapters.workspace import Workspace
from xcert_core.model import ProctorAssignment, Registration, SeatAssignment, SeatChange

ROOM_HEADER = ("考核站点编号", "考核站点名称", "考场名称", "考场类型", "考位数", "行数", "列数")
PROCTOR_HEADER = ("教师编号", "教师姓名", "手机号码", "所属院校", "所在地区", "监考类型", "不可监考场次")


def organisation(root: Path, folder: Path, *, db: str | None = None) -> Path:
    """Two schools at two sites, a room and a spare per site, two teachers per school, organisation inspectors."""
    assert xcert("init", root, "--organisation", "--year", "2026", *(("--db", db) if db else ())).returncode == 0
    (folder / "计划.toml").write_text(PLAN, "utf-8")
    assert xcert("--workspace", root, "plans", "import", folder / "计划.toml").returncode == 0
    assert xcert("--workspace", root, "org", "import", write(folder / "报考.xlsx", registrations()), "--plan",
                 "P1").returncode == 0
    rooms = [(site, name, room, "普通考场", 6, None, None) for _, _, site, name in SCHOOLS for room in ("101", "102")]
    assert xcert("--workspace", root, "rooms", "import", write(folder / "考场.xlsx", rooms, ROOM_HEADER), "--plan",
                 "P1").returncode == 0
    proctors = [(f"T{code[-1]}{n}", f"老师{code[-1]}{n}", f"1390000{code[-1]}{n:03d}", name, None, "监考", None)
                for code, name, _, _ in SCHOOLS for n in range(4)]
    proctors += [(f"X{n}", f"组织巡考{n}", f"1380000000{n}", None, None, "巡考", None) for n in range(2)]
    assert xcert("--workspace", root, "proctors", "import",
                 write(folder / "监考.xlsx", proctors, PROCTOR_HEADER)).returncode == 0
    return root


def check_plan(root: Path) -> dict[str, str]:
    """The plan is complete and valid; returns the tickets by ID number."""
    with Workspace.open(root, env={}) as workspace:
        storage = workspace.storage
        registered = {r.id_number: r.school_code for r in storage.list(Registration)}
        seats = storage.list(SeatAssignment, plan_code="P1")
        staff = storage.list(ProctorAssignment, plan_code="P1")
        changes = storage.list(SeatChange, plan_code="P1")
    assert sorted(s.id_number for s in seats) == sorted(registered)  # one session: each registrant seated once
    tickets = {s.id_number: s.ticket_number for s in seats}
    assert len(set(tickets.values())) == len(tickets)
    by_room: dict[tuple[str, str], list[int]] = {}
    for seat in seats:
        by_room.setdefault((seat.site_code, seat.room_name), []).append(int(seat.ticket_number[-6:]))
    numbers = sorted(n for room in by_room.values() for n in room)
    assert numbers == list(range(1, len(seats) + 1))  # the plan's sequence, without gaps
    assert all(max(room) - min(room) == len(room) - 1 for room in by_room.values())  # contiguous per room
    schools = {(s.site_code, s.room_name): {registered[x.id_number] for x in seats
                                            if (x.site_code, x.room_name) == (s.site_code, s.room_name)}
               for s in seats}
    assert staff and all(a.school_code not in schools.get((a.site_code, a.room_name), set())
                         for a in staff if a.room_name)  # cross-invigilation
    assert [c.action for c in changes][-1] == "schedule"
    return tickets


def test_site_by_site_in_one_process(tmp_path: Path) -> None:
    root = organisation(tmp_path / "org", tmp_path)
    run = xcert("--workspace", root, "schedule", "by-site", "--plan", "P1", "--per-room", "1", "--inspectors", "1",
                "--json")
    assert run.returncode == 0, run.stdout + run.stderr
    payload = json.loads(run.stdout)
    assert [s["site"] for s in payload["sites"]] == ["Z1", "Z2"] and payload["stored"]
    first = check_plan(root)
    again = xcert("--workspace", root, "schedule", "by-site", "--plan", "P1", "--per-room", "1", "--seed", "1")
    assert again.returncode == 0 and "排考结果已保存" in again.stdout
    assert check_plan(root) == first  # the same data and seed: the same seats and tickets


def test_a_site_short_of_seats_leaves_the_plan_unfinished(tmp_path: Path) -> None:
    root = organisation(tmp_path / "org", tmp_path)
    removed = xcert("--workspace", root, "rooms", "remove", "--plan", "P1", "--site", "Z2", "--name", "102",
                    "--reason", "停电")
    assert removed.returncode == 0, removed.stdout + removed.stderr
    run = xcert("--workspace", root, "schedule", "by-site", "--plan", "P1")
    assert run.returncode == 1 and "未保存" in run.stdout and "未完成" in run.stdout


def test_site_jobs_on_two_workers_finish_the_plan(tmp_path: Path, postgresql_database: str) -> None:
    root = organisation(tmp_path / "org", tmp_path, db=postgresql_database)
    queued = xcert("--workspace", root, "schedule", "by-site", "--plan", "P1", "--per-room", "1", "--queue",
                   "--json")
    assert queued.returncode == 0, queued.stdout + queued.stderr
    payload = json.loads(queued.stdout)
    assert len(payload["site_jobs"]) == 2 and payload["finish_job"]
    listed = xcert("--workspace", root, "jobs")
    assert listed.stdout.count("xcert.seat_site plan=P1 site=") == 2, listed.stdout  # which site each job seats
    workers = [worker(root), worker(root)]
    deadline = time.monotonic() + 120
    try:
        while jobs(root)["counts"].get("succeeded") != 3:  # type: ignore[attr-defined]
            assert time.monotonic() < deadline and all(w.poll() is None for w in workers), jobs(root)
            time.sleep(0.5)
    finally:
        for process in workers:
            process.send_signal(signal.SIGTERM)
        for process in workers:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    queued_tickets = check_plan(root)
    done = xcert("--workspace", root, "schedule", "by-site", "--plan", "P1", "--per-room", "1")
    assert done.returncode == 0, done.stdout + done.stderr
    assert check_plan(root) == queued_tickets  # the jobs stored what one process stores
