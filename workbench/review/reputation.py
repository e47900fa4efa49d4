"""The reputation index (形象指数) of a monitored employer by day, and its repair plan (形象修复).

index = 50 × (1 + (positive − negative) / posts), so 0 = every post negative, 50 = balanced,
100 = every post positive. Days with fewer than ``MIN_POSTS`` posts are left blank (too noisy).

A post counts for an employer when it carries that employer (collected with one) or, when it
carries none — uploads and scraped pages usually don't —, when the monitored names (主体词,
``incidents.entities``: name, aliases, brands, people) say it is mainly about that employer.

The repair plan lists the positive actions taken or planned for an employer, with their dates;
``repair_effects`` reads the index in the days before and after each one.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import duckdb
import pandas as pd

from .. import access, db
from ..incidents import entities
from ..response.clock import as_time, now_or
from ..response.records import insert_audited, require_incident, require_row, require_text

MIN_POSTS = 5
EFFECT_DAYS = 7
REPAIR_KINDS = ("整改公告", "员工关怀", "公益活动", "媒体沟通", "开放日 / 探访", "其他")
COUNT_COLUMNS = ["day", "posts", "positive", "negative"]


def daily_index(counts: pd.DataFrame) -> pd.DataFrame:
    """``counts`` (day, posts, positive, negative) plus ``index`` (0..100, NaN on thin days)."""
    out = counts.copy()
    out["index"] = 50 * (1 + (out["positive"] - out["negative"]) / out["posts"].where(out["posts"] > 0))
    out.loc[out["posts"] < MIN_POSTS, "index"] = float("nan")
    return out


def subjects(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Employers with an index: the monitored ones first, then those named on incidents and posts."""
    return db.query("reputation_subjects", con)["name"].tolist()


def daily(con: duckdb.DuckDBPyConnection, employer: str, start: datetime, end: datetime) -> pd.DataFrame:
    """The employer's posts per day (positive, negative) and index between ``start`` and ``end``;
    every day of the period is a row (days without posts have 0 posts and no index)."""
    posts = db.query("reputation_posts", con, start=as_time(start), end=as_time(end), employer=employer)
    if len(posts):
        missing = posts["employer"].isna()
        if missing.any():
            matcher = entities.store_matcher(con)
            posts.loc[missing, "employer"] = [matcher.employer(t) for t in posts.loc[missing, "text"].fillna("")]
        about = posts[posts["employer"] == employer]
    else:
        about = posts
    counts = (about.assign(positive=about["sentiment"] == "正面", negative=about["sentiment"] == "负面")
              .groupby("day").agg(posts=("sentiment", "size"), positive=("positive", "sum"), negative=("negative", "sum")))
    first = pd.Timestamp(as_time(start)).tz_convert("Asia/Shanghai").tz_localize(None).normalize()
    last = pd.Timestamp(as_time(end) - timedelta(seconds=1)).tz_convert("Asia/Shanghai").tz_localize(None).normalize()
    days = pd.date_range(first, last, freq="D")
    counts.index = pd.to_datetime(counts.index)
    counts = counts.reindex(days, fill_value=0).rename_axis("day").reset_index()
    return daily_index(counts[COUNT_COLUMNS].astype({"posts": "int64", "positive": "int64", "negative": "int64"}))


def around_incident(con: duckdb.DuckDBPyConnection, incident: dict, days_before: int = 14,
                    days_after: int = 14) -> pd.DataFrame:
    """The employer's daily index from ``days_before`` the incident opened to ``days_after`` it closed."""
    if not incident.get("employer"):
        return daily_index(pd.DataFrame(columns=COUNT_COLUMNS))
    opened = as_time(incident["opened_at"]) or now_or()
    closed = as_time(incident.get("closed_at")) or now_or()
    return daily(con, incident["employer"], opened - timedelta(days=days_before),
                 max(closed, opened) + timedelta(days=days_after))


# ---- the repair plan ----------------------------------------------------------------------------

def repair_plan(con: duckdb.DuckDBPyConnection, employer: str) -> pd.DataFrame:
    """The employer's positive actions, planned and done, in date order."""
    return db.query("repair_action_list", con, employer=employer)


def add_repair_action(con: duckdb.DuckDBPyConnection, employer: str, title: str, kind: str, planned_at,
                      actor: str, *, owner: str | None = None, incident_id: int | None = None) -> int:
    """Add a positive action to an employer's repair plan (audited)."""
    access.require(actor, "process")
    employer = require_text(employer, "企业")
    title = require_text(title, "修复行动")
    if kind not in REPAIR_KINDS:
        raise ValueError(f"修复行动类型只能是：{'、'.join(REPAIR_KINDS)}")
    at = as_time(planned_at)
    if at is None:
        raise ValueError("请填写修复行动的日期")
    with db.transaction(con) as cur:
        if incident_id is not None:
            require_incident(cur, incident_id)
        values = {"employer": employer, "incident_id": None if incident_id is None else int(incident_id), "title": title,
                  "kind": kind, "planned_at": at, "owner": (owner or "").strip() or None, "created_by": actor}
        return insert_audited(cur, "repair_actions", values, "repair_action", actor)


def mark_repair_done(con: duckdb.DuckDBPyConnection, action_id: int, actor: str, done_at=None) -> None:
    """Record that a repair action took place (default: now; audited)."""
    access.require(actor, "process")
    from .. import audit

    at = as_time(done_at) or now_or()
    with db.transaction(con) as cur:
        before = require_row(cur, "repair_actions", action_id, "修复行动")
        cur.execute("UPDATE repair_actions SET done_at = ? WHERE id = ?", [at, int(action_id)])
        audit.record(cur, actor, "done", "repair_action", action_id, {"done_at": before["done_at"]}, {"done_at": at})


def repair_effects(index: pd.DataFrame, plan: pd.DataFrame, days: int = EFFECT_DAYS,
                   now: datetime | None = None) -> pd.DataFrame:
    """For each action of ``plan``: the mean index over ``days`` days before and after its date
    (days with enough posts only), the change, and a reading that says what it rests on."""
    cols = ["id", "title", "kind", "effective_at", "done", "index_before", "index_after", "change", "days_after", "reading"]
    rows = []
    by_day = index.set_index(pd.to_datetime(index["day"]))["index"] if len(index) else pd.Series(dtype=float)
    today = pd.Timestamp(now_or(now)).tz_convert("Asia/Shanghai").tz_localize(None).normalize()
    for a in plan.itertuples():
        day = pd.Timestamp(a.effective_at).tz_convert("Asia/Shanghai").tz_localize(None).normalize()
        before = by_day[(by_day.index >= day - pd.Timedelta(days=days)) & (by_day.index < day)].dropna()
        after = by_day[(by_day.index > day) & (by_day.index <= day + pd.Timedelta(days=days))].dropna()
        b = float(before.mean()) if len(before) else None
        f = float(after.mean()) if len(after) else None
        if day > today or pd.isna(a.done_at):
            reading = "尚未实施" if pd.isna(a.done_at) else "日期未到"
        elif b is None or f is None:
            reading = f"数据不足（前 {len(before)} 天 / 后 {len(after)} 天有足够帖文，每天至少 {MIN_POSTS} 条）"
        else:
            reading = (f"前 {days} 天均值 {b:.1f}（{len(before)} 天）→ 后 {days} 天均值 {f:.1f}（{len(after)} 天），"
                       f"{'回升' if f - b >= 2 else '下降' if f - b <= -2 else '基本持平'}")
        rows.append({"id": int(a.id), "title": a.title, "kind": a.kind, "effective_at": a.effective_at,
                     "done": not pd.isna(a.done_at), "index_before": b, "index_after": f,
                     "change": None if b is None or f is None else f - b, "days_after": len(after), "reading": reading})
    return pd.DataFrame(rows, columns=cols)
