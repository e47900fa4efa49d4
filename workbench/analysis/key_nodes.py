"""Key nodes and authors: who carried an incident, by reach and by the spread they triggered."""
from __future__ import annotations

import pandas as pd

from .reach import HOTNESS_FORMULA, hotness


def key_authors(tree: pd.DataFrame, top: int = 10) -> pd.DataFrame:
    """Authors ranked by the reach of their posts plus what those posts set off.

    ``tree`` is ``propagation.repost_tree(posts)``. Columns: author, platform, followers, posts,
    hotness (sum of item hotness), spread (reposts / replies their posts triggered in the
    incident), media_tier, and ``why`` — a sentence explaining the rank.
    """
    if tree.empty:
        return pd.DataFrame(columns=["author", "platform", "followers", "posts", "hotness", "spread", "media_tier", "why"])
    t = tree.assign(hotness=hotness(tree), author=tree["author"].fillna("（未知作者）"))
    g = t.groupby(["author", "platform"])
    out = pd.DataFrame({
        "followers": g["author_followers"].max(),
        "posts": g.size(),
        "hotness": g["hotness"].sum().round(0),
        "spread": g["descendants"].sum(),
        "media_tier": g["media_tier"].min(),
    }).reset_index()
    out = out.sort_values(["hotness", "spread", "followers"], ascending=False, ignore_index=True).head(top)
    out["why"] = [
        f"{int(p)} 条帖子，热度 {int(h):,}（{HOTNESS_FORMULA}），带动 {int(s)} 次转发/回复，粉丝 {int(f):,}"
        for p, h, s, f in zip(out["posts"], out["hotness"], out["spread"], out["followers"])
    ]
    return out[["author", "platform", "followers", "posts", "hotness", "spread", "media_tier", "why"]]


def key_posts(tree: pd.DataFrame, top: int = 10) -> pd.DataFrame:
    """The posts with the highest hotness, with the spread each set off (masked text only)."""
    columns = ["post_id", "published_at", "platform", "author", "text_masked", "hotness", "descendants",
               "reposts", "comments", "likes", "views", "sentiment", "sentiment_source", "url"]
    if tree.empty:
        return pd.DataFrame(columns=columns)
    t = tree.assign(hotness=hotness(tree).round(0))
    return t.sort_values(["hotness", "post_id"], ascending=[False, True], ignore_index=True).head(top)[columns]
