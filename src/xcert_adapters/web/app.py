"""The ASGI application of ``xcert serve``: pages, the API, the OpenAPI document, authentication and CSRF.

:func:`create_app` builds it for one workspace folder and one :class:`~xcert_adapters.web.security.Gate`.
Litestar was chosen because it understands attrs classes (the application layer's payloads) and writes the
OpenAPI document from them, renders Jinja2 templates on the server, and brings CSRF protection, multipart
parsing and request size limits (see ``docs/explanation/dependencies.md``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from litestar import Litestar, Request, Response
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import Cookie
from litestar.di import Provide
from litestar.enums import MediaType
from litestar.exceptions import HTTPException, MethodNotAllowedException, NotFoundException
from litestar.openapi import OpenAPIConfig
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template import TemplateConfig

from xcert_adapters.web.api import ApiV1
from xcert_adapters.web.documents import DocumentPages, DocumentsApi
from xcert_adapters.web.pages import Pages
from xcert_adapters.web.seating import Seating
from xcert_adapters.web.security import API_PREFIX, SESSION_COOKIE, TOKEN_PARAMETER, Gate, new_token
from xcert_adapters.web.served import Served
from xcert_core import __version__
from xcert_core.plugins import XcertPlugins, make_plugin_manager

HERE = Path(__file__).parent
MAX_UPLOAD = 64 * 1024 * 1024
"""The largest request body accepted (a roster of 100,000 rows is about 5 MB)."""

UNAUTHORIZED_PAGE = """<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>需要登录</title>
<body style="font-family:sans-serif;margin:3em"><h1>需要令牌</h1>
<p>请打开 <code>xcert serve</code> 启动时打印的网址（含 <code>?token=…</code>）。</p>
<p>Open the URL <code>xcert serve</code> printed when it started.</p></body></html>"""


def _is_api(path: str) -> bool:
    return path == API_PREFIX or path.startswith(API_PREFIX + "/")


def _unauthorized(path: str) -> Response[Any]:
    """401: JSON with a Bearer challenge for the API, the Chinese page for anything else."""
    if _is_api(path):
        return Response({"error": "需要令牌：Authorization: Bearer TOKEN / a bearer token is required"},
                        status_code=401, headers={"WWW-Authenticate": "Bearer"})
    return Response(UNAUTHORIZED_PAGE, status_code=401, media_type=MediaType.HTML)


def _authenticate(gate: Gate) -> Any:
    async def before_request(request: Request[Any, Any, Any]) -> Response[Any] | None:
        path = request.url.path
        if _is_api(path):
            return None if gate.bearer_valid(request.headers.get("authorization")) else _unauthorized(path)
        token = request.query_params.get(TOKEN_PARAMETER)
        if token is not None and gate.token_matches(token):
            cookie = Cookie(key=SESSION_COOKIE, value=gate.open_session(), path="/", httponly=True, samesite="strict")
            return Response(b"", status_code=303, headers={"Location": path}, cookies=[cookie])
        return None if gate.session_valid(request.cookies.get(SESSION_COOKIE)) else _unauthorized(path)

    return before_request


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


def _template_globals(engine: JinjaTemplateEngine) -> None:
    engine.engine.globals.update(version=__version__)
    engine.engine.autoescape = True


def create_app(root: Path, gate: Gate | None = None, *, plugins: XcertPlugins | None = None) -> Litestar:
    """The workbench for the workspace at ``root``; ``gate`` holds the start token (default: a fresh one)."""
    served = Served(root, plugins or make_plugin_manager())
    gate = gate or Gate(new_token())
    return Litestar(
        route_handlers=[Pages, Seating, DocumentPages, ApiV1, DocumentsApi,
                        create_static_files_router(path="/static", directories=[HERE / "static"],
                                                   include_in_schema=False)],
        dependencies={"served": Provide(lambda: served, sync_to_thread=False)},
        before_request=_authenticate(gate),
        template_config=TemplateConfig(directory=HERE / "templates", engine=JinjaTemplateEngine,
                                       engine_callback=_template_globals),
        csrf_config=CSRFConfig(secret=new_token(), cookie_httponly=True, cookie_samesite="strict",
                               exclude=[API_PREFIX]),
        openapi_config=OpenAPIConfig(title="xcert", version=__version__, path=API_PREFIX,
                                     description="xcert 工作台的 HTTP API / the HTTP API of the xcert workbench"),
        request_max_body_size=MAX_UPLOAD,
        exception_handlers={NotFoundException: _unknown_path(gate), MethodNotAllowedException: _unknown_path(gate)},
    )
