"""An incident's timeline: post volume by sentiment per time bucket, with the team's steps on it."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .. import config, vocab
from ..chart_dates import chinese_dates

SENTIMENT_COLORS = {"负面": "#d62728", "中性": "#7f7f7f", "正面": "#2ca02c", "未分析": "#c7c7c7"}


def bucket_for(published: pd.Series) -> str:
    """Hourly buckets for a short incident, 6-hourly up to ten days, daily beyond."""
    if published.empty:
        return "h"
    span = published.max() - published.min()
    if span <= pd.Timedelta(days=3):
        return "h"
    return "6h" if span <= pd.Timedelta(days=10) else "D"


def volume_by_sentiment(posts: pd.DataFrame, freq: str | None = None) -> pd.DataFrame:
    """Posts per bucket and sentiment: columns ``bucket`` (local time), ``sentiment``, ``posts``."""
    if posts.empty:
        return pd.DataFrame({"bucket": pd.Series(dtype="datetime64[ns, Asia/Shanghai]"), "sentiment": pd.Series(dtype=str),
                             "posts": pd.Series(dtype="int64")})
    published = pd.to_datetime(posts["published_at"], utc=True).dt.tz_convert(config.TIMEZONE)
    freq = freq or bucket_for(published)
    frame = pd.DataFrame({"bucket": published.dt.floor(freq), "sentiment": posts["sentiment"].fillna("未分析")})
    out = frame.groupby(["bucket", "sentiment"]).size().rename("posts").reset_index()
    order = {s: i for i, s in enumerate([*vocab.SENTIMENTS, "未分析"])}
    return out.sort_values(["bucket", "sentiment"], key=lambda c: c.map(order) if c.name == "sentiment" else c,
                           ignore_index=True)


def event_labels(events: pd.DataFrame) -> pd.DataFrame:
    """``analysis_incident_events`` rows with each alert's rule named in Chinese
    ('Ⅰ级预警：重大事件与升级', never the rule's code)."""
    from ..alerts.store import RULE_NAMES

    names = [f"{label}{RULE_NAMES.get(rule, '其他规则')}" if isinstance(rule, str) else label
             for label, rule in zip(events["label"], events["rule"])]
    return events.assign(label=names)


def timeline_figure(volume: pd.DataFrame, events: pd.DataFrame | None = None) -> go.Figure:
    """Stacked bars of volume by sentiment, with the team's steps as dotted vertical lines."""
    fig = go.Figure()
    for sentiment in [*vocab.SENTIMENTS, "未分析"]:
        part = volume[volume["sentiment"] == sentiment]
        if len(part):
            fig.add_bar(x=part["bucket"], y=part["posts"], name=sentiment, marker_color=SENTIMENT_COLORS[sentiment])
    if events is not None:
        for row in events.itertuples():
            at = pd.Timestamp(row.at).tz_convert(config.TIMEZONE)
            fig.add_shape(type="line", x0=at, x1=at, y0=0, y1=1, yref="paper", line={"dash": "dot", "width": 1})
            fig.add_annotation(x=at, y=1, yref="paper", text=row.label, showarrow=False, textangle=-60,
                               font={"size": 10}, yanchor="bottom")
    fig.update_layout(barmode="stack", xaxis_title="时间（北京时间）", yaxis_title="帖子数", legend_title="情感",
                      margin={"t": 110, "l": 10, "r": 10, "b": 10}, height=400)
    return chinese_dates(fig)
