"""Postmortems (复盘): a review with timeline and metrics built from the store, edited, finalised.

The body is a dict keyed by the report's sections (``SECTIONS``). ``build`` drafts it from
the record; analysts then edit the text sections and save. Finalising (已定稿) also moves a
closed incident to 已复盘.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import duckdb
import pandas as pd

from .. import access, audit, db, vocab
from ..communication.exports import timeline_events as communication_events
from ..incidents import record
from ..incidents import status as incident_status
from ..response import actions as action_items
from ..response.clock import fmt, now_or
from ..response.records import insert_audited, require_incident, require_text
from . import tracking

SECTIONS = ("事件概要", "时间线", "关键指标", "应对回顾", "经验教训", "改进措施")
TEXT_SECTIONS = ("事件概要", "应对回顾", "经验教训", "改进措施")
REVIEW_STATUSES = ("草稿", "已定稿")
# Bodies written straight by SQL (the demo loader) may use English keys; read them into our sections.
ENGLISH_KEYS = {
    "summary": "事件概要", "went_well": "应对回顾", "response": "应对回顾",
    "went_wrong": "经验教训", "lessons": "经验教训", "improvements": "改进措施", "actions": "改进措施",
}


def _normalise(body: dict) -> dict:
    out: dict[str, Any] = {}
    for key, value in body.items():
        section = ENGLISH_KEYS.get(key, key)
        if section in TEXT_SECTIONS and isinstance(value, str):
            out[section] = f"{out[section]}\n{value}" if out.get(section) else value
        elif section in SECTIONS:
            out.setdefault(section, value)
    return out


def _hours(delta) -> str:
    return f"{delta.total_seconds() / 3600:.1f} 小时"


def timeline(con: duckdb.DuckDBPyConnection, incident_id: int) -> list[dict[str, str]]:
    """The incident's events in time order as {时间, 类型, 事件}."""
    df = db.query("review_timeline_events", con, incident_id=int(incident_id))
    events = [{"at": r.at, "kind": r.kind, "event": r.event} for r in df.itertuples()]
    events = sorted(events + communication_events(con, incident_id), key=lambda e: pd.Timestamp(e["at"]))
    return [{"时间": fmt(e["at"]), "类型": e["kind"], "事件": e["event"]} for e in events]


def metrics(con: duckdb.DuckDBPyConnection, incident_id: int, now: datetime | None = None) -> dict[str, str]:
    """Key figures, each a short self-explaining text."""
    inc = record.get(con, incident_id)
    posts = tracking.incident_posts(con, incident_id)
    hours = tracking.hourly(posts)
    out: dict[str, str] = {"事件等级": vocab.LEVEL_NAMES.get(inc.level, "未定级"), "相关帖文": f"{len(posts)} 条"}
    if len(posts):
        neg = (posts["sentiment"] == "负面").mean()
        out["负面占比"] = f"{neg:.0%}（{int((posts['sentiment'] == '负面').sum())} / {len(posts)}）"
        peak = hours.loc[hours["volume"].idxmax()]
        out["峰值声量"] = f"{int(peak['volume'])} 条/小时（{fmt(peak['hour'])}）"
    if inc.first_post_at is not None and inc.opened_at is not None:
        out["发现用时"] = f"首帖发布后 {_hours(max(inc.opened_at - inc.first_post_at, timedelta(0)))}立案"
    response = inc.clocks(now)["response"]
    if inc.first_response_at is not None:
        took = inc.first_response_at - inc.clock_start
        verdict = f"，超出时限 {_hours(inc.first_response_at - response['due_at'])}" if response["late"] else "，达标"
        out["首次回应用时"] = f"{_hours(took)}（时限 {_hours(response['length'])}{verdict}，自立案或人工定级起算）"
    else:
        out["首次回应用时"] = "尚未公开回应"
    statements = db.query("statement_list", con, incident_id=int(incident_id))
    out["声明"] = f"已发布 {int((statements['status'] == 'published').sum())} 份，共 {len(statements)} 份"
    acts = action_items.list_actions(con, incident_id, now)
    if len(acts):
        done = int((acts["status"] == "已完成").sum())
        late_done = int(((acts["status"] == "已完成") & (pd.to_datetime(acts["done_at"]) > pd.to_datetime(acts["due_at"]))).sum())
        out["行动完成"] = f"{done} / {len(acts)}（逾期完成 {late_done}，当前超时未完成 {int(acts['overdue'].sum())}）"
    else:
        out["行动完成"] = "无行动项"
    return out


def response_summary(con: duckdb.DuckDBPyConnection, incident_id: int) -> str:
    """A first draft of 应对回顾: plans, statements and actions in a few lines."""
    lines = []
    for p in db.query("plan_list", con, incident_id=int(incident_id)).itertuples():
        lines.append(f"- 方案「{p.title}」，负责人 {p.owner}，状态 {p.status}")
    for s in db.query("statement_list", con, incident_id=int(incident_id)).itertuples():
        state = vocab.STATEMENT_STATUS_NAMES.get(s.status, s.status)
        lines.append(f"- 声明（{s.channel}，第 {s.version} 版）：{state}")
    for a in db.query("action_list", con, incident_id=int(incident_id)).itertuples():
        lines.append(f"- 行动「{a.title}」，{a.owner}，{a.status}")
    return "\n".join(lines) or "（尚无方案、声明或行动记录）"


def build(con: duckdb.DuckDBPyConnection, incident_id: int, now: datetime | None = None) -> dict[str, Any]:
    """A fresh review body drafted from the store (text sections to be edited by the team)."""
    inc = require_incident(con.cursor(), incident_id)
    summary = (
        f"{inc['title']}。类别：{inc['category'] or '未分类'}；等级：{vocab.LEVEL_NAMES.get(inc['level'], '未定级')}；"
        f"状态：{inc['status']}；负责人：{inc['owner'] or '未定'}。"
    )
    if inc["summary"]:
        summary += "\n" + inc["summary"]
    return {
        "事件概要": summary,
        "时间线": timeline(con, incident_id),
        "关键指标": metrics(con, incident_id, now),
        "应对回顾": response_summary(con, incident_id),
        "经验教训": "",
        "改进措施": "",
    }


def load(con: duckdb.DuckDBPyConnection, incident_id: int) -> dict[str, Any] | None:
    """The saved review {status, body, updated_by, updated_at, exported_at}, or None."""
    df = db.query("review_get", con, incident_id=int(incident_id))
    if df.empty:
        return None
    row = df.iloc[0].to_dict()
    body = row["body"]
    row["body"] = _normalise(json.loads(body) if isinstance(body, str) else (body or {}))
    return row


def current(con: duckdb.DuckDBPyConnection, incident_id: int, now: datetime | None = None) -> dict[str, Any]:
    """The saved review body, else a fresh draft; timeline and metrics are always recomputed."""
    saved = load(con, incident_id)
    fresh = build(con, incident_id, now)
    if saved is None:
        return fresh
    body = {**fresh, **{k: v for k, v in saved["body"].items() if k in TEXT_SECTIONS}}
    return body


def save(
    con: duckdb.DuckDBPyConnection,
    incident_id: int,
    body: dict,
    actor: str,
    status: str = "草稿",
    now: datetime | None = None,
) -> None:
    """Save the review (草稿 or 已定稿); 已定稿 moves a closed incident to 已复盘."""
    access.require(actor, "process")
    if status not in REVIEW_STATUSES:
        raise ValueError(f"复盘状态只能是：{'、'.join(REVIEW_STATUSES)}")
    unknown = set(body) - set(SECTIONS)
    if unknown:
        raise ValueError(f"复盘内容含未知部分：{'、'.join(sorted(unknown))}")
    if status == "已定稿":
        for section in ("经验教训", "改进措施"):
            require_text(body.get(section) if isinstance(body.get(section), str) else "", f"「{section}」后再定稿")
    at = now_or(now)
    text = json.dumps(body, ensure_ascii=False, default=str)
    with db.transaction(con) as cur:
        incident = require_incident(cur, incident_id)
        before = audit.row_dict(cur, "SELECT * FROM reviews WHERE incident_id = ?", [int(incident_id)])
        cur.execute(
            "INSERT INTO reviews (incident_id, status, body, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (incident_id) DO UPDATE SET status = excluded.status, body = excluded.body,"
            " updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            [int(incident_id), status, text, actor, at],
        )
        after = audit.row_dict(cur, "SELECT * FROM reviews WHERE incident_id = ?", [int(incident_id)])
        audit.record(cur, actor, "finalise" if status == "已定稿" else "save", "review", incident_id, before, after)
        if status == "已定稿" and incident["status"] == "已关闭":
            incident_status.advance_on(cur, incident_id, "已复盘", actor, at)


def add_lesson(con: duckdb.DuckDBPyConnection, incident_id: int | None, text: str, tags, actor: str) -> int:
    """Add a lesson to the library (案例库); ``tags`` a list or a 、/,-separated text."""
    access.require(actor, "process")
    text = require_text(text, "经验教训内容")
    if isinstance(tags, str):
        tags = [t for t in (x.strip() for x in tags.replace("，", ",").replace("、", ",").split(",")) if t]
    tags = list(dict.fromkeys(tags or []))
    with db.transaction(con) as cur:
        if incident_id is not None:
            require_incident(cur, incident_id)
        values = {"incident_id": None if incident_id is None else int(incident_id), "text": text, "tags": tags,
                  "created_by": actor}
        return insert_audited(cur, "lessons", values, "lesson", actor)


def lessons(con: duckdb.DuckDBPyConnection, q: str = "") -> pd.DataFrame:
    """The lessons library, optionally filtered by a text or tag."""
    return db.query("lesson_library", con, q=q or "")
