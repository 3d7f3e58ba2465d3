"""Steps 6-9 through the application layer, called directly as an embedding school system calls them: the
registration file checked and imported all-or-nothing with its quota, withdrawals
(:mod:`xcert_adapters.app.registrations`); rooms, proctors and the exam client's check
(:mod:`xcert_adapters.app.staff_and_rooms`); scheduling, the changes after publication and the plan report
(:mod:`xcert_adapters.app.scheduling`) and the seat map (:mod:`xcert_adapters.app.seat_map`) — the outcomes'
reports and what is stored afterwards, each test on its own copy of one scheduled school."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app_school import (
    CERTIFICATE,
    CERTIFICATE_NAME,
    PLAN,
    PROCTORS,
    REGISTERED,
    ROOM,
    SCHOOL,
    SCHOOL_NAME,
    SITE,
    SITE_NAME,
    YEAR,
    copy_workspace,
    proctor_file,
    registration_file,
    registration_row,
    room_file,
    scheduled_school,
)
from photo_files import id_number
from xcert_adapters.app import audit, import_history, registrations, scheduling, seat_map, setup, staff_and_rooms
from xcert_adapters.app.errors import RequestError
from xcert_adapters.workspace import Workspace
from xcert_adapters.workspace.rule_settings import load_rule_config
from xcert_core.labels import ProctorRole, RegistrationStatus, Severity
from xcert_core.model import Candidate, SeatLayout
from xcert_core.plugins import make_plugin_manager
from xcert_core.privacy import mask_id_number
from xcert_core.scheduling.stored import AlreadyScheduledError, PlanNotFoundError, StoreCounts

Seats = dict[tuple[str, str], tuple[str, int, str]]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Candidate]]:
    """The closed scheduled school (:func:`app_school.scheduled_school`) and its 26 students."""
    root = tmp_path_factory.mktemp("scheduled")
    everyone = scheduled_school(root / "ws", root / "files")
    return root, everyone


@pytest.fixture
def everyone(base: tuple[Path, list[Candidate]]) -> list[Candidate]:
    return base[1]


@pytest.fixture
def school(base: tuple[Path, list[Candidate]], tmp_path: Path) -> Iterator[Workspace]:
    with copy_workspace(base[0] / "ws", tmp_path / "ws") as ws:
        yield ws


def seats(workspace: Workspace) -> Seats:
    """(ID number, session) -> (room, seat, ticket number) of the plan's stored seats."""
    return {(a.id_number, a.session_code): (a.room_name, a.seat, a.ticket_number)
            for a in scheduling.plan_report(workspace, PLAN).seats}


def issues(report: object) -> list[tuple[int | None, str | None, str]]:
    return [(i.row, i.column, i.code) for i in report]  # type: ignore[attr-defined]


# --- step 6: registrations ------------------------------------------------------------------------------------


def test_a_registration_file_is_checked_without_a_workspace(base: tuple[Path, list[Candidate]],
                                                            everyone: list[Candidate], tmp_path: Path) -> None:
    plugins, rules = make_plugin_manager(), load_rule_config(None)
    wrong_id = registration_row(everyone[4])
    number = str(wrong_id[1])
    wrong_id[1] = number[:-1] + ("1" if number[-1] == "0" else "0")
    other_certificate = registration_row(everyone[5])
    other_certificate[3] = "1550009066020111"
    unknown_type = registration_row(everyone[6])
    unknown_type[2] = "外校考生"
    rows = [*(registration_row(c) for c in everyone[:3]), registration_row(everyone[3], name="王小明"), wrong_id,
            other_certificate, unknown_type]
    path = registration_file(plugins, rows, tmp_path / "报考.xlsx")

    checked = registrations.check_registration_file(path, plugins, rules, roster=base[0] / "files" / "名单.xlsx")
    assert (len(checked.rows), checked.by_subject, checked.report.exit_code) == (7, False, 1)
    assert issues(checked.report) == [
        (7, "考生姓名", "reg-name-mismatch"), (8, "证件号码", "reg-id-number-invalid"),
        (8, "证件号码", "reg-candidate-unknown"), (9, "证书编号", "reg-certificate-unknown"),
        (9, "证书等级", "reg-level-code-mismatch"), (10, "考生类型", "reg-candidate-type-unknown")]
    assert {i.severity for i in checked.report} == {Severity.ERROR}
    unknown = next(i for i in checked.report if i.code == "reg-candidate-unknown")
    assert mask_id_number(str(wrong_id[1])) in unknown.message
    assert not any(str(wrong_id[1]) in repr(i) for i in checked.report)
    mismatch = next(i.message for i in checked.report if i.code == "reg-name-mismatch")
    assert f"“王小明”与名单中的“{everyone[3].name}”不一致" in mismatch
    # without the roster, only what the sheet itself shows
    alone = registrations.check_registration_file(path, plugins, rules)
    assert [code for _, _, code in issues(alone.report)] == [
        "reg-id-number-invalid", "reg-certificate-unknown", "reg-level-code-mismatch", "reg-candidate-type-unknown"]


def test_a_registration_file_with_an_error_stores_nothing_and_takes_no_quota(school: Workspace,
                                                                              everyone: list[Candidate],
                                                                              tmp_path: Path) -> None:
    late = everyone[REGISTERED:]
    stranger = id_number(7)
    rows = [*(registration_row(c) for c in late), registration_row(everyone[0])]
    rows.append(["陌生人", stranger, "院校考生", CERTIFICATE, CERTIFICATE_NAME, "初级", SITE, SITE_NAME])
    path = registration_file(school.plugins, rows, tmp_path / "补报.xlsx")
    refused = registrations.import_registration_file(school, path, plan_code=PLAN, actor="教务系统",
                                                     channel="API")
    assert refused.stored == () and refused.report.has_errors
    assert issues(refused.report) == [(7, "证件号码", "reg-candidate-unknown")]
    assert mask_id_number(stranger) in refused.report.errors[0].message
    assert len(registrations.list_registrations(school, PLAN)) == REGISTERED
    assert [a.used_quota for a in setup.list_quota(school)] == [REGISTERED]
    record = import_history.import_history(school, kind=import_history.REGISTRATIONS, limit=1)[0]
    assert (record.stored, record.errors, record.actor, record.channel) == (False, 1, "教务系统", "API")

    fixed = registration_file(school.plugins, rows[:-1], tmp_path / "补报-改.xlsx")
    stored = registrations.import_registration_file(school, fixed, plan_code=PLAN)
    assert sorted(r.id_number for r in stored.stored) == sorted(c.id_number for c in late)
    assert [u.registration.id_number for u in stored.unchanged] == [everyone[0].id_number]  # already registered
    assert {(r.plan_code, r.site_code, r.status, r.subject_codes, r.quota_batch) for r in stored.stored} == {
        (PLAN, SITE, RegistrationStatus.ACTIVE, ("T", "P"), "1")}
    listed = {r.registration.id_number: r.name for r in registrations.list_registrations(school, PLAN)}
    assert len(listed) == REGISTERED + 2 and all(listed[c.id_number] == c.name for c in everyone)
    assert [a.used_quota for a in setup.list_quota(school)] == [REGISTERED + 2]
    again = registrations.import_registration_file(school, fixed, plan_code=PLAN)
    assert (again.stored, len(again.unchanged), again.report.has_errors) == ((), 3, False)


def test_the_quota_holds_a_file_back_until_a_withdrawal_frees_a_place(school: Workspace, everyone: list[Candidate],
                                                                      tmp_path: Path) -> None:
    setup.set_quota(school, CERTIFICATE, REGISTERED + 1)
    late = everyone[REGISTERED:]
    path = registration_file(school.plugins, [registration_row(c) for c in late], tmp_path / "补报.xlsx")
    refused = registrations.import_registration_file(school, path, plan_code=PLAN)
    assert refused.stored == () and [code for _, _, code in issues(refused.report)] == ["reg-quota-exhausted"]
    assert [a.used_quota for a in setup.list_quota(school)] == [REGISTERED]  # the first row's place was not kept

    leaving = everyone[0]
    withdrawn = registrations.withdraw(school, f"{leaving.name}:{leaving.id_number[-4:]}", PLAN,
                                       actor="教务处王老师", reason="转学")
    assert (withdrawn.registration.id_number, withdrawn.registration.status, withdrawn.seats_freed,
            withdrawn.already) == (leaving.id_number, RegistrationStatus.WITHDRAWN, 2, False)
    assert not any(number == leaving.id_number for number, _ in seats(school))  # both sessions' seats freed
    assert [a.used_quota for a in setup.list_quota(school)] == [REGISTERED - 1]
    assert len(registrations.import_registration_file(school, path, plan_code=PLAN).stored) == 2
    assert [a.remaining_quota for a in setup.list_quota(school)] == [0]

    again = registrations.withdraw(school, leaving.id_number, PLAN, actor="教务处王老师")
    assert (again.already, again.seats_freed) == (True, 0)
    stranger = id_number(7)
    with pytest.raises(RequestError, match=r"没有证件号码为 140\*+\d{4} 的报考") as refusal:
        registrations.withdraw(school, stranger, PLAN, actor="教务处王老师")
    assert stranger not in str(refusal.value)
    with pytest.raises(RequestError, match=f"没有 {YEAR} 年的考试计划 P9"):
        registrations.import_registration_file(school, path, plan_code="P9")


# --- steps 7-8: rooms, proctors, the exam client ---------------------------------------------------------------


@pytest.mark.parametrize(("site", "seats", "layout", "expected"), [
    ("S009", "30", {}, ("考核站点编号", "room-site-unknown")),
    (SITE, "30", {"rows": "4", "columns": "5"}, ("考位数", "room-layout-too-small")),
    (SITE, "三十", {}, ("考位数", "room-number-invalid")),
])
def test_a_room_typed_in_is_checked_as_a_template_row(school: Workspace, site: str, seats: str,
                                                      layout: dict[str, str], expected: tuple[str, str]) -> None:
    added = staff_and_rooms.add_room(school, PLAN, site, "A101", seats, **layout)
    assert (added.file, added.rows, added.stored, added.exit_code) == ("命令行", 1, None, 1)
    assert issues(added.report) == [(None, *expected)]  # typed in: no row number
    assert [r.name for r in staff_and_rooms.list_rooms(school, PLAN)] == [ROOM]


def test_a_room_is_added_replaced_and_left_alone_when_unchanged(school: Workspace) -> None:
    assert staff_and_rooms.add_room(school, PLAN, SITE, "A101", "20").stored == StoreCounts(1, 0, 0)
    assert staff_and_rooms.add_room(school, PLAN, SITE, "A101", "20").stored == StoreCounts(0, 0, 1)
    changed = staff_and_rooms.add_room(school, PLAN, SITE, "A101", "24", rows="4", columns="6", room_type="机房")
    assert changed.stored == StoreCounts(0, 1, 0)
    room = {r.name: r for r in staff_and_rooms.list_rooms(school)}["A101"]
    assert (room.seats, room.layout, room.room_type) == (24, SeatLayout(4, 6), "机房")
    unknown_plan = staff_and_rooms.add_room(school, "P9", SITE, "A102", "20")
    assert issues(unknown_plan.report) == [(None, None, "room-plan-unknown")] and unknown_plan.stored is None
    assert staff_and_rooms.list_rooms(school, "P9") == []


def test_a_room_file_with_an_error_stores_no_room(school: Workspace, tmp_path: Path) -> None:
    good = [[SITE, SITE_NAME, "B201", "机房", 40, 5, 8], [SITE, SITE_NAME, "B202", "普通考场", 30, None, None]]
    bad = room_file(school.plugins, [*good, good[0], ["S009", "外校考点", "B203", "普通考场", 0, None, None]],
                    tmp_path / "考场.xlsx")
    refused = staff_and_rooms.import_rooms(school, bad, PLAN, actor="教务处王老师")
    assert (refused.rows, refused.stored) == (4, None)
    assert issues(refused.report) == [(6, "考场名称", "room-duplicate"), (7, "考位数", "room-number-invalid")]
    assert [r.name for r in staff_and_rooms.list_rooms(school, PLAN)] == [ROOM]  # B201, B202 not stored either

    stored = staff_and_rooms.import_rooms(school, room_file(school.plugins, good, tmp_path / "考场-改.xlsx"), PLAN,
                                          actor="教务处王老师")
    assert stored.stored == StoreCounts(2, 0, 0) and stored.report.issues == ()
    rooms = {r.name: r for r in staff_and_rooms.list_rooms(school, PLAN)}
    assert sorted(rooms) == ["B201", "B202", ROOM]
    assert (rooms["B201"].seats, rooms["B201"].layout, rooms["B201"].room_type, rooms["B202"].layout) == (
        40, SeatLayout(5, 8), "机房", None)
    history = import_history.import_history(school, kind=import_history.ROOMS)
    assert [(r.file_name, r.stored, r.added, r.errors) for r in history] == [("考场-改.xlsx", True, 2, 0),
                                                                             ("考场.xlsx", False, 0, 2)]


def test_a_seated_room_stays_and_an_empty_one_goes_with_its_client_check(school: Workspace) -> None:
    with pytest.raises(RequestError, match="已排考（48 个考位有考生、4 名监考），不能删除"):
        staff_and_rooms.remove_room(school, PLAN, SITE, ROOM, actor="教务处王老师", reason="停电")
    staff_and_rooms.add_room(school, PLAN, SITE, "A101", "20")
    staff_and_rooms.record_exam_client(school, PLAN, room_name="A101", actor="教务处王老师")
    with pytest.raises(RequestError, match="删除原因"):
        staff_and_rooms.remove_room(school, PLAN, SITE, "A101", actor="教务处王老师", reason="")
    with pytest.raises(RequestError, match="没有考场“A999”"):
        staff_and_rooms.remove_room(school, PLAN, SITE, "A999", actor="教务处王老师", reason="录错")
    removed = staff_and_rooms.remove_room(school, PLAN, SITE, "A101", actor="教务处王老师", reason="录错")
    assert (removed.name, removed.seats) == ("A101", 20)
    assert [r.name for r in staff_and_rooms.list_rooms(school, PLAN)] == [ROOM]
    assert (PLAN, SITE, "A101") not in staff_and_rooms.client_checks(school, PLAN)
    entry = audit.audit_log(school, limit=1)[0]
    assert (entry.action, entry.target, entry.detail) == ("rooms.remove", f"{PLAN} {SITE} A101", "录错")


def test_a_proctor_file_with_an_error_stores_nobody_and_masks_the_phone(school: Workspace, tmp_path: Path) -> None:
    before = staff_and_rooms.list_proctors(school)
    rows = [["T5", "老师五", "1380000005", None, "太原", "监考", None],
            ["T6", "老师六", "13800000006", None, "太原", "主考", None],
            ["T1", "老师甲", "13811112222", SCHOOL_NAME, "太原", "监考", None]]
    refused = staff_and_rooms.import_proctors(school, proctor_file(school.plugins, rows, tmp_path / "监考.xlsx"))
    assert refused.stored is None
    assert issues(refused.report) == [(4, "手机号码", "proctor-phone-invalid"), (5, "监考类型", "proctor-role-unknown")]
    assert "1380000005" not in repr(refused.report) and "********05" in refused.report.errors[0].message
    assert staff_and_rooms.list_proctors(school) == before

    rows[0][2], rows[1][5] = "13800000005", "巡考"
    stored = staff_and_rooms.import_proctors(school, proctor_file(school.plugins, rows, tmp_path / "监考-改.xlsx"))
    assert stored.stored == StoreCounts(2, 1, 0)  # T5, T6 new; T1's phone changed
    people = {p.teacher_number: p for p in staff_and_rooms.list_proctors(school)}
    assert sorted(people) == sorted([p[0] for p in PROCTORS] + ["T5", "T6"])
    # 所属院校 empty or naming the workspace's school: the proctor is the school's own
    assert {p.school_code for p in people.values()} == {SCHOOL}
    assert (people["T1"].phone, people["T6"].role) == ("13811112222", ProctorRole.INSPECTOR)
    assert people["T9"].unavailable_sessions == frozenset({"T1", "P1"})


def test_an_assigned_proctor_stays_and_an_unassigned_one_goes(school: Workspace) -> None:
    with pytest.raises(RequestError, match="老师甲（T1）已安排监考：P1 P1、P1 T1，不能删除"):
        staff_and_rooms.remove_proctor(school, "T1", actor="教务处王老师", reason="调走")
    with pytest.raises(RequestError, match="没有教师编号为“T0”的监考人员"):
        staff_and_rooms.remove_proctor(school, "T0", actor="教务处王老师", reason="调走")
    removed = staff_and_rooms.remove_proctor(school, " T9 ", actor="教务处王老师", reason="调走")
    assert (removed.teacher_number, removed.name) == ("T9", "老师丁")
    assert "T9" not in {p.teacher_number for p in staff_and_rooms.list_proctors(school)}
    entry = audit.audit_log(school, limit=1)[0]
    assert (entry.action, entry.target, entry.detail) == ("proctors.remove", "老师丁（T9）", "调走")


def test_the_exam_client_is_recorded_per_room_and_only_for_rooms_the_plan_has(school: Workspace) -> None:
    staff_and_rooms.add_room(school, PLAN, SITE, "A101", "20")
    day = dt.date(2026, 6, 1)
    (first,) = staff_and_rooms.record_exam_client(school, PLAN, room_name=ROOM, installed=True, tested=False,
                                                  actor="信息中心李老师", note="网络未通", on=day)
    assert (first.key, first.installed, first.tested, first.ready, first.checked_on, first.checked_by,
            first.note) == ((PLAN, SITE, ROOM), True, False, False, day, "信息中心李老师", "网络未通")
    assert staff_and_rooms.client_checks(school, PLAN) == {first.key: first}
    every = staff_and_rooms.record_exam_client(school, PLAN, site_code=SITE, tested=True, actor="信息中心李老师")
    assert sorted(c.room_name for c in every) == ["A101", ROOM] and all(c.ready for c in every)
    assert {key: check.ready for key, check in staff_and_rooms.client_checks(school).items()} == {
        (PLAN, SITE, "A101"): True, (PLAN, SITE, ROOM): True}
    not_installed = staff_and_rooms.record_exam_client(school, PLAN, room_name="A101", installed=False)
    assert not not_installed[0].tested  # nothing is tested that is not installed
    for where, said in (({"room_name": "A999"}, "没有考场“A999”"), ({"site_code": "S009"}, "没有站点“S009”")):
        with pytest.raises(RequestError, match=said):
            staff_and_rooms.record_exam_client(school, PLAN, **where)
    with pytest.raises(PlanNotFoundError):
        staff_and_rooms.record_exam_client(school, "P9")
    assert len(staff_and_rooms.client_checks(school)) == 2


# --- step 9: scheduling and the changes after it ---------------------------------------------------------------


def test_the_stored_schedule_seats_everyone_once_per_session_and_a_rerun_needs_redo(school: Workspace,
                                                                                    everyone: list[Candidate],
                                                                                    tmp_path: Path) -> None:
    stored = seats(school)
    registered = {c.id_number for c in everyone[:REGISTERED]}
    assert {number for number, _ in stored} == registered
    assert sorted(session for _, session in stored) == ["P1"] * REGISTERED + ["T1"] * REGISTERED
    for session in ("T1", "P1"):
        taken = [seat for (_, s), (_, seat, _) in stored.items() if s == session]
        assert len(set(taken)) == REGISTERED and set(taken) <= set(range(1, 31))
    tickets = {number: ticket for (number, _), (_, _, ticket) in stored.items()}
    assert len(set(tickets.values())) == REGISTERED  # one ticket per candidate, the same in both sessions
    assert all(stored[(n, "P1")][2] == stored[(n, "T1")][2] for n in registered)

    with pytest.raises(AlreadyScheduledError, match="已排考（48 个考位）"):
        scheduling.schedule_in_workspace(school, PLAN, seed=1)
    with pytest.raises(PlanNotFoundError, match="没有考试计划“P9”"):
        scheduling.schedule_in_workspace(school, "P9")
    out = tmp_path / "排考汇总.xlsx"
    again = scheduling.schedule_in_workspace(school, PLAN, seed=1, redo=True, report_path=out)
    assert (again.outcome.stored, again.seed, again.report_file, again.report.has_errors) == (True, 1, out, False)
    assert seats(school) == stored  # the same seed, the same plan
    assert [(s.session_code, s.occupied, s.free, s.proctors) for s in again.summaries] == [
        ("P1", REGISTERED, 6, ("T1", "T3")), ("T1", REGISTERED, 6, ("T1", "T2"))]
    assert again.names["X1"] == "巡考甲"
    assert load_workbook(out).sheetnames == ["排考汇总", "巡考安排"]


def test_a_late_registrant_is_seated_in_free_seats_and_nobody_else_moves(school: Workspace,
                                                                         everyone: list[Candidate],
                                                                         tmp_path: Path) -> None:
    late = everyone[REGISTERED]
    before = seats(school)
    refused = scheduling.seat_late_registrant(school, PLAN, late.id_number, actor="教务处王老师", reason="补报")
    assert refused.outcome.record is None and issues(refused.report) == [(None, None, "sched-change-refused")]
    assert mask_id_number(late.id_number) in refused.report.errors[0].message
    assert late.id_number not in refused.report.errors[0].message
    assert seats(school) == before and len(seat_map.change_log(school, PLAN)) == 1

    path = registration_file(school.plugins, [registration_row(late)], tmp_path / "补报.xlsx")
    assert len(registrations.import_registration_file(school, path, plan_code=PLAN).stored) == 1
    seated = scheduling.seat_late_registrant(school, PLAN, late.id_number.lower(), actor="教务处王老师",
                                             reason="补报")
    assert seated.report.issues == () and seated.outcome.record is not None
    record = seated.outcome.record
    assert (record.seq, record.action, record.actor, record.reason) == (2, "add-late", "教务处王老师", "补报")
    assert sorted((m.session_code, m.before_seat, m.after_room) for m in record.moves) == [
        ("P1", None, ROOM), ("T1", None, ROOM)]
    after = seats(school)
    assert {k: v for k, v in after.items() if k in before} == before  # nobody else moved
    new = {k: v for k, v in after.items() if k not in before}
    assert sorted(new) == [(late.id_number, "P1"), (late.id_number, "T1")]
    assert new[(late.id_number, "P1")][2] == new[(late.id_number, "T1")][2] not in {v[2] for v in before.values()}
    assert [s.occupied for s in scheduling.plan_report(school, PLAN).summaries] == [REGISTERED + 1] * 2


def test_move_swap_and_free_change_only_the_named_seats(school: Workspace, everyone: list[Candidate]) -> None:
    first, second, third = (c.id_number for c in everyone[:3])
    before = seats(school)
    with pytest.raises(RequestError, match="该考生有多个场次（P1、T1），请用 --session 指定"):
        scheduling.swap_seats(school, PLAN, first, second, actor="教务处王老师")

    swapped = scheduling.swap_seats(school, PLAN, first, second, session="T1", actor="教务处王老师", reason="视力")
    assert swapped.report.issues == ()
    after = seats(school)
    assert (after[(first, "T1")][1], after[(second, "T1")][1]) == (before[(second, "T1")][1],
                                                                   before[(first, "T1")][1])
    assert after[(first, "T1")][2] == before[(first, "T1")][2]  # the ticket goes with the candidate
    assert {k: v for k, v in after.items() if k[1] == "P1"} == {k: v for k, v in before.items() if k[1] == "P1"}

    occupied = before[(second, "P1")][1]
    refused = scheduling.move_seat(school, PLAN, first, ROOM, occupied, session="P1", actor="教务处王老师")
    assert refused.outcome.record is None and [i.code for i in refused.report] == ["sched-change-refused"]
    assert "已有考生" in refused.report.errors[0].message and seats(school) == after
    free = next(cell.seat for row in seat_map.seat_map(school, PLAN, SITE, ROOM, "P1").rows for cell in row
                if cell is not None and not cell.taken)
    moved = scheduling.move_seat(school, PLAN, first, ROOM, free, session="P1", actor="教务处王老师", reason="靠门")
    assert moved.outcome.record is not None and [(m.before_seat, m.after_seat) for m in moved.outcome.record.moves] \
        == [(before[(first, "P1")][1], free)]
    with pytest.raises(RequestError, match="没有考场“A999”"):
        scheduling.move_seat(school, PLAN, first, "A999", 1, session="P1", actor="教务处王老师")

    freed = scheduling.free_seats(school, PLAN, third, actor="教务处王老师", reason="缺考")
    assert sorted(m.session_code for m in freed.outcome.record.moves) == ["P1", "T1"]  # type: ignore[union-attr]
    assert not any(number == third for number, _ in seats(school))
    still = {r.registration.id_number: r.registration.status for r in registrations.list_registrations(school)}
    assert still[third] is RegistrationStatus.ACTIVE  # 取消考位 frees the seats, the registration stays
    log = seat_map.change_log(school, PLAN)
    assert [(c.seq, c.action, c.reason) for c in log] == [(4, "withdraw", "缺考"), (3, "move", "靠门"),
                                                          (2, "swap", "视力"), (1, "schedule", "seed=1")]


def test_the_seat_map_shows_who_sits_where_masked(school: Workspace, everyone: list[Candidate]) -> None:
    stored = seats(school)
    room = seat_map.seat_map(school, PLAN, SITE, ROOM, "T1")
    assert (room.plan_code, room.session_code, room.site_code, room.room_name, room.seats, room.taken) == (
        PLAN, "T1", SITE, ROOM, 30, REGISTERED)
    assert (len(room.rows), {len(row) for row in room.rows}) == (5, {6})  # the room's 5 rows of 6
    cells = [cell for row in room.rows for cell in row if cell is not None]
    assert [cell.seat for cell in cells] == list(range(1, 31))
    names = {c.id_number: c.name for c in everyone}
    expected = {seat: (names[number], mask_id_number(number), ticket)
                for (number, session), (_, seat, ticket) in stored.items() if session == "T1"}
    assert {cell.seat: (cell.name, cell.masked_id, cell.ticket_number) for cell in cells if cell.taken} == expected
    assert not any(c.id_number in repr(room) for c in everyone)
    some = next(iter(expected.values()))
    ticket_holder = seat_map.id_by_ticket(school, PLAN, some[2])
    assert mask_id_number(ticket_holder) == some[1]
    for args, said in (((PLAN, SITE, ROOM, "Z9"), "没有场次“Z9”"), ((PLAN, SITE, "A999", "T1"), "没有考场“A999”")):
        with pytest.raises(RequestError, match=said):
            seat_map.seat_map(school, *args)
    with pytest.raises(RequestError, match="没有准考证号“000”"):
        seat_map.id_by_ticket(school, PLAN, "000")


def test_the_plan_report_counts_the_stored_plan(school: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "排考汇总.xlsx"
    report = scheduling.plan_report(school, PLAN, out=out)
    assert (report.plan.code, len(report.seats), len(report.staff)) == (PLAN, 2 * REGISTERED, 6)
    assert [(s.session_code, s.room_name, s.seats, s.occupied, s.free) for s in report.summaries] == [
        ("P1", ROOM, 30, REGISTERED, 6), ("T1", ROOM, 30, REGISTERED, 6)]
    assert {s.first_ticket for s in report.summaries} == {min(a.ticket_number for a in report.seats)}
    inspectors = [a for a in report.staff if a.role is ProctorRole.INSPECTOR]
    assert [(a.session_code, a.teacher_number, a.room_name) for a in sorted(inspectors, key=lambda a: a.session_code)
            ] == [("P1", "X1", None), ("T1", "X1", None)]
    written = [row for row in load_workbook(out)["排考汇总"].iter_rows(values_only=True) if ROOM in row]
    assert len(written) == 2  # a line per session of the room
    assert [plan.code for plan, shown in scheduling.plan_overview(school) if shown is not None] == [PLAN]
    with pytest.raises(PlanNotFoundError):
        scheduling.plan_report(school, "P9")


def test_closing_a_room_reseats_only_its_candidates_or_changes_nothing(school: Workspace) -> None:
    before = seats(school)
    refused = scheduling.close_room(school, PLAN, SITE, ROOM, actor="教务处王老师", reason="停电")
    assert refused.outcome.record is None  # nowhere to go: nobody is left without a seat
    assert [i.code for i in refused.report] == ["sched-seat-shortfall", "sched-seat-shortfall"]
    assert seats(school) == before
    with pytest.raises(RequestError, match="没有考场“A999”"):
        scheduling.close_room(school, PLAN, SITE, "A999", actor="教务处王老师")

    staff_and_rooms.add_room(school, PLAN, SITE, "A101", "30")
    closed = scheduling.close_room(school, PLAN, SITE, ROOM, actor="教务处王老师", reason="停电")
    assert closed.outcome.record is not None and closed.outcome.record.action == "close-room"
    after = seats(school)
    assert after.keys() == before.keys() and {room for room, _, _ in after.values()} == {"A101"}
    assert all(after[key][2] == before[key][2] for key in before)  # tickets stay with the candidates
    assert {a.teacher_number for a in scheduling.plan_report(school, PLAN).staff} == {"X1"}  # released with the room
    assert sorted(a.teacher_number for a in closed.outcome.released_proctors) == ["T1", "T1", "T2", "T3"]
