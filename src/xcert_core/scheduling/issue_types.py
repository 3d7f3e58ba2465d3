"""The scheduling issue types: seating and proctoring (``scheduling``) and the plan, room and proctor sheets.

Every type is built by the one constructor, :func:`xcert_core.issues.issue_type`; the modules that report
them import them from here. Codes are a public contract (JSON consumers, ``[rules]`` settings): never
rename one."""

from __future__ import annotations

from xcert_core.issues import issue_type
from xcert_core.labels import Severity

F_SCHEDULING = "scheduling"
F_PLAN_SHEET = "plan-sheet"
F_ROOM_SHEET = "room-sheet"
F_PROCTOR_SHEET = "proctor-sheet"

# Reported by scheduling.issue_types

SEAT_SHORTFALL = issue_type(
    F_SCHEDULING, "sched-seat-shortfall", title="考位不足", title_en="Not enough seats",
    message="考核站点“{site}”场次“{session}”考位不足：报考 {registrants} 人，可用考位 {seats} 个，还差 {missing} 个。",
    message_en="Site {site!r}, session {session!r}: {registrants} registrants, {seats} usable seats, {missing} "
               "missing.",
    suggestion="请增加考场或考位，或减少预留考位。",
)
SESSION_OVERLAP = issue_type(
    F_SCHEDULING, "sched-session-overlap", title="考生场次时间冲突", title_en="Candidate's sessions overlap",
    message="考生 {masked} 的场次“{first}”与“{second}”时间重叠，只安排了“{first}”。",
    message_en="Candidate {masked}: sessions {first!r} and {second!r} overlap; only {first!r} was seated.",
    suggestion="请调整考试场次，或让考生只报考其中一科。",
)
PROCTOR_SHORTFALL = issue_type(
    F_SCHEDULING, "sched-proctor-shortfall", title="监考人员不足", title_en="Not enough proctors",
    message="考核站点“{site}”场次“{session}”{role}人员不足：需要 {needed} 人，可安排 {assigned} 人，还差 {missing} "
            "人。",
    message_en="Site {site!r}, session {session!r}: {needed} {role_en} needed, {assigned} assigned, {missing} missing.",
    suggestion="请增加{role}人员，或调整其不可参加的场次。",
)
CHANGE_REFUSED = issue_type(
    F_SCHEDULING, "sched-change-refused", title="排考调整无法完成", title_en="Seating change refused",
    message="排考调整未完成：{why}。",
    message_en="Seating change refused: {why_en}.",
    suggestion="请核对考生、场次、考场和考位后重试。",
)
GLYPH_MISSING = issue_type(
    F_SCHEDULING, "sched-glyph-missing", title="字体缺少字符", title_en="Characters missing from the font",
    severity=Severity.WARNING,
    message="文件“{file_name}”中有字体无法显示的字符：{chars}，打印时这些字会缺失。",
    message_en="File {file_name!r}: the font cannot draw {chars}; these characters will be missing in print.",
    suggestion="请配置含这些字符的字体（XCERT_FONT），或在打印后手写补全。",
)
ROOM_UNWATCHED = issue_type(
    F_SCHEDULING, "sched-room-unwatched", title="考场没有监考", title_en="Room without a proctor",
    severity=Severity.WARNING,
    message="考场“{room}”在场次 {session} 有 {count} 名考生，但没有安排监考人员。",
    message_en="Room {room!r} has {count} candidates in session {session} but no proctor.",
    suggestion="请把考生调到有监考的考场（xcert schedule move），或补充监考人员后重新排考（--redo）。",
)
SESSION_UNKNOWN = issue_type(
    F_SCHEDULING, "sched-unavailable-session-unknown",
    title="不可监考场次不存在", title_en="Unavailable session unknown", severity=Severity.WARNING,
    message="监考人员 {teacher}（{name}）的不可监考场次“{session}”不是任何考试计划的场次，已忽略。",
    message_en="Proctor {teacher}: unavailable session {session!r} is no session of any exam plan; ignored.",
    suggestion="请在监考人员表中填写考试计划里的场次编号（xcert plans list 可查看）后重新导入。",
)
PLATFORM_REPLACED = issue_type(
    F_SCHEDULING, "sched-platform-seating-replaced", title="替换平台排考", title_en="Platform seating replaced",
    severity=Severity.WARNING,
    message="考试计划“{plan}”按 xcert 重排替换平台排考结果：{changed} 名考生的准考证号改变，{moved} 个考位改变。",
    message_en="Plan {plan!r}: xcert's seating replaces the platform's; {changed} ticket numbers and {moved} seats "
               "change.",
    suggestion="xcert 的准考证号只是试排结果：打印前请以平台排考为准，必要时重新 xcert sync platform 排考明细。",
)
SITE_ADDRESS_MISSING = issue_type(
    F_SCHEDULING, "sched-site-address-missing", title="考点地址为空", title_en="Exam site without an address",
    message="考核站点“{site}”（{name}）没有考点地址，准考证上会印成“—”，考生找不到考场；未生成打印材料。",
    message_en="Exam site {site!r} has no address; the admission tickets would print a dash. Nothing was printed.",
    suggestion="请补上地址：xcert sites add {site} --name {name} --certificate 证书编号 --address "
               "考点地址，再生成打印材料。",
)

# Reported by scheduling.plan_file

PLAN_MISSING = issue_type(
    F_SCHEDULING, "sched-plan-missing", title="排考计划中没有该证书", title_en="Certificate not in the plan file",
    message="证书编号“{code}”在排考计划文件中没有考试，该行未排考。",
    suggestion="请在排考计划文件中为该证书加一个 [[exam]]。",
)
SUBJECT_UNKNOWN = issue_type(
    F_SCHEDULING, "sched-subject-unknown", title="考试科目不在排考计划中", title_en="Subject not in the plan",
    message="考试科目“{value}”不是证书“{code}”考试计划中的科目，该行未排考。",
    suggestion="请填写排考计划文件中该考试的科目名称或科目编号。",
)

# Reported by scheduling.plan_sheets

PLAN_CELL_MISSING = issue_type(
    F_PLAN_SHEET, "plan-cell-missing", title="考试计划表必填项为空", title_en="Plan form: required cell empty",
    message="“{sheet}”工作表：“{header}”不能为空。",
    suggestion="请补全该单元格。",
)
PLAN_DATE_INVALID = issue_type(
    F_PLAN_SHEET, "plan-date-invalid", title="不是日期", title_en="Plan form: not a date",
    message="“{sheet}”工作表：“{header}”应为日期，这里是“{value}”。",
    suggestion="请写成 2026-06-13 这样的日期。",
)
PLAN_TIME_INVALID = issue_type(
    F_PLAN_SHEET, "plan-time-invalid", title="不是时间", title_en="Plan form: not a time of day",
    message="“{sheet}”工作表：“{header}”应为时间，这里是“{value}”。",
    suggestion="请写成 09:00 这样的时间。",
)
PLAN_MINUTES_INVALID = issue_type(
    F_PLAN_SHEET, "plan-minutes-invalid", title="考试时长不是正整数", title_en="Plan form: minutes not a whole number",
    message="“{sheet}”工作表：“{header}”应为 1～1440 的分钟数，这里是“{value}”。",
    suggestion="请填写分钟数，如 90。",
)
PLAN_PASS_MARK_INVALID = issue_type(
    F_PLAN_SHEET, "plan-pass-mark-invalid", title="合格线不是 0～100 的整数", title_en="Plan form: pass mark not 0-100",
    message="“{sheet}”工作表：“{header}”应为 0～100 的整数，这里是“{value}”。",
    suggestion="请填写合格线，如 60；不填为 60 分。",
)
PLAN_KIND_INVALID = issue_type(
    F_PLAN_SHEET, "plan-kind-invalid", title="科目类型不对", title_en="Plan form: subject kind unknown",
    message="“{sheet}”工作表：“{header}”应为“理论”或“实操”，这里是“{value}”。",
    suggestion="请从下拉列表中选择“理论”或“实操”。",
)
PLAN_NO_DATA = issue_type(
    F_PLAN_SHEET, "plan-no-data", title="没有考试计划", title_en="Plan form: no plan",
    message="“考试计划”工作表的表头下面没有任何考试计划。",
    suggestion="请在表头下方逐行填写考试计划。",
)

# Reported by scheduling.rooms_sheet

ROOM_CELL_MISSING = issue_type(
    F_ROOM_SHEET, "room-cell-missing", title="考场表必填项为空", title_en="Room sheet: required cell empty",
    message="“{header}”不能为空。",
    suggestion="请补全该单元格。",
)
ROOM_NUMBER_INVALID = issue_type(
    F_ROOM_SHEET, "room-number-invalid",
    title="考场表数字不是 1～1000 的整数", title_en="Room sheet: not a whole number from 1 to 1000",
    message="“{header}”应为 1～1000 的整数，这里是“{value}”。",
    suggestion="请填写正整数，如 30。",
)
ROOM_LAYOUT_TOO_SMALL = issue_type(
    F_ROOM_SHEET, "room-layout-too-small", title="考场行列数不足", title_en="Room layout smaller than its seats",
    message="行数 {rows} × 列数 {columns} = {cells}，小于考位数 {seats}。",
    suggestion="请增大行数或列数，或减少考位数。",
)
ROOM_DUPLICATE = issue_type(
    F_ROOM_SHEET, "room-duplicate", title="考场名称重复", title_en="Room name repeated at a site",
    message="考核站点“{site}”的考场“{name}”与第{first}行重复。",
    suggestion="同一考核站点的考场名称不能重复，请删除或改名。",
)
ROOM_NO_DATA = issue_type(
    F_ROOM_SHEET, "room-no-data", title="没有考场数据", title_en="No rooms",
    message="表头下面没有任何考场数据。",
    suggestion="请在表头下方逐行填写考场。",
)
ROOM_PLAN_UNKNOWN = issue_type(
    F_ROOM_SHEET, "room-plan-unknown", title="考试计划不存在", title_en="Exam plan not in the workspace",
    message="工作区中没有考试计划“{plan}”，考场必须属于一个考试计划。",
    suggestion="请先用 xcert plans 登记考试计划，或核对 --plan 的计划编号。",
)
ROOM_SITE_UNKNOWN = issue_type(
    F_ROOM_SHEET, "room-site-unknown", title="考核站点不存在", title_en="Exam site not in the workspace",
    message="工作区中没有考核站点“{site}”，考场必须属于一个已登记的考核站点。",
    suggestion="请先用 xcert sites 登记考核站点，或核对考核站点编号。",
)
ROOM_SITE_NOT_READY = issue_type(
    F_ROOM_SHEET, "room-site-not-ready", title="考核站点暂不能报考", title_en="Exam site cannot take this exam",
    severity=Severity.WARNING,
    message="考核站点“{site}”{why}，该站点的考场暂时排不进考生。",
    suggestion="请等待考核站点审核通过并启用，或把考场放在其他站点。",
)
ROOM_SEATS_IN_USE = issue_type(
    F_ROOM_SHEET, "room-seats-in-use", title="考位已安排考生", title_en="Seats already assigned",
    message="考场“{name}”已排考，第 {seat} 号考位有考生，考位数不能减到 {seats}。",
    suggestion="请先用 xcert schedule move 或 close-room 调整考生，或保留原考位数。",
)
ROOM_SEATS_SHORT = issue_type(
    F_ROOM_SHEET, "room-seats-short", title="考位数少于报考人数", title_en="Fewer seats than registrants",
    severity=Severity.WARNING,
    message="考试计划“{plan}”考核站点“{site}”场次“{session}”：报考 {registrants} 人，考场共 {seats} 个考位，还差 "
            "{missing} 个。",
    suggestion="请增加考场或考位（xcert rooms add / rooms import）；排考时考位不足是错误。",
)

# Reported by scheduling.proctors_sheet

PROCTOR_CELL_MISSING = issue_type(
    F_PROCTOR_SHEET, "proctor-cell-missing",
    title="监考人员表必填项为空", title_en="Proctor sheet: required cell empty",
    message="“{header}”不能为空。",
    suggestion="请补全该单元格。",
)
PROCTOR_ROLE_UNKNOWN = issue_type(
    F_PROCTOR_SHEET, "proctor-role-unknown", title="监考类型不对", title_en="Unknown proctor role",
    message="监考类型“{value}”不是平台的选项。",
    suggestion="请填写“监考”或“巡考”。",
)
PROCTOR_PHONE_INVALID = issue_type(
    F_PROCTOR_SHEET, "proctor-phone-invalid", title="手机号码有误", title_en="Invalid mobile number",
    message="手机号码“{masked}”不是 11 位、以 1 开头的手机号码。",
    suggestion="请核对手机号码。",
)
PROCTOR_DUPLICATE = issue_type(
    F_PROCTOR_SHEET, "proctor-duplicate", title="教师编号重复", title_en="Teacher number repeated",
    message="院校“{school}”的教师编号“{number}”与第{first}行重复。",
    suggestion="同一院校的教师编号不能重复，请删除其中一行。",
)
PROCTOR_NO_DATA = issue_type(
    F_PROCTOR_SHEET, "proctor-no-data", title="没有监考人员数据", title_en="No proctors",
    message="表头下面没有任何监考人员数据。",
    suggestion="请在表头下方逐行填写监考人员。",
)

ISSUE_TYPES = (SEAT_SHORTFALL, SESSION_OVERLAP, PROCTOR_SHORTFALL, CHANGE_REFUSED, GLYPH_MISSING, ROOM_UNWATCHED,
               SESSION_UNKNOWN, PLATFORM_REPLACED, SITE_ADDRESS_MISSING)
"""The seating and proctoring types (family ``scheduling``); each sheet module keeps its own ``ISSUE_TYPES``."""

F_CLIENT_SHEET = "client-sheet"

CLIENT_CELL_MISSING = issue_type(
    F_CLIENT_SHEET, "client-cell-missing", title="考试客户端就绪表缺少必填内容",
    title_en="Exam-client row misses a required cell",
    message="“{header}”为空。", message_en="{header!r} is empty.", suggestion="请填写后重新导入，或删除这一行。",
)
CLIENT_ROOM_UNKNOWN = issue_type(
    F_CLIENT_SHEET, "client-room-unknown", title="考试计划没有这个考场", title_en="Room not in the plan",
    message="考试计划“{plan}”在考核站点“{site}”没有考场“{room}”。",
    message_en="Plan {plan!r} has no room {room!r} at site {site!r}.",
    suggestion="请核对站点编号和考场名称（xcert rooms list --plan 计划编号）。",
)
CLIENT_YES_NO = issue_type(
    F_CLIENT_SHEET, "client-yes-no", title="是/否列填写有误", title_en="Yes/no column holds something else",
    message="“{header}”的“{value}”应为“是”或“否”。", message_en="{header!r} is {value!r}, not 是 or 否.",
    suggestion="请填“是”或“否”。",
)
CLIENT_TESTED_NOT_INSTALLED = issue_type(
    F_CLIENT_SHEET, "client-tested-not-installed", title="未安装却已测试", title_en="Tested but not installed",
    message="考场“{room}”写明未安装考试客户端，却已测试。", message_en="Room {room!r}: tested, yet not installed.",
    suggestion="请核对：测试前须先安装考试客户端。",
)
CLIENT_DATE_INVALID = issue_type(
    F_CLIENT_SHEET, "client-date-invalid", title="检查日期无法识别", title_en="Check date not understood",
    message="检查日期“{value}”无法识别。", message_en="Check date {value!r} is not a date.",
    suggestion="请填写如 2026-06-10 的日期。",
)
CLIENT_DUPLICATE = issue_type(
    F_CLIENT_SHEET, "client-duplicate", title="同一考场有两行", title_en="One room on two rows",
    message="考核站点“{site}”考场“{room}”与第 {first} 行重复。", message_en="{site}/{room} repeats row {first}.",
    suggestion="每个考场一行：请删除重复的一行。",
)
CLIENT_NO_DATA = issue_type(
    F_CLIENT_SHEET, "client-no-data", title="考试客户端就绪表没有数据", title_en="Exam-client sheet has no data",
    message="表头下没有数据行。", message_en="No data rows under the header.",
    suggestion="请填写各考场的安装和测试情况后再导入（xcert rooms client-template 生成模板）。",
)
