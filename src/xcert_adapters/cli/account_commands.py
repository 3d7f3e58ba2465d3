"""``xcert users`` and ``xcert audit``: the workbench's accounts (账户), their API tokens, and the audit log
(操作记录).

Passwords are asked twice without echo, or read from the first line of standard input with
``--password-stdin`` (for scripts); they never appear in arguments, where ``ps`` and the shell history would
show them. Each change is recorded in the audit log as made on the command line by the computer's user.
"""

from __future__ import annotations

import getpass
import sys

import click

from xcert_adapters.app import accounts, audit
from xcert_adapters.cli.output import JSON_HELP, echo_json
from xcert_adapters.cli.workspace_option import current_workspace
from xcert_core.labels import Role

ROLE_CHOICE = click.Choice([*Role.labels(), *(r.value for r in Role)])


def _role(text: str) -> Role:
    return next(r for r in Role if text in (r.label, r.value))


def _actor() -> str:
    """The computer's user name (the audit log's channel says it came from the command line)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in this environment (a container without /etc/passwd entry)
        return "（本机用户）"


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(click.prompt("密码 / password", hide_input=True, confirmation_prompt="再输入一次 / again"))


@click.group("users")
def users() -> None:
    """工作台账户：添加、列出、修改、删除，个人 API 令牌 / workbench accounts and API tokens.

    \b
    角色 / roles: 管理员（全部，含账户与完整证件号码）· 教务（导入、确认、报考、排考、打印）· 只读（查看）
    有账户后 xcert serve 可用 --host 0.0.0.0 对本机以外开放，其他人用账户登录。
    """


@users.command("add")
@click.argument("name")
@click.option("--role", "role_text", type=ROLE_CHOICE, required=True, help="角色 / role.")
@click.option("--password-stdin", is_flag=True, help="从标准输入读取密码（第一行）/ read the password from stdin.")
def add(name: str, role_text: str, password_stdin: bool) -> None:
    """添加账户（密码至少 10 个字符，以 argon2 散列保存）/ add an account.

    退出码 / exit: 0 已添加 · 2 名称已存在、不可用或密码太短.
    """
    workspace = current_workspace()
    account = accounts.add_account(workspace, name, _role(role_text), _password(password_stdin), actor=_actor())
    click.echo(f"已添加账户“{account.username}”（{account.role.label}）。")


@users.command("list")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def list_users(as_json: bool) -> None:
    """列出账户 / list the accounts."""
    stored = accounts.list_accounts(current_workspace())
    if as_json:
        echo_json({"users": [{"name": a.username, "role": a.role.label, "disabled": a.disabled,
                              "created_at": a.created_at.isoformat()} for a in stored]})
        return
    if not stored:
        click.echo("没有账户。用 xcert users add 姓名 --role 管理员 添加。")
        return
    for a in stored:
        click.echo(f"  {a.username}（{a.role.label}）{'，已停用' if a.disabled else ''}")


@users.command("change")
@click.argument("name")
@click.option("--role", "role_text", type=ROLE_CHOICE, help="新角色 / new role.")
@click.option("--password", "new_password", is_flag=True, help="改密码（随后输入）/ set a new password.")
@click.option("--password-stdin", is_flag=True, help="从标准输入读取新密码 / read the new password from stdin.")
@click.option("--disable/--enable", default=None, help="停用或重新启用 / disable or enable the account.")
def change(name: str, role_text: str | None, new_password: bool, password_stdin: bool, disable: bool | None) -> None:
    """修改账户的角色、密码或停用 / change an account's role, password or whether it is disabled.

    退出码 / exit: 0 已修改 · 2 没有该账户、密码太短或会没有管理员.
    """
    password = _password(password_stdin) if new_password or password_stdin else None
    if role_text is None and password is None and disable is None:
        raise click.UsageError("请至少给出 --role、--password 或 --disable/--enable 之一 / nothing to change")
    account = accounts.change_account(current_workspace(), name, actor=_actor(),
                                      role=_role(role_text) if role_text else None, password=password,
                                      disabled=disable)
    click.echo(f"已修改账户“{account.username}”（{account.role.label}{'，已停用' if account.disabled else ''}）。")


@users.command("remove")
@click.argument("name")
def remove(name: str) -> None:
    """删除账户及其 API 令牌（操作记录保留）/ remove an account and its API tokens."""
    accounts.remove_account(current_workspace(), name, actor=_actor())
    click.echo(f"已删除账户“{name}”。")


@users.command("token")
@click.argument("name")
@click.option("--label", default="", help="用途说明，如“教务系统”/ what the token is for.")
def token(name: str, label: str) -> None:
    """为账户生成个人 API 令牌（只显示这一次）/ issue a personal API token (shown once).

    令牌以账户的角色调用 API：Authorization: Bearer 令牌。
    """
    record, secret = accounts.issue_token(current_workspace(), name, label, actor=_actor())
    click.echo(secret)
    click.echo(f"这是账户“{name}”的 API 令牌 {record.token_id}，只显示这一次，请妥善保存；"
               f"撤销：xcert users revoke {record.token_id}", err=True)


@users.command("tokens")
@click.argument("name", required=False)
def tokens(name: str | None) -> None:
    """列出 API 令牌（不含密钥）/ list API tokens (never their secrets)."""
    stored = accounts.list_tokens(current_workspace(), name)
    if not stored:
        click.echo("没有 API 令牌。")
    for t in stored:
        click.echo(f"  {t.token_id}  {t.username}  {t.created_at:%Y-%m-%d %H:%M}  {t.label}")


@users.command("revoke")
@click.argument("token_id")
def revoke(token_id: str) -> None:
    """撤销一个 API 令牌（立即失效）/ revoke an API token."""
    accounts.revoke_token(current_workspace(), token_id, actor=_actor())
    click.echo(f"已撤销 API 令牌 {token_id}。")


@click.command("audit")
@click.option("--user", "actor", help="只看这个操作者 / only this actor.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1), help="最多几条 / at most.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def audit_command(actor: str | None, limit: int, as_json: bool) -> None:
    """操作记录：谁在何时通过工作台、API 或命令行做了什么（最新在前）/ the audit log, newest first."""
    entries = audit.audit_log(current_workspace(), actor=actor, limit=limit)
    if as_json:
        echo_json({"entries": [{"at": e.at.isoformat(), "actor": e.actor, "channel": e.channel, "action": e.action,
                                "target": e.target, "detail": e.detail, "changes": dict(e.changes)}
                               for e in entries]})
        return
    if not entries:
        click.echo("没有操作记录。")
    for e in entries:
        when = e.at.astimezone()
        click.echo(f"  {when:%Y-%m-%d %H:%M:%S}  {e.actor}（{e.channel}）{e.action}  {e.target}  {e.detail}")
