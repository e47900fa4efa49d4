"""The audit trail: every write a person makes is recorded with actor, time, before and after."""
from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import duckdb


def _json(value: Any) -> str | None:
    if value is None:
        return None

    def default(o: Any) -> Any:
        if isinstance(o, (datetime, date)):
            return o.isoformat()
        if hasattr(o, "item"):  # numpy scalars
            return o.item()
        return str(o)

    return json.dumps(value, ensure_ascii=False, default=default)


def record(
    cur: duckdb.DuckDBPyConnection,
    actor: str,
    action: str,
    entity: str,
    entity_id: Any = None,
    before: Any = None,
    after: Any = None,
) -> None:
    """Append one audit row on ``cur`` (inside the caller's transaction)."""
    if not actor:
        raise ValueError("审计记录需要操作人")
    cur.execute(
        "INSERT INTO audit_log (actor, action, entity, entity_id, before, after) VALUES (?, ?, ?, ?, ?, ?)",
        [actor, action, entity, None if entity_id is None else str(entity_id), _json(before), _json(after)],
    )


def row_dict(cur: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> dict[str, Any] | None:
    """One row as a dict (for the *before* side of an audit record), or None."""
    res = cur.execute(sql, params)
    row = res.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in res.description], row))




def entries(con: duckdb.DuckDBPyConnection, viewer: str, *, actor: str | None = None, action: str | None = None,
            entity: str | None = None, start: Any = None, end: Any = None, limit: int = 1000):
    """Audit rows, newest first, filtered (None: any) — for admins only (``viewer`` is who asks).

    Before/after values are shown with personal data masked, like everything that leaves the store.
    """
    from . import access, db
    from .exports import masked_frame

    access.require(viewer, "audit")
    rows = db.query("audit_log_entries", con, actor=actor, action=action, entity=entity,
                    start=start, end=end, limit=limit)
    return masked_frame(rows)


def choices(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """The actors, actions and entities present in the log (the filters' options)."""
    from . import db

    df = db.query("audit_log_choices", con)
    return {kind: df.loc[df["kind"] == kind, "value"].tolist() for kind in ("actor", "action", "entity")}


def csv_bytes(rows) -> bytes:
    """Audit rows as a CSV download: masked and formula-safe (``exports.safe_csv_frame``), UTF-8 with BOM for Excel."""
    from .exports import safe_csv_frame

    return safe_csv_frame(rows).to_csv(index=False).encode("utf-8-sig")
