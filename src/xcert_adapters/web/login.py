"""Signing in and out with an account (``/login``, ``/logout``): the only pages reachable without a session.

A failed attempt is throttled per account name and per client address (:class:`~.security.LoginThrottle`) and
written to the audit log, as is each sign-in; the message never says whether the name exists.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, QueryParameter
from litestar.response import Redirect, Template

from xcert_adapters.app import accounts, audit
from xcert_adapters.web.security import SESSION_COOKIE, Gate, Principal
from xcert_adapters.web.served import Served


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this server only (never ``//elsewhere`` or a full URL)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def session_cookie(gate: Gate, value: str, *, max_age: int | None = None) -> Cookie:
    """The session cookie: HttpOnly, SameSite=Strict, Secure when the server speaks TLS."""
    return Cookie(key=SESSION_COOKIE, value=value, path="/", httponly=True, samesite="strict",
                  secure=gate.secure_cookies, max_age=max_age)


class Login(Controller):
    """``/login`` and ``/logout``."""

    include_in_schema = False

    @get("/login", sync_to_thread=False)
    def form(self, next_path: Annotated[str | None, QueryParameter(name="next")] = None) -> Template:
        """登录页."""
        return Template("login.html", context={"next": safe_next(next_path), "school": ""})

    @post("/login", sync_to_thread=True, status_code=200)
    def sign_in(self, request: Request[Any, Any, Any], served: NamedDependency[Served], gate: NamedDependency[Gate],
                data: Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)],
                ) -> Response[Any] | Template:
        """Check the name and password; on success open a session and go to ``next``."""
        name, password = data.get("username", "").strip(), data.get("password", "")
        target, address = safe_next(data.get("next")), request.client.host if request.client else "?"
        wait = gate.throttle.wait_seconds(name, address)
        if wait:
            return Template("login.html", status_code=429, context={
                "next": target, "username": name, "school": "",
                "error": f"登录失败次数过多，请 {max(1, wait // 60)} 分钟后再试 / too many attempts"})
        with served.workspace() as workspace:
            account = accounts.sign_in(workspace, name, password)
        if account is None:
            gate.throttle.failed(name, address)
            return Template("login.html", status_code=401, context={
                "next": target, "username": name, "school": "", "error": "账户名或密码不对 / wrong name or password"})
        gate.throttle.succeeded(name)
        session = gate.open_session(Principal(account.username, account.role, audit.WORKBENCH, account=True))
        return Redirect(path=target, status_code=303, cookies=[session_cookie(gate, session)])

    @post("/logout", sync_to_thread=False, status_code=303)
    def sign_out(self, request: Request[Any, Any, Any], gate: NamedDependency[Gate]) -> Redirect:
        """End the session."""
        gate.close_session(request.cookies.get(SESSION_COOKIE))
        return Redirect(path="/login", status_code=303, cookies=[session_cookie(gate, "", max_age=0)])
