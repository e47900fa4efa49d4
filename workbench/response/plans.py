"""Response plans (应对方案): one owner and a deadline per plan, roles (分工) per incident."""
from __future__ import annotations

from datetime import datetime, timedelta

import duckdb

from .. import access, audit, db
from ..incidents import record
from . import actions, playbooks, talking_points
from .clock import as_time, now_or
from .clock import fmt as clock_fmt
from .records import insert_audited, require_due, require_incident, require_row, require_text, upsert_audited

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


def edit_plan(con: duckdb.DuckDBPyConnection, plan_id: int, owner: str, due_at, actor: str) -> None:
    """Change a plan's owner and deadline (audited)."""
    owner = require_text(owner, "负责人")
    due = require_due(due_at, "方案")
    with db.transaction(con) as cur:
        before = require_row(cur, "plans", plan_id, "方案")
        if before["owner"] == owner and as_time(before["due_at"]) == due:
            return
        cur.execute("UPDATE plans SET owner = ?, due_at = ? WHERE id = ?", [owner, due, int(plan_id)])
        after = audit.row_dict(cur, "SELECT * FROM plans WHERE id = ?", [int(plan_id)])
        audit.record(cur, actor, "edit", "plan", plan_id, before, after)


def assign(con: duckdb.DuckDBPyConnection, incident_id: int, role: str, person: str, due_at, actor: str) -> None:
    """Give a role of the incident's response to a person, with a deadline (replaces the holder).
    Open actions that follow the role pass to the new holder."""
    access.require(actor, "process")
    role = require_text(role, "角色")
    person = require_text(person, "负责人")
    due = as_time(due_at)
    with db.transaction(con) as cur:
        require_incident(cur, incident_id)
        upsert_audited(cur, "assignments", {"incident_id": int(incident_id), "role": role},
                       {"person": person, "due_at": due, "updated_by": actor},
                       entity="assignment", action="assign", actor=actor, stamped=False)
        actions.hand_on(cur, incident_id, role, person, actor)


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


# A playbook action whose clock deadline has already passed when the plan is made is due this long
# after creation: nobody can have missed work that did not exist yet. The clock's deadline is kept.
CATCH_UP = timedelta(hours=1)


def role_holders(con: duckdb.DuckDBPyConnection, incident_id: int) -> dict[str, str]:
    """{role: person} of the incident's assignments."""
    df = db.query("plan_assignments", con, incident_id=int(incident_id))
    return dict(zip(df["role"], df["person"]))


def apply_playbook(
    con: duckdb.DuckDBPyConnection,
    incident_id: int,
    owner: str,
    actor: str,
    now: datetime | None = None,
) -> dict[str, int]:
    """Start the response from the incident's playbook: a plan, the playbook's talking-point
    templates (only keys not yet set) and its actions.

    Each action goes to the person holding its role (``assign``), else to the plan ``owner`` until
    the role is staffed (then it passes to the holder). Deadlines run from the incident's clock
    start (detection, or a person's level decision), never from now; one that has already passed
    is moved to ``CATCH_UP`` after now, with the clock's deadline kept in ``clock_due_at`` and a note.
    Returns counts of what was created.
    """
    access.require(actor, "process")
    owner = require_text(owner, "方案负责人")
    incident = record.get(con, incident_id)
    book = playbooks.for_incident(incident.category, incident.level, incident.clock_config)
    at = now_or(now)
    start = incident.clock_start or at
    last_due = max((playbooks.action_due(start, a) for a in book.actions), default=None)
    plan_id = create_plan(
        con, incident_id, f"{incident.title} 应对方案", owner,
        max(last_due or playbooks.action_due(start, {"due_hours": 24}), at + CATCH_UP), actor, strategy=book.strategy,
    )
    existing = set(db.query("talking_point_list", con, incident_id=int(incident_id))["key"])
    points = 0
    for tp in book.talking_points:
        if tp["key"] not in existing:
            talking_points.set_point(con, incident_id, tp["key"], tp["template"], actor)
            points += 1
    holders = role_holders(con, incident_id)
    for a in book.actions:
        clock_due = playbooks.action_due(start, a)
        due, note = clock_due, None
        if clock_due < at:
            due = at + CATCH_UP
            note = (f"按时限应于立案后 {a['due_hours']:g} 小时（{clock_fmt(clock_due)}）完成，"
                    f"生成方案时已过，顺延至 {clock_fmt(due)}")
        actions.create(con, incident_id, a["title"], holders.get(a["role"], owner), due, actor,
                       role=a["role"], owner_from_role=True, clock_due_at=clock_due, note=note)
    return {"plan_id": plan_id, "talking_points": points, "actions": len(book.actions),
            "unstaffed": len({a["role"] for a in book.actions} - set(holders))}
