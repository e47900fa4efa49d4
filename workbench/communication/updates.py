"""Stakeholder updates (相关方通报): drafted from the incident's current state — what is known, what
was done, what comes next (as Dispatch's tactical and executive reports) —, checked like a statement
(统一口径 and the claims ledger), then sent through a configured push channel or recorded as sent.

An audience with a cadence is due an update ``cadence`` hours after its last one (the first from
when the incident's clocks started: detection or a person's level decision).
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta

import duckdb
import pandas as pd

from .. import access, audit, db
from ..alerts.channels import load_channels
from ..alerts.delivery import send_text
from ..alerts.delivery.formats import AlertText
from ..alerts.delivery.transport import DeliveryError
from ..incidents import record
from ..pii import mask_pii
from ..response import consistency, statements, talking_points
from ..response.clock import as_time, countdown, fmt, is_overdue, now_or
from ..response.records import require_incident, require_row, require_text
from ..verification import claims
from . import audiences

PUSHED, RECORDED = "渠道推送", "人工记录"


class SendBlocked(ValueError):
    """Sending stopped by blocking findings; ``findings`` holds them."""

    def __init__(self, findings: list[dict]):
        self.findings = findings
        super().__init__("通报检查未通过，不能发送：" + "；".join(f["message"] for f in findings)
                         + "（如确需发送，请填写理由后强制发送）")


def due(con: duckdb.DuckDBPyConnection, incident: record.Incident, now: datetime | None = None) -> pd.DataFrame:
    """Each audience's next update: channel, cadence, last sent, due time, countdown, overdue.
    Audiences without a cadence, and every audience of a closed incident, have no due time."""
    at = now_or(now)
    last = db.query("stakeholder_last_sent", con, incident_id=incident.id).set_index("audience")
    rows = []
    for r in audiences.plan(con, incident.id, incident.level).to_dict("records"):
        sent_at = as_time(last.at[r["audience"], "last_sent_at"]) if r["audience"] in last.index else None
        sent = int(last.at[r["audience"], "sent"]) if r["audience"] in last.index else 0
        start = sent_at or incident.clock_start
        due_at = None
        if r["cadence_hours"] and incident.is_open and start is not None:
            due_at = as_time(start) + timedelta(hours=float(r["cadence_hours"]))
        rows.append({
            **r, "sent": sent, "last_sent_at": sent_at, "due_at": due_at,
            "倒计时": countdown(due_at, at) if due_at else ("无固定频次" if incident.is_open else "已停止"),
            "overdue": is_overdue(due_at, at),
        })
    return pd.DataFrame(rows)


def next_due(con: duckdb.DuckDBPyConnection, incident: record.Incident, now: datetime | None = None) -> dict | None:
    """The audience whose update is due soonest (overdue first), or None."""
    df = due(con, incident, now)
    df = df[df["due_at"].notna()]
    return None if df.empty else df.sort_values("due_at").iloc[0].to_dict()


def _lines(items: list[str], empty: str) -> list[str]:
    return [f"- {x}" for x in items] or [f"- {empty}"]


def draft(con: duckdb.DuckDBPyConnection, incident_id: int, audience: str, now: datetime | None = None) -> str:
    """An update for ``audience`` from the incident as it stands: verified facts only (claims still
    being checked are counted, never stated), the response so far, the next steps and the 口径."""
    audiences._require_audience(audience)
    at = now_or(now)
    inc = record.get(con, incident_id)
    ledger = claims.ledger(con, incident_id)
    known = [f"事件级别：{inc.level or '未定'}级，当前状态：{inc.status}。"]
    if audience not in audiences.EXTERNAL:
        known.append(f"相关帖文 {inc.posts or 0} 条。")
    for c in ledger.to_dict("records"):
        if c["status"] in claims.CITABLE:
            known.append(claims.citation_text(c) + "。")
    open_claims = int(ledger["status"].isin(["待核实", "核实中"]).sum())
    if open_claims:
        known.append(f"另有 {open_claims} 项网传说法正在核实，核实后再行通报。")
    done = [f"已发布声明（{s.channel}，{fmt(s.published_at)}）"
            for s in db.query("statement_published", con, incident_id=int(incident_id)).itertuples()]
    acts = db.query("action_list", con, incident_id=int(incident_id))
    done += [f"已完成：{a.title}" for a in acts[acts["status"] == "已完成"].itertuples()]
    sent = db.query("stakeholder_last_sent", con, incident_id=int(incident_id))
    done += [f"已向{r.audience}通报 {int(r.sent)} 次" for r in sent.itertuples()]
    nxt = [f"{a.title}（{a.owner}，{fmt(a.due_at)} 前）" for a in acts[acts["status"].isin(["待办", "进行中"])].itertuples()]
    cadence = audiences.plan(con, incident_id, inc.level).set_index("audience").at[audience, "cadence_hours"]
    if cadence and inc.is_open:  # sending this update restarts the audience's cadence
        nxt.append(f"下次通报：{fmt(at + timedelta(hours=float(cadence)))} 前")
    points = [p["value"] for p in talking_points.points(con, incident_id) if p["kind"] == "必含"]
    parts = [f"【{audience}通报】{inc.title}（{fmt(at)}）", "", "一、已掌握的情况", *_lines(known, "暂无")]
    parts += ["", "二、已开展的工作", *_lines(done, "正在核实情况、制定方案")]
    parts += ["", "三、下一步", *_lines(nxt, "持续跟踪舆情，按时通报进展")]
    if points:
        parts += ["", "统一口径：" + "；".join(points)]
    return "\n".join(parts)


def create(con: duckdb.DuckDBPyConnection, incident_id: int, audience: str, body: str, actor: str,
           channel: str | None = None, now: datetime | None = None) -> int:
    """Save a draft update for an audience (its channel from the plan unless given); returns its id."""
    access.require(actor, "process")
    audiences._require_audience(audience)
    body = require_text(body, "通报内容")
    inc = record.get(con, incident_id)
    row = due(con, inc, now).set_index("audience").loc[audience]
    channel = (channel or "").strip() or row["channel"]
    due_at = None if row["due_at"] is None or pd.isna(row["due_at"]) else row["due_at"]
    with db.transaction(con) as cur:
        require_incident(cur, incident_id)
        uid = cur.execute(
            "INSERT INTO stakeholder_updates (incident_id, audience, channel, body, due_at, created_by, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [int(incident_id), audience, channel, body, due_at, actor, now_or(now)],
        ).fetchone()[0]
        audit.record(cur, actor, "create", "stakeholder_update", uid, None,
                     audit.row_dict(cur, "SELECT * FROM stakeholder_updates WHERE id = ?", [uid]))
    return int(uid)


def _draft_row(cur, update_id: int) -> dict:
    row = require_row(cur, "stakeholder_updates", update_id, "通报")
    if row["status"] != "草稿":
        raise ValueError(f"通报 {update_id} 已发送，不能再修改；请另起一份")
    return row


def revise(con: duckdb.DuckDBPyConnection, update_id: int, body: str, actor: str) -> None:
    """Replace a draft's text."""
    access.require(actor, "process")
    body = require_text(body, "通报内容")
    with db.transaction(con) as cur:
        before = _draft_row(cur, update_id)
        cur.execute("UPDATE stakeholder_updates SET body = ? WHERE id = ?", [body, int(update_id)])
        audit.record(cur, actor, "revise", "stakeholder_update", update_id, before, {**before, "body": body})


def check(con: duckdb.DuckDBPyConnection, incident_id: int, body: str) -> list[dict]:
    """The findings of an update's text, exactly as a statement's (统一口径 and claims ledger)."""
    return statements.check(con, incident_id, body)


def _message(update: dict, title: str, level: str | None, at: datetime) -> AlertText:
    body = mask_pii(update["body"])
    lines = [line for line in body.splitlines() if line.strip()]
    return AlertText(
        alert_id=0, level=level, title=f"【相关方通报·{update['audience']}】{title}",
        message=lines[0] if lines else "", lines=lines[1:], posts=[], explanation="",
        raw={"kind": "stakeholder_update", "update_id": int(update["id"]), "incident_id": int(update["incident_id"]),
             "audience": update["audience"], "body": body, "sent_at": at.isoformat()},
    )


def send(con: duckdb.DuckDBPyConnection, update_id: int, actor: str, *, override_reason: str | None = None,
         now: datetime | None = None) -> str:
    """Check and send a draft: through the push channel of that name (企业微信 / 钉钉 / 飞书 /
    webhook / e-mail), else record it as sent by hand. Blocking findings stop it unless a reason
    is given. A failed push keeps the draft with its error. Returns how it went out."""
    access.require(actor, "process")
    at = now_or(now)
    with db.transaction(con) as cur:
        update = _draft_row(cur, update_id)
    findings = check(con, update["incident_id"], update["body"])
    reason = (override_reason or "").strip()
    if consistency.blocking(findings) and not reason:
        raise SendBlocked(consistency.blocking(findings))
    channel = next((c for c in load_channels(con, active_only=True) if c.name == update["channel"]), None)
    delivery = RECORDED
    if channel is not None:
        inc = record.get(con, update["incident_id"])
        try:
            send_text(channel, _message(update, inc.title, inc.level, at), at)
        except (DeliveryError, OSError) as e:
            with db.transaction(con) as cur:
                cur.execute("UPDATE stakeholder_updates SET last_error = ? WHERE id = ?", [str(e)[:500], int(update_id)])
            raise ValueError(f"通过渠道「{channel.name}」发送失败：{e}。可稍后重试，或改用人工渠道后记录为已发送") from None
        delivery = PUSHED
    with db.transaction(con) as cur:
        before = _draft_row(cur, update_id)
        cur.execute(
            "UPDATE stakeholder_updates SET status = '已发送', sent_by = ?, sent_at = ?, delivery = ?,"
            " check_findings = ?, override_reason = ?, last_error = NULL WHERE id = ?",
            [actor, at, delivery, json.dumps(findings, ensure_ascii=False), reason or None, int(update_id)],
        )
        after = audit.row_dict(cur, "SELECT * FROM stakeholder_updates WHERE id = ?", [int(update_id)])
        audit.record(cur, actor, "send", "stakeholder_update", update_id, before, after)
    return delivery


def listing(con: duckdb.DuckDBPyConnection, incident_id: int) -> pd.DataFrame:
    """The incident's updates, newest first, with whether each went out on time."""
    df = db.query("stakeholder_update_list", con, incident_id=int(incident_id))
    df["按时"] = [
        "" if pd.isna(s) or d is None or pd.isna(d) else ("按时" if as_time(s) <= as_time(d) else "超时")
        for s, d in zip(df["sent_at"], df["due_at"])
    ]
    return df
