"""One monitor cycle, and the loop that repeats it.

A cycle: fetch each source (``scrape``), keep the items that match the active scrape rules
(all of them when there is none), ingest them through the ingest pipeline, tag the new posts
with the rules, analyse them (``workbench.nlp.store.analyze_posts``) and run the incidents cycle
(``workbench.incidents.cycle.run``: clustering, scoring, alerts). Every source's outcome goes to
``scrape_runs`` and the source's health columns; the cycle's totals to ``scrape_cycles``. A
failing source is recorded and the others carry on; a failing analysis or incidents step is
recorded on the cycle and the posts stay ingested (the next analysis picks them up).

``write_lock`` (the app's scheduler passes its process-wide writer lock) is held around each
writing step only, never while fetching, so a page's write waits at most for one step.
"""
from __future__ import annotations

import contextlib
import json
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, ContextManager, Sequence

import duckdb
import pandas as pd

from .. import access, audit, db
from .fetch import FetchError, Fetcher
from .rule_store import active_rules, keep_mask, tag_posts
from .scrape import ScrapeError, scrape
from .sources import SourceOutcome, record_outcome

_DURATION = re.compile(r"^\s*(\d+)\s*(s|m|h|d|秒|分钟?|小时|天)\s*$", re.I)
_UNITS = {"s": 1, "秒": 1, "m": 60, "分": 60, "分钟": 60, "h": 3600, "小时": 3600, "d": 86400, "天": 86400}


def parse_duration(text: str) -> timedelta:
    """``30s`` / ``15m`` / ``1h`` / ``1d`` (also 30秒 / 15分钟 / 1小时 / 1天) as a timedelta."""
    m = _DURATION.match(text or "")
    if not m or int(m.group(1)) <= 0:
        raise ValueError(f"时长格式应为正整数加单位，例如 30s、15m、1h、1d：{text!r}")
    return timedelta(seconds=int(m.group(1)) * _UNITS[m.group(2).lower()])


@dataclass
class CycleResult:
    """What one cycle did."""

    cycle_id: int
    outcomes: list[SourceOutcome] = field(default_factory=list)
    tagged: int = 0
    analyzed: int = 0
    incidents: Any = None
    errors: list[str] = field(default_factory=list)

    @property
    def inserted_ids(self) -> list[int]:
        return [i for o in self.outcomes for i in o.inserted_ids]

    @property
    def failed(self) -> list[SourceOutcome]:
        return [o for o in self.outcomes if not o.ok]

    def summary(self) -> dict[str, Any]:
        """Plain numbers for printing / JSON."""
        return {
            "cycle_id": self.cycle_id,
            "sources": len(self.outcomes),
            "failed": len(self.failed),
            "items_fetched": sum(o.items_fetched for o in self.outcomes),
            "items_kept": sum(o.items_kept for o in self.outcomes),
            "inserted": len(self.inserted_ids),
            "tagged": self.tagged,
            "analyzed": self.analyzed,
            "errors": self.errors,
            "runs": [
                {
                    "source_id": o.source_id, "name": o.name, "url": o.url, "status": o.status,
                    "items_fetched": o.items_fetched, "items_kept": o.items_kept, "inserted": o.inserted,
                    "duplicates": o.duplicates, "rejected": o.rejected, "error": o.error, "warnings": o.warnings,
                }
                for o in self.outcomes
            ],
        }


def _ingest(con, frame: pd.DataFrame, *, kind: str, origin: str, source_id: int | None, platform: str, actor: str):
    from ..ingest.pipeline import ingest_records  # the ingest area's pipeline: dedup, masking, batch

    return ingest_records(con, frame, kind=kind, origin=origin, source_id=source_id, platform=platform, actor=actor)


def _analyze(con: duckdb.DuckDBPyConnection, post_ids: list[int] | None) -> int:
    from ..nlp.store import analyze_posts  # the analysis area's store writer

    return analyze_posts(con, post_ids)


def _incidents(con: duckdb.DuckDBPyConnection, now: datetime | None) -> Any:
    from ..incidents.cycle import run  # clustering, scoring and alerts of the incidents area

    return run(con, now=now)


def _known_urls(con: duckdb.DuckDBPyConnection) -> Callable:
    return lambda urls: set(db.query("scrape_known_urls", con, urls=list(urls))["url"].tolist()) if urls else set()


def _run_source(con, fetcher: Fetcher, source: dict, rules, actor: str, writing: ContextManager) -> SourceOutcome:
    out = SourceOutcome(source.get("id"), source.get("name") or source["url"], source["url"], datetime.now(timezone.utc))
    try:
        got = scrape(
            fetcher, source["url"], kind=source.get("kind"), platform=source.get("platform") or "新闻网站",
            internal=bool(source.get("internal")), follow_links=int(source.get("follow_links") or 0),
            etag=source.get("etag"), last_modified=source.get("last_modified"), known_urls=_known_urls(con),
        )
        out.http_status, out.pages_fetched, out.warnings = got.http_status, got.pages_fetched, got.warnings
        if got.not_modified:
            out.status = "not_modified"
            return out
        frame = got.frame()
        out.items_fetched = len(frame)
        keep = keep_mask(rules, (frame["title"].fillna("").astype(str) + "\n" + frame["text"].astype(str)).tolist())
        frame = frame.loc[keep].reset_index(drop=True)
        out.items_kept = len(frame)
        if len(frame):
            with writing:
                result = _ingest(
                    con, frame, kind=got.kind,
                    origin=source["url"], source_id=out.source_id, platform=source.get("platform") or "新闻网站",
                    actor=actor,
                )
            out.inserted_ids = [int(i) for i in result.inserted_ids]
            out.inserted, out.duplicates, out.rejected = int(result.inserted), int(result.duplicates), int(result.rejected)
            out.batch_id = getattr(result, "batch_id", None)
        out.status = "ok"
        out.etag, out.last_modified = got.etag, got.last_modified
    except (FetchError, ScrapeError) as e:
        out.error = str(e)
        out.http_status = getattr(e, "status", None) or out.http_status
    except Exception as e:  # a bug or a store error in one source must not stop the others
        out.error = f"{type(e).__name__}: {e}"
    return out


def _step(errors: list[str], label: str, func: Callable[[], Any]) -> Any:
    try:
        return func()
    except Exception as e:
        errors.append(f"{label}失败：{type(e).__name__}: {e}")
        return None


def run_cycle(
    con: duckdb.DuckDBPyConnection,
    *,
    source_ids: Sequence[int] | None = None,
    url: str | None = None,
    internal: bool = False,
    fetcher: Fetcher | None = None,
    trigger: str = "monitor",
    actor: str = "monitor",
    analyze: bool = True,
    incidents: bool = True,
    now: datetime | None = None,
    write_lock: ContextManager | None = None,
    progress: Callable[[str, float], None] | None = None,
) -> CycleResult:
    """Run one cycle over the active rss/web sources (or exactly ``source_ids``, or the one-off
    ``url``, which reuses a configured source with that URL when there is one) and return what
    happened. ``fetcher`` defaults to a polite ``Fetcher()``; ``now`` goes to the incidents cycle;
    ``write_lock`` is held around each writing step; ``progress(step, done_share)`` hears of each
    source and step as it starts (a page's progress bar).
    """
    tell = progress or (lambda step, share: None)
    writing = write_lock if write_lock is not None else contextlib.nullcontext()
    with writing:
        cycle_id = con.cursor().execute(
            "INSERT INTO scrape_cycles (trigger, actor) VALUES (?, ?) RETURNING id", [trigger, actor]
        ).fetchone()[0]
    result = CycleResult(int(cycle_id))
    own_fetcher = fetcher is None
    fetcher = fetcher or Fetcher()
    try:
        if url is not None:
            known = db.query("source_by_url", con, url=url)["id"].tolist()
            sources = (
                db.query("source_fetchable", con, ids=known).to_dict("records")
                if known
                else [{"id": None, "name": url, "kind": None, "url": url, "internal": internal}]
            )
        else:
            ids = None if source_ids is None else [int(i) for i in source_ids]
            sources = db.query("source_fetchable", con, ids=ids).to_dict("records")
        rules = active_rules(con, "scrape")
        for n, source in enumerate(sources):
            source = {k: (None if isinstance(v, float) and pd.isna(v) else v) for k, v in source.items()}
            tell(f"采集 {source['name']}（{n + 1} / {len(sources)}）", 0.7 * n / max(len(sources), 1))
            outcome = _run_source(con, fetcher, source, rules, actor, writing)
            result.outcomes.append(outcome)
            with writing:
                _step(result.errors, f"记录采集源 {outcome.name} 的结果", lambda: record_outcome(con, cycle_id, outcome))
        new_ids = result.inserted_ids
        tell("规则标注、分析新帖与事件研判", 0.7)
        with writing:
            if new_ids:
                result.tagged = _step(result.errors, "规则标注", lambda: tag_posts(con, new_ids, scope="scrape")) or 0
            if analyze:  # the new posts and any an earlier run left unanalysed (a killed upload)
                result.analyzed = _step(result.errors, "分析新帖", lambda: _analyze(con, None)) or 0
            if incidents:
                result.incidents = _step(result.errors, "事件研判周期", lambda: _incidents(con, now))
    except KeyboardInterrupt:
        result.errors.append("周期被中断")
        raise
    finally:
        with writing:
            _finish(con, result)
        if own_fetcher:
            fetcher.close()
    return result


def _finish(con: duckdb.DuckDBPyConnection, result: CycleResult) -> None:
    s = result.summary()
    note = None if result.incidents is None else json.dumps(result.incidents, ensure_ascii=False, default=str)[:1000]
    con.cursor().execute(
        "UPDATE scrape_cycles SET finished_at = now(), sources_total = ?, sources_ok = ?, sources_failed = ?, "
        "items_fetched = ?, items_kept = ?, posts_inserted = ?, posts_tagged = ?, posts_analyzed = ?, "
        "incidents_note = ?, errors = ? WHERE id = ?",
        [
            s["sources"], s["sources"] - s["failed"], s["failed"], s["items_fetched"], s["items_kept"],
            s["inserted"], s["tagged"], s["analyzed"], note,
            json.dumps(result.errors, ensure_ascii=False) if result.errors else None, result.cycle_id,
        ],
    )


def scrape_now(con: duckdb.DuckDBPyConnection, source_id: int | None = None, *, actor: str,
               fetcher: Fetcher | None = None, write_lock: ContextManager | None = None,
               progress: Callable[[str, float], None] | None = None) -> CycleResult:
    """The page's 立即采集: one cycle of one source (or of every active source when ``source_id`` is
    None), started by a person (audited)."""
    access.require(actor, "process")
    ids = None if source_id is None else [int(source_id)]
    result = run_cycle(con, source_ids=ids, fetcher=fetcher, trigger="page", actor=actor, write_lock=write_lock,
                       progress=progress)
    s = result.summary()
    with write_lock if write_lock is not None else contextlib.nullcontext(), db.transaction(con) as cur:
        audit.record(cur, actor, "scrape", "sources" if source_id is not None else "scrape_cycles",
                     source_id if source_id is not None else result.cycle_id, None,
                     {k: s[k] for k in ("cycle_id", "inserted", "failed", "errors")})
    return result


def run_forever(
    con: duckdb.DuckDBPyConnection,
    every: timedelta,
    *,
    on_cycle: Callable[[CycleResult], None] = lambda r: None,
    on_error: Callable[[Exception], None] = lambda e: None,
    stop: threading.Event | None = None,
    **cycle_options: Any,
) -> int:
    """Run ``run_cycle`` every ``every`` until ``stop`` is set (or Ctrl-C, which propagates);
    the interval counts from each cycle's start. Returns the number of cycles run."""
    stop = stop or threading.Event()
    cycles = 0
    while not stop.is_set():
        started = time.monotonic()
        try:
            on_cycle(run_cycle(con, **cycle_options))
        except Exception as e:  # keep monitoring: the next cycle may well succeed
            on_error(e)
        cycles += 1
        stop.wait(max(0.0, every.total_seconds() - (time.monotonic() - started)))
    return cycles
