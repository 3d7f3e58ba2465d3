"""Where the seed shows no template, xcert's own says so (#17 item 6): the notes row of the room, proctor,
by-subject and plan templates calls them xcert's; the roster and by-certificate templates, which the seed shows,
do not; the platform package's README says per file which is which."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from cli_run import xcert
from xcert_core.exchange.package import (
    BY_CERTIFICATE_DIALOG,
    BY_SUBJECT_DIALOG,
    PROCTORS_DIALOG,
    ROOMS_DIALOG,
    ROSTER_DIALOG,
    readme_text,
)

OWN = "xcert 自己的"


@pytest.mark.parametrize(("command", "own"), [
    (("students", "template"), False),
    (("students", "template", "--social"), True),
    (("registrations", "template"), False),
    (("registrations", "template", "--by-subject"), True),
    (("rooms", "template"), True),
    (("proctors", "template"), True),
    (("plans", "template"), True),
    (("scores", "template"), True),
    (("awards", "template"), True),
    (("fees", "template"), True),
    (("org", "template"), True),
    (("rooms", "client-template"), True),
])
def test_a_template_says_whose_it_is(tmp_path: Path, command: tuple[str, ...], own: bool) -> None:
    out = tmp_path / "模板.xlsx"
    result = xcert(*command[:2], str(out), *command[2:])
    assert result.returncode == 0, result.stderr
    notes = str(load_workbook(out).worksheets[0]["A2"].value)
    assert notes.startswith("注意说明") and (OWN in notes) is own


@pytest.mark.parametrize("command", [("students", "template"), ("students", "template", "--social"),
                                     ("registrations", "template"),
                                     ("registrations", "template", "--by-subject"), ("rooms", "template"),
                                     ("proctors", "template"), ("plans", "template"), ("scores", "template"),
                                     ("awards", "template"), ("fees", "template"),
                                     ("org", "template"), ("rooms", "client-template")])
def test_every_header_has_a_comment_with_what_to_type(tmp_path: Path, command: tuple[str, ...]) -> None:
    """The example lives in each header cell's comment, not in an example row (one left in would be imported and
    uploaded as a student or a room): the data rows below the header are empty."""
    out = tmp_path / "模板.xlsx"
    assert xcert(*command[:2], str(out), *command[2:]).returncode == 0
    for sheet in load_workbook(out).worksheets:
        headers = [cell for cell in sheet[3] if cell.value]
        assert headers and all(cell.comment is not None and cell.comment.text.strip() for cell in headers), \
            [cell.value for cell in headers if cell.comment is None]
        assert sheet.max_row == 3


def test_the_package_readme_names_the_files_that_are_xcerts_own() -> None:
    files = [("1_学生.xlsx", ROSTER_DIALOG, 3), ("3_报考_按证书_P.xlsx", BY_CERTIFICATE_DIALOG, 3),
             ("3_报考_按科目_P.xlsx", BY_SUBJECT_DIALOG, 3), ("4_考场_P.xlsx", ROOMS_DIALOG, 2),
             ("5_监考人员导入模板.xlsx", PROCTORS_DIALOG, 4)]
    lines = readme_text("示范", "4133010001", files).splitlines()
    marked = {line.split("（", 1)[0].split(". ", 1)[1] for line in lines if "xcert 自己的模板" in line and ". " in line}
    assert marked == {"3_报考_按科目_P.xlsx", "4_考场_P.xlsx", "5_监考人员导入模板.xlsx"}
    assert "每个文件都与平台的导入模板格式一致" not in "\n".join(lines)
