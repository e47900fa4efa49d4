"""How far a post reached: the item hotness of DESIGN §4."""
from __future__ import annotations

import pandas as pd

# Item hotness (DESIGN §4): likes + 5·comments + 10·shares + 0.1·views.
HOTNESS_WEIGHTS = {"likes": 1.0, "comments": 5.0, "reposts": 10.0, "views": 0.1}
HOTNESS_FORMULA = "点赞 + 5×评论 + 10×转发 + 0.1×阅读"


def hotness(posts: pd.DataFrame) -> pd.Series:
    """Item hotness of each post (same index as ``posts``)."""
    total = pd.Series(0.0, index=posts.index)
    for column, weight in HOTNESS_WEIGHTS.items():
        total = total + posts[column].fillna(0).astype(float) * weight
    return total
