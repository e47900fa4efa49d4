"""The emotions of an incident's posts (the six SMP2020-EWECT classes)."""
from __future__ import annotations

import pandas as pd

from .. import vocab


def emotion_distribution(posts: pd.DataFrame) -> pd.DataFrame:
    """Posts and share per emotion, every emotion listed (zero when absent); human corrections count."""
    counts = posts["emotion"].value_counts().reindex(list(vocab.EMOTIONS), fill_value=0) if len(posts) else \
        pd.Series(0, index=list(vocab.EMOTIONS))
    total = int(counts.sum())
    human = int((posts.get("emotion_source", pd.Series(dtype=str)) == "human").sum())
    out = pd.DataFrame({"emotion": counts.index, "posts": counts.to_numpy().astype("int64")})
    out["share"] = (out["posts"] / total).round(3) if total else 0.0
    out.attrs["human_corrected"] = human
    return out


def emotion_figure(distribution: pd.DataFrame):
    """Horizontal bars of the emotion distribution, labelled with count and share."""
    import plotly.graph_objects as go

    fig = go.Figure(go.Bar(
        x=distribution["posts"], y=distribution["emotion"], orientation="h",
        text=[f"{n}（{s:.0%}）" for n, s in zip(distribution["posts"], distribution["share"])],
        marker_color=[EMOTION_COLORS.get(e, "#999999") for e in distribution["emotion"]],
    ))
    fig.update_layout(xaxis_title="帖子数", yaxis={"autorange": "reversed"}, height=300,
                      margin={"t": 10, "l": 10, "r": 10, "b": 10})
    return fig


EMOTION_COLORS = {"愤怒": "#d62728", "焦虑": "#9467bd", "悲伤": "#1f77b4", "喜悦": "#2ca02c", "惊讶": "#ff7f0e", "中性": "#7f7f7f"}
