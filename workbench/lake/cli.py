"""Commands of the lake area (registered by workbench.cli): ``lake export|attach|detach|status``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _export(args: argparse.Namespace) -> int:
    from .. import db
    from ..cli import CliError
    from . import attach, store

    con = db.connect(args.db)
    try:
        done = store.export(con, Path(args.dir))
    except (ValueError, OSError) as e:
        raise CliError(str(e)) from None
    lake = attach.attached(con)
    if lake is not None and Path(lake) == Path(args.dir).resolve():
        attach.activate(con, Path(lake))  # the first files of an attached lake: start reading it
    print(f"第 {done.seq} 次导出：新帖 {done.new} 条，标签更新 {done.relabelled} 条，"
          f"{len(done.files)} 个文件，写入 {args.dir}" if done.rows else f"没有新帖或标签更新，{args.dir} 未变", file=sys.stderr)
    return 0


def _attach(args: argparse.Namespace) -> int:
    from .. import db
    from ..cli import CliError
    from . import attach

    try:
        path = attach.attach(db.connect(args.db), args.dir, args.actor)
    except ValueError as e:
        raise CliError(str(e)) from None
    print(f"已挂载数据湖 {path}：页面与 workbench query 读取库内帖子与湖中帖子", file=sys.stderr)
    return 0


def _detach(args: argparse.Namespace) -> int:
    from .. import db
    from . import attach

    path = attach.detach(db.connect(args.db), args.actor)
    print(f"已卸下数据湖 {path}" if path else "没有挂载的数据湖", file=sys.stderr)
    return 0


def _status(args: argparse.Namespace) -> int:
    from .. import db
    from . import attach, store

    lake = attach.attached(db.connect(args.db))
    if lake is None:
        print("没有挂载的数据湖")
        return 0
    exports = store.manifest(Path(lake))["exports"] if store.is_lake(Path(lake)) else []
    print(f"已挂载：{lake}（{len(exports)} 次导出，{sum(e['new'] for e in exports)} 条帖子）")
    return 0


def register(sub) -> None:
    """Add this area's subcommands to the `workbench` parser."""
    p = sub.add_parser("lake", help="Parquet 数据湖：导出帖子与标签（按平台、发布日期分区），挂载后页面一并读取")
    lake = p.add_subparsers(dest="lake_command", required=True)
    q = lake.add_parser("export", help="增量导出新帖与标签有变的帖子（仅脱敏文本），清单记在 DIR/manifest.json")
    q.add_argument("dir", help="数据湖目录")
    q.set_defaults(func=_export)
    q = lake.add_parser("attach", help="挂载数据湖：命名查询与页面读取库内帖子与湖中帖子")
    q.add_argument("dir", help="数据湖目录（workbench lake export 写出）")
    q.add_argument("--actor", default="命令行", help="操作人（写入审计日志）")
    q.set_defaults(func=_attach)
    q = lake.add_parser("detach", help="卸下数据湖，只读库内帖子")
    q.add_argument("--actor", default="命令行", help="操作人（写入审计日志）")
    q.set_defaults(func=_detach)
    q = lake.add_parser("status", help="显示挂载的数据湖")
    q.set_defaults(func=_status)
