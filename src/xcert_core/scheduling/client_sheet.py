"""The exam-client readiness sheet (考试客户端就绪表): per room of a plan, whether the exam client is installed and
tested — what the 培训评价组织 collects from the schools before exam day (step 11 of the seed), read into
:class:`~xcert_core.model.ExamClientCheck` values.

The seed shows no such file, so xcert reads its own layout (``xcert rooms client-template``; its notes say so)::

    *考核站点编号 *考场名称 *已安装 *已测试 检查日期 检查人 备注

Rules: the room is one of the plan's at that site (``client-room-unknown``), 是/否 cells (``client-yes-no``),
nothing tested that is not installed (``client-tested-not-installed``), a readable date, one row per room. A row
with an error gives nothing; the import stores nothing while any row has one.
"""

from __future__ import annotations

from collections.abc import Mapping

from xcert_core.issues import Issue
from xcert_core.model import ExamClientCheck, ExamRoom
from xcert_core.ports.workbooks import SheetData, SheetModel
from xcert_core.roster.columns import XCERT_OWN_TEMPLATE, RosterColumn
from xcert_core.scheduling.issue_types import (
    CLIENT_CELL_MISSING,
    CLIENT_DATE_INVALID,
    CLIENT_DUPLICATE,
    CLIENT_NO_DATA,
    CLIENT_ROOM_UNKNOWN,
    CLIENT_TESTED_NOT_INSTALLED,
    CLIENT_YES_NO,
)
from xcert_core.scheduling.plan_sheets import parse_date
from xcert_core.scheduling.rooms_sheet import blank_template, empty_required_cells, sheet_rows, whitespace_rows

COLUMNS: tuple[RosterColumn, ...] = (
    RosterColumn("site_code", "考核站点编号", width=14),
    RosterColumn("room", "考场名称", width=18),
    RosterColumn("installed", "已安装", width=10),
    RosterColumn("tested", "已测试", width=10),
    RosterColumn("checked_on", "检查日期", required=False, numeric_ok=True, width=14),
    RosterColumn("checked_by", "检查人", required=False, width=12),
    RosterColumn("note", "备注", required=False, width=30),
)
ANCHORS = frozenset({"考核站点编号", "考场名称"})
YES, NO = ("是", "已安装", "已测试", "Y", "y", "√"), ("否", "未安装", "未测试", "N", "n", "×")
ISSUE_TYPES = (CLIENT_CELL_MISSING, CLIENT_ROOM_UNKNOWN, CLIENT_YES_NO, CLIENT_TESTED_NOT_INSTALLED,
               CLIENT_DATE_INVALID, CLIENT_DUPLICATE, CLIENT_NO_DATA)


def _yes(text: str, header: str, row: int, issues: list[Issue]) -> bool | None:
    if text in YES:
        return True
    if text in NO:
        return False
    issues.append(CLIENT_YES_NO.at(row=row, column=header, header=header, value=text))
    return None


def read_client_sheet(sheet: SheetData, file: str, plan_code: str, rooms: Mapping[tuple[str, str], ExamRoom]
                      ) -> tuple[list[ExamClientCheck], list[Issue], int]:
    """(checks, issues, data rows) of a filled sheet for the plan whose rooms are ``rooms`` by (site, name)."""
    rows, issues = sheet_rows(sheet, file, COLUMNS, ANCHORS, "考试客户端就绪表",
                              space_allowed=frozenset({"room", "checked_by", "note"}),
                              command="xcert rooms client-template")
    if not rows:
        issues.append(CLIENT_NO_DATA.at())
    spaced = whitespace_rows(issues)
    seen: dict[tuple[str, str], int] = {}
    checks = []
    for data in rows:
        row, values = data.row, data.values
        found = len(issues)
        issues += empty_required_cells(data, COLUMNS, CLIENT_CELL_MISSING)
        if len(issues) > found:
            continue
        site, room = values["site_code"] or "", values["room"] or ""
        installed = _yes(values["installed"] or "", "已安装", row, issues)
        tested = _yes(values["tested"] or "", "已测试", row, issues)
        if installed is False and tested:
            issues.append(CLIENT_TESTED_NOT_INSTALLED.at(row=row, column="已测试", room=room))
        text = values.get("checked_on")
        day = parse_date(text) if text is not None else None
        if text is not None and day is None:
            issues.append(CLIENT_DATE_INVALID.at(row=row, column="检查日期", value=text))
        if (site, room) not in rooms:
            issues.append(CLIENT_ROOM_UNKNOWN.at(row=row, column="考场名称", plan=plan_code, site=site, room=room))
        first = seen.setdefault((site, room), row)
        if first != row:
            issues.append(CLIENT_DUPLICATE.at(row=row, column="考场名称", site=site, room=room, first=first))
        if len(issues) > found or row in spaced or installed is None or tested is None:
            continue
        checks.append(ExamClientCheck(plan_code, site, room, installed, tested, day, values.get("checked_by") or "",
                                      values.get("note") or ""))
    return checks, issues, len(rows)


NOTES = ("注意说明" + XCERT_OWN_TEMPLATE +
         "\n1、每个考场一行：考核站点编号、考场名称（与考场表一致），考试客户端是否已安装、是否已测试（是/否）。\n"
         "2、测试前须先安装；导入后 xcert status 在每个在用考场都安装并测试后才显示就绪。")


def client_template() -> SheetModel:
    """The blank exam-client readiness sheet (考试客户端就绪表), xcert's own."""
    return blank_template("考试客户端就绪表", NOTES, COLUMNS, ("site_code", "room"),
                          choices=(("installed", ("是", "否")), ("tested", ("是", "否"))),
                          marks=(("site_code", "示例：Z001"), ("room", "示例：信息楼301"),
                                 ("installed", "是 / 否"), ("tested", "是 / 否"),
                                 ("checked_on", "示例：2026-06-10（可不填）"), ("checked_by", "示例：王老师（可不填）"),
                                 ("note", "示例：3 号机更换后重测（可不填）")))
