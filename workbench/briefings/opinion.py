"""舆论焦点与各方观点: what the posts talk about, what they ask for, and who says what."""
from __future__ import annotations

import pandas as pd

from ..analysis.demands import demand_summary
from ..analysis.words import word_frequencies
from . import formatting as fm
from .model import Section, Table

# Who speaks: media by the source's tier (1–3: central, provincial, local media), the rest by stance.
VOICES = (
    ("媒体报道", lambda df: df["media_tier"] <= 3),
    ("批评与投诉", lambda df: (df["media_tier"] > 3) & (df["sentiment"] == "负面")),
    ("中立讨论与提问", lambda df: (df["media_tier"] > 3) & (df["sentiment"] == "中性")),
    ("支持与澄清", lambda df: (df["media_tier"] > 3) & (df["sentiment"] == "正面")),
)


def _voices(posts: pd.DataFrame) -> Table:
    rows = []
    for name, pick in VOICES:
        part = posts[pick(posts).fillna(False)]
        if part.empty:
            continue
        emotions = part["emotion"].dropna()
        top_emotion = emotions.value_counts().index[0] if len(emotions) else "—"
        sample = fm.excerpt(part.iloc[0]["text_masked"], 60)  # the most engaged (rows come by engagement)
        rows.append([name, f"{len(part)} 条", fm.pct(len(part), len(posts)), str(top_emotion), sample])
    return Table(["观点方", "帖子", "占比", "主要情绪", "代表性内容（已脱敏，互动最多）"], rows)


def opinion_section(title: str, posts: pd.DataFrame, drop: list[str] = ()) -> Section:
    """The section from posts (``briefing_opinion_posts`` rows); ``drop`` names every post repeats."""
    if posts.empty:
        return Section(title, paragraphs=["暂无帖子。"])
    words = word_frequencies(posts, top=8, drop=drop)
    section = Section(title)
    if words:
        section.paragraphs.append(fm.sentence("讨论焦点（按出现次数）：" + "、".join(f"{w}（{n}）" for w, n in words.items())))
    demands = demand_summary(posts["text_masked"]).head(5)
    if len(demands):
        section.paragraphs.append(fm.sentence(f"主要诉求：{'、'.join(demands['theme'])}"))
        section.tables.append(Table(["诉求", "帖子", "占比", "典型表述（已脱敏）"],
                                    [[t, f"{int(n)} 条", f"{s:.0%}", fm.excerpt(e, 50)] for t, n, s, e in
                                     zip(demands["theme"], demands["posts"], demands["share"], demands["example"])]))
    section.paragraphs.append("各方观点：媒体按信源层级（央媒、省级、地方媒体）归类，其余帖子按对用人单位的立场归类。")
    section.tables.append(_voices(posts))
    return section
