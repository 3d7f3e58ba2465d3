"""``xcert photos``: candidate photos (学生照片) — check the zip before uploading it, fix what can be fixed, and
import it into the workspace."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from xcert_adapters.app.payloads import photo_check_payload, plain
from xcert_adapters.app.photos import check_zip, fix_zip, import_zip, write_photo_report
from xcert_adapters.cli.output import JSON_HELP, check_report_path, echo_json, issue_lines
from xcert_adapters.cli.workspace_option import current_workspace, login_name
from xcert_core.labels import Severity
from xcert_core.photos.report import FixAction, FixReport, PhotoFinding, PhotoReport
from xcert_core.plugins import XcertPlugins, make_plugin_manager
from xcert_core.privacy import mask_id_number

SHOWN = 8
"""How many entries (or rows) a grouped line names before saying 等."""

_ROSTER_HELP = "学生名单（.xlsx/.xls/.csv），按“证件号码”逐一核对照片 / the roster to match photos against."
_SHEET_HELP = "名单的工作表名称（默认第一个可见的工作表）/ the roster's sheet (default: the first visible one)."
_REPORT_HELP = ("同时写出问题清单 .xlsx（每个问题一行：文件、证件号码、说明、建议），发给班主任逐个处理 / "
                "also write the findings as a workbook.")


def _report_written(plugins: XcertPlugins, report: PhotoReport, report_path: Path | None, as_json: bool) -> None:
    if report_path is not None:
        write_photo_report(plugins, report, report_path)
        click.echo(f"问题清单已写入 {report_path}（{len(report)} 个问题）。", err=as_json)


@click.group("photos")
def photos() -> None:
    """学生照片：上传前检查压缩包、自动修复 / candidate photos: check the zip, fix what can be fixed.

    平台要求：照片命名为“证件号码.jpg”后打包成 .zip；jpg 或 png，5 MB 以内，295×413 像素，红色底色。
    """


def _where(findings: list[PhotoFinding]) -> str:
    entries = list(dict.fromkeys(f.issue.entry for f in findings if f.issue.entry))
    rows = sorted({f.issue.row for f in findings if f.issue.row is not None})
    if entries:
        more = f" 等 {len(entries)} 个文件" if len(entries) > SHOWN else ""
        return "、".join(entries[:SHOWN]) + more
    if rows:
        more = f" 等 {len(rows)} 行" if len(rows) > SHOWN else " 行"
        return "名单第 " + "、".join(map(str, rows[:SHOWN])) + more
    return "整个压缩包"


def _mark_and_place(same: Sequence[PhotoFinding]) -> str:
    mark = "  [可自动修复]" if all(f.fixable for f in same) else ""
    return f"{mark}\n      位置：{_where(list(same))}"


def _summary(report: PhotoReport, fix_hint: str) -> str:
    name = Path(report.file).name
    lines = [f"{name}：共 {report.photos} 张照片，发现 {len(report.errors)} 个错误、{len(report.warnings)} 个警告"]
    if not len(report):
        lines.append("没有发现问题，可以上传平台。")
        return "\n".join(lines)
    lines += issue_lines(report, issue_of=lambda f: f.issue, after=_mark_and_place)
    fixable = sum(1 for f in report if f.fixable)
    if fixable:
        lines.append(f"\n其中 {fixable} 个问题可以自动修复：{fix_hint}")
    return "\n".join(lines)


@photos.command("check")
@click.argument("zip_path", metavar="PHOTOS.zip", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--roster", type=click.Path(dir_okay=False, path_type=Path), help=_ROSTER_HELP)
@click.option("--sheet", help=_SHEET_HELP)
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), help=_REPORT_HELP)
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def check(zip_path: Path, roster: Path | None, sheet: str | None, report_path: Path | None, as_json: bool) -> None:
    """检查照片压缩包，一次找出所有问题 / check every photo of the zip against the platform's rules.

    退出码 / exit: 0 无错误（可有警告）· 1 有错误 · 2 压缩包或名单无法使用.
    """
    check_report_path(report_path, zip_path)
    plugins = make_plugin_manager()
    report = check_zip(plugins, zip_path, roster=roster, sheet=sheet)
    _report_written(plugins, report, report_path, as_json)
    if as_json:
        echo_json(plain(photo_check_payload(report)))
    else:
        roster_part = f" --roster {roster}" if roster is not None else ""
        click.echo(_summary(report, f"xcert photos fix {zip_path} --out 修复后.zip{roster_part}"))
    raise SystemExit(report.exit_code)


def _fix_summary(report: FixReport) -> str:
    counts = {action: sum(1 for f in report.files if f.action is action) for action in FixAction}
    name = Path(report.file).name
    target = Path(report.out).name if report.out else "（未生成）"
    lines = [f"{name} → {target}：共 {report.check.photos} 张照片，写入 {report.written} 张"
             f"（{counts[FixAction.FIXED]} 张已修复、{counts[FixAction.KEPT]} 张无需修改），"
             f"{counts[FixAction.LEFT_OUT]} 个文件未放入，{counts[FixAction.DROPPED]} 个文件已去掉"]
    sections = ((FixAction.FIXED, "已修复"), (FixAction.LEFT_OUT, "未放入（需要手工处理，对应学生仍为“无照片”）"),
                (FixAction.DROPPED, "已去掉（不是照片）"))
    for action, title in sections:
        files = [f for f in report.files if f.action is action]
        if not files:
            continue
        lines.append(f"\n{title}：")
        for file in files:
            lines.append(f"  · {file.display}：{'；'.join(file.changes)}")
    kept = [f for f in report.files if f.action is FixAction.KEPT]
    if kept:
        lines.append(f"\n无需修改：{len(kept)} 张（照片像素原样保留；如有 EXIF 等附加信息已删除）")
    others = [f for f in report.remaining if f.entry is None and f.severity is Severity.ERROR]
    if others:
        lines.append("\n仍需处理：")
        for finding in others[:SHOWN]:
            lines.append(f"  · {finding.issue.message}")
        if len(others) > SHOWN:
            lines.append(f"  · …… 共 {len(others)} 条")
    if report.out is None:
        lines.append("\n没有任何照片可以写入，未生成输出文件。")
    elif report.exit_code == 0:
        lines.append(f"\n{target} 可以直接上传平台。")
    return "\n".join(lines)


@photos.command("fix")
@click.argument("zip_path", metavar="PHOTOS.zip", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="输出的压缩包（.zip），只含平台接受的照片 / the zip to write, holding only acceptable photos.")
@click.option("--roster", type=click.Path(dir_okay=False, path_type=Path), help=_ROSTER_HELP)
@click.option("--sheet", help=_SHEET_HELP)
@click.option("--force", is_flag=True, help="覆盖已有的输出文件 / overwrite an existing output file.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def fix(zip_path: Path, out: Path, roster: Path | None, sheet: str | None, force: bool, as_json: bool) -> None:
    """修复照片并打包成平台可以直接上传的压缩包 / fix the photos and write the zip the platform accepts.

    缩放为 295×413、转为 RGB JPEG、转正、删除 EXIF（含 GPS）、压缩到 5 MB 以内、改名为“证件号码.jpg”；
    底色不对、比例不对、文件名不是证件号码等无法安全修复的照片不会放入，并在报告中说明。

    退出码 / exit: 0 全部照片已写入 · 1 有照片未放入或仍有问题 · 2 压缩包或名单无法使用.
    """
    report = fix_zip(make_plugin_manager(), zip_path, out, roster=roster, sheet=sheet, force=force)
    if as_json:
        echo_json(report.to_json())
    else:
        click.echo(_fix_summary(report))
    raise SystemExit(report.exit_code)


@photos.command("import")
@click.argument("zip_path", metavar="PHOTOS.zip", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--partial", is_flag=True,
              help="只导入没有错误的照片，有错误的列出来、不导入 / store the photos without errors, list the rest.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), help=_REPORT_HELP)
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def import_command(zip_path: Path, partial: bool, report_path: Path | None, as_json: bool) -> None:
    """检查照片压缩包并导入工作区（默认全部导入或全部不导入）/ check a photo zip and store it in the workspace.

    与 photos check 的检查完全相同，但按工作区中已导入的学生逐一核对（已有照片的学生可以不在压缩包中）。
    有任何错误就什么都不保存；没有错误时，每张照片原样保存到工作区的 photos 文件夹，学生变为“信息待认证”
    （已认证的学生换了照片需要重新认证）。与已保存照片完全相同的照片会跳过。
    加 --partial 时，没有错误的照片照常导入，有错误的照片（及同一证件号码的多张照片）不导入并列出，
    改正后再导入这些照片即可。

    退出码 / exit: 0 已导入（可有警告）· 1 有错误，未导入（--partial：其余已导入）· 2 压缩包或工作区无法使用.
    """
    check_report_path(report_path, zip_path)
    workspace = current_workspace()
    result = import_zip(workspace, zip_path, partial=partial, actor=login_name())
    report = result.report
    _report_written(workspace.plugins, report, report_path, as_json)
    if as_json:
        payload = report.to_json()
        payload["stored"] = result.stored
        payload["imported"] = None if not result.stored else {
            "attached": len(result.attached), "unchanged": len(result.unchanged),
            "sent_back": len(result.sent_back), "sent_back_ids": [mask_id_number(n) for n in result.sent_back]}
        echo_json(payload)
    else:
        click.echo(_summary(report, f"xcert photos fix {zip_path} --out 修复后.zip，再导入修复后的压缩包"))
        click.echo("")
        if not result.stored:
            click.echo("有错误，未导入任何照片（全部改正后重新运行本命令；或加 --partial 先导入没有错误的照片）。")
        else:
            click.echo(f"已导入工作区：{len(result.attached)} 张照片已保存，{len(result.unchanged)} 张与已保存的"
                       "照片相同，已跳过。")
            if report.has_errors:
                click.echo("上面列出的有错误的照片没有导入：改正后再导入这些照片即可。")
            if result.sent_back:
                shown = "、".join(mask_id_number(n) for n in result.sent_back[:SHOWN])
                more = f" 等 {len(result.sent_back)} 名" if len(result.sent_back) > SHOWN else ""
                click.echo(f"其中 {len(result.sent_back)} 名学生换了照片，已回到“信息待认证”，需要重新认证："
                           f"{shown}{more}")
    raise SystemExit(report.exit_code)
