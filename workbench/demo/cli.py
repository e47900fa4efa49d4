"""Commands of the demo area (registered by workbench.cli): ``workbench demo``."""
from __future__ import annotations

import argparse
from datetime import date


def _demo(args: argparse.Namespace) -> None:
    from .. import db
    from ..cli import CliError
    from .load import load_demo

    anchor = None
    if args.anchor:
        try:
            anchor = date.fromisoformat(args.anchor)
        except ValueError:
            raise CliError(f"--anchor 应为日期 YYYY-MM-DD：{args.anchor}") from None
    con = db.connect(args.db)
    demo_batches = db.query("demo_batch_count", con)["batches"].iloc[0]
    posts = db.query("post_time_span", con)["posts"].iloc[0]
    if demo_batches:
        raise CliError("该数据库已载入过演示数据；如需重新生成，请用 --db 指定一个新的数据库文件")
    if posts and not args.force:
        raise CliError(f"该数据库已有 {posts} 条帖子；确需把演示数据加入其中，请加 --force")
    summary = load_demo(con, seed=args.seed, anchor=anchor)
    print(
        f"已载入演示数据：{summary['posts']} 条帖子（{summary['start'][:10]} 至 {summary['end'][:10]}，"
        f"{summary['platforms']} 个平台），{summary['incidents']} 个事件，{summary['alerts']} 条预警，用时 {summary['seconds']} 秒。"
    )


def register(sub) -> None:
    """Add this area's subcommands to the `workbench` parser."""
    from .load import DEFAULT_SEED

    p = sub.add_parser(
        "demo",
        help="载入演示数据（虚构的企业、帖子、事件与处置过程）",
        description="生成并载入演示数据集：同一种子与锚定日期得到完全相同的数据。",
    )
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"随机种子（默认 {DEFAULT_SEED}）")
    p.add_argument("--anchor", metavar="YYYY-MM-DD", help="数据的最后一天（默认：今天，北京时间）")
    p.add_argument("--force", action="store_true", help="数据库已有（非演示）帖子时仍然载入")
    p.set_defaults(func=_demo)
