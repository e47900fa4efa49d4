"""Generate the demo posts: deterministic from (seed, end), no database involved.

Background chatter about three fictional employers runs over the whole window; the designed
incidents of ``story.INCIDENTS`` add bursts with repost / reply chains on top. Engagement
(views → likes → comments / reposts) is lognormal, so a few posts carry most of the reach.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from .. import vocab
from .phrases import (
    CLOSERS, CORE, DEMANDS, EMPLOYERS, KOLS, NAME_CORE, NAME_PREFIX, NEG, NEGATIVE_OPENERS, NEU, NEWS,
    NEWS_OUTLETS, NEWS_TAILS, OPENERS, POS, REPLY_COMMENTS, REPOST_COMMENTS,
)
from .story import INCIDENTS, Incident

DAYS = 60  # two 30-day periods, so 态势总览 can compare with the period before
BACKGROUND_PER_DAY = 55

# (name, platform, kind, media_tier, authority, internal): the platforms, then fictional news outlets.
# Demo data arrives like an export (kind upload): nothing here is fetched by a scrape cycle.
SOURCES: list[tuple[str, str, str, int, float, bool]] = [
    ("微博", "微博", "upload", 4, 1.0, False),
    ("脉脉", "脉脉", "upload", 4, 1.0, False),
    ("知乎", "知乎", "upload", 4, 1.0, False),
    ("小红书", "小红书", "upload", 4, 1.0, False),
    ("内部论坛", "内部论坛", "upload", 4, 1.2, True),
] + [(name, "新闻网站", "upload", tier, {1: 3.0, 2: 2.0, 3: 1.5}[tier], False)
     for tier, names in NEWS_OUTLETS.items() for name in names]

PLATFORM_WEIGHTS = {"微博": 0.32, "脉脉": 0.17, "知乎": 0.13, "小红书": 0.13, "新闻网站": 0.07, "内部论坛": 0.18}
CATEGORY_WEIGHTS = {"薪酬福利": 0.15, "工时加班": 0.15, "裁员离职": 0.1, "骚扰歧视": 0.06, "管理作风": 0.1,
                    "安全健康": 0.07, "劳动合规": 0.08, "招聘求职": 0.1, "企业文化": 0.08, "其他": 0.11}
# Share of negative / neutral / positive by category in the background chatter.
SENTIMENT_MIX = {c: (0.5, 0.3, 0.2) for c in vocab.CATEGORIES}
SENTIMENT_MIX.update({"企业文化": (0.25, 0.35, 0.4), "招聘求职": (0.3, 0.45, 0.25), "其他": (0.2, 0.5, 0.3)})
HOUR_WEIGHTS = np.array([2, 1, 1, 1, 1, 1, 2, 4, 6, 8, 8, 7, 8, 7, 7, 7, 7, 8, 9, 10, 11, 11, 9, 5], float)
URL_SLUG = {"微博": "weibo", "脉脉": "maimai", "知乎": "zhihu", "小红书": "xhs", "新闻网站": "news", "内部论坛": "bbs"}
CHAINABLE = {"微博": 0.45, "脉脉": 0.3, "知乎": 0.35, "小红书": 0.2, "新闻网站": 0.0, "内部论坛": 0.4}


@dataclass
class _Author:
    name: str
    followers: int
    source: str


def _pick(rng: np.random.Generator, items: list, weights=None):
    if weights is None:
        return items[int(rng.integers(len(items)))]
    w = np.asarray(weights, float)
    return items[int(rng.choice(len(items), p=w / w.sum()))]


def _authors(rng: np.random.Generator) -> dict[str, list[_Author]]:
    """Per-platform author pools with lognormal follower counts; a few KOLs; news outlets."""
    pools: dict[str, list[_Author]] = {}
    sizes = {"微博": 420, "脉脉": 260, "知乎": 220, "小红书": 220, "内部论坛": 160}
    for platform, size in sizes.items():
        names: set[str] = set()
        pool = []
        while len(pool) < size:
            name = _pick(rng, NAME_PREFIX) + _pick(rng, NAME_CORE)
            if rng.random() < 0.6:
                name += str(int(rng.integers(10, 9999)))
            if platform == "内部论坛":
                name = f"工号{int(rng.integers(10000, 99999))}"
            if name in names:
                continue
            names.add(name)
            sigma, mu = (1.0, 3.5) if platform == "内部论坛" else (1.7, 5.5)
            pool.append(_Author(name, int(rng.lognormal(mu, sigma)), platform))
        pools[platform] = pool
    for kol in KOLS:
        platform = "知乎" if "法" in kol or "HR" in kol else "微博"
        pools[platform].append(_Author(kol, int(rng.integers(200_000, 3_000_000)), platform))
    pools["新闻网站"] = [
        _Author(name, int(rng.integers(1, 4) * 10 ** (7 - tier)), name)
        for tier, outlet_names in NEWS_OUTLETS.items() for name in outlet_names
    ]
    return pools


def _fill(rng: np.random.Generator, template: str, employer: str) -> str:
    info = EMPLOYERS[employer]
    return template.format(
        emp=employer, site=_pick(rng, info["sites"]), team=_pick(rng, info["teams"]),
        n=int(rng.integers(2, 7)), m=int(rng.integers(2, 12)),
    )


def _phone(rng: np.random.Generator) -> str:
    return "1" + _pick(rng, list("35789")) + "".join(str(d) for d in rng.integers(0, 10, 9))


def _resident_id(rng: np.random.Generator) -> str:
    """A fake 18-digit resident ID with a valid check digit (so masking must catch it)."""
    body = "3301" + f"{int(rng.integers(1, 99)):02d}" + f"19{int(rng.integers(70, 99))}"
    body += f"{int(rng.integers(1, 13)):02d}{int(rng.integers(1, 29)):02d}{int(rng.integers(100, 999))}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]
    return body + check


def _pii(rng: np.random.Generator) -> str:
    roll = rng.random()
    if roll < 0.55:
        return f"有同样情况的可以联系我{_phone(rng)}"
    if roll < 0.9:
        user = "".join(_pick(rng, list("abcdefghjkmnpqrstuvwxyz")) for _ in range(int(rng.integers(5, 9))))
        return f"材料发我邮箱{user}{int(rng.integers(1, 99))}@{_pick(rng, ['mail-demo.cn', 'example.com'])}"
    return f"仲裁材料上写的身份证号{_resident_id(rng)}，已经提交"


def _compose(rng, platform: str, core: str, category: str, sentiment: str, employer: str,
             demand_p: float) -> tuple[str, str | None]:
    """Full post text (and title for news / Q&A) around one core sentence."""
    if platform == "新闻网站":
        title = core
        body = f"{core}。{_pick(rng, NEWS_TAILS)}。"
        return body, title
    openers = OPENERS[platform] + (NEGATIVE_OPENERS if sentiment == NEG else [])
    text = _fill(rng, _pick(rng, openers), employer) + core
    if sentiment == NEG and rng.random() < demand_p:
        text += "，" + _pick(rng, DEMANDS[category])
    if not text.endswith(("？", "！", "。")):
        text += "。"
    text += _pick(rng, CLOSERS[sentiment])
    if platform != "内部论坛" and rng.random() < 0.05:
        text += _pii(rng)
    title = core[:24] + "？" if platform == "知乎" and rng.random() < 0.5 else None
    return text, title


def _engagement(rng, followers: int, boost: float, platform: str) -> tuple[int, int, int, int]:
    views = int((max(followers, 50) * rng.lognormal(-0.8, 1.3) + rng.integers(5, 300)) * boost)
    likes = int(views * rng.beta(1.2, 40))
    comments = int(likes * rng.lognormal(-1.6, 0.9))
    share_scale = {"微博": -1.0, "新闻网站": -1.5}.get(platform, -2.5)
    reposts = int(likes * rng.lognormal(share_scale, 1.1))
    return views, likes, comments, reposts


def _sentiment(rng, mix: tuple[float, float, float]) -> str:
    return _pick(rng, [NEG, NEU, POS], mix)


def _core(rng, category: str, sentiment: str, employer: str, platform: str) -> tuple[str, str]:
    if platform == "新闻网站":
        return _fill(rng, _pick(rng, NEWS[category]), employer), "中性"
    template, emotion = _pick(rng, CORE[category][sentiment])
    return _fill(rng, template, employer), emotion


def _background(rng, start: datetime, pools) -> list[dict]:
    rows = []
    platforms, pw = list(PLATFORM_WEIGHTS), list(PLATFORM_WEIGHTS.values())
    categories, cw = list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values())
    employers = list(EMPLOYERS)
    for day in range(DAYS):
        weekday = (start + timedelta(days=day)).weekday()
        count = int(rng.poisson(BACKGROUND_PER_DAY * (0.75 if weekday >= 5 else 1.08)))
        for _ in range(count):
            platform = _pick(rng, platforms, pw)
            category = _pick(rng, categories, cw)
            employer = _pick(rng, employers, [0.4, 0.33, 0.27])
            sentiment = NEU if platform == "新闻网站" else _sentiment(rng, SENTIMENT_MIX[category])
            hour = int(rng.choice(24, p=HOUR_WEIGHTS / HOUR_WEIGHTS.sum()))
            at = start + timedelta(days=day, hours=hour, seconds=int(rng.integers(0, 3600)))
            rows.append(_row(rng, pools, platform, employer, category, sentiment, at, None, 1.0, 0.15))
    return rows


def _row(rng, pools, platform, employer, category, sentiment, at, incident: Incident | None, boost, demand_p,
         texts: list[tuple[str, str, str]] | None = None) -> dict:
    specific = [t for t in (texts or []) if t[1] == sentiment]
    if specific and rng.random() < 0.65:
        core, _, emotion = _pick(rng, specific)
    else:
        core, emotion = _core(rng, category, sentiment, employer, platform)
    if sentiment == NEU and platform != "新闻网站" and rng.random() < 0.1:
        emotion = "惊讶"
    text, title = _compose(rng, platform, core, category, sentiment, employer, demand_p)
    author = _pick(rng, pools[platform])
    # big accounts pick up only the loud incidents
    if platform in ("微博", "知乎") and incident is not None and incident.reach >= 1 and rng.random() < 0.05:
        kols = [a for a in pools[platform] if a.name in KOLS]
        author = _pick(rng, kols) if kols else author
    views, likes, comments, reposts = _engagement(rng, author.followers, boost, platform)
    return {
        "platform": platform, "source": author.source, "author": author.name, "author_followers": author.followers,
        "published_at": at, "title": title, "text": text, "employer": employer,
        "views": views, "likes": likes, "comments": comments, "reposts": reposts,
        "category": category, "sentiment": sentiment, "emotion": emotion,
        "incident_key": incident.key if incident else None,
    }


def _incident_rows(rng, inc: Incident, end: datetime, pools) -> list[dict]:
    first = end - inc.start_before_end
    platforms, pw = list(inc.platforms), list(inc.platforms.values())
    rows = []
    for i in range(inc.posts):
        if i == 0:
            delay = 0.0
            platform = platforms[int(np.argmax(pw))]
        else:
            scale = inc.spread_hours * (6 if rng.random() < 0.15 else 1)
            delay = float(rng.exponential(scale))
            platform = _pick(rng, platforms, pw)
        at = first + timedelta(hours=delay)
        if at >= end:
            at = end - timedelta(minutes=int(rng.integers(1, 180)))
        if platform == "新闻网站":
            sentiment = NEU
        elif rng.random() < inc.negative_share:
            sentiment = NEG
        else:
            sentiment = _pick(rng, [NEU, POS], [0.65, 0.35])
        category = inc.category if rng.random() < 0.92 else _pick(rng, list(CATEGORY_WEIGHTS))
        # Early posts of a burst get more attention than late ones.
        boost = (3.0 if delay < max(inc.spread_hours, 6) else 1.2) * inc.reach
        rows.append(_row(rng, pools, platform, inc.employer, category, sentiment, at, inc, boost, 0.35,
                         inc.texts if category == inc.category else None))
    return rows


def _chain(rng, rows: list[dict]) -> None:
    """Turn some posts into reposts / replies of earlier posts of the same thread and platform.

    Parents are chosen in proportion to reach (followers), so big accounts become key nodes.
    """
    threads: dict[tuple, list[dict]] = {}
    for row in rows:  # rows are in time order
        key = (row["platform"], row["incident_key"] or f"{row['employer']}/{row['category']}")
        earlier = threads.setdefault(key, [])
        window = earlier[-60:]
        p = CHAINABLE[row["platform"]] * (1.0 if row["incident_key"] else 0.35)
        if window and rng.random() < p:
            weights = np.array([(r["author_followers"] + 200) ** 0.6 for r in window])
            parent = window[int(rng.choice(len(window), p=weights / weights.sum()))]
            row["parent_external_id"] = parent["external_id"]
            row["parent_author"] = parent["author"]
            if row["platform"] == "微博":
                row["text"] = f"{_pick(rng, REPOST_COMMENTS)}//@{parent['author']}：{parent['text']}"
                row["title"] = None
                for k in ("category", "sentiment", "emotion", "employer"):
                    row[k] = parent[k]
                parent["reposts"] += 1
            else:
                row["text"] = f"回复@{parent['author']}：{_pick(rng, REPLY_COMMENTS)}。{row['text']}"
                row["title"] = None
                parent["comments"] += 1
        earlier.append(row)


def _external_id(platform: str, n: int) -> str:
    if platform == "微博":
        return f"49{n * 7919 + 1_000_000_000_000:014d}"  # 16 digits: must never become a float
    return f"{URL_SLUG[platform]}-{n:07d}"


def generate(seed: int, end: datetime) -> pd.DataFrame:
    """All demo posts with their ground-truth labels, in time order (no ids, masking or hashes yet)."""
    rng = np.random.default_rng(seed)
    pools = _authors(rng)
    start = (end - timedelta(days=DAYS)).replace(hour=0, minute=0, second=0, microsecond=0)
    rows = _background(rng, start, pools)
    for inc in INCIDENTS:
        rows += _incident_rows(rng, inc, end, pools)
    rows = [r for r in rows if start <= r["published_at"] < end]
    rows.sort(key=lambda r: (r["published_at"], r["author"]))
    for n, row in enumerate(rows, start=1):
        row["external_id"] = _external_id(row["platform"], n)
        row["parent_external_id"] = row["parent_author"] = None
    _chain(rng, rows)
    df = pd.DataFrame(rows)
    df["url"] = [f"https://demo.invalid/{URL_SLUG[p]}/{e}" for p, e in zip(df["platform"], df["external_id"])]
    lag = rng.integers(2, 90, len(df))
    df["collected_at"] = [min(t + timedelta(minutes=int(m)), end) for t, m in zip(df["published_at"], lag)]
    return df
