"""Commands of the review area (registered by workbench.cli): ``export-review``."""
from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path


def _export_review(args: argparse.Namespace) -> None:
    from .. import db
    from ..cli import CliError
    from .export import export_review

    if args.format == "docx" and not args.out:
        raise CliError("DOCX 格式需要用 --out 指定输出文件")
    con = db.connect(args.db)
    try:
        data = export_review(con, args.incident_id, args.actor, fmt_name=args.format)
    except ValueError as e:
        raise CliError(str(e)) from None
    if args.out:
        try:
            Path(args.out).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        except OSError as e:
            raise CliError(f"无法写入 {args.out}：{e.strerror}") from None
        print(f"复盘报告已导出：{args.out}", file=sys.stderr)
    else:
        sys.stdout.write(data if isinstance(data, str) else data.decode("utf-8"))


def _default_actor() -> str:
    try:
        return f"命令行:{getpass.getuser()}"
    except Exception:  # no user name in some containers
        return "命令行"


def register(sub) -> None:
    """Add this area's subcommands to the `workbench` parser."""
    p = sub.add_parser(
        "export-review", help="导出事件的复盘报告（Markdown、DOCX 或 JSON，已脱敏）",
        description="导出事件的复盘报告（Markdown、DOCX 或 JSON，帖文与自由文本均脱敏），并记录导出时间到审计日志。",
    )
    p.add_argument("incident_id", type=int, help="事件编号")
    p.add_argument("--out", help="输出文件路径（默认打印到标准输出）")
    p.add_argument("--format", choices=["md", "docx", "json"], default="md", help="输出格式：md（默认）、docx（须配 --out）、json")
    p.add_argument("--actor", default=_default_actor(), help="写入审计日志的操作人")
    p.set_defaults(func=_export_review)
