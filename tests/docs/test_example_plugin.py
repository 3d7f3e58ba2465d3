"""The example third-party plug-in in docs/examples/xcert-example-plugin, installed the way an editable install
leaves it and used by a real ``xcert`` process: its rule family fires in ``xcert students check``, its renderer
and issue codes are listed, and its own tests (xcert's renderer contract suite among them) pass.

Installing builds nothing and needs no network: :func:`install_example_plugin` writes the ``.dist-info``
that ``pip install -e`` would write (metadata and the entry points, read from the plug-in's ``pyproject.toml``)
and puts it and the plug-in's ``src`` on ``PYTHONPATH``. ``importlib.metadata`` then finds the ``xcert``
entry point exactly as it finds an installed distribution's.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from stdnum.cn import ric

from cli_run import xcert
from roster_files import write_roster_xlsx

PLUGIN = Path(__file__).resolve().parents[2] / "docs" / "examples" / "xcert-example-plugin"
ENTRY_POINT = "example-school"
CORE_ISSUES = [(None, "program-catalogue-not-loaded", "warning")]
"""What the core says about the test roster: no program catalogue given (a warning, exit 0)."""


def install_example_plugin(target: Path) -> dict[str, str]:
    """Make the plug-in importable and discoverable from ``target``; returns the environment to run with."""
    pyproject = tomllib.loads((PLUGIN / "pyproject.toml").read_text("utf-8"))
    project = pyproject["project"]
    name = re.sub(r"[-_.]+", "_", project["name"]).lower()
    dist_info = target / f"{name}-{project['version']}.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n"
        + "".join(f"Requires-Dist: {requirement}\n" for requirement in project["dependencies"]),
        "utf-8",
    )
    groups = project["entry-points"]
    (dist_info / "entry_points.txt").write_text(
        "".join(f"[{group}]\n" + "".join(f"{key} = {value}\n" for key, value in points.items()) + "\n"
                for group, points in groups.items()),
        "utf-8",
    )
    path = [str(target), str(PLUGIN / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {"PYTHONPATH": os.pathsep.join(path)}


@pytest.fixture(scope="module")
def plugin_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return install_example_plugin(tmp_path_factory.mktemp("site"))


def id_number(birth_year: int, sequence: int) -> str:
    """A valid resident ID number from Taiyuan (140105); an odd ``sequence`` is a man's, an even a woman's."""
    body = f"140105{birth_year}0315{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    """Four students, valid by the platform's rules: rows 4 and 5 share a mobile number, row 7 enrolled five
    years ago (rows 1-3 are the template's title, notes and header). Years count from today, so the file
    stays right whatever year the tests run in."""
    year = dt.date.today().year
    rows = [
        ("张三丰", "Zhang Sanfeng", "男", "身份证", id_number(year - 17, 1), "13812345678", str(year)),
        ("欧阳娜娜", "Ouyang Nana", "女", "身份证", id_number(year - 17, 2), "13812345678", str(year)),
        ("王芳", "Wang Fang", "女", "身份证", id_number(year - 18, 4), "13912345678", str(year - 1)),
        ("李四", "Li Si", "男", "身份证", id_number(year - 20, 3), "13712345678", str(year - 5)),
    ]
    return write_roster_xlsx(tmp_path / "学生名单.xlsx",
                             [(*row, "中专", "计算机平面设计", "090300", "2010") for row in rows])


def test_the_plugins_pyproject_publishes_one_xcert_entry_point() -> None:
    pyproject = tomllib.loads((PLUGIN / "pyproject.toml").read_text("utf-8"))
    assert pyproject["build-system"]["build-backend"]
    assert pyproject["project"]["entry-points"]["xcert"] == {ENTRY_POINT: "xcert_example.plugin"}
    assert (PLUGIN / "README.md").is_file()


def test_xcert_plugins_lists_the_plugin_with_its_rule_family_and_renderer(plugin_env: dict[str, str]) -> None:
    result = xcert("plugins", "--json", env=plugin_env)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["plugins"][-1] == ENTRY_POINT  # third parties load after every built-in
    adapters = {(a["kind"], a["name"]): a["plugin"] for a in report["adapters"]}
    assert adapters[("rule", "school-policy")] == ENTRY_POINT
    assert adapters[("renderer", "html")] == ENTRY_POINT
    assert adapters[("renderer", "pdf")] == "pdf-renderer"  # added to, not replaced


def test_without_the_plugin_nothing_of_it_is_listed() -> None:
    report = json.loads(xcert("plugins", "--json").stdout)
    assert ENTRY_POINT not in report["plugins"]
    assert "html" not in {a["name"] for a in report["adapters"] if a["kind"] == "renderer"}


def test_xcert_codes_catalogues_the_plugins_issue_types(plugin_env: dict[str, str]) -> None:
    codes = {entry["code"]: entry for entry in json.loads(xcert("codes", "--json", env=plugin_env).stdout)}
    assert codes["example-mobile-shared"]["severity"] == "warning"
    assert codes["example-cohort-too-old"]["family"] == "school-policy"


def test_students_check_runs_the_plugins_rules(plugin_env: dict[str, str], roster: Path) -> None:
    result = xcert("students", "check", str(roster), "--json", env=plugin_env)
    assert result.returncode == 1, result.stdout + result.stderr  # the cohort rule is an error
    issues = [(i["row"], i["code"], i["severity"]) for i in json.loads(result.stdout)["issues"]]
    assert issues == [
        *CORE_ISSUES,
        (4, "example-mobile-shared", "warning"),
        (5, "example-mobile-shared", "warning"),
        (7, "example-cohort-too-old", "error"),
    ]
    assert "13812345678" not in result.stdout and "138****5678" in result.stdout  # personal data masked


def test_the_same_roster_is_clean_with_the_plugin_disabled(plugin_env: dict[str, str], roster: Path) -> None:
    result = xcert("students", "check", str(roster), "--json", env={**plugin_env, "XCERT_DISABLE_PLUGINS": ENTRY_POINT})
    assert result.returncode == 0, result.stdout + result.stderr
    assert [(i["row"], i["code"], i["severity"]) for i in json.loads(result.stdout)["issues"]] == CORE_ISSUES


def test_a_workspace_setting_downgrades_the_plugins_error(plugin_env: dict[str, str], roster: Path,
                                                         tmp_path: Path) -> None:
    settings = tmp_path / "rules.toml"
    settings.write_text('[rules.severity]\n"example-cohort-too-old" = "warning"\n', "utf-8")
    result = xcert("students", "check", str(roster), "--json", "--settings", str(settings), env=plugin_env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert {i["severity"] for i in json.loads(result.stdout)["issues"]} == {"warning"}


def test_the_html_renderer_renders_tickets_in_a_real_process(plugin_env: dict[str, str], tmp_path: Path) -> None:
    code = (
        "from pathlib import Path\n"
        "from xcert_core.model import AdmissionTicket\n"
        "from xcert_core.plugins import make_plugin_manager\n"
        "from xcert_core.registry import AdapterKind\n"
        "from xcert_core.testing.renderer_contract import sample_documents\n"
        "renderer = make_plugin_manager().create(AdapterKind.RENDERER, 'html')\n"
        f"print(sorted(renderer.render(sample_documents(AdmissionTicket), Path({str(tmp_path / 't.html')!r}))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False,
                            env={**os.environ, **plugin_env})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    page = (tmp_path / "t.html").read_text("utf-8")
    assert page.count('<section class="ticket">') == 3 and "准考证号 202506140001" in page


def test_the_plugins_own_tests_pass_with_the_contract_suites(plugin_env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(PLUGIN / "tests")],
        capture_output=True, text=True, timeout=300, check=False, cwd=PLUGIN, env={**os.environ, **plugin_env},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    passed = re.search(r"(\d+) passed", result.stdout)
    assert passed and int(passed.group(1)) >= 10, result.stdout
    assert "TestHtmlTicketRenderer::test_satisfies_the_renderer_protocol" not in result.stdout  # ran, not failed
