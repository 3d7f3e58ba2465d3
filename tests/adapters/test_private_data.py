"""Issue 23: personal data at rest is private (0600 files, 0700 folders, whatever the umask), temporaries of a
killed run are cleaned by the next one, passwords never stored in ``xcert.toml`` nor shown, an empty or foreign
``xcert.db`` is refused, and photos are stored without their EXIF (a GPS position)."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from cli_run import xcert
from photo_files import exif_with, photo_bytes, write_zip
from roster_files import GOOD_ROWS, write_roster_xlsx
from xcert_adapters.private_files import (
    create_private,
    private_dir,
    remove_dead_leftovers,
    replacing,
    temporary_for,
)
from xcert_adapters.workspace import CONFIG_NAME, Workspace, WorkspaceConfig, create_workspace
from xcert_adapters.workspace.workspace import CREDENTIALS_NAME, PASSWORD_ENV, display_url
from xcert_core.errors import UnreadableFileError, XcertError
from xcert_core.privacy import mask_secrets


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


# --- modes ---------------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("loose_umask")
def test_private_files_and_folders_whatever_the_umask(tmp_path: Path) -> None:
    made = private_dir(tmp_path / "a" / "b")
    assert mode(tmp_path / "a") == mode(made) == 0o700
    existing = tmp_path / "桌面"
    existing.mkdir(mode=0o755)
    private_dir(existing)
    assert mode(existing) == 0o755  # a folder the school already had keeps its mode
    loose = tmp_path / "旧报告.xlsx"
    loose.write_bytes(b"old")
    loose.chmod(0o644)
    create_private(loose)
    assert mode(loose) == 0o600 and loose.read_bytes() == b""


@pytest.mark.usefixtures("loose_umask")
def test_a_failed_write_leaves_the_target_alone_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "准考证-全部.pdf"
    target.write_bytes(b"before")
    with pytest.raises(RuntimeError), replacing(target) as temporary:
        temporary.write_bytes(b"half")
        raise RuntimeError
    assert target.read_bytes() == b"before" and [p.name for p in tmp_path.iterdir()] == [target.name]
    with replacing(target) as temporary:
        temporary.write_bytes(b"after")
    assert target.read_bytes() == b"after" and mode(target) == 0o600


def test_leftovers_of_dead_processes_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    dead = dead_pid()
    leftovers = [f".xcert-tmp-{dead}-准考证-全部.pdf", f".tmp-{dead}-桌贴-全部.pdf"]
    for name in leftovers:
        (tmp_path / name).write_bytes(b"partial tickets")
    mine = temporary_for(tmp_path / "门贴-全部.pdf")
    other = tmp_path / "准考证-信息楼301.pdf"
    other.write_bytes(b"%PDF")
    assert sorted(remove_dead_leftovers(tmp_path)) == sorted(leftovers)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([mine.name, other.name])
    assert remove_dead_leftovers(tmp_path / "missing") == []


def test_the_next_documents_run_removes_what_a_killed_one_left(tmp_path: Path) -> None:
    from xcert_adapters.app.pack_files import write_pack  # noqa: PLC0415

    out = tmp_path / "DMI-1"
    out.mkdir()
    stale = out / f".tmp-{dead_pid()}-准考证-全部.pdf"
    stale.write_bytes(b"%PDF-1.4 partial")
    write_pack([], out)
    assert not stale.exists()
    assert mode(out / "manifest.json") == 0o600


# --- the database file -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("content", "said"), [(b"", "空文件"), (b"PK\x03\x04 not a database", "不是 SQLite")])
def test_an_empty_or_foreign_database_is_refused_not_recreated(tmp_path: Path, content: bytes, said: str) -> None:
    create_workspace(tmp_path, WorkspaceConfig(school_code="A1", school_name="甲", year=2026)).close()
    (tmp_path / "xcert.db").write_bytes(content)
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"xcert.db{suffix}").unlink(missing_ok=True)
    result = xcert("--workspace", str(tmp_path), "status")
    assert result.returncode == 2 and said in result.stderr, result.stderr
    assert (tmp_path / "xcert.db").read_bytes() == content  # untouched


@pytest.mark.usefixtures("loose_umask")
def test_an_existing_loose_database_is_tightened_when_opened(tmp_path: Path) -> None:
    create_workspace(tmp_path, WorkspaceConfig(school_code="A1", school_name="甲", year=2026)).close()
    assert mode(tmp_path / "xcert.db") == 0o600 and mode(tmp_path / CONFIG_NAME) == 0o600
    (tmp_path / "xcert.db").chmod(0o644)  # made by an older xcert
    with Workspace.open(tmp_path, env={}) as workspace:
        assert workspace.storage is not None
    assert mode(tmp_path / "xcert.db") == 0o600


# --- passwords ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "postgresql://admin:hunter2@db.example/xcert",
    "postgresql:/admin:hunter2@db.example/xcert",
    "postgresql+psycopg://admin@db.example/xcert?password=hunter2&sslmode=require",
    "postgresql://admin:hunter2 with spaces@db.example/xcert",
    "postgresql://admin:hun@ter2@db.example/xcert",
    "connection failed: host=db.example user=admin password=hunter2 dbname=x",
    "PASSWORD = 'hunter2'",
])
def test_every_form_of_password_is_masked(text: str) -> None:
    shown = mask_secrets(text)
    assert "hunter2" not in shown and "***" in shown
    assert display_url(text) == shown


@given(st.text(alphabet=st.characters(blacklist_characters="\n@"), min_size=1, max_size=20))
def test_any_password_in_a_url_is_masked(password: str) -> None:
    shown = mask_secrets(f"无法连接 postgresql://admin:{password}@127.0.0.1:5432/xcert：超时")
    assert f":{password}@" not in shown and "admin:***@127.0.0.1" in shown


def test_text_without_secrets_is_unchanged() -> None:
    for text in ("sqlite:///xcert.db", "postgresql://admin@db/x", "王老师 wang@school.edu.cn", "a=b"):
        assert mask_secrets(text) == text


@pytest.mark.usefixtures("loose_umask")
def test_init_keeps_the_password_out_of_xcert_toml(tmp_path: Path) -> None:
    from xcert_adapters.workspace.workspace import read_password, storage_password, with_password  # noqa: PLC0415

    url = "postgresql://admin:s3cret%40x@127.0.0.1:1/nodb"
    assert storage_password(url) == "s3cret@x"
    stripped = with_password(url, None)
    assert "s3cret" not in stripped and stripped.startswith("postgresql://admin@127.0.0.1:1/")
    result = xcert("init", str(tmp_path / "w"), "--school-code", "A1", "--school", "甲", "--db", url)
    assert result.returncode == 2 and "s3cret" not in result.stdout + result.stderr  # no server there
    assert not (tmp_path / "w" / CREDENTIALS_NAME).exists()  # a failed init leaves no password behind
    # the files themselves, as create_workspace writes them before it opens the storage
    folder = tmp_path / "v"
    folder.mkdir()
    from xcert_adapters.private_files import write_private_text  # noqa: PLC0415
    from xcert_adapters.workspace.workspace import credentials_text  # noqa: PLC0415

    write_private_text(folder / CREDENTIALS_NAME, credentials_text("s3cret@x"))
    assert read_password(folder / CREDENTIALS_NAME) == "s3cret@x" and mode(folder / CREDENTIALS_NAME) == 0o600
    config = WorkspaceConfig(school_code="A1", school_name="甲", year=2026, storage_url=stripped)
    (folder / CONFIG_NAME).write_text(config.to_toml(), "utf-8")
    workspace = Workspace.open(folder, env={})
    assert "s3cret" not in (folder / CONFIG_NAME).read_text("utf-8")
    assert storage_password(workspace.storage_url) == "s3cret@x"
    os.environ[PASSWORD_ENV] = "from-env"
    try:
        assert storage_password(workspace.storage_url) == "from-env"
    finally:
        del os.environ[PASSWORD_ENV]


def test_a_password_in_xcert_toml_is_refused_with_what_to_do(tmp_path: Path) -> None:
    from xcert_adapters.workspace.config import parse_config  # noqa: PLC0415

    text = WorkspaceConfig(school_code="A1", school_name="甲", year=2026,
                           storage_url="postgresql://admin:hunter2@db/x").to_toml()
    with pytest.raises(UnreadableFileError) as refused:
        parse_config(text, "xcert.toml")
    assert "hunter2" not in str(refused.value) and CREDENTIALS_NAME in refused.value.reason
    assert PASSWORD_ENV in refused.value.reason


def test_a_malformed_credentials_file_is_refused(tmp_path: Path) -> None:
    from xcert_adapters.workspace.workspace import read_password  # noqa: PLC0415

    (tmp_path / CREDENTIALS_NAME).write_text("hunter2\n", "utf-8")
    with pytest.raises(XcertError) as refused:
        read_password(tmp_path / CREDENTIALS_NAME)
    assert "hunter2" not in str(refused.value)


# --- photos ------------------------------------------------------------------------------------------------


def has_gps(data: bytes) -> bool:
    with Image.open(io.BytesIO(data)) as image:
        return 0x8825 in image.getexif()


@pytest.mark.usefixtures("loose_umask")
def test_imported_photos_are_private_and_without_gps(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    assert xcert("init", str(folder), "--school-code", "4133010001", "--school", "示范职业技术学院",
                 "--year", "2026").returncode == 0
    roster = write_roster_xlsx(tmp_path / "名单.xlsx", GOOD_ROWS)
    assert xcert("--workspace", str(folder), "students", "import", str(roster)).returncode == 0
    first, second = str(GOOD_ROWS[0][4]), str(GOOD_ROWS[1][4])
    jpeg = photo_bytes(exif=exif_with(1, gps=True))
    png_image = Image.open(io.BytesIO(photo_bytes(fmt="PNG")))
    buffer = io.BytesIO()
    png_image.save(buffer, "PNG", exif=exif_with(1, gps=True))
    png = buffer.getvalue()
    assert has_gps(jpeg) and has_gps(png)
    zipped = write_zip(tmp_path / "照片.zip", [(f"{first}.jpg", jpeg), (f"{second}.png", png)])
    result = xcert("--workspace", str(folder), "photos", "import", str(zipped), "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    stored = {path.name: path for path in (folder / "photos").iterdir()}
    assert set(stored) == {f"{first}.jpg", f"{second}.png"}
    for path in stored.values():
        assert not has_gps(path.read_bytes()), path.name
        assert mode(path) == 0o600
    assert mode(folder / "photos") == 0o700 and mode(folder) == 0o700
    with Image.open(stored[f"{first}.jpg"]) as kept, Image.open(io.BytesIO(jpeg)) as original:
        assert kept.tobytes() == original.tobytes()  # the pixels are untouched
    again = xcert("--workspace", str(folder), "photos", "import", str(zipped), "--json")
    assert json.loads(again.stdout)["imported"]["unchanged"] == 2  # the same zip again changes nothing


# --- failures get a Chinese reason, and the same exit code with XCERT_DEBUG -------------------------------------


@pytest.mark.parametrize(("driver_text", "said"), [
    ("database or disk is full", "磁盘已满"),
    ("no such savepoint: sa_savepoint_15", "磁盘已满"),
    ("UNIQUE constraint failed: seat_assignments.plan_code", "另一个 xcert 命令同时修改了同样的数据"),
    ('duplicate key value violates unique constraint "registrations_pkey"', "另一个 xcert 命令同时修改了同样的数据"),
    ("connection failed: password=hunter2 host=db", "无法连接数据库服务器"),
])
def test_driver_errors_are_explained_in_chinese(driver_text: str, said: str) -> None:
    import sqlite3  # noqa: PLC0415

    from sqlalchemy.exc import IntegrityError, OperationalError  # noqa: PLC0415

    from xcert_adapters.cli.app import storage_error_message  # noqa: PLC0415

    kind = IntegrityError if "unique" in driver_text.lower() else OperationalError
    error = kind("INSERT INTO candidates VALUES (?)", ("110101199003074514",), sqlite3.OperationalError(driver_text))
    message = storage_error_message(error)
    assert message is not None and said in message
    assert "110101199003074514" not in message and "hunter2" not in message and "sqlalche.me" not in message


@pytest.mark.parametrize("failure", [RuntimeError("boom postgresql://u:hunter2@h/x"), OSError(28, "No space left")])
def test_the_exit_code_does_not_depend_on_xcert_debug(monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str], failure: Exception) -> None:
    from xcert_adapters.cli import app  # noqa: PLC0415

    def fail(*_args: object, **_kwargs: object) -> None:
        raise failure

    monkeypatch.setattr(app.cli, "main", fail)
    codes = []
    for debug in ("", "1"):
        monkeypatch.setenv("XCERT_DEBUG", debug)
        with pytest.raises(SystemExit) as stopped:
            app.main([])
        codes.append(stopped.value.code)
        shown = capsys.readouterr().err
        assert "hunter2" not in shown.split("Traceback")[0]
        if isinstance(failure, OSError):
            assert "磁盘已满" in shown
    assert codes[0] == codes[1] == (2 if isinstance(failure, OSError) else 3)


@pytest.mark.parametrize("lost", ["DuplicateKeyError", "ConstraintError", "ConcurrencyError"])
def test_the_loser_of_a_concurrent_write_is_told_in_chinese(monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str], lost: str) -> None:
    from xcert_adapters.cli import app  # noqa: PLC0415
    from xcert_core import errors  # noqa: PLC0415

    def fail(*_args: object, **_kwargs: object) -> None:
        raise getattr(errors, lost)("SeatAssignment(P1, 110***) breaks a storage constraint: UNIQUE constraint failed")

    monkeypatch.setattr(app.cli, "main", fail)
    with pytest.raises(SystemExit) as stopped:
        app.main([])
    shown = capsys.readouterr().err
    assert stopped.value.code == 2 and "同时修改了同样的数据" in shown and "UNIQUE" not in shown
