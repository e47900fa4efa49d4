"""``workbench users``: create and manage the web app's accounts (the first admin included).

Run on the server by someone who holds the database file, so the command acts as the process
(``命令行:USER`` in the audit log), not as an account.
"""
from __future__ import annotations

import argparse
import getpass
import json
import sys

from .. import access


def _actor() -> str:
    try:
        return f"命令行:{getpass.getuser()}"
    except Exception:  # no user name in some containers
        return "命令行"


def _password(args: argparse.Namespace) -> str:
    from ..cli import CliError

    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("密码：")
    if getpass.getpass("再次输入密码：") != first:
        raise CliError("两次输入的密码不一致")
    return first


def _run(action, *args) -> None:
    from .. import db
    from ..cli import CliError

    try:
        action(db.connect(args[0]), *args[1:])
    except ValueError as e:
        raise CliError(str(e)) from None


def _add(args: argparse.Namespace) -> None:
    from . import store

    password = None if args.oidc else _password(args)
    _run(store.add, args.db, args.name, args.role, password, _actor())
    how = "只能通过企业统一身份认证登录" if args.oidc else "可用密码登录"
    print(f"已创建账号「{args.name}」（{access.ROLE_NAMES[args.role]}），{how}。")


def _list(args: argparse.Namespace) -> None:
    from .. import db
    from . import store

    df = store.listing(db.connect(args.db))
    if args.format == "json":
        print(df.to_json(orient="records", force_ascii=False, date_format="iso"))
        return
    if df.empty:
        print("还没有账号。用 workbench users add 名称 --role admin 创建第一个管理员。")
    for r in df.itertuples():
        state = "已停用" if r.disabled else "启用"
        print(f"{r.name}\t{access.ROLE_NAMES[r.role]}（{r.role}）\t{state}\t{'统一身份认证' if r.oidc_only else '密码'}")


def _set_role(args: argparse.Namespace) -> None:
    from . import store

    _run(store.set_role, args.db, args.name, args.role, _actor())
    print(f"账号「{args.name}」的角色已改为{access.ROLE_NAMES[args.role]}。")


def _disable(args: argparse.Namespace) -> None:
    from . import store

    _run(store.set_disabled, args.db, args.name, not args.enable, _actor())
    print(f"账号「{args.name}」已{'启用' if args.enable else '停用'}。")


def _passwd(args: argparse.Namespace) -> None:
    from . import store

    _run(store.set_password, args.db, args.name, _password(args), _actor())
    print(f"账号「{args.name}」的密码已更新。")


def _unlock(args: argparse.Namespace) -> None:
    from . import store

    _run(store.unlock, args.db, args.name, _actor())
    print(f"账号「{args.name}」已解锁。")


def register(sub) -> None:
    """Add ``workbench users …`` to the `workbench` parser."""
    users = sub.add_parser("users", help="管理网页账号（本地账号与统一身份认证账号的角色）",
                           description="账号与角色：leader 领导（只读、下载简报）、analyst 分析员（处置流程）、"
                                       "admin 管理员（另管采集源、规则、渠道、时限、模型与账号）。")
    cmds = users.add_subparsers(dest="users_command", metavar="ACTION")
    cmds.required = True
    roles = {"choices": access.ROLES, "required": True, "help": "leader | analyst | admin"}

    p = cmds.add_parser("add", help="新建账号（密码不回显输入）")
    p.add_argument("name")
    p.add_argument("--role", **roles)
    p.add_argument("--password-stdin", action="store_true", help="从标准输入读一行作为密码（脚本用）")
    p.add_argument("--oidc", action="store_true", help="不设密码：只能通过企业统一身份认证（OIDC）登录")
    p.set_defaults(func=_add)

    p = cmds.add_parser("list", help="列出账号")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=_list)

    p = cmds.add_parser("set-role", help="修改账号角色")
    p.add_argument("name")
    p.add_argument("--role", **roles)
    p.set_defaults(func=_set_role)

    p = cmds.add_parser("disable", help="停用账号（--enable 重新启用）")
    p.add_argument("name")
    p.add_argument("--enable", action="store_true")
    p.set_defaults(func=_disable)

    p = cmds.add_parser("passwd", help="重设账号密码")
    p.add_argument("name")
    p.add_argument("--password-stdin", action="store_true", help="从标准输入读一行作为密码（脚本用）")
    p.set_defaults(func=_passwd)

    p = cmds.add_parser("unlock", help="解除因连续输错密码造成的锁定")
    p.add_argument("name")
    p.set_defaults(func=_unlock)
