"""The workspace: ``xcert.toml`` read and written, found from sub-folders, ``xcert init`` and its refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cli_run import xcert
from xcert_adapters.workspace import (
    CONFIG_NAME,
    Workspace,
    WorkspaceConfig,
    WorkspaceExistsError,
    WorkspaceNotFoundError,
    create_workspace,
    find_workspace,
    parse_config,
)
from xcert_adapters.workspace.rule_settings import RuleConfig
from xcert_core.errors import UnreadableFileError
from xcert_core.issues import IssueSettings
from xcert_core.labels import Severity
from xcert_core.model import Certificate, EvaluationOrganization, School
from xcert_core.reference_data import SAMPLE_CERTIFICATES

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)


@given(code=text.filter(lambda s: s.strip() == s and s), name=text.filter(lambda s: s.strip() == s and s),
       year=st.integers(2000, 2100), seed=st.integers(0, 2**31), per_room=st.integers(0, 9),
       off=st.lists(st.sampled_from(["whitespace-inside", "pinyin-tone-marks"]), unique=True),
       disabled=st.lists(st.sampled_from(["programs", "names"]), unique=True))
def test_config_round_trips_through_toml(code: str, name: str, year: int, seed: int, per_room: int,
                                         off: list[str], disabled: list[str]) -> None:
    rules = RuleConfig(IssueSettings(dict.fromkeys(off, Severity.WARNING)), tuple(disabled))
    config = WorkspaceConfig(school_code=code, school_name=name, year=year, seed=seed,
                             proctors_per_room=per_room, rules=rules)
    assert parse_config(config.to_toml(), CONFIG_NAME) == config


@pytest.mark.parametrize(("text", "says"), [
    ("[school]\ncode = ''\n[workspace]\nyear = 2026\n", "院校代码"),
    ("[school]\ncode = 'A'\n[workspace]\nyear = '2026'\n", "year 应为整数"),
    ("[school]\ncode = 'A'\n[workspace]\nyear = 1900\n", "考试年份"),
    ("[school]\ncode = 'A'\n[workspace]\nyear = 2026\nstorage = 'xcert.db'\n", "存储地址"),
    ("[school\n", "TOML"),
    ("school = 3\n", "[school] 应为一个表"),
    ("[school]\ncode = 'A'\n[workspace]\nyear = 2026\n[schedulee]\nseed = 1\n", "未知的设置表 [schedulee]"),
    ("[school]\ncode = 'A'\nfoo = 1\n[workspace]\nyear = 2026\n", "[school] 中没有设置“foo”"),
    ("[school]\ncode = 'A'\n[workspace]\nyear = 2026\n[schedule]\nproctors_per_room = -3\n", "0 到 20"),
])
def test_malformed_config_is_refused_with_the_setting_named(text: str, says: str) -> None:
    with pytest.raises(UnreadableFileError) as caught:
        parse_config(text, "xcert.toml")
    assert says in caught.value.reason


def test_relative_sqlite_path_is_relative_to_the_workspace(tmp_path: Path) -> None:
    config = WorkspaceConfig(school_code="A", school_name="甲", year=2026)
    assert config.resolved_storage_url(tmp_path) == f"sqlite:///{tmp_path.resolve() / 'xcert.db'}"
    absolute = WorkspaceConfig(school_code="A", school_name="甲", year=2026, storage_url="sqlite:////x/y.db")
    assert absolute.resolved_storage_url(tmp_path) == "sqlite:////x/y.db"
    pg = WorkspaceConfig(school_code="A", school_name="甲", year=2026, storage_url="postgresql://u@h/d")
    assert pg.resolved_storage_url(tmp_path) == "postgresql://u@h/d"


def test_create_stores_school_organisation_and_sample_certificates(tmp_path: Path) -> None:
    config = WorkspaceConfig(school_code="4133010001", school_name="示范职业技术学院", year=2026)
    with create_workspace(tmp_path / "ws", config) as workspace:
        storage = workspace.storage
        assert storage.get(School, ("4133010001",)).name == "示范职业技术学院"
        assert storage.get(EvaluationOrganization, (config.organization_code,)).name == config.organization_name
        assert storage.list(Certificate) == sorted(SAMPLE_CERTIFICATES, key=lambda c: c.key)
    with pytest.raises(WorkspaceExistsError):
        create_workspace(tmp_path / "ws", config)
    deep = tmp_path / "ws" / "a" / "b"
    deep.mkdir(parents=True)
    assert find_workspace(deep) == (tmp_path / "ws").resolve()
    with Workspace.open(start=deep, env={}) as found:
        assert found.root == (tmp_path / "ws").resolve() and found.storage.count(Certificate) == 6
    with Workspace.open(env={"XCERT_WORKSPACE": str(tmp_path / "ws")}) as by_env:
        assert by_env.config == config


def test_editing_the_school_in_the_file_updates_the_stored_school(tmp_path: Path) -> None:
    config = WorkspaceConfig(school_code="A1", school_name="旧名", year=2026)
    create_workspace(tmp_path, config).close()
    path = tmp_path / CONFIG_NAME
    path.write_text(path.read_text("utf-8").replace("旧名", "新名"), "utf-8")
    with Workspace.open(tmp_path, env={}) as workspace:
        assert workspace.storage.get(School, ("A1",)).name == "新名"


def test_no_workspace_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceNotFoundError, match="xcert init"):
        Workspace.open(start=tmp_path, env={})
    with pytest.raises(WorkspaceNotFoundError, match="不是 xcert 工作区"):
        Workspace.open(tmp_path, env={})


def test_unopenable_storage_leaves_no_half_workspace(tmp_path: Path) -> None:
    config = WorkspaceConfig(school_code="A", school_name="甲", year=2026, storage_url="nosuch://x")
    with pytest.raises(Exception, match="nosuch"):
        create_workspace(tmp_path, config)
    assert not (tmp_path / CONFIG_NAME).exists()


def test_init_command(tmp_path: Path) -> None:
    folder = tmp_path / "报考2026"
    result = xcert("init", str(folder), "--school-code", "4133010001", "--school", "示范职业技术学院",
                   "--year", "2026", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert Path(report["config"]) == folder.resolve() / CONFIG_NAME
    assert (folder / "xcert.db").is_file() and (folder / "photos").is_dir()
    again = xcert("init", str(folder), "--school-code", "X", "--school", "乙")
    assert again.returncode == 2 and "已经是 xcert 工作区" in again.stderr
    assert "4133010001" in (folder / CONFIG_NAME).read_text("utf-8")  # the first workspace is untouched
    missing = xcert("init", str(tmp_path / "x"))
    assert missing.returncode == 2 and "--school-code" in missing.stderr


def test_init_records_the_evaluation_organisation_given(tmp_path: Path) -> None:
    """``--organization-code`` and ``--organization`` name the 培训评价组织 whose plans the workspace takes: kept in
    xcert.toml and stored, so plans and tickets carry it."""
    folder = tmp_path / "ws"
    made = xcert("init", str(folder), "--school-code", "4133010001", "--school", "示范职业技术学院",
                 "--organization-code", "ztjy", "--organization", "中天教育科技有限公司", "--json")
    assert made.returncode == 0, made.stderr
    config = parse_config((folder / CONFIG_NAME).read_text("utf-8"), CONFIG_NAME)
    assert (config.organization_code, config.organization_name) == ("ztjy", "中天教育科技有限公司")
    with Workspace.open(folder, env={}) as workspace:
        assert [(o.code, o.name) for o in workspace.storage.list(EvaluationOrganization)] == [
            ("ztjy", "中天教育科技有限公司")]


def test_a_deleted_database_is_refused_not_recreated_empty(tmp_path: Path) -> None:
    create_workspace(tmp_path, WorkspaceConfig(school_code="A1", school_name="甲", year=2026)).close()
    (tmp_path / "xcert.db").unlink()
    result = xcert("--workspace", str(tmp_path), "status")
    assert result.returncode == 2 and "不存在" in result.stderr
    assert not (tmp_path / "xcert.db").exists()


def test_passwords_in_storage_urls_are_never_shown(tmp_path: Path) -> None:
    result = xcert("init", str(tmp_path / "w"), "--school-code", "A1", "--school", "甲",
                   "--db", "postgresql://admin:hunter2@127.0.0.1:1/nodb")
    assert result.returncode == 2 and "hunter2" not in result.stderr + result.stdout
    assert "admin@127.0.0.1" in result.stderr  # the password is not even in the URL xcert keeps
    assert "sqlalche.me" not in result.stderr  # SQLAlchemy's English pointer is not for a school
    assert not (tmp_path / "w" / CONFIG_NAME).exists()


@pytest.mark.parametrize("driver", ["psycopg2", "asyncpg", "pg8000"])
def test_a_postgresql_driver_other_than_psycopg_is_refused_by_name(tmp_path: Path, driver: str) -> None:
    """The storage writes (``COPY``) and lists through psycopg's own connection, so another driver is named and
    refused before any connection, with the URL to write instead; the password is never shown."""
    result = xcert("init", str(tmp_path / "w"), "--school-code", "A1", "--school", "甲",
                   "--db", f"postgresql+{driver}://admin:hunter2@127.0.0.1:1/nodb")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"不支持 {driver}" in result.stderr and "postgresql+psycopg://" in result.stderr
    assert "hunter2" not in result.stderr + result.stdout
    assert not (tmp_path / "w" / CONFIG_NAME).exists()


def test_blank_codes_and_unwritable_outputs_are_usage_errors(tmp_path: Path) -> None:
    blank = xcert("init", str(tmp_path / "w"), "--school-code", " ", "--school", "甲")
    assert blank.returncode == 2 and "Traceback" not in blank.stderr
    assert not (tmp_path / "w").exists() or not any((tmp_path / "w").iterdir())
    unwritable = xcert("students", "template", str(tmp_path / "no" / "such" / "folder" / "t.xlsx"))
    assert unwritable.returncode == 2 and "无法读写文件" in unwritable.stderr
