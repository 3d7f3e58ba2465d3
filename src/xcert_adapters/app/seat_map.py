"""The seat map of one room in one session (座位图) and the plan's change log, for a face that draws them.

:func:`seat_map` lays the room's seats out as its rows and columns (the room's layout, else rows of
:data:`~xcert_core.scheduling.allocation.DEFAULT_COLUMNS`) with who sits where — name, masked ID number and
ticket number, never the full ID number — and the seats still free. :func:`change_log` lists the plan's
排考调整记录. Moving and swapping are :func:`~xcert_adapters.app.scheduling.move_seat` and
:func:`~xcert_adapters.app.scheduling.swap_seats`; :func:`id_by_ticket` finds whom a ticket number names, so a
face can offer them without showing ID numbers.
"""

from __future__ import annotations

from attrs import frozen

from xcert_adapters.app.errors import RequestError
from xcert_adapters.workspace import Workspace
from xcert_core.model import Candidate, ExamRoom, SeatAssignment, SeatChange
from xcert_core.privacy import mask_id_number
from xcert_core.scheduling.allocation import DEFAULT_COLUMNS, seat_positions
from xcert_core.scheduling.stored import get_plan


@frozen
class SeatCell:
    """One seat of the map: its number and, when taken, who sits there (``name`` empty: free)."""

    seat: int
    name: str = ""
    masked_id: str = ""
    ticket_number: str = ""

    @property
    def taken(self) -> bool:
        return bool(self.ticket_number)


@frozen
class SeatMap:
    """A room in a session: ``rows`` of cells from the front (``None``: no seat there), and the counts."""

    plan_code: str
    session_code: str
    site_code: str
    room_name: str
    seats: int
    rows: tuple[tuple[SeatCell | None, ...], ...]

    @property
    def taken(self) -> int:
        return sum(1 for row in self.rows for cell in row if cell is not None and cell.taken)


def seat_map(workspace: Workspace, plan_code: str, site_code: str, room_name: str, session_code: str) -> SeatMap:
    """The seat map of ``room_name`` at ``site_code`` in ``session_code`` of the plan; :class:`RequestError`
    for an unknown room or session."""
    storage = workspace.storage
    plan = get_plan(storage, plan_code)
    if session_code not in {s.code for s in plan.sessions}:
        raise RequestError(f"考试计划“{plan_code}”没有场次“{session_code}” / no such session")
    room = storage.find(ExamRoom, (plan_code, site_code, room_name))
    if room is None:
        raise RequestError(f"考试计划“{plan_code}”在考核站点“{site_code}”没有考场“{room_name}” / no such room")
    here = {a.seat: a for a in storage.list(SeatAssignment, plan_code=plan_code, session_code=session_code)
            if a.site_code == site_code and a.room_name == room_name}
    names = {c.id_number: c.name for c in storage.list(Candidate)
             if c.id_number in {a.id_number for a in here.values()}}
    positions = seat_positions(room.seats, room.layout)
    height = max((row for row, _ in positions), default=0)
    width = room.layout.columns if room.layout is not None else min(DEFAULT_COLUMNS, room.seats)
    grid: list[list[SeatCell | None]] = [[None] * width for _ in range(height)]
    for number, (row, column) in enumerate(positions, start=1):
        taken = here.get(number)
        grid[row - 1][column - 1] = SeatCell(number) if taken is None else SeatCell(
            number, names.get(taken.id_number, ""), mask_id_number(taken.id_number), taken.ticket_number)
    return SeatMap(plan_code, session_code, site_code, room_name, room.seats, tuple(tuple(row) for row in grid))


def id_by_ticket(workspace: Workspace, plan_code: str, ticket_number: str) -> str:
    """The ID number of the candidate holding ``ticket_number`` in the plan; :class:`RequestError` when none."""
    wanted = ticket_number.strip()
    for seat in workspace.storage.list(SeatAssignment, plan_code=plan_code):
        if seat.ticket_number == wanted:
            return seat.id_number
    raise RequestError(f"考试计划“{plan_code}”中没有准考证号“{wanted}” / no such ticket number")


def change_log(workspace: Workspace, plan_code: str) -> list[SeatChange]:
    """The plan's 排考调整记录, newest first."""
    get_plan(workspace.storage, plan_code)
    return sorted(workspace.storage.list(SeatChange, plan_code=plan_code), key=lambda c: c.seq, reverse=True)
