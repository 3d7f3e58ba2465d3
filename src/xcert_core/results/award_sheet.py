"""The certificate sheet (证书信息): the certificate numbers the platform issued for a plan, read into
:class:`~xcert_core.model.CertificateAward` values.

Like the score export, the platform's certificate export is not in the seed: xcert reads its own layout (``xcert
awards template``, its notes say so), one row per certificate::

    姓名 *证件号码 *证书编号 发证日期

A certificate number is accepted only for a candidate whose 考证结果 in the plan is 通过 (``award-not-passed``:
the results are derived from the stored scores, so the scores come first), and a number belongs to one candidate
(``award-number-taken``, in the file or already stored). A row with an error gives no certificate; the import
stores nothing while any row has one.
"""

from __future__ import annotations

from collections.abc import Mapping

from xcert_core.issues import Issue
from xcert_core.model import CertificateAward, ExamPlan
from xcert_core.ports.workbooks import SheetData, SheetModel
from xcert_core.privacy import mask_id_number
from xcert_core.results.derivation import CertificateResult, Outcome
from xcert_core.results.issue_types import (
    AWARD_CELL_MISSING,
    AWARD_DATE_INVALID,
    AWARD_NOT_PASSED,
    AWARD_NUMBER_TAKEN,
    SCORE_NOT_REGISTERED,
)
from xcert_core.roster.columns import XCERT_OWN_TEMPLATE, RosterColumn
from xcert_core.scheduling.plan_sheets import parse_date
from xcert_core.scheduling.rooms_sheet import blank_template, empty_required_cells, sheet_rows, whitespace_rows

AWARD_COLUMNS: tuple[RosterColumn, ...] = (
    RosterColumn("name", "姓名", required=False, width=12),
    RosterColumn("id_number", "证件号码", width=22),
    RosterColumn("certificate_number", "证书编号", width=24),
    RosterColumn("issued_on", "发证日期", required=False, numeric_ok=True, width=14),
)
ANCHORS = frozenset({"证件号码", "证书编号"})


def read_award_sheet(sheet: SheetData, file: str, plan: ExamPlan, results: Mapping[str, CertificateResult],
                     stored: Mapping[str, str]) -> tuple[list[CertificateAward], list[Issue]]:
    """(certificates, issues) of a filled certificate sheet for ``plan``: ``results`` are the plan's results by ID
    number (every active registration), ``stored`` the certificate numbers already stored, number -> ID number.
    Raises :class:`~xcert_core.errors.UnreadableFileError` without a header row."""
    rows, issues = sheet_rows(sheet, file, AWARD_COLUMNS, ANCHORS, "证书表", personal=frozenset({"id_number"}),
                              space_allowed=frozenset({"name"}), command="xcert awards template")
    spaced = whitespace_rows(issues)
    awards: list[CertificateAward] = []
    numbers: dict[str, int] = {}
    for data in rows:
        row, values = data.row, data.values
        missing = empty_required_cells(data, AWARD_COLUMNS, AWARD_CELL_MISSING)
        issues += missing
        ok = row not in spaced and not missing
        text = values.get("issued_on")
        issued = parse_date(text) if text is not None else None
        if text is not None and issued is None:
            issues.append(AWARD_DATE_INVALID.at(row=row, column="发证日期", value=values.get("issued_on")))
            ok = False
        id_number, number = values.get("id_number"), values.get("certificate_number")
        if id_number is None or number is None:
            continue
        masked = mask_id_number(id_number)
        result = results.get(id_number)
        if result is None:
            issues.append(SCORE_NOT_REGISTERED.at(row=row, column="证件号码", masked=masked, plan=plan.code))
            ok = False
        elif result.outcome is not Outcome.PASSED:
            issues.append(AWARD_NOT_PASSED.at(row=row, column="证件号码", masked=masked, plan=plan.code,
                                              outcome=result.outcome.label, outcome_en=result.outcome.value))
            ok = False
        first = numbers.setdefault(number, row)
        owner = stored.get(number)
        if first != row:
            issues.append(AWARD_NUMBER_TAKEN.at(row=row, column="证书编号", number=number, where=f"见第 {first} 行",
                                                where_en=f"also on row {first}"))
            ok = False
        elif owner is not None and owner != id_number:
            issues.append(AWARD_NUMBER_TAKEN.at(row=row, column="证书编号", number=number, where="已导入",
                                                where_en="already stored for another candidate"))
            ok = False
        if ok:
            awards.append(CertificateAward(plan.code, id_number, number, issued))
    return awards, issues


AWARD_NOTES = ("注意说明" + XCERT_OWN_TEMPLATE +
               "\n1、每行一本证书：考生的证件号码和平台下发的证书编号。\n"
               "2、只有考证结果为“通过”的考生才有证书；请先导入全部科目成绩。")


def award_template() -> SheetModel:
    """The blank certificate sheet (证书信息导入模板), xcert's own."""
    return blank_template("证书信息导入模板", AWARD_NOTES, AWARD_COLUMNS, ("id_number", "certificate_number"),
                          marks=(("name", "示例：张三（可不填，便于核对）"),
                                 ("id_number", "与学生名单中的证件号码一致"),
                                 ("certificate_number", "平台下发的证书编号"),
                                 ("issued_on", "示例：2026-07-15（可不填）")))
