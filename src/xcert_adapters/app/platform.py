"""The files exchanged with the X platform as use cases: the upload package (导入包) from the workspace, and a
platform export (the candidate list with its states, or the 排考明细) synced back, all or nothing.

The packager is the ``x-platform`` plug-in unless another is named.
"""

from __future__ import annotations

from pathlib import Path

import attrs
from attrs import frozen

from xcert_adapters.app.errors import RequestError
from xcert_adapters.app.reports import build_report
from xcert_adapters.workspace import Workspace
from xcert_core.exchange.sync import SyncPlan, apply_sync, plan_sync
from xcert_core.issues import IssueReport
from xcert_core.ports.platform import ExportContext, ExportResult, PlatformPackager
from xcert_core.verification.service import utc_now

PACKAGER = "x-platform"
PACKAGE_DIR = "平台导入包"


@frozen
class PackageExport:
    """The package written: its folder, the files (in upload order, each with the platform's dialog) and the
    report (what could not be exported; warnings for what is still empty)."""

    out: Path
    result: ExportResult
    report: IssueReport


@frozen
class PlatformSync:
    """A sync: what it changes (:class:`~xcert_core.exchange.sync.SyncPlan`, issues under the school's rules),
    whether it was stored (only without errors) and the report."""

    plan: SyncPlan
    stored: bool
    report: IssueReport


def packager(workspace: Workspace, name: str = PACKAGER) -> PlatformPackager:
    """The platform packager plug-in ``name``."""
    found = workspace.plugins.platform_packager(name)
    return found


def export_package(workspace: Workspace, out: Path | None = None, *, force: bool = False) -> PackageExport:
    """Write the upload package into ``out`` (default ``output/平台导入包``); a folder holding an earlier export
    is refused unless ``force`` (then the earlier export's files are removed first)."""
    from xcert_adapters.platform.packager import remove_previous_export  # noqa: PLC0415 - openpyxl only here

    target = out if out is not None else workspace.output_dir / PACKAGE_DIR
    if target.exists() and not target.is_dir():
        raise RequestError(f"{target} 不是文件夹 / {target} is not a folder")
    if target.exists() and any(target.iterdir()):
        if not force:
            raise RequestError(f"{target} 不是空文件夹，如需重新导出请加 --force / {target} is not empty; pass "
                               "--force to replace the earlier export")
        remove_previous_export(target)
    context = ExportContext(workspace.school_code, workspace.photos_dir, workspace.root)
    result = packager(workspace).export(workspace.storage, target, context)
    report = build_report(workspace.plugins, result.issues, workspace.config.rules, by_row=False)
    return PackageExport(target, result, report)


def sync_export(workspace: Workspace, file: Path) -> PlatformSync:
    """Read a platform export (its kind told by its header) and apply it to the workspace when the report has
    no error: candidates' states step by step through the state machine (each change recorded), seats that
    differ replaced."""
    export = packager(workspace).read_export(file)
    plan = plan_sync(workspace.storage, export, workspace.school_code, at=utc_now())
    report = build_report(workspace.plugins, plan.issues, workspace.config.rules, file=file.name, by_row=False)
    plan = attrs.evolve(plan, issues=report.issues)
    stored = not plan.has_errors
    if stored:
        apply_sync(workspace.storage, plan)
    return PlatformSync(plan, stored, report)
