"""处置进展 and 下一步工作: who answers for an incident, what was published, what is done and due.

下一步工作 lists only incidents that matter (``matters``): an open incident of level Ⅰ or Ⅱ, or
one whose acknowledge / first-response clock is overdue, or one with an open action that is
overdue or due within ``SOON`` of the report. The others are counted in one line.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import duckdb
import pandas as pd

from .. import db, vocab
from . import formatting as fm
from .model import Table

SOON = timedelta(hours=24)
DONE = ("已完成", "已取消")


def people(con: duckdb.DuckDBPyConnection, incident_id: int) -> tuple[str, str]:
    """('刘海峰' or '刘海峰（方案负责人）' or '未指定', '总指挥：陈总；新闻发言人：李文' or '未分工')."""
    df = db.query("briefing_incident_people", con, incident_id=int(incident_id))
    owners = [p for p in df.loc[df["kind"] == "owner", "person"] if fm.person_of(p)]
    plan_owners = list(dict.fromkeys(p for p in df.loc[df["kind"] == "plan", "person"] if fm.person_of(p)))
    if owners:
        owner = owners[0]
    elif plan_owners:
        owner = "、".join(plan_owners) + "（方案负责人）"
    else:
        owner = "未指定"
    roles = df[df["kind"] == "role"]
    roles_text = "；".join(f"{r}：{p}" for r, p in zip(roles["role"], roles["person"])) or "未分工"
    return owner, roles_text


def actions_table(actions: pd.DataFrame, as_of: datetime) -> Table:
    """Actions with role, owner, deadline, status and whether they are overdue at ``as_of``."""
    rows = []
    for r in actions.to_dict("records"):
        done = r["status"] in DONE
        late = not done and not fm.missing(r["due_at"]) and pd.Timestamp(r["due_at"]) < pd.Timestamp(as_of)
        rows.append([str(r["title"]), fm.person_of(r.get("role")) or "—", fm.person_of(r["owner"]) or "未指定",
                     fm.when(r["due_at"]), str(r["status"]), "超时" if late else ""])
    return Table(["行动", "角色", "负责人", "截止", "状态", "超时"], rows)


def matters(row: dict[str, Any], clocks: dict[str, Any], as_of: datetime) -> str | None:
    """Why an open incident belongs in 下一步工作, or None (see the module note)."""
    if row.get("level") in ("Ⅰ", "Ⅱ"):
        return vocab.LEVEL_NAMES[row["level"]]
    overdue = [clocks[k]["name"] for k in ("ack", "response") if clocks[k]["overdue"]]
    if overdue:
        return f"{'、'.join(overdue)}时限已超时"
    if int(row.get("overdue_actions") or 0):
        return f"{int(row['overdue_actions'])} 项行动超时"
    due = row.get("next_due_at")
    if not fm.missing(due) and pd.Timestamp(due) <= pd.Timestamp(as_of) + SOON:
        return f"行动将于 {fm.when(due)} 到期"
    return None


def next_steps(con: duckdb.DuckDBPyConnection, as_of: datetime, config) -> list[str]:
    """下一步工作 across open incidents: one bullet per incident that matters, one line for the rest."""
    from ..incidents.clocks import clocks as clock_state

    bullets, rest = [], 0
    for row in db.query("briefing_open_incidents", con, as_of=as_of,
                        open_statuses=list(vocab.OPEN_STATUSES)).to_dict("records"):
        c = clock_state(row, as_of, config)
        why = matters(row, c, as_of)
        if why is None:
            rest += 1
            continue
        owner, _ = people(con, int(row["id"]))
        todo = [f"{c[k]['name']}截止 {fm.when(c[k]['due_at'])}（{c[k]['state']}）"
                for k in ("ack", "response") if c[k]["state"] in ("进行中", "已超时")]
        if int(row["open_actions"] or 0):
            acts = db.query("action_list", con, incident_id=int(row["id"]))
            acts = acts[~acts["status"].isin(DONE)].head(3)  # the nearest deadlines
            named = "、".join(f"{t}（{fm.person_of(o) or '未指定'}，截止 {fm.when(d)}）"
                             for t, o, d in zip(acts["title"], acts["owner"], acts["due_at"]))
            todo.append(f"待办行动 {int(row['open_actions'])} 项（超时 {int(row['overdue_actions'] or 0)} 项）：{named}")
        bullets.append(fm.sentence(f"【{fm.level_text(row['level'])}·{row['title']}】列入原因：{why}；负责人 {owner}；"
                                   + ("；".join(todo) or "按计划跟踪")))
    if rest:
        bullets.append(f"其余 {rest} 起在办事件为Ⅲ/Ⅳ级，时限与行动均未超时且 24 小时内无到期事项，按常规跟踪，不逐一列出。")
    return bullets or ["暂无在办事件。"]
