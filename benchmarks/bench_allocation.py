"""Seat allocation with the adjacency rule: 100k registrations over 4,000 rooms and 1M over 40,000 rooms.

Goal (issue 7): 1M in under 10 s, and 10x the candidates costs at most 12x the time. Rooms are 5 x 6 layouts
with 25 seats used; sites hold 100 rooms; classes have 40 candidates. The figures are allocation only;
turning the placements into SeatAssignment model objects is timed separately.
"""

from __future__ import annotations

import datetime as dt

from sample_data import timed

from xcert_core.labels import CertificateLevel
from xcert_core.model import ExamPlan, ExamRoom, ExamSession, Registration, SeatLayout, Subject
from xcert_core.scheduling.allocation import allocate

PLAN = ExamPlan("P1", "计划", 2025, "O1", "C1", next(iter(CertificateLevel)), subjects=(Subject("T", "理论"),),
                sessions=(ExamSession("S1", "T", dt.date(2025, 6, 1), dt.time(9), dt.time(10, 30)),))
LAYOUT = SeatLayout(5, 6)


def scenario(count: int, room_count: int) -> tuple[list[Registration], list[ExamRoom]]:
    sites = room_count // 100
    regs = [Registration("P1", f"{110101200000000000 + n}", "S001", "C1", f"Z{n % sites:04d}",
                         class_label=f"{n // 40}班") for n in range(count)]
    rooms = [ExamRoom("P1", f"Z{site:04d}", f"R{i:03d}", seats=25, layout=LAYOUT)
             for site in range(sites) for i in range(100)]
    return regs, rooms


def run() -> list[str]:
    lines = []
    times = {}
    for count, room_count in ((100_000, 4_000), (1_000_000, 40_000)):
        regs, rooms = scenario(count, room_count)
        result = None

        def work(regs: list[Registration] = regs, rooms: list[ExamRoom] = rooms) -> None:
            nonlocal result
            result = allocate(regs, rooms, PLAN, seed=1)

        times[count] = timed(work)
        assert result is not None
        convert = timed(result.seat_assignments)
        lines.append(f"{count:>9,} registrations / {room_count:,} rooms: allocate {times[count]:.2f} s, "
                     f"seated {len(result.placements):,}, same-class adjacencies {result.adjacencies}, "
                     f"issues {len(result.issues)}; to SeatAssignment objects {convert:.2f} s")
    ratio = times[1_000_000] / times[100_000]
    lines.append(f"10x candidates cost {ratio:.1f}x the time (goal <= 12x); 1M under 10 s: "
                 f"{'yes' if times[1_000_000] < 10 else 'NO'}")
    return lines
