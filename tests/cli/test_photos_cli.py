"""``xcert photos check`` and ``fix`` as a school person and a script use them: real zips, real rosters, real
processes; the JSON contract, the exit codes, masked ID numbers, and a fixed zip that passes the check."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from cli_run import run_xcert
from photo_files import BLUE, exif_with, id_number, photo_bytes, write_zip
from roster_files import GOOD_ROWS, HEADER, write_roster_xlsx
from xcert_core.privacy import mask_id_number

ROSTER_A, ROSTER_B = str(GOOD_ROWS[0][4]), str(GOOD_ROWS[1][4])
OTHER = id_number(7)


def xcert(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """``xcert ARGS`` without third-party plug-ins: the core's own rules only."""
    return run_xcert(*args, plugins=False)


def check_json(*args: str | Path) -> tuple[int, dict[str, object]]:
    result = xcert("photos", "check", *args, "--json")
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)


def mixed_zip(path: Path) -> Path:
    return write_zip(path, [
        (f"{ROSTER_A}.jpg", photo_bytes((590, 826), exif=exif_with(1, gps=True))),  # fixable
        (f"{OTHER}.jpg", photo_bytes(background=BLUE)),  # not fixable
        ("__MACOSX/._x.jpg", b"\0" * 32),
    ])


def test_good_photos_pass_with_the_json_contract(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "照片.zip", [(f"{ROSTER_A}.jpg", photo_bytes()), (f"{ROSTER_B}.png",
                                                                                 photo_bytes(fmt="PNG"))])
    code, report = check_json(path)
    assert (code, report) == (0, {"file": str(path), "photos": 2, "issues": []})
    text = xcert("photos", "check", path)
    assert text.returncode == 0 and "没有发现问题，可以上传平台" in text.stdout


def test_problems_in_json_with_masked_numbers(tmp_path: Path) -> None:
    code, report = check_json(mixed_zip(tmp_path / "照片.zip"))
    assert code == 1 and report["photos"] == 2
    issues = report["issues"]
    assert isinstance(issues, list)
    for issue in issues:
        assert set(issue) == {"entry", "id_number", "code", "severity", "message", "fixable"}
        assert ROSTER_A not in issue["message"] and OTHER not in issue["message"]
    by_code = {issue["code"]: issue for issue in issues}
    assert by_code["photo-pixel-size"] == {
        "entry": ROSTER_A[:3] + "*" * 11 + ROSTER_A[-4:] + ".jpg", "id_number": ROSTER_A[:3] + "*" * 11 + ROSTER_A[-4:],
        "code": "photo-pixel-size",
        "severity": "error", "fixable": True,
        "message": "照片为 590×826 像素，平台要求 295×413；比例相同，可以自动缩放。"}
    assert by_code["photo-background"]["fixable"] is False
    assert by_code["photo-gps-metadata"]["severity"] == "warning"
    assert by_code["photo-zip-ignored"]["id_number"] is None


def test_the_text_report_masks_numbers_and_points_to_fix(tmp_path: Path) -> None:
    result = xcert("photos", "check", mixed_zip(tmp_path / "照片.zip"))
    assert result.returncode == 1
    assert ROSTER_A not in result.stdout and OTHER not in result.stdout
    assert f"{ROSTER_A[:3]}{'*' * 11}{ROSTER_A[-4:]}.jpg" in result.stdout
    assert "[可自动修复]" in result.stdout and "xcert photos fix" in result.stdout
    assert "照片底色是蓝色" in result.stdout


def test_matching_against_a_roster(tmp_path: Path) -> None:
    roster = write_roster_xlsx(tmp_path / "名单.xlsx", GOOD_ROWS)
    path = write_zip(tmp_path / "照片.zip", [(f"{ROSTER_A}.jpg", photo_bytes()), (f"{OTHER}.jpg", photo_bytes()),
                                           (f"{ROSTER_A}.png", photo_bytes(fmt="PNG"))])
    code, report = check_json(path, "--roster", str(roster))
    found = {(i["entry"], i["code"]) for i in report["issues"]}  # type: ignore[union-attr, index]
    assert code == 1
    shown_a, shown_other = mask_id_number(ROSTER_A), mask_id_number(OTHER)
    assert found == {(f"{shown_a}.jpg", "photo-id-twice"), (f"{shown_a}.png", "photo-id-twice"),
                     (f"{shown_other}.jpg", "photo-no-candidate"), (None, "photo-candidate-missing")}
    missing = next(i for i in report["issues"] if i["code"] == "photo-candidate-missing")  # type: ignore[union-attr]
    assert missing["id_number"] == ROSTER_B[:3] + "*" * 11 + ROSTER_B[-4:]
    assert "名单第 5 行" in missing["message"]


def test_the_report_workbook_lists_every_finding_and_counts_them(tmp_path: Path) -> None:
    """--report: 照片问题 has one row per finding (the entry as named in the zip, the masked number, the roster row
    of a student without a photo, whether fix repairs it); 问题汇总 counts per code; text output says where."""
    roster = write_roster_xlsx(tmp_path / "名单.xlsx", GOOD_ROWS)
    path = write_zip(tmp_path / "照片.zip", [(f"{ROSTER_A}.jpg", photo_bytes((590, 826))),
                                           (f"{OTHER}.jpg", photo_bytes(background=BLUE))])
    out = tmp_path / "照片问题.xlsx"
    result = xcert("photos", "check", path, "--roster", roster, "--report", out)
    assert result.returncode == 1 and f"问题清单已写入 {out}" in result.stdout
    book = load_workbook(out)
    assert book.sheetnames == ["照片问题", "问题汇总"]
    rows = [[c.value for c in row] for row in book["照片问题"].iter_rows()]
    assert rows[0] == ["压缩包中的文件", "证件号码", "名单行", "级别", "问题代码", "问题", "建议", "可自动修复"]
    by_code = {row[4]: row for row in rows[1:]}
    assert by_code["photo-pixel-size"][:4] == [f"{ROSTER_A}.jpg", mask_id_number(ROSTER_A), None, "错误"]
    assert by_code["photo-pixel-size"][7] == "是"
    assert by_code["photo-background"][0] == f"{OTHER}.jpg" and by_code["photo-background"][7] is None
    assert by_code["photo-candidate-missing"][:3] == ["（没有照片）", mask_id_number(ROSTER_B), 5]
    assert len(rows) - 1 == len(check_json(path, "--roster", str(roster))[1]["issues"])  # type: ignore[arg-type]
    summary = {row[0]: row for row in ([c.value for c in r] for r in book["问题汇总"].iter_rows()) if row[0]}
    assert summary["照片数"][1] == 2 and summary["错误"][1] == len(rows) - 1 - summary["警告"][1]
    assert summary["photo-candidate-missing"][3] == 1 and "名单第 5 行" in summary["photo-candidate-missing"][4]
    # JSON stays alone on stdout; the report's note goes to stderr
    again = xcert("photos", "check", path, "--report", out, "--json")
    assert json.loads(again.stdout)["photos"] == 2 and "问题清单已写入" in again.stderr
    refused = xcert("photos", "check", path, "--report", path)
    assert refused.returncode == 2 and ".xlsx" in refused.stderr and path.is_file()  # the zip is never written over


def test_an_unusable_roster_or_zip_exits_2(tmp_path: Path) -> None:
    photos = write_zip(tmp_path / "照片.zip", [(f"{ROSTER_A}.jpg", photo_bytes())])
    no_ids = [h for h in HEADER if h != "*证件号码"]
    rows = [[v for h, v in zip(HEADER, row, strict=True) if h != "*证件号码"] for row in GOOD_ROWS]
    for roster, reason in [(write_roster_xlsx(tmp_path / "a.xlsx", rows, header=no_ids), "证件号码"),
                           (write_roster_xlsx(tmp_path / "b.xlsx", []), "没有学生数据"),
                           (tmp_path / "none.xlsx", "找不到")]:
        result = xcert("photos", "check", photos, "--roster", roster)
        assert result.returncode == 2 and reason in result.stderr, result.stderr
    not_a_zip = tmp_path / "照片.rar"
    not_a_zip.write_bytes(b"Rar!\x1a\x07\x00" + b"\0" * 40)
    result = xcert("photos", "check", not_a_zip)
    assert result.returncode == 2 and "RAR" in result.stderr and result.stdout == ""


def test_fix_writes_the_platform_zip_and_reports_each_file(tmp_path: Path) -> None:
    roster = write_roster_xlsx(tmp_path / "名单.xlsx", GOOD_ROWS)
    path = write_zip(tmp_path / "照片.zip", [
        (f"照片/{ROSTER_A}.JPG", photo_bytes((590, 826), exif=exif_with(1, gps=True))),
        (f"{ROSTER_B}.png", photo_bytes(fmt="PNG")), ("说明.txt", b"x"),
    ])
    out = tmp_path / "修复后.zip"
    result = xcert("photos", "fix", path, "--out", out, "--roster", roster, "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert (report["file"], report["out"], report["photos"], report["written"]) == (str(path), str(out), 2, 2)
    files = {f["entry"]: f for f in report["files"]}
    shown = mask_id_number(ROSTER_A)
    assert files[f"照片/{shown}.JPG"]["action"] == "fixed" and files[f"照片/{shown}.JPG"]["output"] == f"{shown}.jpg"
    assert ROSTER_A not in result.stdout and ROSTER_B not in result.stdout  # entry and output names masked too
    assert any("缩放为 295×413" in change for change in files[f"照片/{shown}.JPG"]["changes"])
    assert files["说明.txt"]["action"] == "dropped" and report["issues"] == []
    assert sorted(zipfile.ZipFile(out).namelist()) == sorted([f"{ROSTER_A}.jpg", f"{ROSTER_B}.jpg"])
    assert check_json(out, "--roster", str(roster)) == (0, {"file": str(out), "photos": 2, "issues": []})


def test_fix_in_text_leaves_out_what_it_must_not_touch(tmp_path: Path) -> None:
    out = tmp_path / "修复后.zip"
    result = xcert("photos", "fix", mixed_zip(tmp_path / "照片.zip"), "--out", out)
    assert result.returncode == 1
    assert "写入 1 张" in result.stdout and "未放入" in result.stdout and "照片底色是蓝色" in result.stdout
    assert ROSTER_A not in result.stdout and OTHER not in result.stdout
    assert zipfile.ZipFile(out).namelist() == [f"{ROSTER_A}.jpg"]
    assert xcert("photos", "check", out).returncode == 0


def test_fix_refuses_to_overwrite_and_to_write_over_its_input(tmp_path: Path) -> None:
    path = mixed_zip(tmp_path / "照片.zip")
    out = tmp_path / "out.zip"
    out.write_bytes(b"keep me")
    result = xcert("photos", "fix", path, "--out", out)
    assert result.returncode == 2 and "--force" in result.stderr and out.read_bytes() == b"keep me"
    assert xcert("photos", "fix", path, "--out", out, "--force").returncode == 1
    assert zipfile.ZipFile(out).namelist() == [f"{ROSTER_A}.jpg"]
    assert xcert("photos", "fix", path, "--out", path, "--force").returncode == 2
    assert xcert("photos", "fix", path, "--out", tmp_path / "out.txt").returncode == 2


def test_help_is_chinese_first() -> None:
    result = xcert("photos", "--help")
    assert result.returncode == 0 and "学生照片" in result.stdout and "check" in result.stdout
    assert "295×413" in xcert("photos", "fix", "--help").stdout


def test_a_zip_renamed_rar_is_not_ready_for_the_platform(tmp_path: Path) -> None:
    """The content is a zip, every photo is fine, but the platform's upload takes *.zip only (issue 17)."""
    good = write_zip(tmp_path / "照片.zip", [(f"{id_number(1)}.jpg", photo_bytes())])
    renamed = good.rename(tmp_path / "照片.rar")
    result = xcert("photos", "check", str(renamed), "--json")
    report = json.loads(result.stdout)
    assert result.returncode == 1 and [i["code"] for i in report["issues"]] == ["photo-zip-name"]
    assert "照片.rar" in report["issues"][0]["message"]
    assert xcert("photos", "check", str(renamed.rename(tmp_path / "照片.ZIP")), "--json").returncode == 0
