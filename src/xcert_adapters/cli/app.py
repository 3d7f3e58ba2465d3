"""The ``xcert`` command group and the error handling every command shares."""

from __future__ import annotations

import errno
import importlib
import importlib.util
import os
import sys
import traceback
from pathlib import Path
from typing import Any

import click

from xcert_adapters.cli import click_texts
from xcert_adapters.cli.process_exit import quick_exit, quick_exit_allowed
from xcert_core import __version__
from xcert_core.errors import (
    ConcurrencyError,
    ConstraintError,
    DuplicateKeyError,
    PluginError,
    UnreadableFileError,
    XcertError,
)
from xcert_core.privacy import mask_secrets

EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130
CONCURRENT_WRITE = ("另一个 xcert 命令同时修改了同样的数据（例如两个排考或两个导入同时运行），本次未保存任何内容；"
                    "请等它结束后重新运行该命令。")
"""What the loser of two concurrent writes is told: its checks passed, then the database refused a row the other
command had just written (a UNIQUE constraint, a stale revision)."""
"""Ctrl-C: the shell's convention (128 + SIGINT)."""
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 110}
click_texts.install()  # click's own words (Usage, Options, Error …) bilingual, before any command is built


COMMANDS = {
    "guide": "xcert_adapters.cli.guide_command:guide",
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
    "scores": "xcert_adapters.cli.results_commands:scores",
    "results": "xcert_adapters.cli.results_commands:results",
    "awards": "xcert_adapters.cli.results_commands:awards",
    "fees": "xcert_adapters.cli.fees_commands:fees",
    "report": "xcert_adapters.cli.report_commands:report",
    "export": "xcert_adapters.cli.platform_commands:export",
    "sync": "xcert_adapters.cli.platform_commands:sync",
    "publish": "xcert_adapters.cli.publish_command:publish",
    "org": "xcert_adapters.cli.organisation_commands:org",
    "worker": "xcert_adapters.cli.job_commands:worker",
    "jobs": "xcert_adapters.cli.job_commands:jobs",
    "serve": "xcert_adapters.cli.serve_command:serve",
    "users": "xcert_adapters.cli.account_commands:users",
    "audit": "xcert_adapters.cli.account_commands:audit_command",
    "imports": "xcert_adapters.cli.imports_command:imports",
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
@click.option("--workspace", "-w", type=click.Path(path_type=Path), envvar="XCERT_WORKSPACE",
              help="工作区文件夹（默认：当前文件夹或其上级中含 xcert.toml 的那个）/ the workspace folder.")
@click.pass_context
def cli(ctx: click.Context, workspace: Path | None) -> None:
    """xcert：1+X 职业技能等级证书报考流程工具（离线检查、一次做对）。

    xcert takes a pilot school through the X platform's exam registration workflow offline: roster,
    photos, verification, registration, rooms, proctors, scheduling and the printed pack.

    中文使用指南：xcert guide（安装、十一个步骤、常见错误、与平台的衔接；也在文档的 docs/zh/ 中）。

    退出码 / exit codes: 0 成功 ok · 1 发现问题 problems found · 2 输入不可用或用法错误 unusable input ·
    3 内部错误 internal error · 130 已中断 interrupted (Ctrl-C).
    """
    ctx.obj = {"workspace": workspace}



def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point: run the group, turning every failure into a Chinese message and an exit code
    (never a traceback unless ``XCERT_DEBUG`` is set): usage and unusable input 2, interrupted 130, a bug 3.
    Everything printed shows control characters instead of obeying them (:class:`~.output.VisibleStream`).

    Called without ``argv`` (the console script), a command that allowed it ends the process without the
    interpreter's teardown (:mod:`.process_exit`)."""
    try:
        return _run(argv)
    except SystemExit as leaving:
        if argv is None and quick_exit_allowed():
            quick_exit(leaving.code)  # while ``leaving`` still holds the command's frame and what it built
        raise


def _run(argv: list[str] | None) -> Any:
    """:func:`main`'s work; always ends in :class:`SystemExit`."""
    from xcert_adapters.cli.output import install_visible_streams  # noqa: PLC0415
    from xcert_adapters.cli.trace import install_if_requested  # noqa: PLC0415

    install_visible_streams()
    install_if_requested()
    try:
        code = cli.main(args=argv, prog_name="xcert", standalone_mode=False)  # an int after --help, ctx.exit()
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_UNUSABLE if exc.exit_code == 2 else exc.exit_code)
    except (click.Abort, KeyboardInterrupt):
        click.echo("\n已中断 / interrupted. 已完成的部分已保存或已回滚；可以直接重新运行该命令。", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except UnreadableFileError as exc:
        click.echo(f"文件无法使用 / unusable file: {exc.path}: {exc.reason}", err=True)
        sys.exit(EXIT_UNUSABLE)
    except PluginError as exc:
        click.echo(f"插件错误 / plug-in error: {exc}", err=True)
        sys.exit(EXIT_UNUSABLE)
    except (DuplicateKeyError, ConstraintError, ConcurrencyError):  # the checks passed: someone else wrote first
        click.echo(f"数据库错误 / storage error: {CONCURRENT_WRITE}", err=True)
        sys.exit(EXIT_UNUSABLE)
    except XcertError as exc:
        click.echo(f"错误 / error: {exc}", err=True)
        sys.exit(EXIT_UNUSABLE)
    except OSError as exc:  # an output folder that cannot be written, a file that vanished, a full disk …
        where = f"：{exc.filename}" if exc.filename else ""
        if exc.errno == errno.ENOSPC:
            click.echo(f"磁盘已满，无法写入文件{where} / the disk is full. 已写入的部分已回滚；"
                       "请清理磁盘空间后重新运行。", err=True)
            sys.exit(EXIT_UNUSABLE)
        click.echo(f"无法读写文件{where}（{exc.strerror or exc}）/ cannot read or write a file. "
                   "请检查路径是否正确、是否有写入权限、磁盘是否已满。", err=True)
        sys.exit(EXIT_UNUSABLE)
    except Exception as exc:
        if os.environ.get("XCERT_DEBUG"):  # the traceback too; the exit code stays what it would be
            traceback.print_exc(file=sys.stderr)
        message = storage_error_message(exc)
        if message is not None:
            click.echo(f"数据库错误 / storage error: {message}", err=True)
            sys.exit(EXIT_UNUSABLE)
        click.echo(
            f"xcert 内部错误 / internal error: {type(exc).__name__}: {mask_secrets(str(exc))}\n"
            "请设置 XCERT_DEBUG=1 重新运行以查看详细信息，并把输出发给维护者。",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)
    sys.exit(code if isinstance(code, int) else EXIT_OK)


def storage_error_message(exc: Exception) -> str | None:
    """A Chinese explanation of a storage failure (:func:`~xcert_adapters.app.storage_failures.classify`: someone
    else wrote first, disk full, locked, read-only, unreachable), without the SQL or its parameters; ``None``
    when ``exc`` is not one."""
    from xcert_adapters.app import storage_failures as f  # noqa: PLC0415

    failure = f.classify(exc)
    if failure is None:
        return None
    return {
        f.CONCURRENT: CONCURRENT_WRITE,
        f.DISK_FULL: "磁盘已满（或磁盘读写出错），数据库无法写入；本次的修改已全部回滚。"
                     "请清理磁盘空间后重新运行该命令。",
        f.LOCKED: "数据库正被另一个 xcert 命令使用（已等待 30 秒），请等它结束后重试。",
        f.READ_ONLY: "数据库文件是只读的：请检查 xcert.db 及其文件夹的写入权限。",
        f.UNREACHABLE: f"无法连接数据库服务器：{failure.detail}",
    }.get(failure.kind, failure.detail)
