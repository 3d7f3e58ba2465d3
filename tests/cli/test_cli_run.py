"""The test helper's two ways of running ``xcert`` agree: a command forked from the warm interpreter
(:mod:`cli_zygote`, what the suite uses) prints the same text on stdout and stderr and exits with the same code as a
fresh ``python -c`` (``XCERT_TEST_FRESH=1``) — for help, a good and a bad file, an unusable one, the environment, the
working directory and standard input — and a command past its time is killed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import cli_run
from roster_files import GOOD_ROWS, write_roster_xlsx

PASSWORD = "Abcdefgh1234"


def both(monkeypatch: pytest.MonkeyPatch, *args: str | Path, **options: object) -> subprocess.CompletedProcess[str]:
    """Run ``xcert ARGS`` forked and fresh; assert they agree and return the forked run."""
    monkeypatch.setenv("XCERT_TEST_FRESH", "0")
    forked = cli_run.run_xcert(*args, **options)  # type: ignore[arg-type]
    monkeypatch.setenv("XCERT_TEST_FRESH", "1")
    fresh = cli_run.run_xcert(*args, **options)  # type: ignore[arg-type]
    monkeypatch.delenv("XCERT_TEST_FRESH")
    assert (forked.returncode, forked.stdout, forked.stderr) == (fresh.returncode, fresh.stdout, fresh.stderr)
    return forked


def test_help_version_and_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "xcert" in both(monkeypatch, "--version").stdout
    assert "退出码" in both(monkeypatch, "--help").stdout
    assert both(monkeypatch, "no-such-command").returncode == 2


def test_files_good_bad_and_unusable_relative_to_the_working_directory(monkeypatch: pytest.MonkeyPatch,
                                                                       tmp_path: Path) -> None:
    write_roster_xlsx(tmp_path / "好.xlsx", GOOD_ROWS)
    write_roster_xlsx(tmp_path / "坏.xlsx", [(*GOOD_ROWS[0][:4], "123", *GOOD_ROWS[0][5:])])
    (tmp_path / "空.xlsx").write_bytes(b"not a workbook")
    assert both(monkeypatch, "students", "check", "好.xlsx", "--json", cwd=tmp_path).returncode == 0
    bad = both(monkeypatch, "students", "check", "坏.xlsx", cwd=tmp_path)
    assert bad.returncode == 1 and "id-number" in bad.stdout
    assert both(monkeypatch, "students", "check", "空.xlsx", cwd=tmp_path).returncode == 2


def test_the_environment_and_standard_input_reach_the_command(monkeypatch: pytest.MonkeyPatch,
                                                              tmp_path: Path) -> None:
    assert both(monkeypatch, "plugins", "--json", plugins=False).returncode == 0
    folder = tmp_path / "ws"
    assert cli_run.run_xcert("init", str(folder), "--school-code", "4133010001", "--school", "示范学校").returncode == 0
    short = both(monkeypatch, "--workspace", str(folder), "users", "add", "li", "--role", "教务", "--password-stdin",
                 stdin="short\n")
    assert short.returncode == 2 and "li" not in both(monkeypatch, "--workspace", str(folder), "users", "list").stdout
    added = cli_run.run_xcert("--workspace", str(folder), "users", "add", "li", "--role", "教务", "--password-stdin",
                              stdin=f"{PASSWORD}\n")
    assert added.returncode == 0, added.stderr
    assert "li" in both(monkeypatch, "--workspace", str(folder), "users", "list").stdout


def test_a_command_past_its_time_is_killed(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    assert cli_run.run_xcert("init", str(folder), "--school-code", "4133010001", "--school", "示范学校").returncode == 0
    with pytest.raises(subprocess.TimeoutExpired):
        cli_run.run_xcert("--workspace", str(folder), "users", "add", "li", "--role", "教务", "--password-stdin",
                          stdin=None, timeout=0.001)
