"""Volume and sentiment of an incident before and after each published statement.

For each statement published at t, the *before* window is [t − w, t) and the *after* window
[t, t + w) (w = ``window_hours``, 24 by default). The effect is read from the change in
negative share (percentage points) and in volume; both numbers are shown with the verdict so
a reader can check it. Windows with fewer than ``MIN_POSTS`` posts are called 样本不足.
"""
from __future__ import annotations

import json
from datetime import timedelta

import duckdb
import pandas as pd

from .. import access, db
from ..response.records import insert_audited, require_incident, require_row

MIN_POSTS = 5
VERDICTS = ("有效", "部分有效", "无效", "待观察")


def incident_posts(con: duckdb.DuckDBPyConnection, incident_id: int) -> pd.DataFrame:
    """The incident's posts (published_at, sentiment, …) in time order."""
    return db.query("tracking_incident_posts", con, incident_id=int(incident_id))


def hourly(posts: pd.DataFrame) -> pd.DataFrame:
    """Volume, negative count and negative share per hour (hours without posts are left out)."""
    if posts.empty:
        return pd.DataFrame({"hour": pd.Series(dtype="datetime64[us, Asia/Shanghai]"),
                             "volume": pd.Series(dtype="int64"), "negative": pd.Series(dtype="int64"),
                             "negative_share": pd.Series(dtype="float64")})
    df = pd.DataFrame({
        "hour": pd.to_datetime(posts["published_at"]).dt.tz_convert("Asia/Shanghai").dt.floor("h"),
        "negative": (posts["sentiment"] == "负面").astype("int64"),
    })
    out = df.groupby("hour", as_index=False).agg(volume=("negative", "size"), negative=("negative", "sum"))
    out["negative_share"] = out["negative"] / out["volume"]
    return out


def _window(times: pd.Series, negative: pd.Series, start, end) -> tuple[int, float | None]:
    mask = (times >= start) & (times < end)
    n = int(mask.sum())
    return n, (float(negative[mask].mean()) if n else None)


def verdict(before_n: int, after_n: int, before_neg: float | None, after_neg: float | None) -> tuple[str, str]:
    """(suggested verdict, why) from the window numbers."""
    if before_n < MIN_POSTS or after_n < MIN_POSTS:
        return "样本不足", f"前后窗口帖文数 {before_n} / {after_n}，少于 {MIN_POSTS} 条，暂不判断"
    change = (after_neg - before_neg) * 100
    volume_change = (after_n - before_n) / before_n
    why = (f"负面占比 {before_neg:.0%} → {after_neg:.0%}（{change:+.1f} 个百分点），"
           f"声量 {before_n} → {after_n}（{volume_change:+.0%}）")
    if change <= -10:
        return "明显好转", why
    if change <= -3 or (abs(change) < 3 and volume_change <= -0.3):
        return "有所好转", why
    if change >= 3:
        return "恶化", why
    return "基本持平", why


def statement_effects(posts: pd.DataFrame, statements: pd.DataFrame, window_hours: float = 24) -> pd.DataFrame:
    """One row per published statement: before/after volume and negative share, change, verdict."""
    cols = ["statement_id", "channel", "published_at", "before_volume", "after_volume", "volume_change",
            "before_negative_share", "after_negative_share", "negative_share_change_pp", "verdict", "explanation"]
    if statements.empty:
        return pd.DataFrame(columns=cols)
    times = pd.to_datetime(posts["published_at"]) if not posts.empty else pd.Series(dtype="datetime64[us, UTC]")
    negative = (posts["sentiment"] == "负面") if not posts.empty else pd.Series(dtype=bool)
    w = timedelta(hours=window_hours)
    rows = []
    for s in statements.itertuples():
        t = pd.Timestamp(s.published_at)
        bn, bneg = _window(times, negative, t - w, t)
        an, aneg = _window(times, negative, t, t + w)
        label, why = verdict(bn, an, bneg, aneg)
        rows.append({
            "statement_id": int(s.id), "channel": s.channel, "published_at": t,
            "before_volume": bn, "after_volume": an,
            "volume_change": (an - bn) / bn if bn else None,
            "before_negative_share": bneg, "after_negative_share": aneg,
            "negative_share_change_pp": (aneg - bneg) * 100 if bneg is not None and aneg is not None else None,
            "verdict": label, "explanation": why,
        })
    return pd.DataFrame(rows, columns=cols)


def effects(con: duckdb.DuckDBPyConnection, incident_id: int, window_hours: float = 24) -> pd.DataFrame:
    """``statement_effects`` for an incident from the store."""
    return statement_effects(
        incident_posts(con, incident_id),
        db.query("statement_published", con, incident_id=int(incident_id)),
        window_hours,
    )


def add_assessment(
    con: duckdb.DuckDBPyConnection,
    incident_id: int,
    statement_id: int | None,
    verdict: str,
    note: str,
    actor: str,
    metrics: dict | None = None,
) -> int:
    """Record an analyst's verdict on a statement's effect (with the numbers it was based on)."""
    access.require(actor, "process")
    if verdict not in VERDICTS:
        raise ValueError(f"效果评估只能是：{'、'.join(VERDICTS)}")
    with db.transaction(con) as cur:
        require_incident(cur, incident_id)
        if statement_id is not None:
            st = require_row(cur, "statements", statement_id, "声明")
            if st["incident_id"] != int(incident_id):
                raise ValueError(f"声明 {statement_id} 不属于事件 {incident_id}")
        values = {
            "incident_id": int(incident_id), "statement_id": None if statement_id is None else int(statement_id),
            "verdict": verdict, "note": (note or "").strip() or None,
            "metrics": json.dumps(metrics, ensure_ascii=False, default=str) if metrics else None, "created_by": actor,
        }
        return insert_audited(cur, "tracking_assessments", values, "tracking_assessment", actor)
