"""``xcert serve``: the web workbench and the HTTP API on this computer (see :mod:`xcert_adapters.web`).

The first line of standard output is the address to open, with a fresh token: ``http://127.0.0.1:8000/?token=…``.
The server listens on loopback only (a workspace has no accounts yet): ``--host`` beyond loopback exits 2.
Access logs are off, so neither ID numbers in URLs nor the token reach a log.
"""

from __future__ import annotations

import socket

import click

from xcert_adapters.cli.workspace_option import current_workspace
from xcert_adapters.web.security import Gate, new_token, refuse_public_host


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址（仅限本机）/ the address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="端口（0：任选一个空闲端口）/ the port (0: any free one).")
def serve(host: str, port: int) -> None:
    """打开工作台：在浏览器中查看准备情况、检查名单，并为其他系统提供 HTTP API / the web workbench and API.

    \b
    xcert serve                  在 http://127.0.0.1:8000 打开，第一行输出带令牌的网址
    xcert serve --port 0         任选空闲端口

    每次启动生成新的令牌；浏览器打开带令牌的网址后凭会话 Cookie 使用，API 用 Authorization: Bearer 令牌。
    按 Ctrl-C 停止。退出码 / exit: 0 已停止 · 2 工作区不可用或监听地址不允许.
    """
    refuse_public_host(host)
    workspace = current_workspace()
    import uvicorn  # noqa: PLC0415 - only this command needs the server

    from xcert_adapters.web.app import create_app  # noqa: PLC0415

    token = new_token()
    app = create_app(workspace.root, Gate(token), plugins=workspace.plugins)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
    except OSError as exc:
        raise click.UsageError(f"无法在 {host}:{port} 上监听（{exc.strerror}），请换一个端口（--port）/ "
                               "cannot listen there") from None
    listener.listen(128)  # connections wait in the backlog from now on, even before the server's loop runs
    bound = listener.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"http://{shown}:{bound}/?token={token}")
    click.echo(f"xcert 工作台：{workspace.config.school_name}（{workspace.root}）。用浏览器打开上面的网址；"
               "API 使用 Authorization: Bearer 令牌。按 Ctrl-C 停止。", err=True)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    uvicorn.Server(config).run(sockets=[listener])
