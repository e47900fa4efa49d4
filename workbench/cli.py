"""The ``workbench`` command (also ``python -m workbench``).

Core commands live here; each area adds its own through ``register(subparsers)`` in its
``cli`` module (``workbench/<area>/cli.py``), so the command and the page share one function.
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys
from typing import Callable, Sequence

import duckdb

from . import config, db

AREA_COMMANDS = [
    "workbench.demo.cli",        # demo
    "workbench.ingest.cli",      # ingest
    "workbench.monitor.cli",     # scrape, monitor
    "workbench.nlp.cli",         # analyze, train
    "workbench.incidents.cli",   # incidents (cluster, score)
    "workbench.alerts.cli",      # alerts
    "workbench.briefings.cli",   # report
    "workbench.review.cli",      # export-review
    "workbench.lake.cli",        # lake export|attach|detach|status
    "workbench.accounts.cli",    # users
    "workbench.verification.cli",   # claims
    "workbench.communication.cli",  # updates
]


class CliError(Exception):
    """A user-facing failure: printed as one line, exit status 2."""


def _init(args: argparse.Namespace) -> None:
    from .migrate import pending

    con = db.connect(args.db, migrate=False)
    todo = pending(con)
    from .migrate import migrate

    migrate(con)
    print(f"数据库 {config.db_path(args.db)}：已应用 {len(todo)} 个迁移，结构为最新。")


def _parse_params(pairs: Sequence[str]) -> dict[str, object]:
    params: dict[str, object] = {}
    for pair in pairs:
        if "=" not in pair:
            raise CliError(f"参数格式应为 k=v：{pair}")
        k, v = pair.split("=", 1)
        params[k] = v if v != "" else None  # `k=` binds NULL: "no filter" for optional filters
    return params


def _query(args: argparse.Namespace) -> None:
    try:
        expected = db.query_params(args.name)
    except KeyError as e:
        raise CliError(str(e.args[0])) from None
    params = _parse_params(args.param or [])
    missing = [p for p in expected if p not in params]
    if missing:
        raise CliError(f"查询 {args.name} 缺少参数：{', '.join(missing)}（用 --param 名=值 传入）")
    db.connect(args.db)
    try:
        df = db.query(args.name, db.connect(args.db), **params)
    except Exception as e:  # duckdb errors carry the reason on one line
        raise CliError(f"查询 {args.name} 失败：{str(e).splitlines()[0]}") from None
    from .exports import masked_frame, safe_csv_frame

    if args.format == "json":
        print(masked_frame(df).to_json(orient="records", force_ascii=False, date_format="iso"))
    else:
        sys.stdout.write(safe_csv_frame(df).to_csv(index=False))


def _serve(args: argparse.Namespace) -> None:
    from .serve import serve

    serve(port=args.port, address=args.address, db=args.db, extra=[f"--{o}" for o in args.option])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbench",
        description="职场舆情处置工作台：采集、分析、分级、预警、应对与复盘。",
    )
    parser.add_argument("--db", help="DuckDB 文件路径（默认 $WORKBENCH_DB，否则 data/workbench.duckdb）")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("init", help="创建或迁移数据库")
    p.set_defaults(func=_init)

    p = sub.add_parser("query", help="运行 queries/ 下的命名查询")
    p.add_argument("name", help="查询名（queries/NAME.sql）")
    p.add_argument("--param", action="append", metavar="k=v", help="查询参数，可重复；k= 表示空值（不筛选）")
    p.add_argument("--format", choices=["csv", "json"], default="csv")
    p.set_defaults(func=_query)

    p = sub.add_parser("serve", help="启动工作台网页（streamlit_app.py 的路由管理全部页面）")
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--address", default="127.0.0.1")
    p.add_argument("--option", action="append", default=[], metavar="键=值",
                   help="传给 streamlit run 的配置项，可重复，如 server.fileWatcherType=none")
    p.set_defaults(func=_serve)

    for module in AREA_COMMANDS:
        importlib.import_module(module).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # argparse exits 2 on bad usage
    func: Callable[[argparse.Namespace], int | None] = args.func
    try:
        return int(func(args) or 0)
    except CliError as e:
        print(f"workbench: 错误：{e}", file=sys.stderr)
        return 2
    except duckdb.IOException as e:  # any command, not just monitor/ingest: the app may hold the file
        if "lock" not in str(e).lower():
            raise
        from .monitor.store_lock import held_message

        print(f"workbench: 错误：{held_message(getattr(args, 'db', None), e)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    finally:
        db.close_all()


def fail(message: str) -> None:
    """Stop a command with a one-line error (exit status 2)."""
    raise CliError(message)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
