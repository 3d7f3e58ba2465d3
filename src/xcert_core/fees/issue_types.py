"""The payment import's issue types (``fees``): every rule a row of the payment sheet is checked against.

Codes are a public contract (JSON consumers, ``[rules]`` settings): never rename one."""

from __future__ import annotations

from xcert_core.issues import issue_type
from xcert_core.labels import Severity

F_FEES = "fees"

FEE_CELL_MISSING = issue_type(
    F_FEES, "fee-cell-missing", title="缴费表缺少必填内容", title_en="Payment row misses a required cell",
    message="“{header}”为空。", message_en="{header!r} is empty.",
    suggestion="请填写后重新导入，或删除这一行。",
)
FEE_NOT_REGISTERED = issue_type(
    F_FEES, "fee-not-registered", title="缴费记录的考生未报考本计划", title_en="Payer is not registered in the plan",
    message="证件号码 {masked} 的考生没有报考考试计划“{plan}”。",
    message_en="{masked} has no registration in plan {plan!r}.",
    suggestion="请确认导入的是本考试计划的缴费记录（xcert fees import --plan 计划编号）。",
)
FEE_STATE_UNKNOWN = issue_type(
    F_FEES, "fee-state-unknown", title="缴费状态无法识别", title_en="Payment state not understood",
    message="缴费状态“{value}”应为“已缴费”“已退费”或“未缴费”。",
    message_en="Payment state {value!r} is not 已缴费, 已退费 or 未缴费.",
    suggestion="请从下拉列表中选择缴费状态。",
)
FEE_AMOUNT_INVALID = issue_type(
    F_FEES, "fee-amount-invalid", title="金额无法识别", title_en="Amount not understood",
    message="“{header}”的“{value}”不是金额。", message_en="{header!r} {value!r} is not an amount.",
    suggestion="金额以元为单位，最多两位小数，如 180 或 180.50。",
)
FEE_AMOUNT_DIFFERS = issue_type(
    F_FEES, "fee-amount-differs", title="缴费金额与考试费不一致", title_en="Amount paid differs from the fee",
    message="缴费金额 {paid} 元与考试计划“{plan}”的考试费 {fee} 元不一致。",
    message_en="Paid {paid} yuan; plan {plan!r} charges {fee} yuan.",
    suggestion="请与财务核对；如考试费有误，请修改考试计划文件中的 fee。", severity=Severity.WARNING,
)
FEE_REFUND_TOO_LARGE = issue_type(
    F_FEES, "fee-refund-too-large", title="退费金额大于缴费金额", title_en="Refund exceeds the amount paid",
    message="退费 {refund} 元大于缴费 {paid} 元。", message_en="Refund {refund} yuan exceeds the {paid} yuan paid.",
    suggestion="请核对退费金额。",
)
FEE_REFUND_ACTIVE = issue_type(
    F_FEES, "fee-refund-active", title="仍在报考的考生已退费", title_en="Refund for a registration still active",
    message="证件号码 {masked} 的考生仍报考“{plan}”，却记为已退费。",
    message_en="{masked} is still registered in plan {plan!r}, yet marked refunded.",
    suggestion="退费通常在撤销报考之后（xcert registrations withdraw）；请核对。", severity=Severity.WARNING,
)
FEE_DATE_INVALID = issue_type(
    F_FEES, "fee-date-invalid", title="日期无法识别", title_en="Date not understood",
    message="“{header}”的“{value}”无法识别。", message_en="{header!r} {value!r} is not a date.",
    suggestion="请填写如 2026-05-10 的日期。",
)
FEE_DUPLICATE = issue_type(
    F_FEES, "fee-duplicate", title="同一考生有两条缴费记录", title_en="Two payment rows for one candidate",
    message="证件号码 {masked} 与第 {first} 行重复。", message_en="{masked} repeats row {first}.",
    suggestion="每名考生一行：请合并为一行（已退费的写明缴费和退费金额）。",
)
FEE_NO_DATA = issue_type(
    F_FEES, "fee-no-data", title="缴费表没有数据", title_en="Payment sheet has no data",
    message="缴费表的表头下没有数据行。", message_en="The payment sheet has no data rows under its header.",
    suggestion="请填写缴费记录后再导入（xcert fees template 生成模板）。",
)

ISSUE_TYPES = (FEE_CELL_MISSING, FEE_NOT_REGISTERED, FEE_STATE_UNKNOWN, FEE_AMOUNT_INVALID, FEE_AMOUNT_DIFFERS,
               FEE_REFUND_TOO_LARGE, FEE_REFUND_ACTIVE, FEE_DATE_INVALID, FEE_DUPLICATE, FEE_NO_DATA)
