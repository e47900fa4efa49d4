"""The interaction log (互动记录): replies to key posts and comments — who answered what, where and
when, and how the public took it (the outcome an analyst records, beside what the store shows:
the replies and reposts the post drew after the answer, and how negative they were).
"""
from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

from .. import access, audit, db
from ..response.clock import as_time, now_or
from ..response.records import insert_audited, require_incident, require_row, require_text

OUTCOMES = ("待观察", "对方认可", "继续质疑", "删帖或更正", "转为线下沟通", "引发新一轮讨论", "无回应")


def _require_outcome(outcome: str) -> str:
    if outcome not in OUTCOMES:
        raise ValueError(f"互动结果只能是：{'、'.join(OUTCOMES)}")
    return outcome


def log_reply(
    con: duckdb.DuckDBPyConnection,
    incident_id: int,
    *,
    platform: str,
    responder: str,
    reply: str,
    actor: str,
    post_id: int | None = None,
    replied_at=None,
    outcome: str = "待观察",
    outcome_note: str = "",
) -> int:
    """Record one answer given in public (or to a person); ``post_id`` is the post answered when it
    is in the store (it must belong to the incident). Returns the entry's id."""
    access.require(actor, "process")
    values = {
        "incident_id": int(incident_id), "post_id": None if post_id is None else int(post_id),
        "platform": require_text(platform, "回复平台"), "responder": require_text(responder, "回复人（账号或人员）"),
        "reply": require_text(reply, "回复内容"), "replied_at": as_time(replied_at) or now_or(None),
        "outcome": _require_outcome(outcome), "outcome_note": (outcome_note or "").strip() or None, "created_by": actor,
    }
    with db.transaction(con) as cur:
        require_incident(cur, incident_id)
        if post_id is not None and cur.execute(
            "SELECT 1 FROM incident_posts WHERE incident_id = ? AND post_id = ?", [int(incident_id), int(post_id)]
        ).fetchone() is None:
            raise ValueError(f"帖子 {post_id} 不属于该事件")
        return insert_audited(cur, "interactions", values, "interaction", actor)


def set_outcome(con: duckdb.DuckDBPyConnection, interaction_id: int, outcome: str, actor: str, note: str = "",
                now: datetime | None = None) -> None:
    """Record how the public answered an answer."""
    access.require(actor, "process")
    outcome = _require_outcome(outcome)
    with db.transaction(con) as cur:
        before = require_row(cur, "interactions", interaction_id, "互动记录")
        cur.execute(
            "UPDATE interactions SET outcome = ?, outcome_note = ?, updated_by = ?, updated_at = ? WHERE id = ?",
            [outcome, (note or "").strip() or before["outcome_note"], actor, now_or(now), int(interaction_id)],
        )
        after = audit.row_dict(cur, "SELECT * FROM interactions WHERE id = ?", [int(interaction_id)])
        audit.record(cur, actor, "set_outcome", "interaction", interaction_id, before, after)


def listing(con: duckdb.DuckDBPyConnection, incident_id: int) -> pd.DataFrame:
    """The incident's interactions, newest first, each with the answered post (masked) and the
    replies and reposts that post drew after the answer (how many, how many negative)."""
    return db.query("interaction_list", con, incident_id=int(incident_id))


def key_posts(con: duckdb.DuckDBPyConnection, incident_id: int, top: int = 30) -> pd.DataFrame:
    """The incident's posts most worth answering: most engagement first (masked text)."""
    return db.query("interaction_key_posts", con, incident_id=int(incident_id), limit=int(top))
