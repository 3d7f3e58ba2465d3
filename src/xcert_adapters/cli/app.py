"""The ``xcert`` command group and the error handling every command shares."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from xcert_core import __version__
from xcert_core.errors import PluginError, UnreadableFileError, XcertError

EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE, EXIT_INTERNAL = 0, 1, 2, 3
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 110}


COMMANDS = {
    "self-check": "xcert_adapters.cli.selfcheck:self_check",
    "plugins": "xcert_adapters.cli.catalogue_commands:plugins_command",
    "codes": "xcert_adapters.cli.catalogue_commands:codes",
    "students": "xcert_adapters.cli.students:students",
    "photos": "xcert_adapters.cli.photos:photos",
    "registrations": "xcert_adapters.cli.registrations:registrations",
    "schedule": "xcert_adapters.cli.schedule:schedule",
}
"""Command name -> where it lives; a command's module (and its libraries, e.g. Pillow) is imported only when
that command runs or help lists it, so ``xcert students check`` does not pay for the photo code."""


class LazyGroup(click.Group):
    """A click group that imports each command from :data:`COMMANDS` on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attribute = target.split(":")
        command: click.Command = getattr(importlib.import_module(module), attribute)
        return command


@click.group(cls=LazyGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="xcert", message="%(prog)s %(version)s")
def cli() -> None:
    """xcert：1+X 职业技能等级证书报考流程工具（离线检查、一次做对）。

    xcert takes a pilot school through the X platform's exam registration workflow offline: roster,
    photos, verification, registration, rooms, proctors, scheduling and the printed pack.

    退出码 / exit codes: 0 成功 ok · 1 发现问题 problems found · 2 输入不可用或用法错误 unusable input ·
    3 内部错误 internal error.
    """



def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point: run the group, turning xcert errors into messages and exit codes."""
    try:
        return cli.main(args=argv, prog_name="xcert", standalone_mode=True)
    except UnreadableFileError as exc:
        click.echo(f"文件无法使用 / unusable file: {exc.path}: {exc.reason}", err=True)
        sys.exit(EXIT_UNUSABLE)
    except PluginError as exc:
        click.echo(f"插件错误 / plug-in error: {exc}", err=True)
        sys.exit(EXIT_UNUSABLE)
    except XcertError as exc:
        click.echo(f"错误 / error: {exc}", err=True)
        sys.exit(EXIT_UNUSABLE)
    except Exception as exc:
        if os.environ.get("XCERT_DEBUG"):
            raise
        click.echo(
            f"xcert 内部错误 / internal error: {type(exc).__name__}: {exc}\n"
            "请设置 XCERT_DEBUG=1 重新运行以查看详细信息，并把输出发给维护者。",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)
