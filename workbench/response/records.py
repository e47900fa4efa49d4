"""Looking up the rows a write depends on, with a clear Chinese message when one is missing."""
from __future__ import annotations

from typing import Any

import duckdb

from .. import access, audit
from ..audit import row_dict
from .clock import as_time


def require_incident(cur: duckdb.DuckDBPyConnection, incident_id: int) -> dict[str, Any]:
    """The incident row, or ValueError('事件 N 不存在')."""
    row = row_dict(cur, "SELECT * FROM incidents WHERE id = ?", [int(incident_id)])
    if row is None:
        raise ValueError(f"事件 {incident_id} 不存在")
    return row


def require_row(cur: duckdb.DuckDBPyConnection, table: str, row_id: int, label: str) -> dict[str, Any]:
    """One row of ``table`` (a fixed table name from our own code) by id, or ValueError."""
    row = row_dict(cur, f"SELECT * FROM {table} WHERE id = ?", [int(row_id)])  # table is a constant
    if row is None:
        raise ValueError(f"{label} {row_id} 不存在")
    return row


def require_text(value: str | None, label: str) -> str:
    """A stripped non-empty text, or ValueError('请填写…')."""
    text = (value or "").strip()
    if not text:
        raise ValueError(f"请填写{label}")
    return text


def require_due(value, label: str):
    """An aware deadline from ``value``, or ValueError('请填写…时限')."""
    due = as_time(value)
    if due is None:
        raise ValueError(f"请填写{label}时限")
    return due


def insert_audited(cur: duckdb.DuckDBPyConnection, table: str, values: dict[str, Any], entity: str, actor: str) -> int:
    """Insert one row into ``table`` (our own constant name; values bound) and audit its creation."""
    access.require(actor, "process")
    columns = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    new_id = cur.execute(
        f"INSERT INTO {table} ({columns}) VALUES ({marks}) RETURNING id", list(values.values())
    ).fetchone()[0]
    audit.record(cur, actor, "create", entity, new_id, None, row_dict(cur, f"SELECT * FROM {table} WHERE id = ?", [new_id]))
    return int(new_id)


def upsert_audited(cur: duckdb.DuckDBPyConnection, table: str, key: dict[str, Any], values: dict[str, Any], *,
                   entity: str, action: str, actor: str, stamped: bool = True) -> None:
    """Insert or update the row of ``table`` (our own constant name; values bound) whose unique
    columns are ``key``, and audit the row before and after under ``entity`` 'k1:k2'. ``stamped``:
    the row's ``updated_at`` is set to now() too."""
    where = " AND ".join(f"{c} = ?" for c in key)
    one = f"SELECT * FROM {table} WHERE {where}"
    before = row_dict(cur, one, list(key.values()))
    columns = {**key, **values}
    names, marks = list(columns), ["?"] * len(columns)
    updates = [f"{c} = excluded.{c}" for c in values]
    if stamped:
        names.append("updated_at")
        marks.append("now()")
        updates.append("updated_at = excluded.updated_at")
    cur.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(marks)}) "
                f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {', '.join(updates)}", list(columns.values()))
    audit.record(cur, actor, action, entity, ":".join(str(v) for v in key.values()), before,
                 row_dict(cur, one, list(key.values())))
