"""The job queue on a real PostgreSQL (#20 item 4): ``xcert publish --queue`` puts a job per school in the
workspace's database, ``xcert worker`` processes take them, ``xcert jobs`` shows the progress. A worker killed
mid-job (SIGKILL, after the job's first file) leaves its job stalled; the next worker puts it back and it
completes once, with the same bytes as publishing in one process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from openpyxl import load_workbook

from cli_run import xcert
from test_cross_invigilation import GUEST, HOME, two_schools
from xcert_adapters.jobs.queue import DELAY_ENV, conninfo


def jobs(root: Path) -> dict[str, object]:
    result = xcert("--workspace", root, "jobs", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def worker(root: Path, *args: str, delay: str | None = None) -> subprocess.Popen[bytes]:
    env = {key: value for key, value in os.environ.items() if key != DELAY_ENV}
    if delay is not None:
        env[DELAY_ENV] = delay
    return subprocess.Popen([sys.executable, "-c", "from xcert_adapters.cli import main; main()", "--workspace",
                             str(root), "worker", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def same_package(first: Path, second: Path) -> None:
    """The PDFs byte for byte, the workbooks cell for cell (a workbook stamps the time it was written)."""
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for name in files:
        if name.suffix == ".xlsx":
            cells = [[list(row) for row in sheet.iter_rows(values_only=True)]
                     for path in (first / name, second / name) for sheet in load_workbook(path).worksheets]
            assert cells[: len(cells) // 2] == cells[len(cells) // 2:], name
        elif name.suffix == ".pdf":
            assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_a_killed_worker_s_job_completes_once_with_the_same_output(tmp_path: Path, postgresql_database: str) -> None:
    database = postgresql_database
    root = two_schools(tmp_path / "org", database)
    assert xcert("--workspace", root, "schedule", "--plan", "P1", "--per-room", "1").returncode == 0
    serial = tmp_path / "本机发布"
    assert xcert("--workspace", root, "publish", "--plan", "P1", "--out", serial).returncode == 0

    out = tmp_path / "队列发布"
    queued = xcert("--workspace", root, "publish", "--plan", "P1", "--out", out, "--queue", "--json")
    assert queued.returncode == 0, queued.stderr
    assert [q["school"] for q in json.loads(queued.stdout)["queued"]] == [HOME, GUEST]
    again = json.loads(xcert("--workspace", root, "publish", "--plan", "P1", "--out", out, "--queue",
                             "--json").stdout)
    assert [q["job"] for q in again["queued"]] == [None, None]  # still waiting: not queued twice
    assert jobs(root)["counts"] == {"todo": 2}

    slow = worker(root, delay="60")  # the job waits after its first file: killed there, mid-job
    deadline = time.monotonic() + 60
    while jobs(root)["counts"].get("doing") != 1:  # type: ignore[attr-defined]
        assert time.monotonic() < deadline and slow.poll() is None, slow.communicate()
        time.sleep(0.3)
    staging = root / "output" / ".publish" / "P1"  # where a job assembles its package before the store
    while not any((staging / school / "排考明细.xlsx").exists() for school in (HOME, GUEST)):
        assert time.monotonic() < deadline
        time.sleep(0.2)
    slow.send_signal(signal.SIGKILL)
    slow.wait()
    stalled = jobs(root)
    assert stalled["counts"] == {"doing": 1, "todo": 1}  # the dead worker's job is not lost, nor done
    shown = xcert("--workspace", root, "jobs")
    assert shown.returncode == 0 and "进行中 1" in shown.stdout and "xcert.publish_school" in shown.stdout
    early = json.loads(xcert("--workspace", root, "jobs", "--retry-stalled", "--stalled-after", "600",
                             "--json").stdout)
    assert early["retried"] == [] and early["counts"]["doing"] == 1  # its heartbeat is still recent

    time.sleep(2.5)  # the dead worker's last heartbeat grows old
    finisher = worker(root, "--once", "--stalled-after", "2")
    _, stderr = finisher.communicate(timeout=300)
    assert finisher.returncode == 0, stderr.decode()
    assert "已重新排队 1 个中断的作业" in stderr.decode()
    done = jobs(root)
    assert done["counts"] == {"succeeded": 2}
    with psycopg.connect(conninfo(database)) as connection:
        succeeded = connection.execute("SELECT job_id, count(*) FROM procrastinate_events WHERE type = 'succeeded' "
                                       "GROUP BY job_id").fetchall()
    assert sorted(count for _, count in succeeded) == [1, 1]  # each job completed exactly once
    same_package(serial, out)


def test_a_sqlite_workspace_has_no_queue(root_sqlite: Path, tmp_path: Path) -> None:
    assert xcert("--workspace", root_sqlite, "schedule", "--plan", "P1", "--per-room", "1").returncode == 0
    refused = xcert("--workspace", root_sqlite, "publish", "--plan", "P1", "--out", tmp_path / "o", "--queue")
    assert refused.returncode == 2 and "PostgreSQL" in refused.stderr and "Traceback" not in refused.stderr
    assert xcert("--workspace", root_sqlite, "jobs").returncode == 2
    assert xcert("--workspace", root_sqlite, "jobs", "--retry-stalled").returncode == 2


@pytest.fixture
def root_sqlite(tmp_path: Path) -> Path:
    return two_schools(tmp_path / "ws")
