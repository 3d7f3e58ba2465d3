"""Steps 3-5 inside a workspace, through the real command line: import the roster and the photos (all or
nothing), verify, confirm, and re-import an edited roster that sends a verified candidate back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from openpyxl import load_workbook

from cli_run import xcert
from photo_files import BLUE, photo_bytes, write_zip
from roster_files import GOOD_ROWS, write_roster_xlsx
from xcert_adapters.workspace import CONFIG_NAME, read_config
from xcert_adapters.workspace.rule_settings import RuleConfig
from xcert_core.issues import IssueSettings
from xcert_core.labels import Severity
from xcert_core.model import Candidate
from xcert_core.ports.verification import VerificationOutcome
from xcert_core.privacy import mask_id_number
from xcert_core.testing.storage_contract import sample_candidate
from xcert_core.verification.verifiers import FakeVerifier

SCHOOL = "4133010001"
FIRST, SECOND = (str(row[4]) for row in GOOD_ROWS)
BAD_CHECKSUM = FIRST[:-1] + ("8" if FIRST[-1] != "8" else "9")


def run(workspace: Path, *args: str) -> Any:
    """Run ``xcert --workspace … args --json``; returns (exit code, parsed JSON, stderr)."""
    result = xcert("--workspace", str(workspace), *args, "--json")
    assert "Traceback" not in result.stderr
    payload = json.loads(result.stdout) if result.stdout.strip() else None
    return result.returncode, payload, result.stderr


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "报考2026"
    result = xcert("init", str(folder), "--school-code", SCHOOL, "--school", "示范职业技术学院", "--year", "2026",
                   "--practice")  # the fake verifier's made-up verdicts are allowed in practice workspaces only
    assert result.returncode == 0, result.stderr
    return folder


def test_the_simulated_verifier_is_refused_in_a_real_workspace(tmp_path: Path) -> None:
    """Made-up verdicts must never pass for the platform's: a workspace not made with --practice refuses them
    before anything is written, and says what to use instead; marked practice, the same run goes through."""
    folder = tmp_path / "真实"
    assert xcert("init", str(folder), "--school-code", SCHOOL, "--school", "示范职业技术学院").returncode == 0
    assert "practice" not in (folder / CONFIG_NAME).read_text(encoding="utf-8")
    import_roster_all_or_nothing(folder, tmp_path)
    import_photos_all_or_nothing(folder, tmp_path)
    code, _, stderr = run(folder, "verify", "--verifier", "fake")
    assert code == 2
    assert "练习工作区" in stderr and "platform-results" in stderr
    assert set(states(folder).values()) == {"pending"}
    path = folder / CONFIG_NAME
    path.write_text(attrs.evolve(read_config(path), practice=True).to_toml(), "utf-8")
    assert "practice = true" in path.read_text(encoding="utf-8")
    verify_and_confirm(folder)


def states(workspace: Path) -> dict[str, str]:
    """Masked ID number -> state value, as ``students list --json`` shows them."""
    code, listed, _ = run(workspace, "students", "list")
    assert code == 0
    return {c["id_number"]: c["state"] for c in listed["candidates"]}


def fake_verdicts() -> dict[str, VerificationOutcome]:
    people = [sample_candidate(SCHOOL, number) for number in (FIRST, SECOND)]
    return {r.id_number: r.outcome for r in FakeVerifier().verify(people)}


def with_rules(workspace: Path, rules: RuleConfig) -> None:
    path = workspace / CONFIG_NAME
    path.write_text(attrs.evolve(read_config(path), rules=rules).to_toml(), "utf-8")


def test_the_whole_journey_roster_photos_verify_confirm_and_reimport(workspace: Path, tmp_path: Path) -> None:
    import_roster_all_or_nothing(workspace, tmp_path)
    import_photos_all_or_nothing(workspace, tmp_path)
    verify_and_confirm(workspace)

    # a re-imported roster with one name changed sends that verified candidate back, and only that one
    edited = write_roster_xlsx(tmp_path / "改名后的名单.xlsx", [("张三峰", *GOOD_ROWS[0][1:]), GOOD_ROWS[1]])
    code, reimported, _ = run(workspace, "students", "import", str(edited))
    assert code == 0
    assert reimported["imported"]["sent_back_ids"] == [mask_id_number(FIRST)]
    assert (reimported["imported"]["updated"], reimported["imported"]["unchanged"]) == (1, 1)
    assert states(workspace) == {mask_id_number(FIRST): "pending", mask_id_number(SECOND): "verified"}


def import_roster_all_or_nothing(workspace: Path, tmp_path: Path) -> None:
    bad_rows = [GOOD_ROWS[0], (*GOOD_ROWS[1][:4], BAD_CHECKSUM, *GOOD_ROWS[1][5:])]
    bad = write_roster_xlsx(tmp_path / "有错的名单.xlsx", bad_rows)

    # a roster with an error: the same report as students check, and nothing stored
    code, refused, _ = run(workspace, "students", "import", str(bad))
    checked = xcert("students", "check", str(bad), "--json")
    assert code == 1 == checked.returncode
    assert refused["stored"] is False and refused["imported"] is None
    assert {k: v for k, v in refused.items() if k not in ("stored", "imported")} == json.loads(checked.stdout)
    assert "id-number-checksum" in {i["code"] for i in refused["issues"]}
    assert states(workspace) == {}

    # the corrected roster: stored, and importing it again changes nothing
    roster = write_roster_xlsx(tmp_path / "名单.xlsx", GOOD_ROWS)
    code, imported, _ = run(workspace, "students", "import", str(roster))
    assert code == 0 and imported["stored"] is True
    assert (imported["imported"]["added"], imported["imported"]["updated"]) == (2, 0)
    code, again, _ = run(workspace, "students", "import", str(roster))
    assert code == 0 and (again["imported"]["added"], again["imported"]["unchanged"]) == (0, 2)
    assert states(workspace) == {mask_id_number(FIRST): "no_photo", mask_id_number(SECOND): "no_photo"}


def import_photos_all_or_nothing(workspace: Path, tmp_path: Path) -> None:
    # a photo zip with an error (blue background, one photo missing): refused, nothing written
    blue = write_zip(tmp_path / "蓝底.zip", [(f"{FIRST}.jpg", photo_bytes(background=BLUE))])
    code, refused_photos, _ = run(workspace, "photos", "import", str(blue))
    assert code == 1 and refused_photos["stored"] is False
    assert {"photo-background", "photo-candidate-missing"} <= {i["code"] for i in refused_photos["issues"]}
    assert not any((workspace / "photos").iterdir())
    assert set(states(workspace).values()) == {"no_photo"}

    # good photos: kept byte for byte, candidates become 信息待认证; the same zip again is skipped
    photos = {FIRST: photo_bytes(), SECOND: photo_bytes(quality=80)}
    good = write_zip(tmp_path / "照片.zip", [(f"{n}.jpg", data) for n, data in photos.items()])
    code, attached, _ = run(workspace, "photos", "import", str(good))
    assert code == 0 and attached["imported"]["attached"] == 2
    for number, data in photos.items():
        assert (workspace / "photos" / f"{number}.jpg").read_bytes() == data
    assert set(states(workspace).values()) == {"pending"}
    code, skipped, _ = run(workspace, "photos", "import", str(good))
    assert code == 0 and (skipped["imported"]["attached"], skipped["imported"]["unchanged"]) == (0, 2)


def verify_and_confirm(workspace: Path) -> None:
    # the fake verifier matches one and not the other; exit 1 because not everyone is verified
    verdicts = fake_verdicts()
    assert set(verdicts.values()) == {VerificationOutcome.MATCHED, VerificationOutcome.MISMATCHED}
    mismatched = next(n for n, o in verdicts.items() if o is VerificationOutcome.MISMATCHED)
    matched = next(n for n in (FIRST, SECOND) if n != mismatched)
    code, verified, _ = run(workspace, "verify", "--verifier", "fake")
    assert code == 1 and verified["processed"] == 2
    assert verified["states"]["verified"] == 1 and verified["states"]["needs_review"] == 1
    assert states(workspace) == {mask_id_number(matched): "verified", mask_id_number(mismatched): "needs_review"}

    # confirming: only the one in 需人工确认 can be; the other is reported per candidate, masked
    refused_confirm = xcert("--workspace", str(workspace), "confirm", matched, "--reason", "核对原件无误")
    assert refused_confirm.returncode == 1
    assert mask_id_number(matched) in refused_confirm.stdout and matched not in refused_confirm.stdout
    code, confirmed, _ = run(workspace, "confirm", mismatched, "--reason", "核对身份证原件无误", "--operator", "王老师")
    assert code == 0 and confirmed["done"] is True
    assert set(states(workspace).values()) == {"verified"}
    code, listed, _ = run(workspace, "students", "list", "--state", "信息准确")
    assert code == 0 and listed["count"] == 2


def test_workspace_rule_settings_decide_what_blocks_an_import(workspace: Path, tmp_path: Path) -> None:
    rows = [(*GOOD_ROWS[0][:4], BAD_CHECKSUM, *GOOD_ROWS[0][5:])]
    roster = write_roster_xlsx(tmp_path / "名单.xlsx", rows)
    assert run(workspace, "students", "import", str(roster))[0] == 1
    with_rules(workspace, RuleConfig(IssueSettings({"id-number-checksum": Severity.WARNING})))
    code, imported, _ = run(workspace, "students", "import", str(roster))
    assert code == 0 and imported["imported"]["added"] == 1
    assert {i["code"]: i["severity"] for i in imported["issues"]}["id-number-checksum"] == "warning"


def test_lists_mask_personal_data(workspace: Path, tmp_path: Path) -> None:
    assert run(workspace, "students", "import", str(write_roster_xlsx(tmp_path / "r.xlsx", GOOD_ROWS)))[0] == 0
    for args in (("students", "list"), ("students", "list", "--json")):
        result = xcert("--workspace", str(workspace), *args)
        assert result.returncode == 0 and "欧阳娜娜" in result.stdout
        assert FIRST not in result.stdout and "13812345678" not in result.stdout
        assert mask_id_number(FIRST) in result.stdout


def test_photos_before_students_and_platform_results_without_a_file_are_usage_errors(workspace: Path,
                                                                                      tmp_path: Path) -> None:
    zipped = write_zip(tmp_path / "照片.zip", [(f"{FIRST}.jpg", photo_bytes())])
    result = xcert("--workspace", str(workspace), "photos", "import", str(zipped))
    assert result.returncode == 2 and "students import" in result.stderr
    result = xcert("--workspace", str(workspace), "verify", "--verifier", "platform-results")
    assert result.returncode == 2 and "--results" in result.stderr


def test_precheck_gives_no_verdict_so_candidates_stay_pending_and_it_passes(workspace: Path, tmp_path: Path) -> None:
    assert run(workspace, "students", "import", str(write_roster_xlsx(tmp_path / "r.xlsx", GOOD_ROWS)))[0] == 0
    zipped = write_zip(tmp_path / "p.zip", [(f"{n}.jpg", photo_bytes()) for n in (FIRST, SECOND)])
    assert run(workspace, "photos", "import", str(zipped))[0] == 0
    code, report, _ = run(workspace, "verify", "--verifier", "precheck")
    assert code == 0 and report["processed"] == 2 and report["states"]["pending"] == 2  # passed: nothing found
    assert all(c["reasons"] == ["预检未发现问题，仍需平台比对"] for c in report["candidates"])
    shown = xcert("--workspace", str(workspace), "verify")  # the pre-check is the default
    assert shown.returncode == 0 and "2 名没有发现问题" in shown.stdout and "未认证通过" not in shown.stdout
    assert "xcert export platform" in shown.stdout and "--verifier platform-results" in shown.stdout
    status = xcert("--workspace", str(workspace), "status")  # points to the platform, not to verify again
    assert "--verifier platform-results" in status.stdout and "下一步：xcert verify\n" not in status.stdout


def test_a_new_photo_sends_a_verified_candidate_back(workspace: Path, tmp_path: Path) -> None:
    assert run(workspace, "students", "import", str(write_roster_xlsx(tmp_path / "r.xlsx", GOOD_ROWS)))[0] == 0
    first = write_zip(tmp_path / "1.zip", [(f"{n}.jpg", photo_bytes()) for n in (FIRST, SECOND)])
    assert run(workspace, "photos", "import", str(first))[0] == 0
    run(workspace, "verify", "--verifier", "fake")
    for number in (FIRST, SECOND):
        run(workspace, "confirm", number, "--reason", "核对无误", "--operator", "王老师")
    assert set(states(workspace).values()) == {"verified"}
    retaken = photo_bytes(quality=70)
    second = write_zip(tmp_path / "2.zip", [(f"{SECOND}.jpg", retaken)])  # only one: the other keeps its photo
    code, report, _ = run(workspace, "photos", "import", str(second))
    assert code == 0 and report["imported"]["sent_back_ids"] == [mask_id_number(SECOND)]
    assert (workspace / "photos" / f"{SECOND}.jpg").read_bytes() == retaken
    assert states(workspace) == {mask_id_number(FIRST): "verified", mask_id_number(SECOND): "pending"}


def test_lower_case_x_is_stored_upper_case_so_later_steps_find_the_candidate(workspace: Path,
                                                                               tmp_path: Path) -> None:
    row = ("李四", "Li Si", "男", "身份证", "14010520040315101x", "13812345670", "2020", "中专", "计算机平面设计",
           "090300", "2010")
    code, out, _ = run(workspace, "students", "import", str(write_roster_xlsx(tmp_path / "x.xlsx", [row])))
    assert code == 0 and {i["code"] for i in out["issues"]} >= {"id-number-lowercase-x"}
    from xcert_adapters.workspace import Workspace  # noqa: PLC0415

    with Workspace.open(workspace, env={}) as opened:
        assert opened.storage.find(Candidate, (SCHOOL, "14010520040315101X")) is not None


def test_a_partial_photo_import_stores_the_good_photos_and_lists_the_rest(workspace: Path, tmp_path: Path) -> None:
    """``photos import --partial``: the photo with an error (a blue background) and the student without a photo
    are reported and hold nothing back; the good photo is stored; exit 1 says something is left to do."""
    imported = run(workspace, "students", "import", str(write_roster_xlsx(tmp_path / "名单.xlsx", GOOD_ROWS)))
    assert imported[0] == 0
    blue_and_good = write_zip(tmp_path / "照片.zip", [(f"{FIRST}.jpg", photo_bytes(background=BLUE)),
                                                     (f"{SECOND}.jpg", photo_bytes())])
    code, refused, _ = run(workspace, "photos", "import", str(blue_and_good))
    assert code == 1 and refused["stored"] is False and not any((workspace / "photos").iterdir())
    code, partial, _ = run(workspace, "photos", "import", str(blue_and_good), "--partial")
    assert code == 1 and partial["stored"] is True and partial["imported"]["attached"] == 1
    assert "photo-background" in {i["code"] for i in partial["issues"]}
    assert [p.name for p in (workspace / "photos").iterdir()] == [f"{SECOND}.jpg"]
    assert states(workspace) == {mask_id_number(FIRST): "no_photo", mask_id_number(SECOND): "pending"}
    twice = write_zip(tmp_path / "两张.zip", [(f"{FIRST}.jpg", photo_bytes()), (f"照片/{FIRST}.jpg", photo_bytes())])
    code, doubled, _ = run(workspace, "photos", "import", str(twice), "--partial")
    assert code == 1 and doubled["imported"]["attached"] == 0  # which of the two is right? neither is guessed
    shown = xcert("--workspace", str(workspace), "photos", "import", str(blue_and_good), "--partial", "--report",
                  str(tmp_path / "照片问题.xlsx"))
    assert "有错误的照片没有导入" in shown.stdout and "问题清单已写入" in shown.stdout
    # the findings as a workbook: the zip's own entry name (to find the file), masked number, message, fix
    findings = load_workbook(tmp_path / "照片问题.xlsx")["照片问题"]
    found = [[cell.value for cell in row] for row in findings.iter_rows(min_row=2)]
    assert [row[:5] for row in found] == [[f"{FIRST}.jpg", mask_id_number(FIRST), None, "错误", "photo-background"]]
    assert "蓝色" in found[0][5] and found[0][7] is None
    assert (tmp_path / "照片问题.xlsx").stat().st_mode & 0o777 == 0o600
    # who still lacks a photo, as a workbook to pass round: masked numbers only
    listed = xcert("--workspace", str(workspace), "students", "list", "--state", "无照片", "--report",
                   str(tmp_path / "缺照片.xlsx"))
    assert listed.returncode == 0 and "已写入" in listed.stdout
    sheet = load_workbook(tmp_path / "缺照片.xlsx").active
    assert sheet is not None
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert rows == [[1, str(GOOD_ROWS[0][0]), mask_id_number(FIRST), f"{GOOD_ROWS[0][6]}级{GOOD_ROWS[0][8]}",
                     GOOD_ROWS[0][8], int(str(GOOD_ROWS[0][6])), "无照片", "无"]]
    assert oct((tmp_path / "缺照片.xlsx").stat().st_mode & 0o777) == "0o600"
    wrong = xcert("--workspace", str(workspace), "students", "list", "--report", str(tmp_path / "名单.csv"))
    assert wrong.returncode == 2 and ".xlsx" in wrong.stderr


def test_a_teacher_confirms_from_what_the_list_shows(workspace: Path, tmp_path: Path) -> None:
    """``students list`` masks numbers; ``confirm`` takes that masked number, the name, or the name with the
    number's last four characters — never the full number typed (issue 17)."""
    import_roster_all_or_nothing(workspace, tmp_path)
    import_photos_all_or_nothing(workspace, tmp_path)
    run(workspace, "verify", "--verifier", "fake")
    _, listed, _ = run(workspace, "students", "list", "--state", "需人工确认")
    (shown,) = [c["id_number"] for c in listed["candidates"]]
    name = listed["candidates"][0]["name"]
    assert "*" in shown
    nobody = xcert("--workspace", str(workspace), "confirm", "查无此人", "--reason", "核对原件")
    assert nobody.returncode == 1 and "没有这个学生" in nobody.stdout
    code, back, _ = run(workspace, "confirm", name, "--reject", "--reason", "照片需重拍", "--operator", "王老师")
    assert code == 0 and back["done"] is True and states(workspace)[shown] == "pending"  # by name
    run(workspace, "verify", "--verifier", "fake")  # the same verdict: 需人工确认 again
    code, confirmed, _ = run(workspace, "confirm", shown, "--reason", "核对原件无误", "--operator", "王老师")
    assert code == 0 and confirmed["done"] is True  # by the masked number the list shows
    assert set(states(workspace).values()) == {"verified"}
