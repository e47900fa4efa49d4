"""A small wage-arrears incident whose posts make a few claims (no demo data needed)."""
from __future__ import annotations

POSTS = [
    ("2026-11-20 02:00:00+08", "负面", "云帆物流拖欠我们三个月工资，家里孩子学费都交不上"),
    ("2026-11-20 02:10:00+08", "负面", "还我血汗钱！云帆物流拖欠我们三个月工资。有没有一样遭遇的？"),
    ("2026-11-20 02:20:00+08", "负面", "真实经历：华东分拨中心三个月没发工资，上百名分拣员聚集在园区门口讨薪"),
    ("2026-11-20 02:30:00+08", "负面", "上百名分拣员聚集在园区门口讨薪，现场好多人"),
    ("2026-11-20 02:40:00+08", "负面", "听说公司删帖了，上百名分拣员聚集在园区门口讨薪"),
    ("2026-11-20 02:50:00+08", "中性", "今天园区天气不错，食堂的饭也还行"),
    ("2026-11-20 03:00:00+08", "负面", "有人说资金链断了，联系我 13812345678 一起维权"),
]


def make_incident(con, title="云帆物流华东分拨中心拖欠工资", level="Ⅰ", status="处置中",
                  opened_at="2026-11-20 04:00:00+08") -> int:
    """Insert one incident (tests only; the app writes incidents through workbench.incidents)."""
    return con.execute(
        "INSERT INTO incidents (title, category, level, status, opened_at) VALUES (?, '薪酬福利', ?, ?, ?) RETURNING id",
        [title, level, status, opened_at],
    ).fetchone()[0]


def attach_posts(con, incident_id: int, posts=POSTS) -> list[int]:
    """Attach (published_at, sentiment, text) posts to the incident; returns their ids in order."""
    from workbench.pii import mask_pii

    ids = []
    for i, (published_at, sentiment, text) in enumerate(posts):
        pid = con.execute(
            "INSERT INTO posts (platform, external_id, author, text, text_masked, content_hash, published_at)"
            " VALUES ('微博', ?, ?, ?, ?, md5(?), ?) RETURNING id",
            [f"w{incident_id}-{i}", f"网友{i}", text, mask_pii(text), text + published_at, published_at],
        ).fetchone()[0]
        con.execute("INSERT INTO analyses (post_id, sentiment) VALUES (?, ?)", [pid, sentiment])
        con.execute("INSERT INTO incident_posts (incident_id, post_id) VALUES (?, ?)", [incident_id, pid])
        ids.append(int(pid))
    return ids


def wage_incident(con) -> tuple[int, list[int]]:
    """The incident and its post ids."""
    iid = make_incident(con)
    return iid, attach_posts(con, iid)
