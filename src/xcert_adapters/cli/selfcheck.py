"""``xcert self-check``: is this installation able to work? Each check says what to do when it fails."""

from __future__ import annotations

import importlib
import json
import platform
from collections.abc import Callable

import attrs
import click

from xcert_core import __version__
from xcert_core.errors import QuotaExceededError, XcertError
from xcert_core.labels import ReviewStatus
from xcert_core.model import PilotApplication, School
from xcert_core.plugins import make_plugin_manager

REQUIRED_LIBRARIES = ("attrs", "cattrs", "pluggy", "openpyxl", "python_calamine", "defusedxml", "stdnum",
                      "pypinyin", "PIL", "reportlab", "sqlalchemy", "rich")


@attrs.frozen
class CheckResult:
    name: str
    ok: bool
    detail: str


def _check_libraries() -> str:
    missing = []
    for module in REQUIRED_LIBRARIES:
        try:
            importlib.import_module(module)
        except ImportError:
            missing.append(module)
    if missing:
        raise XcertError(f"缺少依赖库 {', '.join(missing)}，请重新安装 xcert（pip install xcert）")
    return f"{len(REQUIRED_LIBRARIES)} 个依赖库均可导入"


def _check_plugins() -> str:
    plugins = make_plugin_manager()
    return f"已加载 {len(plugins.plugin_names())} 个插件，问题代码 {len(plugins.catalogue)} 个"


def _check_storage() -> str:
    storage = make_plugin_manager().open_storage("memory://")
    try:
        storage.add(School("SELFCHECK", "自检学校"))
        application = PilotApplication("SELFCHECK", "1550001066010252", 2022, "第一次",
                                       status=ReviewStatus.APPROVED, approved_quota=1)
        storage.add(application)
        storage.adjust_quota(application.key, 1)
        try:
            storage.adjust_quota(application.key, 1)
        except QuotaExceededError:
            pass
        else:
            raise XcertError("存储未阻止超额使用培训指标")
        if storage.get(School, ("SELFCHECK",)).name != "自检学校":
            raise XcertError("存储读回的数据与写入的不一致")
    finally:
        storage.close()
    return "内存存储读写、指标上限正常"


CHECKS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("依赖库 / libraries", _check_libraries),
    ("插件 / plug-ins", _check_plugins),
    ("存储 / storage", _check_storage),
)


def run_checks() -> list[CheckResult]:
    results = []
    for name, check in CHECKS:
        try:
            results.append(CheckResult(name, True, check()))
        except XcertError as exc:
            results.append(CheckResult(name, False, str(exc)))
    return results


@click.command("self-check")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / print JSON.")
def self_check(as_json: bool) -> None:
    """检查安装是否可用 / check that this installation works (libraries, plug-ins, storage)."""
    results = run_checks()
    if as_json:
        click.echo(json.dumps({"version": __version__, "python": platform.python_version(),
                               "checks": [attrs.asdict(r) for r in results]}, ensure_ascii=False, indent=2))
    else:
        click.echo(f"xcert {__version__} · Python {platform.python_version()}")
        for result in results:
            click.echo(f"  {'✓' if result.ok else '✗'} {result.name}: {result.detail}")
        click.echo("自检通过 / all checks passed" if all(r.ok for r in results) else "自检未通过 / checks failed")
    raise SystemExit(0 if all(r.ok for r in results) else 1)
