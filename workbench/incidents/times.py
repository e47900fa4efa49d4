"""Times in the incidents area: everything is compared as aware timestamps in the project's time zone."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd

from .. import config

TZ = ZoneInfo(config.TIMEZONE)


def local_time(ts: datetime | None = None) -> pd.Timestamp:
    """``ts`` (default: now) as an aware timestamp in Asia/Shanghai; a naive one is taken as local time."""
    ts = pd.Timestamp(ts if ts is not None else datetime.now(TZ))
    return ts.tz_localize(TZ) if ts.tzinfo is None else ts.tz_convert(TZ)
