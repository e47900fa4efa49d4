"""Small hand-made incidents for the response and review tests (no demo data needed)."""
from __future__ import annotations


def make_incident(con, title="某物流公司拖欠工资", category="薪酬福利", level="Ⅱ", status="处置中",
                  opened_at="2026-11-20 08:00:00+08") -> int:
    """Insert one incident and return its id."""
    return con.execute(
        "INSERT INTO incidents (title, category, level, status, opened_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
        [title, category, level, status, opened_at],
    ).fetchone()[0]


def add_posts(con, incident_id: int, rows: list[tuple[str, str, str]]) -> None:
    """Attach posts given as (published_at, sentiment, text) to the incident."""
    for published_at, sentiment, text in rows:
        pid = con.execute(
            "INSERT INTO posts (platform, text, text_masked, content_hash, published_at)"
            " VALUES ('微博', ?, ?, md5(?), ?) RETURNING id",
            [text, text, text + published_at, published_at],
        ).fetchone()[0]
        con.execute("INSERT INTO analyses (post_id, sentiment) VALUES (?, ?)", [pid, sentiment])
        con.execute("INSERT INTO incident_posts (incident_id, post_id) VALUES (?, ?)", [incident_id, pid])


def two_incidents(con, status="处置中") -> tuple[int, int]:
    """A wage-arrears incident and an overtime one, for tests that switch between incidents."""
    first = make_incident(con, title="某物流公司拖欠工资", status=status, opened_at="2026-11-20 08:00:00+08")
    second = make_incident(con, title="某餐饮店强制加班", category="工时加班", status=status,
                           opened_at="2026-11-21 08:00:00+08")
    return first, second
