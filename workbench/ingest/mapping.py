"""Column mapping: which column of an export holds which canonical post field.

``propose_mapping(headers)`` recognises the headers of real exports (Chinese and English);
the page shows the proposal, the analyst corrects it, and ``profiles`` saves it under a name
for the next file of that shape (matched by ``header_signature``).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Mapping, Sequence

import pandas as pd

# The canonical columns of an incoming record (DESIGN §3 posts), in display order.
CANONICAL: tuple[str, ...] = (
    "text", "title", "published_at", "author", "external_id", "url", "platform",
    "author_followers", "reposts", "comments", "likes", "views",
    "parent_external_id", "parent_author", "author_id", "site", "region", "vendor_sentiment",
)

FIELD_LABELS = {
    "text": "正文", "title": "标题", "published_at": "发布时间", "author": "作者",
    "external_id": "帖子ID", "url": "链接", "platform": "平台", "author_followers": "作者粉丝数",
    "reposts": "转发数", "comments": "评论数", "likes": "点赞数", "views": "阅读数",
    "parent_external_id": "源帖ID（转发自）", "parent_author": "源帖作者", "author_id": "作者ID",
    "site": "来源 / 媒体", "region": "地区 / IP 属地", "vendor_sentiment": "导出方情感（仅供对照）",
}

# Aliases by field, best first (compared after ``_norm``: width/case folded, no spaces or _-).
ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("正文", "内容", "微博内容", "微博正文", "帖子内容", "文章内容", "正文内容", "全文", "文本",
             "text", "content", "content_text", "desc", "body", "full_text", "摘要", "summary", "描述"),
    "title": ("标题", "文章标题", "帖子标题", "title", "subject", "主题"),
    "published_at": ("发布时间", "发文时间", "发帖时间", "创建时间", "时间", "日期", "发布日期",
                     "create_time", "created_at", "created_time", "publish_time", "pubdate", "published_at",
                     "post_time", "time", "date", "datetime", "timestamp"),
    "author": ("作者", "昵称", "用户昵称", "用户名", "博主", "博主昵称", "发布者", "发帖人", "账号",
               "nickname", "author", "user_name", "username", "screen_name", "user_nickname",
               "user_screen_name", "name"),
    "external_id": ("id", "mid", "微博id", "帖子id", "文章id", "note_id", "post_id", "aweme_id",
                    "status_id", "idstr", "bid", "编号"),
    "url": ("链接", "微博地址", "微博链接", "原文链接", "原文地址", "帖子链接", "文章链接", "网址", "地址", "url",
            "note_url", "content_url", "link", "href", "source_url"),
    "platform": ("平台", "来源平台", "媒体平台", "渠道", "来源渠道", "platform"),
    "author_followers": ("粉丝数", "作者粉丝数", "用户粉丝数", "粉丝", "followers_count", "followers",
                         "fans", "fans_count", "follower_count"),
    "reposts": ("转发数", "转发", "转发量", "分享数", "shared_count", "share_count", "reposts_count",
                "repost_count", "reposts", "shares"),
    "comments": ("评论数", "评论", "评论量", "comments_count", "comment_count", "comments"),
    "likes": ("点赞数", "点赞", "赞", "点赞量", "liked_count", "attitudes_count", "like_count", "likes",
              "digg_count"),
    "views": ("阅读数", "阅读量", "浏览量", "浏览数", "播放量", "传播量", "热度", "热度值", "views", "view_count",
              "read_count", "reads"),
    "parent_external_id": ("源微博id", "原微博id", "源帖id", "转发源id", "retweet_id", "repost_id",
                           "parent_id", "root_id", "origin_id", "源微博mid"),
    "parent_author": ("源用户昵称", "原微博作者", "源微博作者", "源作者", "retweet_user",
                      "origin_author", "parent_author"),
    "author_id": ("作者id", "用户id", "博主id", "user_id", "uid", "creator_hash", "author_id"),
    "site": ("来源", "媒体名称", "媒体", "来源网站", "网站名称", "站点", "发布媒体", "信源", "site"),
    "region": ("地区", "地域", "ip属地", "ip_location", "发布地区", "属地", "省份", "region"),
    "vendor_sentiment": ("情感", "情感倾向", "情感属性", "倾向性", "正负面", "sentiment"),
}

# Headers that name their platform outright (a file without a platform column). Headers shared by
# several crawlers (note_id, liked_count …) name none: the shapes in ``shapes`` decide those.
_PLATFORM_HINTS = (
    ({"微博内容", "微博正文", "微博地址", "微博链接", "mid", "attitudes_count", "reposts_count",
      "源微博id", "微博id"}, "微博"),
)


def _norm(header: object) -> str:
    h = unicodedata.normalize("NFKC", str(header)).strip().strip("\ufeff\"'").lower()
    return re.sub(r"[\s_\-（）()]+", "", h)


def _alias_keys(field: str) -> list[str]:
    return [_norm(a) for a in ALIASES[field]]


def propose_mapping(headers: Sequence[str]) -> dict[str, str]:
    """Best guess ``{canonical field: header}`` for the given headers (unknown fields left out).

    Nested JSON keys flattened as ``user.nickname`` match on their last part too.
    """
    normed: dict[str, str] = {}
    for h in headers:
        normed.setdefault(_norm(h), h)
    tails: dict[str, str] = {}
    for h in headers:
        tails.setdefault(_norm(str(h).rsplit(".", 1)[-1]), h)
    used: set[str] = set()
    mapping: dict[str, str] = {}
    for field in CANONICAL:
        for key in _alias_keys(field):
            hit = normed.get(key) or tails.get(key)
            if hit is not None and hit not in used:
                mapping[field] = hit
                used.add(hit)
                break
    return mapping


def guess_platform(headers: Sequence[str]) -> str | None:
    """The platform an export's headers point to, or None."""
    keys = {_norm(h) for h in headers} | {_norm(str(h).rsplit(".", 1)[-1]) for h in headers}
    for hints, platform in _PLATFORM_HINTS:
        if keys & {_norm(x) for x in hints}:
            return platform
    return None


def header_signature(headers: Sequence[str]) -> str:
    """A stable fingerprint of a file's shape: the set of its normalised headers."""
    joined = "\x1f".join(sorted({_norm(h) for h in headers}))
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:16]


def validate_mapping(mapping: Mapping[str, str | None], headers: Sequence[str]) -> dict[str, str]:
    """The mapping without empty choices; raises ValueError (Chinese) when it cannot work."""
    clean = {f: h for f, h in mapping.items() if h}
    unknown = [f for f in clean if f not in CANONICAL]
    if unknown:
        raise ValueError(f"未知的目标字段：{', '.join(unknown)}")
    missing = [h for h in clean.values() if h not in headers]
    if missing:
        raise ValueError(f"文件中没有这些列：{', '.join(missing)}")
    if "text" not in clean:
        raise ValueError("没有找到正文列（如 正文 / 内容 / 微博内容 / text / content），请在映射中指定正文列")
    seen: dict[str, str] = {}
    for f, h in clean.items():
        if h in seen:
            raise ValueError(f"列「{h}」同时映射到了「{FIELD_LABELS[seen[h]]}」和「{FIELD_LABELS[f]}」")
        seen[h] = f
    return clean


def apply_mapping(frame: pd.DataFrame, mapping: Mapping[str, str]) -> pd.DataFrame:
    """A frame with canonical column names holding the mapped columns' raw text."""
    return pd.DataFrame({field: frame[header] for field, header in mapping.items()}, index=frame.index)


def mapping_table(headers: Sequence[str], mapping: Mapping[str, str], preview: pd.DataFrame | None = None) -> pd.DataFrame:
    """The mapping as rows for display: 字段 / 对应列 / 示例."""
    rows = []
    for field in CANONICAL:
        header = mapping.get(field)
        sample = ""
        if header is not None and preview is not None and header in preview and len(preview):
            sample = str(preview[header].iloc[0])[:60]
        rows.append({"field": field, "字段": FIELD_LABELS[field], "对应列": header or "", "示例": sample})
    return pd.DataFrame(rows)
