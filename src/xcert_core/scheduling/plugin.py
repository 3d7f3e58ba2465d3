"""The core's scheduling plug-in (``xcert-scheduling``): scheduling issue types and the default ticket scheme."""

from __future__ import annotations

from xcert_core.hookspecs import Register, RegisterIssueType, hookimpl
from xcert_core.ports.numbering import TicketSchemeFactory
from xcert_core.scheduling import client_sheet, issue_types, plan_file, plan_sheets, proctors_sheet, rooms_sheet
from xcert_core.scheduling.numbering import DefaultTicketScheme


class SchedulingPlugin:
    """Catalogues the scheduling issue types (including the room, proctor and plan-file ones) and registers
    the ``default`` ticket-number scheme."""

    @hookimpl
    def xcert_register_issue_types(self, register: RegisterIssueType) -> None:
        for issue_type in (*issue_types.ISSUE_TYPES, *plan_file.ISSUE_TYPES, *rooms_sheet.ISSUE_TYPES,
                           *proctors_sheet.ISSUE_TYPES, *plan_sheets.ISSUE_TYPES, *client_sheet.ISSUE_TYPES):
            register(issue_type)

    @hookimpl
    def xcert_register_ticket_schemes(self, register: Register[TicketSchemeFactory]) -> None:
        register("default", DefaultTicketScheme)
