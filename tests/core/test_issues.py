"""The issue model: catalogued types, masking, severity settings, reports, and the catalogue's coverage."""

from __future__ import annotations

import ast
import importlib
import json
import pkgutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import xcert_adapters
import xcert_core
from xcert_core.errors import DuplicateIssueCodeError, UnknownIssueCodeError
from xcert_core.issue_types import SETTINGS_UNKNOWN_CODE
from xcert_core.issues import (
    Issue,
    IssueCatalogue,
    IssueCollector,
    IssueSettings,
    IssueType,
    PersonalData,
    issue_type,
)
from xcert_core.labels import Severity
from xcert_core.plugins import make_plugin_manager
from xcert_core.serialization import ISSUE_FIELDS, converter, issue_json

ID_CHECKSUM = IssueType(
    code="id-number-checksum", title="证件号码校验位错误", title_en="ID number check digit wrong",
    message="证件号码校验位应为{expected}", message_en="check digit should be {expected}",
    suggestion="请核对证件号码最后一位（应为{expected}）", personal=PersonalData.ID_NUMBER, family="roster",
)


def test_issue_type_makes_located_issue_with_masked_value() -> None:
    issue = ID_CHECKSUM.at(row=7, column="证件号码", file="名单.xlsx", value="110101199003074513", expected="4")
    assert issue == Issue(
        code="id-number-checksum", severity=Severity.ERROR, message="证件号码校验位应为4",
        message_en="check digit should be 4", row=7, column="证件号码", file="名单.xlsx",
        value="110***********4513", suggestion="请核对证件号码最后一位（应为4）",
    )
    assert issue.location == "名单.xlsx 第7行 证件号码列"


def test_missing_template_parameter_is_a_programmer_error() -> None:
    with pytest.raises(KeyError):
        ID_CHECKSUM.at(row=1)


@pytest.mark.parametrize("code", ["ID-number", "id_number", "-id", "id--number", "", "1id"])
def test_codes_are_kebab_case(code: str) -> None:
    with pytest.raises(ValueError, match="kebab-case"):
        IssueType(code=code, title="t", title_en="t", message="m", message_en="m")


def test_catalogue_refuses_a_second_definition() -> None:
    catalogue = IssueCatalogue([ID_CHECKSUM, ID_CHECKSUM])
    assert len(catalogue) == 1
    with pytest.raises(DuplicateIssueCodeError):
        catalogue.add(IssueType(code="id-number-checksum", title="x", title_en="x", message="x", message_en="x"))
    with pytest.raises(UnknownIssueCodeError):
        catalogue.get("no-such-code")


def test_collector_refuses_uncatalogued_codes() -> None:
    collector = IssueCollector(IssueCatalogue([ID_CHECKSUM]))
    with pytest.raises(UnknownIssueCodeError):
        collector.add(Issue(code="made-up", severity=Severity.ERROR, message="?"))


def test_settings_change_severity_or_turn_a_code_off() -> None:
    catalogue = IssueCatalogue([ID_CHECKSUM, SETTINGS_UNKNOWN_CODE])
    issue = ID_CHECKSUM.at(row=2, expected="X")
    demoted = IssueCollector(catalogue, IssueSettings({"id-number-checksum": Severity.WARNING}))
    demoted.add(issue)
    report = demoted.report("a.xlsx")
    assert [i.severity for i in report] == [Severity.WARNING]
    assert (report.exit_code, report.has_errors, len(report.warnings)) == (0, False, 1)
    off = IssueCollector(catalogue, IssueSettings({"id-number-checksum": None}))
    off.add(issue)
    assert len(off.report()) == 0
    assert IssueSettings({"id-numbr-checksum": None}).unknown_codes(catalogue) == ["id-numbr-checksum"]


@given(st.lists(st.sampled_from([Severity.ERROR, Severity.WARNING])))
def test_report_exit_code_is_one_exactly_when_an_error_exists(severities: list[Severity]) -> None:
    collector = IssueCollector(IssueCatalogue([ID_CHECKSUM]))
    collector.extend(ID_CHECKSUM.at(row=n, expected="1").with_severity(s) for n, s in enumerate(severities))
    report = collector.report()
    assert report.exit_code == (1 if Severity.ERROR in severities else 0)
    assert len(report.errors) + len(report.warnings) == len(severities)
    assert report.counts_by_code()["id-number-checksum"] == len(severities)


def all_issue_types_defined_in_source() -> dict[str, IssueType]:
    found: dict[str, IssueType] = {}
    for package in (xcert_core, xcert_adapters):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if info.name.startswith("xcert_core.testing"):
                continue
            module = importlib.import_module(info.name)
            for value in vars(module).values():
                if isinstance(value, IssueType):
                    found[f"{info.name}:{value.code}"] = value
    return found


def test_each_package_keeps_its_issue_types_in_its_issue_types_module() -> None:
    """Findability (#15 item 5): an issue type is defined — built by the one constructor, never by ``IssueType``
    directly — in its package's ``issue_types.py`` and nowhere else; other modules import it from there."""
    made_elsewhere, made_directly = [], []
    for path in sorted(Path(xcert_core.__file__).parent.rglob("*.py")) + sorted(
            Path(xcert_adapters.__file__).parent.rglob("*.py")):
        if path.parts[-2:] == ("issues", "types.py") or "testing" in path.parts:
            continue  # the constructor itself; the test kit's sample types
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                where = f"{path.name}:{node.lineno}"
                if node.func.id == "IssueType":
                    made_directly.append(where)
                elif node.func.id == "issue_type" and path.name != "issue_types.py":
                    made_elsewhere.append(where)
    assert made_directly == [], "issue types built with IssueType(...) instead of issue_type(...)"
    assert made_elsewhere == [], "issue types defined outside their package's issue_types.py"


def test_every_issue_type_in_the_source_is_catalogued() -> None:
    catalogue = make_plugin_manager(env={"XCERT_DISABLE_PLUGINS": "*"}).catalogue
    defined = all_issue_types_defined_in_source()
    assert defined, "expected at least the core's own issue types"
    missing = sorted(where for where, issue_type in defined.items() if catalogue.get(issue_type.code) != issue_type)
    assert missing == [], "issue types defined but not registered through xcert_register_issue_types"


def test_catalogue_markdown_lists_every_code() -> None:
    catalogue = make_plugin_manager(env={}).catalogue
    page = catalogue.to_markdown()
    for each in catalogue:
        assert f"`{each.code}`" in page


@given(st.text(min_size=0, max_size=3000))
def test_long_values_are_shortened_in_messages_never_lost_from_short_ones(text: str) -> None:
    """A cell pasted full of text must not flood the report; a normal value is shown whole."""
    from xcert_core.issues.types import MAX_SHOWN  # noqa: PLC0415

    kind = issue_type("test", "test-value", title="值有误", title_en="Bad value", message="值“{value}”有误。",
                      suggestion="改为“{value}”")
    issue = kind.at(row=4, column="学生姓名", value=text)
    assert len(issue.message) <= len("值“”有误。") + MAX_SHOWN + 20
    assert issue.suggestion is not None and len(issue.suggestion) <= len("改为“”") + MAX_SHOWN + 20
    if len(text) <= MAX_SHOWN:
        assert issue.message == f"值“{text}”有误。"
    else:
        assert issue.message.startswith(f"值“{text[:MAX_SHOWN // 2]}…（共 {len(text)} 字）")
    assert issue.value == text  # the value itself is kept whole for the marked-up workbook and JSON


TEXT_OR_NONE = st.none() | st.text(max_size=12)


@given(st.builds(Issue, code=st.from_regex(r"[a-z]+(-[a-z0-9]+)*", fullmatch=True), severity=st.sampled_from(Severity),
                 message=st.text(max_size=12), message_en=st.text(max_size=12),
                 row=st.none() | st.integers(1, 1_048_576), column=TEXT_OR_NONE, file=TEXT_OR_NONE, entry=TEXT_OR_NONE,
                 value=TEXT_OR_NONE, suggestion=TEXT_OR_NONE))
def test_an_issue_s_json_is_the_converter_s(issue: Issue) -> None:
    """``issue_json`` reads the attributes itself, for speed: what it gives is what the converter gives of the
    same fields, in the same order, and it survives JSON."""
    data = converter.unstructure(issue)
    shown = issue_json(issue)
    assert list(shown.items()) == [(name, data.get(name)) for name in ISSUE_FIELDS]
    assert json.loads(json.dumps(shown)) == shown
    assert {type(value) for value in shown.values()} <= {str, int, type(None)}  # the severity too: no enum
