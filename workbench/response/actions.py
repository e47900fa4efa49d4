"""Action items (行动落实): owner, due date, status, overdue flags."""
from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

from .. import access, audit, db, vocab
from .clock import as_time, countdown, is_overdue, now_or
from .records import insert_audited, require_due, require_incident, require_row, require_text

DONE = ("已完成", "已取消")


def create(con: duckdb.DuckDBPyConnection, incident_id: int, title: str, owner: str, due_at, actor: str, *,
           role: str | None = None, owner_from_role: bool = False, clock_due_at=None, note: str | None = None) -> int:
    """Add an action with its owner and deadline; returns its id (status 待办).

    A playbook action names its ``role``; with ``owner_from_role`` its owner follows whoever holds
    that role (``plans.assign`` hands it on) until a person reassigns it. ``clock_due_at`` is the
    deadline the incident's clock gave when that differs from ``due_at`` (see ``plans.apply_playbook``).
    """
    values = {
        "incident_id": int(incident_id), "title": require_text(title, "行动内容"),
        "owner": require_text(owner, "负责人"), "due_at": require_due(due_at, "行动"), "created_by": actor,
        "role": (role or "").strip() or None, "owner_from_role": bool(owner_from_role),
        "clock_due_at": clock_due_at, "note": note,
    }
    with db.transaction(con) as cur:
        require_incident(cur, incident_id)
        return insert_audited(cur, "actions", values, "action", actor)


def set_status(
    con: duckdb.DuckDBPyConnection, action_id: int, status: str, actor: str, now: datetime | None = None
) -> None:
    """Change an action's status; 已完成 stamps ``done_at``, any other status clears it."""
    access.require(actor, "process")
    if status not in vocab.ACTION_STATUSES:
        raise ValueError(f"行动状态只能是：{'、'.join(vocab.ACTION_STATUSES)}")
    at = now_or(now)
    with db.transaction(con) as cur:
        before = require_row(cur, "actions", action_id, "行动")
        if before["status"] == status:
            return
        cur.execute(
            "UPDATE actions SET status = ?, done_at = ? WHERE id = ?",
            [status, at if status == "已完成" else None, int(action_id)],
        )
        after = audit.row_dict(cur, "SELECT * FROM actions WHERE id = ?", [int(action_id)])
        audit.record(cur, actor, "set_status", "action", action_id, before, after)


def reschedule(con: duckdb.DuckDBPyConnection, action_id: int, due_at, actor: str, owner: str | None = None) -> None:
    """Move an action's deadline and optionally hand it to another owner (audited). A person's
    choice of owner stops the action following its role's holder."""
    access.require(actor, "process")
    due = require_due(due_at, "行动")
    with db.transaction(con) as cur:
        before = require_row(cur, "actions", action_id, "行动")
        new_owner = (owner or "").strip() or before["owner"]
        follows_role = bool(before.get("owner_from_role")) and new_owner == before["owner"]
        if new_owner == before["owner"] and due == as_time(before["due_at"]):
            return
        cur.execute("UPDATE actions SET due_at = ?, owner = ?, owner_from_role = ? WHERE id = ?",
                    [due, new_owner, follows_role, int(action_id)])
        after = audit.row_dict(cur, "SELECT * FROM actions WHERE id = ?", [int(action_id)])
        audit.record(cur, actor, "reschedule", "action", action_id, before, after)


def hand_on(cur: duckdb.DuckDBPyConnection, incident_id: int, role: str, person: str, actor: str) -> int:
    """Inside the caller's transaction: give the open actions that follow ``role`` to its new
    holder ``person`` (each change audited); returns how many changed."""
    ids = cur.execute(db.sql_text("action_open_by_role"), {"incident_id": int(incident_id), "role": role}).fetchall()
    changed = 0
    for (action_id,) in ids:
        before = require_row(cur, "actions", action_id, "行动")
        if before["owner"] == person:
            continue
        cur.execute("UPDATE actions SET owner = ? WHERE id = ?", [person, int(action_id)])
        after = audit.row_dict(cur, "SELECT * FROM actions WHERE id = ?", [int(action_id)])
        audit.record(cur, actor, "hand_on", "action", action_id, before, after)
        changed += 1
    return changed


def with_flags(df: pd.DataFrame, now: datetime | None = None) -> pd.DataFrame:
    """``df`` (rows with ``due_at`` and ``status``) plus ``overdue`` (bool) and ``时限`` (countdown)."""
    at = now_or(now)
    out = df.copy()
    done = out["status"].isin(DONE) if "status" in out else pd.Series(False, index=out.index)
    out["overdue"] = [is_overdue(d, at, bool(x)) for d, x in zip(out["due_at"], done)]
    out["时限"] = [
        ("已完成" if s == "已完成" else "已取消") if x else countdown(d, at)
        for d, x, s in zip(out["due_at"], done, out.get("status", [""] * len(out)))
    ]
    return out


def list_actions(con: duckdb.DuckDBPyConnection, incident_id: int, now: datetime | None = None) -> pd.DataFrame:
    """The incident's actions, open first by deadline, with overdue flags and countdowns."""
    return with_flags(db.query("action_list", con, incident_id=int(incident_id)), now)
