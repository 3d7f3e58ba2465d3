"""Who may use the workbench: the start token, the browser session it opens, and where the server may listen.

Contract:

* ``xcert serve`` makes a fresh random token per start (:func:`new_token`) and prints
  ``http://HOST:PORT/?token=TOKEN`` as its first line of output, as Jupyter does.
* A page request carrying ``?token=TOKEN`` opens a browser session: the response redirects to the same page
  without the token and sets the cookie :data:`SESSION_COOKIE` (a separate random id, HttpOnly,
  SameSite=Strict), so the token does not stay in the address bar or the history.
* The API (``/api/…``) takes ``Authorization: Bearer TOKEN`` only (no cookie), so a page from elsewhere cannot
  make the browser call it; pages take the session cookie only.
* Anything else is 401: no page, no API route, no file and not the OpenAPI document is reachable without.
* Binding beyond loopback needs accounts, which a workspace does not have yet: :func:`refuse_public_host`.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets

from attrs import define, field

from xcert_core.errors import XcertError

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


def refuse_public_host(host: str) -> None:
    """:class:`PublicHostError` with a Chinese message unless ``host`` is loopback: the workbench shows ID
    numbers and photos, and beyond this computer only named accounts with roles may see them."""
    if not is_loopback(host):
        raise PublicHostError(
            f"不能在 {host} 上提供服务：工作台含有证件号码和照片，对本机以外开放需要先建立带角色的账户"
            "（此版本尚不支持），请使用默认的 --host 127.0.0.1 / serving beyond loopback needs accounts")


@define
class Gate:
    """The server's credentials: the start token and the ids of the browser sessions it opened."""

    token: str
    sessions: set[str] = field(factory=set)

    def token_matches(self, presented: str | None) -> bool:
        """Constant-time comparison with the start token."""
        return presented is not None and hmac.compare_digest(presented.encode(), self.token.encode())

    def open_session(self) -> str:
        """A new session id for a browser that presented the token."""
        session = secrets.token_urlsafe(32)
        self.sessions.add(session)
        return session

    def session_valid(self, session: str | None) -> bool:
        return session is not None and any(hmac.compare_digest(session.encode(), known.encode())
                                           for known in self.sessions)

    def bearer_valid(self, authorization: str | None) -> bool:
        """``Authorization: Bearer TOKEN`` with the start token."""
        if not authorization:
            return False
        scheme, _, value = authorization.partition(" ")
        return scheme.lower() == "bearer" and self.token_matches(value.strip())
