"""Enumerations whose members carry the X platform's Chinese label.

Every enum here has a stable English ``value`` (used in code, JSON and storage) and a Chinese ``label`` exactly
as the platform shows it (used in messages, templates and printed documents). ``from_label`` parses what a
school person types, accepting the platform's own label and the aliases the platform's templates use.
"""

from __future__ import annotations

import enum
from typing import Self


class LabelledEnum(enum.Enum):
    """An enum whose members are ``(value, label, *aliases)`` tuples.

    Contract: ``member.value`` is the English value, ``member.label`` the platform's Chinese label;
    ``from_label(text)`` returns the member whose label or alias equals ``text`` (surrounding whitespace is
    *not* stripped: whitespace is a reportable mistake, not something to hide) and raises ``ValueError``
    otherwise.
    """

    label: str
    aliases: tuple[str, ...]

    def __new__(cls, value: str, label: str, *aliases: str) -> Self:
        member = object.__new__(cls)
        member._value_ = value
        member.label = label
        member.aliases = aliases
        return member

    def __str__(self) -> str:
        return self.label

    @classmethod
    def from_label(cls, text: str) -> Self:
        for member in cls:
            if text == member.label or text in member.aliases:
                return member
        raise ValueError(f"{text!r} is not a {cls.__name__} label; expected one of {cls.labels()}")

    @classmethod
    def labels(cls) -> tuple[str, ...]:
        """The platform's labels in declaration order (what a template's drop-down list offers)."""
        return tuple(member.label for member in cls)


class CertificateLevel(LabelledEnum):
    """证书等级. The level digits inside a 16-digit certificate code are 01/02/03 in declaration order."""

    ELEMENTARY = ("elementary", "初级")
    INTERMEDIATE = ("intermediate", "中级")
    ADVANCED = ("advanced", "高级")


class ReviewStatus(LabelledEnum):
    """审核状态 of a pilot application (证书试点申报) or an exam site application (考核站点申报).

    The certificate pilot page says 审核中 where the exam site page says 待审核; both mean submitted.
    """

    DRAFT = ("draft", "未提交")
    SUBMITTED = ("submitted", "待审核", "审核中")
    APPROVED = ("approved", "审核通过")
    RETURNED = ("returned", "审核退回")


class SiteStatus(LabelledEnum):
    """考核站点状态."""

    ENABLED = ("enabled", "已启用")
    DISABLED = ("disabled", "已停用")


class Gender(LabelledEnum):
    """性别 as the roster template's drop-down offers it."""

    MALE = ("male", "男")
    FEMALE = ("female", "女")


class IdType(LabelledEnum):
    """证件类型. The roster template's drop-down writes 身份证 for 居民身份证."""

    RESIDENT_ID = ("resident_id", "居民身份证", "身份证")
    RESIDENCE_PERMIT = ("residence_permit", "港澳台居民居住证")
    HK_MACAU_TRAVEL_PERMIT = ("hk_macau_travel_permit", "港澳居民来往内地通行证")
    TAIWAN_TRAVEL_PERMIT = ("taiwan_travel_permit", "台湾居民来往大陆通行证")
    FOREIGN_PERMANENT_RESIDENT_ID = ("foreign_permanent_resident_id", "外国人永久居留身份证")
    PASSPORT = ("passport", "护照")


class ProgramLevel(LabelledEnum):
    """专业层次 (program level) with the names schools also use for the same level."""

    SECONDARY = ("secondary", "中专", "中职")
    HIGHER_VOCATIONAL = ("higher_vocational", "高职", "专科", "高职专科")
    VOCATIONAL_BACHELOR = ("vocational_bachelor", "职业本科", "高职本科")
    BACHELOR = ("bachelor", "本科")


class CandidateType(LabelledEnum):
    """考生类型: a school's own student (院校考生, 本校考生) or a member of the public (社会考生)."""

    SCHOOL = ("school", "院校考生", "本校考生")
    PUBLIC = ("public", "社会考生")


class Education(LabelledEnum):
    """最高学历 of a public candidate (社会考生), who has no 专业 at the school: what the social roster records in
    place of 入学年份 and 专业. xcert's own list (the seed shows no social candidate template), with the words
    people also write for the same level."""

    JUNIOR_SECONDARY = ("junior_secondary", "初中及以下", "初中", "小学")
    UPPER_SECONDARY = ("upper_secondary", "高中/中专/中职", "高中", "中专", "中职", "技校")
    JUNIOR_COLLEGE = ("junior_college", "大专/高职", "大专", "高职", "专科")
    BACHELOR = ("bachelor", "本科")
    POSTGRADUATE = ("postgraduate", "研究生", "硕士", "博士", "研究生及以上")


class VerificationState(LabelledEnum):
    """The candidate's information state (学生信息状态) on the platform's 考生管理 page."""

    NO_PHOTO = ("no_photo", "无照片")
    PENDING = ("pending", "信息待认证")
    VERIFYING = ("verifying", "认证中")
    VERIFIED = ("verified", "信息准确")
    NEEDS_REVIEW = ("needs_review", "需人工确认")


class VerificationEvent(LabelledEnum):
    """What can happen to a candidate's verification (see :mod:`xcert_core.verification.machine`)."""

    PHOTO_ATTACHED = ("photo_attached", "上传照片")
    PHOTO_REMOVED = ("photo_removed", "删除照片")
    IDENTITY_EDITED = ("identity_edited", "修改身份信息")
    SUBMITTED = ("submitted", "提交认证")
    MATCHED = ("matched", "比对成功")
    MISMATCHED = ("mismatched", "比对失败")
    NO_VERDICT = ("no_verdict", "未给出结果")
    VERIFIER_FAILED = ("verifier_failed", "认证服务失败或超时")
    CONFIRMED = ("confirmed", "人工确认")
    REJECTED = ("rejected", "人工退回")


class RoomStatus(LabelledEnum):
    """考场状态 on the 考场管理 page."""

    UNSCHEDULED = ("unscheduled", "未排考")
    SCHEDULING = ("scheduling", "排考中")
    FINISHED = ("finished", "已结束")


class ProctorRole(LabelledEnum):
    """监考 (invigilates one room) or 巡考 (inspects a whole site)."""

    PROCTOR = ("proctor", "监考")
    INSPECTOR = ("inspector", "巡考")


class SubjectKind(LabelledEnum):
    """考试科目 type."""

    THEORY = ("theory", "理论", "理论考试")
    PRACTICAL = ("practical", "实操", "实操考试", "实践")


class SeatOrigin(LabelledEnum):
    """Who decided a seat and its 准考证号: xcert's own scheduler (the school's dry run or the organisation's
    tool; its ticket numbers are provisional) or the platform's 排考 (step 9, brought in by ``xcert sync
    platform``: the truth once synced)."""

    XCERT = ("xcert", "xcert 试排")
    PLATFORM = ("platform", "平台排考")


class RegistrationMode(LabelledEnum):
    """报考方式: by certificate (every subject of the plan) or by subject."""

    BY_CERTIFICATE = ("by_certificate", "按证书报考")
    BY_SUBJECT = ("by_subject", "按科目报考")


class RegistrationStatus(LabelledEnum):
    """Whether a registration still holds quota."""

    ACTIVE = ("active", "已报考")
    WITHDRAWN = ("withdrawn", "已撤销")


class FeePayer(LabelledEnum):
    """Who pays a plan's exam fee (缴费方): the candidate, or the school for its students."""

    CANDIDATE = ("candidate", "考生", "考生自费", "个人")
    SCHOOL = ("school", "学校", "学校统一缴费", "院校")


class FeeState(LabelledEnum):
    """缴费状态 of one registration: every registration is in exactly one of them (no record: 未缴费)."""

    UNPAID = ("unpaid", "未缴费", "待缴费")
    PAID = ("paid", "已缴费")
    REFUNDED = ("refunded", "已退费")


class Severity(LabelledEnum):
    """How bad an :class:`~xcert_core.issues.Issue` is. Errors block the step; warnings do not."""

    ERROR = ("error", "错误")
    WARNING = ("warning", "警告")


class Role(LabelledEnum):
    """A workbench account's role (``xcert users add NAME --role 管理员|教务|只读``); what each may do is
    :data:`xcert_core.access.ROLE_PERMISSIONS`."""

    ADMIN = ("admin", "管理员")
    STAFF = ("staff", "教务")
    READER = ("reader", "只读")
