"""Monitoring vendors and hot-list trackers: 思通舆情's Excel export and TrendRadar's database.

思通舆情 exports the sheet 舆情数据 with ``序号, 标题, 摘要, 情感, 涉及词, 来源, 作者, 发布时间, 原文地址``;
its rows mix platforms and news sites, so each row's platform comes from its 来源 or its link,
and rows naming neither are news sites. The vendor's 情感 is kept beside ours, never used as ours.

TrendRadar (sansan0/TrendRadar) keeps hot-list items in SQLite ``news_items (title, platform_id,
rank, url, mobile_url, crawl_date, first_crawl_time, …)``; ``sqlite_tables`` reads it, adding the
platform's display name and the first time the item was seen.
"""
from __future__ import annotations

from . import Shape

SHAPES = [
    Shape(
        key="sitong/export", tool="思通舆情", title="舆情数据导出", item="contents", platform=None,
        required=frozenset({"标题", "摘要", "情感", "涉及词", "来源", "原文地址"}),
        fields={
            "title": ("标题",), "text": ("摘要",), "vendor_sentiment": ("情感",), "site": ("来源",),
            "author": ("作者",), "published_at": ("发布时间",), "url": ("原文地址",), "external_id": ("原文地址",),
        },
        default_platform="新闻网站", sheet="舆情数据",
    ),
    Shape(
        key="trendradar/news_items", tool="TrendRadar", title="热榜条目", item="contents", platform=None,
        required=frozenset({"title", "platform_id", "rank", "first_crawl_time"}),
        fields={
            "title": ("title",), "text": ("title",), "url": ("url", "mobile_url"), "external_id": ("url", "mobile_url"),
            "platform": ("platform_name", "platform_id"), "site": ("platform_name",), "published_at": ("first_seen_at",),
        },
    ),
]
