"""Pushing alerts to the configured channels, with retries and quiet hours.

Each alert × channel has one row in ``alert_deliveries`` (status pending → sent, or retrying
with ``next_attempt_at`` after a failure, failed after ``max_attempts``, held during quiet
hours). Nothing sleeps: a retry happens on a later ``deliver_pending`` call whose ``now`` has
passed ``next_attempt_at``. Every channel is tried on its own, so one failing never blocks others.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Iterable

import duckdb

from ... import db
from ...vocab import LEVELS, level_rank
from .. import store
from ..channels import Channel, load_channels
from ..quiet import in_quiet_hours
from ..timeutil import now_local
from . import formats
from .transport import DeliveryError, post_json, send_email

MAX_BACKOFF = timedelta(hours=1)


def backoff_delay(attempts: int, base_seconds: float) -> timedelta:
    """The wait before retry number ``attempts`` + 1: base · 2^(attempts − 1), at most one hour."""
    return min(timedelta(seconds=base_seconds * 2 ** max(0, attempts - 1)), MAX_BACKOFF)


def send(channel: Channel, alert: dict[str, Any], now: datetime) -> None:
    """Deliver one alert row to one channel in that channel's real format; raises DeliveryError."""
    send_text(channel, formats.alert_text(alert), now)


def send_text(channel: Channel, text: formats.AlertText, now: datetime) -> None:
    """Deliver a prepared message (one alert, or a summary of many) to one channel."""
    if channel.kind == "email":
        send_email(channel, formats.email_message(channel.mail_from or "", channel.recipients, text, now))
        return
    url = channel.url or ""
    if channel.kind == "wecom":
        req = formats.wecom_request(url, text)
    elif channel.kind == "dingtalk":
        req = formats.dingtalk_request(url, channel.secret, text, now)
    elif channel.kind == "feishu":
        req = formats.feishu_request(url, channel.secret, text, now)
    elif channel.kind == "webhook":
        req = formats.webhook_request(url, channel.secret, text, now)
    else:
        raise DeliveryError(f"未知的渠道类型：{channel.kind}")
    post_json(req)


def send_test(channel: Channel, *, now: datetime | None = None) -> str:
    """Send a clearly marked test message to ``channel``; returns '' on success, else the error."""
    now = now_local(now)
    sample = {
        "alert_id": 0, "level": "Ⅳ", "rule": "spike", "scope_kind": "category", "scope_label": "测试",
        "message": "这是一条测试消息：推送渠道配置正确。", "created_at": now, "evidence": {"explanation": "渠道连通性测试，无需处理。"},
    }
    try:
        send(channel, sample, now)
    except Exception as e:  # shown to the person testing, never raised
        return str(e) if isinstance(e, DeliveryError) else f"{type(e).__name__}: {e}"
    return ""


def _bypasses_quiet(level: str | None, bypass_level: str) -> bool:
    return level in LEVELS and bypass_level in LEVELS and LEVELS.index(level) <= LEVELS.index(bypass_level)


def _enqueue(con: duckdb.DuckDBPyConnection, chans: list[Channel], now: datetime, max_age_hours: float) -> int:
    """Create a pending row for every recent unacknowledged alert × channel that accepts its level."""
    todo = db.query("alert_undelivered", con, since=now - timedelta(hours=max_age_hours), until=now)
    rows = []
    for r in todo.itertuples():
        have = set(r.channels)
        level = r.level if isinstance(r.level, str) else None
        rows += [(int(r.alert_id), c.name) for c in chans if c.name not in have and c.accepts(level)]
    if rows:
        with db.transaction(con) as cur:
            cur.executemany(
                "INSERT INTO alert_deliveries (alert_id, channel, status, attempts, next_attempt_at, created_at, updated_at) "
                "VALUES (?, ?, 'pending', 0, ?, ?, ?) ON CONFLICT DO NOTHING",
                [(a, c, now, now, now) for a, c in rows],
            )
    return len(rows)


def _record(con, updates: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    """Set the values of each (delivery row, values) pair, all in one transaction (a summary
    stands for thousands of rows). Every pair sets the same columns."""
    if not updates:
        return
    cols = list(updates[0][1])
    # column names are this module's keyword arguments, values are bound
    sets = ", ".join(f"{c} = ?" for c in cols)
    with db.transaction(con) as cur:
        cur.executemany(
            f"UPDATE alert_deliveries SET {sets} WHERE alert_id = ? AND channel = ?",
            [[*(values[c] for c in cols), int(row["alert_id"]), row["channel"]] for row, values in updates],
        )


def deliver_pending(
    con: duckdb.DuckDBPyConnection,
    *,
    now: datetime | None = None,
    channels: Iterable[str | Channel] | None = None,
) -> dict[str, int]:
    """Queue new alerts for every active channel and try every delivery that is due at ``now``.

    ``channels`` limits the run to some channels (names or Channel objects). Returns counts:
    queued, sent, summarized, retrying, failed, held, deferred. A channel that fails once is not
    tried again in the same run (its other deliveries are deferred, untouched), so an unreachable
    robot costs one timeout per run, not one per alert. Gravest alerts go first; past
    ``push_digest_over`` messages to one channel in one run, the rest go as one summary message
    (status summarized), so a backlog never floods a group chat.
    """
    now = now_local(now)
    cfg = store.settings(con)
    chans = load_channels(con, active_only=True)
    if channels is not None:
        wanted = {c.name if isinstance(c, Channel) else str(c) for c in channels}
        chans = [c for c in chans if c.name in wanted]
    by_name = {c.name: c for c in chans}
    result = {"queued": _enqueue(con, chans, now, float(cfg["delivery_max_age_hours"])), "sent": 0, "summarized": 0, "retrying": 0, "failed": 0, "held": 0, "deferred": 0}
    broken: set[str] = set()
    quiet = in_quiet_hours(now, cfg["quiet_start"], cfg["quiet_end"])
    limit = max(1, int(cfg["push_digest_over"]))
    one_by_one: dict[str, int] = {}
    overflow: dict[str, list[dict[str, Any]]] = {}
    for row in _gravest_first(db.query("alert_deliveries_due", con, now=now).to_dict("records")):
        channel = by_name.get(row["channel"])
        if channel is None:  # in-app rows, inactive channels, or channels outside this run
            continue
        level = row["level"] if isinstance(row["level"], str) else None
        if quiet and not _bypasses_quiet(level, cfg["quiet_bypass_level"]):
            if row["status"] != "held":
                _record(con, [(row, {"status": "held", "updated_at": now})])
            result["held"] += 1
            continue
        if channel.name in broken:
            result["deferred"] += 1
            continue
        if one_by_one.get(channel.name, 0) >= limit:  # a flood: the rest go out as one summary
            overflow.setdefault(channel.name, []).append(row)
            continue
        one_by_one[channel.name] = one_by_one.get(channel.name, 0) + 1
        outcome = _attempt(con, channel, formats.alert_text(row), [row], now, cfg, "sent")
        result[outcome] += 1
        if outcome != "sent":
            broken.add(channel.name)
    for name, rows in overflow.items():
        if name in broken:
            result["deferred"] += len(rows)
            continue
        outcome = _attempt(con, by_name[name], formats.summary_text(rows, limit), rows, now, cfg, "summarized")
        result[outcome] += len(rows)
    return result


def _gravest_first(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Deliveries by level (Ⅰ first, unlevelled last), then oldest first (the query's order)."""
    return sorted(rows, key=lambda r: level_rank(r["level"]))


def _attempt(con, channel: Channel, text: formats.AlertText, rows: list[dict[str, Any]], now: datetime,
             cfg: dict[str, Any], done: str) -> str:
    """Send ``text`` for the deliveries ``rows`` of one channel and record the outcome on each:
    ``done`` ('sent' or 'summarized'), else 'retrying' with backoff, or 'failed' at the last try."""
    attempts = [int(r["attempts"]) + 1 for r in rows]
    try:
        send_text(channel, text, now)
    except Exception as e:  # any failure stays with its channel; the others still go out
        error = str(e if isinstance(e, DeliveryError) else f"{type(e).__name__}: {e}")[:500]
        final = max(attempts) >= max(1, int(cfg["max_attempts"]))
        _record(con, [(r, {"status": "failed" if final else "retrying", "attempts": n, "last_error": error,
                           "last_attempt_at": now, "updated_at": now,
                           "next_attempt_at": None if final else now + backoff_delay(n, float(cfg["backoff_seconds"]))})
                      for r, n in zip(rows, attempts)])
        return "failed" if final else "retrying"
    _record(con, [(r, {"status": done, "attempts": n, "last_attempt_at": now, "sent_at": now, "next_attempt_at": None,
                       "updated_at": now}) for r, n in zip(rows, attempts)])
    return done
