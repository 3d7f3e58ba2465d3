"""Who may use the workbench: the start token, accounts and their sessions, API tokens, login throttling,
roles, and where the server may listen.

Contract:

* ``xcert serve`` makes a fresh random token per start (:func:`new_token`) and prints
  ``http://HOST:PORT/?token=TOKEN`` as its first line of output, as Jupyter does. Whoever holds it acts as
  :data:`OPERATOR` (the person who started the server, role 管理员).
* A page request carrying ``?token=TOKEN`` opens a browser session: the response redirects to the same page
  without the token and sets the cookie :data:`SESSION_COOKIE` (a separate random id, HttpOnly,
  SameSite=Strict, Secure when served over TLS), so the token does not stay in the address bar or the history.
* An account signs in at ``/login`` with its name and password (:mod:`xcert_adapters.app.accounts`); failed
  attempts are throttled per name and per client address (:class:`LoginThrottle`). The session ends at
  ``/logout``, and stops working at once when the account is disabled or removed.
* The API (``/api/…``) takes ``Authorization: Bearer TOKEN`` only (the start token or a personal API token,
  which acts with its account's role; no cookie), so a page from elsewhere cannot make the browser call it;
  pages take the session cookie only.
* Anything else is 401: no page, no API route, no file and not the OpenAPI document is reachable without; only
  the sign-in page and the style sheet are.
* What a signed-in user may do is their role's (:func:`xcert_core.access.permits`): a route declares the
  permission it needs (:func:`requires`), and is 403 for anyone whose role lacks it.
* Binding beyond loopback needs accounts (:func:`refuse_public_host`).
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from attrs import define, field, frozen
from litestar.connection import ASGIConnection
from litestar.exceptions import PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from xcert_adapters.app import audit
from xcert_core.access import Permission, permits
from xcert_core.errors import XcertError
from xcert_core.labels import Role

SESSION_COOKIE = "xcert_session"
TOKEN_PARAMETER = "token"
API_PREFIX = "/api"


def new_token() -> str:
    """A fresh token: 32 random bytes, URL-safe."""
    return secrets.token_urlsafe(32)


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (``127.0.0.0/8``, ``::1``)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class PublicHostError(XcertError):
    """``xcert serve`` was asked to listen beyond loopback on a workspace without accounts."""


def refuse_public_host(host: str, *, has_accounts: bool) -> None:
    """:class:`PublicHostError` with a Chinese message when ``host`` is not loopback and the workspace has no
    accounts: the workbench shows ID numbers and photos, and beyond this computer only named accounts with
    roles may see them."""
    if not is_loopback(host) and not has_accounts:
        raise PublicHostError(
            f"不能在 {host} 上提供服务：工作台含有证件号码和照片，对本机以外开放需要先建立带角色的账户："
            "xcert users add 姓名 --role 管理员 / serving beyond loopback needs accounts (xcert users add)")


@frozen
class Principal:
    """Who is making a request: a name for the audit log, a role, and the face it came through."""

    name: str
    role: Role
    channel: str
    account: bool = False

    def may(self, permission: Permission) -> bool:
        return permits(self.role, permission)


OPERATOR = "本机（启动令牌）"
"""The audit log's name for whoever holds the start token."""


@define
class LoginThrottle:
    """At most ``per_name`` failed sign-ins for one account name, and ``per_address`` from one client address,
    within ``window`` seconds; beyond that, sign-in is refused (even with the right password) until the oldest
    failure leaves the window. ``clock`` is injectable for tests."""

    per_name: int = 5
    per_address: int = 20
    window: float = 900.0
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, deque[float]] = field(factory=dict)

    def _recent(self, key: str) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and times[0] <= self.clock() - self.window:
            times.popleft()
        return times

    def wait_seconds(self, name: str, address: str) -> int:
        """0 when a sign-in may be tried now, else how many seconds until it may."""
        waits = [times[0] + self.window - self.clock() for key, limit in ((f"n:{name}", self.per_name),
                                                                          (f"a:{address}", self.per_address))
                 if len(times := self._recent(key)) >= limit]
        return max(1, int(max(waits)) + 1) if waits else 0

    def failed(self, name: str, address: str) -> None:
        for key in (f"n:{name}", f"a:{address}"):
            self._recent(key).append(self.clock())

    def succeeded(self, name: str) -> None:
        self._failures.pop(f"n:{name}", None)


@define
class Gate:
    """The server's credentials: the start token, the browser sessions (id -> principal name and whether it is
    an account), and the login throttle. Accounts and API tokens live in the workspace; :class:`Gate` is told
    how to look them up (``account_role(name)``: the enabled account's role or ``None``;
    ``token_account(token)``: ``(name, role)`` of a personal API token or ``None``)."""

    token: str
    sessions: dict[str, Principal] = field(factory=dict)
    throttle: LoginThrottle = field(factory=LoginThrottle)
    account_role: Callable[[str], Role | None] = lambda name: None
    token_account: Callable[[str], tuple[str, Role] | None] = lambda token: None
    secure_cookies: bool = False

    def token_matches(self, presented: str | None) -> bool:
        """Constant-time comparison with the start token."""
        return presented is not None and hmac.compare_digest(presented.encode(), self.token.encode())

    def open_session(self, principal: Principal | None = None) -> str:
        """A new session id for a browser that presented the token (or signed in as ``principal``)."""
        session = secrets.token_urlsafe(32)
        self.sessions[session] = principal or Principal(OPERATOR, Role.ADMIN, audit.WORKBENCH)
        return session

    def close_session(self, session: str | None) -> None:
        self.sessions.pop(session or "", None)

    def session_principal(self, session: str | None) -> Principal | None:
        """Who a session cookie belongs to; ``None`` for an unknown one, or one whose account is no longer
        enabled (the session is then forgotten). An account's role is read afresh, so a change applies at once."""
        if not session:
            return None
        known = next((self.sessions[s] for s in self.sessions if hmac.compare_digest(session.encode(), s.encode())),
                     None)
        if known is None or not known.account:
            return known
        role = self.account_role(known.name)
        if role is None:
            self.close_session(session)
            return None
        return Principal(known.name, role, audit.WORKBENCH, account=True)

    def session_valid(self, session: str | None) -> bool:
        return self.session_principal(session) is not None

    def bearer_principal(self, authorization: str | None) -> Principal | None:
        """``Authorization: Bearer …`` with the start token or a personal API token."""
        if not authorization:
            return None
        scheme, _, value = authorization.partition(" ")
        value = value.strip()
        if scheme.lower() != "bearer" or not value:
            return None
        if self.token_matches(value):
            return Principal(OPERATOR, Role.ADMIN, audit.API)
        found = self.token_account(value)
        return Principal(found[0], found[1], audit.API, account=True) if found else None

    def bearer_valid(self, authorization: str | None) -> bool:
        return self.bearer_principal(authorization) is not None


def principal_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Principal:
    """The request's principal, set by the authentication step before any handler runs."""
    principal: Principal = connection.state.principal
    return principal


def requires(permission: Permission) -> Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], None]:
    """A route guard: 403 unless the request's role permits ``permission``."""
    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        if not principal_of(connection).may(permission):
            raise PermissionDeniedException(f"你的角色没有“{permission.label}”的权限 / your role may not do this")

    return guard
