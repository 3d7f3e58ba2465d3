"""The command line as a user runs it: a real ``xcert`` process, its output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_run import xcert
from xcert_core import __version__
from xcert_core.plugins import make_plugin_manager


def test_version_and_help() -> None:
    assert xcert("--version").stdout.strip() == f"xcert {__version__}"
    result = xcert("--help")
    assert result.returncode == 0
    for command in ("self-check", "plugins", "codes"):
        assert command in result.stdout
    assert "退出码" in result.stdout


def test_self_check_passes_and_reports_json() -> None:
    result = xcert("self-check", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["version"] == __version__
    assert [check["ok"] for check in report["checks"]] == [True, True, True]


def test_plugins_lists_builtin_storage() -> None:
    report = json.loads(xcert("plugins", "--json").stdout)
    names = report["plugins"]
    core = [name for name in names if name.startswith("xcert-")]  # the core's own plug-ins come first
    assert names[: len(core)] == core and core[0] == "xcert-core" and "xcert-roster-rules" in core
    assert "xcert-photo-rules" in core
    assert names[len(core)] == "memory-storage"  # then the built-in entry points, by name
    assert {"kind": "storage", "kind_label": "存储", "name": "memory", "plugin": "memory-storage",
            "replaced": []} in report["adapters"]


def test_codes_markdown_matches_the_catalogue() -> None:
    assert xcert("codes", "--markdown").stdout == make_plugin_manager().catalogue.to_markdown()
    codes = json.loads(xcert("codes", "--json").stdout)
    assert "settings-unknown-code" in [entry["code"] for entry in codes]


def test_unknown_command_is_a_usage_error() -> None:
    result = xcert("no-such-command")
    assert result.returncode == 2
    assert "No such command" in result.stderr


def test_broken_plugin_gives_a_message_not_a_traceback(tmp_path: Path) -> None:
    dist = tmp_path / "xcert_bad-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: xcert_bad\nVersion: 0.1\n", "utf-8")
    (dist / "entry_points.txt").write_text("[xcert]\nbad = bad_plugin\n", "utf-8")
    (tmp_path / "bad_plugin.py").write_text("raise RuntimeError('boom')\n", "utf-8")
    result = xcert("plugins", env={"PYTHONPATH": str(tmp_path)})
    assert result.returncode == 2
    assert "插件错误" in result.stderr and "XCERT_DISABLE_PLUGINS=bad" in result.stderr
    assert "Traceback" not in result.stderr
    assert xcert("plugins", env={"PYTHONPATH": str(tmp_path), "XCERT_DISABLE_PLUGINS": "bad"}).returncode == 0


@pytest.mark.parametrize("args", [["self-check"], ["plugins"], ["codes"]])
def test_every_command_has_chinese_help(args: list[str]) -> None:
    result = xcert(*args, "--help")
    assert result.returncode == 0
    assert any("\u4e00" <= ch <= "\u9fff" for ch in result.stdout)
