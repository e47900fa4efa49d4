"""The ``workbench report`` command: 舆情日报 (--daily DATE) or 舆情专报 (--incident ID) as DOCX or Markdown."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import db
from ..cli import CliError


def _report(args: argparse.Namespace) -> None:
    from .documents import build, render

    con = db.connect(args.db)
    try:
        briefing = build(con, day=args.daily, incident_id=args.incident)
    except ValueError as e:
        raise CliError(str(e)) from None
    if args.out is None and args.format == "md":
        sys.stdout.write(render(briefing, "md").decode("utf-8"))
        return
    out = Path(args.out) if args.out else Path(f"{briefing.file_stem()}.{args.format}")
    if out.is_dir():
        out = out / f"{briefing.file_stem()}.{args.format}"
    if not out.parent.exists():
        raise CliError(f"输出目录不存在：{out.parent}")
    image_dir = out.parent / f"{out.stem}_图表" if args.format == "md" else None
    out.write_bytes(render(briefing, args.format, image_dir=image_dir))
    print(f"已生成{briefing.title}：{out}")


def register(sub) -> None:
    """Add ``workbench report`` to the parser."""
    p = sub.add_parser("report", help="生成舆情日报或舆情专报（DOCX / Markdown）")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--daily", metavar="DATE", help="日报日期，如 2026-11-20")
    which.add_argument("--incident", metavar="ID", type=int, help="专报的事件编号")
    p.add_argument("--format", choices=["docx", "md"], default="docx")
    p.add_argument("--out", help="输出文件（Markdown 省略时打印到标准输出；图表存于同目录的 *_图表/）")
    p.set_defaults(func=_report)
