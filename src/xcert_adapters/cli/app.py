"""The ``xcert`` command group and the error handling every command shares."""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from pathlib import Path
from typing import Any

import click

from xcert_core import __version__
from xcert_core.errors import PluginError, UnreadableFileError, XcertError

EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE, EXIT_INTERNAL = 0, 1, 2, 3
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 110}


COMMANDS = {
    "init": "xcert_adapters.cli.init_command:init",
    "status": "xcert_adapters.cli.status_command:status",
    "demo": "xcert_adapters.cli.demo_command:demo",
    "certificates": "xcert_adapters.cli.setup_commands:certificates",
    "quota": "xcert_adapters.cli.setup_commands:quota",
    "sites": "xcert_adapters.cli.setup_commands:sites",
    "plans": "xcert_adapters.cli.setup_commands:plans",
    "plugins": "xcert_adapters.cli.catalogue_commands:plugins_command",
    "codes": "xcert_adapters.cli.catalogue_commands:codes",
    "students": "xcert_adapters.cli.students:students",
    "photos": "xcert_adapters.cli.photos:photos",
    "registrations": "xcert_adapters.cli.registrations:registrations",
    "verify": "xcert_adapters.cli.verification_commands:verify",
    "confirm": "xcert_adapters.cli.verification_commands:confirm",
    "rooms": "xcert_adapters.cli.room_commands:rooms",
    "proctors": "xcert_adapters.cli.proctor_commands:proctors",
    "schedule": "xcert_adapters.cli.schedule:schedule",
    "documents": "xcert_adapters.cli.documents_command:documents",
    "export": "xcert_adapters.cli.platform_commands:export",
    "sync": "xcert_adapters.cli.platform_commands:sync",
    "self-check": "xcert_adapters.cli.selfcheck:self_check",
}
"""Command name -> where it lives; a command's module (and its libraries, e.g. Pillow) is imported only when
that command runs or help lists it, so ``xcert students check`` does not pay for the photo code."""


def _exists(target: str) -> bool:
    return importlib.util.find_spec(target.split(":", maxsplit=1)[0]) is not None


class LazyGroup(click.Group):
    """A click group that imports each command from :data:`COMMANDS` on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name, target in COMMANDS.items() if _exists(target)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attribute = target.split(":")
        command: click.Command = getattr(importlib.import_module(module), attribute)
        return command


@click.group(cls=LazyGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="xcert", message="%(prog)s %(version)s")
@click.option("--workspace", "-w", type=click.Path(file_okay=False, path_type=Path), envvar="XCERT_WORKSPACE",
              help="工作区文件夹（默认：当前文件夹或其上级中含 xcert.toml 的那个）/ the workspace folder.")
@click.pass_context
def cli(ctx: click.Context, workspace: Path | None) -> None:
    """xcert：1+X 职业技能等级证书报考流程工具（离线检查、一次做对）。

    xcert takes a pilot school through the X platform's exam registration workflow offline: roster,
    photos, verification, registration, rooms, proctors, scheduling and the printed pack.

    退出码 / exit codes: 0 成功 ok · 1 发现问题 problems found · 2 输入不可用或用法错误 unusable input ·
    3 内部错误 internal error.
    """
    ctx.obj = {"workspace": workspace}



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
