"""Commands of the incidents area: ``workbench incidents cluster|rebuild|score|cycle|list|show|override|status|rename|owner|tone|overdue``."""
from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime

from .. import vocab


def _now(args) -> datetime | None:
    if not getattr(args, "now", None):
        return None
    from ..cli import CliError

    try:
        return datetime.fromisoformat(args.now)
    except ValueError:
        raise CliError(f"时间格式应为 ISO，如 2026-11-20T12:00：{args.now}") from None


def _con(args):
    from .. import db

    return db.connect(args.db)


def _print_json(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False, default=str))


def _cluster(args) -> None:
    from . import clustering

    res = clustering.cluster(_con(args), now=_now(args))
    _print_json(res)


def _rebuild(args) -> None:
    from . import rebuild, scoring

    con = _con(args)
    res = rebuild.rebuild(con, now=_now(args))
    res["scored"] = scoring.refresh(con, res.pop("changed_since"), now=_now(args))
    _print_json(res)


def _score(args) -> None:
    from . import scoring

    n = scoring.rescore(_con(args), args.id or None, now=_now(args), history=not args.current_only)
    print(f"已评分 {n} 个事件。")


def _cycle(args) -> None:
    from . import cycle

    _print_json(cycle.run(_con(args), now=_now(args), cluster=not args.no_cluster))


def _list(args) -> None:
    from .. import db
    from ..exports import masked_frame, safe_csv_frame

    df = db.query("incident_list", _con(args), level=args.level, status=args.status, category=args.category)
    if args.format == "json":
        print(masked_frame(df).to_json(orient="records", force_ascii=False, date_format="iso"))
    else:
        sys.stdout.write(safe_csv_frame(df).to_csv(index=False))


def _override(args) -> None:
    from ..cli import CliError
    from . import levels

    try:
        if args.clear:
            levels.clear_override(_con(args), args.id, args.reason, args.actor)
        else:
            if not args.level:
                raise ValueError("请用 --level 指定级别，或用 --clear 撤销")
            levels.set_level_override(_con(args), args.id, args.level, args.reason, args.actor)
    except ValueError as e:
        raise CliError(str(e)) from None
    print("已记录人工级别。" if not args.clear else "已撤销人工级别。")


def _status(args) -> None:
    from ..cli import CliError
    from . import status

    try:
        if args.to == "ack":
            status.acknowledge(_con(args), args.id, args.actor, now=_now(args))
        else:
            status.advance(_con(args), args.id, args.to, args.actor, now=_now(args))
    except ValueError as e:
        raise CliError(str(e)) from None
    print(f"事件 {args.id}：{'已确认' if args.to == 'ack' else '状态已变为 ' + args.to}")


def _show(args) -> None:
    from dataclasses import asdict

    from ..cli import CliError
    from . import record

    try:
        inc = record.get(_con(args), args.id)
    except ValueError as e:
        raise CliError(str(e)) from None
    out = {k: v for k, v in asdict(inc).items() if k != "clock_config"}
    c = inc.clocks(_now(args))
    out["label"] = inc.label
    out["clocks"] = {k: {f: c[k][f] for f in ("name", "due_at", "done_at", "state", "overdue")} for k in ("ack", "response")}
    out["clocks"]["start"] = c["start"]
    _print_json(out)


def _edit(args) -> None:
    from ..cli import CliError
    from . import editing

    try:
        if args.incidents_command == "rename":
            editing.rename(_con(args), args.id, args.title, args.actor)
        else:
            editing.set_owner(_con(args), args.id, args.name, args.actor)
    except ValueError as e:
        raise CliError(str(e)) from None
    print(f"事件 {args.id}：{'已改名' if args.incidents_command == 'rename' else '负责人已更新'}")


def _tone(args) -> None:
    from ..cli import CliError
    from . import editing

    polarity = None if args.polarity == "model" else args.polarity
    try:
        editing.set_tone(_con(args), args.id, polarity, args.reason, args.actor)
    except ValueError as e:
        raise CliError(str(e)) from None
    print(f"事件 {args.id}：{'倾向交还模型判断' if polarity is None else '倾向设为 ' + polarity}")


def _overdue(args) -> None:
    from ..exports import safe_csv_frame
    from . import clocks

    sys.stdout.write(safe_csv_frame(clocks.overdue_incidents(_con(args), _now(args))).to_csv(index=False))


def _entities(args: argparse.Namespace) -> int:
    """List the monitored names (JSON), or replace them from a JSON file of the same shape."""
    from ..cli import CliError
    from . import entities

    con = _con(args)
    if args.entities_command == "import":
        try:
            rows = json.loads(open(args.file, encoding="utf-8").read())
        except (OSError, json.JSONDecodeError) as e:
            raise CliError(f"无法读取主体词文件 {args.file}：{e}") from None
        if not isinstance(rows, list):
            raise CliError("主体词文件应为 JSON 列表：[{\"name\": …, \"aliases\": […]}, …]")
        try:
            n = entities.replace_all(con, rows, actor=args.actor)
        except ValueError as e:
            raise CliError(str(e)) from None
        print(f"已导入 {n} 个主体词")
        return 0
    frame = entities.load(con)
    rows = [{"name": r.name, "kind": r.kind, "aliases": list(r.aliases),
             "employer": r.employer if isinstance(r.employer, str) else None, "monitored": bool(r.monitored)}
            for r in frame.itertuples(index=False)]
    print(json.dumps(rows, ensure_ascii=False, indent=2))
    return 0


def register(sub) -> None:
    """Add this area's subcommands to the `workbench` parser."""
    e = sub.add_parser("entities", help="主体词：监测的用人单位、品牌、人物及其别名")
    esub = e.add_subparsers(dest="entities_command", metavar="SUBCOMMAND")
    esub.required = True
    esub.add_parser("list", help="列出主体词（JSON）").set_defaults(func=_entities)
    q = esub.add_parser("import", help="用 JSON 文件替换全部主体词（写入审计日志）")
    q.add_argument("file")
    q.add_argument("--actor", required=True, help="操作人（写入审计日志）")
    q.set_defaults(func=_entities)

    p = sub.add_parser("incidents", help="事件：聚类、评分、分级、状态、时限")
    isub = p.add_subparsers(dest="incidents_command", metavar="SUBCOMMAND")
    isub.required = True

    def with_now(q: argparse.ArgumentParser) -> argparse.ArgumentParser:
        q.add_argument("--now", help="以此时间为当前时间（ISO，如 2026-11-20T12:00）")
        return q

    q = with_now(isub.add_parser("cluster", help="把尚未归入事件的帖子聚类"))
    q.set_defaults(func=_cluster)
    q = with_now(isub.add_parser("rebuild", help="从头聚类积压的帖子：按监测周期（每 6 小时）逐个重放，再评分"))
    q.set_defaults(func=_rebuild)
    q = with_now(isub.add_parser("score", help="重算热度、严重度与级别（含逐小时历史）"))
    q.add_argument("--id", type=int, action="append", help="只评分这些事件，可重复")
    q.add_argument("--current-only", action="store_true", help="只写当前小时，不重算历史")
    q.set_defaults(func=_score)
    q = with_now(isub.add_parser("cycle", help="聚类 + 评分 + 预警 + 推送，一次完成"))
    q.add_argument("--no-cluster", action="store_true", help="跳过聚类")
    q.set_defaults(func=_cycle)
    q = isub.add_parser("list", help="列出事件")
    q.add_argument("--level", choices=vocab.LEVELS)
    q.add_argument("--status", choices=vocab.STATUSES)
    q.add_argument("--category", choices=vocab.CATEGORIES)
    q.add_argument("--format", choices=["csv", "json"], default="csv")
    q.set_defaults(func=_list)
    q = with_now(isub.add_parser("show", help="一个事件的完整记录与时限（JSON）"))
    q.add_argument("id", type=int)
    q.set_defaults(func=_show)
    q = isub.add_parser("rename", help="给事件改名（保留历史名称）")
    q.add_argument("id", type=int)
    q.add_argument("--title", required=True)
    q.add_argument("--actor", required=True, help="操作人（写入审计日志）")
    q.set_defaults(func=_edit)
    q = isub.add_parser("owner", help="指定事件负责人")
    q.add_argument("id", type=int)
    q.add_argument("--name", required=True)
    q.add_argument("--actor", required=True, help="操作人（写入审计日志）")
    q.set_defaults(func=_edit)
    q = isub.add_parser("tone", help="人工设定事件倾向：正面（只跟踪，不预警）/ 负面；model = 交还模型判断（必须填写理由）")
    q.add_argument("id", type=int)
    q.add_argument("polarity", choices=["正面", "负面", "model"])
    q.add_argument("--reason", required=True)
    q.add_argument("--actor", required=True, help="操作人（写入审计日志）")
    q.set_defaults(func=_tone)
    q = isub.add_parser("override", help="人工调整事件级别（必须填写理由）")
    q.add_argument("id", type=int)
    q.add_argument("--level", choices=vocab.LEVELS)
    q.add_argument("--clear", action="store_true", help="撤销人工级别")
    q.add_argument("--reason", required=True)
    q.add_argument("--actor", required=True, help="操作人（写入审计日志）")
    q.set_defaults(func=_override)
    q = with_now(isub.add_parser("status", help="确认事件或推进状态"))
    q.add_argument("id", type=int)
    q.add_argument("to", choices=["ack", *vocab.STATUSES], help="ack = 确认；或目标状态")
    q.add_argument("--actor", required=True, help="操作人（写入审计日志）")
    q.set_defaults(func=_status)
    q = with_now(isub.add_parser("overdue", help="列出超时的确认 / 回应时限"))
    q.set_defaults(func=_overdue)
