"""The app's scheduled monitoring settings (table ``monitor_schedule``): on or off and how often.

Set on page 采集监测 (audited); the scheduler reads them before every wait, so a change takes
effect without a restart.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from .. import access, audit, db
from .cycle import parse_duration

DEFAULT_INTERVAL = timedelta(minutes=15)
MIN_INTERVAL = timedelta(seconds=1)


@dataclass(frozen=True)
class Schedule:
    enabled: bool
    interval: timedelta
    updated_by: str | None = None
    updated_at: datetime | None = None

    def describe(self) -> str:
        """``每 15 分钟`` / ``已暂停``."""
        return f"每 {describe_interval(self.interval)}" if self.enabled else "已暂停"


def describe_interval(interval: timedelta) -> str:
    """``15 分钟`` / ``1 小时 30 分钟`` / ``45 秒``."""
    seconds = int(interval.total_seconds())
    parts = [(seconds // 86400, "天"), (seconds % 86400 // 3600, "小时"), (seconds % 3600 // 60, "分钟"), (seconds % 60, "秒")]
    return " ".join(f"{n} {unit}" for n, unit in parts if n) or "0 秒"


def read_schedule(con: duckdb.DuckDBPyConnection) -> Schedule:
    """The stored settings (the defaults when none are stored)."""
    df = db.query("monitor_schedule", con)
    if df.empty:
        return Schedule(True, DEFAULT_INTERVAL)
    row = df.iloc[0]
    return Schedule(bool(row["enabled"]), timedelta(seconds=int(row["interval_seconds"])), row["updated_by"],
                    row["updated_at"])


def save_schedule(con: duckdb.DuckDBPyConnection, *, enabled: bool, every: str | timedelta, actor: str) -> Schedule:
    """Store the settings, audited. ``every``: ``15m`` / ``1h`` / a timedelta. Raises ValueError (Chinese)."""
    access.require(actor, "configure")
    interval = every if isinstance(every, timedelta) else parse_duration(every)
    if interval < MIN_INTERVAL:
        raise ValueError("采集间隔至少 1 秒")
    before = read_schedule(con)
    with db.transaction(con) as cur:
        cur.execute(
            "INSERT INTO monitor_schedule (id, enabled, interval_seconds, updated_by, updated_at) VALUES (1, ?, ?, ?, now()) "
            "ON CONFLICT (id) DO UPDATE SET enabled = excluded.enabled, interval_seconds = excluded.interval_seconds, "
            "updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            [bool(enabled), int(interval.total_seconds()), actor],
        )
        audit.record(cur, actor, "update", "monitor_schedule", 1,
                     {"enabled": before.enabled, "interval_seconds": int(before.interval.total_seconds())},
                     {"enabled": bool(enabled), "interval_seconds": int(interval.total_seconds())})
    return read_schedule(con)
