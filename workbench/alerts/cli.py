"""Commands of the alerts area: ``workbench alerts list | ack ID | evaluate | deliver``."""
from __future__ import annotations

import argparse
import getpass
import json
import sys
from datetime import datetime

from .. import db
from ..cli import CliError


def _now(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise CliError(f"时间格式应为 ISO，如 2026-11-20T14:30：{text}") from None


def _list(args: argparse.Namespace) -> None:
    from ..exports import masked_frame, safe_csv_frame
    from .store import list_alerts, list_threads

    filters = {"level": args.level, "rule": args.rule, "limit": args.limit}
    if args.unacked:
        filters["acknowledged"] = False
    if args.threads:
        df = list_threads(db.connect(args.db), filters)
        cols = ["thread_id", "updated_at", "level", "incident_id", "scope_label", "rules", "changes", "pushed",
                "unacknowledged", "last_message", "last_reason"]
    else:
        df = list_alerts(db.connect(args.db), filters)
        cols = ["id", "thread_id", "created_at", "level", "rule_name", "scope_label", "message", "notify", "reason",
                "acknowledged_by", "acknowledged_at"]
    if args.format == "json":
        print(masked_frame(df[cols]).to_json(orient="records", force_ascii=False, date_format="iso"))
    else:
        sys.stdout.write(safe_csv_frame(df[cols]).to_csv(index=False))


def _ack(args: argparse.Namespace) -> None:
    from .store import acknowledge

    try:
        changed = acknowledge(db.connect(args.db), args.id, args.by)
    except ValueError as e:
        raise CliError(str(e)) from None
    print(f"预警 {args.id} 已由 {args.by} 确认。" if changed else f"预警 {args.id} 此前已被确认，未作改动。")


def _evaluate(args: argparse.Namespace) -> None:
    from .engine import evaluate

    ids = evaluate(db.connect(args.db), now=_now(args.now))
    print(f"新增预警 {len(ids)} 条" + (f"：{', '.join(map(str, ids))}" if ids else "。"))


def _deliver(args: argparse.Namespace) -> None:
    from .delivery import deliver_pending

    result = deliver_pending(db.connect(args.db), now=_now(args.now), channels=args.channel or None)
    print(json.dumps(result, ensure_ascii=False))


def register(sub) -> None:
    """Add ``workbench alerts …`` to the parser."""
    p = sub.add_parser("alerts", help="预警：列表、确认、评估、推送")
    asub = p.add_subparsers(dest="alerts_command", metavar="ACTION")
    asub.required = True

    q = asub.add_parser("list", help="列出预警（CSV 或 JSON）")
    q.add_argument("--level", choices=["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ"])
    q.add_argument("--rule", choices=["spike", "negative_share", "incident_level", "clock_overdue"])
    q.add_argument("--unacked", action="store_true", help="只列未确认的")
    q.add_argument("--threads", action="store_true", help="按预警线程列出（每个事件一条，含更新与推送次数）")
    q.add_argument("--limit", type=int, default=100)
    q.add_argument("--format", choices=["csv", "json"], default="csv")
    q.set_defaults(func=_list)

    q = asub.add_parser("ack", help="确认一条预警所在的线程（写入审计日志）")
    q.add_argument("id", type=int)
    q.add_argument("--by", default=getpass.getuser(), help="确认人（默认当前系统用户）")
    q.set_defaults(func=_ack)

    q = asub.add_parser("evaluate", help="运行预警规则（突增、负面占比、重大事件、超时）")
    q.add_argument("--now", help="评估时刻（ISO，默认当前时间）")
    q.set_defaults(func=_evaluate)

    q = asub.add_parser("deliver", help="推送待发送的预警（含到期的重试）")
    q.add_argument("--now", help="推送时刻（ISO，默认当前时间）")
    q.add_argument("--channel", action="append", help="只推送到这些渠道（可重复）")
    q.set_defaults(func=_deliver)
