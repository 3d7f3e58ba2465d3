"""The ASGI application of ``xcert serve``: pages, the API, the OpenAPI document, authentication and CSRF.

:func:`create_app` builds it for one workspace folder and one :class:`~xcert_adapters.web.security.Gate`.
Litestar was chosen because it understands attrs classes (the application layer's payloads) and writes the
OpenAPI document from them, renders Jinja2 templates on the server, and brings CSRF protection, multipart
parsing and request size limits (see ``docs/explanation/dependencies.md``).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from litestar import Litestar, Request, Response
from litestar.concurrency import sync_to_thread as run_sync
from litestar.config.csrf import CSRFConfig
from litestar.di import Provide
from litestar.enums import MediaType, ScopeType
from litestar.exceptions import (
    HTTPException,
    MethodNotAllowedException,
    NotFoundException,
    PermissionDeniedException,
)
from litestar.middleware import ASGIMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response.base import ASGIResponse
from litestar.static_files import create_static_files_router
from litestar.template import TemplateConfig
from litestar.types import ASGIApp, Receive, Scope, Send

from xcert_adapters.app.print_jobs import PrintJobs
from xcert_adapters.app.storage_failures import classify
from xcert_adapters.web.api import ApiV1
from xcert_adapters.web.audit_pages import AuditPages
from xcert_adapters.web.documents import DocumentPages, DocumentsApi
from xcert_adapters.web.login import Login, session_cookie
from xcert_adapters.web.pages import Pages
from xcert_adapters.web.photo_pages import PhotoPages
from xcert_adapters.web.platform_pages import PlatformPages
from xcert_adapters.web.record_pages import RecordPages
from xcert_adapters.web.registration_pages import RegistrationPages
from xcert_adapters.web.results import storage_words
from xcert_adapters.web.room_pages import RoomPages
from xcert_adapters.web.seating import Seating
from xcert_adapters.web.security import API_PREFIX, SESSION_COOKIE, TOKEN_PARAMETER, Gate, new_token
from xcert_adapters.web.served import Served
from xcert_adapters.web.setup_pages import SetupPages
from xcert_adapters.web.stats_pages import StatsPages
from xcert_core import __version__
from xcert_core.access import Permission
from xcert_core.errors import XcertError
from xcert_core.plugins import XcertPlugins, make_plugin_manager

HERE = Path(__file__).parent
MAX_UPLOAD = 64 * 1024 * 1024
"""The largest request body accepted (a roster of 100,000 rows is about 5 MB)."""

UNAUTHORIZED_PAGE = """<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>需要登录</title>
<link rel="stylesheet" href="/static/xcert.css"><body><main><h1>需要令牌或登录</h1>
<p>请打开 <code>xcert serve</code> 启动时打印的网址（含 <code>?token=…</code>），
或 <a href="/login">用账户登录</a>。</p>
<p>Open the URL <code>xcert serve</code> printed when it started, or <a href="/login">sign in</a>.</p>
</main></body></html>"""
PUBLIC_PATHS = ("/login",)
PUBLIC_PREFIXES = ("/static/",)
"""What is reachable without a session: the sign-in page and the style sheet (no data)."""


def _is_api(path: str) -> bool:
    return path == API_PREFIX or path.startswith(API_PREFIX + "/")


def _unauthorized(path: str) -> Response[Any]:
    """401: JSON with a Bearer challenge for the API, the Chinese page for anything else."""
    if _is_api(path):
        return Response({"error": "需要令牌：Authorization: Bearer TOKEN / a bearer token is required"},
                        status_code=401, headers={"WWW-Authenticate": "Bearer"})
    return Response(UNAUTHORIZED_PAGE, status_code=401, media_type=MediaType.HTML)


class Authenticate(ASGIMiddleware):
    """Find who makes each request (:class:`~.security.Principal` in ``request.state.principal``, before any
    guard looks) or answer 401; a page request with the start token gets its session cookie and a redirect."""

    scopes = (ScopeType.HTTP,)

    def __init__(self, gate: Gate) -> None:
        self.gate = gate

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        request: Request[Any, Any, Any] = Request(scope, receive)
        path = request.url.path
        if path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES):
            await next_app(scope, receive, send)
            return
        token = request.query_params.get(TOKEN_PARAMETER)
        if not _is_api(path) and token is not None and self.gate.token_matches(token):
            cookie = session_cookie(self.gate, self.gate.open_session())
            await ASGIResponse(status_code=303, headers={"Location": path}, cookies=[cookie])(scope, receive, send)
            return
        if _is_api(path):
            principal = await run_sync(self.gate.bearer_principal, request.headers.get("authorization"))
        else:
            principal = await run_sync(self.gate.session_principal, request.cookies.get(SESSION_COOKIE))
        if principal is None:
            await _unauthorized(path).to_asgi_response(None, request)(scope, receive, send)
            return
        request.state.principal = principal
        await next_app(scope, receive, send)


def _unknown_path(gate: Gate) -> Any:
    """A path no route serves: 404 for a signed-in browser or a bearer, 401 for anyone else (so an unknown path
    tells a stranger nothing either)."""
    def handle(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
        if gate.bearer_valid(request.headers.get("authorization")) or gate.session_valid(
                request.cookies.get(SESSION_COOKIE)):
            message = ("没有这个页面 / not found" if exc.status_code == 404
                       else "不支持这种请求方式 / method not allowed")
            return Response({"error": message}, status_code=exc.status_code)
        return _unauthorized(request.url.path)

    return handle


def _forbidden(request: Request[Any, Any, Any], exc: PermissionDeniedException) -> Response[Any]:
    """403 (a role without the permission, a form without its CSRF token): JSON for the API, a page else."""
    if _is_api(request.url.path):
        return Response({"error": exc.detail}, status_code=403)
    page = FORBIDDEN_PAGE.format(detail=html.escape(str(exc.detail)))
    return Response(page, status_code=403, media_type=MediaType.HTML)


def _cannot(request: Request[Any, Any, Any], exc: XcertError) -> Response[Any]:
    """A request the workspace cannot honour (a plan or room it does not have…): 422 with the Chinese message,
    as JSON for the API and as a page else; never a traceback."""
    if _is_api(request.url.path):
        return Response({"error": str(exc)}, status_code=422)
    page = CANNOT_PAGE.format(detail=html.escape(str(exc)))
    return Response(page, status_code=422, media_type=MediaType.HTML)


def _bad_request(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    """Any other HTTP error (a query parameter out of range, a body too large): its status, with the reason as
    JSON for the API and as a Chinese page else."""
    if _is_api(request.url.path):
        return Response({"error": exc.detail}, status_code=exc.status_code, headers=exc.headers)
    said = {400: "请求的参数不对（例如页码小于 1）", 413: "上传的文件太大（最大 64 MB）"}
    words = said.get(exc.status_code, str(exc.detail))
    page = CANNOT_PAGE.format(detail=html.escape(words))
    return Response(page, status_code=exc.status_code, media_type=MediaType.HTML)


def _failed(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """Anything else a handler raised: a storage failure (a locked or full database, someone else wrote first)
    is 503 with what to do; a bug is 500 with a Chinese sentence. Never a traceback or a driver's SQL."""
    failure = classify(exc)
    status, message = (503, storage_words(failure)) if failure is not None else (
        500, "xcert 内部错误：请在命令行运行同样的操作（设置 XCERT_DEBUG=1）查看详情，并把输出发给维护者。")
    if _is_api(request.url.path):
        return Response({"error": message}, status_code=status)
    page = CANNOT_PAGE.format(detail=html.escape(message))
    return Response(page, status_code=status, media_type=MediaType.HTML)


CANNOT_PAGE = """<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>无法完成</title>
<link rel="stylesheet" href="/static/xcert.css"><body><main><h1>无法完成</h1><p class="banner todo">{detail}</p>
<p>请返回上一页修改后重试。<a href="/">回首页</a></p></main></body></html>"""
FORBIDDEN_PAGE = """<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>没有权限</title>
<link rel="stylesheet" href="/static/xcert.css"><body><main><h1>没有权限</h1><p>{detail}</p>
<p>如需这项权限，请联系管理员（xcert users change 姓名 --role 教务）。<a href="/">回首页</a></p></main></body></html>"""


def _template_globals(engine: JinjaTemplateEngine) -> None:
    engine.engine.globals.update(version=__version__, see_full=Permission.SEE_FULL_IDS, Permission=Permission)
    engine.engine.autoescape = True


def create_app(root: Path, gate: Gate | None = None, *, plugins: XcertPlugins | None = None) -> Litestar:
    """The workbench for the workspace at ``root``; ``gate`` holds the start token (default: a fresh one)."""
    served = Served(root, plugins or make_plugin_manager())
    gate = gate or Gate(new_token())
    gate.account_role, gate.token_account = served.account_role, served.token_account
    jobs = PrintJobs(served.workspace)
    return Litestar(
        route_handlers=[Login, Pages, RecordPages, PhotoPages, SetupPages, RegistrationPages, RoomPages, AuditPages,
                        Seating,
                        DocumentPages, PlatformPages, StatsPages, ApiV1, DocumentsApi,
                        create_static_files_router(path="/static", directories=[HERE / "static"],
                                                   include_in_schema=False)],
        dependencies={"served": Provide(lambda: served, sync_to_thread=False),
                      "jobs": Provide(lambda: jobs, sync_to_thread=False),
                      "gate": Provide(lambda: gate, sync_to_thread=False)},
        middleware=[Authenticate(gate)],
        template_config=TemplateConfig(directory=HERE / "templates", engine=JinjaTemplateEngine,
                                       engine_callback=_template_globals),
        csrf_config=CSRFConfig(secret=new_token(), cookie_httponly=True, cookie_samesite="strict",
                               cookie_secure=gate.secure_cookies, exclude=[API_PREFIX]),
        openapi_config=OpenAPIConfig(title="xcert", version=__version__, path=API_PREFIX,
                                     description="xcert 工作台的 HTTP API / the HTTP API of the xcert workbench"),
        request_max_body_size=MAX_UPLOAD,
        exception_handlers={NotFoundException: _unknown_path(gate), MethodNotAllowedException: _unknown_path(gate),
                            PermissionDeniedException: _forbidden, XcertError: _cannot, HTTPException: _bad_request,
                            Exception: _failed},
    )
