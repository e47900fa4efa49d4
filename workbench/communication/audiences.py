"""Who hears about an incident, through which channel and how often, by level.

Defaults (hours between updates; None = no regular update, only when something changes) follow
the level: the graver the incident, the tighter the cadence — Ⅰ级 every 2 h to 管理层, as the
response guidance asks for leadership to be kept informed during a major event. An incident's own
settings (``stakeholder_plans``) override the defaults per audience. A channel that is the name of
a configured push channel (预警汇报 › 推送渠道) sends the update there; any other is a label for a
channel used by hand (面谈, 电话, 书面报告), and the update is recorded as sent.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from .. import access, db
from ..response.records import require_incident, require_text, upsert_audited

AUDIENCES = ("全体员工", "管理层", "涉事员工及家属", "合作方", "监管部门", "媒体")
DEFAULT_CHANNEL = {
    "全体员工": "内部公告", "管理层": "邮件", "涉事员工及家属": "当事人沟通", "合作方": "邮件",
    "监管部门": "书面报告", "媒体": "媒体通稿",
}
# hours between updates by level Ⅰ / Ⅱ / Ⅲ / Ⅳ
DEFAULT_CADENCE = {
    "管理层":        {"Ⅰ": 2, "Ⅱ": 4, "Ⅲ": 12, "Ⅳ": 24},
    "涉事员工及家属": {"Ⅰ": 4, "Ⅱ": 8, "Ⅲ": 24, "Ⅳ": 48},
    "全体员工":      {"Ⅰ": 12, "Ⅱ": 24, "Ⅲ": 72, "Ⅳ": None},
    "监管部门":      {"Ⅰ": 6, "Ⅱ": 24, "Ⅲ": None, "Ⅳ": None},
    "媒体":          {"Ⅰ": 12, "Ⅱ": 24, "Ⅲ": None, "Ⅳ": None},
    "合作方":        {"Ⅰ": 24, "Ⅱ": 48, "Ⅲ": None, "Ⅳ": None},
}
EXTERNAL = ("合作方", "监管部门", "媒体")


def _require_audience(audience: str) -> str:
    if audience not in AUDIENCES:
        raise ValueError(f"通报对象只能是：{'、'.join(AUDIENCES)}")
    return audience


def plan(con: duckdb.DuckDBPyConnection, incident_id: int, level: str | None) -> pd.DataFrame:
    """Every audience with its channel and cadence for an incident of ``level``: the incident's
    own setting where there is one (source 事件设置), else the default (source 按级别默认)."""
    saved = db.query("stakeholder_plan_list", con, incident_id=int(incident_id)).set_index("audience")
    lv = level if level in ("Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ") else "Ⅳ"
    rows = []
    for a in AUDIENCES:
        if a in saved.index:
            hours = saved.at[a, "cadence_hours"]
            rows.append({"audience": a, "channel": saved.at[a, "channel"],
                         "cadence_hours": None if pd.isna(hours) else float(hours), "source": "事件设置"})
        else:
            rows.append({"audience": a, "channel": DEFAULT_CHANNEL[a], "cadence_hours": DEFAULT_CADENCE[a][lv],
                         "source": f"按级别默认（{lv}级）"})
    df = pd.DataFrame(rows, columns=["audience", "channel", "cadence_hours", "source"])
    # no cadence stays None (pandas would make it NaN, which reads as true)
    df["cadence_hours"] = df["cadence_hours"].astype(object).where(df["cadence_hours"].notna(), None)
    return df


def set_plan(con: duckdb.DuckDBPyConnection, incident_id: int, audience: str, channel: str,
             cadence_hours: float | None, actor: str) -> None:
    """Set an audience's channel and cadence for one incident (None or 0 hours: no regular update)."""
    access.require(actor, "process")
    audience = _require_audience(audience)
    channel = require_text(channel, "通报渠道")
    hours = None if cadence_hours in (None, "") or float(cadence_hours) == 0 else float(cadence_hours)
    if hours is not None and hours < 0:
        raise ValueError("通报间隔不能为负数")
    with db.transaction(con) as cur:
        require_incident(cur, incident_id)
        upsert_audited(cur, "stakeholder_plans", {"incident_id": int(incident_id), "audience": audience},
                       {"channel": channel, "cadence_hours": hours, "updated_by": actor},
                       entity="stakeholder_plan", action="set", actor=actor)
