"""Opening the store from a command while another process holds it (the app, as a rule).

DuckDB lets one process write a database file. When the app runs it holds the file and runs
the monitor cycle itself (``scheduler``), so ``workbench monitor`` / ``scrape`` / ``ingest``
against the same file say so in one line (exit status 2) instead of a traceback.
"""
from __future__ import annotations

import re
from pathlib import Path

import duckdb

from .. import config, db

_PID = re.compile(r"\(PID (\d+)\)")


def _holder(message: str) -> tuple[int | None, bool]:
    """``(pid, is the app)`` of the process DuckDB names as holding the lock."""
    m = _PID.search(message)
    if not m:
        return None, False
    pid = int(m.group(1))
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\x00", b" ").decode("utf-8", "replace")
    except OSError:
        return pid, False
    return pid, "streamlit" in cmdline


def held_message(path: str | Path | None, error: Exception) -> str:
    """One line of Chinese: who holds the file and what to do instead."""
    where = config.db_path(path)
    pid, app = _holder(str(error))
    who = f"（进程 {pid}）" if pid else ""
    if app:
        return (f"数据库 {where} 正被运行中的工作台应用{who}使用：应用运行时由它自己定时采集，请在「采集监测」页设置间隔或点「立即采集」；"
                "要在应用之外监测，请用 --db 指向另一份数据库")
    return f"数据库 {where} 正被另一个进程{who}使用（DuckDB 同一时刻只允许一个进程写入）；请等它结束，或用 --db 指向另一份数据库"


def connect_or_explain(path: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """``db.connect(path)``; a file held by another process is a ``CliError`` with ``held_message``."""
    from ..cli import CliError

    try:
        return db.connect(path)
    except duckdb.IOException as e:
        if "lock" not in str(e).lower():
            raise
        raise CliError(held_message(path, e)) from None
