"""The postmortem (复盘报告) as a document that is safe to send around: Markdown, DOCX or JSON.

Safe means: post text only in its masked form; every free text (review sections typed by
people, statements, lessons) passed through ``mask_pii`` too; in Markdown, angle brackets
inert (``plaintext.inert``) so an untrusted text cannot become markup in a viewer; no author names.
"""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import duckdb

from .. import access, audit, db, vocab
from ..communication import exports as comm
from ..response.clock import fmt, now_or
from . import document, postmortem

FORMATS = {"md": "text/markdown", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           "json": "application/json"}


def _contents(con: duckdb.DuckDBPyConnection, incident_id: int, now: datetime | None) -> dict[str, Any]:
    """Everything a review document holds, masked, in one dict (the JSON export is this dict)."""
    inc = db.query("review_incident", con, incident_id=int(incident_id))
    if inc.empty:
        raise ValueError(f"事件 {incident_id} 不存在")
    row = inc.iloc[0]
    saved = postmortem.load(con, incident_id)
    body = postmortem.current(con, incident_id, now)
    lessons = postmortem.lessons(con)
    lessons = lessons[lessons["incident_id"] == int(incident_id)]
    top = db.query("review_top_posts", con, incident_id=int(incident_id))
    published = db.query("statement_published", con, incident_id=int(incident_id))
    safe = document.safe_text
    return {
        "incident": {"id": int(incident_id), "title": safe(row["title"]), "category": row["category"],
                     "level": row["level"], "status": row["status"]},
        "review_status": saved["status"] if saved else "草稿（未保存）",
        "generated_at": fmt(now_or(now)),
        "sections": {name: safe(body[name]) for name in postmortem.TEXT_SECTIONS},
        "timeline": [{k: safe(v) for k, v in e.items()} for e in body["时间线"]],
        "metrics": {k: safe(v) for k, v in body["关键指标"].items()},
        "top_posts": [{"platform": p.platform, "sentiment": p.sentiment or "未标注",
                       "engagement": int(p.reposts) + int(p.comments) + int(p.likes), "text": safe(p.text_masked)}
                      for p in top.itertuples()],
        "statements": [{"channel": safe(s.channel), "published_at": fmt(s.published_at), "body": safe(s.body)}
                       for s in published.itertuples()],
        "communication": {name: [dict(zip(columns, row)) for row in rows(con, incident_id)]
                          for name, columns, rows in (("ledger", comm.LEDGER_COLUMNS, comm.ledger_rows),
                                                      ("updates", comm.UPDATE_COLUMNS, comm.update_rows),
                                                      ("interactions", comm.INTERACTION_COLUMNS, comm.interaction_rows))},
        "lessons": [{"text": safe(lesson.text),
                     "tags": list(lesson.tags) if lesson.tags is not None and len(lesson.tags) else []}
                    for lesson in lessons.itertuples()],
    }


def review_doc(con: duckdb.DuckDBPyConnection, incident_id: int, now: datetime | None = None) -> document.Doc:
    """The 复盘报告 as a document (saved text sections, fresh timeline and metrics)."""
    c = _contents(con, incident_id, now)
    s = c["sections"]
    doc = document.Doc(f"复盘报告：{c['incident']['title']}")
    doc.paragraph(f"事件编号 {c['incident']['id']} · 复盘状态：{c['review_status']} · 生成时间：{c['generated_at']}", note=True)
    doc.heading("事件概要").paragraph(s["事件概要"])
    doc.heading("时间线")
    if c["timeline"]:
        doc.table(["时间", "类型", "事件"], [[e["时间"], e["类型"], e["事件"]] for e in c["timeline"]])
    else:
        doc.paragraph("（无记录）")
    doc.heading("关键指标").bullets(f"{k}：{v}" for k, v in c["metrics"].items())
    if c["top_posts"]:
        doc.paragraph("代表性帖文（已脱敏）：")
        doc.bullets(f"[{p['platform']}·{p['sentiment']}·互动 {p['engagement']}] {p['text']}" for p in c["top_posts"])
    doc.heading("应对回顾").paragraph(s["应对回顾"] or "（待填写）")
    if c["statements"]:
        doc.paragraph("已发布声明：")
        doc.bullets(f"{st['channel']}（{st['published_at']}）：{st['body']}" for st in c["statements"])
    comm.review_section(doc, con, incident_id)
    doc.heading("经验教训").paragraph(s["经验教训"] or "（待填写）")
    if c["lessons"]:
        doc.bullets(lesson["text"] + (f"（{'、'.join(lesson['tags'])}）" if lesson["tags"] else "") for lesson in c["lessons"])
    doc.heading("改进措施").paragraph(s["改进措施"] or "（待填写）")
    doc.paragraph(f"等级说明：{'；'.join(vocab.LEVEL_NAMES.values())}", note=True)
    return doc


def review_markdown(con: duckdb.DuckDBPyConnection, incident_id: int, now: datetime | None = None) -> str:
    """The 复盘报告 of an incident as Markdown."""
    return document.markdown(review_doc(con, incident_id, now))


def render(con: duckdb.DuckDBPyConnection, incident_id: int, fmt_name: str = "md", now: datetime | None = None) -> bytes:
    """The 复盘报告 in one of ``FORMATS`` as bytes (UTF-8 for md and json)."""
    if fmt_name not in FORMATS:
        raise ValueError(f"复盘报告格式只能是：{'、'.join(FORMATS)}")
    if fmt_name == "json":
        return json.dumps(_contents(con, incident_id, now), ensure_ascii=False, indent=2, default=str).encode("utf-8")
    doc = review_doc(con, incident_id, now)
    return document.docx_bytes(doc) if fmt_name == "docx" else document.markdown(doc).encode("utf-8")


def export_review(
    con: duckdb.DuckDBPyConnection, incident_id: int, actor: str, now: datetime | None = None, fmt_name: str = "md"
):
    """The report (str for md, bytes for docx and json), recording ``exported_at`` (audited); an
    unsaved review is saved as 草稿 first."""
    access.require(actor, "export")
    data = render(con, incident_id, fmt_name, now)
    at = now_or(now)
    if postmortem.load(con, incident_id) is None:
        postmortem.save(con, incident_id, postmortem.build(con, incident_id, now), actor, now=now)
    with db.transaction(con) as cur:
        before = audit.row_dict(cur, "SELECT * FROM reviews WHERE incident_id = ?", [int(incident_id)])
        cur.execute("UPDATE reviews SET exported_at = ? WHERE incident_id = ?", [at, int(incident_id)])
        audit.record(cur, actor, "export", "review", incident_id,
                     {"exported_at": before["exported_at"]}, {"exported_at": at, "format": fmt_name})
    return data.decode("utf-8") if fmt_name == "md" else data
