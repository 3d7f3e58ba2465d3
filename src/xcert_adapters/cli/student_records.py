"""``xcert students edit`` and ``xcert students remove``: one student's record, changed or deleted (编辑 / 删除)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from xcert_adapters.app.payloads import candidate_payload, plain
from xcert_adapters.cli.output import FORCE_HELP, JSON_HELP, echo_json, issue_json, issues_summary
from xcert_adapters.cli.workspace_option import current_workspace, login_name
from xcert_core.labels import VerificationState
from xcert_core.privacy import mask_id_number

FIELD_OPTIONS = {  # option -> roster field
    "new_name": "name", "pinyin": "name_pinyin", "gender": "gender", "id_type": "id_type", "mobile": "mobile",
    "enrolment_year": "enrolment_year", "program_level": "program_level", "program_name": "program_name",
    "program_code": "program_code", "catalogue_version": "catalogue_version", "education": "education",
    "work_unit": "work_unit",
}


@click.command("edit")
@click.argument("student", metavar="学生")
@click.option("--name", "new_name", help="学生姓名 / the name.")
@click.option("--pinyin", help="姓名拼音 / the pinyin.")
@click.option("--gender", help="性别 / gender.")
@click.option("--id-type", help="证件类型 / the ID type.")
@click.option("--mobile", help="手机号码 / the mobile number.")
@click.option("--enrolment-year", help="入学年份 / the enrolment year.")
@click.option("--program-level", help="专业层次 / the program level.")
@click.option("--program-name", help="就读专业 / the program.")
@click.option("--program-code", help="专业代码 / the program code.")
@click.option("--catalogue-version", help="专业版本 / the catalogue version.")
@click.option("--education", help="最高学历（社会考生）/ education level (social candidates).")
@click.option("--work-unit", help="工作单位（社会考生）/ work unit (social candidates).")
@click.option("--reason", required=True, help="修改原因，记入操作记录 / why (kept in the audit log).")
@click.option("--actor", help="操作人（默认当前用户）/ who edits (default: the login name).")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def edit(student: str, reason: str, actor: str | None, as_json: bool, **fields: Any) -> None:
    """修改一名学生的信息（与导入名单同样检查）/ edit one student's record, checked like a roster row.

    \b
    xcert students edit 张三 --mobile 13912345678 --reason 学生换了手机号
    xcert students edit 张三:3418 --name 张珊 --pinyin "Zhang Shan" --reason 按身份证更正

    改姓名、拼音或证件类型后，学生回到“信息待认证”，需要重新上传平台认证；改手机号码、专业等不影响认证状态。
    社会考生同样用本命令修改，没有入学年份和专业，改的是 --education 和 --work-unit。
    证件号码不能修改：删除（xcert students remove）后导入正确的记录。

    退出码 / exit: 0 已修改 · 1 修改后的信息有错误，未保存 · 2 学生不存在或用法错误.
    """
    changes = {FIELD_OPTIONS[option]: value for option, value in fields.items() if value is not None}
    from xcert_adapters.app.student_records import edit_student  # noqa: PLC0415 - with the photos it removes

    edited = edit_student(current_workspace(), student, changes, actor=actor or login_name(), reason=reason)
    if as_json:
        echo_json({"stored": edited.stored, "sent_back": edited.sent_back,
                   "student": plain(candidate_payload(edited.after)), "issues": [issue_json(i) for i in edited.report]})
    elif not edited.stored:
        click.echo(issues_summary(Path("修改后的信息"), 1, "名学生", edited.report))
        click.echo("\n有错误，未保存；请改正后重新运行。")
    else:
        who = f"{edited.after.name}（{mask_id_number(edited.after.id_number)}）"
        state = ("，已回到“信息待认证”：请重新上传平台认证" if edited.sent_back
                 else f"，认证状态不变（{edited.after.state.label}）")
        click.echo(f"已修改 {who}{state}。")
    raise SystemExit(0 if edited.stored else 1)


@click.command("remove")
@click.argument("student", metavar="学生")
@click.option("--reason", required=True, help="删除原因，记入操作记录 / why (kept in the audit log).")
@click.option("--actor", help="操作人（默认当前用户）/ who removes (default: the login name).")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def remove(student: str, reason: str, actor: str | None, as_json: bool) -> None:
    """删除一名学生（如已退学）；已报考的先撤销报考 / remove one student, e.g. one who left.

    \b
    xcert students remove 张三:3418 --reason 已退学

    同时删除该学生已撤销的报考、认证记录和照片；有报考或考位时拒绝删除，并给出撤销报考的命令。

    退出码 / exit: 0 已删除 · 2 学生不存在、有报考或用法错误.
    """
    from xcert_adapters.app.student_records import remove_student  # noqa: PLC0415

    removed = remove_student(current_workspace(), student, actor=actor or login_name(), reason=reason)
    who = f"{removed.candidate.name}（{mask_id_number(removed.candidate.id_number)}）"
    if as_json:
        echo_json({"removed": mask_id_number(removed.candidate.id_number), "name": removed.candidate.name,
                   "withdrawn_registrations": removed.withdrawn_registrations,
                   "verification_records": removed.verification_records, "photo_removed": removed.photo_removed})
        return
    extra = [f"{removed.withdrawn_registrations} 条已撤销的报考" if removed.withdrawn_registrations else "",
             f"{removed.verification_records} 条认证记录" if removed.verification_records else "",
             "照片" if removed.photo_removed else ""]
    also = "、".join(part for part in extra if part)
    click.echo(f"已删除 {who}" + (f"，以及{also}" if also else "") + "。")


@click.command("export")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--state", "state_text", type=click.Choice([s.label for s in VerificationState]),
              help="只导出这一状态的学生 / only students in this state.")
@click.option("--force", is_flag=True, help=FORCE_HELP)
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def export(out: Path, state_text: str | None, force: bool, as_json: bool) -> None:
    """批量导出学生信息（含完整证件号码与认证状态、各状态人数）/ export the students, like the platform's 批量导出.

    \b
    xcert students export 学生信息导出.xlsx [--state 信息准确]

    文件含完整的证件号码和手机号码，只有本人账户可读，请妥善保管；要发给别人的名单请用
    xcert students list --report（号码已打码）。
    """
    if out.suffix.lower() != ".xlsx":
        raise click.UsageError("导出文件名应以 .xlsx 结尾 / the export must be an .xlsx file")
    if out.exists() and not force:
        raise click.UsageError(f"{out} 已存在，如需覆盖请加 --force / {out} exists; pass --force to overwrite")
    state = VerificationState.from_label(state_text) if state_text else None
    from xcert_adapters.app.student_records import export_students  # noqa: PLC0415

    counts = export_students(current_workspace(), out, state)
    if as_json:
        echo_json({"file": str(out), "students": sum(counts.values()), "by_state": dict(counts)})
        return
    parts = "、".join(f"{label} {n}" for label, n in counts.items())
    click.echo(f"已导出 {sum(counts.values())} 名学生到 {out}" + (f"：{parts}" if parts else "") + "。")
