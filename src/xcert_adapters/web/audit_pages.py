"""操作记录 in the workbench: who changed what, when and through which face (管理员 only)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter
from litestar.response import Template

from xcert_adapters.app import audit
from xcert_adapters.web.security import requires
from xcert_adapters.web.served import Served
from xcert_core.access import Permission

SHOWN = 200


class AuditPages(Controller):
    """``/audit``."""

    path = "/audit"
    include_in_schema = False
    guards = [requires(Permission.MANAGE_ACCOUNTS)]  # noqa: RUF012 - litestar's

    @get("/", sync_to_thread=True)
    def log(self, served: NamedDependency[Served],
            actor: Annotated[str | None, QueryParameter(name="user")] = None) -> Template:
        """The newest entries first, of one ``user`` when given."""
        with served.workspace() as workspace:
            entries = audit.audit_log(workspace, actor=actor or None, limit=SHOWN)
            school = workspace.config.school_name
        return Template("audit.html", context={"school": school, "entries": entries, "user": actor or "",
                                               "shown": SHOWN})
