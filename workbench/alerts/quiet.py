"""Quiet hours: pushes wait (status 'held'); alerts are still raised and shown in the app."""
from __future__ import annotations

from datetime import datetime, time

from .timeutil import to_local


def parse_hhmm(text: str) -> time:
    """'22:00' → time(22, 0); a clear Chinese error otherwise."""
    try:
        hh, mm = str(text).strip().split(":")
        return time(int(hh), int(mm))
    except (ValueError, TypeError):
        raise ValueError(f"时间格式应为 HH:MM（如 22:00），收到：{text}") from None


def in_quiet_hours(now: datetime, start: str, end: str) -> bool:
    """Whether local ``now`` falls in [start, end); a window may wrap midnight (22:00–07:00)."""
    if not start or not end:
        return False
    s, e = parse_hhmm(start), parse_hhmm(end)
    t = to_local(now).time().replace(tzinfo=None)
    if s == e:
        return False
    if s < e:
        return s <= t < e
    return t >= s or t < e
