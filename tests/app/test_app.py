"""The application layer (issue 15): use cases called directly, as an embedding school system calls them, and the
one scheduling pipeline — the stateless form is the stored one on an in-memory workspace."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cli_run import xcert as run
from test_schedule_cli import NAME, PROCTOR_HEADER, ident, registrations, rooms, write_xlsx
from test_schedule_documents import plan_file
from xcert_adapters.app import setup, staff_and_rooms
from xcert_adapters.app.errors import RequestError
from xcert_adapters.app.registrations import list_registrations
from xcert_adapters.app.scheduling import schedule_in_workspace
from xcert_adapters.app.scheduling_files import schedule_files
from xcert_adapters.workspace import Workspace, WorkspaceConfig, create_workspace
from xcert_core.hookspecs import hookimpl
from xcert_core.labels import CertificateLevel, ReviewStatus, SiteStatus
from xcert_core.model import Certificate, ExamPlan, Registration
from xcert_core.plugins import DISABLE_ENV, make_plugin_manager
from xcert_core.registration.review import QuotaBelowUsedError, ReviewAction
from xcert_core.scheduling.plan_file import PlanLockedError

CERTIFICATE = "1550001066020254"


def proctors_with_a_misspelt_session(path: Path) -> Path:
    rows = [(f"T{i:02d}", f"老师{i}", f"1381234{i:04d}", "本校", "太原", "监考", "AM2" if i == 0 else None)
            for i in range(4)]
    rows.append(("X00", "巡考0", "13912340000", "本校", "太原", "巡考", None))
    return write_xlsx(path, "监考人员导入模板", PROCTOR_HEADER, rows)


def test_stateless_and_stored_scheduling_agree(tmp_path: Path) -> None:
    """The same registrations, rooms, proctors (one with a misspelt 不可监考场次) and plan through both forms:
    the same issues, and the same seats with the same fields."""
    files = (registrations(tmp_path / "报考.xlsx", 20), rooms(tmp_path / "考场.xlsx", 12, 12),
             proctors_with_a_misspelt_session(tmp_path / "监考.xlsx"), plan_file(tmp_path / "计划.toml"))
    plugins = make_plugin_manager()
    stateless = schedule_files(plugins, files[0], files[1], seed=7, proctors_path=files[2], plan_path=files[3],
                               year=2026)
    assert "sched-unavailable-session-unknown" in {i.code for i in stateless.report}  # the stateless form warns too

    ws = create_workspace(tmp_path / "ws", WorkspaceConfig(school_code="本校", school_name="本校", year=2026))
    with ws:
        plan = next(iter(stateless.outcomes)).plan
        storage = ws.storage
        with storage.transaction() as tx:
            tx.put(plan)
            for outcome in stateless.outcomes:
                for room in outcome.rooms:
                    tx.put(room)
        for n in range(1, 21):  # as the registration file says (test_schedule_cli.registrations)
            storage.put(Registration(plan.code, ident(n), "本校", CERTIFICATE, "18", class_label=f"{n % 2 + 1}班"))
        staff_and_rooms.import_proctors(ws, files[2])
        stored = schedule_in_workspace(ws, plan.code, seed=7, per_room=2, inspectors=1)

    def issues(report: object) -> list[tuple[str, str]]:
        return sorted((i.code, i.message) for i in report)  # type: ignore[attr-defined]

    assert issues(stored.report) == issues(stateless.report)
    fields = ("id_number", "ticket_number", "session_code", "site_code", "room_name", "seat", "plan_code")

    def seats(assignments: object) -> list[tuple[object, ...]]:
        return sorted(tuple(getattr(a, f) for f in fields) for a in assignments)  # type: ignore[attr-defined]

    assert seats(stored.outcome.seat_assignments) == seats(stateless.seats) and len(stateless.seats) == 20
    def staff(assignments: object) -> list[tuple[str, ...]]:
        fields = ("session_code", "site_code", "room_name", "role", "teacher_number")
        return sorted(tuple(str(getattr(a, f)) for f in fields) for a in assignments)  # type: ignore[attr-defined]

    assert staff(stored.outcome.proctors.assignments) == staff(stateless.staff) and len(stateless.staff) == 5


def test_the_cli_json_of_both_forms_has_the_same_assignment_fields(tmp_path: Path) -> None:
    files = (registrations(tmp_path / "报考.xlsx", 4), rooms(tmp_path / "考场.xlsx", 12))
    result = run("schedule", "--registrations", str(files[0]), "--rooms", str(files[1]), "--seed", "1", "--json")
    stateless_fields = set(json.loads(result.stdout)["assignments"][0])
    assert stateless_fields == {"row", "id_number", "ticket_no", "session", "site", "room", "seat"}


# --- setup: the rules that moved out of the command line --------------------------------------------------------


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    ws = create_workspace(tmp_path / "ws", WorkspaceConfig(school_code="4133010001", school_name="示范", year=2026))
    yield ws
    ws.close()


def test_quota_never_below_what_is_used(workspace: Workspace) -> None:
    certificate = setup.list_certificates(workspace)[0].code
    application = setup.set_quota(workspace, certificate, 5)
    assert (application.approved_quota, application.used_quota, application.status) == (5, 0, ReviewStatus.APPROVED)
    stored = workspace.storage.get(type(application), application.key)
    workspace.storage.adjust_quota(stored.key, 3)
    with pytest.raises(QuotaBelowUsedError, match="少于已使用指标数 3"):
        setup.set_quota(workspace, certificate, 2)
    assert setup.set_quota(workspace, certificate, 3).used_quota == 3  # used is kept, never typed
    with pytest.raises(RequestError, match="不在工作区的证书目录中"):
        setup.set_quota(workspace, "0000", 5)


def test_quota_used_before_xcert_is_stated_once_and_counted_on(workspace: Workspace, tmp_path: Path) -> None:
    """--used-before: 已使用指标数 = the registrations xcert holds against this application (its year and batch)
    + what the school used on the platform before; later changes keep it; restated, it replaces the old figure."""
    setup.import_plans(workspace, plan_file(tmp_path / "计划.toml"))  # plan P1, year 2026
    application = setup.set_quota(workspace, CERTIFICATE, 50)
    for number in ("140105200403150017", "140105200507200023"):
        workspace.storage.put(Registration("P1", number, "4133010001", CERTIFICATE, "18", quota_batch="1"))
    workspace.storage.put(Registration("P1", "110101200001011234", "4133010001", CERTIFICATE, "18",
                                       quota_batch="2"))  # another batch's: not this application's
    workspace.storage.adjust_quota(application.key, 2)
    assert setup.set_quota(workspace, CERTIFICATE, 50, used_elsewhere=10).used_quota == 12
    assert setup.set_quota(workspace, CERTIFICATE, 60).used_quota == 12  # kept when not restated
    assert setup.set_quota(workspace, CERTIFICATE, 60, used_elsewhere=0).used_quota == 2
    with pytest.raises(QuotaBelowUsedError, match="少于已使用指标数 32"):
        setup.set_quota(workspace, CERTIFICATE, 31, used_elsewhere=30)
    other_year = setup.set_quota(workspace, CERTIFICATE, 40, year=2025, used_elsewhere=5)
    assert (other_year.year, other_year.used_quota) == (2025, 5)  # 2026's registrations are not 2025's
    shown = run("--workspace", str(workspace.root), "quota", "set", CERTIFICATE, "--approved", "60",
                "--used-before", "7", "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["application"]["used"] == 9


def test_site_review_and_enable_through_the_application_layer(workspace: Workspace) -> None:
    certificate = setup.list_certificates(workspace)[0].code
    site = setup.add_site(workspace, "S1", "信息楼考点", [certificate])
    assert site.review_status is ReviewStatus.DRAFT
    reviewed = setup.review_exam_site(workspace, "S1", ReviewAction.SUBMIT)
    assert (reviewed.before.review_status, reviewed.after.review_status) == (ReviewStatus.DRAFT,
                                                                             ReviewStatus.SUBMITTED)
    assert setup.enable_site(workspace, "S1", enabled=False).site_status is SiteStatus.DISABLED
    with pytest.raises(RequestError, match="没有考核站点 S9"):
        setup.review_exam_site(workspace, "S9", ReviewAction.SUBMIT)


def test_a_plan_with_registrations_keeps_what_they_rest_on(workspace: Workspace, tmp_path: Path) -> None:
    plans = setup.import_plans(workspace, plan_file(tmp_path / "计划.toml"))
    assert [p.code for p in plans] == ["P1"] and setup.list_plans(workspace)[0].registrations == 0
    workspace.storage.put(Registration("P1", "140105200403150017", "4133010001", CERTIFICATE, "18"))
    assert [(s.plan.code, s.registrations) for s in setup.list_plans(workspace)] == [("P1", 1)]
    assert len(list_registrations(workspace, "P1")) == 1
    moved = tmp_path / "改.toml"
    text = plan_file(tmp_path / "x.toml").read_text("utf-8")
    moved.write_text(text.replace("date = 2026-06-13", "date = 2026-06-14"), "utf-8")
    with pytest.raises(PlanLockedError, match="已有 1 条报考"):
        setup.import_plans(workspace, moved)
    assert workspace.storage.get(ExamPlan, ("P1",)).sessions[0].date.day == 13  # nothing changed


def test_a_zip_folder_named_by_an_id_number_is_shown_masked(tmp_path: Path) -> None:
    from photo_files import id_number, photo_bytes, write_zip  # noqa: PLC0415
    from xcert_adapters.app.photos import check_zip  # noqa: PLC0415

    number = id_number(3)
    path = write_zip(tmp_path / "照片.zip", [(f"{number}/{number}.jpg", photo_bytes())])
    report = check_zip(make_plugin_manager(), path)
    shown = json.dumps(report.to_json(), ensure_ascii=False)
    assert number not in shown and "photo-zip-in-folder" in shown


# --- the ticket-scheme and reference-provider hooks are read, not only registered --------------------------------


class _SchoolTickets:
    def ticket_number(self, context: Any) -> str:
        return f"T-{context.site_code}-{context.room_index}-{context.seat:03d}"


class _OneCertificate:
    def certificates(self) -> list[Certificate]:
        return [Certificate(CERTIFICATE, NAME, CertificateLevel.INTERMEDIATE, "示范颁证机构")]

    def programs(self) -> list[Any]:
        return []


class _SchoolPlugin:
    @hookimpl
    def xcert_register_ticket_schemes(self, register: Any) -> None:
        register("school", _SchoolTickets)

    @hookimpl
    def xcert_register_reference_providers(self, register: Any) -> None:
        register("sample", _OneCertificate, replace=True)


def test_a_ticket_scheme_and_a_reference_provider_from_a_plugin_are_used(tmp_path: Path) -> None:
    plugins = make_plugin_manager([_SchoolPlugin()], env={DISABLE_ENV: "*"})
    config = WorkspaceConfig(school_code="本校", school_name="本校", year=2026, ticket_scheme="school")
    with create_workspace(tmp_path / "ws", config, plugins=plugins) as ws:
        catalogue = setup.list_certificates(ws)  # the provider's catalogue, not the guide's six
        assert [(c.code, c.issuing_organization) for c in catalogue] == [(CERTIFICATE, "示范颁证机构")]
        plan = schedule_files(plugins, registrations(tmp_path / "报考.xlsx", 3), rooms(tmp_path / "考场.xlsx", 12),
                              seed=1, plan_path=plan_file(tmp_path / "计划.toml"), year=2026,
                              ticket_scheme="school")
        tickets = {a.ticket_number for a in plan.seats}
        assert len(tickets) == 3 and tickets == {f"T-18-1-{a.seat:03d}" for a in plan.seats}  # the school's scheme
        stored_plan = plan.outcomes[0].plan
        ws.storage.put(stored_plan)
        for room in plan.outcomes[0].rooms:
            ws.storage.put(room)
        for n in range(1, 4):
            ws.storage.put(Registration(stored_plan.code, ident(n), "本校", CERTIFICATE, "18"))
        run = schedule_in_workspace(ws, stored_plan.code, seed=1, per_room=0, inspectors=0)
        assert run.outcome.stored and all(a.ticket_number.startswith("T-18-1-") for a in run.outcome.seat_assignments)


# --- [adapters.<kind>.<name>]: options from xcert.toml reach the plug-in's factory ---------------------------------


def test_adapter_options_from_xcert_toml_reach_the_factory(tmp_path: Path) -> None:
    from xcert_adapters.workspace.config import CONFIG_NAME, parse_config  # noqa: PLC0415
    from xcert_core.errors import UnreadableFileError  # noqa: PLC0415

    config = WorkspaceConfig(school_code="本校", school_name="本校", year=2026,
                             adapters={"renderer": {"pdf": {"tickets_per_page": 2}}})
    assert parse_config(config.to_toml(), CONFIG_NAME) == config  # written and read back
    with create_workspace(tmp_path / "ws", config) as ws:
        assert ws.plugins.renderer().tickets_per_page == 2  # type: ignore[attr-defined]
        assert ws.plugins.renderer(tickets_per_page=1).tickets_per_page == 1  # type: ignore[attr-defined]
    for bad, said in (('[adapters.printer.pdf]\nx = 1', "没有插件类型“printer”"),
                      ('[adapters.renderer.pdf]\nx = [1, 2]', "应为文字、数字或")):
        text = WorkspaceConfig(school_code="本校", school_name="本校", year=2026).to_toml() + "\n" + bad + "\n"
        with pytest.raises(UnreadableFileError, match=said):
            parse_config(text, CONFIG_NAME)
