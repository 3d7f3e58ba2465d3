"""Workbench accounts, roles, API tokens, sign-in throttling and the audit log (issue 18, security), through
the application layer, the command line and the web app."""

from __future__ import annotations

import getpass
import json
import os
import re
import select
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar.testing import TestClient

from cli_run import XCERT, run_xcert
from xcert_adapters.app import accounts, audit
from xcert_adapters.app.accounts import AccountError, authenticate
from xcert_adapters.web.app import create_app
from xcert_adapters.web.security import Gate, LoginThrottle
from xcert_adapters.workspace import Workspace, WorkspaceConfig, create_workspace
from xcert_core.access import ROLE_PERMISSIONS, Permission, permits
from xcert_core.labels import Role
from xcert_core.model import Account, ApiToken, AuditEntry

TOKEN = "test-token-0123456789"
PASSWORD = "correct horse battery"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    create_workspace(folder, WorkspaceConfig(school_code="4133010001", school_name="示范职业技术学院",
                                             year=2026)).close()
    return folder


def run(root: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return run_xcert("--workspace", root, *args, stdin=stdin, plugins=False)


# --- roles ------------------------------------------------------------------------------------------------------


def test_roles_grant_what_the_issue_names() -> None:
    assert ROLE_PERMISSIONS[Role.ADMIN] == frozenset(Permission)
    for permission in (Permission.IMPORT, Permission.CONFIRM, Permission.SCHEDULE, Permission.PRINT):
        assert permits(Role.STAFF, permission) and not permits(Role.READER, permission)
    assert not permits(Role.STAFF, Permission.SEE_FULL_IDS) and not permits(Role.STAFF, Permission.MANAGE_ACCOUNTS)
    assert ROLE_PERMISSIONS[Role.READER] == {Permission.VIEW}


# --- the application layer -------------------------------------------------------------------------------------


def test_an_account_signs_in_with_its_password_only_and_no_secret_is_stored(root: Path) -> None:
    with Workspace.open(root, env={}) as ws:
        account = accounts.add_account(ws, "王老师", Role.STAFF, PASSWORD, actor="root")
        assert PASSWORD not in account.password_hash and account.password_hash.startswith("$argon2id$")
        assert accounts.authenticate(ws, "王老师", PASSWORD) == account
        assert accounts.authenticate(ws, "王老师", PASSWORD + "x") is None
        assert accounts.authenticate(ws, "nobody", PASSWORD) is None
        assert accounts.authenticate(ws, "", "") is None
        with pytest.raises(AccountError, match="已存在"):
            accounts.add_account(ws, "王老师", Role.ADMIN, PASSWORD, actor="root")
        with pytest.raises(AccountError, match="至少 10"):
            accounts.add_account(ws, "李老师", Role.ADMIN, "short", actor="root")
        with pytest.raises(AccountError, match="不可用"):
            accounts.add_account(ws, "a b", Role.ADMIN, PASSWORD, actor="root")
        accounts.change_account(ws, "王老师", actor="root", disabled=True)
        assert accounts.authenticate(ws, "王老师", PASSWORD) is None and not accounts.has_accounts(ws)
        accounts.change_account(ws, "王老师", actor="root", disabled=False, password="another long one")
        assert accounts.authenticate(ws, "王老师", "another long one") is not None


def test_an_unknown_name_costs_a_verification_by_the_hasher_in_use(root: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """An unknown name is checked against a hash the current hasher made (the same work as a known name), and
    that hash is made when first needed: importing the module, which every command does, hashes nothing."""
    from argon2 import PasswordHasher  # noqa: PLC0415

    verified: list[str] = []

    class Counting(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> bool:
            verified.append(str(hash))
            return super().verify(hash, password)

    hasher = Counting(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(accounts, "PASSWORD_HASHER", hasher)
    with Workspace.open(root) as ws:
        assert accounts.authenticate(ws, "nobody", PASSWORD) is None
        assert accounts.authenticate(ws, "nobody", PASSWORD) is None
    assert len(verified) == 2 and verified[0] == verified[1] == accounts._DUMMY_HASHES[hasher]
    assert hasher.check_needs_rehash(verified[0]) is False  # made by this hasher, with its parameters
    imported = subprocess.run([XCERT[0], "-c", "from xcert_adapters.app import accounts; "
                               "print(len(accounts._DUMMY_HASHES))"], capture_output=True, text=True, check=True)
    assert imported.stdout.strip() == "0"


def test_an_api_token_is_shown_once_stored_as_a_hash_and_stops_when_revoked_or_disabled(root: Path) -> None:
    with Workspace.open(root, env={}) as ws:
        accounts.add_account(ws, "教务系统", Role.STAFF, PASSWORD, actor="root")
        record, token = accounts.issue_token(ws, "教务系统", "排课系统", actor="root")
        assert token.startswith(f"xcert_{record.token_id}_") and token.split("_", 2)[2] not in record.secret_hash
        assert accounts.account_for_token(ws, token).username == "教务系统"  # type: ignore[union-attr]
        assert accounts.account_for_token(ws, token[:-1] + ("A" if token[-1] != "A" else "B")) is None
        assert accounts.account_for_token(ws, f"xcert_{record.token_id}_") is None
        assert accounts.account_for_token(ws, TOKEN) is None
        accounts.change_account(ws, "教务系统", actor="root", disabled=True)
        assert accounts.account_for_token(ws, token) is None
        accounts.change_account(ws, "教务系统", actor="root", disabled=False)
        accounts.revoke_token(ws, record.token_id, actor="root")
        assert accounts.account_for_token(ws, token) is None and accounts.list_tokens(ws) == []


def test_removing_an_account_removes_its_tokens_and_keeps_its_audit_entries(root: Path) -> None:
    with Workspace.open(root, env={}) as ws:
        accounts.add_account(ws, "admin", Role.ADMIN, PASSWORD, actor="root")
        accounts.add_account(ws, "li", Role.READER, PASSWORD, actor="admin")
        accounts.issue_token(ws, "li", actor="admin")
        accounts.remove_account(ws, "li", actor="admin")
        assert ws.storage.list(ApiToken) == [] and [a.username for a in ws.storage.list(Account)] == ["admin"]
        actions = [(e.action, e.target) for e in audit.audit_log(ws)]
        assert actions == [("users.remove", "li"), ("users.token", "li"), ("users.add", "li"),
                           ("users.add", "admin")]
        assert audit.audit_log(ws, actor="admin", limit=1)[0].action == "users.remove"


OPERATIONS = st.lists(st.tuples(st.sampled_from(["add", "role", "disable", "enable", "remove"]),
                                st.sampled_from(["a", "b", "c"]), st.sampled_from(list(Role))), max_size=12)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_some_enabled_admin_always_remains(tmp_path_factory: pytest.TempPathFactory,
                                          operations: list[tuple[str, str, Role]]) -> None:
    """Whatever sequence of account changes is tried, the ones that succeed never leave the workspace without an
    enabled 管理员 (the refused ones change nothing)."""
    folder = tmp_path_factory.mktemp("admins") / "ws"
    with create_workspace(folder, WorkspaceConfig(school_code="1", school_name="校", year=2026)) as ws:
        accounts.add_account(ws, "root", Role.ADMIN, PASSWORD, actor="t")
        for operation, name, role in operations:
            before = ws.storage.list(Account)
            try:
                if operation == "add":
                    accounts.add_account(ws, name, role, PASSWORD, actor="t")
                elif operation == "remove":
                    accounts.remove_account(ws, name if name != "c" else "root", actor="t")
                else:
                    target = name if name != "c" else "root"
                    accounts.change_account(ws, target, actor="t", role=role if operation == "role" else None,
                                            disabled={"disable": True, "enable": False}.get(operation))
            except AccountError:
                assert ws.storage.list(Account) == before
            assert any(a.role is Role.ADMIN and not a.disabled for a in ws.storage.list(Account))


# --- the command line ------------------------------------------------------------------------------------------


def test_the_users_commands_add_list_change_issue_and_revoke(root: Path) -> None:
    added = run(root, "users", "add", "王老师", "--role", "管理员", "--password-stdin", stdin=PASSWORD + "\n")
    assert added.returncode == 0 and "已添加账户“王老师”（管理员）" in added.stdout
    assert run(root, "users", "add", "li", "--role", "教务", "--password-stdin", stdin="short\n").returncode == 2
    assert run(root, "users", "add", "li", "--role", "reader", "--password-stdin", stdin=PASSWORD).returncode == 0
    listed = run(root, "users", "list", "--json")
    assert '"name": "li", "role": "只读"' in listed.stdout and PASSWORD not in listed.stdout
    last = run(root, "users", "change", "王老师", "--role", "教务")
    assert last.returncode == 2 and "最后一个管理员" in last.stderr
    assert run(root, "users", "change", "li").returncode == 2  # nothing to change
    issued = run(root, "users", "token", "li", "--label", "教务系统")
    token = issued.stdout.strip()
    assert issued.returncode == 0 and re.fullmatch(r"xcert_[0-9a-f]{12}_[\w-]{40,}", token)
    token_id = token.split("_")[1]
    tokens = run(root, "users", "tokens")
    assert token_id in tokens.stdout and token.split("_", 2)[2] not in tokens.stdout
    assert run(root, "users", "revoke", token_id).returncode == 0
    assert run(root, "users", "revoke", token_id).returncode == 2
    log = run(root, "audit", "--json")
    actions = [entry["action"] for entry in __import__("json").loads(log.stdout)["entries"]]
    assert actions == ["users.revoke-token", "users.token", "users.add", "users.add"]
    assert all(entry == "命令行" for entry in re.findall(r'"channel": "([^"]+)"', log.stdout))
    assert PASSWORD not in log.stdout and token not in log.stdout
    assert oct((root / "xcert.db").stat().st_mode & 0o777) == "0o600"


def test_serve_beyond_loopback_needs_an_account(root: Path) -> None:
    refused = run(root, "serve", "--host", "0.0.0.0", "--port", "0")
    assert refused.returncode == 2 and "xcert users add" in refused.stderr
    assert run(root, "users", "add", "admin", "--role", "管理员", "--password-stdin", stdin=PASSWORD).returncode == 0
    process = subprocess.Popen([*XCERT, "--workspace", str(root), "serve", "--host", "0.0.0.0", "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    errors = ""
    try:
        assert process.stdout is not None and process.stderr is not None
        assert re.fullmatch(r"http://0\.0\.0\.0:\d+/\?token=[\w-]{43}", process.stdout.readline().strip())
        # The notice follows the address on stderr: read it before stopping the server (on a busy machine a
        # stop sent at once can arrive before it is written). Raw reads of the pipe, so nothing waits in a text
        # buffer that select cannot see; bounded: at most 60 one-second waits.
        for _ in range(60):
            if "--certfile" in errors:
                break
            if select.select([process.stderr], [], [], 1)[0]:
                chunk = os.read(process.stderr.fileno(), 65536)
                if not chunk:
                    break
                errors += chunk.decode("utf-8", "replace")
    finally:
        process.terminate()
        _, rest = process.communicate(timeout=20)
    errors += rest
    assert "/login" in errors and "--certfile" in errors  # says how others sign in, and to use HTTPS


# --- the web app -----------------------------------------------------------------------------------------------


@pytest.fixture
def staffed(root: Path) -> Path:
    with Workspace.open(root, env={}) as ws:
        accounts.add_account(ws, "admin", Role.ADMIN, PASSWORD, actor="t")
        accounts.add_account(ws, "staff", Role.STAFF, PASSWORD, actor="t")
        accounts.add_account(ws, "reader", Role.READER, PASSWORD, actor="t")
    return root


@pytest.fixture
def web(staffed: Path) -> Iterator[TestClient[Any]]:
    with TestClient(create_app(staffed, Gate(TOKEN))) as client:
        yield client


def _csrf(page: str) -> str:
    found = re.search(r'name="_csrf_token" value="([^"]+)"', page)
    assert found is not None
    return found[1]


def sign_in(client: TestClient[Any], name: str, password: str = PASSWORD, next_path: str = "/") -> Any:
    form = client.get("/login")
    assert form.status_code == 200 and "示范职业技术学院" not in form.text  # the public page holds no data
    return client.post("/login", data={"username": name, "password": password, "next": next_path,
                                       "_csrf_token": _csrf(form.text)}, follow_redirects=False)


def test_an_account_signs_in_sees_its_name_and_signs_out(web: TestClient[Any], staffed: Path) -> None:
    assert web.get("/").status_code == 401 and "/login" in web.get("/").text
    signed = sign_in(web, "staff", next_path="/students")
    assert signed.status_code == 303 and signed.headers["location"] == "/students"
    cookie = signed.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    home = web.get("/")
    assert home.status_code == 200 and "staff（教务）" in home.text and "退出" in home.text
    out = web.post("/logout", data={"_csrf_token": _csrf(home.text)}, follow_redirects=False)
    assert out.status_code == 303 and web.get("/").status_code == 401
    assert sign_in(web, "staff", next_path="//evil.example/").headers["location"] == "/"  # never off-site
    with Workspace.open(staffed, env={}) as ws:
        assert [e.action for e in audit.audit_log(ws) if e.actor == "staff"] == ["login", "login"]


def test_a_wrong_password_is_refused_alike_and_throttled(staffed: Path) -> None:
    now = [1000.0]
    gate = Gate(TOKEN, throttle=LoginThrottle(per_name=3, per_address=50, window=600, clock=lambda: now[0]))
    with TestClient(create_app(staffed, gate)) as client:
        unknown = sign_in(client, "nobody", "whatever-long")
        wrong = sign_in(client, "staff", "whatever-long")
        assert unknown.status_code == wrong.status_code == 401
        assert "账户名或密码不对" in unknown.text and "账户名或密码不对" in wrong.text
        sign_in(client, "staff", "whatever-long")
        sign_in(client, "staff", "whatever-long")
        locked = sign_in(client, "staff")  # the right password, but too many failures
        assert locked.status_code == 429 and "10 分钟后再试" in locked.text
        assert sign_in(client, "admin").status_code == 303  # another name is not locked
        now[0] += 601
        assert sign_in(client, "staff").status_code == 303
    with Workspace.open(staffed, env={}) as ws:
        failed = [e for e in audit.audit_log(ws) if e.action == "login.failed"]
        assert len(failed) == 4 and {e.actor for e in failed} == {"nobody", "staff"}


def test_a_disabled_account_loses_its_session_at_once(web: TestClient[Any], staffed: Path) -> None:
    assert sign_in(web, "staff").status_code == 303 and web.get("/").status_code == 200
    with Workspace.open(staffed, env={}) as ws:
        accounts.change_account(ws, "staff", actor="admin", disabled=True)
    assert web.get("/").status_code == 401


def test_roles_decide_who_may_print_and_change_seats(web: TestClient[Any], staffed: Path) -> None:
    for name, allowed in (("reader", False), ("staff", True)):
        with TestClient(web.app) as client:
            assert sign_in(client, name).status_code == 303
            page = client.get("/")
            printed = client.post("/plans/NOPLAN/documents/", data={"_csrf_token": _csrf(page.text)})
            moved = client.post("/plans/NOPLAN/seats", data={"_csrf_token": _csrf(page.text), "ticket": "1"})
            if allowed:  # past the role check: the plan does not exist, said in a page
                assert printed.status_code == moved.status_code == 422
                assert "无法完成" in printed.text and "NOPLAN" in moved.text
            else:
                assert printed.status_code == moved.status_code == 403
                assert "没有权限" in printed.text and "生成打印材料" in printed.text


def test_a_personal_api_token_acts_with_its_accounts_role(web: TestClient[Any], staffed: Path) -> None:
    with Workspace.open(staffed, env={}) as ws:
        _, reader_token = accounts.issue_token(ws, "reader", actor="admin")
        _, staff_token = accounts.issue_token(ws, "staff", actor="admin")
    reader = {"Authorization": f"Bearer {reader_token}"}
    assert web.get("/api/v1/status", headers=reader).status_code == 200
    denied = web.post("/api/v1/plans/NOPLAN/documents", headers=reader)
    assert denied.status_code == 403 and "error" in denied.json()
    allowed = web.post("/api/v1/plans/NOPLAN/documents", headers={"Authorization": f"Bearer {staff_token}"})
    assert allowed.status_code == 422  # past the role check: no such plan
    assert web.get("/", headers=reader).status_code == 401  # pages take no bearer tokens
    assert web.get("/api/v1/status", headers={"Authorization": f"Bearer {reader_token}x"}).status_code == 401


def test_audit_entries_round_trip_through_storage(root: Path) -> None:
    with Workspace.open(root, env={}) as ws:
        entry = audit.record(ws, "王老师", audit.WORKBENCH, "seats.move", target="DMI-1 信息楼101 C01", detail="原因")
        assert ws.storage.list(AuditEntry) == [entry]


def test_a_password_typed_twice_at_the_prompt_changes_it_and_a_mismatch_changes_nothing(root: Path) -> None:
    assert run(root, "users", "add", "王老师", "--role", "管理员", "--password-stdin",
               stdin=PASSWORD + "\n").returncode == 0
    new = "另一个足够长的密码 2026"
    mismatch = run(root, "users", "change", "王老师", "--password", stdin=f"{new}\n{new}x\n")
    assert mismatch.returncode != 0 and "Error" in mismatch.stderr + mismatch.stdout  # click's 两次输入不一致
    changed = run(root, "users", "change", "王老师", "--password", stdin=f"{new}\n{new}\n")
    assert changed.returncode == 0, changed.stderr
    with Workspace.open(root, env={}) as workspace:
        assert authenticate(workspace, "王老师", new) is not None
        assert authenticate(workspace, "王老师", PASSWORD) is None
    actor = getpass.getuser()
    mine = json.loads(run(root, "audit", "--user", actor, "--json").stdout)["entries"]
    assert [(e["action"], e["detail"]) for e in mine][:1] == [("users.change", "已改密码")]
    assert new not in json.dumps(mine, ensure_ascii=False)
    assert json.loads(run(root, "audit", "--user", "没有这个人", "--json").stdout)["entries"] == []


def test_an_account_is_disabled_enabled_given_a_password_from_stdin_and_removed(root: Path) -> None:
    assert run(root, "users", "add", "王老师", "--role", "管理员", "--password-stdin", stdin=PASSWORD).returncode == 0
    assert run(root, "users", "add", "li", "--role", "教务", "--password-stdin", stdin=PASSWORD).returncode == 0
    assert run(root, "users", "change", "li", "--disable").returncode == 0
    with Workspace.open(root, env={}) as workspace:
        assert authenticate(workspace, "li", PASSWORD) is None  # a disabled account cannot sign in
    new = "新的足够长的密码 2027"
    assert run(root, "users", "change", "li", "--enable", "--password-stdin", stdin=new + "\n").returncode == 0
    with Workspace.open(root, env={}) as workspace:
        assert authenticate(workspace, "li", new) is not None
    removed = run(root, "users", "remove", "li")
    assert removed.returncode == 0 and "li" not in run(root, "users", "list").stdout
    last = run(root, "users", "remove", "王老师")
    assert last.returncode == 2 and "最后一个" in last.stderr
