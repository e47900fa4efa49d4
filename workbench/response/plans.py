"""Response plans (应对方案): one owner and a deadline per plan, roles (分工) per incident."""
from __future__ import annotations

from datetime import datetime

import duckdb

from .. import access, audit, db
from ..incidents import record
from . import actions, playbooks, talking_points
from .clock import as_time, now_or
from .records import insert_audited, require_due, require_incident, require_row, require_text

PLAN_STATUSES = ("执行中", "已完成", "已取消")


def create_plan(
    con: duckdb.DuckDBPyConnection,
    incident_id: int,
    title: str,
    owner: str,
    due_at,
    actor: str,
    strategy: str | None = None,
) -> int:
    """Create a plan for an incident with its owner and deadline; returns the plan id."""
    values = {
        "incident_id": int(incident_id), "title": require_text(title, "方案标题"), "strategy": strategy,
        "owner": require_text(owner, "负责人"), "due_at": require_due(due_at, "方案"), "created_by": actor,
    }
    with db.transaction(con) as cur:
        require_incident(cur, incident_id)
        return insert_audited(cur, "plans", values, "plan", actor)


def set_status(con: duckdb.DuckDBPyConnection, plan_id: int, status: str, actor: str) -> None:
    """Mark a plan 执行中 / 已完成 / 已取消."""
    access.require(actor, "process")
    if status not in PLAN_STATUSES:
        raise ValueError(f"方案状态只能是：{'、'.join(PLAN_STATUSES)}")
    with db.transaction(con) as cur:
        before = require_row(cur, "plans", plan_id, "方案")
        cur.execute("UPDATE plans SET status = ? WHERE id = ?", [status, int(plan_id)])
        audit.record(cur, actor, "set_status", "plan", plan_id, before, {**before, "status": status})


def assign(con: duckdb.DuckDBPyConnection, incident_id: int, role: str, person: str, due_at, actor: str) -> None:
    """Give a role of the incident's response to a person, with a deadline (replaces the holder)."""
    access.require(actor, "process")
    role = require_text(role, "角色")
    person = require_text(person, "负责人")
    due = as_time(due_at)
    with db.transaction(con) as cur:
        require_incident(cur, incident_id)
        before = audit.row_dict(
            cur, "SELECT * FROM assignments WHERE incident_id = ? AND role = ?", [int(incident_id), role]
        )
        cur.execute(
            "INSERT INTO assignments (incident_id, role, person, due_at, updated_by) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (incident_id, role) DO UPDATE SET person = excluded.person,"
            " due_at = excluded.due_at, updated_by = excluded.updated_by",
            [int(incident_id), role, person, due, actor],
        )
        after = audit.row_dict(
            cur, "SELECT * FROM assignments WHERE incident_id = ? AND role = ?", [int(incident_id), role]
        )
        audit.record(cur, actor, "assign", "assignment", f"{incident_id}:{role}", before, after)


def unassign(con: duckdb.DuckDBPyConnection, incident_id: int, role: str, actor: str) -> None:
    """Remove a role from the incident's response."""
    access.require(actor, "process")
    with db.transaction(con) as cur:
        before = audit.row_dict(
            cur, "SELECT * FROM assignments WHERE incident_id = ? AND role = ?", [int(incident_id), role]
        )
        if before is None:
            raise ValueError(f"角色 {role} 未分配")
        cur.execute("DELETE FROM assignments WHERE incident_id = ? AND role = ?", [int(incident_id), role])
        audit.record(cur, actor, "unassign", "assignment", f"{incident_id}:{role}", before, None)


def apply_playbook(
    con: duckdb.DuckDBPyConnection,
    incident_id: int,
    owner: str,
    actor: str,
    now: datetime | None = None,
) -> dict[str, int]:
    """Start the response from the incident's playbook: a plan, the playbook's talking-point
    templates (only keys not yet set) and its actions with deadlines from the level clock.

    Roles are not staffed here (a person must be named); the page offers the playbook's roles.
    Returns counts of what was created.
    """
    access.require(actor, "process")
    incident = record.get(con, incident_id)
    book = playbooks.for_incident(incident.category, incident.level, incident.clock_config)
    # deadlines run from when the incident's clocks started (detection or a person's level
    # decision), not from now
    start = incident.clock_start or now_or(now)
    last_due = max((playbooks.action_due(start, a) for a in book.actions), default=None)
    plan_id = create_plan(
        con, incident_id, f"{incident.title} 应对方案", owner,
        last_due or playbooks.action_due(start, {"due_hours": 24}), actor, strategy=book.strategy,
    )
    existing = set(db.query("talking_point_list", con, incident_id=int(incident_id))["key"])
    points = 0
    for tp in book.talking_points:
        if tp["key"] not in existing:
            talking_points.set_point(con, incident_id, tp["key"], tp["template"], actor)
            points += 1
    for a in book.actions:
        actions.create(con, incident_id, f"[{a['role']}] {a['title']}", owner, playbooks.action_due(start, a), actor)
    return {"plan_id": plan_id, "talking_points": points, "actions": len(book.actions)}
