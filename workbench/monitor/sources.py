"""Scraped sources in the store: the audited editor write, and the health each run records."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

import duckdb
import httpx

from .. import access, audit, db, vocab

SOURCE_KINDS = {"rss": "RSS / Atom 订阅", "web": "网页 / 列表页"}
MAX_FOLLOW_LINKS = 50  # a list page never fans out into more article fetches than this per run


def _check_url(url: str) -> str:
    url = (url or "").strip()
    try:
        parsed = httpx.URL(url)
    except Exception:
        raise ValueError(f"网址格式不正确：{url}") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ValueError(f"网址必须以 http:// 或 https:// 开头并包含主机名：{url}")
    return url


def save_source(
    con: duckdb.DuckDBPyConnection,
    *,
    name: str,
    kind: str,
    url: str,
    media_tier: int = 4,
    internal: bool = False,
    active: bool = True,
    platform: str = "新闻网站",
    follow_links: int = 0,
    actor: str,
    source_id: int | None = None,
) -> int:
    """Create (``source_id`` None) or update an rss/web source, audited; returns its id.

    ``internal`` allows private / loopback addresses (an intranet forum); ``follow_links`` > 0
    makes a web source a list page whose same-host article links are followed (at most that
    many new ones per run, capped at ``MAX_FOLLOW_LINKS``). Raises ``ValueError`` (Chinese).
    """
    access.require(actor, "configure")
    name = (name or "").strip()
    if not name:
        raise ValueError("请填写采集源名称")
    if kind not in SOURCE_KINDS:
        raise ValueError(f"采集源类型应为 {' / '.join(SOURCE_KINDS)} 之一：{kind}")
    url = _check_url(url)
    if int(media_tier) not in vocab.MEDIA_TIERS:
        raise ValueError(f"媒体级别应为 1–4：{media_tier}")
    if platform not in vocab.PLATFORMS:
        raise ValueError(f"平台应为 {'、'.join(vocab.PLATFORMS)} 之一：{platform}")
    follow_links = int(follow_links or 0)
    if not 0 <= follow_links <= MAX_FOLLOW_LINKS:
        raise ValueError(f"跟随链接数应在 0–{MAX_FOLLOW_LINKS} 之间：{follow_links}")
    if kind == "rss":
        follow_links = 0
    same_name = db.query("source_named", con, source_name=name)["id"].tolist()
    if same_name and (source_id is None or int(same_name[0]) != int(source_id)):
        raise ValueError(f"已有同名采集源：{name}")
    values = {
        "name": name, "kind": kind, "url": url, "media_tier": int(media_tier), "internal": bool(internal),
        "active": bool(active), "platform": platform, "follow_links": follow_links,
    }
    select = (
        "SELECT id, name, kind, url, media_tier, internal, active, platform, follow_links FROM sources WHERE id = ?"
    )
    with db.transaction(con) as cur:
        if source_id is None:
            before = None
            source_id = cur.execute(
                "INSERT INTO sources (name, kind, url, media_tier, internal, active, platform, follow_links) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                list(values.values()),
            ).fetchone()[0]
        else:
            before = audit.row_dict(cur, select, [int(source_id)])
            if before is None:
                raise ValueError(f"采集源 {source_id} 不存在")
            # a new URL starts from scratch: the old validators belong to the old resource
            reset = before["url"] != url
            cur.execute(
                "UPDATE sources SET name = ?, kind = ?, url = ?, media_tier = ?, internal = ?, active = ?, "
                "platform = ?, follow_links = ?, "
                "etag = CASE WHEN ? THEN NULL ELSE etag END, last_modified = CASE WHEN ? THEN NULL ELSE last_modified END "
                "WHERE id = ?",
                [*values.values(), reset, reset, int(source_id)],
            )
        after = audit.row_dict(cur, select, [int(source_id)])
        audit.record(cur, actor, "create" if before is None else "update", "sources", source_id, before, after)
    return int(source_id)


@dataclass
class SourceOutcome:
    """What one source did in one cycle (one ``scrape_runs`` row)."""

    source_id: int | None
    name: str
    url: str
    started_at: datetime
    status: str = "failed"  # ok | not_modified | failed
    http_status: int | None = None
    pages_fetched: int = 0
    items_fetched: int = 0
    items_kept: int = 0
    inserted: int = 0
    duplicates: int = 0
    rejected: int = 0
    batch_id: int | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    inserted_ids: list[int] = field(default_factory=list)
    etag: str | None = None
    last_modified: str | None = None

    @property
    def ok(self) -> bool:
        return self.status != "failed"


def record_outcome(con: duckdb.DuckDBPyConnection, cycle_id: int | None, out: SourceOutcome) -> None:
    """Write the run row and the source's health (and, on success, its ETag / Last-Modified)."""
    with db.transaction(con) as cur:
        cur.execute(
            "INSERT INTO scrape_runs (cycle_id, source_id, url, started_at, status, http_status, pages_fetched, "
            "items_fetched, items_kept, inserted, duplicates, rejected, batch_id, error, warnings) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                cycle_id, out.source_id, out.url, out.started_at, out.status, out.http_status, out.pages_fetched,
                out.items_fetched, out.items_kept, out.inserted, out.duplicates, out.rejected, out.batch_id,
                out.error, json.dumps(out.warnings, ensure_ascii=False) if out.warnings else None,
            ],
        )
        if out.source_id is None:
            return
        if out.ok:
            cur.execute(
                "UPDATE sources SET last_fetched_at = now(), last_success_at = now(), items_fetched = ?, "
                "items_kept = ?, consecutive_failures = 0, etag = coalesce(?, etag), "
                "last_modified = coalesce(?, last_modified) WHERE id = ?",
                [out.items_fetched, out.items_kept, out.etag, out.last_modified, out.source_id],
            )
        else:
            cur.execute(
                "UPDATE sources SET last_fetched_at = now(), last_error = ?, last_error_at = now(), "
                "items_fetched = ?, items_kept = ?, consecutive_failures = coalesce(consecutive_failures, 0) + 1 "
                "WHERE id = ?",
                [out.error, out.items_fetched, out.items_kept, out.source_id],
            )
