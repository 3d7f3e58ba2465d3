"""``xcert serve`` on a SQLite workspace of 20,000 students: one page of 考生管理 (``GET /students?page=N``) and of
``GET /api/v1/students?page=N&per_page=50``, vs. the same page read directly from the storage and from bare sqlite3.

Goal: each page answered in at most 2x the time of the same query made on the storage. Both requests go
through the real ASGI application (:func:`~xcert_adapters.web.app.create_app`, authentication, CSRF and
templates included) with Litestar's test client, so no socket is in the figures. The baselines, per request:

* *storage*: open the workspace (the plug-ins loaded once, as ``xcert serve`` does) and read the page with
  :func:`~xcert_adapters.app.student_list.student_list_page` — what both handlers call: a count per verification
  state and the page, read as a page;
* *bare sqlite3*: connect to the workspace's ``xcert.db``, count the school's rows per state and ``SELECT data …
  ORDER BY school_code, id_number LIMIT 50 OFFSET …``, decoding the 50 JSON documents — what a page needs from a
  database that pages in SQL. For scale, the same connection reading and decoding all 20,000 rows is shown too,
  and the school's whole list built as entities (what the handlers read before the page was read as a page).

The dashboard (``GET /``) is timed to its first byte, once in process and once over a socket from a real
``xcert serve`` (where the first byte comes only after the whole page is rendered), against
:func:`~xcert_adapters.app.status.workspace_status` called directly on a freshly opened workspace. Each figure
is the best of ``ROUNDS`` runs, the web and the baselines taking turns. About 80 s on a 2-core machine.
"""

from __future__ import annotations

import gc
import http.client
import json
import logging
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import attrs
import sample_data
from litestar.testing import TestClient
from sample_data import timed

from xcert_adapters.app.roster import list_candidates
from xcert_adapters.app.status import workspace_status
from xcert_adapters.app.student_list import student_list_page
from xcert_adapters.web.app import create_app
from xcert_adapters.web.security import Gate
from xcert_adapters.workspace import Workspace, WorkspaceConfig, create_workspace
from xcert_core.labels import VerificationState
from xcert_core.model import Candidate
from xcert_core.plugins import XcertPlugins, make_plugin_manager

COUNT = 20_000
PER_PAGE = 50
PAGES = (1, COUNT // PER_PAGE // 2, COUNT // PER_PAGE)  # first, middle, last
ROUNDS = 7
SCHOOL = "S001"
TOKEN = "bench-token-0123456789"
BEARER = {"Authorization": f"Bearer {TOKEN}"}
PROGRAMS = ("计算机平面设计", "数字媒体技术", "软件技术", "电子商务")


def _students() -> list[Candidate]:
    """``COUNT`` students spread over the five verification states and four programs."""
    states = list(VerificationState)
    return [attrs.evolve(c, state=states[n % len(states)], enrolment_year=2024, program_name=PROGRAMS[n % 4])
            for n, c in enumerate(sample_data.candidates(COUNT))]


def _best_in_turns(works: dict[str, Callable[[], object]]) -> dict[str, float]:
    """The best of ``ROUNDS`` times of each work, the works taking turns in every round, each after a full
    garbage collection (so that none pays for the garbage of the one before)."""
    best = dict.fromkeys(works, float("inf"))
    for _ in range(ROUNDS):
        for name, work in works.items():
            gc.collect()
            best[name] = min(best[name], timed(work))
    return best


def _storage_page(root: Path, plugins: XcertPlugins, page: int) -> list[Candidate]:
    with Workspace.open(root, env={}, plugins=plugins) as workspace:
        return list(student_list_page(workspace, page=page, per_page=PER_PAGE).candidates)


def _whole_list(root: Path, plugins: XcertPlugins) -> list[Candidate]:
    """What the handlers did before the page was read as a page: the school's whole list, built."""
    with Workspace.open(root, env={}, plugins=plugins) as workspace:
        return list_candidates(workspace)


def _sqlite_page(database: Path, page: int) -> list[Any]:
    connection = sqlite3.connect(database)
    try:
        connection.execute("SELECT state, COUNT(*) FROM candidate WHERE school_code = ? GROUP BY state",
                           (SCHOOL,)).fetchall()
        rows = connection.execute("SELECT data FROM candidate WHERE school_code = ? ORDER BY school_code, id_number"
                                  " LIMIT ? OFFSET ?", (SCHOOL, PER_PAGE, (page - 1) * PER_PAGE)).fetchall()
        return [json.loads(data) for (data,) in rows]
    finally:
        connection.close()


def _sqlite_all(database: Path) -> list[Any]:
    connection = sqlite3.connect(database)
    try:
        rows = connection.execute("SELECT data FROM candidate WHERE school_code = ? ORDER BY school_code, id_number",
                                  (SCHOOL,)).fetchall()
        return [json.loads(data) for (data,) in rows]
    finally:
        connection.close()


def _status(root: Path, plugins: XcertPlugins) -> None:
    with Workspace.open(root, env={}, plugins=plugins) as workspace:
        workspace_status(workspace)


def _first_byte(client: TestClient[Any]) -> float:
    start = time.perf_counter()
    with client.stream("GET", "/") as response:
        next(response.iter_bytes())
        elapsed = time.perf_counter() - start
        assert response.status_code == 200
    return elapsed


def _served_first_byte(root: Path) -> float:
    """Best time to the first byte of ``GET /`` from a real ``xcert serve``, over a socket."""
    process = subprocess.Popen([sys.executable, "-c", "from xcert_adapters.cli import main; main()",
                                "--workspace", str(root), "serve", "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert process.stdout is not None
        match = re.fullmatch(r"http://127\.0\.0\.1:(\d+)/\?token=(\S+)", process.stdout.readline().strip())
        assert match, "xcert serve did not print its URL"
        connection = http.client.HTTPConnection("127.0.0.1", int(match[1]), timeout=60)
        connection.request("GET", f"/?token={match[2]}")
        opened = connection.getresponse()
        opened.read()
        cookie = opened.getheader("set-cookie", "").split(";")[0]
        best = float("inf")
        for _ in range(ROUNDS):
            start = time.perf_counter()
            connection.request("GET", "/", headers={"Cookie": cookie})
            response = connection.getresponse()  # returns once the status line and headers have arrived
            best = min(best, time.perf_counter() - start)
            assert response.status == 200
            response.read()
        connection.close()
        return best
    finally:
        process.terminate()
        process.communicate(timeout=20)


def run() -> list[str]:
    logging.getLogger("httpx").setLevel(logging.WARNING)  # the test client logs every request otherwise
    students = _students()
    lines = []
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "ws"
        config = WorkspaceConfig(school_code=SCHOOL, school_name="示范学院", year=2026)
        create_workspace(root, config).close()
        with Workspace.open(root, env={}) as workspace:
            workspace.storage.add_all(students)
            database = workspace.sqlite_path
        assert database is not None
        plugins = make_plugin_manager()
        with TestClient(create_app(root, Gate(TOKEN), plugins=plugins)) as client:
            assert client.get(f"/?token={TOKEN}").status_code == 200  # the session cookie, as a browser gets it
            for page in PAGES:
                expected = [c.id_number[-4:] for c in _storage_page(root, plugins, page)]
                assert expected == [c["id_number"][-4:] for c in _sqlite_page(database, page)]
                api = client.get(f"/api/v1/students?page={page}&per_page={PER_PAGE}", headers=BEARER)
                assert api.status_code == 200 and len(expected) == PER_PAGE
                assert [c["id_number"][-4:] for c in api.json()["candidates"]] == expected  # the same page, masked
                html = client.get(f"/students?page={page}")
                assert html.status_code == 200 and html.text.count('<td><a href="/students/record/') == PER_PAGE
                best = _best_in_turns({
                    "storage": partial(_storage_page, root, plugins, page),
                    "bare": partial(_sqlite_page, database, page),
                    "whole": partial(_sqlite_all, database),
                    "list": partial(_whole_list, root, plugins),
                    "api": partial(client.get, f"/api/v1/students?page={page}&per_page={PER_PAGE}", headers=BEARER),
                    "page": partial(client.get, f"/students?page={page}"),
                })
                storage, bare, api_time, page_time = best["storage"], best["bare"], best["api"], best["page"]
                lines.append(
                    f"page {page:>3} of {COUNT // PER_PAGE}, {COUNT:,} students: student_list_page "
                    f"{storage * 1000:.1f} ms, bare sqlite3 {bare * 1000:.1f} ms ({storage / bare:.1f}x; all "
                    f"{COUNT:,} rows {best['whole'] * 1000:.0f} ms, the whole list built "
                    f"{best['list'] * 1000:.0f} ms)")
                lines.append(
                    f"    GET /students?page={page}: {page_time * 1000:.1f} ms, {page_time / storage:.2f}x storage "
                    f"(goal <= 2x), {page_time / bare:.1f}x bare sqlite3")
                lines.append(
                    f"    GET /api/v1/students?page={page}&per_page={PER_PAGE}: {api_time * 1000:.1f} ms, "
                    f"{api_time / storage:.2f}x storage (goal <= 2x), {api_time / bare:.1f}x bare sqlite3")
            first_bytes: list[float] = []
            best = _best_in_turns({"status": lambda: _status(root, plugins),
                                   "dashboard": lambda: first_bytes.append(_first_byte(client))})
            status, first_byte = best["status"], min(first_bytes)
        served = _served_first_byte(root)
    lines.append(f"GET / (dashboard) time to first byte: in process {first_byte * 1000:.0f} ms "
                 f"({first_byte / status:.2f}x workspace_status {status * 1000:.0f} ms); "
                 f"xcert serve over a socket {served * 1000:.0f} ms ({served / status:.2f}x)")
    return lines
