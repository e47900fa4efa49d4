"""Deadlines as people read them: countdowns and overdue flags of plans, roles and actions.

The incident's own clocks (acknowledge, first response) are read from ``incidents.clocks`` only.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd

from .. import config

TZ = ZoneInfo(config.TIMEZONE)


def now_or(now: datetime | None = None) -> datetime:
    """``now`` as an aware datetime (tests pass one; callers in production pass None)."""
    if now is None:
        return datetime.now(TZ)
    ts = pd.Timestamp(now)
    if ts.tzinfo is None:
        ts = ts.tz_localize(TZ)
    return ts.to_pydatetime()


def as_time(value) -> datetime | None:
    """Any timestamp-ish value (str, Timestamp, datetime, NaT) as an aware datetime or None."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return now_or(value)


def _span(delta: timedelta) -> str:
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days}天{hours}小时"
    if hours:
        return f"{hours}小时{mins}分"
    return f"{mins}分钟"


def countdown(due, now: datetime | None = None, done: bool = False) -> str:
    """'还剩 2小时5分' / '已超时 1天3小时' / '已完成' / '未设时限'."""
    if done:
        return "已完成"
    due_t = as_time(due)
    if due_t is None:
        return "未设时限"
    left = due_t - now_or(now)
    return f"还剩 {_span(left)}" if left >= timedelta(0) else f"已超时 {_span(left)}"


def is_overdue(due, now: datetime | None = None, done: bool = False) -> bool:
    """True when a deadline has passed and the work is not done."""
    due_t = as_time(due)
    return (not done) and due_t is not None and due_t < now_or(now)


def fmt(value, pattern: str = "%Y-%m-%d %H:%M") -> str:
    """A time in the workbench's zone (Asia/Shanghai) as text; '' for none."""
    t = as_time(value)
    return t.astimezone(TZ).strftime(pattern) if t else ""
