"""Publishing the organisation's 排考 to the schools (#20 item 3): each school that registered candidates for a
plan receives its own part, and nothing of any other school.

A school's package is a folder ``<学校代码>/`` of the output store (a folder, or an object store a plug-in
provides: :mod:`xcert_core.ports.outputs`) holding:

- ``排考明细.xlsx`` — its candidates' seats in the shape of the platform's 排考明细 export, so the school's own
  workspace reads it with ``xcert sync platform`` (the seats, sessions and ticket numbers of the organisation);
- ``考场.xlsx`` — the rooms its candidates sit in, as the filled room template (``xcert rooms import`` reads it),
  so the sync finds every room it names;
- ``打印材料/`` — its printed pack (:func:`~xcert_adapters.app.documents.print_pack` for the school's part):
  tickets, desk labels and sign-in sheets of its candidates only, door labels listing its candidates' ticket
  numbers only, and its own teachers' proctoring.

Contract: no file of a school's package names a candidate or a teacher of another school (the tests read every
cell and every page of each package and look for every other school's names, ID numbers and ticket numbers).
A package is assembled in the workspace (``output/.publish/<plan>/<school>``, where publishing again redraws only
what changed, as the pack's manifest says) and then put into the store file by file; the same data gives the same
PDFs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from attrs import frozen

from xcert_adapters.app.documents import PrintedPack, print_pack
from xcert_adapters.app.errors import RequestError
from xcert_adapters.platform.exports import write_assignment_list
from xcert_adapters.private_files import private_dir
from xcert_adapters.workspace import Workspace
from xcert_core.exchange.package import room_sheet
from xcert_core.model import ExamRoom, ExamSite, Registration, SeatAssignment
from xcert_core.scheduling.stored import get_plan, school_seats

if TYPE_CHECKING:
    from xcert_adapters.jobs.queue import Deferred

ASSIGNMENTS, ROOMS, PACK = "排考明细.xlsx", "考场.xlsx", "打印材料"
STAGING = ".publish"
"""Where packages are assembled, under the workspace's output folder."""


@frozen
class SchoolPackage:
    """One school's package: where it is, how many of its candidates are seated, and its printed pack."""

    school_code: str
    folder: Path
    """Where the package was assembled in the workspace (every file of it, readable)."""
    candidates: int
    seats: int
    pack: PrintedPack
    files: tuple[str, ...] = ()
    """Where the store put each file."""


def _plan_seats(workspace: Workspace, plan_code: str) -> tuple[list[SeatAssignment], dict[str, str]]:
    """The plan's seats and the school of each seated ID number; :class:`RequestError` without seats."""
    storage = workspace.storage
    get_plan(storage, plan_code)
    seats = storage.list(SeatAssignment, plan_code=plan_code)
    if not seats:
        raise RequestError(f"考试计划 {plan_code} 尚未排考，没有可发布的内容：请先运行 xcert schedule --plan "
                           f"{plan_code} / plan {plan_code} is not scheduled")
    return seats, dict(storage.values(Registration, ("id_number", "school_code"), plan_code=plan_code))


def schools_to_publish(workspace: Workspace, plan_code: str) -> list[str]:
    """The schools with candidates seated in the plan, in code order."""
    seats, school_of = _plan_seats(workspace, plan_code)
    return sorted({school_of[seat.id_number] for seat in seats if seat.id_number in school_of})


def publish_school(workspace: Workspace, plan_code: str, school_code: str, out: Path | str, *,
                   force: bool = False, pause: Callable[[], None] | None = None) -> SchoolPackage:
    """Write one school's package of the plan into the output store ``out`` (a folder, or ``name://…`` for a
    plug-in's store) under ``school_code/``; the same data gives the same PDFs (what a retried job relies on).
    ``pause`` is called between the 排考明细 and the pack (a worker's hook)."""
    store = workspace.plugins.output_store(str(out))
    storage = workspace.storage
    theirs = school_seats(storage, plan_code, school_code)
    if not theirs:
        _plan_seats(workspace, plan_code)  # RequestError when the plan has no seats at all
    used_sites = {seat.site_code for seat in theirs}
    rooms = {(room.site_code, room.name): room
             for room in storage.list_in(ExamRoom, "site_code", used_sites, plan_code=plan_code)}
    sites = {site.code: site for site in storage.list_in(ExamSite, "code", used_sites)}
    folder = private_dir(workspace.output_dir / STAGING / plan_code / school_code)
    write_assignment_list(storage, folder / ASSIGNMENTS, workspace.plugins, seats=theirs)
    used = sorted({(seat.site_code, seat.room_name) for seat in theirs})
    workspace.plugins.workbook_writer().write([room_sheet([rooms[key] for key in used if key in rooms], sites)],
                                              folder / ROOMS)
    if pause is not None:
        pause()
    pack = print_pack(workspace, plan_code, out=folder / PACK, force=force, school_code=school_code)
    files = tuple(store.put(f"{school_code}/{path.relative_to(folder).as_posix()}", path)
                  for path in sorted(folder.rglob("*")) if path.is_file())
    return SchoolPackage(school_code, folder, len({seat.id_number for seat in theirs}), len(theirs), pack, files)


def publish_plan(workspace: Workspace, plan_code: str, out: Path | str, *,
                 force: bool = False) -> list[SchoolPackage]:
    """Write every school's package of the scheduled plan ``plan_code`` into ``out`` (see the module docstring),
    schools in code order, in this process. :class:`RequestError` when the plan has no seats yet."""
    return [publish_school(workspace, plan_code, school, out, force=force)
            for school in schools_to_publish(workspace, plan_code)]


def queue_publish(workspace: Workspace, plan_code: str, out: str) -> list[Deferred]:
    """Put a ``publish_school`` job per school of the scheduled plan in the workspace's job queue
    (:mod:`xcert_adapters.jobs.queue`), for ``xcert worker`` processes to write into the output store ``out``; a
    school whose job still waits is not queued twice. :class:`RequestError` when the plan has no seats yet."""
    from xcert_adapters.jobs.queue import defer_publish  # noqa: PLC0415 - only with a queue

    return defer_publish(workspace.storage_url, workspace.root, plan_code, schools_to_publish(workspace, plan_code),
                         out)
