"""SQLite databases that crawlers keep, read as tables: TrendRadar's hot-list ``news_items``.

Read with Python's own sqlite3 (read-only; uploaded bytes are loaded into memory, never written
to disk). Each item becomes a record of text cells, with the platform's display name from the
``platforms`` table and ``first_seen_at``: the crawl date with the first crawl time (TrendRadar
writes times as ``HH-MM``; a database without crawl dates takes the date from its file name,
``output/…/2026-11-20.db``).
"""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

from .errors import UnreadableFile

SQLITE_MAGIC = b"SQLite format 3\x00"
_DATE = re.compile(r"(\d{4})[-_年]?(\d{2})[-_月]?(\d{2})")
_COLUMNS = ("id", "title", "platform_id", "rank", "url", "mobile_url", "crawl_date", "first_crawl_time",
            "last_crawl_time", "crawl_count")


def _connect(data: bytes | Path, name: str) -> sqlite3.Connection:
    try:
        if isinstance(data, Path):
            return sqlite3.connect(f"{data.resolve().as_uri()}?mode=ro", uri=True)
        con = sqlite3.connect(":memory:")
        con.deserialize(data)
        return con
    except sqlite3.Error as e:
        raise UnreadableFile(f"文件 {name} 不是可读取的 SQLite 数据库：{e}") from None


def _clock(value: str) -> str:
    """``09-30`` / ``09时30分`` / ``09:30`` → ``09:30``."""
    text = value.strip().replace("时", ":").replace("分", "").replace("-", ":")
    return text if re.fullmatch(r"\d{1,2}:\d{2}(:\d{2})?", text) else ""


def read_news_items(data: bytes | Path, name: str) -> tuple[list[str], list[dict[str, Any]]]:
    """``(columns, records)`` of a TrendRadar database. Raises ``UnreadableFile`` for other databases."""
    con = _connect(data, name)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "news_items" not in tables:
            raise UnreadableFile(f"文件 {name} 是 SQLite 数据库，但没有 news_items 表（目前支持 TrendRadar 的热榜数据库）")
        have = {r[1] for r in con.execute("PRAGMA table_info(news_items)")}
        missing = {"title", "platform_id"} - have
        if missing:
            raise UnreadableFile(f"文件 {name} 的 news_items 表缺少列：{', '.join(sorted(missing))}")
        cols = [c for c in _COLUMNS if c in have]
        names = (dict(con.execute("SELECT id, name FROM platforms").fetchall()) if "platforms" in tables else {})
        rows = con.execute(f"SELECT {', '.join(cols)} FROM news_items ORDER BY id").fetchall()  # names from a fixed list
    except sqlite3.Error as e:
        raise UnreadableFile(f"文件 {name} 无法按 SQLite 数据库读取：{e}") from None
    finally:
        con.close()
    file_day = _DATE.search(Path(name).stem)
    records = []
    for row in rows:
        rec = {c: "" if v is None else str(v) for c, v in zip(cols, row)}
        rec["platform_name"] = str(names.get(rec["platform_id"], "") or "")
        day = rec.get("crawl_date", "")
        if not day and file_day:
            day = "-".join(file_day.groups())
        clock = _clock(rec.get("first_crawl_time", ""))
        rec["first_seen_at"] = f"{day} {clock}".strip() if day else ""
        records.append(rec)
    if not records:
        raise UnreadableFile(f"文件 {name} 的 news_items 表中没有任何数据")
    return [*cols, "platform_name", "first_seen_at"], records
