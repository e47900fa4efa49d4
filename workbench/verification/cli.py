"""Commands of the verification area: ``workbench claims list|propose|add|verify INCIDENT…``."""
from __future__ import annotations

import argparse


def _run(args: argparse.Namespace) -> None:
    from .. import db
    from ..cli import CliError
    from ..exports import masked_frame
    from . import claims, proposals

    con = db.connect(args.db)
    try:
        if args.action == "list":
            df = claims.ledger(con, args.target)
        elif args.action == "propose":
            df = proposals.propose(con, args.target).drop(columns=["post_ids"])
        elif args.action == "add":
            cid = claims.add_claim(con, args.target, args.text or "", args.actor, phrases=args.phrases)
            print(f"已登记 核实#{cid}")
            return
        else:
            claims.set_status(con, args.target, args.status or "", args.actor, evidence=args.evidence,
                              document=args.document, confirmed_by=args.confirmed_by, finding=args.finding)
            print(f"核实#{args.target} 已改为{args.status}")
            return
    except ValueError as e:
        raise CliError(str(e)) from None
    print(masked_frame(df).to_json(orient="records", force_ascii=False, date_format="iso"))


def register(sub) -> None:
    """Add this area's subcommands to the `workbench` parser."""
    from ..review.cli import _default_actor

    p = sub.add_parser("claims", help="核实台账：列出、从帖子提议、登记、核实说法",
                       description="list/propose/add 的对象是事件编号，verify 的对象是核实条目编号。输出 JSON（已脱敏）。")
    p.add_argument("action", choices=["list", "propose", "add", "verify"])
    p.add_argument("target", type=int, help="事件编号（verify：核实条目编号）")
    p.add_argument("--text", help="add：说法内容")
    p.add_argument("--phrases", help="add：其他说法（用、分隔）")
    p.add_argument("--status", help="verify：核实中 / 属实 / 部分属实 / 不实 / 无法核实 / 待核实")
    p.add_argument("--evidence", default="", help="verify：核实依据")
    p.add_argument("--document", default="", help="verify：证明文件名")
    p.add_argument("--confirmed-by", default="", help="verify：确认人（部门或人员）")
    p.add_argument("--finding", default="", help="verify：核实结论（部分属实必填）")
    p.add_argument("--actor", default=_default_actor(), help="写入审计日志的操作人")
    p.set_defaults(func=_run)
