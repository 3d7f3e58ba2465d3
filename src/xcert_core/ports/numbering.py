"""The ticket-number port (准考证号): a scheme turns a seat's context into a ticket number.

A scheme must give distinct numbers for distinct contexts within a plan and the same number for the same
context (so re-running scheduling does not renumber anybody).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from attrs import frozen


@frozen
class TicketContext:
    """Everything a numbering scheme may use: plan, year, site, the room's position at the site, the seat
    and the candidate's sequence number within the plan (all 1-based)."""

    plan_code: str
    year: int
    site_code: str
    room_index: int
    seat: int
    sequence: int


@runtime_checkable
class TicketScheme(Protocol):
    def ticket_number(self, context: TicketContext) -> str: ...


TicketSchemeFactory = Callable[[], TicketScheme]
