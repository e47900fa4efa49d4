"""Small builders for alert tests: analysed posts at chosen hours, inserted in one go."""
from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd

from workbench.alerts.timeutil import TZ

T0 = datetime(2026, 11, 1, 0, 0, tzinfo=TZ)


def _insert(con, hours_counts, *, category="工时加班", sentiment="中性", text="加班太多了") -> list[int]:
    """Insert analysed posts: ``hours_counts`` is [(hour, n), …]; returns the new post ids."""
    start = con.execute("SELECT coalesce(max(id), 0) + 1 FROM posts").fetchone()[0]
    rows = []
    for hour, n in hours_counts:
        for j in range(n):
            pid = start + len(rows)
            rows.append({"id": pid, "published_at": hour + timedelta(minutes=j % 25), "likes": j})
    if not rows:
        return []
    df = pd.DataFrame(rows)
    df["text"] = text
    df["hash"] = "h" + df["id"].astype(str)
    df["url"] = "https://weibo.example/" + df["id"].astype(str)
    df["sentiment"], df["category"] = sentiment, category
    cur = con.cursor()
    cur.register("new_posts", df)
    cur.execute(
        "INSERT INTO posts (id, platform, text, text_masked, published_at, content_hash, url, likes) "
        "SELECT id, '微博', text, text, published_at, hash, url, likes FROM new_posts"
    )
    cur.execute("INSERT INTO analyses (post_id, sentiment, category, risk_level) SELECT id, sentiment, category, 3 FROM new_posts")
    cur.unregister("new_posts")
    return [int(i) for i in df["id"]]


def add_posts(con, hour: datetime, n: int, **kw) -> list[int]:
    """``n`` analysed posts spread over the first minutes of ``hour``."""
    return _insert(con, [(hour, n)], **kw)


def steady_baseline(con, start: datetime, hours: int, pattern=(1, 2, 3, 2), **kw) -> list[int]:
    """A quiet, repeating hourly volume before the hour under test."""
    return _insert(con, [(start + timedelta(hours=h), pattern[h % len(pattern)]) for h in range(hours)], **kw)
