"""The incident status flow 待研判 → 已定级 → 处置中 → 跟踪中 → 已关闭 → 已复盘, each step timed and audited."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import duckdb

from .. import access, audit, vocab
from ..db import transaction
from .times import local_time

_ROW = "SELECT * FROM incidents WHERE id = ?"


def allowed_next(status: str) -> list[str]:
    """The statuses an incident in ``status`` may move to (one step forward)."""
    if status not in vocab.STATUSES:
        return []
    i = vocab.STATUSES.index(status)
    return list(vocab.STATUSES[i + 1:i + 2])


def _load(cur, incident_id: int) -> dict[str, Any]:
    row = audit.row_dict(cur, _ROW, [incident_id])
    if row is None:
        raise ValueError(f"事件 {incident_id} 不存在")
    return row


def advance(con: duckdb.DuckDBPyConnection, incident_id: int, new_status: str, actor: str,
            now: datetime | None = None) -> dict[str, Any]:
    """Move the incident one step along the flow, storing the time in its status column; audited."""
    with transaction(con) as cur:
        return advance_on(cur, incident_id, new_status, actor, now)


def advance_on(cur: duckdb.DuckDBPyConnection, incident_id: int, new_status: str, actor: str,
               now: datetime | None = None) -> dict[str, Any]:
    """``advance`` inside the caller's transaction (a review finalised moves its incident to 已复盘)."""
    access.require(actor, "process")
    if not (actor or "").strip():
        raise ValueError("状态变更需要操作人")
    if new_status not in vocab.STATUSES:
        raise ValueError(f"未知状态：{new_status}")
    at = local_time(now).to_pydatetime()
    before = _load(cur, incident_id)
    if before["merged_into"] is not None:
        raise ValueError(f"事件 {incident_id} 已并入事件 {before['merged_into']}，不能再变更状态")
    if new_status not in allowed_next(before["status"]):
        nxt = "、".join(allowed_next(before["status"])) or "无"
        raise ValueError(f"不能从「{before['status']}」直接变为「{new_status}」（下一步只能是：{nxt}）")
    if new_status == "已定级" and not before["level"]:
        raise ValueError("事件尚无级别，请先评分或人工定级")
    column = vocab.STATUS_TIME_COLUMN[new_status]  # a fixed column name from vocab, never user input
    extra = ", resolved_at = coalesce(resolved_at, ?)" if new_status == "已关闭" else ""
    params = [new_status, at] + ([at] if extra else []) + [incident_id]
    cur.execute(f"UPDATE incidents SET status = ?, {column} = ?{extra} WHERE id = ?", params)
    audit.record(cur, actor, "advance_status", "incidents", incident_id,
                 {"status": before["status"], column: before[column]}, {"status": new_status, column: at})
    return _load(cur, incident_id)


# The moments a person records on the incident besides its status; each is set once.
STAMPS = {"acknowledged_at": "acknowledge", "first_response_at": "first_response", "resolved_at": "resolve"}


def stamp_on(cur: duckdb.DuckDBPyConnection, incident_id: int, column: str, actor: str,
             at: datetime | None = None, *, again: str = "skip") -> bool:
    """Record ``column`` (a key of STAMPS) at ``at`` inside the caller's transaction; audited.

    ``again`` says what happens when it is already recorded: 'skip' (return False: publishing a
    second statement, acknowledging a second alert) or 'raise' (a person asked twice).
    """
    access.require(actor, "process")
    if column not in STAMPS:
        raise ValueError(f"未知的事件时间：{column}")
    if not (actor or "").strip():
        raise ValueError("操作需要操作人")
    when = local_time(at).to_pydatetime()
    before = _load(cur, incident_id)
    if before[column] is not None:
        if again == "raise":
            raise ValueError(f"事件 {incident_id} 已于 {local_time(before[column]):%Y-%m-%d %H:%M} 记录，无需重复")
        return False
    cur.execute(f"UPDATE incidents SET {column} = ? WHERE id = ?", [when, incident_id])  # column from STAMPS
    audit.record(cur, actor, STAMPS[column], "incidents", incident_id, {column: None}, {column: when})
    return True


def _stamp(con, incident_id: int, column: str, actor: str, at: datetime | None) -> dict[str, Any]:
    with transaction(con) as cur:
        stamp_on(cur, incident_id, column, actor, at, again="raise")
        return _load(cur, incident_id)


def acknowledge(con: duckdb.DuckDBPyConnection, incident_id: int, actor: str, now: datetime | None = None) -> dict[str, Any]:
    """Record that someone acknowledged the incident (stops the acknowledge clock); audited."""
    return _stamp(con, incident_id, "acknowledged_at", actor, now)


def record_first_response(con: duckdb.DuckDBPyConnection, incident_id: int, actor: str,
                          at: datetime | None = None) -> dict[str, Any]:
    """Record the first public response (stops the response clock); audited. Publishing the
    incident's first statement records it through ``stamp_on`` in the same transaction."""
    return _stamp(con, incident_id, "first_response_at", actor, at)


def record_resolution(con: duckdb.DuckDBPyConnection, incident_id: int, actor: str,
                      at: datetime | None = None) -> dict[str, Any]:
    """Record that the response is done (处置完毕) before the incident is closed; audited."""
    return _stamp(con, incident_id, "resolved_at", actor, at)
