"""Commands of the ingest area (registered by workbench.cli): ``workbench ingest FILE…``."""
from __future__ import annotations

import argparse
import getpass
import json
import sys


def _ingest(args: argparse.Namespace) -> int:
    from ..monitor.store_lock import connect_or_explain
    from .errors import UnreadableFile
    from .followup import process_new_posts
    from .pipeline import INGEST_MEMORY_LIMIT, ingest_file

    con = connect_or_explain(args.db)
    con.execute(f"SET memory_limit = '{INGEST_MEMORY_LIMIT}'")  # this process only ingests; a constant, not data
    actor = f"命令行:{getpass.getuser()}"
    status = 0
    for path in args.files:
        try:
            result = ingest_file(con, path, profile=args.profile, platform=args.platform, actor=actor)
        except UnreadableFile as e:
            # Each file is its own transaction: report this one, go on with the others, exit 2.
            print(f"workbench: 错误：{e}", file=sys.stderr)
            status = 2
            continue
        followup = process_new_posts(con, result.inserted_ids, analyze=args.analyze)
        if args.json:
            out = result.as_json(path)
            out.update(new_incidents=followup.get("new_incidents", 0), alerts=len(followup.get("alerts", [])))
            print(json.dumps(out, ensure_ascii=False, default=str))
        else:
            print(result.summary(path))
            if followup.get("incidents"):
                print(f"  事件：新立 {followup.get('new_incidents', 0)} 起，涉及 {len(followup['incidents'])} 起；"
                      f"新预警 {len(followup.get('alerts', []))} 条")
            for shape in result.recognised:
                print(f"  识别为：{shape}")
            for part, counts in result.parts.items():
                print(f"  {part}：读取 {counts.get('rows_read', 0)} 行，新增 {counts.get('inserted', 0)} 条，"
                      f"重复 {counts.get('duplicates', 0)} 条，拒收 {counts.get('rejected', 0)} 行")
            for err in result.errors[:20]:
                print(f"  第 {err['row']} 行：{err['reason']}")
            if len(result.errors) > 20:
                print(f"  ……另有 {len(result.errors) - 20} 行被拒收（用 --json 查看全部）")
        for warning in result.warnings:
            print(f"workbench: 提示：{warning}", file=sys.stderr)
    return status


def register(sub) -> None:
    """Add this area's subcommands to the `workbench` parser."""
    p = sub.add_parser("ingest", help="导入 CSV / TSV / XLSX / JSON / JSONL 导出文件或 TrendRadar 数据库（自动识别常见工具的导出格式）")
    p.add_argument("files", nargs="+", metavar="FILE", help="要导入的文件（可多个，每个文件一个事务）")
    p.add_argument("--json", action="store_true", help="每个文件输出一行 JSON 结果")
    p.add_argument("--platform", help="行中没有平台列、也无法从导出格式或文件路径判断时使用的平台（如 微博）")
    p.add_argument("--profile", help="使用已保存的列映射方案")
    p.add_argument("--no-analyze", dest="analyze", action="store_false",
                   help="只导入，不做情感/类别分析（之后可用 workbench analyze --reanalyze 补做）")
    p.set_defaults(func=_ingest)
