"""Stored configuration of the incidents area (level matrix, clocks): JSON rows in incident_settings."""
from __future__ import annotations

import json
from typing import Any

import duckdb

from .. import access, audit


def get(con: duckdb.DuckDBPyConnection, key: str) -> Any | None:
    """The stored value of ``key`` (parsed JSON), or None when it was never set."""
    row = con.cursor().execute("SELECT value FROM incident_settings WHERE key = ?", [key]).fetchone()
    return None if row is None else json.loads(row[0])


def put(con: duckdb.DuckDBPyConnection, key: str, value: Any, actor: str) -> None:
    """Store ``value`` under ``key`` (audited: a person changes the rules)."""
    access.require(actor, "configure")
    from ..db import transaction

    with transaction(con) as cur:
        before = get(con, key)
        cur.execute(
            "INSERT OR REPLACE INTO incident_settings (key, value, updated_by, updated_at) VALUES (?, ?, ?, now())",
            [key, json.dumps(value, ensure_ascii=False), actor],
        )
        audit.record(cur, actor, "update", "incident_settings", key, before, value)
