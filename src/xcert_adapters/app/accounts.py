"""Workbench accounts (账户) and personal API tokens: add, list, change a password, disable, remove, sign in.

Contract:

* Passwords are hashed with argon2id (argon2-cffi's defaults, which follow RFC 9106); only the hash is stored.
  A password has at least :data:`MIN_PASSWORD` characters.
* :func:`authenticate` takes the same time whether or not the name exists (it verifies against a dummy hash),
  and returns the account only when the password matches and the account is not disabled.
* A personal API token is ``xcert_<id>_<secret>``: the id is public (lists show it), the secret is shown once by
  :func:`issue_token` and stored as its SHA-256. :func:`account_for_token` compares in constant time.
* The last enabled 管理员 cannot be removed, disabled or made something else: someone must be able to manage.
* Every change is written to the audit log (:mod:`.audit`) in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets

import attrs
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from xcert_adapters.app import audit
from xcert_adapters.app.errors import RequestError
from xcert_adapters.workspace import Workspace
from xcert_core.labels import Role
from xcert_core.model import Account, ApiToken
from xcert_core.ports.storage import Storage

MIN_PASSWORD = 10
USERNAME = re.compile(r"[A-Za-z0-9_.\-\u4e00-\u9fff]{1,32}")
TOKEN_PREFIX = "xcert_"
PASSWORD_HASHER = PasswordHasher()
"""argon2id with argon2-cffi's defaults (RFC 9106's low-memory choice). An embedding system may set another
:class:`~argon2.PasswordHasher` here (the test suite sets cheap parameters, for speed): every hash names its own
parameters, so hashes made with either verify with either."""
_DUMMY_HASHES: dict[PasswordHasher, str] = {}


def _dummy_hash() -> str:
    """The hash of a password nobody has, made by the hasher in use, so an unknown name costs what a known one
    does. Made when first needed, once per hasher, never at import: an argon2 hash takes about 0.1 s, and every
    command of the CLI imports this module."""
    hasher = PASSWORD_HASHER
    if hasher not in _DUMMY_HASHES:
        _DUMMY_HASHES[hasher] = hasher.hash("xcert: a password nobody has")
    return _DUMMY_HASHES[hasher]


class AccountError(RequestError):
    """An account request the workspace cannot honour (a name taken or unknown, a short password…)."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"密码至少 {MIN_PASSWORD} 个字符 / a password needs at least {MIN_PASSWORD} characters")


def _account(storage: Storage, username: str) -> Account:
    found = storage.find(Account, (username,))
    if found is None:
        raise AccountError(f"没有账户“{username}”（查看：xcert users list）/ no such account")
    return found


def _keep_an_admin(storage: Storage, changed: Account, after: Account | None) -> None:
    """Refuse a change that would leave no enabled 管理员."""
    if changed.role is not Role.ADMIN or changed.disabled:
        return
    if after is not None and after.role is Role.ADMIN and not after.disabled:
        return
    others = [a for a in storage.list(Account, role=Role.ADMIN)
              if a.username != changed.username and not a.disabled]
    if not others:
        raise AccountError(f"“{changed.username}”是最后一个管理员，不能删除、停用或改为其他角色；请先添加另一个管理员"
                           " / the last admin account must stay")


def has_accounts(workspace: Workspace) -> bool:
    """True when the workspace has at least one enabled account (then the workbench may listen beyond loopback)."""
    return any(not a.disabled for a in workspace.storage.list(Account))


def enabled_account(workspace: Workspace, username: str) -> Account | None:
    """The account ``username`` when it exists and is not disabled, else ``None``."""
    account = workspace.storage.find(Account, (username,)) if USERNAME.fullmatch(username or "") else None
    return account if account is not None and not account.disabled else None


def list_accounts(workspace: Workspace) -> list[Account]:
    """Every account, by name."""
    return workspace.storage.list(Account)


def add_account(workspace: Workspace, username: str, role: Role, password: str, *, actor: str,
                channel: str = audit.COMMAND_LINE) -> Account:
    """A new account; :class:`AccountError` when the name is taken or unusable or the password is short."""
    if not USERNAME.fullmatch(username):
        raise AccountError(f"账户名“{username}”不可用：1–32 个汉字、字母、数字或 _ . - / unusable account name")
    _check_password(password)
    account = Account(username=username, role=role, password_hash=PASSWORD_HASHER.hash(password), created_at=_now())
    with workspace.storage.transaction() as tx:
        if tx.find(Account, (username,)) is not None:
            raise AccountError(f"账户“{username}”已存在 / the account exists")
        tx.add(account)
        audit.append(tx, actor, channel, "users.add", target=username, detail=f"角色：{role.label}")
    return account


def change_account(workspace: Workspace, username: str, *, actor: str, channel: str = audit.COMMAND_LINE,
                   role: Role | None = None, password: str | None = None, disabled: bool | None = None) -> Account:
    """Change an account's role, password or whether it is disabled (a disabled account cannot sign in and its
    API tokens stop working)."""
    if password is not None:
        _check_password(password)
    with workspace.storage.transaction() as tx:
        old = _account(tx, username)
        new = attrs.evolve(old, role=role or old.role, disabled=old.disabled if disabled is None else disabled,
                           password_hash=PASSWORD_HASHER.hash(password) if password is not None else old.password_hash)
        _keep_an_admin(tx, old, new)
        tx.put(new)
        changes = [f"角色：{new.role.label}"] if new.role is not old.role else []
        changes += ["已改密码"] if password is not None else []
        changes += [("已停用" if new.disabled else "已启用")] if new.disabled != old.disabled else []
        audit.append(tx, actor, channel, "users.change", target=username, detail="；".join(changes))
    return new


def remove_account(workspace: Workspace, username: str, *, actor: str, channel: str = audit.COMMAND_LINE) -> None:
    """Remove an account and its API tokens (its audit entries stay)."""
    with workspace.storage.transaction() as tx:
        account = _account(tx, username)
        _keep_an_admin(tx, account, None)
        for token in tx.list(ApiToken, username=username):
            tx.delete(ApiToken, token.key)
        tx.delete(Account, account.key)
        audit.append(tx, actor, channel, "users.remove", target=username)


def authenticate(workspace: Workspace, username: str, password: str) -> Account | None:
    """The enabled account when ``password`` is its password, else ``None`` (same work either way)."""
    account = workspace.storage.find(Account, (username,)) if USERNAME.fullmatch(username or "") else None
    try:
        PASSWORD_HASHER.verify(account.password_hash if account else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return None
    return account if account is not None and not account.disabled else None


def sign_in(workspace: Workspace, username: str, password: str, *, channel: str = audit.WORKBENCH) -> Account | None:
    """:func:`authenticate`, with the attempt written to the audit log (``login`` or ``login.failed``)."""
    account = authenticate(workspace, username, password)
    audit.record(workspace, account.username if account else (username or "（空）"), channel,
                 "login" if account else "login.failed")
    return account


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(workspace: Workspace, username: str, label: str = "", *, actor: str,
                channel: str = audit.COMMAND_LINE) -> tuple[ApiToken, str]:
    """A new personal API token for ``username``: the stored record and the token itself (shown once)."""
    token_id, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    with workspace.storage.transaction() as tx:
        _account(tx, username)
        record = ApiToken(token_id=token_id, username=username, secret_hash=_digest(secret), label=label,
                          created_at=_now())
        tx.add(record)
        audit.append(tx, actor, channel, "users.token", target=username, detail=f"令牌 {token_id} {label}")
    return record, f"{TOKEN_PREFIX}{token_id}_{secret}"


def list_tokens(workspace: Workspace, username: str | None = None) -> list[ApiToken]:
    """The API tokens (never their secrets), of one account when ``username`` is given."""
    return workspace.storage.list(ApiToken, **({"username": username} if username else {}))


def revoke_token(workspace: Workspace, token_id: str, *, actor: str, channel: str = audit.COMMAND_LINE) -> None:
    """Delete an API token; it stops working at once."""
    with workspace.storage.transaction() as tx:
        token = tx.find(ApiToken, (token_id,))
        if token is None:
            raise AccountError(f"没有 API 令牌“{token_id}”（查看：xcert users tokens）/ no such token")
        tx.delete(ApiToken, token.key)
        audit.append(tx, actor, channel, "users.revoke-token", target=token.username, detail=token_id)


def account_for_token(workspace: Workspace, presented: str) -> Account | None:
    """The enabled account a personal API token belongs to, or ``None``."""
    if not presented.startswith(TOKEN_PREFIX):
        return None
    token_id, _, secret = presented[len(TOKEN_PREFIX):].partition("_")
    token = workspace.storage.find(ApiToken, (token_id,)) if token_id else None
    if token is None or not hmac.compare_digest(token.secret_hash, _digest(secret)):
        return None
    account = workspace.storage.find(Account, (token.username,))
    return account if account is not None and not account.disabled else None
