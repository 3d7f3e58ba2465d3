"""The scheduling issue types (family ``scheduling``), each with a Chinese message naming where and how many."""

from __future__ import annotations

from xcert_core.issues import IssueType
from xcert_core.labels import Severity

FAMILY = "scheduling"


def _type(code: str, title: str, title_en: str, message: str, message_en: str, suggestion: str,
          severity: Severity = Severity.ERROR) -> IssueType:
    return IssueType(code=code, family=FAMILY, title=title, title_en=title_en, message=message,
                     message_en=message_en, suggestion=suggestion, severity=severity, description=title_en + ".")


SEAT_SHORTFALL = _type(
    "sched-seat-shortfall", "考位不足", "Not enough seats",
    "考核站点“{site}”场次“{session}”考位不足：报考 {registrants} 人，可用考位 {seats} 个，还差 {missing} 个。",
    "Site {site!r}, session {session!r}: {registrants} registrants, {seats} usable seats, {missing} missing.",
    "请增加考场或考位，或减少预留考位。")
SESSION_OVERLAP = _type(
    "sched-session-overlap", "考生场次时间冲突", "Candidate's sessions overlap",
    "考生 {masked} 的场次“{first}”与“{second}”时间重叠，只安排了“{first}”。",
    "Candidate {masked}: sessions {first!r} and {second!r} overlap; only {first!r} was seated.",
    "请调整考试场次，或让考生只报考其中一科。")
PROCTOR_SHORTFALL = _type(
    "sched-proctor-shortfall", "监考人员不足", "Not enough proctors",
    "考核站点“{site}”场次“{session}”{role}人员不足：需要 {needed} 人，可安排 {assigned} 人，还差 {missing} 人。",
    "Site {site!r}, session {session!r}: {needed} {role_en} needed, {assigned} assigned, {missing} missing.",
    "请增加{role}人员，或调整其不可参加的场次。")
CHANGE_REFUSED = _type(
    "sched-change-refused", "排考调整无法完成", "Seating change refused",
    "排考调整未完成：{why}。", "Seating change refused: {why_en}.",
    "请核对考生、场次、考场和考位后重试。")

GLYPH_MISSING = _type(
    "sched-glyph-missing", "字体缺少字符", "Characters missing from the font",
    "文件“{file_name}”中有字体无法显示的字符：{chars}，打印时这些字会缺失。",
    "File {file_name!r}: the font cannot draw {chars}; these characters will be missing in print.",
    "请配置含这些字符的字体（XCERT_FONT），或在打印后手写补全。", Severity.WARNING)
ROOM_UNWATCHED = _type(
    "sched-room-unwatched", "考场没有监考", "Room without a proctor",
    "考场“{room}”在场次 {session} 有 {count} 名考生，但没有安排监考人员。",
    "Room {room!r} has {count} candidates in session {session} but no proctor.",
    "请把考生调到有监考的考场（xcert schedule move），或补充监考人员后重新排考（--redo）。", Severity.WARNING)
SESSION_UNKNOWN = _type(
    "sched-unavailable-session-unknown", "不可监考场次不存在", "Unavailable session unknown",
    "监考人员 {teacher}（{name}）的不可监考场次“{session}”不是任何考试计划的场次，已忽略。",
    "Proctor {teacher}: unavailable session {session!r} is no session of any exam plan; ignored.",
    "请在监考人员表中填写考试计划里的场次编号（xcert plans list 可查看）后重新导入。", Severity.WARNING)

PLATFORM_REPLACED = _type(
    "sched-platform-seating-replaced", "替换平台排考", "Platform seating replaced",
    "考试计划“{plan}”按 xcert 重排替换平台排考结果：{changed} 名考生的准考证号改变，{moved} 个考位改变。",
    "Plan {plan!r}: xcert's seating replaces the platform's; {changed} ticket numbers and {moved} seats change.",
    "xcert 的准考证号只是试排结果：打印前请以平台排考为准，必要时重新 xcert sync platform 排考明细。", Severity.WARNING)

SITE_ADDRESS_MISSING = _type(
    "sched-site-address-missing", "考点地址为空", "Exam site without an address",
    "考核站点“{site}”（{name}）没有考点地址，准考证上会印成“—”，考生找不到考场；未生成打印材料。",
    "Exam site {site!r} has no address; the admission tickets would print a dash. Nothing was printed.",
    "请补上地址：xcert sites add {site} --name {name} --certificate 证书编号 --address 考点地址，再生成打印材料。")

ISSUE_TYPES = (SEAT_SHORTFALL, SESSION_OVERLAP, PROCTOR_SHORTFALL, CHANGE_REFUSED, GLYPH_MISSING, ROOM_UNWATCHED,
               SESSION_UNKNOWN, PLATFORM_REPLACED,
               SITE_ADDRESS_MISSING)
