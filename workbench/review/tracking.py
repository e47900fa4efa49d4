"""Volume and sentiment of an incident before and after each published statement.

For each statement published at t, the *before* window is [t − w, t) and the *after* window
[t, t + w) (w = ``window_hours``, 24 by default). No verdict is given before t + w: until then the
row says 观察中 with a countdown. Once the window has closed, windows with fewer than ``MIN_POSTS``
posts on either side are 样本不足; otherwise the verdict is read from the change in negative share
(percentage points) and in volume, with a confidence from a significance test (``confidence``);
all numbers are shown with the verdict so a reader can check it. The same is computed per platform
the posts came from (``by_platform``).
"""
from __future__ import annotations

import json
import math
from datetime import datetime, timedelta

import duckdb
import pandas as pd

from .. import access, db
from ..response.clock import countdown, fmt, now_or
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


def _p_value(z: float) -> float:
    """Two-sided p-value of a standard normal statistic."""
    return math.erfc(abs(z) / math.sqrt(2))


def confidence(before_n: int, after_n: int, before_neg: float, after_neg: float, by_volume: bool = False) -> tuple[str, float]:
    """(高 / 中 / 低, p-value) that the change is more than chance.

    Negative share: a two-proportion z-test. Volume (``by_volume``): equal windows, so under no
    change each post falls on either side with probability ½ (z = (after − before) / √(after + before)).
    高 p < 0.01, 中 p < 0.05, 低 otherwise.
    """
    if by_volume:
        z = (after_n - before_n) / math.sqrt(after_n + before_n) if after_n + before_n else 0.0
    else:
        pooled = (before_neg * before_n + after_neg * after_n) / (before_n + after_n)
        se = math.sqrt(pooled * (1 - pooled) * (1 / before_n + 1 / after_n))
        z = (after_neg - before_neg) / se if se else 0.0
    p = _p_value(z)
    return ("高" if p < 0.01 else "中" if p < 0.05 else "低"), p


def verdict(before_n: int, after_n: int, before_neg: float | None, after_neg: float | None) -> tuple[str, str]:
    """(suggested verdict, why) from the numbers of two complete windows."""
    label, why, _ = assess(before_n, after_n, before_neg, after_neg)
    return label, why


def assess(before_n: int, after_n: int, before_neg: float | None,
           after_neg: float | None) -> tuple[str, str, str | None]:
    """(verdict, why, confidence 高/中/低 or None) from the numbers of two complete windows."""
    if before_n < MIN_POSTS or after_n < MIN_POSTS:
        return "样本不足", f"前后窗口帖文数 {before_n} / {after_n}，少于 {MIN_POSTS} 条，暂不判断", None
    change = (after_neg - before_neg) * 100
    volume_change = (after_n - before_n) / before_n
    why = (f"负面占比 {before_neg:.0%} → {after_neg:.0%}（{change:+.1f} 个百分点），"
           f"声量 {before_n} → {after_n}（{volume_change:+.0%}）")
    by_volume = abs(change) < 3 and volume_change <= -0.3
    level, p = confidence(before_n, after_n, before_neg, after_neg, by_volume=by_volume)
    why += f"；置信度{level}（p = {p:.3f}，{'声量' if by_volume else '负面占比'}前后比较）"
    if change <= -10:
        return "明显好转", why, level
    if change <= -3 or by_volume:
        return "有所好转", why, level
    if change >= 3:
        return "恶化", why, level
    return "基本持平", why, level


EFFECT_COLUMNS = ["statement_id", "channel", "platform", "published_at", "baseline", "window_end", "state",
                  "before_volume", "after_volume", "volume_change", "before_negative_share", "after_negative_share",
                  "negative_share_change_pp", "verdict", "confidence", "explanation"]


def _effect_row(times, negative, t, w, now, base: dict) -> dict:
    """Before/after numbers of one statement over the posts given; 观察中 until the window has closed."""
    end = t + w
    bn, bneg = _window(times, negative, t - w, t)
    an, aneg = _window(times, negative, t, min(end, now))
    baseline = f"发布前 {w.total_seconds() / 3600:g} 小时（{fmt(t - w)} 至 {fmt(t)}）"
    row = {**base, "published_at": t, "baseline": baseline, "window_end": end,
           "before_volume": bn, "after_volume": an, "volume_change": (an - bn) / bn if bn else None,
           "before_negative_share": bneg, "after_negative_share": aneg,
           "negative_share_change_pp": (aneg - bneg) * 100 if bneg is not None and aneg is not None else None,
           "confidence": None}
    if now < end:
        row.update(state="观察中", verdict="观察中", explanation=(
            f"对比窗口 {w.total_seconds() / 3600:g} 小时，{fmt(end)} 结束（{countdown(end, now)}）；"
            f"目前发布前 {bn} 条、发布后 {an} 条，窗口结束且两侧各有 ≥ {MIN_POSTS} 条后给出结论"))
        return row
    label, why, level = assess(bn, an, bneg, aneg)
    row.update(state="已结束", verdict=label, confidence=level, explanation=f"基线：{baseline}；{why}")
    return row


def statement_effects(posts: pd.DataFrame, statements: pd.DataFrame, window_hours: float = 24,
                      now: datetime | None = None, by_platform: bool = False) -> pd.DataFrame:
    """One row per published statement (per statement × platform with ``by_platform``): the
    baseline window before it, the window after it, counts, negative shares, change and a verdict
    with its confidence — or 观察中 with a countdown while the after-window is still open (``now``)."""
    if statements.empty:
        return pd.DataFrame(columns=EFFECT_COLUMNS)
    at = pd.Timestamp(now_or(now))
    times = pd.to_datetime(posts["published_at"]) if not posts.empty else pd.Series(dtype="datetime64[us, UTC]")
    negative = (posts["sentiment"] == "负面") if not posts.empty else pd.Series(dtype=bool)
    w = timedelta(hours=window_hours)
    groups = [("全部", slice(None))]
    if by_platform and not posts.empty:
        groups = [(str(p), (posts["platform"] == p).to_numpy()) for p in sorted(posts["platform"].dropna().unique())]
    rows = []
    for s in statements.itertuples():
        t = pd.Timestamp(s.published_at)
        for platform, mask in groups:
            rows.append(_effect_row(times[mask], negative[mask], t, w, at,
                                    {"statement_id": int(s.id), "channel": s.channel, "platform": platform}))
    out = pd.DataFrame(rows, columns=EFFECT_COLUMNS)
    numbers = ["volume_change", "before_negative_share", "after_negative_share", "negative_share_change_pp"]
    out[numbers] = out[numbers].astype("float64")  # a missing share is blank in tables, never 'None'
    return out


def effects(con: duckdb.DuckDBPyConnection, incident_id: int, window_hours: float = 24,
            now: datetime | None = None, by_platform: bool = False) -> pd.DataFrame:
    """``statement_effects`` for an incident from the store."""
    return statement_effects(
        incident_posts(con, incident_id),
        db.query("statement_published", con, incident_id=int(incident_id)),
        window_hours, now, by_platform,
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
