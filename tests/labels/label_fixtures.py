"""Small stores for the label tests: a few posts with model analyses, written directly."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from workbench.pii import mask_pii

T0 = datetime(2026, 11, 18, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

# (text, platform, sentiment, score, category, confidence, emotion, risk)
POSTS = [
    ("公司连续三个月拖欠工资，联系HR 13812345678 没人回", "微博", "负面", -0.9, "薪酬福利", 0.95, "愤怒", 3),
    ("今天团建吃火锅，部门氛围挺好", "小红书", "正面", 0.8, "企业文化", 0.55, "喜悦", 4),
    ("听说下周要大小周了，不知道真的假的", "脉脉", "中性", 0.05, "工时加班", 0.40, "焦虑", 4),
    ("工地有工人受伤送医，公司还没回应", "新闻网站", "中性", -0.1, "安全健康", 0.70, "中性", 1),
]


def seed_posts(con, posts=POSTS, model_version="test-1") -> list[int]:
    """Insert posts and their model analyses; returns the post ids in order."""
    ids = []
    for i, (text, platform, sent, score, cat, conf, emo, risk) in enumerate(posts):
        post_id = con.execute(
            "INSERT INTO posts (platform, external_id, text, text_masked, published_at, content_hash) "
            "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            [platform, f"ext-{i}", text, mask_pii(text), T0 + timedelta(hours=i), f"hash-{i}"],
        ).fetchone()[0]
        con.execute(
            "INSERT INTO analyses (post_id, sentiment, sentiment_score, category, category_confidence, emotion, "
            "risk_level, risk_terms, keywords, category_terms, has_pii, model_version) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [post_id, sent, score, cat, conf, emo, risk, ["受伤"] if risk == 1 else [], ["工资"], [cat[:2]],
             "138" in text, model_version],
        )
        ids.append(post_id)
    return ids
