"""After the exam, in the core: results derived from scores and the plan (a property against an independent
statement of the rules), resits carrying passed subjects, and every rule of the score sheet."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any, cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xcert_core.errors import UnreadableFileError
from xcert_core.labels import CertificateLevel, RegistrationMode, SubjectKind
from xcert_core.model import CertificateAward, ExamPlan, ExamSession, Registration, Subject, SubjectScore
from xcert_core.ports.workbooks import SheetData
from xcert_core.results.award_sheet import award_template, read_award_sheet
from xcert_core.results.derivation import CertificateResult, Outcome, certificate_result, plan_results
from xcert_core.results.score_sheet import SCORE_COLUMNS, read_score_sheet, score_columns, score_template

SUBJECTS = (Subject("T", "理论考试", SubjectKind.THEORY, pass_mark=60),
            Subject("P", "实操考试", SubjectKind.PRACTICAL, pass_mark=70),
            Subject("W", "综合答辩", SubjectKind.PRACTICAL, pass_mark=50))


def plan(code: str = "P1", *, resit_of: str | None = None, subjects: tuple[Subject, ...] = SUBJECTS) -> ExamPlan:
    sessions = tuple(ExamSession(f"S{n}", s.code, dt.date(2026, 6, 13), dt.time(8 + 2 * n), dt.time(9 + 2 * n))
                     for n, s in enumerate(subjects))
    return ExamPlan(code, "考核", 2026, "ORG", "1550001066020254", CertificateLevel.INTERMEDIATE, subjects, sessions,
                    resit_of=resit_of)


def registration(id_number: str = "110101200001010011", taken: tuple[str, ...] = (), plan_code: str = "P1"
                 ) -> Registration:
    mode = RegistrationMode.BY_SUBJECT if taken else RegistrationMode.BY_CERTIFICATE
    return Registration(plan_code, id_number, "S001", "1550001066020254", "Z1", mode=mode, subject_codes=taken)


# --- results ------------------------------------------------------------------------------------------------------

SCORE_KINDS = st.one_of(
    st.none(),  # no row yet
    st.tuples(st.just("absent"), st.booleans()),
    st.tuples(st.just("pending"), st.booleans()),
    st.tuples(st.floats(0, 100).map(lambda x: round(x, 1)), st.booleans()),
)


def expected_outcome(subjects: list[Subject], rows: dict[str, object], carried: set[str]) -> tuple[Outcome, set[str]]:
    """The rules of the derivation module's docstring, stated once more, independently: the outcome and the
    names of the subjects not passed."""
    pending = {s.code for s in subjects if s.code not in carried
               and (rows.get(s.code) is None or rows[s.code][0] == "pending")}  # type: ignore[index]
    absent = {s.code for s in subjects if s.code not in carried and rows.get(s.code) is not None
              and rows[s.code][0] == "absent"}  # type: ignore[index]
    passed = carried | {s.code for s in subjects if isinstance((row := rows.get(s.code)), tuple)
                        and isinstance(row[0], float) and row[0] >= s.pass_mark and not row[1]}
    failing = {s.name for s in subjects if s.code not in passed and s.code not in pending}
    sat = [s.code for s in subjects if s.code not in carried]
    if pending:
        return Outcome.PENDING, failing
    if len(passed) == len(subjects):
        return Outcome.PASSED, failing
    if sat and set(sat) <= absent:
        return Outcome.ABSENT, failing
    return Outcome.FAILED, failing


def score_of(code: str, row: object) -> SubjectScore | None:
    if row is None:
        return None
    kind, misconduct = cast("tuple[Any, bool]", row)
    if kind == "absent":
        return SubjectScore("P1", "110101200001010011", code, None, absent=True, misconduct=misconduct)
    if kind == "pending":
        return SubjectScore("P1", "110101200001010011", code, None, misconduct=misconduct)
    return SubjectScore("P1", "110101200001010011", code, kind, misconduct=misconduct)


@settings(max_examples=300)
@given(taken=st.lists(st.sampled_from([s.code for s in SUBJECTS]), unique=True, max_size=3),
       rows=st.fixed_dictionaries({s.code: SCORE_KINDS for s in SUBJECTS}),
       carried=st.sets(st.sampled_from([s.code for s in SUBJECTS])))
def test_a_result_is_what_the_scores_and_the_plan_say(taken: list[str], rows: dict[str, object],
                                                       carried: set[str]) -> None:
    the_plan = plan(resit_of="P0" if carried else None)
    reg = registration(taken=tuple(taken))
    scores = {code: score for code, row in rows.items() if (score := score_of(code, row)) is not None}
    result = certificate_result(the_plan, reg, scores, dict.fromkeys(carried, "P0"))
    considered = [s for s in SUBJECTS if not taken or s.code in taken or s.code in carried]
    outcome, failing = expected_outcome(considered, {s.code: rows[s.code] for s in considered}, carried)
    assert result.outcome is outcome
    assert set(result.failing) == failing
    assert [s.subject_code for s in result.subjects] == [s.code for s in considered]
    assert all(s.carried_from == "P0" for s in result.subjects if s.subject_code in carried)


@settings(max_examples=50)
@given(rows=st.lists(st.tuples(st.sampled_from(["110101200001010011", "110101200001010022"]),
                               st.sampled_from(["T", "P", "W"]), SCORE_KINDS.filter(lambda r: r is not None)),
                     unique_by=lambda r: r[:2]),
       seed=st.integers(0, 1000))
def test_results_depend_on_the_scores_not_their_order(rows: list[tuple[str, str, object]], seed: int) -> None:
    people = [registration("110101200001010011"), registration("110101200001010022", ("T",))]
    scores = []
    for id_number, code, row in rows:
        score = score_of(code, row)
        assert score is not None
        scores.append(SubjectScore("P1", id_number, code, score.score, score.absent, score.misconduct))
    shuffled = scores[:]
    random.Random(seed).shuffle(shuffled)
    assert plan_results(plan(), people, scores) == plan_results(plan(), people, shuffled)


def test_a_resit_carries_the_subjects_passed_in_the_plan_it_follows() -> None:
    first, resit = plan("P1"), plan("P2", resit_of="P1")
    earlier = [SubjectScore("P1", "110101200001010011", "T", 85.0), SubjectScore("P1", "110101200001010011", "P", 50.0),
               SubjectScore("P1", "110101200001010011", "W", 55.0)]
    (before,) = plan_results(first, [registration()], earlier)
    assert before.outcome is Outcome.FAILED and before.failing == ("实操考试",)
    again = registration(taken=("P",), plan_code="P2")  # the resit: the failed subject only
    (pending,) = plan_results(resit, [again], [], earlier=(first, earlier))
    assert pending.outcome is Outcome.PENDING
    assert [(s.subject_code, s.carried_from) for s in pending.subjects] == [("T", "P1"), ("P", None), ("W", "P1")]
    (after,) = plan_results(resit, [again], [SubjectScore("P2", "110101200001010011", "P", 71.0)],
                            earlier=(first, earlier))
    assert after.outcome is Outcome.PASSED and after.subjects[0].label == "已通过（P1）"
    (absent,) = plan_results(resit, [again], [SubjectScore("P2", "110101200001010011", "P", None, absent=True)],
                             earlier=(first, earlier))
    assert absent.outcome is Outcome.ABSENT  # every subject sat in the resit was missed


def test_misconduct_fails_whatever_the_score_and_the_pass_mark_is_the_subjects() -> None:
    scores = {"T": SubjectScore("P1", "1", "T", 100.0, misconduct=True), "P": SubjectScore("P1", "1", "P", 70.0),
              "W": SubjectScore("P1", "1", "W", 50.0)}
    result = certificate_result(plan(), registration(), scores)
    assert result.outcome is Outcome.FAILED and result.failing == ("理论考试",)
    assert [s.label for s in result.subjects] == ["100（违纪）", "70", "50"]
    scores["T"] = SubjectScore("P1", "1", "T", 59.9)
    assert certificate_result(plan(), registration(), scores).failing == ("理论考试",)
    scores["T"] = SubjectScore("P1", "1", "T", 60.0)
    assert certificate_result(plan(), registration(), scores).outcome is Outcome.PASSED


def test_a_score_is_in_range_and_an_absent_candidate_has_none() -> None:
    with pytest.raises(ValueError, match="between"):
        SubjectScore("P1", "1", "T", 100.5)
    with pytest.raises(ValueError, match="absent"):
        SubjectScore("P1", "1", "T", 50.0, absent=True)
    with pytest.raises(ValueError, match="pass mark"):
        Subject("T", "理论", pass_mark=101)


# --- the score sheet ----------------------------------------------------------------------------------------------

HEADER = ("姓名", "证件号码", "准考证号", "考试科目", "成绩", "是否缺考", "是否违纪", "成绩状态")
A, B, C, D = ("110101200001010011", "110101200001010022", "110101200001010033", "110101200001010044")


def sheet(*rows: tuple[Any, ...], header: tuple[str, ...] = HEADER) -> SheetData:
    return SheetData("Sheet1", (("科目成绩",), header, *rows))


def read(data: SheetData, **options: object) -> tuple[list[SubjectScore], list[tuple[str, int | None]]]:
    registrations = {A: registration(A), B: registration(B, ("T",)), C: registration(C)}
    scores, issues = read_score_sheet(data, "成绩.xlsx", plan(), registrations, {A, B}, **options)  # type: ignore[arg-type]
    return scores, [(issue.code, issue.row) for issue in issues]


def test_a_clean_sheet_gives_every_score() -> None:
    scores, issues = read(sheet(("张三", A, "2606130001", "理论考试", 78.5, "否", "否", "已发布"),
                                ("张三", A, "2606130001", "P", None, "是", None, "已发布"),
                                ("李四", B, "2606130002", "理论考试", "61", None, "否", None),
                                ("张三", A, "2606130001", "综合答辩", None, None, None, None)))
    assert issues == []
    assert scores == [SubjectScore("P1", A, "T", 78.5, status="已发布"),
                      SubjectScore("P1", A, "P", None, absent=True, status="已发布"),
                      SubjectScore("P1", B, "T", 61.0), SubjectScore("P1", A, "W", None)]


def test_every_rule_of_the_score_sheet() -> None:
    scores, issues = read(sheet(
        ("张三", A, None, "理论考试", 101, None, None, None),        # 3: out of range
        ("张三", A, None, "实操考试", "七十", None, None, None),       # 4: not a number
        ("张三", A, None, "综合答辩", 60, "是", None, None),          # 5: a score for an absent candidate
        ("李四", B, None, "实操考试", 60, None, None, None),          # 6: by subject, did not take it
        ("王五", C, None, "理论考试", 60, None, None, None),          # 7: registered, never seated
        ("赵六", D, None, "理论考试", 60, None, None, None),          # 8: not registered
        ("张三", A, None, "英语", 60, None, None, None),              # 9: not a subject of the plan
        ("李四", B, None, "T", 70, "也许", None, None),               # 10: yes/no
        ("李四", B, None, "理论考试", 70, None, None, None),          # 11: T again for B
        (None, None, None, "理论考试", 70, None, None, None),         # 12: no ID number
        ("张三", A, None, "nan", "nan", None, None, None),            # 13: NaN is out of range, subject unknown
    ))
    assert scores == []  # every row has an error (row 11 repeats row 10, whose 是否缺考 is wrong)
    assert issues == [("score-out-of-range", 3), ("score-not-a-number", 4), ("score-for-absent", 5),
                      ("score-subject-not-taken", 6), ("score-not-seated", 7), ("score-not-registered", 8),
                      ("score-subject-unknown", 9), ("score-yes-no", 10), ("score-duplicate", 11),
                      ("score-cell-missing", 12), ("score-out-of-range", 13), ("score-subject-unknown", 13)]


def test_personal_data_is_masked_in_messages() -> None:
    _, issues = read_score_sheet(sheet(("赵六", D, None, "理论考试", 60, None, None, None)), "x.xlsx", plan(),
                                 {}, set())
    assert D not in issues[0].message and "110***********0044" in issues[0].message


def test_the_export_s_own_headers_through_the_mapping() -> None:
    renamed = ("姓名", "身份证号", "准考证号", "科目名称", "考核成绩", "缺考", "违纪", "状态")
    columns = score_columns({"id_number": "身份证号", "subject": "科目名称", "score": "考核成绩", "absent": "缺考",
                             "misconduct": "违纪", "status": "状态"})
    scores, issues = read(sheet(("张三", A, None, "理论考试", 88, "否", "否", "已发布"), header=renamed),
                          columns=columns)
    assert issues == [] and scores == [SubjectScore("P1", A, "T", 88.0, status="已发布")]
    with pytest.raises(UnreadableFileError):  # the default headers do not find the renamed ones
        read(sheet(("张三", A, None, "理论考试", 88, None, None, None), header=renamed))
    with pytest.raises(ValueError, match="不是成绩表的列"):
        score_columns({"grade": "分数"})


def test_an_empty_sheet_says_so_and_the_template_is_xcerts_own() -> None:
    assert read(sheet())[1] == [("score-no-data", None)]
    template = score_template()
    assert "xcert 自己的" in str(template.rows[1][0])
    assert template.rows[2] == tuple(("*" if c.required else "") + c.header for c in SCORE_COLUMNS)


# --- the certificate sheet ----------------------------------------------------------------------------------------

AWARD_HEADER = ("姓名", "证件号码", "证书编号", "发证日期")


def result_of(id_number: str, outcome: Outcome) -> CertificateResult:
    return CertificateResult("P1", id_number, "1550001066020254", outcome, ())


@settings(max_examples=200)
@given(outcomes=st.dictionaries(st.sampled_from([A, B, C, D]), st.sampled_from(Outcome), max_size=3),
       rows=st.lists(st.tuples(st.sampled_from([A, B, C, D]), st.sampled_from(["N1", "N2", "N3"]),
                               st.sampled_from([None, "2026-07-15", "2026/7/1", "七月"])), max_size=6),
       stored=st.dictionaries(st.sampled_from(["N1", "N2", "N3"]), st.sampled_from([A, B, C, D]), max_size=2))
def test_no_candidate_gets_a_certificate_number_without_passing(outcomes: dict[str, Outcome],
                                                                 rows: list[tuple[str, str, str | None]],
                                                                 stored: dict[str, str]) -> None:
    results = {id_number: result_of(id_number, outcome) for id_number, outcome in outcomes.items()}
    data = sheet(*((None, i, n, d) for i, n, d in rows), header=AWARD_HEADER)
    awards, issues = read_award_sheet(data, "证书.xlsx", plan(), results, stored)
    assert all(results[a.id_number].outcome is Outcome.PASSED for a in awards)
    numbers = [a.certificate_number for a in awards]
    assert len(numbers) == len(set(numbers))  # one number, one candidate
    assert all(stored.get(a.certificate_number, a.id_number) == a.id_number for a in awards)
    assert len(awards) + len({i.row for i in issues}) == len(rows)  # every row gives a certificate or an issue


def test_every_rule_of_the_certificate_sheet() -> None:
    results = {A: result_of(A, Outcome.PASSED), B: result_of(B, Outcome.FAILED), C: result_of(C, Outcome.PASSED)}
    awards, issues = read_award_sheet(sheet(
        ("张三", A, "1550001066020254000001", "2026-07-15"),   # 3: good
        ("李四", B, "1550001066020254000002", None),           # 4: failed: no certificate
        ("赵六", D, "1550001066020254000003", None),           # 5: not registered
        ("王五", C, "1550001066020254000001", None),           # 6: the number of row 3
        ("王五", C, None, "2026年7月"),                         # 7: no number, a date that is not one
        header=AWARD_HEADER), "证书.xlsx", plan(), results, {"1550001066020254000009": A})
    assert awards == [CertificateAward("P1", A, "1550001066020254000001", dt.date(2026, 7, 15))]
    assert [(i.code, i.row) for i in issues] == [("award-not-passed", 4), ("score-not-registered", 5),
                                                 ("award-number-taken", 6), ("award-cell-missing", 7),
                                                 ("award-date-invalid", 7)]
    assert "未通过" in issues[0].message and B not in issues[0].message
    _, taken = read_award_sheet(sheet(("张三", C, "1550001066020254000009", None), header=AWARD_HEADER),
                                "证书.xlsx", plan(), results, {"1550001066020254000009": A})
    assert [i.code for i in taken] == ["award-number-taken"] and "已导入" in taken[0].message
    assert "xcert 自己的" in str(award_template().rows[1][0])
