"""Steps 3-5 through the application layer, called directly as an embedding school system calls them: the roster
check and its all-or-nothing import (:mod:`xcert_adapters.app.roster`), the photo zip checked, fixed and imported
(:mod:`xcert_adapters.app.photos`), and batch verification with manual confirmation
(:mod:`xcert_adapters.app.verification`) — the outcomes' issue reports (codes, rows, columns, severities, personal
data masked) and what the workspace holds afterwards."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from openpyxl import Workbook, load_workbook
from PIL import Image

from app_school import SCHOOL, copy_workspace, new_workspace, photo_zip, roster_file, students
from photo_files import BLUE, id_number, photo_bytes, write_zip
from xcert_adapters.app import import_history, payloads, photos, roster, verification
from xcert_adapters.app.errors import RequestError
from xcert_adapters.demo.files import roster_row, write_programs
from xcert_adapters.demo.people import PROGRAMS
from xcert_adapters.demo.portraits import photo_jpeg
from xcert_adapters.workspace import Workspace
from xcert_core.errors import UnreadableFileError
from xcert_core.labels import CandidateType, Severity, VerificationEvent, VerificationState
from xcert_core.model import Candidate
from xcert_core.photos.report import FixAction
from xcert_core.plugins import make_plugin_manager
from xcert_core.privacy import mask_id_number

St = VerificationState
PLUGINS = make_plugin_manager()


@pytest.fixture(scope="module")
def everyone() -> list[Candidate]:
    return students()


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory, everyone: list[Candidate]) -> dict[str, Path]:
    """Closed workspaces to copy: ``rostered`` (the 26 students imported, 无照片) and ``photographed`` (the same
    with their photos, 信息待认证); ``files`` holds the roster they came from."""
    root = tmp_path_factory.mktemp("school")
    files = root / "files"
    files.mkdir()
    with new_workspace(root / "rostered") as ws:
        imported = roster.import_roster(ws, roster_file(ws.plugins, everyone, files / "名单.xlsx"))
        assert imported.summary is not None and len(imported.summary.added) == len(everyone)
    with copy_workspace(root / "rostered", root / "photographed") as ws:
        assert photos.import_zip(ws, photo_zip(everyone, files / "照片.zip")).stored
    return {"rostered": root / "rostered", "photographed": root / "photographed", "files": files}


@pytest.fixture
def rostered(folders: dict[str, Path], tmp_path: Path) -> Iterator[Workspace]:
    with copy_workspace(folders["rostered"], tmp_path / "ws") as ws:
        yield ws


@pytest.fixture
def pending(folders: dict[str, Path], tmp_path: Path) -> Iterator[Workspace]:
    with copy_workspace(folders["photographed"], tmp_path / "ws") as ws:
        yield ws


def with_two_bad_rows(workspace: Workspace, candidates: list[Candidate], path: Path) -> tuple[Path, str, str]:
    """The roster of the first six ``candidates`` (rows 4-9) and two more with a mistake each: row 10's ID number
    has a wrong check digit, row 11's mobile number one digit too few. Returns the file and those two values."""
    wrong_id = roster_row(candidates[6])
    number = str(wrong_id[4])
    wrong_id[4] = number[:-1] + ("1" if number[-1] == "0" else "0")
    short_mobile = roster_row(candidates[7])
    short_mobile[5] = "1391234567"
    return roster_file(workspace.plugins, candidates[:6], path, [wrong_id, short_mobile]), str(wrong_id[4]), \
        "1391234567"


# --- step 3: the roster ---------------------------------------------------------------------------------------


def test_a_roster_check_reports_each_bad_cell_masked_and_writes_nothing(tmp_path: Path,
                                                                         everyone: list[Candidate]) -> None:
    with new_workspace(tmp_path / "ws") as ws:
        path, wrong_id, short_mobile = with_two_bad_rows(ws, everyone, tmp_path / "名单.xlsx")
        seen: list[roster.RuleProgress] = []
        checked = roster.check_roster_file(path, ws.plugins, ws.config.rules, progress=seen.append)
        assert (checked.path, checked.rows, checked.report.exit_code, checked.report.file) == (path, 8, 1,
                                                                                             "名单.xlsx")
        assert [(i.row, i.column, i.code, i.severity, i.value) for i in checked.report.errors] == [
            (10, "证件号码", "id-number-checksum", Severity.ERROR, mask_id_number(wrong_id)),
            (11, "手机号码", "mobile-length", Severity.ERROR, "********67")]
        assert [i.code for i in checked.report.warnings] == ["program-catalogue-not-loaded"]
        shown = repr(checked.report.issues)  # every field of every issue: value, message, suggestion
        assert wrong_id not in shown and short_mobile not in shown
        assert seen[0] == roster.RuleProgress(None, 0, seen[-1].total, 8)
        assert seen[-1].done == seen[-1].total == len(seen) - 1 > 0  # once at the start, once per rule family
        # a check, not an import: the workspace holds no candidate and no import record
        assert roster.list_candidates(ws) == [] and import_history.import_history(ws) == []

        programs = write_programs(PROGRAMS, tmp_path / "专业目录.csv")
        with_catalogue = roster.check_roster_file(path, ws.plugins, ws.config.rules, catalogue=programs)
        assert [i.code for i in with_catalogue.report.warnings] == []  # the programs are checked against it
        assert [i.code for i in with_catalogue.report.errors] == ["id-number-checksum", "mobile-length"]
        # the command line's JSON, built without the payload objects, is the payload's: the API's answer
        for file in (None, "名单.xlsx"):
            as_json = payloads.roster_check_json(with_catalogue, file)
            assert as_json == payloads.plain(payloads.roster_check_payload(with_catalogue, file))
            assert list(as_json) == ["file", "rows", "issues"] and len(as_json["issues"]) == 2


def test_a_roster_with_one_bad_row_stores_nothing_and_the_corrected_one_stores_all(
        tmp_path: Path, everyone: list[Candidate]) -> None:
    with new_workspace(tmp_path / "ws") as ws:
        path, _, _ = with_two_bad_rows(ws, everyone, tmp_path / "名单.xlsx")
        refused = roster.import_roster(ws, path, actor="教务系统", channel="API", name="学生名单.xlsx")
        assert refused.summary is None and refused.exit_code == 1
        assert [i.row for i in refused.checked.report.errors] == [10, 11]
        assert roster.list_candidates(ws) == []  # the six good rows were not stored either
        (record,) = import_history.import_history(ws)
        assert (record.kind, record.file_name, record.actor, record.channel, record.stored, record.added,
                record.errors, record.warnings) == ("学生名单", "学生名单.xlsx", "教务系统", "API", False, 0, 2, 1)

        corrected = roster_file(ws.plugins, everyone[:8], tmp_path / "名单-改.xlsx")
        stored = roster.import_roster(ws, corrected, actor="教务系统")
        assert stored.summary is not None and stored.exit_code == 0
        assert stored.summary.counts() == {"added": 8, "updated": 0, "unchanged": 0, "sent_back": 0,
                                           "not_in_roster": 0}
        listed = roster.list_candidates(ws)
        assert sorted(c.id_number for c in listed) == sorted(c.id_number for c in everyone[:8])
        assert {(c.school_code, c.state, c.candidate_type, c.photo) for c in listed} == {
            (SCHOOL, St.NO_PHOTO, CandidateType.SCHOOL, None)}
        again = roster.import_roster(ws, corrected, actor="教务系统")
        assert again.summary is not None and again.summary.counts()["unchanged"] == 8
        assert [r.stored for r in import_history.import_history(ws)] == [True, True, False]  # newest first


def test_an_empty_roster_sheet_is_an_error_not_an_empty_import(rostered: Workspace, tmp_path: Path) -> None:
    path = roster_file(rostered.plugins, [], tmp_path / "空名单.xlsx")
    before = roster.list_candidates(rostered)
    outcome = roster.import_roster(rostered, path)
    assert outcome.summary is None and outcome.checked.rows == 0
    assert outcome.checked.report.has_errors
    assert roster.list_candidates(rostered) == before


def test_list_candidates_gives_full_numbers_and_the_list_to_pass_round_masks_them(rostered: Workspace,
                                                                                  everyone: list[Candidate],
                                                                                  tmp_path: Path) -> None:
    """The application layer hands the embedding system its own data (full ID numbers, to map back to its
    records); the workbook meant for passing round never holds one."""
    listed = roster.list_candidates(rostered)
    assert {c.id_number for c in listed} == {c.id_number for c in everyone}
    assert roster.list_candidates(rostered, St.NO_PHOTO) == listed
    assert roster.list_candidates(rostered, St.VERIFIED) == []
    assert roster.list_candidates(rostered, kind=CandidateType.PUBLIC) == []
    assert len(roster.list_candidates(rostered, kind=CandidateType.SCHOOL)) == len(everyone)

    out = tmp_path / "无照片.xlsx"
    roster.write_candidate_list(rostered, listed[:3], out, title="无照片的学生")
    sheet = load_workbook(out)["无照片的学生"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == list(roster.LIST_HEADER)
    assert [(r[0], r[1], r[2], r[6], r[7]) for r in rows[1:]] == [
        (n, c.name, mask_id_number(c.id_number), "无照片", "无") for n, c in enumerate(listed[:3], start=1)]
    text = json.dumps(rows, ensure_ascii=False, default=str)
    assert not any(c.id_number in text or c.mobile in text for c in everyone)


def test_a_new_name_sends_a_verified_student_back_to_pending(pending: Workspace, everyone: list[Candidate],
                                                             tmp_path: Path) -> None:
    verification.verify_candidates(pending, "fake")
    renamed = roster.list_candidates(pending, St.VERIFIED)[0]
    rows = [roster_row(c) for c in everyone]
    at = next(n for n, c in enumerate(everyone) if c.id_number == renamed.id_number)
    rows[at][0], rows[at][1] = "张三丰", "Zhang Sanfeng"
    path = roster_file(pending.plugins, [], tmp_path / "名单-改名.xlsx", rows)
    outcome = roster.import_roster(pending, path)
    assert outcome.summary is not None, outcome.checked.report.errors
    assert (outcome.summary.updated, outcome.summary.sent_back) == ((renamed.id_number,), (renamed.id_number,))
    assert len(outcome.summary.unchanged) == len(everyone) - 1
    now = {c.id_number: c for c in roster.list_candidates(pending)}[renamed.id_number]
    assert (now.name, now.name_pinyin, now.state) == ("张三丰", "Zhang Sanfeng", St.PENDING)


def test_a_roster_without_its_header_is_unreadable(rostered: Workspace, tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["姓名", "身份证"])
    book.active.append(["张三丰", "140105200403150017"])
    path = tmp_path / "随便.xlsx"
    book.save(path)
    before = roster.list_candidates(rostered)
    with pytest.raises(UnreadableFileError):
        roster.import_roster(rostered, path)
    assert roster.list_candidates(rostered) == before


# --- step 4: photos -------------------------------------------------------------------------------------------


def mixed_zip(everyone: list[Candidate], path: Path) -> Path:
    """Photos for the first six of the first seven students: four good, a blue background (cannot be fixed),
    a PNG twice the size (can be); a text file; a photo of someone not in the roster."""
    entries = [(f"{c.id_number}.jpg", photo_jpeg(n)) for n, c in enumerate(everyone[:4])]
    entries += [(f"{everyone[4].id_number}.jpg", photo_bytes(background=BLUE)),
                (f"{everyone[5].id_number}.png", photo_bytes(size=(590, 826), fmt="PNG")),
                ("说明.txt", "照片说明".encode()), (f"{id_number(7)}.jpg", photo_jpeg(9))]
    return write_zip(path, entries)


EXPECTED = ["photo-background", "photo-pixel-size", "photo-zip-not-photo", "photo-no-candidate",
            "photo-candidate-missing"]


def test_a_zip_is_checked_against_the_roster_with_every_number_masked(tmp_path: Path,
                                                                      everyone: list[Candidate]) -> None:
    seven = roster_file(PLUGINS, everyone[:7], tmp_path / "名单.xlsx")
    report = photos.check_zip(PLUGINS, mixed_zip(everyone, tmp_path / "照片.zip"), roster=seven)
    assert (Path(report.file).name, report.photos, report.exit_code) == ("照片.zip", 7, 1)
    assert [f.code for f in report.findings] == EXPECTED
    found = {f.code: f for f in report.findings}
    assert (found["photo-background"].id_number, found["photo-background"].fixable) == (
        mask_id_number(everyone[4].id_number), False)
    assert found["photo-pixel-size"].fixable and found["photo-zip-not-photo"].entry == "说明.txt"
    assert found["photo-candidate-missing"].id_number == mask_id_number(everyone[6].id_number)
    shown = json.dumps(report.to_json(), ensure_ascii=False)
    assert not any(c.id_number in shown for c in everyone[:7]) and id_number(7) not in shown
    without_roster = photos.check_zip(PLUGINS, tmp_path / "照片.zip")
    assert "photo-candidate-missing" not in {f.code for f in without_roster.findings}


def test_a_zip_with_errors_stores_no_photo_unless_partial(rostered: Workspace, everyone: list[Candidate],
                                                          tmp_path: Path) -> None:
    path = mixed_zip(everyone, tmp_path / "照片.zip")
    refused = photos.import_zip(rostered, path, actor="教务系统", channel="API")
    assert not refused.stored and refused.attached == ()
    assert [f.code for f in refused.report.findings][:4] == EXPECTED[:4]
    assert verification.state_counts(rostered) == {St.NO_PHOTO: len(everyone)}
    assert not any(rostered.photos_dir.iterdir())  # no file left behind either

    partial = photos.import_zip(rostered, path, partial=True)
    assert partial.stored and partial.partial
    assert sorted(partial.attached) == sorted(c.id_number for c in everyone[:4])  # only the good ones
    assert verification.state_counts(rostered) == {St.PENDING: 4, St.NO_PHOTO: len(everyone) - 4}
    assert sorted(p.name for p in rostered.photos_dir.iterdir()) == sorted(f"{c.id_number}.jpg"
                                                                           for c in everyone[:4])
    stored = {c.id_number: c for c in roster.list_candidates(rostered, St.PENDING)}
    for candidate in everyone[:4]:
        found = photos.candidate_photo(rostered, candidate.id_number)
        assert found is not None and found[1] == "image/jpeg"
        assert photos.stored_photo(rostered, stored[candidate.id_number]) == found[0]
    assert photos.candidate_photo(rostered, everyone[4].id_number) is None  # the blue one stayed out
    kept = import_history.import_history(rostered, kind=import_history.PHOTOS)
    errors = len(EXPECTED) - 1 + len(everyone) - 6  # every student without a photo in the zip is one
    assert [(r.stored, r.added, r.errors) for r in kept] == [(True, 4, errors), (False, 0, errors)]


def test_fix_zip_writes_what_the_platform_accepts_and_leaves_out_what_it_must_not_repair(
        tmp_path: Path, everyone: list[Candidate]) -> None:
    plugins = PLUGINS
    seven = roster_file(plugins, everyone[:7], tmp_path / "名单.xlsx")
    source = mixed_zip(everyone, tmp_path / "照片.zip")
    out = tmp_path / "照片-修复.zip"
    fixed = photos.fix_zip(plugins, source, out, roster=seven)
    actions = {f.entry: f.action for f in fixed.files}
    assert [actions[f"{c.id_number}.jpg"] for c in everyone[:4]] == [FixAction.KEPT] * 4
    assert actions[f"{everyone[4].id_number}.jpg"] is FixAction.LEFT_OUT  # a blue background is not repainted
    assert actions[f"{everyone[5].id_number}.png"] is FixAction.FIXED
    assert (actions["说明.txt"], actions[f"{id_number(7)}.jpg"]) == (FixAction.DROPPED, FixAction.LEFT_OUT)
    assert fixed.written == 5 and fixed.exit_code == 1
    assert [f.code for f in fixed.remaining] == ["photo-background", "photo-no-candidate", "photo-candidate-missing"]
    with zipfile.ZipFile(out) as archive:
        names = sorted(archive.namelist())
        images = [Image.open(io.BytesIO(archive.read(name))) for name in names]
    assert names == sorted(f"{c.id_number}.jpg" for c in everyone[:6] if c is not everyone[4])
    assert {(image.format, image.size, image.mode) for image in images} == {("JPEG", (295, 413), "RGB")}
    assert photos.check_zip(plugins, out).findings == ()  # the output passes the check it came from

    refusals = ((tmp_path / "照片.txt", "应以 .zip 结尾"), (out, "已存在"), (source, "不能与输入的压缩包相同"))
    for target, said in refusals:
        with pytest.raises(RequestError, match=said):
            photos.fix_zip(plugins, source, target)
    again = photos.fix_zip(plugins, source, out, force=True)
    assert again.written == 6  # without a roster, nobody is unknown: the photo of number 7 is kept too
    assert source.is_file()


# --- step 5: verification -------------------------------------------------------------------------------------


def test_the_simulated_verifier_decides_and_a_person_confirms_the_rest(pending: Workspace,
                                                                       everyone: list[Candidate]) -> None:
    assert verification.state_counts(pending) == {St.PENDING: len(everyone)}
    progress: list[tuple[int, int]] = []
    outcome = verification.verify_candidates(pending, "fake", progress=lambda done, total: progress.append(
        (done, total)))
    assert (outcome.verifier, outcome.precheck, outcome.done, outcome.passed) == ("fake", False, False, False)
    assert outcome.results == {St.VERIFIED: 24, St.NEEDS_REVIEW: 2} == outcome.states
    assert progress[-1] == (len(everyone), len(everyone))
    review = sorted(o.key[1] for o in outcome.batch.outcomes if o.after is St.NEEDS_REVIEW)
    assert all(o.reasons and "模拟" in o.reasons[0] for o in outcome.batch.outcomes if o.after is St.NEEDS_REVIEW)
    assert verification.state_counts(pending) == outcome.states

    names = {c.id_number: c.name for c in everyone}
    already = next(o.key[1] for o in outcome.batch.outcomes if o.after is St.VERIFIED)
    given = [mask_id_number(review[0]), f"{names[review[1]]}:{review[1][-4:]}", "无此人", already]
    with pytest.raises(RequestError, match="--reason"):
        verification.confirm_candidates(pending, given, operator="教务处王老师", reason=" ")
    with pytest.raises(RequestError, match="--operator"):
        verification.confirm_candidates(pending, given, operator="", reason="已核对身份证原件")
    assert verification.state_counts(pending)[St.NEEDS_REVIEW] == 2  # refused: nothing changed

    confirmed = verification.confirm_candidates(pending, given, operator="教务处王老师", reason="已核对身份证原件")
    assert (confirmed.event, confirmed.not_found, confirmed.ambiguous, confirmed.done) == (
        VerificationEvent.CONFIRMED, ("无此人",), (), False)
    changes = {o.key[1]: (o.before, o.after, o.error) for o in confirmed.batch.outcomes}
    assert changes[review[0]] == changes[review[1]] == (St.NEEDS_REVIEW, St.VERIFIED, "")
    before, after, error = changes[already]  # a verified student is reported, not changed
    assert (before, after) == (St.VERIFIED, St.VERIFIED) and mask_id_number(already) in error
    assert already not in error
    assert verification.state_counts(pending) == {St.VERIFIED: len(everyone)}
    assert verification.verify_candidates(pending, "fake").batch.outcomes == ()  # nobody left to verify


def test_a_rejected_candidate_goes_back_to_pending_and_a_name_naming_several_is_ambiguous(
        pending: Workspace) -> None:
    outcome = verification.verify_candidates(pending, "fake")
    (first, _) = sorted(o.key[1] for o in outcome.batch.outcomes if o.after is St.NEEDS_REVIEW)
    rejected = verification.confirm_candidates(pending, [first], operator="教务处王老师", reason="照片不是本人",
                                               reject=True)
    assert rejected.event is VerificationEvent.REJECTED and rejected.done
    assert {c.id_number for c in roster.list_candidates(pending, St.PENDING)} == {first}
    # 张三 twice: a name alone names both; the name with the last four characters names one
    doubles = [c for c in roster.list_candidates(pending) if c.id_number != first][:2]
    named = [attrs.evolve(c, name="张三") for c in doubles]
    assert len(verification.candidates_named(named, "张三")) == 2
    assert verification.candidates_named(named, f"张三：{doubles[1].id_number[-4:]}") == [named[1]]
    assert verification.candidates_named(named, doubles[0].id_number.lower()) == [named[0]]


@pytest.mark.parametrize(("verifier", "said"), [("nope", "没有名为“nope”的认证方式"),
                                                ("platform-results", "需要用 --results")])
def test_an_unknown_or_incomplete_verifier_is_refused(pending: Workspace, verifier: str, said: str) -> None:
    with pytest.raises(RequestError, match=said):
        verification.verify_candidates(pending, verifier)
    assert verification.state_counts(pending) == {St.PENDING: 26}


def test_a_real_workspace_refuses_the_simulation_and_takes_the_platforms_states(
        tmp_path: Path, everyone: list[Candidate], folders: dict[str, Path]) -> None:
    with new_workspace(tmp_path / "ws", practice=False) as ws:
        assert roster.import_roster(ws, folders["files"] / "名单.xlsx").summary is not None
        assert photos.import_zip(ws, folders["files"] / "照片.zip").stored
        with pytest.raises(RequestError, match="只能用于练习工作区"):
            verification.verify_candidates(ws, "fake")
        precheck = verification.verify_candidates(ws, "precheck")
        assert (precheck.precheck, precheck.passed, precheck.done) == (True, True, False)
        assert verification.state_counts(ws) == {St.PENDING: len(everyone)}  # a pre-check never says 信息准确

        # the platform compared them: all accurate but one, which needs a person
        export = tmp_path / "平台导出.xlsx"
        book = Workbook()
        book.active.append(["序号", "学生姓名", "证件号码", "所属院校", "状态"])
        for n, c in enumerate(everyone, start=1):
            book.active.append([n, c.name, c.id_number, "示范职业技术学院", "需人工确认" if n == 1 else "信息准确"])
        book.save(export)
        with pytest.raises(RequestError, match="只用于 --verifier platform-results"):
            verification.verify_candidates(ws, "precheck", results=export)
        compared = verification.verify_candidates(ws, "platform-results", results=export)
        assert compared.results == {St.VERIFIED: len(everyone) - 1, St.NEEDS_REVIEW: 1}
        assert [c.id_number for c in roster.list_candidates(ws, St.NEEDS_REVIEW)] == [everyone[0].id_number]
