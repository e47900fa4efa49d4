"""A scenario week written for dates still to come is replayed as a week that has ended: every
post is kept (ingest refuses posts published after tomorrow), on the same weekday and hour."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from workbench.incidents import evaluation

S4 = Path(__file__).parent / "scenarios" / "S4"


def test_a_week_still_to_come_moves_back_by_whole_weeks():
    written = evaluation.load_scenario(S4, now=datetime(2027, 1, 1, tzinfo=timezone.utc)).posts["published_at"]
    now = datetime(2026, 12, 2, 12, tzinfo=timezone.utc)  # in the middle of S4's week
    moved = evaluation.load_scenario(S4, now=now).posts["published_at"]
    assert moved.max() <= pd.Timestamp(now) - pd.Timedelta(days=1)
    shift = written - moved
    assert shift.nunique() == 1 and shift.iloc[0] % pd.Timedelta(days=7) == pd.Timedelta(0)


def test_a_week_that_has_ended_keeps_its_dates():
    scenario = evaluation.load_scenario(S4, now=datetime(2027, 1, 1, tzinfo=timezone.utc))
    assert scenario.posts["published_at"].min() == pd.Timestamp("2026-11-30T00:41:00+08:00")
