"""Commands of the monitor area: ``workbench scrape`` and ``workbench monitor``."""
from __future__ import annotations

import argparse
import json
from datetime import datetime

from .. import db
from .store_lock import connect_or_explain


def _print_cycle(result, as_json: bool) -> None:
    s = result.summary()
    if as_json:
        print(json.dumps(s, ensure_ascii=False, default=str))
        return
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    print(f"[{stamp}] 第 {s['cycle_id']} 轮：{s['sources']} 个采集源，失败 {s['failed']} 个；"
          f"获取 {s['items_fetched']} 条，按规则保留 {s['items_kept']} 条，新增 {s['inserted']} 条，分析 {s['analyzed']} 条")
    for run in s["runs"]:
        if run["status"] == "failed":
            print(f"  ✗ {run['name']}：{run['error']}")
        elif run["status"] == "not_modified":
            print(f"  · {run['name']}：无更新（304）")
        else:
            print(f"  ✓ {run['name']}：获取 {run['items_fetched']}，保留 {run['items_kept']}，"
                  f"新增 {run['inserted']}，重复 {run['duplicates']}，拒收 {run['rejected']}")
        for warning in run["warnings"]:
            print(f"    ! {warning}")
    for error in s["errors"]:
        print(f"  ! {error}")


def _fetcher(args: argparse.Namespace):
    from ..cli import CliError
    from .fetch import Fetcher

    if args.timeout <= 0 or args.host_interval < 0:
        raise CliError("--timeout 须大于 0，--host-interval 不能为负")
    return Fetcher(timeout=args.timeout, min_interval=args.host_interval)


def _fetch_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS", help="每次请求的超时（默认 10 秒）")
    p.add_argument("--host-interval", type=float, default=1.0, metavar="SECONDS",
                   help="同一主机两次请求的最小间隔（默认 1 秒；robots.txt 的 Crawl-delay 更长时以其为准）")
    p.add_argument("--actor", default="monitor", help="记录为操作人（默认 monitor）")


def _scrape(args: argparse.Namespace) -> int:
    from ..cli import CliError
    from .cycle import run_cycle

    if args.url and args.source:
        raise CliError("--url 与 --source 只能选一个")
    con = connect_or_explain(args.db)
    if args.source:
        known = set(db.query("source_fetchable", con, ids=args.source)["id"].tolist())
        missing = [i for i in args.source if i not in known]
        if missing:
            raise CliError(f"没有可采集的采集源（须为 rss / web 且有网址）：{', '.join(map(str, missing))}")
    with _fetcher(args) as fetcher:
        result = run_cycle(con, source_ids=args.source, url=args.url, internal=args.internal, fetcher=fetcher,
                           trigger="scrape", actor=args.actor)
    if args.url and result.failed:
        raise CliError(result.failed[0].error or "采集失败")
    _print_cycle(result, args.json)
    return 1 if result.failed else 0


def _monitor(args: argparse.Namespace) -> int:
    from ..cli import CliError
    from .cycle import parse_duration, run_cycle, run_forever

    every = None
    if not args.once:
        try:
            every = parse_duration(args.every)
        except ValueError as e:
            raise CliError(str(e)) from None
    fetcher = _fetcher(args)  # one per cycle would forget robots.txt; one per run is polite enough
    con = connect_or_explain(args.db)
    if args.once:
        with fetcher:
            result = run_cycle(con, trigger="monitor", actor=args.actor, fetcher=fetcher)
        _print_cycle(result, args.json)
        return 1 if result.failed else 0
    print(f"开始监测：每 {args.every} 一轮，按 Ctrl-C 停止。", flush=True)
    cycles = 0

    def on_cycle(result) -> None:
        nonlocal cycles
        cycles += 1
        _print_cycle(result, args.json)

    try:
        run_forever(
            con, every, on_cycle=on_cycle, on_error=lambda e: print(f"  ! 本轮出错：{type(e).__name__}: {e}", flush=True),
            trigger="monitor", actor=args.actor, fetcher=fetcher,
        )
    except KeyboardInterrupt:
        print(f"\n已停止监测（完成 {cycles} 轮）。")
    finally:
        fetcher.close()
    return 0


def register(sub) -> None:
    """Add ``scrape`` and ``monitor`` to the ``workbench`` parser."""
    p = sub.add_parser(
        "scrape",
        help="采集一次：全部启用的采集源，或 --source 指定的源，或 --url 一个网址",
        description="抓取采集源，按监测规则保留条目，入库、分析并运行事件研判。有采集源失败时退出码为 1。",
    )
    p.add_argument("--url", help="只采集这个网址一次（RSS 或网页自动识别）")
    p.add_argument("--source", type=int, action="append", metavar="ID", help="只采集这个采集源，可重复")
    p.add_argument("--internal", action="store_true", help="与 --url 同用：允许内网 / 本机地址")
    _fetch_options(p)
    p.add_argument("--json", action="store_true", help="以 JSON 输出本轮结果")
    p.set_defaults(func=_scrape)

    p = sub.add_parser(
        "monitor",
        help="持续监测：每隔 --every（30s / 15m / 1h / 1d）采集一轮，或 --once 只跑一轮",
        description="每轮：抓取全部启用的采集源、按规则保留、入库、分析新帖、运行事件研判与预警。Ctrl-C 干净退出。"
                    "应用运行时由应用自己定时采集（「采集监测」页设置间隔）；此命令用于没有运行应用的部署。",
    )
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument("--every", metavar="DURATION", help="间隔，例如 15m")
    when.add_argument("--once", action="store_true", help="只运行一轮")
    _fetch_options(p)
    p.add_argument("--json", action="store_true", help="每轮以一行 JSON 输出")
    p.set_defaults(func=_monitor)
