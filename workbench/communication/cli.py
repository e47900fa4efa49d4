"""Commands of the communication area: ``workbench updates due|draft|send``."""
from __future__ import annotations

import argparse


def _run(args: argparse.Namespace) -> None:
    from .. import db
    from ..cli import CliError
    from ..incidents import record
    from . import updates

    con = db.connect(args.db)
    try:
        if args.action == "due":
            df = updates.due(con, record.get(con, args.target))
            print(df.to_json(orient="records", force_ascii=False, date_format="iso"))
        elif args.action == "draft":
            body = updates.draft(con, args.target, args.audience or "")
            uid = updates.create(con, args.target, args.audience, body, args.actor)
            print(f"已起草通报 #{uid}：\n{body}")
        else:
            how = updates.send(con, args.target, args.actor, override_reason=args.reason)
            print(f"通报 #{args.target} 已发送（{how}）")
    except ValueError as e:
        raise CliError(str(e).replace("\n", " ")) from None


def register(sub) -> None:
    """Add this area's subcommands to the `workbench` parser."""
    from ..review.cli import _default_actor

    p = sub.add_parser("updates", help="相关方通报：到期情况、按当前情况起草、检查并发送",
                       description="due/draft 的对象是事件编号，send 的对象是通报编号。")
    p.add_argument("action", choices=["due", "draft", "send"])
    p.add_argument("target", type=int, help="事件编号（send：通报编号）")
    p.add_argument("--audience", help="draft：全体员工 / 管理层 / 涉事员工及家属 / 合作方 / 监管部门 / 媒体")
    p.add_argument("--reason", help="send：检查有阻断项时的强制发送理由")
    p.add_argument("--actor", default=_default_actor(), help="写入审计日志的操作人")
    p.set_defaults(func=_run)
