"""The registration issue types: the rules of a registration (``registration``) and the registration sheet
(``registration-sheet``).

Every type is built by the one constructor, :func:`xcert_core.issues.issue_type`; the modules that report
them import them from here. Codes are a public contract (JSON consumers, ``[rules]`` settings): never
rename one."""

from __future__ import annotations

from xcert_core.issues import issue_type
from xcert_core.labels import Severity

F_REGISTRATION = "registration"
F_REGISTRATION_SHEET = "registration-sheet"

# Reported by registration.rules

CANDIDATE_UNKNOWN = issue_type(
    F_REGISTRATION, "reg-candidate-unknown", title="考生不在名单中", title_en="Candidate not in the roster",
    message="证件号码 {masked} 不在本校学生名单和社会考生名单中。",
    message_en="ID {masked} is in neither the school's roster nor the social candidates' roster.",
    suggestion="请先在“考生管理”导入该考生（社会考生用 xcert students template --social 生成的模板导入）。",
)
NAME_MISMATCH = issue_type(
    F_REGISTRATION, "reg-name-mismatch", title="姓名与名单不一致", title_en="Name differs from the roster",
    message="考生姓名“{name}”与名单中的“{roster_name}”不一致。",
    message_en="Name {name!r} differs from {roster_name!r}.",
    suggestion="请核对姓名和证件号码。",
)
NOT_VERIFIED = issue_type(
    F_REGISTRATION, "reg-candidate-not-verified", title="考生信息未认证", title_en="Candidate not verified",
    message="考生信息状态为“{state}”，只有“信息准确”的考生才能报考。",
    message_en="The candidate is {state_en}; only verified candidates may register.",
    suggestion="请先完成认证（或人工确认）后再报考。",
)
PROGRAM_NOT_COVERED = issue_type(
    F_REGISTRATION, "reg-program-not-covered",
    title="专业不对应该证书", title_en="Program does not correspond to the certificate",
    message="院校考生的专业“{program}”不在该证书的对应专业中。",
    message_en="The program {program!r} does not correspond to the certificate.",
    suggestion="如确需报考，请将考生类型改为“社会考生”。",
)
TYPE_MISMATCH = issue_type(
    F_REGISTRATION, "reg-candidate-type-mismatch",
    title="考生类型与名单不符", title_en="Candidate type differs from the roster",
    message="该考生在社会考生名单中，这里的考生类型是“{given}”。",
    message_en="The candidate is in the social candidates' roster; the row says {given!r}.",
    suggestion="社会考生只能按“社会考生”报考：请把考生类型改为“社会考生”。",
)
DUPLICATE = issue_type(
    F_REGISTRATION, "reg-duplicate", title="重复报考", title_en="Already registered",
    message="该考生已报考本次考试计划。",
    message_en="The candidate is already registered for this exam plan.",
    suggestion="请勿重复报考；如需修改，请先撤销原报考。",
)
WINDOW_CLOSED = issue_type(
    F_REGISTRATION, "reg-window-closed", title="不在报名时间内", title_en="Outside the registration window",
    message="报名时间为 {opens} 至 {closes}，今天（{today}）不能报考。",
    message_en="Registration runs from {opens} to {closes}; today is {today}.",
    suggestion="请在报名时间内报考。",
)
NO_APPLICATION = issue_type(
    F_REGISTRATION, "reg-no-approved-application",
    title="没有审核通过的证书试点", title_en="No approved pilot application",
    message="本校没有审核通过的 {year} 年该证书试点申报。",
    message_en="The school has no approved {year} pilot application for this certificate.",
    suggestion="请先在“证书试点申报”中申报并通过审核。",
)
QUOTA_EXHAUSTED = issue_type(
    F_REGISTRATION, "reg-quota-exhausted", title="培训指标已用完", title_en="Training quota used up",
    message="该证书的批准总培训人数为 {approved}，已全部使用。",
    message_en="All {approved} approved training places are used.",
    suggestion="请申请增加培训指标，或撤销其他报考。",
)
SITE_NOT_ACCEPTING = issue_type(
    F_REGISTRATION, "reg-site-not-accepting",
    title="考核站点不能报考该证书", title_en="Site does not accept the certificate",
    message="考核站点“{site}”{why}。",
    message_en="Site {site!r}: {why_en}.",
    suggestion="请选择审核通过、已启用且覆盖该证书的考核站点。",
)
LEVEL_CODE_MISMATCH = issue_type(
    F_REGISTRATION, "reg-level-code-mismatch", title="证书等级与证书编号不符", title_en="Level contradicts the code",
    message="证书编号 {code} 表示“{code_level}”，这里填的是“{level}”。",
    message_en="Code {code} means {code_level_en}, not {level_en}.",
    suggestion="请核对证书编号和证书等级。",
)
LEVEL_PROGRESSION = issue_type(
    F_REGISTRATION, "reg-level-progression", title="未取得低一级证书", title_en="Lower level not taken",
    severity=Severity.WARNING,
    message="考生报考“{level}”，但没有报考过“{lower}”。",
    message_en="Registered for {level_en} without {lower_en}.",
    suggestion="学校要求逐级报考时，请先报考低一级证书。",
)
SUBJECT_UNKNOWN = issue_type(
    F_REGISTRATION, "reg-subject-unknown", title="考试科目不存在", title_en="Unknown subject",
    message="考试计划中没有科目“{subject}”。",
    message_en="The exam plan has no subject {subject!r}.",
    suggestion="请从考试计划的科目中选择。",
)
SUBJECT_OVERLAP = issue_type(
    F_REGISTRATION, "reg-subject-overlap", title="考试时间冲突", title_en="Subjects overlap in time",
    message="科目“{first}”与“{second}”的考试时间重叠。",
    message_en="Subjects {first!r} and {second!r} overlap.",
    suggestion="请调整考试场次或只报考其中一科。",
)

# Reported by registration.sheet

CELL_MISSING = issue_type(
    F_REGISTRATION_SHEET, "reg-cell-missing", title="必填项为空", title_en="Required cell empty",
    message="“{header}”不能为空。",
    suggestion="请补全该单元格。",
)
TYPE_UNKNOWN = issue_type(
    F_REGISTRATION_SHEET, "reg-candidate-type-unknown", title="考生类型不对", title_en="Unknown candidate type",
    message="考生类型“{value}”不是平台的选项。",
    suggestion="请填写“院校考生”或“社会考生”。",
)
CERTIFICATE_UNKNOWN = issue_type(
    F_REGISTRATION_SHEET, "reg-certificate-unknown",
    title="证书编号不在证书目录中", title_en="Certificate not in catalogue",
    message="证书编号“{value}”不在已加载的证书目录中。",
    suggestion="请从平台“证书信息管理”复制证书编号；或用 --certificates 加载本校的证书目录。",
)
CERTIFICATE_NAME_MISMATCH = issue_type(
    F_REGISTRATION_SHEET, "reg-certificate-name-mismatch",
    title="报考证书名称与编号不一致", title_en="Certificate name does not match its code",
    message="证书编号对应“{expected}”，这里写的是“{value}”（报考证书不含等级）。",
    suggestion="改为“{expected}”",
)
LEVEL_UNKNOWN = issue_type(
    F_REGISTRATION_SHEET, "reg-level-unknown", title="证书等级不对", title_en="Unknown level",
    message="证书等级“{value}”应为初级、中级或高级。",
    suggestion="请从下拉列表选择证书等级。",
)
ID_INVALID = issue_type(
    F_REGISTRATION_SHEET, "reg-id-number-invalid", title="证件号码有误", title_en="Invalid ID number",
    message="证件号码有误：{reason}。",
    suggestion="请与考生信息中的证件号码核对。",
)

# Reported by registration.importing

PLAN_NOT_FOUND = issue_type(
    F_REGISTRATION, "reg-plan-not-found", title="没有该证书的考试计划", title_en="No exam plan for the certificate",
    message="工作区中没有证书“{code}”{year} 年的考试计划，该行不能报考。",
    message_en="The workspace has no {year} exam plan for certificate {code}.",
    suggestion="请先用 xcert plans import 导入该证书的考试计划。",
    description="Registrations go into an exam plan (考试计划); the certificate has none in the workspace's year.",
)
PLAN_AMBIGUOUS = issue_type(
    F_REGISTRATION, "reg-plan-ambiguous", title="该证书有多个考试计划", title_en="Several exam plans",
    message="证书“{code}”有 {count} 个考试计划（{plans}），无法确定报考哪一个。",
    message_en="Certificate {code} has {count} exam plans ({plans}).",
    suggestion="请用 --plan 指定考试计划编号。",
    description="The certificate has several plans in the year and the command was not told which one.",
)
SUBJECT_NOT_IN_PLAN = issue_type(
    F_REGISTRATION, "reg-subject-not-in-plan", title="考试科目不在考试计划中", title_en="Subject not in the plan",
    message="考试科目“{value}”不是考试计划 {plan} 的科目。",
    message_en="{value!r} is not a subject of plan {plan}.",
    suggestion="请填写考试计划中的科目名称或科目编号（xcert plans list 可查看）。",
    description="A by-subject row names a subject its exam plan does not have.",
)
