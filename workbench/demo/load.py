"""Load the demo dataset into a store: posts, analyses, incidents and their whole process.

``load_demo(con, seed=…, anchor=…)`` is what ``workbench demo``, the app's first start and the
test fixture call. Same seed and anchor → the same posts, byte for byte.
"""
from __future__ import annotations

import time as _time
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd

from .. import config, db
from ..ingest.fingerprint import content_hashes, normalise_many
from ..pii import mask_many
from .generate import SOURCES, generate
from .process import write_story

TZ = ZoneInfo(config.TIMEZONE)
DEFAULT_SEED = 20261126
END_HOUR = 22  # the data of the anchor day ends at 22:00 local time
SPIKE_CHECK_BEFORE_END = timedelta(hours=16)  # a monitoring run a few hours into the wage spike

MONITOR_RULES = [
    ("欠薪讨薪", "欠薪 OR 拖欠工资 OR 讨薪 OR 血汗钱", "all", "high"),
    ("安全事故", "事故 OR 受伤 OR 晕倒 OR 中暑", "all", "medium"),
    ("强制加班", "996 OR 大小周 OR 强制加班", "all", "low"),
]


def demo_end(anchor: str | date | None = None, now: datetime | None = None) -> datetime:
    """The end of the demo data: 22:00 of the anchor day (default: today, but never after now)."""
    if anchor is None:
        now = now or datetime.now(TZ)
        end = datetime.combine(now.date(), time(END_HOUR), TZ)
        return min(end, now.replace(minute=0, second=0, microsecond=0))
    day = date.fromisoformat(anchor) if isinstance(anchor, str) else anchor
    return datetime.combine(day, time(END_HOUR), TZ)


def _insert_sources(cur: duckdb.DuckDBPyConnection) -> dict[str, int]:
    for name, platform, kind, tier, authority, internal in SOURCES:
        cur.execute(
            "INSERT INTO sources (name, platform, kind, media_tier, authority, internal) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (name) DO NOTHING",
            [name, platform, kind, tier, authority, internal],
        )
    names = [s[0] for s in SOURCES]
    rows = cur.execute("SELECT name, id FROM sources WHERE list_contains(?, name)", [names]).fetchall()
    return dict(rows)


def _insert_posts(cur: duckdb.DuckDBPyConnection, posts: pd.DataFrame, batch_id: int) -> None:
    cur.register("demo_frame", posts)
    cur.execute(
        """
        INSERT INTO posts (source_id, batch_id, platform, external_id, url, title, text, text_masked, author,
                           author_followers, published_at, collected_at, reposts, comments, likes, views,
                           parent_external_id, parent_author, content_hash, employer)
        SELECT source_id, ?, platform, external_id, url, title, text, text_masked, author,
               author_followers, published_at, collected_at, reposts, comments, likes, views,
               parent_external_id, parent_author, content_hash, employer
        FROM demo_frame ORDER BY published_at, external_id
        """,
        [batch_id],
    )
    cur.execute(
        """
        INSERT INTO demo_truth (post_id, category, sentiment, emotion, incident_key)
        SELECT p.id, f.category, f.sentiment, f.emotion, f.incident_key
        FROM demo_frame f JOIN posts p ON p.platform = f.platform AND p.external_id = f.external_id
        WHERE p.batch_id = ?
        """,
        [batch_id],
    )
    cur.unregister("demo_frame")


def _index_and_label(con: duckdb.DuckDBPyConnection, batch_id: int) -> int:
    """What ingestion does for uploads: near-duplicate signatures, rule tags, model labels."""
    from ..ingest.followup import process_new_posts
    from ..ingest.pipeline import index_signatures

    index_signatures(con)  # so a later upload of the same posts is linked as a near duplicate
    ids = [r[0] for r in con.execute("SELECT id FROM posts WHERE batch_id = ? ORDER BY id", [batch_id]).fetchall()]
    return process_new_posts(con, ids, incidents=False)["analyzed"]  # the demo places its own incidents


def _monitor(con: duckdb.DuckDBPyConnection, end: datetime, incident_ids: dict[str, int]) -> None:
    """Run the real monitoring cycle as it would have run: once the night the wage spike broke, and
    at the end; the on-call owner acknowledged that night's alerts 20 minutes later."""
    from ..alerts.store import acknowledge
    from ..incidents.cycle import run

    night = end - SPIKE_CHECK_BEFORE_END
    run(con, now=night, cluster=False)  # no clustering: the demo's incidents are the designed ones
    wages = incident_ids["yunfan_wages"]
    for (alert_id,) in con.execute("SELECT id FROM alerts WHERE incident_id = ? ORDER BY id", [wages]).fetchall():
        acknowledge(con, alert_id, "刘海峰", now=night + timedelta(minutes=20))
    run(con, now=end, cluster=False)


def load_demo(
    con: duckdb.DuckDBPyConnection, *, seed: int = DEFAULT_SEED, anchor: str | date | None = None
) -> dict[str, Any]:
    """Generate the demo dataset and load it into ``con``; return a summary of what was loaded.

    ``anchor`` is the last day of the data (default: today in Asia/Shanghai), so the demo stays
    current; pass a fixed day for identical data.
    """
    started = _time.perf_counter()
    end = demo_end(anchor)
    posts = generate(seed, end)
    texts = posts["text"].tolist()
    posts["text_masked"] = mask_many(texts)
    posts["content_hash"] = content_hashes(normalise_many(texts))  # as ingestion hashes, so re-uploads dedup
    with db.transaction(con) as cur:
        source_ids = _insert_sources(cur)
        posts["source_id"] = posts["source"].map(source_ids).astype("int64")
        batch_id = cur.execute(
            "INSERT INTO ingest_batches (kind, origin, started_at, rows_read, actor)"
            " VALUES ('demo', ?, now(), ?, 'demo') RETURNING id",
            [f"demo seed={seed} end={end.isoformat()}", len(posts)],
        ).fetchone()[0]
        _insert_posts(cur, posts, batch_id)
        for name, expression, scope, sensitivity in MONITOR_RULES:
            cur.execute(
                "INSERT INTO monitor_rules (name, expression, scope, sensitivity) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (name) DO NOTHING",
                [name, expression, scope, sensitivity],
            )
        cur.execute(
            "UPDATE ingest_batches SET finished_at = now(), rows_inserted = ? WHERE id = ?", [len(posts), batch_id]
        )
    analysed = _index_and_label(con, batch_id)
    incident_ids = write_story(con, batch_id)
    _monitor(con, end, incident_ids)
    from ..accounts import ensure_demo_accounts

    ensure_demo_accounts(con)  # analyst / leader / admin, password demo1234 (README)
    alerts = con.execute("SELECT count(*) FROM alerts").fetchone()[0]
    return {
        "seed": seed,
        "start": posts["published_at"].min().isoformat(),
        "end": end.isoformat(),
        "posts": len(posts),
        "platforms": int(posts["platform"].nunique()),
        "incidents": len(incident_ids),
        "analysed": analysed,
        "alerts": int(alerts),
        "batch_id": int(batch_id),
        "seconds": round(_time.perf_counter() - started, 1),
    }
