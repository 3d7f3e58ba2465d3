"""The error-report workbook a school person wants, for any template xcert checks: their own sheet with every
bad cell filled (red for errors, yellow for warnings) and commented with the message and suggestion, plus a
问题汇总 sheet grouped by problem.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from attrs import frozen

from xcert_core.issues.catalogue import IssueCatalogue
from xcert_core.issues.report import IssueReport
from xcert_core.issues.types import Issue
from xcert_core.labels import Severity
from xcert_core.ports.workbooks import CellMark, SheetData, SheetModel

ROWS_LISTED = 20


@frozen
class MarkedColumn:
    """A template column found in the sheet: its header (as issues name it), 0-based position, width, and
    whether it holds text that must stay text (ID numbers, codes)."""

    header: str
    position: int
    width: float = 14.0
    text: bool = True


def _comment(issues: list[Issue]) -> str:
    return "\n".join(f"【{i.severity.label}】{i.message}" + (f"\n建议：{i.suggestion}" if i.suggestion else "")
                     for i in issues)


def marked_sheet(sheet: SheetData, report: IssueReport, header_row: int,
                 columns: Sequence[MarkedColumn]) -> SheetModel:
    """The original sheet's values, rows in input order, with one mark per cell that has issues (issues of a
    row but no known column mark the row's first cell)."""
    column_of = {column.header: column.position + 1 for column in columns}
    by_cell: dict[tuple[int, int], list[Issue]] = defaultdict(list)
    for issue in report:
        if issue.row is not None:
            by_cell[(issue.row, column_of.get(issue.column or "", 1))].append(issue)
    marks = tuple(
        CellMark(row, column, "error" if any(i.severity is Severity.ERROR for i in issues) else "warning",
                 _comment(issues))
        for (row, column), issues in sorted(by_cell.items())
    )
    widths = [10.0] * max((len(row) for row in sheet.rows), default=0)
    for column in columns:
        widths[column.position] = column.width
    return SheetModel(name=sheet.name or "Sheet1", rows=sheet.rows, column_widths=tuple(widths),
                      text_columns=tuple(c.position + 1 for c in columns if c.text), marks=marks,
                      header_row=header_row)


def summary_sheet(file: str, sheet_name: str, row_count: int | None, report: IssueReport,
                  catalogue: IssueCatalogue) -> SheetModel:
    """问题汇总: totals (数据行数 left out when ``row_count`` is ``None``), then one line per issue code with its
    count and first rows, then every issue."""
    grouped: dict[str, list[Issue]] = defaultdict(list)
    for issue in report:
        grouped[issue.code].append(issue)
    rows: list[tuple[str | int | None, ...]] = [
        ("文件", file), ("工作表", sheet_name), *([("数据行数", row_count)] if row_count is not None else []),
        ("错误", len(report.errors)), ("警告", len(report.warnings)), (),
        ("问题代码", "级别", "问题", "数量", "涉及行"),
    ]
    group_header = len(rows)
    for code, issues in sorted(grouped.items(), key=lambda item: (item[1][0].severity.value, -len(item[1]))):
        listed = sorted({i.row for i in issues if i.row is not None})
        where = "、".join(map(str, listed[:ROWS_LISTED])) + ("…" if len(listed) > ROWS_LISTED else "")
        rows.append((code, issues[0].severity.label, catalogue.get(code).title, len(issues), where or "整个文件"))
    rows += [(), ("行", "列", "级别", "问题代码", "说明", "建议")]
    detail_header = len(rows)
    rows += [(i.row, i.column, i.severity.label, i.code, i.message, i.suggestion) for i in report]
    return SheetModel(name="问题汇总", rows=tuple(rows), column_widths=(26, 14, 8, 28, 60, 50),
                      bold_rows=(group_header, detail_header))
