"""The postmortem as a Markdown document (复盘报告) that is safe to send around.

Safe means: post text only in its masked form; every free text (review sections typed by
people, statements, lessons) passed through ``mask_pii`` too; angle brackets escaped so an
untrusted text cannot become HTML in a Markdown viewer; no author names.
"""
from __future__ import annotations

from datetime import datetime

import duckdb

from .. import audit, db, vocab
from ..communication.exports import review_lines as communication_lines
from ..pii import mask_pii
from ..response.clock import fmt, now_or
from . import postmortem


def safe_text(text) -> str:
    """Masked, HTML-inert text for the report."""
    if text is None:
        return ""
    return mask_pii(str(text)).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell(text) -> str:
    return safe_text(text).replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def review_markdown(con: duckdb.DuckDBPyConnection, incident_id: int, now: datetime | None = None) -> str:
    """The 复盘报告 of an incident as Markdown (saved text sections, fresh timeline and metrics)."""
    inc = db.query("review_incident", con, incident_id=int(incident_id))
    if inc.empty:
        raise ValueError(f"事件 {incident_id} 不存在")
    saved = postmortem.load(con, incident_id)
    body = postmortem.current(con, incident_id, now)
    at = now_or(now)
    title = inc.iloc[0]["title"]
    out = [f"# 复盘报告：{_cell(title)}", ""]
    state = saved["status"] if saved else "草稿（未保存）"
    out += [f"> 事件编号 {int(incident_id)} · 复盘状态：{state} · 生成时间：{fmt(at)}", ""]

    out += ["## 事件概要", "", safe_text(body["事件概要"]), ""]

    out += ["## 时间线", ""]
    if body["时间线"]:
        out += ["| 时间 | 类型 | 事件 |", "|---|---|---|"]
        out += [f"| {_cell(e['时间'])} | {_cell(e['类型'])} | {_cell(e['事件'])} |" for e in body["时间线"]]
    else:
        out.append("（无记录）")
    out.append("")

    out += ["## 关键指标", ""]
    out += [f"- **{_cell(k)}**：{_cell(v)}" for k, v in body["关键指标"].items()]
    top = db.query("review_top_posts", con, incident_id=int(incident_id))
    if len(top):
        out += ["", "代表性帖文（已脱敏）：", ""]
        for p in top.itertuples():
            engagement = int(p.reposts) + int(p.comments) + int(p.likes)
            out.append(f"- [{_cell(p.platform)}·{_cell(p.sentiment or '未标注')}·互动 {engagement}] {_cell(p.text_masked)}")
    out.append("")

    out += ["## 应对回顾", "", safe_text(body["应对回顾"]) or "（待填写）", ""]
    published = db.query("statement_published", con, incident_id=int(incident_id))
    if len(published):
        out += ["已发布声明：", ""]
        for s in published.itertuples():
            out.append(f"- {_cell(s.channel)}（{fmt(s.published_at)}）：{_cell(s.body)}")
        out.append("")

    out += communication_lines(con, incident_id, _cell)

    out += ["## 经验教训", "", safe_text(body["经验教训"]) or "（待填写）", ""]
    lessons = postmortem.lessons(con)
    lessons = lessons[lessons["incident_id"] == int(incident_id)]
    for lesson in lessons.itertuples():
        tags = "、".join(lesson.tags) if lesson.tags is not None and len(lesson.tags) else ""
        out.append(f"- {_cell(lesson.text)}" + (f"（{_cell(tags)}）" if tags else ""))
    if len(lessons):
        out.append("")

    out += ["## 改进措施", "", safe_text(body["改进措施"]) or "（待填写）", ""]
    out.append(f"*等级说明：{'；'.join(vocab.LEVEL_NAMES.values())}*")
    return "\n".join(out) + "\n"


def export_review(
    con: duckdb.DuckDBPyConnection, incident_id: int, actor: str, now: datetime | None = None
) -> str:
    """The Markdown report, recording ``exported_at`` (audited); an unsaved review is saved as 草稿."""
    text = review_markdown(con, incident_id, now)
    at = now_or(now)
    if postmortem.load(con, incident_id) is None:
        postmortem.save(con, incident_id, postmortem.build(con, incident_id, now), actor, now=now)
    with db.transaction(con) as cur:
        before = audit.row_dict(cur, "SELECT * FROM reviews WHERE incident_id = ?", [int(incident_id)])
        cur.execute("UPDATE reviews SET exported_at = ? WHERE incident_id = ?", [at, int(incident_id)])
        audit.record(cur, actor, "export", "review", incident_id,
                     {"exported_at": before["exported_at"]}, {"exported_at": at, "format": "md"})
    return text
