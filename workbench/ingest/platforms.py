"""Which platform a record came from: names and aliases, link domains, crawler folder layouts.

A platform is never guessed: it comes from a platform column, a recognised export shape, the
crawler's folder (``data/weibo/csv/…``), the person who uploads, or the domain of the record's
own link. ``resolve_platforms`` applies that order to a whole frame at once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

import pandas as pd

UNKNOWN_PLATFORM = "未知"

# Platforms an uploader may pick (the shared vocabulary plus the crawlers' video and forum sites).
UPLOAD_PLATFORMS = ("微博", "小红书", "抖音", "快手", "哔哩哔哩", "知乎", "贴吧", "微信", "今日头条", "脉脉",
                    "新闻网站", "内部论坛")

# Lower-cased names, crawler folder names and hot-list ids → the platform's Chinese name.
PLATFORM_NAMES = {
    "weibo": "微博", "wb": "微博", "新浪微博": "微博", "微博": "微博", "微博热搜": "微博",
    "xhs": "小红书", "xiaohongshu": "小红书", "redbook": "小红书", "小红书": "小红书",
    "douyin": "抖音", "dy": "抖音", "抖音": "抖音",
    "kuaishou": "快手", "ks": "快手", "快手": "快手",
    "bilibili": "哔哩哔哩", "bili": "哔哩哔哩", "bilibili-hot-search": "哔哩哔哩", "b站": "哔哩哔哩",
    "哔哩哔哩": "哔哩哔哩", "bilibili 热搜": "哔哩哔哩",
    "tieba": "贴吧", "贴吧": "贴吧", "百度贴吧": "贴吧",
    "zhihu": "知乎", "知乎": "知乎",
    "weixin": "微信", "wechat": "微信", "微信": "微信", "微信公众号": "微信", "公众号": "微信",
    "toutiao": "今日头条", "今日头条": "今日头条", "头条": "今日头条",
    "maimai": "脉脉", "脉脉": "脉脉",
    "news": "新闻网站", "新闻": "新闻网站", "新闻网站": "新闻网站", "网媒": "新闻网站", "网站": "新闻网站",
    "bbs": "内部论坛", "forum": "内部论坛", "内部论坛": "内部论坛", "论坛": "内部论坛",
}

# Link domains that name their platform (a suffix match: m.weibo.cn is weibo.cn).
_DOMAINS = {
    "weibo.com": "微博", "weibo.cn": "微博", "t.cn": "微博",
    "xiaohongshu.com": "小红书", "xhslink.com": "小红书",
    "douyin.com": "抖音", "iesdouyin.com": "抖音",
    "kuaishou.com": "快手", "gifshow.com": "快手",
    "bilibili.com": "哔哩哔哩", "b23.tv": "哔哩哔哩",
    "tieba.baidu.com": "贴吧",
    "zhihu.com": "知乎",
    "mp.weixin.qq.com": "微信",
    "toutiao.com": "今日头条",
    "maimai.cn": "脉脉",
}
_HOST = r"^\s*(?:https?:)?//(?:[^/@\s]*@)?([^/:?#\s]+)"

# MediaCrawler: data/{platform}/{csv|json|jsonl}/{crawler type}_{contents|comments|creators}_{date}.ext,
# and its workbooks data/{platform}/{platform}_{crawler type}_{timestamp}.xlsx.
_ITEM = re.compile(r"(?:^|_)(contents|comments|creators)_\d{4}-?\d{2}-?\d{2}", re.I)
_FORMAT_DIRS = {"csv", "json", "jsonl", "xlsx", "excel"}


def canonical_platform(name: str | None) -> str | None:
    """``weibo`` / ``新浪微博`` → ``微博``; unknown names are kept as written; empty → None."""
    if name is None:
        return None
    key = str(name).strip()
    if not key:
        return None
    return PLATFORM_NAMES.get(key.lower(), key)


def known_platform(name: str | None) -> str | None:
    """The platform a name stands for, or None when the name is not a platform (a newspaper)."""
    if name is None:
        return None
    return PLATFORM_NAMES.get(str(name).strip().lower())


def platform_of_host(host: str) -> str | None:
    """``m.weibo.cn`` → ``微博``; None for hosts that name no platform."""
    host = host.lower().rstrip(".")
    for domain, platform in _DOMAINS.items():
        if host == domain or host.endswith("." + domain):
            return platform
    return None


def platforms_of_urls(urls: pd.Series) -> pd.Series:
    """The platform each link's domain names (None where it names none), vectorised."""
    hosts = urls.astype("str").str.extract(_HOST, expand=False)
    known = {h: platform_of_host(h) for h in hosts.dropna().unique()}
    return hosts.map(known).where(hosts.notna(), None)


def crawler_layout(path: str | None) -> tuple[str | None, str | None]:
    """``(platform, item)`` a MediaCrawler output path tells; item is contents | comments | creators.

    Either may be None. Only the crawler's own layout counts: a folder named ``weibo`` elsewhere
    says nothing.
    """
    if not path:
        return None, None
    p = PurePath(str(path).replace("\\", "/"))
    item_match = _ITEM.search(p.stem)
    item = item_match.group(1).lower() if item_match else None
    parts = [s.lower() for s in p.parts[:-1]]
    platform = None
    if len(parts) >= 2 and parts[-1] in _FORMAT_DIRS and item:
        platform = known_platform(parts[-2])
    elif parts and p.suffix.lower() == ".xlsx" and p.stem.lower().startswith(parts[-1] + "_"):
        platform = known_platform(parts[-1])
    return platform, item


@dataclass(frozen=True)
class PlatformRule:
    """Where a file's rows get their platform when they do not name it themselves:
    ``file_platform`` (the export's shape or folder), ``default`` (the uploader's choice), the
    domain of each row's link, ``fallback`` (a shape's own default)."""

    file_platform: str | None = None
    default: str | None = None
    fallback: str | None = None

    def resolve(self, rows: pd.DataFrame) -> pd.Series:
        return resolve_platforms(rows, file_platform=self.file_platform, default=self.default, fallback=self.fallback)


def resolve_platforms(
    rows: pd.DataFrame,
    *,
    file_platform: str | None = None,
    default: str | None = None,
    fallback: str | None = None,
) -> pd.Series:
    """Each row's platform, first found of: its platform column; its site column when that names a
    platform; ``file_platform``; ``default``; the domain of its link; ``fallback``; else 未知."""
    out = pd.Series(None, index=rows.index, dtype="object")

    def fill(values: pd.Series | str | None) -> None:
        nonlocal out
        if values is not None:
            out = out.where(out.notna(), values)

    def missing() -> bool:  # later sources are only worked out for rows still without a platform
        return bool(out.isna().any())

    def text(name: str) -> pd.Series:
        return rows[name].astype(object).where(rows[name].notna(), "").astype("str")

    if "platform" in rows:
        col = text("platform")
        fill(col.map({v: canonical_platform(v) for v in col.unique()}))
    if "site" in rows:
        col = text("site")
        fill(col.map({v: known_platform(v) for v in col.unique()}))
    fill(canonical_platform(file_platform))
    fill(canonical_platform(default))
    if "url" in rows and missing():
        fill(platforms_of_urls(text("url")))
    fill(canonical_platform(fallback))
    return out.fillna(UNKNOWN_PLATFORM).astype("str")
