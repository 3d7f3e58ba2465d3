"""The photo check's report as a workbook (``xcert photos check|import --report``), to pass round with the zip.

Sheet 照片问题 has one row per finding: the entry's name exactly as it is in the school's zip (so it can be found
and replaced; the workbook is the school's own record, written privately like the roster's marked-up copy), the
masked ID number, the roster row where there is one, severity, code, message, suggestion and whether
``xcert photos fix`` repairs it. Sheet 问题汇总 counts the findings per code with the entries they concern.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from xcert_core.issues.catalogue import IssueCatalogue
from xcert_core.photos.report import PhotoFinding, PhotoReport
from xcert_core.ports.workbooks import CellMark, CellValue, SheetModel

ENTRIES_LISTED = 20
"""How many entries (or roster rows) a line of 问题汇总 names before "…"."""
FINDINGS_HEADER = ("压缩包中的文件", "证件号码", "名单行", "级别", "问题代码", "问题", "建议", "可自动修复")
WHOLE_ZIP = "（整个压缩包）"
NO_PHOTO = "（没有照片）"


def _where(finding: PhotoFinding) -> str:
    if finding.entry:
        return finding.entry
    return NO_PHOTO if finding.id_number or finding.issue.row is not None else WHOLE_ZIP


def findings_sheet(report: PhotoReport) -> SheetModel:
    """照片问题: one row per finding, errors red and warnings yellow in the 问题 column."""
    rows: list[tuple[CellValue, ...]] = [FINDINGS_HEADER]
    marks: list[CellMark] = []
    for finding in report:
        issue = finding.issue
        rows.append((_where(finding), finding.id_number or "", issue.row, issue.severity.label, issue.code,
                     issue.message, issue.suggestion or "", "是" if finding.fixable else ""))
        marks.append(CellMark(len(rows), 6, issue.severity.value, ""))
    return SheetModel(name="照片问题", rows=tuple(rows), column_widths=(30, 20, 8, 6, 26, 60, 44, 10),
                      text_columns=(1, 2), marks=tuple(marks), header_row=1)


def summary_sheet(report: PhotoReport, catalogue: IssueCatalogue) -> SheetModel:
    """问题汇总: the zip, photo and problem counts, then one line per code (most frequent first within errors,
    then warnings) with its count and the entries it concerns."""
    grouped: dict[str, list[PhotoFinding]] = defaultdict(list)
    for finding in report:
        grouped[finding.code].append(finding)
    rows: list[tuple[CellValue, ...]] = [
        ("压缩包", report.file), ("照片数", report.photos), ("错误", len(report.errors)),
        ("警告", len(report.warnings)),
        ("可自动修复", sum(1 for f in report if f.fixable)), (),
        ("问题代码", "级别", "问题", "数量", "涉及文件"),
    ]
    header = len(rows)
    for code, found in sorted(grouped.items(), key=lambda item: (item[1][0].severity.value, -len(item[1]))):
        rows.append((code, found[0].severity.label, catalogue.get(code).title, len(found), _listed(found)))
    return SheetModel(name="问题汇总", rows=tuple(rows), column_widths=(26, 8, 30, 8, 70), bold_rows=(header,))


def _listed(found: Sequence[PhotoFinding]) -> str:
    places = list(dict.fromkeys(f.entry or (f"名单第 {f.issue.row} 行" if f.issue.row else "") or
                                (f.id_number or WHOLE_ZIP) for f in found))
    return "、".join(places[:ENTRIES_LISTED]) + ("…" if len(places) > ENTRIES_LISTED else "")


def photo_report_sheets(report: PhotoReport, catalogue: IssueCatalogue) -> list[SheetModel]:
    """The report workbook's sheets: 照片问题 first (what a teacher works through), then 问题汇总."""
    return [findings_sheet(report), summary_sheet(report, catalogue)]
