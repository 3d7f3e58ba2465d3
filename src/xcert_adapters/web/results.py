"""What a workbench action tells the person who clicked: done or not, one Chinese sentence, and every issue
with its row, column, message and suggestion (the table every page shows the same way).

:func:`perform` runs an action on the workspace and turns a request the workspace cannot honour into a result
that says why (never a 500); :func:`perform_upload` does the same with an uploaded file read exactly as the
command line reads one. The ``*_result`` functions say in Chinese what each use case's outcome means.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from attrs import frozen
from litestar.datastructures import UploadFile

from xcert_adapters.app import storage_failures
from xcert_adapters.app.payloads import IssuePayload, photo_check_payload
from xcert_adapters.app.record_edits import RecordEdit
from xcert_adapters.app.registrations import RegistrationFileImport
from xcert_adapters.app.roster import RosterImport
from xcert_adapters.app.scheduling import ScheduleRun, StaffRun
from xcert_adapters.app.staff_and_rooms import SheetImport
from xcert_adapters.app.verification import ConfirmOutcome, VerifyOutcome
from xcert_adapters.photos.store import PhotoImport
from xcert_adapters.web.served import Served
from xcert_adapters.web.uploads import saved_upload
from xcert_adapters.workspace import Workspace
from xcert_core.errors import XcertError
from xcert_core.issues import IssueReport
from xcert_core.privacy import mask_id_number


@frozen
class StepResult:
    """``ok``: the action was done; ``message``: what happened, in Chinese; ``issues``: rows for the table."""

    ok: bool
    message: str
    issues: tuple[Any, ...] = ()


def _issues(report: IssueReport) -> tuple[IssuePayload, ...]:
    return tuple(IssuePayload.of(issue) for issue in report)


STORAGE_WORDS = {
    storage_failures.CONCURRENT: "另一位老师（或另一个 xcert 命令）刚刚修改了同样的数据，本次没有保存任何内容，"
                                 "已有的数据没有丢失；请刷新页面看看现在的情况，需要的话再操作一次。",
    storage_failures.DISK_FULL: "磁盘已满（或磁盘读写出错），数据库无法写入；本次的修改已全部回滚。"
                                "请清理磁盘空间后再操作。",
    storage_failures.LOCKED: "数据库正被另一个操作使用（已等待 30 秒），本次没有保存任何内容；请稍后再试。",
    storage_failures.READ_ONLY: "数据库文件是只读的，无法保存：请让管理员检查 xcert.db 及其文件夹的写入权限。",
    storage_failures.UNREACHABLE: "无法连接数据库服务器，本次没有保存任何内容；请稍后再试或联系管理员。",
}
"""What the workbench says for each kind of storage failure (:mod:`~xcert_adapters.app.storage_failures`)."""


def storage_words(failure: storage_failures.StorageFailure) -> str:
    return STORAGE_WORDS.get(failure.kind, f"数据库错误，本次没有保存任何内容：{failure.detail}")


def perform(served: Served, action: Callable[[Workspace], StepResult]) -> StepResult:
    """Run ``action`` on the workspace; an :class:`~xcert_core.errors.XcertError` (or a bad number typed in a
    form) becomes a result that is not ``ok`` and says why, and so does a storage failure (someone else wrote
    the same data first, a locked or full database: :func:`storage_words`). Anything else is a bug and raised."""
    try:
        with served.workspace() as workspace:
            return action(workspace)
    except Exception as exc:
        failure = storage_failures.classify(exc)
        if failure is not None:
            return StepResult(False, f"未保存：{storage_words(failure)}")
        if isinstance(exc, XcertError | ValueError):
            return StepResult(False, f"未完成：{exc}")
        raise


def perform_upload(served: Served, upload: object, missing: str,
                   action: Callable[[Workspace, Path, str], StepResult]) -> StepResult:
    """:func:`perform` with the uploaded file saved privately (``missing``: what to say when none was chosen)."""
    if not isinstance(upload, UploadFile) or not upload.filename:
        return StepResult(False, missing)

    def with_file(workspace: Workspace) -> StepResult:
        with saved_upload(workspace, upload) as (path, name):
            return action(workspace, path, name)

    return perform(served, with_file)


def edit_result(edit: RecordEdit, what: str) -> StepResult:
    """编辑 of one record: stored with its changes, unchanged, or refused with the issue table."""
    if not edit.stored:
        return StepResult(False, f"{what}修改后的信息有错误，未保存；请按下表改正。", _issues(edit.report))
    if not edit.changes:
        return StepResult(True, f"{what}的内容与原来相同，没有改动。")
    changed = "；".join(f"{key} → {value}" for key, value in edit.changes)
    return StepResult(True, f"已修改{what}：{changed}。", _issues(edit.report))


def sheet_result(outcome: SheetImport, unit: str) -> StepResult:
    """An all-or-nothing sheet import (rooms, proctors); ``unit`` counts rows (``个考场``)."""
    if outcome.stored is None:
        return StepResult(False, f"{outcome.file}：有错误，未导入任何内容；请改正后重新上传。", _issues(outcome.report))
    stored = outcome.stored
    return StepResult(True, f"{outcome.file}：已导入，新增 {stored.added} {unit}，更新 {stored.replaced} {unit[-1]}，"
                            f"未变 {stored.unchanged} {unit[-1]}。",
                      _issues(outcome.report))


def roster_result(outcome: RosterImport, name: str) -> StepResult:
    """A roster import (考生信息)."""
    checked, summary = outcome.checked, outcome.summary
    if summary is None:
        return StepResult(False, f"{name}：有错误，未导入任何学生；请按下表改正后重新上传。", _issues(checked.report))
    back = f"，{len(summary.sent_back)} 名因身份信息改动需重新认证" if summary.sent_back else ""
    return StepResult(True, f"{name}：已导入，新增 {len(summary.added)} 名、更新 {len(summary.updated)} 名、"
                            f"未变 {len(summary.unchanged)} 名{back}。", _issues(checked.report))


def photo_result(outcome: PhotoImport, name: str) -> StepResult:
    """A photo zip import (考生照片)."""
    issues = photo_check_payload(outcome.report, file=name).issues
    if not outcome.stored:
        return StepResult(False, f"{name}：有照片不符合要求，未导入任何照片；请改正后重新上传，"
                                 "或勾选“只导入没有问题的照片”。", issues)
    left = "；下表中有错误的照片没有导入，改正后再上传这些照片即可" if outcome.report.has_errors else ""
    return StepResult(not outcome.report.has_errors, f"{name}：已导入 {len(outcome.attached)} 张照片，"
                      f"{len(outcome.unchanged)} 张与已有的相同{left}。", issues)


def verify_result(outcome: VerifyOutcome) -> StepResult:
    """A verification batch (信息认证)."""
    states = "、".join(f"{state.label} {n} 名" for state, n in outcome.results.items())
    if not outcome.batch.outcomes:
        return StepResult(True, "没有待认证的考生。")
    return StepResult(outcome.done, f"已按平台结果认证 {len(outcome.batch.outcomes)} 名考生：{states}。")


def confirm_result(outcome: ConfirmOutcome) -> StepResult:
    """A manual confirmation (人工确认) or rejection."""
    changed = [o for o in outcome.batch.outcomes if not o.error]
    problems = [f"{mask_id_number(o.key[1])}：{o.error}" for o in outcome.batch.errors]
    message = f"已{outcome.event.label} {len(changed)} 名考生。" + ("；".join(problems) if problems else "")
    return StepResult(outcome.done, message)


def registration_result(outcome: RegistrationFileImport, name: str) -> StepResult:
    """A registration file import (报考)."""
    issues = _issues(outcome.report)
    if outcome.report.has_errors:
        return StepResult(False, f"{name}：有错误，未报考任何人；请改正后重新上传。", issues)
    return StepResult(True, f"{name}：已报考 {len(outcome.stored)} 条，{len(outcome.unchanged)} 条原已报考。", issues)


def schedule_result(run: ScheduleRun | StaffRun, what: str) -> StepResult:
    """A scheduling run (排考) or a proctor assignment (分配监考); ``what`` names it."""
    issues = _issues(run.report)
    if not run.outcome.stored:
        return StepResult(False, f"{what}未保存：有错误，请按下表处理。", issues)
    rooms = run.summaries
    provisional = "（xcert 试排：准考证号为临时编号，以平台排考为准）" if isinstance(run, ScheduleRun) else ""
    return StepResult(True, f"{what}已完成{provisional}：{len(rooms)} 个考场（按场次计）。", issues)
