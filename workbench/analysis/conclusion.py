"""The analyst's 研判结论 on an incident, kept in ``incidents.summary`` and audited."""
from __future__ import annotations

import duckdb

from .. import audit, db

MAX_LENGTH = 2000


def save_conclusion(con: duckdb.DuckDBPyConnection, incident_id: int, text: str, actor: str) -> None:
    """Replace the incident's 研判结论 with ``text``; ValueError (Chinese) on empty / too long / unknown."""
    text = (text or "").strip()
    if not text:
        raise ValueError("请填写研判结论")
    if len(text) > MAX_LENGTH:
        raise ValueError(f"研判结论不超过 {MAX_LENGTH} 字（当前 {len(text)} 字）")
    with db.transaction(con) as cur:
        before = audit.row_dict(cur, "SELECT id, summary FROM incidents WHERE id = ?", [int(incident_id)])
        if before is None:
            raise ValueError(f"事件 {incident_id} 不存在")
        cur.execute("UPDATE incidents SET summary = ? WHERE id = ?", [text, int(incident_id)])
        audit.record(cur, actor, "conclude", "incidents", incident_id, before, {**before, "summary": text})
