"""Local time (Asia/Shanghai) for alert buckets, quiet hours and delivery backoff."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd

from ..config import TIMEZONE

TZ = ZoneInfo(TIMEZONE)


def to_local(value: datetime | pd.Timestamp) -> datetime:
    """An aware datetime in local time; a naive one is taken as local already."""
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if value.tzinfo is None:
        return value.replace(tzinfo=TZ)
    return value.astimezone(TZ)


def now_local(now: datetime | None = None) -> datetime:
    """``now`` in local time, or the current time."""
    return to_local(now) if now is not None else datetime.now(TZ)


def floor_hour(value: datetime) -> datetime:
    """The start of the local hour containing ``value``."""
    return to_local(value).replace(minute=0, second=0, microsecond=0)
