"""The claims ledger, the stakeholder updates and the interaction log in the incident's documents:
sections of the 舆情专报 (``briefing_sections``), events of the 复盘 timeline (``timeline_events``)
and the 复盘报告's part (``review_section``). Every free text is masked (``mask_pii``) on the way out.
"""
from __future__ import annotations

from datetime import datetime
from typing import Callable

import duckdb
import pandas as pd

from .. import db
from ..pii import mask_pii
from ..response.clock import fmt
from ..verification import claims
from . import interactions, updates

NUMERALS = "一二三四五六七八九十"


def _t(value) -> str:
    return mask_pii(str(value)) if isinstance(value, str) and value else "—"


def _excerpt(text, limit: int = 60) -> str:
    s = " ".join(_t(text).split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def ledger_rows(con: duckdb.DuckDBPyConnection, incident_id: int) -> list[list[str]]:
    """The ledger as rows of text: 编号, 说法, 状态, 帖子数, 首见, 核实结论, 依据, 确认人, 核实人, 核实时间."""
    return [
        [claims.cite_key(c["id"]), _t(c["text"]), c["status"], str(int(c["posts"])), fmt(c["first_seen"]) or "—",
         _t(c["finding"]), "；".join(x for x in (_t(c["evidence"]), _t(c["document"])) if x != "—") or "—",
         _t(c["confirmed_by"]), _t(c["verified_by"]), fmt(c["verified_at"]) or "—"]
        for c in claims.ledger(con, incident_id).to_dict("records")
    ]


LEDGER_COLUMNS = ["编号", "说法", "状态", "帖子数", "首见", "核实结论", "依据", "确认人", "核实人", "核实时间"]
UPDATE_COLUMNS = ["对象", "渠道", "发送时间", "发送人", "方式", "按时", "摘要"]
INTERACTION_COLUMNS = ["时间", "平台", "回复人", "回复内容", "结果", "其后回复（负面）"]


def update_rows(con: duckdb.DuckDBPyConnection, incident_id: int) -> list[list[str]]:
    """Sent updates, oldest first, as rows of text (see ``UPDATE_COLUMNS``)."""
    df = updates.listing(con, incident_id)
    df = df[df["status"] == "已发送"].iloc[::-1]
    return [[r["audience"], _t(r["channel"]), fmt(r["sent_at"]), _t(r["sent_by"]), _t(r["delivery"]), r["按时"] or "—",
             _excerpt(r["body"].splitlines()[0] if r["body"] else "")] for r in df.to_dict("records")]


def interaction_rows(con: duckdb.DuckDBPyConnection, incident_id: int) -> list[list[str]]:
    """The interaction log, oldest first, as rows of text (see ``INTERACTION_COLUMNS``)."""
    df = interactions.listing(con, incident_id).iloc[::-1]
    return [[fmt(r["replied_at"]), _t(r["platform"]), _t(r["responder"]), _excerpt(r["reply"]), r["outcome"],
             f"{int(r['later_replies'])}（{int(r['later_negative'])}）"] for r in df.to_dict("records")]


def due_lines(con: duckdb.DuckDBPyConnection, incident_id: int, now: datetime | None = None) -> list[str]:
    """The next update per audience with a cadence: '管理层：每 2 小时，下次 11-20 16:00 前（还剩 …）'."""
    from ..incidents import record

    df = updates.due(con, record.get(con, incident_id), now)
    return [f"{r['audience']}（{r['channel']}）：每 {r['cadence_hours']:g} 小时，下次 {fmt(r['due_at'])} 前（{r['倒计时']}）"
            for r in df.to_dict("records") if r["due_at"] is not None and not pd.isna(r["due_at"])]


def briefing_sections(con: duckdb.DuckDBPyConnection, incident_id: int, now: datetime | None = None) -> list:
    """The 专报's two appendices after its 建议: 附一 信息核实 (the ledger) and 附二 相关方通报与互动
    (appendices, so that the 专报's own order 核心摘要 → … → 建议 stays as leadership reads it)."""
    from ..briefings.model import Section, Table

    def title(i: int, name: str) -> str:
        return f"附{NUMERALS[i]}、{name}"

    ledger = ledger_rows(con, incident_id)
    counts = pd.Series([r[2] for r in ledger]).value_counts() if ledger else pd.Series(dtype=int)
    verify = Section(title(0, "信息核实（核实台账）"))
    if ledger:
        verify.paragraphs.append(f"共 {len(ledger)} 条网传说法：" + "、".join(f"{s} {int(n)} 条" for s, n in counts.items())
                                 + "。对外表述只使用已核实的事实；帖子数为提及该说法的帖子。")
        verify.tables.append(Table(LEDGER_COLUMNS, ledger))
    else:
        verify.paragraphs.append("尚未登记需核实的说法。")
    talk = Section(title(1, "相关方通报与互动"))
    sent = update_rows(con, incident_id)
    talk.paragraphs.append(f"已发送通报 {len(sent)} 份。" if sent else "尚未向相关方发送通报。")
    if sent:
        talk.tables.append(Table(UPDATE_COLUMNS, sent))
    talk.bullets += due_lines(con, incident_id, now)
    replies = interaction_rows(con, incident_id)
    if replies:
        talk.paragraphs.append(f"对关键帖子的回复 {len(replies)} 次（结果由分析员记录；其后回复为该帖在回复后收到的回复与转发）。")
        talk.tables.append(Table(INTERACTION_COLUMNS, replies))
    return [verify, talk]


def timeline_events(con: duckdb.DuckDBPyConnection, incident_id: int) -> list[dict]:
    """Claims verified, updates sent and replies given, as review timeline rows {at, kind, event}."""
    out = []
    for k in claims.history(con, incident_id).to_dict("records"):
        note = f"，确认：{_t(k['confirmed_by'])}" if isinstance(k["confirmed_by"], str) else ""
        out.append({"at": k["at"], "kind": "核实",
                    "event": f"{claims.cite_key(k['claim_id'])}「{_t(k['text'])}」→ {k['status']}（{k['verified_by']}{note}）"})
    for u in updates.listing(con, incident_id).to_dict("records"):
        if u["status"] == "已发送":
            out.append({"at": u["sent_at"], "kind": "通报",
                        "event": f"向{u['audience']}通报（{_t(u['channel'])}，{u['delivery']}，{_t(u['sent_by'])}）"})
    for r in interactions.listing(con, incident_id).to_dict("records"):
        out.append({"at": r["replied_at"], "kind": "互动",
                    "event": f"{_t(r['responder'])}在{_t(r['platform'])}回复：{_excerpt(r['reply'], 40)}（{r['outcome']}）"})
    return out


def review_section(doc, con: duckdb.DuckDBPyConnection, incident_id: int) -> None:
    """Add the 复盘报告's 信息核实与沟通 part to a review ``document.Doc`` (which masks and makes
    every text inert on the way out)."""
    doc.heading("信息核实与沟通")
    for title, columns, rows, none in (
        ("核实台账", LEDGER_COLUMNS, ledger_rows(con, incident_id), "（未登记需核实的说法）"),
        ("相关方通报", UPDATE_COLUMNS, update_rows(con, incident_id), "（未发送通报）"),
        ("互动记录", INTERACTION_COLUMNS, interaction_rows(con, incident_id), "（无互动记录）"),
    ):
        doc.heading(title, level=3)
        if rows:
            doc.table(columns, rows)
        else:
            doc.paragraph(none)
