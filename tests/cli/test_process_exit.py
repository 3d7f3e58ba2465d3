"""The console script ends without the interpreter's teardown after a command that allowed it (``xcert students
check``): same exit code and output, the exit handlers run, the objects are not freed. Otherwise, and whenever
``main`` is given its arguments or another thread still runs, the process ends as usual.

Each case is a fresh interpreter whose ``os._exit`` says when it is called (the way round the teardown), and an
``atexit`` handler when the exit handlers run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from roster_files import GOOD_ROWS, write_roster_xlsx
from xcert_adapters.cli.process_exit import exit_status

SCRIPT = """
import atexit, os, sys, threading
real_exit = os._exit
def reported_exit(status):
    os.write(2, f"os._exit({status})\\n".encode())
    real_exit(status)
os._exit = reported_exit
atexit.register(lambda: os.write(2, b"exit handlers\\n"))
if os.environ.get("OTHER_THREAD"):
    threading.Thread(target=threading.Event().wait, args=(1.0,)).start()
from xcert_adapters.cli import main
main(sys.argv[1:] if os.environ.get("GIVE_ARGV") else None)
"""


def run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    import os  # noqa: PLC0415

    return subprocess.run([sys.executable, "-c", SCRIPT, *args], capture_output=True, text=True, check=False,
                          env={**os.environ, **env}, timeout=120)


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    bad = (*GOOD_ROWS[0][:4], "140105200403150018", *GOOD_ROWS[0][5:])  # a wrong check digit: exit code 1
    return write_roster_xlsx(tmp_path_factory.mktemp("roster") / "考生信息.xlsx", [*GOOD_ROWS, bad])


def test_a_roster_check_ends_without_freeing_what_it_built(roster: Path) -> None:
    ended = run(["students", "check", str(roster), "--json"])
    assert ended.returncode == 1
    assert "id-number-checksum" in {issue["code"] for issue in json.loads(ended.stdout)["issues"]}  # all of it
    assert ended.stderr.splitlines() == ["exit handlers", "os._exit(1)"]


@pytest.mark.parametrize("how", ["argv given", "another thread", "command did not allow it"])
def test_otherwise_the_process_ends_as_usual(roster: Path, how: str) -> None:
    args = ["students", "check", str(roster), "--json"]
    env = {"GIVE_ARGV": "1"} if how == "argv given" else {"OTHER_THREAD": "1"} if how == "another thread" else {}
    if how == "command did not allow it":
        args = ["students", "template", str(roster.with_name("空白模板.xlsx")), "--force"]
    ended = run(args, **env)
    assert ended.returncode == (0 if how == "command did not allow it" else 1)
    assert ended.stderr.splitlines() == ["exit handlers"]


def test_the_exit_status_is_the_interpreters(capsys: pytest.CaptureFixture[str]) -> None:
    assert [exit_status(code) for code in (None, 0, 1, 2, 256 + 3, -1)] == [0, 0, 1, 2, 3, 255]
    assert exit_status("已中断") == 1
    assert capsys.readouterr().err == "已中断\n"
