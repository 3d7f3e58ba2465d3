"""The organisation's registration import's issue types (``organisation``).

Codes are a public contract (JSON consumers, ``[rules]`` settings): never rename one."""

from __future__ import annotations

from xcert_core.issues import issue_type

F_ORGANISATION = "organisation"

ORG_CELL_MISSING = issue_type(
    F_ORGANISATION, "org-cell-missing", title="跨校报考表缺少必填内容", title_en="Registration row misses a cell",
    message="“{header}”为空。", message_en="{header!r} is empty.",
    suggestion="请填写后重新导入，或删除这一行。",
)
ORG_GENDER_UNKNOWN = issue_type(
    F_ORGANISATION, "org-gender-unknown", title="性别无法识别", title_en="Gender not understood",
    message="性别“{value}”应为“男”或“女”。", message_en="Gender {value!r} is not 男 or 女.",
    suggestion="请填写“男”或“女”；居民身份证号码可看出性别时可不填。",
)
ORG_SITE_CONFLICT = issue_type(
    F_ORGANISATION, "org-site-conflict", title="同一考核站点的信息前后不一致", title_en="One site described two ways",
    message="考核站点“{site}”的{what}与第 {first} 行不同。",
    message_en="Site {site!r}: its {what_en} differs from row {first}.",
    suggestion="同一个考核站点编号应有相同的名称、地址和所属学校。",
)
ORG_SCHOOL_CONFLICT = issue_type(
    F_ORGANISATION, "org-school-conflict", title="同一学校代码的名称前后不一致", title_en="One school, two names",
    message="学校代码“{school}”的名称“{name}”与第 {first} 行的“{earlier}”不同。",
    message_en="School {school!r} is called {name!r} here and {earlier!r} on row {first}.",
    suggestion="请统一学校名称（以平台上的为准）。",
)
ORG_DUPLICATE = issue_type(
    F_ORGANISATION, "org-duplicate", title="同一考生报考两次", title_en="One candidate registered twice",
    message="证件号码 {masked} 与第 {first} 行重复。", message_en="{masked} repeats row {first}.",
    suggestion="一名考生在一个考试计划中只报考一次：请删除重复的一行。",
)
ORG_NO_DATA = issue_type(
    F_ORGANISATION, "org-no-data", title="跨校报考表没有数据", title_en="Registration sheet has no data",
    message="表头下没有数据行。", message_en="No data rows under the header.",
    suggestion="请填写各校的报考明细后再导入（xcert org template 生成模板）。",
)

ISSUE_TYPES = (ORG_CELL_MISSING, ORG_GENDER_UNKNOWN, ORG_SITE_CONFLICT, ORG_SCHOOL_CONFLICT, ORG_DUPLICATE,
               ORG_NO_DATA)
