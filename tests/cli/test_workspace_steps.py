"""Steps 1, 2 and 6 in a workspace through the real CLI: quota, sites, plans, the all-or-nothing registration
import against the stored roster, and the readiness checklist (``xcert status``). The import's and the
withdrawals' properties on every storage are in ``tests/core/test_registration_import_properties.py``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_run import xcert
from test_registration_import_properties import PLAN
from test_schedule_cli import ident, write_xlsx
from xcert_adapters.workspace import Workspace
from xcert_core.labels import CertificateLevel, Gender, IdType, VerificationState
from xcert_core.model import Candidate, ExamPlan, PilotApplication, Registration, Subject

CERT = "1550001066010252"  # 数字媒体交互设计 初级
NAME = "数字媒体交互设计职业技能等级证书"
REG_HEADER = ("*考生姓名", "*证件号码", "*考生类型", "*证书编号", "*报考证书", "*证书等级", "*考核站点编号",
              "*考核站点名称")


def run(workspace: Path, *args: str | Path) -> tuple[int, dict[str, object]]:
    result = xcert("--workspace", str(workspace), *map(str, args), "--json")
    assert result.returncode in (0, 1), result.stdout + result.stderr
    return result.returncode, json.loads(result.stdout)


def candidate(n: int, state: VerificationState = VerificationState.VERIFIED) -> Candidate:
    return Candidate("4133010001", f"考生{n}", f"Kao Sheng{n}", Gender.MALE, IdType.RESIDENT_ID, ident(n),
                     "13812345678", 2024, None, None, None, None, state=state)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    assert xcert("init", str(folder), "--school-code", "4133010001", "--school", "示范职业技术学院",
                 "--year", "2026").returncode == 0
    (tmp_path / "plan.toml").write_text(PLAN, "utf-8")
    assert run(folder, "plans", "import", tmp_path / "plan.toml")[0] == 0
    return folder


def registrations_file(path: Path, numbers: list[int], names: dict[int, str] | None = None) -> Path:
    rows = [((names or {}).get(n, f"考生{n}"), ident(n), "院校考生", CERT, NAME, "初级", "S001", "信息楼考点")
            for n in numbers]
    return write_xlsx(path, "按证书批量导入报考模板", REG_HEADER, rows)


def test_quota_sites_plans_and_registration_import(workspace: Path, tmp_path: Path) -> None:
    with Workspace.open(workspace, env={}) as ws:
        ws.storage.add_all([candidate(n) for n in range(1, 6)] + [candidate(9, VerificationState.NEEDS_REVIEW)])
        plan = ws.storage.get(ExamPlan, ("P1",))
        assert plan.subjects[1] == Subject("P", "实操考试", plan.subjects[1].kind, 90)
        assert plan.organization_code == ws.config.organization_code and plan.level is CertificateLevel.ELEMENTARY
    good = registrations_file(tmp_path / "报考.xlsx", [1, 2, 3])

    code, out = run(workspace, "registrations", "import", good)  # no quota, no site yet: refused, nothing stored
    assert code == 1 and out["registered"] == 0
    assert {i["code"] for i in out["issues"]} >= {"reg-no-approved-application", "reg-site-not-accepting"}

    assert run(workspace, "quota", "set", CERT, "--approved", "4")[0] == 0
    assert run(workspace, "sites", "add", "S001", "--name", "信息楼考点", "--certificate", CERT)[0] == 0
    code, out = run(workspace, "registrations", "import", good)
    assert code == 1 and {i["code"] for i in out["issues"]} == {"reg-site-not-accepting"}  # site not approved yet
    for action in ("submit", "approve"):
        assert run(workspace, "sites", "review", "S001", action)[0] == 0

    code, out = run(workspace, "registrations", "import", good)
    assert (code, out["registered"], out["issues"]) == (0, 3, [])
    code, out = run(workspace, "registrations", "import", good)  # the same file again: nothing new, no error
    assert (code, out["registered"], out["unchanged"], out["issues"]) == (0, 0, 3, [])
    # a second file: one name differs from the roster, one candidate is not verified, one over quota
    bad = registrations_file(tmp_path / "报考2.xlsx", [4, 5, 9], {4: "考生四"})
    code, out = run(workspace, "registrations", "import", bad)
    assert code == 1 and out["registered"] == 0
    found = {(i["row"], i["code"]) for i in out["issues"]}  # type: ignore[attr-defined]
    assert found >= {(4, "reg-name-mismatch"), (6, "reg-candidate-not-verified")}
    with Workspace.open(workspace, env={}) as ws:
        assert ws.storage.get(PilotApplication, ("4133010001", CERT, "2026", "1")).used_quota == 3
        registered = ws.storage.list(Registration, plan_code="P1")
        assert sorted(r.id_number for r in registered) == sorted(ident(n) for n in (1, 2, 3))
        assert all(r.subject_codes == ("T", "P") for r in registered)
    code, out = run(workspace, "registrations", "import", registrations_file(tmp_path / "报考3.xlsx", [4, 5]))
    assert code == 1 and [i["code"] for i in out["issues"]] == ["reg-quota-exhausted"]  # 2 rows, 1 place left

    code, out = run(workspace, "quota", "list")
    assert out["applications"][0]["used"] == 3 and out["applications"][0]["remaining"] == 1
    moved = tmp_path / "moved.toml"  # the plan now names another certificate: its registrations' quota would be lost
    moved.write_text(PLAN.replace(CERT, "1550001066020254", 1), "utf-8")
    refused = xcert("--workspace", str(workspace), "plans", "import", str(moved))
    assert refused.returncode == 2 and "已有 3 条报考" in refused.stderr
    assert xcert("--workspace", str(workspace), "quota", "set", CERT, "--approved", "2").returncode == 2  # < used


def test_status_walks_the_steps(workspace: Path, tmp_path: Path) -> None:
    code, out = run(workspace, "status")
    steps = {s["step"]: s for s in out["steps"]}  # type: ignore[attr-defined]
    assert code == 1 and out["ready"] is False and sorted(steps) == list(range(1, 13))
    assert steps[1]["ok"] is False and "quota set" in steps[1]["next"]
    assert steps[3]["ok"] is False and "students import" in steps[3]["next"]
    with Workspace.open(workspace, env={}) as ws:
        ws.storage.add_all([candidate(1), candidate(2, VerificationState.NO_PHOTO)])
    code, out = run(workspace, "status")
    steps = {s["step"]: s for s in out["steps"]}  # type: ignore[attr-defined]
    assert steps[3]["ok"] is True and steps[4]["ok"] is False and "1 名考生缺照片" in steps[4]["detail"]
    assert steps[6]["ok"] is False and "1 名信息准确的考生尚未报考" in steps[6]["detail"]
    text = xcert("--workspace", str(workspace), "status")
    assert text.returncode == 1 and "下一步：xcert photos import" in text.stdout


def test_commands_outside_a_workspace_exit_2(tmp_path: Path) -> None:
    result = xcert("--workspace", str(tmp_path), "status")
    assert result.returncode == 2 and "xcert init" in result.stderr and "Traceback" not in result.stderr


def test_bad_plan_file_exit_2(workspace: Path, tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text(PLAN.replace("closes = 2099-12-31", "closes = 2025-12-31"), "utf-8")
    result = xcert("--workspace", str(workspace), "plans", "import", str(tmp_path / "bad.toml"))
    assert result.returncode == 2 and "closes" in result.stderr


def test_catalogue_reviews_enable_and_lists(workspace: Path, tmp_path: Path) -> None:
    catalogue = tmp_path / "证书目录.csv"
    catalogue.write_text("证书编号,证书名称,证书等级,颁证机构,对应专业代码\n"
                         "1550001066010252,数字媒体交互设计职业技能等级证书,初级,凤凰新联合,510204；510201\n"
                         "9990001066020001,网店运营推广职业技能等级证书,中级,某评价组织,\n", "utf-8")
    code, out = run(workspace, "certificates", "import", catalogue)
    assert code == 0 and (out["certificates"], out["changed"]) == (2, 2)
    listed = {c["code"]: c for c in run(workspace, "certificates", "list")[1]["certificates"]}  # type: ignore[union-attr]
    assert len(listed) == 7 and listed[CERT]["program_codes"] == ["510204", "510201"]
    assert run(workspace, "certificates", "import", catalogue)[1]["changed"] == 0  # the same file again

    # a name copied from a list that prints the level ("…证书（中级）") loses it: the level is 证书等级's, so the
    # name never reads "…（中级）（中级）"; a bracketed level that contradicts 证书等级 is refused, naming the row
    levelled = tmp_path / "带等级的目录.csv"
    levelled.write_text("证书编号,证书名称,证书等级\n9990001066020001,网店运营推广职业技能等级证书(中级),中级\n",
                        "utf-8")
    assert run(workspace, "certificates", "import", levelled)[0] == 0
    listed = {c["code"]: c for c in run(workspace, "certificates", "list")[1]["certificates"]}  # type: ignore[union-attr]
    assert listed["9990001066020001"]["name"] == "网店运营推广职业技能等级证书"
    levelled.write_text("证书编号,证书名称,证书等级\n9990001066020001,网店运营推广职业技能等级证书（初级）,中级\n",
                        "utf-8")
    contradicted = xcert("--workspace", str(workspace), "certificates", "import", str(levelled))
    assert contradicted.returncode == 2 and "第2行的证书名称写着“初级”，证书等级却是“中级”" in contradicted.stderr

    assert run(workspace, "quota", "set", CERT, "--approved", "5", "--status", "未提交")[0] == 0
    for action, status in (("submit", "待审核"), ("return", None), ("submit", "待审核"), ("approve", "审核通过")):
        extra = ("--reason", "材料不全") if action == "return" else ()
        code, out = run(workspace, "quota", "review", CERT, action, *extra)
        assert code == 0 and out["application"]["status"] == (status or "审核退回")  # type: ignore[index]
    refused = xcert("--workspace", str(workspace), "quota", "review", CERT, "return")  # approved: no return
    assert refused.returncode == 2 and "审核通过" in refused.stderr

    assert run(workspace, "sites", "add", "S9", "--name", "站点", "--certificate", CERT, "--approved")[0] == 0
    assert run(workspace, "sites", "enable", "S9", "--disable")[1]["site"]["site_status"] == "已停用"  # type: ignore[index]
    steps = {s["step"]: s for s in run(workspace, "status")[1]["steps"]}  # type: ignore[attr-defined]
    assert steps[2]["ok"] is False and CERT in steps[2]["detail"]  # a disabled site accepts nobody
    assert run(workspace, "sites", "enable", "S9")[1]["site"]["site_status"] == "已启用"  # type: ignore[index]
    missing = xcert("--workspace", str(workspace), "sites", "review", "NOPE", "approve")
    assert missing.returncode == 2 and "sites add" in missing.stderr
    unknown = xcert("--workspace", str(workspace), "sites", "add", "S8", "--name", "x", "--certificate", "123")
    assert unknown.returncode == 2 and "certificates import" in unknown.stderr

    plans = run(workspace, "plans", "list")[1]["plans"]  # type: ignore[index]
    assert [(p["code"], p["registrations"], len(p["sessions"])) for p in plans] == [("P1", 0, 2)]

    # #24: a site and a plan nothing uses are removed, audited; a reason is required
    assert xcert("--workspace", str(workspace), "sites", "remove", "S9").returncode == 2
    assert run(workspace, "sites", "remove", "S9", "--reason", "不再使用")[0] == 0
    assert "S9" not in {s["code"] for s in run(workspace, "sites", "list")[1]["sites"]}  # type: ignore[index]
    assert run(workspace, "plans", "remove", "P1", "--reason", "计划取消")[0] == 0
    assert run(workspace, "plans", "list")[1]["plans"] == []  # type: ignore[index]
    log = run(workspace, "audit")[1]["entries"]  # type: ignore[index]
    assert {("sites.remove", "不再使用"), ("plans.remove", "计划取消")} <= {(e["action"], e["detail"]) for e in log}


def test_the_schools_severity_settings_decide_what_is_stored(workspace: Path, tmp_path: Path) -> None:
    """A code the school turned into a warning no longer blocks the import: stored and exit code agree."""
    with Workspace.open(workspace, env={}) as ws:
        ws.storage.add_all([candidate(n) for n in range(1, 4)])
    assert run(workspace, "quota", "set", CERT, "--approved", "9")[0] == 0
    assert run(workspace, "sites", "add", "S001", "--name", "信息楼考点", "--certificate", CERT, "--approved")[0] == 0
    typo = registrations_file(tmp_path / "报考.xlsx", [1, 2, 3], {2: "考生二"})
    code, out = run(workspace, "registrations", "import", typo)
    assert (code, out["registered"]) == (1, 0)
    config = workspace / "xcert.toml"
    setting = '[rules.severity]\n"reg-name-mismatch" = "warning"'
    config.write_text(config.read_text("utf-8").replace("[rules.severity]", setting), "utf-8")
    code, out = run(workspace, "registrations", "import", typo)
    assert (code, out["registered"]) == (0, 3)
    assert [i["severity"] for i in out["issues"]] == ["warning"]  # type: ignore[index]


def test_the_pilot_pages_words_and_a_batch_in_words_are_taken_as_typed(workspace: Path) -> None:
    """The certificate pilot page says 审核中 where the site page says 待审核 (issue 17); a batch typed in words
    is not wrapped twice ("第 第一次 批")."""
    code, out = run(workspace, "quota", "set", CERT, "--approved", "5", "--status", "审核中")
    assert code == 0 and out["application"]["status"] == "待审核"  # type: ignore[index]
    shown = xcert("--workspace", str(workspace), "quota", "set", CERT, "--approved", "5", "--batch", "第一次")
    assert shown.returncode == 0 and "2026 年第一次，" in shown.stdout and "第 第一次 批" not in shown.stdout
    numbered = xcert("--workspace", str(workspace), "quota", "set", CERT, "--approved", "5", "--batch", "2")
    assert "2026 年第 2 批，" in numbered.stdout
