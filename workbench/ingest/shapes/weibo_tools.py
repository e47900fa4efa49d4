"""dataabc's Weibo tools: weibo-crawler (one user's posts, their comments) and weibo-search.

weibo-crawler writes ``weibo/{screen name}/{user id}.csv`` with Chinese headers (``id, bid, 正文,
…, 日期, 工具, 点赞数, 评论数, 转发数, 话题, @用户, 完整日期`` and, unless only originals were
crawled, ``是否原创, 源用户id, 源用户昵称, 源微博…``; older files lack ``Live Photo视频url`` and
``是否编辑过, 编辑次数``), the same posts as JSON ``{"user": {…}, "weibo": [{…}]}``, and comments
as ``id, weibo_id, created_at, user_screen_name, text, pic_url, like_count``. The posts files
carry no author column: the author is the user the file is named after.

weibo-search writes ``结果文件/{keyword}/{keyword}.csv``: ``id, bid, user_id, 用户昵称, 微博正文, …,
转发数, 评论数, 点赞数, 发布时间, 发布工具, …, retweet_id`` (newer: ``ip, user_authentication,
会员类型, 会员等级``).
"""
from __future__ import annotations

from pathlib import PurePath

from . import Shape

_DETAIL = "https://m.weibo.cn/detail/{id}"


def _crawler_author(path: PurePath) -> dict[str, str]:
    """``weibo/{screen name}/{user id}.csv`` names the author; an upload keeps only ``{user id}.csv``."""
    out = {"author_id": path.stem} if path.stem.isdigit() else {}
    if out and len(path.parts) >= 3 and path.parts[-3].lower() == "weibo":
        out["author"] = path.parts[-2]
    return out


SHAPES = [
    Shape(
        key="weibo-crawler/posts", tool="weibo-crawler", title="微博用户微博", item="contents", platform="微博",
        required=frozenset({"id", "bid", "正文", "日期", "点赞数", "评论数", "转发数"}),
        fields={
            "external_id": ("id",), "text": ("正文",), "published_at": ("完整日期", "日期"), "likes": ("点赞数",),
            "comments": ("评论数",), "reposts": ("转发数",), "parent_external_id": ("源微博id",),
            "parent_author": ("源用户昵称",), "region": ("位置",),
        },
        url_template=_DETAIL, path_defaults=_crawler_author,
    ),
    Shape(
        key="weibo-crawler/json", tool="weibo-crawler", title="微博用户微博（JSON）", item="contents", platform="微博",
        required=frozenset({"id", "bid", "text", "attitudes_count", "comments_count", "reposts_count"}),
        fields={
            "external_id": ("id",), "text": ("text",), "published_at": ("full_created_at", "created_at"),
            "likes": ("attitudes_count",), "comments": ("comments_count",), "reposts": ("reposts_count",),
            "author": ("screen_name", "user.screen_name"), "author_id": ("user_id", "user.id"),
            "author_followers": ("user.followers_count",), "parent_external_id": ("retweet.id",),
            "parent_author": ("retweet.screen_name",), "region": ("location",),
        },
        url_template=_DETAIL,
    ),
    Shape(
        key="weibo-crawler/comments", tool="weibo-crawler", title="微博评论", item="comments", platform="微博",
        required=frozenset({"id", "weibo_id", "created_at", "user_screen_name", "text", "like_count"}),
        fields={
            "external_id": ("id",), "root_external_id": ("weibo_id",), "text": ("text",),
            "published_at": ("created_at",), "author": ("user_screen_name",), "likes": ("like_count",),
        },
    ),
    Shape(
        key="weibo-search/posts", tool="weibo-search", title="微博搜索结果", item="contents", platform="微博",
        required=frozenset({"id", "bid", "user_id", "用户昵称", "微博正文", "转发数", "评论数", "点赞数", "发布时间"}),
        fields={
            "external_id": ("id",), "author_id": ("user_id",), "author": ("用户昵称",), "text": ("微博正文",),
            "published_at": ("发布时间",), "reposts": ("转发数",), "comments": ("评论数",), "likes": ("点赞数",),
            "parent_external_id": ("retweet_id",), "region": ("ip",),
        },
        url_template="https://weibo.com/{user_id}/{bid}",
    ),
]
