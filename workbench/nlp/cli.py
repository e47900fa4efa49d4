"""Commands of the nlp area (registered by workbench.cli): ``analyze`` and ``train``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd


def read_texts(path: Path) -> pd.DataFrame:
    """A CSV / JSONL / JSON file as a DataFrame (every column read as text)."""
    from ..cli import CliError

    if not path.is_file():
        raise CliError(f"找不到输入文件：{path}")
    suffix = path.suffix.lower()
    try:
        if suffix in (".jsonl", ".ndjson"):
            return pd.read_json(path, lines=True, dtype=False)
        if suffix == ".json":
            return pd.read_json(path, dtype=False)
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)
            except UnicodeDecodeError:
                continue
        raise CliError(f"无法识别文件编码：{path}")
    except CliError:
        raise
    except Exception as e:  # pandas raises many kinds; one line is enough for the user
        raise CliError(f"无法读取 {path}：{str(e).splitlines()[0] if str(e) else type(e).__name__}") from None


def _analyze(args: argparse.Namespace) -> int:
    from .. import db
    from ..cli import CliError
    from . import registry

    if args.reanalyze or args.pending:
        from .store import analyze_posts

        con = db.connect(args.db)
        # a batch job: idle cores help; --pending finishes what an interrupted import left unanalysed
        n = analyze_posts(con, reanalyze=args.reanalyze, batch_size=20_000, n_jobs=None)
        done = "重新分析" if args.reanalyze else "分析了尚未分析的"
        print(f"已{done} {n} 条帖子（模型 {registry.active_version(con)}）。", file=sys.stderr)
        return 0
    if not args.input:
        raise CliError("请给出输入文件（CSV / JSONL / Parquet 或湖目录），或用 --pending 分析库中尚未分析的帖子、--reanalyze 重新分析整个库")
    from ..distributed.files import analyze_file

    model = registry.current_model(db.connect(args.db)) if args.db else None
    try:
        n = analyze_file(args.input, args.out, engine=args.engine, master=args.master, workers=args.workers,
                         model=model)
    except (ValueError, FileNotFoundError) as e:
        raise CliError(str(e)) from None
    if args.out:
        print(f"已分析 {n} 条（引擎 {args.engine}），写入 {args.out}", file=sys.stderr)
    return 0


def _train(args: argparse.Namespace) -> int:
    from ..cli import CliError
    from .training import train_shipped

    if args.fast and not args.out:
        raise CliError("--fast 只用于检查流程，须用 --out 指定输出目录（以免覆盖随附模型）")
    try:
        card = train_shipped(fast=args.fast, out_dir=Path(args.out) if args.out else None, blind=not args.no_blind,
                             tone_only=args.tone_only)
    except FileNotFoundError as e:
        raise CliError(str(e)) from None
    where = args.out or "data/models/"
    print(f"已训练模型 {card['version']}，写入 {where}（模型卡 MODEL_CARD.md）", file=sys.stderr)
    return 0


def register(sub) -> None:
    """Add this area's subcommands to the `workbench` parser."""
    p = sub.add_parser("analyze", help="分析帖子：CSV / JSONL / Parquet / 湖目录输入，JSONL 或 Parquet 输出（情感、类别、情绪、风险、关键词）")
    p.add_argument("input", nargs="?", help="输入：CSV / JSONL 文件（正文列 text / content / 正文 / 内容）、Parquet 文件或 `workbench lake export` 的湖目录")
    p.add_argument("--out", help="输出 .jsonl 或 .parquet 文件（默认 JSONL 到标准输出）；保留输入的 id 列")
    p.add_argument("--engine", choices=("local", "spark", "ray"), default="local",
                   help="local：本进程（默认）；spark：Spark mapInPandas；ray：Ray Data 演员池")
    p.add_argument("--master", help="spark：Spark master（默认 local[2]，集群如 spark://主机:7077）；ray：集群地址（默认本机新起）")
    p.add_argument("--workers", type=int, default=2, help="ray：演员池大小；本地 Ray 的 CPU 数（默认 2）")
    p.add_argument("--reanalyze", action="store_true", help="用当前模型重新分析库中全部帖子")
    p.add_argument("--pending", action="store_true", help="分析库中尚未分析的帖子（如导入后分析被中断）")
    p.set_defaults(func=_analyze)

    p = sub.add_parser("train", help="从记录的语料重新训练随附模型（可复现）")
    p.add_argument("--fast", action="store_true", help="小规模快速训练（用于检查流程）")
    p.add_argument("--out", help="输出目录（默认 data/models/，即随附模型）")
    p.add_argument("--tone-only", action="store_true",
                   help="保留随附模型的各个头，只训练日常语气的两段情感（training.fit_tone_stages）")
    p.add_argument("--no-blind", action="store_true",
                   help="不在盲测集上评估（模型卡的盲测一节留空，由 benchmarks/accuracy.py 给出）")
    p.set_defaults(func=_train)
