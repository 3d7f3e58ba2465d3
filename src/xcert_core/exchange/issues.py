"""The issue types of exporting the upload package (family ``platform-export``) and of syncing the platform's
exports back (family ``platform-sync``)."""

from __future__ import annotations

from xcert_core.issues import IssueType
from xcert_core.labels import Severity

EXPORT_FAMILY = "platform-export"
SYNC_FAMILY = "platform-sync"


def _type(family: str, code: str, title: str, title_en: str, message: str, message_en: str, suggestion: str,
          severity: Severity = Severity.ERROR) -> IssueType:
    return IssueType(code=code, family=family, title=title, title_en=title_en, message=message,
                     message_en=message_en, suggestion=suggestion, severity=severity, description=title_en + ".")


EXPORT_NO_PHOTO = _type(
    EXPORT_FAMILY, "export-no-photo", "学生还没有照片", "Candidate has no photo yet",
    "学生{name}（证件号码 {masked}）还没有照片，照片压缩包中没有他/她。",
    "Candidate {masked} has no stored photo; the photo zip leaves them out.",
    "请先用 xcert photos import 导入照片，再重新导出。", Severity.WARNING)
EXPORT_PHOTO_FILE_MISSING = _type(
    EXPORT_FAMILY, "export-photo-file-missing", "照片文件不见了", "Stored photo file missing",
    "学生{name}（证件号码 {masked}）的照片文件在工作区中找不到，照片压缩包中没有他/她。",
    "The stored photo file of candidate {masked} does not exist; the photo zip leaves them out.",
    "请重新导入该学生的照片。")
EXPORT_CANDIDATE_UNKNOWN = _type(
    EXPORT_FAMILY, "export-registration-candidate-unknown", "报考的考生不在工作区", "Registered candidate unknown",
    "考试计划“{plan}”中证件号码为 {masked} 的报考在工作区中找不到考生信息，未写入报考模板。",
    "Plan {plan!r}: no stored candidate has the ID number {masked}; the registration is left out.",
    "请先导入该考生（xcert students import），再重新导出。")
EXPORT_SITE_UNKNOWN = _type(
    EXPORT_FAMILY, "export-site-unknown", "考核站点不在工作区", "Exam site unknown",
    "考核站点编号“{site}”不在工作区中，{what}未写入模板。",
    "Site {site!r} is not stored; {what_en} left out.",
    "请先添加该考核站点（xcert sites），再重新导出。")
EXPORT_CERTIFICATE_UNKNOWN = _type(
    EXPORT_FAMILY, "export-certificate-unknown", "证书不在工作区", "Certificate unknown",
    "证书编号“{certificate}”不在工作区的证书目录中，考试计划“{plan}”的 {count} 条报考未写入报考模板。",
    "Certificate {certificate!r} is not stored; {count} registrations of plan {plan!r} left out.",
    "请先添加该证书（xcert certificates），再重新导出。")
EXPORT_SUBJECT_UNKNOWN = _type(
    EXPORT_FAMILY, "export-subject-unknown", "考试科目不在考试计划中", "Subject not in the plan",
    "证件号码为 {masked} 的按科目报考报了考试计划“{plan}”中没有的科目“{subject}”，未写入报考模板。",
    "A by-subject registration of {masked} names subject {subject!r}, not in plan {plan!r}; left out.",
    "请核对考试计划的科目后重新导入报考。")
EXPORT_EMPTY = _type(
    EXPORT_FAMILY, "export-empty", "没有可导出的数据", "Nothing to export",
    "工作区中没有{what}，未生成{target}。", "No {what_en} stored; {target!r} not written.",
    "如需上传，请先导入{what}。", Severity.WARNING)

SYNC_TRANSITION_ILLEGAL = _type(
    SYNC_FAMILY, "sync-transition-illegal", "平台状态无法同步", "Platform state cannot be applied",
    "学生{name}（证件号码 {masked}）在工作区为“{ours}”，平台显示“{theirs}”：不能从“{ours}”变为“{theirs}”。",
    "Candidate {masked} is {ours_en} in the workspace but {theirs_en} on the platform: no legal transition.",
    "请核对该学生在平台和工作区中的信息；如工作区有误，请先改正再同步。")
SYNC_PHOTO_NOT_UPLOADED = _type(
    SYNC_FAMILY, "sync-photo-not-uploaded", "照片还没有上传平台", "Photo not uploaded yet",
    "学生{name}（证件号码 {masked}）在平台上仍为“无照片”，工作区中已有照片（“{ours}”），状态未改变。",
    "Candidate {masked} has no photo on the platform yet but one in the workspace ({ours_en}); unchanged.",
    "请把照片压缩包（xcert export platform）上传平台后重新导出考生名单再同步。", Severity.WARNING)
SYNC_CANDIDATE_UNKNOWN = _type(
    SYNC_FAMILY, "sync-candidate-unknown", "平台名单中的考生不在工作区", "Candidate not in the workspace",
    "平台名单中证件号码为 {masked} 的考生不在工作区中，已跳过。",
    "The platform lists {masked}, who is not in the workspace; skipped.",
    "如是本校学生，请先导入学生名单（xcert students import）。", Severity.WARNING)
SYNC_CELL_MISSING = _type(
    SYNC_FAMILY, "sync-cell-missing", "排考明细必填项为空", "Assignment list: required cell empty",
    "“{header}”为空，无法确定考生的座位。", "{header_en} is empty; the seat cannot be known.",
    "请从平台“排考管理 › 排考明细”重新导出。")
SYNC_SEAT_INVALID = _type(
    SYNC_FAMILY, "sync-seat-invalid", "座位号不是正整数", "Seat number not a positive whole number",
    "座位号“{value}”不是正整数。", "Seat number {value!r} is not a positive whole number.",
    "请从平台重新导出排考明细。")
SYNC_PLAN_UNKNOWN = _type(
    SYNC_FAMILY, "sync-plan-unknown", "考试计划不在工作区", "Exam plan unknown",
    "考试计划“{value}”不在工作区中{detail}。", "Exam plan {value!r} is not known{detail_en}.",
    "请先添加考试计划（xcert plans）；工作区只有一个考试计划时可省略该列。")
SYNC_SESSION_UNKNOWN = _type(
    SYNC_FAMILY, "sync-session-unknown", "无法确定场次", "Session unknown",
    "考试计划“{plan}”中找不到{what}对应的场次{detail}。", "No session of plan {plan!r} matches {what_en}.",
    "请在排考明细中保留“场次”列，或核对考试计划的科目与场次。")
SYNC_SITE_UNKNOWN = _type(
    SYNC_FAMILY, "sync-site-unknown", "无法确定考核站点", "Site unknown",
    "考场“{room}”{detail}。", "Room {room!r}: {detail_en}.",
    "请先导入考场（xcert rooms import），或在排考明细中保留“考核站点编号”列。")
SYNC_DUPLICATE = _type(
    SYNC_FAMILY, "sync-duplicate", "排考明细重复", "Assignment list repeats a seat or ticket",
    "{what}与第{first}行重复。", "{what_en} repeats row {first}.",
    "请从平台重新导出排考明细。")
SYNC_SEAT_CONFLICT = _type(
    SYNC_FAMILY, "sync-seat-conflict", "座位已被工作区中的其他考生占用", "Seat taken in the workspace",
    "{what}在工作区中属于另一名不在本排考明细中的考生（{masked}）。",
    "{what_en} belongs in the workspace to {masked}, who is not in this list.",
    "请导出包含该场次全部考生的排考明细后再同步。")
SYNC_SEAT_CANDIDATE_UNKNOWN = _type(
    SYNC_FAMILY, "sync-seat-candidate-unknown", "排考明细中的考生不在工作区", "Seated candidate not in the workspace",
    "证件号码为 {masked} 的考生不在工作区中（可能是外校考生）；座位已记录，但准考证等文档中没有其信息。",
    "{masked} is not in the workspace (another school's candidate?); the seat is stored anyway.",
    "如是本校学生，请先导入学生名单。", Severity.WARNING)
SYNC_SEAT_MISSING = _type(
    SYNC_FAMILY, "sync-seat-not-on-platform", "工作区中的座位不在平台排考明细中", "Seat not in the platform's list",
    "工作区中证件号码为 {masked} 的考生在场次“{session}”有座位（{room} 第 {seat} 座），平台排考明细中没有，已保留。",
    "{masked} has a seat in session {session!r} ({room}, seat {seat}) that the platform's list lacks; kept.",
    "请核对平台上该考生的报考与排考。", Severity.WARNING)

SYNC_STATE_UNKNOWN = _type(
    SYNC_FAMILY, "sync-state-unknown", "平台状态无法识别", "Platform state not recognised",
    "“{value}”不是平台的考生状态（应为：{known}）。", "{value!r} is not a platform candidate state ({known_en}).",
    "请从平台“考生管理 › 批量导出”重新导出考生名单，不要修改状态列。")
SYNC_CANDIDATE_DUPLICATE = _type(
    SYNC_FAMILY, "sync-candidate-duplicate", "考生名单中考生重复", "Candidate listed twice",
    "证件号码 {masked} 与第{first}行重复{detail}。", "{masked} repeats row {first}{detail_en}.",
    "请从平台重新导出考生名单，每名考生只应出现一次。")
SYNC_NAME_MISMATCH = _type(
    SYNC_FAMILY, "sync-name-mismatch", "姓名与工作区不一致", "Name differs from the workspace",
    "证件号码为 {masked} 的考生在平台文件中的姓名为“{theirs}”，工作区中为“{ours}”。",
    "{masked} is named differently in the file than in the workspace.",
    "请核对证件号码是否填错；如姓名有误，请先在工作区或平台上改正再同步。")
SYNC_ROOM_UNKNOWN = _type(
    SYNC_FAMILY, "sync-room-unknown", "考场不在工作区", "Room not in the workspace",
    "考试计划“{plan}”在考核站点“{site}”没有名为“{room}”的考场。",
    "Plan {plan!r} has no room {room!r} at site {site!r}.",
    "请核对考场名称和考核站点编号；如平台上新增了考场，请先导入考场（xcert rooms import）。")
SYNC_SEAT_OUT_OF_RANGE = _type(
    SYNC_FAMILY, "sync-seat-out-of-range", "座位号超出考位数", "Seat number beyond the room's seats",
    "考场“{room}”只有 {seats} 个考位，没有第 {seat} 座。", "Room {room!r} has {seats} seats; there is no seat {seat}.",
    "请核对座位号；如考场考位数有变，请先重新导入考场（xcert rooms import）。")
SYNC_TICKET_INCONSISTENT = _type(
    SYNC_FAMILY, "sync-ticket-inconsistent", "同一考生的准考证号不一致", "Candidate has two ticket numbers",
    "证件号码为 {masked} 的考生在此行的准考证号为“{ticket}”，{where}为“{other}”；同一考试计划中每名考生"
    "只有一个准考证号。",
    "{masked} has ticket {ticket!r} here but {other!r} {where_en}; a candidate has one ticket number per plan.",
    "请从平台重新导出包含该考生全部场次的排考明细后再同步。")
SYNC_TICKET_TAKEN = _type(
    SYNC_FAMILY, "sync-ticket-taken", "准考证号属于另一名考生", "Ticket number belongs to another candidate",
    "准考证号“{ticket}”在考试计划“{plan}”中属于另一名考生（{masked}，{where}）。",
    "Ticket {ticket!r} of plan {plan!r} belongs to another candidate ({masked}, {where_en}).",
    "请核对准考证号；一个准考证号只属于一名考生。")
SYNC_NOT_REGISTERED = _type(
    SYNC_FAMILY, "sync-seat-not-registered", "考生没有有效报考", "Seated candidate has no active registration",
    "证件号码为 {masked} 的考生{detail}，不能在考试计划“{plan}”中有座位。",
    "{masked} {detail_en} in plan {plan!r}; no seat can be stored.",
    "请核对该考生在平台和工作区中的报考；如已撤销报考，请在平台上同时取消其排考。")
SYNC_SUBJECT_NOT_TAKEN = _type(
    SYNC_FAMILY, "sync-subject-not-taken", "考生未报考该科目", "Candidate does not take the subject",
    "证件号码为 {masked} 的考生的报考不含考试科目“{subject}”，不能在场次“{session}”有座位。",
    "{masked} is not registered for subject {subject!r}; no seat in session {session!r}.",
    "请核对该考生的报考科目（按科目报考）与平台排考明细。")

EXPORT_ISSUE_TYPES = (EXPORT_NO_PHOTO, EXPORT_PHOTO_FILE_MISSING, EXPORT_CANDIDATE_UNKNOWN, EXPORT_SITE_UNKNOWN,
                      EXPORT_CERTIFICATE_UNKNOWN, EXPORT_SUBJECT_UNKNOWN, EXPORT_EMPTY)
SYNC_ISSUE_TYPES = (SYNC_TRANSITION_ILLEGAL, SYNC_PHOTO_NOT_UPLOADED, SYNC_CANDIDATE_UNKNOWN, SYNC_CELL_MISSING,
                    SYNC_SEAT_INVALID, SYNC_PLAN_UNKNOWN, SYNC_SESSION_UNKNOWN, SYNC_SITE_UNKNOWN, SYNC_DUPLICATE,
                    SYNC_SEAT_CONFLICT, SYNC_SEAT_CANDIDATE_UNKNOWN, SYNC_SEAT_MISSING, SYNC_STATE_UNKNOWN,
                    SYNC_CANDIDATE_DUPLICATE, SYNC_NAME_MISMATCH, SYNC_ROOM_UNKNOWN, SYNC_SEAT_OUT_OF_RANGE,
                    SYNC_TICKET_INCONSISTENT, SYNC_TICKET_TAKEN, SYNC_NOT_REGISTERED, SYNC_SUBJECT_NOT_TAKEN)
ISSUE_TYPES = (*EXPORT_ISSUE_TYPES, *SYNC_ISSUE_TYPES)
