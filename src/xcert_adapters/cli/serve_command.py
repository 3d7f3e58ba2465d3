"""``xcert serve``: the web workbench and the HTTP API on this computer (see :mod:`xcert_adapters.web`).

The first line of standard output is the address to open, with a fresh token: ``http://127.0.0.1:8000/?token=…``.
The server listens on loopback unless the workspace has accounts (``xcert users add``): ``--host`` beyond
loopback without them exits 2. With ``--certfile``/``--keyfile`` it speaks HTTPS and marks its cookies Secure.
Access logs are off, so neither ID numbers in URLs nor the token reach a log.
"""

from __future__ import annotations

import socket
from pathlib import Path

import click

from xcert_adapters.app import accounts
from xcert_adapters.cli.workspace_option import current_workspace


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="监听地址；本机以外（如 0.0.0.0）需要先建立账户 / the address (beyond loopback: accounts).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="端口（0：任选一个空闲端口）/ the port (0: any free one).")
@click.option("--certfile", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="HTTPS 证书（PEM）/ TLS certificate for HTTPS.")
@click.option("--keyfile", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="HTTPS 私钥（PEM）/ TLS private key.")
def serve(host: str, port: int, certfile: Path | None, keyfile: Path | None) -> None:
    """打开工作台：在浏览器中查看准备情况、检查名单，并为其他系统提供 HTTP API / the web workbench and API.

    \b
    xcert serve                  在 http://127.0.0.1:8000 打开，第一行输出带令牌的网址
    xcert serve --port 0         任选空闲端口
    xcert serve --host 0.0.0.0 --certfile 证书.pem --keyfile 私钥.pem
                                 对校园网开放（需先 xcert users add 建立账户；建议用 HTTPS）

    每次启动生成新的令牌；浏览器打开带令牌的网址后凭会话 Cookie 使用，API 用 Authorization: Bearer 令牌。
    有账户时，其他人在 /login 用账户登录，按角色使用。按 Ctrl-C 停止。
    退出码 / exit: 0 已停止 · 2 工作区不可用或监听地址不允许.
    """
    if (certfile is None) != (keyfile is None):
        raise click.UsageError("--certfile 与 --keyfile 需要同时给出 / give both --certfile and --keyfile")
    from xcert_adapters.web.security import Gate, is_loopback, new_token, refuse_public_host  # noqa: PLC0415 - litestar: only here

    workspace = current_workspace()
    refuse_public_host(host, has_accounts=accounts.has_accounts(workspace))
    import uvicorn  # noqa: PLC0415 - only this command needs the server

    from xcert_adapters.web.app import create_app  # noqa: PLC0415

    token = new_token()
    tls = certfile is not None
    app = create_app(workspace.root, Gate(token, secure_cookies=tls), plugins=workspace.plugins)
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
    click.echo(f"{'https' if tls else 'http'}://{shown}:{bound}/?token={token}")
    click.echo(f"xcert 工作台：{workspace.config.school_name}（{workspace.root}）。用浏览器打开上面的网址；"
               "API 使用 Authorization: Bearer 令牌。按 Ctrl-C 停止。", err=True)
    if not is_loopback(host):
        click.echo(f"已对本机以外开放：其他人打开 {'https' if tls else 'http'}://本机地址:{bound}/login 用账户登录。"
                   + ("" if tls else "注意：未加密的 HTTP 会让密码和证件号码在网络上明文传输，"
                      "请用 --certfile/--keyfile。"),
                   err=True)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on",
                            ssl_certfile=str(certfile) if certfile else None,
                            ssl_keyfile=str(keyfile) if keyfile else None)
    uvicorn.Server(config).run(sockets=[listener])
