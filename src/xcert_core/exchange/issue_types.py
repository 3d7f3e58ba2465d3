"""The issue types of exporting the upload package (``platform-export``) and of syncing the platform's exports back
(``platform-sync``).

Every type is built by the one constructor, :func:`xcert_core.issues.issue_type`; the modules that report
them import them from here. Codes are a public contract (JSON consumers, ``[rules]`` settings): never
rename one."""

from __future__ import annotations

from xcert_core.issues import PersonalData, issue_type
from xcert_core.labels import Severity

F_PLATFORM_EXPORT = "platform-export"
F_PLATFORM_SYNC = "platform-sync"

# Exporting and syncing

EXPORT_NO_PHOTO = issue_type(
    F_PLATFORM_EXPORT, "export-no-photo", title="学生还没有照片", title_en="Candidate has no photo yet",
    severity=Severity.WARNING, personal=PersonalData.ID_NUMBER,
    message="学生{name}（证件号码 {masked}）还没有照片，照片压缩包中没有他/她。",
    message_en="Candidate {masked} has no stored photo; the photo zip leaves them out.",
    suggestion="请先用 xcert photos import 导入照片，再重新导出。",
)
EXPORT_PHOTO_FILE_MISSING = issue_type(
    F_PLATFORM_EXPORT, "export-photo-file-missing", title="照片文件不见了", title_en="Stored photo file missing",
    message="学生{name}（证件号码 {masked}）的照片文件在工作区中找不到，照片压缩包中没有他/她。",
    message_en="The stored photo file of candidate {masked} does not exist; the photo zip leaves them out.",
    suggestion="请重新导入该学生的照片。",
)
EXPORT_CANDIDATE_UNKNOWN = issue_type(
    F_PLATFORM_EXPORT, "export-registration-candidate-unknown",
    title="报考的考生不在工作区", title_en="Registered candidate unknown",
    message="考试计划“{plan}”中证件号码为 {masked} 的报考在工作区中找不到考生信息，未写入报考模板。",
    message_en="Plan {plan!r}: no stored candidate has the ID number {masked}; the registration is left out.",
    suggestion="请先导入该考生（xcert students import），再重新导出。",
)
EXPORT_SITE_UNKNOWN = issue_type(
    F_PLATFORM_EXPORT, "export-site-unknown", title="考核站点不在工作区", title_en="Exam site unknown",
    message="考核站点编号“{site}”不在工作区中，{what}未写入模板。",
    message_en="Site {site!r} is not stored; {what_en} left out.",
    suggestion="请先添加该考核站点（xcert sites），再重新导出。",
)
EXPORT_CERTIFICATE_UNKNOWN = issue_type(
    F_PLATFORM_EXPORT, "export-certificate-unknown", title="证书不在工作区", title_en="Certificate unknown",
    message="证书编号“{certificate}”不在工作区的证书目录中，考试计划“{plan}”的 {count} 条报考未写入报考模板。",
    message_en="Certificate {certificate!r} is not stored; {count} registrations of plan {plan!r} left out.",
    suggestion="请先添加该证书（xcert certificates），再重新导出。",
)
EXPORT_SUBJECT_UNKNOWN = issue_type(
    F_PLATFORM_EXPORT, "export-subject-unknown", title="考试科目不在考试计划中", title_en="Subject not in the plan",
    message="证件号码为 {masked} 的按科目报考报了考试计划“{plan}”中没有的科目“{subject}”，未写入报考模板。",
    message_en="A by-subject registration of {masked} names subject {subject!r}, not in plan {plan!r}; left out.",
    suggestion="请核对考试计划的科目后重新导入报考。",
)
EXPORT_EMPTY = issue_type(
    F_PLATFORM_EXPORT, "export-empty", title="没有可导出的数据", title_en="Nothing to export",
    severity=Severity.WARNING,
    message="工作区中没有{what}，未生成{target}。",
    message_en="No {what_en} stored; {target!r} not written.",
    suggestion="如需上传，请先导入{what}。",
)
SYNC_TRANSITION_ILLEGAL = issue_type(
    F_PLATFORM_SYNC, "sync-transition-illegal", title="平台状态无法同步", title_en="Platform state cannot be applied",
    message="学生{name}（证件号码 {masked}）在工作区为“{ours}”，平台显示“{theirs}”：不能从“{ours}”变为“{theirs}”。",
    message_en="Candidate {masked} is {ours_en} in the workspace but {theirs_en} on the platform: no legal transition.",
    suggestion="请核对该学生在平台和工作区中的信息；如工作区有误，请先改正再同步。",
)
SYNC_PHOTO_NOT_UPLOADED = issue_type(
    F_PLATFORM_SYNC, "sync-photo-not-uploaded", title="照片还没有上传平台", title_en="Photo not uploaded yet",
    severity=Severity.WARNING,
    message="学生{name}（证件号码 {masked}）在平台上仍为“无照片”，工作区中已有照片（“{ours}”），状态未改变。",
    message_en="Candidate {masked} has no photo on the platform yet but one in the workspace ({ours_en}); unchanged.",
    suggestion="请把照片压缩包（xcert export platform）上传平台后重新导出考生名单再同步。",
)
SYNC_CANDIDATE_UNKNOWN = issue_type(
    F_PLATFORM_SYNC, "sync-candidate-unknown",
    title="平台名单中的考生不在工作区", title_en="Candidate not in the workspace", severity=Severity.WARNING,
    message="平台名单中证件号码为 {masked} 的考生不在工作区中，已跳过。",
    message_en="The platform lists {masked}, who is not in the workspace; skipped.",
    suggestion="如是本校学生，请先导入学生名单（xcert students import）。",
)
SYNC_CELL_MISSING = issue_type(
    F_PLATFORM_SYNC, "sync-cell-missing", title="排考明细必填项为空", title_en="Assignment list: required cell empty",
    message="“{header}”为空，无法确定考生的座位。",
    message_en="{header_en} is empty; the seat cannot be known.",
    suggestion="请从平台“排考管理 › 排考明细”重新导出。",
)
SYNC_SEAT_INVALID = issue_type(
    F_PLATFORM_SYNC, "sync-seat-invalid", title="座位号不是正整数", title_en="Seat number not a positive whole number",
    message="座位号“{value}”不是正整数。",
    message_en="Seat number {value!r} is not a positive whole number.",
    suggestion="请从平台重新导出排考明细。",
)
SYNC_PLAN_UNKNOWN = issue_type(
    F_PLATFORM_SYNC, "sync-plan-unknown", title="考试计划不在工作区", title_en="Exam plan unknown",
    message="考试计划“{value}”不在工作区中{detail}。",
    message_en="Exam plan {value!r} is not known{detail_en}.",
    suggestion="请先添加考试计划（xcert plans）；工作区只有一个考试计划时可省略该列。",
)
SYNC_SESSION_UNKNOWN = issue_type(
    F_PLATFORM_SYNC, "sync-session-unknown", title="无法确定场次", title_en="Session unknown",
    message="考试计划“{plan}”中找不到{what}对应的场次{detail}。",
    message_en="No session of plan {plan!r} matches {what_en}.",
    suggestion="请在排考明细中保留“场次”列，或核对考试计划的科目与场次。",
)
SYNC_SITE_UNKNOWN = issue_type(
    F_PLATFORM_SYNC, "sync-site-unknown", title="无法确定考核站点", title_en="Site unknown",
    message="考场“{room}”{detail}。",
    message_en="Room {room!r}: {detail_en}.",
    suggestion="请先导入考场（xcert rooms import），或在排考明细中保留“考核站点编号”列。",
)
SYNC_DUPLICATE = issue_type(
    F_PLATFORM_SYNC, "sync-duplicate", title="排考明细重复", title_en="Assignment list repeats a seat or ticket",
    message="{what}与第{first}行重复。",
    message_en="{what_en} repeats row {first}.",
    suggestion="请从平台重新导出排考明细。",
)
SYNC_SEAT_CONFLICT = issue_type(
    F_PLATFORM_SYNC, "sync-seat-conflict",
    title="座位已被工作区中的其他考生占用", title_en="Seat taken in the workspace",
    message="{what}在工作区中属于另一名不在本排考明细中的考生（{masked}）。",
    message_en="{what_en} belongs in the workspace to {masked}, who is not in this list.",
    suggestion="请导出包含该场次全部考生的排考明细后再同步。",
)
SYNC_SEAT_CANDIDATE_UNKNOWN = issue_type(
    F_PLATFORM_SYNC, "sync-seat-candidate-unknown",
    title="排考明细中的考生不在工作区", title_en="Seated candidate not in the workspace", severity=Severity.WARNING,
    message="证件号码为 {masked} 的考生不在工作区中（可能是外校考生）；座位已记录，但准考证等文档中没有其信息。",
    message_en="{masked} is not in the workspace (another school's candidate?); the seat is stored anyway.",
    suggestion="如是本校学生，请先导入学生名单。",
)
SYNC_SEAT_MISSING = issue_type(
    F_PLATFORM_SYNC, "sync-seat-not-on-platform",
    title="工作区中的座位不在平台排考明细中", title_en="Seat not in the platform's list", severity=Severity.WARNING,
    message="工作区中证件号码为 {masked} 的考生在场次“{session}”有座位（{room} 第 {seat} "
            "座），平台排考明细中没有，已保留。",
    message_en="{masked} has a seat in session {session!r} ({room}, seat {seat}) that the platform's list lacks; kept.",
    suggestion="请核对平台上该考生的报考与排考。",
)
SYNC_STATE_UNKNOWN = issue_type(
    F_PLATFORM_SYNC, "sync-state-unknown", title="平台状态无法识别", title_en="Platform state not recognised",
    message="“{value}”不是平台的考生状态（应为：{known}）。",
    message_en="{value!r} is not a platform candidate state ({known_en}).",
    suggestion="请从平台“考生管理 › 批量导出”重新导出考生名单，不要修改状态列。",
)
SYNC_CANDIDATE_DUPLICATE = issue_type(
    F_PLATFORM_SYNC, "sync-candidate-duplicate", title="考生名单中考生重复", title_en="Candidate listed twice",
    message="证件号码 {masked} 与第{first}行重复{detail}。",
    message_en="{masked} repeats row {first}{detail_en}.",
    suggestion="请从平台重新导出考生名单，每名考生只应出现一次。",
)
SYNC_NAME_MISMATCH = issue_type(
    F_PLATFORM_SYNC, "sync-name-mismatch", title="姓名与工作区不一致", title_en="Name differs from the workspace",
    message="证件号码为 {masked} 的考生在平台文件中的姓名为“{theirs}”，工作区中为“{ours}”。",
    message_en="{masked} is named differently in the file than in the workspace.",
    suggestion="请核对证件号码是否填错；如姓名有误，请先在工作区或平台上改正再同步。",
)
SYNC_ROOM_UNKNOWN = issue_type(
    F_PLATFORM_SYNC, "sync-room-unknown", title="考场不在工作区", title_en="Room not in the workspace",
    message="考试计划“{plan}”在考核站点“{site}”没有名为“{room}”的考场。",
    message_en="Plan {plan!r} has no room {room!r} at site {site!r}.",
    suggestion="请核对考场名称和考核站点编号；如平台上新增了考场，请先导入考场（xcert rooms import）。",
)
SYNC_SEAT_OUT_OF_RANGE = issue_type(
    F_PLATFORM_SYNC, "sync-seat-out-of-range", title="座位号超出考位数", title_en="Seat number beyond the room's seats",
    message="考场“{room}”只有 {seats} 个考位，没有第 {seat} 座。",
    message_en="Room {room!r} has {seats} seats; there is no seat {seat}.",
    suggestion="请核对座位号；如考场考位数有变，请先重新导入考场（xcert rooms import）。",
)
SYNC_TICKET_INCONSISTENT = issue_type(
    F_PLATFORM_SYNC, "sync-ticket-inconsistent",
    title="同一考生的准考证号不一致", title_en="Candidate has two ticket numbers",
    message="证件号码为 {masked} 的考生在此行的准考证号为“{ticket}”，{where}为“{other}”；同一考试计划中每名考生只有一"
            "个准考证号。",
    message_en="{masked} has ticket {ticket!r} here but {other!r} {where_en}; a candidate has one ticket number per "
               "plan.",
    suggestion="请从平台重新导出包含该考生全部场次的排考明细后再同步。",
)
SYNC_TICKET_TAKEN = issue_type(
    F_PLATFORM_SYNC, "sync-ticket-taken",
    title="准考证号属于另一名考生", title_en="Ticket number belongs to another candidate",
    message="准考证号“{ticket}”在考试计划“{plan}”中属于另一名考生（{masked}，{where}）。",
    message_en="Ticket {ticket!r} of plan {plan!r} belongs to another candidate ({masked}, {where_en}).",
    suggestion="请核对准考证号；一个准考证号只属于一名考生。",
)
SYNC_NOT_REGISTERED = issue_type(
    F_PLATFORM_SYNC, "sync-seat-not-registered",
    title="考生没有有效报考", title_en="Seated candidate has no active registration",
    message="证件号码为 {masked} 的考生{detail}，不能在考试计划“{plan}”中有座位。",
    message_en="{masked} {detail_en} in plan {plan!r}; no seat can be stored.",
    suggestion="请核对该考生在平台和工作区中的报考；如已撤销报考，请在平台上同时取消其排考。",
)
SYNC_SUBJECT_NOT_TAKEN = issue_type(
    F_PLATFORM_SYNC, "sync-subject-not-taken", title="考生未报考该科目", title_en="Candidate does not take the subject",
    message="证件号码为 {masked} 的考生的报考不含考试科目“{subject}”，不能在场次“{session}”有座位。",
    message_en="{masked} is not registered for subject {subject!r}; no seat in session {session!r}.",
    suggestion="请核对该考生的报考科目（按科目报考）与平台排考明细。",
)


EXPORT_ISSUE_TYPES = (EXPORT_NO_PHOTO, EXPORT_PHOTO_FILE_MISSING, EXPORT_CANDIDATE_UNKNOWN, EXPORT_SITE_UNKNOWN,
                      EXPORT_CERTIFICATE_UNKNOWN, EXPORT_SUBJECT_UNKNOWN, EXPORT_EMPTY)
SYNC_ISSUE_TYPES = (SYNC_TRANSITION_ILLEGAL, SYNC_PHOTO_NOT_UPLOADED, SYNC_CANDIDATE_UNKNOWN, SYNC_CELL_MISSING,
                    SYNC_SEAT_INVALID, SYNC_PLAN_UNKNOWN, SYNC_SESSION_UNKNOWN, SYNC_SITE_UNKNOWN, SYNC_DUPLICATE,
                    SYNC_SEAT_CONFLICT, SYNC_SEAT_CANDIDATE_UNKNOWN, SYNC_SEAT_MISSING, SYNC_STATE_UNKNOWN,
                    SYNC_CANDIDATE_DUPLICATE, SYNC_NAME_MISMATCH, SYNC_ROOM_UNKNOWN, SYNC_SEAT_OUT_OF_RANGE,
                    SYNC_TICKET_INCONSISTENT, SYNC_TICKET_TAKEN, SYNC_NOT_REGISTERED, SYNC_SUBJECT_NOT_TAKEN)
ISSUE_TYPES = (*EXPORT_ISSUE_TYPES, *SYNC_ISSUE_TYPES)
