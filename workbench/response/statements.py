"""Statements (声明): draft → review → approved → published, versioned, checked for 统一口径.

Allowed moves: 草稿→审核中; 审核中→草稿 (sent back) or →已批准; 已批准→已发布 or →草稿
(withdrawn before publication). A published statement never changes: publish a new one.
Approval runs the 口径 check; blocking findings stop it unless the approver gives a reason.
Separation of duties: an author (drafter or reviser) does not approve; an admin may, with a reason.
Publishing stamps ``published_at`` and, for the incident's first publication, the incident's
``first_response_at`` through ``incidents.status`` in the same transaction (the first-response
clock stops there).
"""
from __future__ import annotations

import json
from datetime import datetime

import duckdb

from .. import access, audit, db, vocab
from ..incidents import status as incident_status
from . import consistency, playbooks, talking_points
from .clock import now_or
from .records import require_incident, require_row, require_text

CHANNELS = ("官方微博", "微信公众号", "官网", "媒体通稿", "内部公告", "当事人沟通")
TRANSITIONS = {
    "draft": ("review",),
    "review": ("draft", "approved"),
    "approved": ("published", "draft"),
    "published": (),
}


class ApprovalBlocked(ValueError):
    """Approval stopped by blocking 口径 findings; ``findings`` holds them."""

    def __init__(self, findings: list[dict]):
        self.findings = findings
        super().__init__(
            "口径检查未通过，不能批准：" + "；".join(f["message"] for f in findings)
            + "（如确需批准，请填写理由后强制批准）"
        )


def _name(status: str) -> str:
    return vocab.STATEMENT_STATUS_NAMES.get(status, status)


def create(con: duckdb.DuckDBPyConnection, incident_id: int, channel: str, body: str, actor: str) -> int:
    """Draft a statement for a channel; returns its id (version 1, status draft)."""
    access.require(actor, "process")
    channel = require_text(channel, "发布渠道")
    body = require_text(body, "声明正文")
    with db.transaction(con) as cur:
        require_incident(cur, incident_id)
        sid = cur.execute(
            "INSERT INTO statements (incident_id, channel, body, created_by, updated_at)"
            " VALUES (?, ?, ?, ?, now()) RETURNING id",
            [int(incident_id), channel, body, actor],
        ).fetchone()[0]
        cur.execute(
            "INSERT INTO statement_versions (statement_id, version, body, created_by) VALUES (?, 1, ?, ?)",
            [sid, body, actor],
        )
        after = audit.row_dict(cur, "SELECT * FROM statements WHERE id = ?", [sid])
        audit.record(cur, actor, "create", "statement", sid, None, after)
    return int(sid)


def revise(con: duckdb.DuckDBPyConnection, statement_id: int, body: str, actor: str) -> int:
    """Replace the text with a new version (back to draft: changed text is reviewed again)."""
    access.require(actor, "process")
    body = require_text(body, "声明正文")
    with db.transaction(con) as cur:
        before = require_row(cur, "statements", statement_id, "声明")
        if before["status"] == "published":
            raise ValueError("已发布的声明不能修改，请另起一份新声明")
        if body == before["body"]:
            return int(before["version"])
        version = int(before["version"]) + 1
        cur.execute(
            "UPDATE statements SET body = ?, version = ?, status = 'draft', approved_by = NULL,"
            " approved_at = NULL, check_findings = NULL, override_reason = NULL, updated_at = now()"
            " WHERE id = ?",
            [body, version, int(statement_id)],
        )
        cur.execute(
            "INSERT INTO statement_versions (statement_id, version, body, created_by) VALUES (?, ?, ?, ?)",
            [int(statement_id), version, body, actor],
        )
        after = audit.row_dict(cur, "SELECT * FROM statements WHERE id = ?", [int(statement_id)])
        audit.record(cur, actor, "revise", "statement", statement_id, before, after)
    return version


def check(con: duckdb.DuckDBPyConnection, incident_id: int, body: str) -> list[dict]:
    """The 统一口径 findings of ``body`` against the incident's talking points and claims ledger."""
    from ..verification import statement_check

    return (consistency.check(body, talking_points.points(con, incident_id), playbooks.forbidden_phrases())
            + statement_check.findings(con, incident_id, body))


def transition(
    con: duckdb.DuckDBPyConnection,
    statement_id: int,
    new_status: str,
    actor: str,
    now: datetime | None = None,
    override_reason: str | None = None,
) -> list[dict]:
    """Move a statement to ``new_status``; returns the 口径 findings when approving (else []).

    Raises ValueError for a move the flow does not allow, ApprovalBlocked when approval meets
    blocking findings without an ``override_reason``.
    """
    access.require(actor, "process")
    at = now_or(now)
    findings: list[dict] = []
    with db.transaction(con) as cur:
        before = require_row(cur, "statements", statement_id, "声明")
        old = before["status"]
        if new_status not in TRANSITIONS.get(old, ()):
            allowed = "、".join(_name(s) for s in TRANSITIONS.get(old, ())) or "无（已发布的声明不能再变更）"
            raise ValueError(f"声明不能从「{_name(old)}」改为「{_name(new_status)}」；可改为：{allowed}")
        sid = int(statement_id)
        if new_status == "approved":
            reason = (override_reason or "").strip()
            own = _check_not_author(cur, sid, actor, reason)
            findings = check(con, before["incident_id"], before["body"])
            if consistency.blocking(findings) and not reason:
                raise ApprovalBlocked(consistency.blocking(findings))
            cur.execute(
                "UPDATE statements SET status = 'approved', approved_by = ?, approved_at = ?,"
                " check_findings = ?, override_reason = ?, updated_at = ? WHERE id = ?",
                [actor, at, json.dumps(findings, ensure_ascii=False), reason or None, at, sid],
            )
        elif new_status == "published":
            cur.execute(
                "UPDATE statements SET status = 'published', published_at = ?, updated_at = ? WHERE id = ?",
                [at, at, sid],
            )
            incident_status.stamp_on(cur, before["incident_id"], "first_response_at", actor, at)
        elif new_status == "draft":
            cur.execute(
                "UPDATE statements SET status = 'draft', approved_by = NULL, approved_at = NULL,"
                " updated_at = ? WHERE id = ?",
                [at, sid],
            )
        else:
            cur.execute("UPDATE statements SET status = ?, updated_at = ? WHERE id = ?", [new_status, at, sid])
        after = audit.row_dict(cur, "SELECT * FROM statements WHERE id = ?", [sid])
        audit.record(cur, actor, f"transition:{new_status}", "statement", sid, before, after)
        if new_status == "approved" and own:
            audit.record(cur, actor, "force_self_approval", "statement", sid, None, {"reason": reason})
    return findings


def _check_not_author(cur: duckdb.DuckDBPyConnection, statement_id: int, actor: str, reason: str) -> bool:
    """Separation of duties: whoever drafted or revised a statement does not approve it; an admin
    may, with a reason (audited). Returns whether the approver is one of its authors."""
    authors = {r[0] for r in cur.execute(
        "SELECT created_by FROM statements WHERE id = ? UNION SELECT created_by FROM statement_versions"
        " WHERE statement_id = ?", [statement_id, statement_id]).fetchall()}
    if str(actor) not in authors:
        return False
    if not access.allows(actor, "force"):
        raise access.Forbidden("声明须由起草人以外的人批准：您起草或修改过这份声明，请由另一位分析员或管理员批准。")
    if not reason:
        raise ValueError("您起草或修改过这份声明，应由他人批准；管理员确需自行批准时，请填写强制批准理由。")
    return True

