"""A simple reputation index (形象指数) of an employer by day, to see whether the image recovers.

index = 50 × (1 + (positive − negative) / posts), so 0 = every post negative, 50 = balanced,
100 = every post positive. Days with fewer than ``MIN_POSTS`` posts are left blank (too noisy).
"""
from __future__ import annotations

from datetime import timedelta

import duckdb
import pandas as pd

from .. import db
from ..response.clock import as_time, now_or

MIN_POSTS = 5


def daily_index(counts: pd.DataFrame) -> pd.DataFrame:
    """``counts`` (day, posts, positive, negative) plus ``index`` (0..100, NaN on thin days)."""
    out = counts.copy()
    out["index"] = 50 * (1 + (out["positive"] - out["negative"]) / out["posts"].where(out["posts"] > 0))
    out.loc[out["posts"] < MIN_POSTS, "index"] = float("nan")
    return out


def around_incident(con: duckdb.DuckDBPyConnection, incident: dict, days_before: int = 14,
                    days_after: int = 14) -> pd.DataFrame:
    """The employer's daily index from ``days_before`` the incident opened to ``days_after`` it closed."""
    if not incident.get("employer"):
        return daily_index(pd.DataFrame(columns=["day", "posts", "positive", "negative"]))
    opened = as_time(incident["opened_at"]) or now_or()
    closed = as_time(incident.get("closed_at")) or now_or()
    return daily_index(db.query(
        "review_reputation_daily", con, employer=incident["employer"],
        start=opened - timedelta(days=days_before), end=max(closed, opened) + timedelta(days=days_after),
    ))
