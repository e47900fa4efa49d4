"""MediaCrawler (NanmiCoder/MediaCrawler): contents, comments and creators of seven platforms.

Files: ``data/{platform}/{csv|json|jsonl}/{crawler type}_{contents|comments|creators}_{date}.ext``
(CSV in utf-8-sig, JSON arrays, JSON Lines) and workbooks with the sheets Contents / Comments /
Creators. Two schemas: before 2026-07 the author columns are ``user_id, nickname, …,
ip_location`` (plus avatar, gender, profile links); from 2026-07 only ``creator_hash, nickname``
(an anonymous hash instead of the user id, no location or profile). The shapes below mark only
headers both schemas keep, so one shape reads both.

A comment's own ``comment_id`` is its external id; its post (``note_id`` / ``aweme_id`` /
``video_id`` / ``content_id``) and ``parent_comment_id`` become the reply link.
"""
from __future__ import annotations

from . import Shape

TOOL = "MediaCrawler"
SCHEMAS = {"creator_hash": "2026-07 起（creator_hash）", "user_id": "2026-07 前（user_id）",
           "user_link": "2026-07 前（user_id）", "sec_uid": "2026-07 前（user_id）"}
_AUTHOR = {"author": ("nickname", "user_nickname"), "author_id": ("user_id", "creator_hash")}
_ANY_ID = (frozenset({"user_id", "creator_hash"}),)
_ANY_ID_TOKEN = (frozenset({"user_id", "creator_hash", "url_token"}),)
_SHEETS = {"contents": "Contents", "comments": "Comments", "creators": "Creators"}
_TITLES = {"contents": "内容", "comments": "评论", "creators": "作者"}


def _shape(folder: str, platform: str, item: str, required: str, fields: dict, **kw) -> Shape:
    return Shape(
        key=f"mediacrawler/{folder}/{item}", tool=TOOL, title=platform + _TITLES[item], item=item,
        platform=platform, required=frozenset(required.split()), fields={**_AUTHOR, **fields},
        sheet=_SHEETS[item], schemas=SCHEMAS, **kw,
    )


def _comments(folder: str, platform: str, post_id: str, required: str, **fields) -> Shape:
    return _shape(folder, platform, "comments", f"comment_id {post_id} content {required}", {
        "external_id": ("comment_id",), "root_external_id": (post_id,), "text": ("content",),
        "region": ("ip_location",), **fields,
    }, reply_to=("parent_comment_id", "parment_comment_id"))  # tieba's older files spell it so


_CREATOR_FIELDS = {
    "author_followers": ("fans", "total_fans"), "following": ("follows",), "region": ("ip_location",),
    "description": ("desc", "sign"),
}


def _creators(folder: str, platform: str, required: str, absent: str = "", any_of=_ANY_ID, **fields) -> Shape:
    return _shape(folder, platform, "creators", required, {**_CREATOR_FIELDS, **fields},
                  absent=frozenset(absent.split()), any_of=any_of)


SHAPES = [
    # contents
    _shape("weibo", "微博", "contents", "note_id content create_time liked_count comments_count shared_count note_url", {
        "external_id": ("note_id",), "text": ("content",), "published_at": ("create_time", "create_date_time"),
        "likes": ("liked_count",), "comments": ("comments_count",), "reposts": ("shared_count",),
        "url": ("note_url",), "region": ("ip_location",),
    }),
    _shape("xhs", "小红书", "contents",
           "note_id type desc time liked_count collected_count comment_count share_count note_url", {
               "external_id": ("note_id",), "title": ("title",), "text": ("desc",), "published_at": ("time",),
               "likes": ("liked_count",), "comments": ("comment_count",), "reposts": ("share_count",),
               "url": ("note_url",), "region": ("ip_location",),
           }),
    _shape("douyin", "抖音", "contents", "aweme_id aweme_type desc create_time liked_count comment_count share_count aweme_url", {
        "external_id": ("aweme_id",), "title": ("title",), "text": ("desc",), "published_at": ("create_time",),
        "likes": ("liked_count",), "comments": ("comment_count",), "reposts": ("share_count",),
        "url": ("aweme_url",), "region": ("ip_location",), "author_id": ("user_id", "sec_uid", "creator_hash"),
    }),
    _shape("kuaishou", "快手", "contents", "video_id video_type desc create_time liked_count viewd_count video_url", {
        "external_id": ("video_id",), "title": ("title",), "text": ("desc",), "published_at": ("create_time",),
        "likes": ("liked_count",), "views": ("viewd_count",), "url": ("video_url",),
    }),
    _shape("bilibili", "哔哩哔哩", "contents",
           "video_id video_type desc create_time liked_count video_play_count video_comment video_url", {
               "external_id": ("video_id",), "title": ("title",), "text": ("desc",), "published_at": ("create_time",),
               "likes": ("liked_count",), "views": ("video_play_count",), "reposts": ("video_share_count",),
               "comments": ("video_comment",), "url": ("video_url",),
           }),
    _shape("tieba", "贴吧", "contents", "note_id title desc note_url publish_time tieba_name total_replay_num", {
        "external_id": ("note_id",), "title": ("title",), "text": ("desc",), "published_at": ("publish_time",),
        "comments": ("total_replay_num",), "url": ("note_url",), "site": ("tieba_name",), "region": ("ip_location",),
        "author_id": ("user_id", "creator_hash", "user_link"),
    }),
    _shape("zhihu", "知乎", "contents", "content_id content_type content_text content_url created_time voteup_count comment_count", {
        "external_id": ("content_id",), "title": ("title",), "text": ("content_text", "desc"),
        "published_at": ("created_time",), "likes": ("voteup_count",), "comments": ("comment_count",),
        "url": ("content_url",), "author_id": ("user_id", "creator_hash", "user_url_token"),
    }),
    # comments
    _comments("weibo", "微博", "note_id", "create_time comment_like_count sub_comment_count",
              published_at=("create_time", "create_date_time"), likes=("comment_like_count",),
              comments=("sub_comment_count",)),
    _comments("xhs", "小红书", "note_id", "create_time sub_comment_count pictures",
              published_at=("create_time",), likes=("like_count",), comments=("sub_comment_count",)),
    _comments("douyin", "抖音", "aweme_id", "create_time sub_comment_count",
              published_at=("create_time",), likes=("like_count",), comments=("sub_comment_count",),
              author_id=("user_id", "sec_uid", "creator_hash")),
    _comments("bilibili", "哔哩哔哩", "video_id", "create_time sub_comment_count like_count parent_comment_id",
              published_at=("create_time",), likes=("like_count",), comments=("sub_comment_count",)),
    _comments("kuaishou", "快手", "video_id", "create_time sub_comment_count",
              published_at=("create_time",), comments=("sub_comment_count",)),
    _comments("tieba", "贴吧", "note_id", "publish_time tieba_name",
              published_at=("publish_time",), comments=("sub_comment_count",), site=("tieba_name",),
              author_id=("user_id", "creator_hash", "user_link")),
    _comments("zhihu", "知乎", "content_id", "publish_time content_type like_count",
              published_at=("publish_time",), likes=("like_count",), comments=("sub_comment_count",)),
    # creators
    _creators("weibo", "微博", "nickname desc follows fans tag_list", absent="interaction"),
    _creators("xhs", "小红书", "nickname desc follows fans interaction tag_list"),
    _creators("douyin", "抖音", "nickname desc follows fans interaction videos_count"),
    _creators("kuaishou", "快手", "nickname desc follows fans interaction", absent="tag_list videos_count"),
    _creators("bilibili", "哔哩哔哩", "nickname total_fans total_liked user_rank is_official"),
    _creators("tieba", "贴吧", "nickname follows fans registration_duration"),
    _creators("zhihu", "知乎", "follows fans anwser_count get_voteup_count",
              any_of=(*_ANY_ID_TOKEN, frozenset({"nickname", "user_nickname"})),
              author_id=("user_id", "creator_hash", "url_token")),
]
