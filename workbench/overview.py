"""态势总览: the leadership overview's figures, built from its queries' frames.

Functions take the frames of ``queries/overview_*.sql`` and return what the page shows, so a
notebook gets the same numbers: ``headline_figures(workbench.query("overview_headline", …))``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Mapping

import pandas as pd
import plotly.graph_objects as go

from . import vocab
from .chart_dates import chinese_dates
from .analysis.timeline import SENTIMENT_COLORS


@dataclass(frozen=True)
class Headline:
    """One headline number with its change and a sentence saying how it was computed."""

    label: str
    value: str
    delta: str | None
    help: str


def _share(part: int, total: int) -> float | None:
    return part / total if total else None


def headline_figures(headline: pd.DataFrame) -> list[Headline]:
    """Posts, negative share (both against the equally long period before), open incidents, open alerts."""
    row = headline.iloc[0] if len(headline) else pd.Series(dtype=object)
    get = lambda k: int(row.get(k, 0) or 0)  # noqa: E731
    posts, prev = get("posts"), get("prev_posts")
    share, prev_share = _share(get("negative"), posts), _share(get("prev_negative"), prev)
    return [
        Headline("帖子数", f"{posts:,}", f"{posts - prev:+,}" if prev or posts else None,
               f"所选时间范围内发布的帖子；变化量与之前等长时段（{prev:,} 条）相比。"),
        Headline("负面占比", "—" if share is None else f"{share:.1%}",
               None if share is None or prev_share is None else f"{(share - prev_share) * 100:+.1f} 个百分点",
               f"负面帖子 {get('negative'):,} / 全部 {posts:,}（情感以人工复核优先，其次模型）；与之前等长时段比较。"),
        Headline("处置中事件", f"{get('open_incidents')}", None,
               f"状态为 {'、'.join(vocab.OPEN_STATUSES)} 的事件（不受时间范围限制）。"),
        Headline("未确认预警", f"{get('open_alerts')}", None,
                 "有已推送预警尚无人确认的预警线程数（同一事件的预警为一条线程；不受时间范围限制），在“预警汇报”页确认。"),
    ]


def trend_figure(daily: pd.DataFrame) -> go.Figure:
    """Daily posts by sentiment as stacked areas (frame of ``overview_daily_sentiment``)."""
    fig = go.Figure()
    if len(daily):
        wide = daily.pivot_table(index="day", columns="sentiment", values="posts", aggfunc="sum", fill_value=0)
        for sentiment in [*vocab.SENTIMENTS, "未分析"]:
            if sentiment in wide.columns:
                fig.add_scatter(x=wide.index, y=wide[sentiment], name=sentiment, mode="lines", stackgroup="one",
                                line={"color": SENTIMENT_COLORS[sentiment]})
    fig.update_layout(xaxis_title="日期", yaxis_title="帖子数 / 天", legend_title="情感", height=360,
                      margin={"t": 10, "l": 10, "r": 10, "b": 10})
    return chinese_dates(fig, hover="%Y年%m月%d日")


def incident_clocks(incidents: pd.DataFrame, config: Mapping[str, Any], now: datetime | None = None) -> pd.DataFrame:
    """The open incidents (``overview_open_incidents``) with their two clocks spelled out under the
    configured lengths (``incidents.clocks.load_config``).

    Adds ``ack`` / ``response`` (state and time left or over), ``effective_level`` (one level graver
    while a clock is overdue) and ``overdue`` (any clock past its deadline).
    """
    from .incidents.clocks import format_remaining, table

    clock = table(incidents, config, now)
    out = incidents.copy()
    for key in ("ack", "response"):
        running = clock[f"{key}_done"].isna() & (clock[f"{key}_state"] != "已停止")
        out[key] = [f"{state}（{format_remaining(left.to_pytimedelta())}）" if run else state
                    for state, left, run in zip(clock[f"{key}_state"], clock[f"{key}_remaining"], running)]
    out["effective_level"], out["overdue"] = clock["effective_level"], clock["escalated"]
    return out


TABLE_ROWS = 100  # incidents a table sends to the browser; the tiles count them all


def table_note(shown: int, total: int) -> str:
    """What an incident table that shows its first ``shown`` of ``total`` rows says about the rest
    ('' when it shows them all)."""
    if total <= shown:
        return ""
    return (f"共 {total:,} 个，按级别（新立案在前）列出前 {shown} 个；"
            "其余事件可在「影响评估」按级别、状态、类别筛选或按编号、名称查找。")


def open_count(counts: pd.DataFrame, level: str | None = None) -> int:
    """Open incidents of ``level`` (all open ones, levelled or not, when None) from
    ``overview_open_incidents_by_level``."""
    rows = counts if level is None else counts[counts["level"] == level]
    return int(rows["incidents"].sum())


def incidents_by_level(counts: pd.DataFrame) -> pd.DataFrame:
    """Open incidents per level (``overview_open_incidents_by_level``), every level listed (for the
    four level tiles)."""
    per_level = dict(zip(counts["level"], counts["incidents"])) if len(counts) else {}
    return pd.DataFrame({"level": list(vocab.LEVELS),
                         "name": [vocab.LEVEL_NAMES[lv] for lv in vocab.LEVELS],
                         "incidents": [int(per_level.get(lv, 0)) for lv in vocab.LEVELS]})


def clock_help(config: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """How long each clock runs per level, as a sentence for column help ('自立案（发现）或人工定级起：Ⅰ 30分钟 / …')."""
    from .incidents.clocks import format_length

    return {key: "自立案（发现）或人工定级起：" + " / ".join(f"{lv} {format_length(per_level[lv])}" for lv in vocab.LEVELS)
            for key, per_level in config.items()}


def alert_rows(alerts: pd.DataFrame) -> pd.DataFrame:
    """The latest alerts (``overview_latest_alerts``) with the rule's Chinese name and a state."""
    from .alerts.store import RULE_NAMES

    return alerts.assign(
        rule_name=alerts["rule"].map(lambda r: RULE_NAMES.get(r, r)),
        state=["未确认" if pd.isna(a) else "已确认" for a in alerts["acknowledged_at"]],
    )


POSTS_DETAIL, NEGATIVE_DETAIL, INCIDENTS_DETAIL, ALERTS_DETAIL = "帖子数", "负面占比", "处置中事件", "未确认预警"


def detail_choices() -> list[str]:
    """What the overview can open behind its numbers: each headline figure, then each level tile."""
    return [POSTS_DETAIL, NEGATIVE_DETAIL, INCIDENTS_DETAIL, ALERTS_DETAIL, *(vocab.LEVEL_NAMES[lv] for lv in vocab.LEVELS)]


def detail_level(choice: str) -> str | None:
    """The level a level-tile choice stands for ('Ⅱ级 重大' → 'Ⅱ'), else None."""
    return next((lv for lv, name in vocab.LEVEL_NAMES.items() if name == choice), None)


def post_links(posts: pd.DataFrame) -> pd.DataFrame:
    """``post_search`` rows with a link that opens each post on 帖子检索."""
    return posts.assign(link=[f"search?post={int(i)}" for i in posts["post_id"]])


def incident_links(incidents: pd.DataFrame) -> pd.DataFrame:
    """Incident rows with a link that opens each on 影响评估 (``?incident=ID``)."""
    return incidents.assign(link=[f"assess?incident={int(i)}" for i in incidents["incident_id"]])
