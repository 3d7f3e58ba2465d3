"""The score import's issue types (``scores``): every rule a row of the score export is checked against.

Codes are a public contract (JSON consumers, ``[rules]`` settings): never rename one."""

from __future__ import annotations

from xcert_core.issues import issue_type

F_SCORES = "scores"

SCORE_CELL_MISSING = issue_type(
    F_SCORES, "score-cell-missing", title="成绩表缺少必填内容", title_en="Score row misses a required cell",
    message="“{header}”为空。", message_en="{header!r} is empty.",
    suggestion="请按平台导出的原样填写，或删除这一行。",
)
SCORE_NOT_REGISTERED = issue_type(
    F_SCORES, "score-not-registered", title="成绩表中的考生未报考本计划", title_en="Scored candidate is not registered",
    message="证件号码 {masked} 的考生没有报考考试计划“{plan}”（或已撤销）。",
    message_en="{masked} has no active registration in plan {plan!r}.",
    suggestion="请确认导入的是本考试计划的成绩（xcert scores import --plan 计划编号）。",
)
SCORE_NOT_SEATED = issue_type(
    F_SCORES, "score-not-seated", title="考生未排考却有成绩", title_en="Scored candidate was never seated",
    message="证件号码 {masked} 的考生报考了“{plan}”，但没有排考座位，不应有成绩。",
    message_en="{masked} is registered in plan {plan!r} but was never seated.",
    suggestion="请先同步平台排考（xcert sync platform），再导入成绩；或向培训评价组织核实这条成绩。",
)
SCORE_SUBJECT_UNKNOWN = issue_type(
    F_SCORES, "score-subject-unknown", title="考试计划没有这个科目", title_en="Subject not in the plan",
    message="考试计划“{plan}”没有科目“{subject}”（有：{known}）。",
    message_en="plan {plan!r} has no subject {subject!r} (it has {known}).",
    suggestion="请核对科目名称或编号与考试计划一致。",
)
SCORE_SUBJECT_NOT_TAKEN = issue_type(
    F_SCORES, "score-subject-not-taken", title="考生未报考这个科目", title_en="Candidate did not take the subject",
    message="证件号码 {masked} 的考生按科目报考，没有报考“{subject}”。",
    message_en="{masked} registered by subject and did not take {subject!r}.",
    suggestion="请核对这条成绩是否属于该考生。",
)
SCORE_NOT_A_NUMBER = issue_type(
    F_SCORES, "score-not-a-number", title="成绩不是数字", title_en="Score is not a number",
    message="“{header}”的“{value}”不是数字。", message_en="{header!r} {value!r} is not a number.",
    suggestion="成绩应为 0 到 100 之间的数字，如 78 或 78.5；缺考请在“是否缺考”列填“是”并留空成绩。",
)
SCORE_OUT_OF_RANGE = issue_type(
    F_SCORES, "score-out-of-range", title="成绩超出 0–100", title_en="Score outside 0-100",
    message="成绩 {value} 不在 0 到 100 之间。", message_en="Score {value} is outside 0-100.",
    suggestion="请核对成绩（百分制）。",
)
SCORE_FOR_ABSENT = issue_type(
    F_SCORES, "score-for-absent", title="缺考考生有成绩", title_en="Absent candidate has a score",
    message="考生标为缺考，却有成绩 {value}。", message_en="Marked absent, yet scored {value}.",
    suggestion="缺考的考生没有成绩：请核对后删去成绩，或把“是否缺考”改为“否”。",
)
SCORE_YES_NO = issue_type(
    F_SCORES, "score-yes-no", title="是/否列填写有误", title_en="Yes/no column holds something else",
    message="“{header}”的“{value}”应为“是”或“否”。",
    message_en="{header!r} is {value!r}, not 是 or 否.",
    suggestion="请填“是”或“否”（留空视为“否”）。",
)
SCORE_DUPLICATE = issue_type(
    F_SCORES, "score-duplicate", title="同一考生同一科目有两条成绩",
    title_en="Two scores for one candidate and subject",
    message="证件号码 {masked} 的“{subject}”成绩与第 {first} 行重复。",
    message_en="{masked}, {subject!r} repeats row {first}.",
    suggestion="请删除重复的一行。",
)
SCORE_NO_DATA = issue_type(
    F_SCORES, "score-no-data", title="成绩表没有数据", title_en="Score sheet has no data",
    message="成绩表的表头下没有数据行。", message_en="The score sheet has no data rows under its header.",
    suggestion="请导入平台导出的科目成绩。",
)

ISSUE_TYPES = (SCORE_CELL_MISSING, SCORE_NOT_REGISTERED, SCORE_NOT_SEATED, SCORE_SUBJECT_UNKNOWN,
               SCORE_SUBJECT_NOT_TAKEN, SCORE_NOT_A_NUMBER, SCORE_OUT_OF_RANGE, SCORE_FOR_ABSENT, SCORE_YES_NO,
               SCORE_DUPLICATE, SCORE_NO_DATA)

F_AWARDS = "awards"

AWARD_CELL_MISSING = issue_type(
    F_AWARDS, "award-cell-missing", title="证书表缺少必填内容", title_en="Certificate row misses a required cell",
    message="“{header}”为空。", message_en="{header!r} is empty.",
    suggestion="请按平台导出的原样填写，或删除这一行。",
)
AWARD_NOT_PASSED = issue_type(
    F_AWARDS, "award-not-passed", title="考证结果不是通过，却有证书编号",
    title_en="Certificate for a result that is not passed",
    message="证件号码 {masked} 的考生在考试计划“{plan}”的考证结果是“{outcome}”，不应有证书编号。",
    message_en="{masked} has result {outcome_en!r} in plan {plan!r}: no certificate number is due.",
    suggestion="请先导入该考生的全部科目成绩（xcert scores import），或向培训评价组织核实这本证书。",
)
AWARD_NUMBER_TAKEN = issue_type(
    F_AWARDS, "award-number-taken", title="证书编号重复", title_en="Certificate number used twice",
    message="证书编号 {number} 已属于另一名考生（{where}）。", message_en="Certificate number {number} is {where_en}.",
    suggestion="一本证书只有一个编号：请核对平台导出的证书信息。",
)
AWARD_DATE_INVALID = issue_type(
    F_AWARDS, "award-date-invalid", title="发证日期无法识别", title_en="Issue date not understood",
    message="发证日期“{value}”无法识别。", message_en="Issue date {value!r} is not a date.",
    suggestion="请填写如 2026-07-15 的日期。",
)

AWARD_ISSUE_TYPES = (AWARD_CELL_MISSING, AWARD_NOT_PASSED, AWARD_NUMBER_TAKEN, AWARD_DATE_INVALID)
