"""From fetched bytes to canonical post records: RSS / Atom feeds, article pages, list pages.

Records carry the pipeline's canonical columns (``RECORD_COLUMNS``). A feed entry's id is its
``<guid>`` / ``<id>`` (else its link); a page's id is its final URL. Times are ISO strings with a
zone (feeds give UTC), so the pipeline reads them without guessing.

List pages (web sources with ``follow_links`` > 0): the page itself is not a post; its links to
the same host (http/https, not the page itself, not files such as images or PDFs, not already
stored) are fetched in page order, at most ``follow_links`` per run, and each is extracted as
an article. A failing article is a warning on the run, not a failure of the source.
"""
from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable, Iterable
from urllib.parse import urldefrag, urljoin, urlsplit

import pandas as pd

from .fetch import FetchError, FetchResult, Fetcher

RECORD_COLUMNS = [
    "platform", "external_id", "url", "title", "text", "author", "published_at",
    "reposts", "comments", "likes", "views", "parent_external_id",
]
_FILE_SUFFIX = re.compile(r"\.(jpe?g|png|gif|webp|svg|ico|css|js|pdf|zip|rar|7z|gz|docx?|xlsx?|pptx?|mp[34]|avi|mov|xml|rss|json)$", re.I)
_SPACES = re.compile(r"[ \t\r\f\v]+")
_LINES = re.compile(r"\n\s*\n+")


class ScrapeError(Exception):
    """Content that was fetched but cannot be read as the source's kind (Chinese message)."""


def html_to_text(fragment: str | None) -> str:
    """Plain text of an HTML fragment (feed summaries carry markup), whitespace tidied."""
    if not fragment:
        return ""
    if "<" not in fragment and "&" not in fragment:
        text = fragment
    else:
        import lxml.html

        try:
            root = lxml.html.fromstring(f"<div>{fragment}</div>")
        except Exception:  # lxml raises several types on garbage; the raw text is better than nothing
            return fragment.strip()
        for bad in root.xpath("//script|//style"):
            bad.drop_tree()
        for br in root.xpath("//br|//p|//div|//li"):
            br.tail = "\n" + (br.tail or "")
        text = root.text_content()
    text = _SPACES.sub(" ", text)
    return _LINES.sub("\n", text).strip()


def _record(platform: str, external_id: str, url: str | None, title: str, text: str,
            author: str | None, published_at: str | None) -> dict:
    return {
        "platform": platform, "external_id": external_id, "url": url, "title": title or None,
        "text": text, "author": author or None, "published_at": published_at,
        "reposts": 0, "comments": 0, "likes": 0, "views": 0, "parent_external_id": None,
    }


def looks_like_feed(result: FetchResult) -> bool:
    """Whether a fetched body is RSS / Atom rather than HTML (for ``scrape --url``)."""
    ctype = result.content_type.lower()
    if any(t in ctype for t in ("rss", "atom", "xml")) and "html" not in ctype:
        return True
    head = result.content[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf"))


def feed_records(result: FetchResult, platform: str) -> list[dict]:
    """The entries of an RSS / Atom body as records; ``ScrapeError`` when it is not a feed."""
    import feedparser

    # no content-location: feedparser would rewrite a plain <guid> into a URL; links are
    # resolved against the feed's URL below instead
    parsed = feedparser.parse(result.content, response_headers={"content-type": result.content_type or "application/xml"})
    if not parsed.entries and (parsed.bozo or not parsed.version):
        reason = getattr(parsed, "bozo_exception", None)
        raise ScrapeError(f"不是有效的 RSS / Atom 订阅（{reason or '没有条目'}）")
    records = []
    for entry in parsed.entries:
        link = urljoin(result.final_url, entry["link"]) if entry.get("link") else None
        if link and urlsplit(link).scheme not in ("http", "https"):
            link = None  # feedparser offers a non-web <id> (urn:…) as the link when there is none
        title = html_to_text(entry.get("title"))
        body = entry.get("content", [{}])[0].get("value") if entry.get("content") else None
        text = html_to_text(body or entry.get("summary") or entry.get("description")) or title
        if not text:
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = (
            datetime.fromtimestamp(calendar.timegm(stamp), timezone.utc).isoformat() if stamp else None
        )
        external_id = entry.get("id") or link or f"{title}|{published}"
        records.append(_record(platform, external_id, link, title, text, entry.get("author"), published))
    return records


def _meta(html: str, *names: str) -> str | None:
    for name in names:
        m = re.search(
            rf"""<meta[^>]+(?:name|property)\s*=\s*["']{re.escape(name)}["'][^>]*content\s*=\s*["']([^"']+)["']""",
            html, re.I,
        ) or re.search(
            rf"""<meta[^>]+content\s*=\s*["']([^"']+)["'][^>]*(?:name|property)\s*=\s*["']{re.escape(name)}["']""",
            html, re.I,
        )
        if m:
            return m.group(1).strip()
    return None


def page_record(html: str, url: str, platform: str) -> dict:
    """The article on a web page as one record (trafilatura extraction with its metadata);
    ``ScrapeError`` when the page has no extractable text."""
    import trafilatura

    extracted = trafilatura.extract(html, url=url, output_format="json", with_metadata=True, include_comments=False)
    data = json.loads(extracted) if extracted else {}
    text = (data.get("text") or "").strip()
    if not text:
        raise ScrapeError(f"页面中没有提取到正文：{url}")
    # the article's own timestamp (with time and zone) beats trafilatura's day-only date
    published = _meta(html, "article:published_time", "pubdate", "publishdate", "og:published_time") or data.get("date")
    author = data.get("author") or _meta(html, "author", "article:author")
    return _record(platform, url, url, data.get("title") or "", text, author, published)


def article_links(html: str, base_url: str) -> list[str]:
    """Same-host article links of a list page, in page order, without duplicates."""
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except Exception:
        return []
    base = urlsplit(base_url)
    seen: dict[str, None] = {}
    for href in root.xpath("//a/@href"):
        link, _ = urldefrag(urljoin(base_url, str(href).strip()))
        parts = urlsplit(link)
        if parts.scheme not in ("http", "https") or parts.netloc.lower() != base.netloc.lower():
            continue
        if link.rstrip("/") == base_url.rstrip("/") or parts.path in ("", "/") or _FILE_SUFFIX.search(parts.path):
            continue
        seen.setdefault(link)
    return list(seen)


@dataclass
class Scraped:
    """What fetching one source produced."""

    kind: str = "web"  # rss | web: what the source turned out to be
    records: list[dict] = field(default_factory=list)
    not_modified: bool = False
    http_status: int | None = None
    pages_fetched: int = 0
    etag: str | None = None
    last_modified: str | None = None
    warnings: list[str] = field(default_factory=list)

    def frame(self) -> pd.DataFrame:
        """The records as a DataFrame with exactly the canonical columns."""
        return pd.DataFrame(self.records, columns=RECORD_COLUMNS)


def scrape(
    fetcher: Fetcher,
    url: str,
    *,
    kind: str | None,
    platform: str = "新闻网站",
    internal: bool = False,
    follow_links: int = 0,
    etag: str | None = None,
    last_modified: str | None = None,
    known_urls: Callable[[Iterable[str]], set[str]] = lambda urls: set(),
) -> Scraped:
    """Fetch one source and turn it into records. ``kind`` 'rss' | 'web' | None (detect from
    the body). ``known_urls(urls)`` says which article links are already stored. Raises
    ``FetchError`` / ``ScrapeError`` when the source itself fails."""
    res = fetcher.fetch(url, internal=internal, etag=etag, last_modified=last_modified)
    out = Scraped(http_status=res.status, pages_fetched=1, etag=res.etag, last_modified=res.last_modified)
    if res.not_modified:
        out.not_modified = True
        return out
    if kind is None:
        kind = "rss" if looks_like_feed(res) else "web"
    out.kind = kind
    if kind == "rss":
        out.records = feed_records(res, platform)
        return out
    html = res.text
    if follow_links <= 0:
        out.records = [page_record(html, res.final_url, platform)]
        return out
    links = article_links(html, res.final_url)
    known = known_urls(links)
    for link in [l for l in links if l not in known][:follow_links]:
        try:
            page = fetcher.fetch(link, internal=internal)
            out.pages_fetched += 1
            out.records.append(page_record(page.text, page.final_url, platform))
        except (FetchError, ScrapeError) as e:
            out.warnings.append(str(e))
    return out
