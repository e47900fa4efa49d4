"""Talking points (口径): the incident's agreed key points, facts and forbidden phrases.

Kinds: 必含 — every statement must carry this point; 禁用 — phrases (separated by 、，；or new
lines) no statement may use; 背景 — context for the team, its numbers still bind statements.
"""
from __future__ import annotations

import duckdb

from .. import access, audit, db
from .records import require_incident, require_text, upsert_audited

KINDS = ("必含", "禁用", "背景")


def default_kind(key: str) -> str:
    """A key that starts with 禁用 is a forbidden-phrase list; anything else is a key point."""
    return "禁用" if key.startswith("禁用") else "必含"


def set_point(
    con: duckdb.DuckDBPyConnection,
    incident_id: int,
    key: str,
    value: str,
    actor: str,
    kind: str | None = None,
) -> None:
    """Add or replace the talking point ``key`` of an incident."""
    access.require(actor, "process")
    key = require_text(key, "口径要点名称")
    value = require_text(value, "口径内容")
    kind = kind or default_kind(key)
    if kind not in KINDS:
        raise ValueError(f"口径类型只能是：{'、'.join(KINDS)}")
    with db.transaction(con) as cur:
        require_incident(cur, incident_id)
        upsert_audited(cur, "talking_points", {"incident_id": int(incident_id), "key": key},
                       {"value": value, "kind": kind, "updated_by": actor},
                       entity="talking_point", action="set", actor=actor)


def delete_point(con: duckdb.DuckDBPyConnection, incident_id: int, key: str, actor: str) -> None:
    """Remove a talking point."""
    access.require(actor, "process")
    with db.transaction(con) as cur:
        sql_one = "SELECT * FROM talking_points WHERE incident_id = ? AND key = ?"
        before = audit.row_dict(cur, sql_one, [int(incident_id), key])
        if before is None:
            raise ValueError(f"口径要点「{key}」不存在")
        cur.execute("DELETE FROM talking_points WHERE incident_id = ? AND key = ?", [int(incident_id), key])
        audit.record(cur, actor, "delete", "talking_point", f"{incident_id}:{key}", before, None)


def points(con: duckdb.DuckDBPyConnection, incident_id: int) -> list[dict]:
    """The incident's talking points as dicts {key, value, kind}."""
    df = db.query("talking_point_list", con, incident_id=int(incident_id))
    return df[["key", "value", "kind"]].to_dict("records")
