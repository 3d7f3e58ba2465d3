"""What each workbench role may do: the one place the rule lives (every face asks :func:`permits`).

* 管理员 (admin): everything, including accounts, the audit log and full ID numbers.
* 教务 (staff): the eleven steps' work — import, confirm, register, rooms and proctors, schedule, print.
* 只读 (reader): look at every page and list (masked), download printed files; change nothing.
"""

from __future__ import annotations

from xcert_core.labels import LabelledEnum, Role


class Permission(LabelledEnum):
    """One kind of action in the workbench and the API."""

    VIEW = ("view", "查看")
    IMPORT = ("import", "导入")
    CONFIRM = ("confirm", "人工确认")
    REGISTER = ("register", "报考")
    SCHEDULE = ("schedule", "排考与调座")
    PRINT = ("print", "生成打印材料")
    EDIT_RECORDS = ("edit-records", "修改与删除记录")
    SEE_FULL_IDS = ("see-full-ids", "查看完整证件号码")
    MANAGE_ACCOUNTS = ("manage-accounts", "管理账户与查看操作记录")


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.STAFF: frozenset(Permission) - {Permission.SEE_FULL_IDS, Permission.MANAGE_ACCOUNTS},
    Role.READER: frozenset({Permission.VIEW}),
}


def permits(role: Role, permission: Permission) -> bool:
    """True when ``role`` may do ``permission``."""
    return permission in ROLE_PERMISSIONS[role]

