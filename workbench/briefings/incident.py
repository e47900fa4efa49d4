"""舆情专报: one incident as a Briefing (level and clocks, heat and severity explained, spread,
key posts, alerts, statements, next steps)."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import duckdb
import pandas as pd

from .. import db
from ..alerts.store import list_alerts
from ..alerts.timeutil import now_local, to_local
from ..communication.exports import briefing_sections as communication_sections
from ..vocab import STATUS_TIME_COLUMN
from . import formatting as fm
from .daily import HEAT_SEVERITY_NOTE, alerts_section
from .model import Briefing, Chart, Figure, Section, Table


def _incident(con, incident_id: int) -> dict[str, Any]:
    df = db.query("briefing_incident", con, incident_id=int(incident_id))
    if df.empty:
        raise ValueError(f"事件 {incident_id} 不存在")
    return df.iloc[0].to_dict()


def _overview(inc: dict[str, Any]) -> Section:
    paragraphs = []
    if isinstance(inc.get("summary"), str) and inc["summary"].strip():
        paragraphs.append(inc["summary"].strip())
    facts = [f"类别：{inc.get('category') or '未分类'}"]
    if isinstance(inc.get("employer"), str) and inc["employer"]:
        facts.append(f"涉及单位：{inc['employer']}")
    facts.append(f"负责人：{inc['owner'] if isinstance(inc.get('owner'), str) and inc['owner'] else '未指定'}")
    paragraphs.append("；".join(facts) + "。")
    steps = [f"{status}：{fm.when(inc.get(col), '%Y-%m-%d %H:%M')}" for status, col in STATUS_TIME_COLUMN.items() if not fm.missing(inc.get(col))]
    if not fm.missing(inc.get("first_post_at")):
        steps.insert(0, f"首帖发布：{fm.when(inc['first_post_at'], '%Y-%m-%d %H:%M')}（立案即工作台发现该事件的时间）")
    return Section("一、事件概况", paragraphs=paragraphs, bullets=[f"当前状态：{inc['status']}", *steps])


def _level_and_clocks(con, inc: dict[str, Any], as_of: datetime) -> tuple[Section, dict[str, Any]]:
    from ..incidents.clocks import load_config

    rows, c = fm.clock_rows(inc, as_of, load_config(con))
    text = f"当前级别：{fm.level_text(inc.get('level'))}（计算级别 {fm.level_text(inc.get('computed_level'))}）。"
    if isinstance(inc.get("level_override"), str) and inc["level_override"]:
        text += f"分析员人工调整为{fm.level_text(inc['level_override'])}，理由：{inc.get('level_reason') or '未填写'}。"
    if c["escalated"]:
        text += f"因处置时限超时，按规则上调一级为{fm.level_text(c['effective_level'])}。"
    return Section("二、级别与处置时限", paragraphs=[text],
                   tables=[Table(["时限", "截止", "完成", "状态", "剩余/超时"], rows)]), c


def _parts_table(part: dict[str, Any] | None) -> Table | None:
    if not part or not part.get("parts"):
        return None
    return Table(["组成", "得分", "依据"], [[str(p.get("name")), fm.number(p.get("points")), str(p.get("detail") or "")] for p in part["parts"]])


def _time_axis(df: pd.DataFrame, column: str) -> tuple[pd.DataFrame, str]:
    """Hourly rows, or daily sums when the incident spans more than three days."""
    if df.empty:
        return df, "%m-%d %H时"
    times = df[column].map(lambda t: to_local(pd.Timestamp(t)))
    if times.max() - times.min() > timedelta(days=3):
        out = df.assign(_t=times.map(lambda t: t.replace(hour=0))).drop(columns=[column])
        numeric = [c for c in out.columns if c != "_t" and pd.api.types.is_numeric_dtype(out[c])]
        return out.groupby("_t", as_index=False)[numeric].sum().rename(columns={"_t": column}), "%m-%d"
    return df.assign(**{column: times}), "%m-%d %H时"


def _heat_severity(con, incident_id: int, inc: dict[str, Any]) -> Section:
    from ..incidents.scoring import latest_explanation

    expl = latest_explanation(con, incident_id) or {}
    section = Section("三、热度与严重度", paragraphs=[
        f"最新热度 {fm.number(inc.get('heat'))}、严重度 {fm.number(inc.get('severity'))}（评分时间 {fm.when(inc.get('scored_at'))}）。",
        HEAT_SEVERITY_NOTE,
    ])
    for label, key in (("热度", "heat"), ("严重度", "severity")):
        t = _parts_table(expl.get(key))
        if t is not None:
            section.paragraphs.append(f"{label}合计 {fm.number(expl[key].get('total'))} 分，各组成的得分与依据列于表中。")
            section.tables.append(t)
    history = db.query("incident_score_history", con, incident_id=int(incident_id))
    if len(history) > 1:
        # a score is a state, not a count: keep the last value of each period
        times = history["at"].map(lambda t: to_local(pd.Timestamp(t)))
        daily = times.max() - times.min() > timedelta(days=3)
        key = times.map(lambda t: t.replace(hour=0) if daily else t)
        last = history.assign(_k=key).groupby("_k").tail(1)
        fmt = "%m-%d" if daily else "%m-%d %H时"
        section.charts.append(Chart(
            "热度与严重度变化", [f"{to_local(pd.Timestamp(t)):{fmt}}" for t in last["at"]],
            {"热度": [float(x) for x in last["heat"]], "严重度": [float(x) for x in last["severity"]]}, ylabel="分（0–100）",
        ))
    return section


def _spread(con, incident_id: int) -> Section:
    hourly, fmt = _time_axis(db.query("briefing_incident_hourly", con, incident_id=int(incident_id)), "hour")
    section = Section("四、传播态势")
    if hourly.empty:
        section.paragraphs.append("事件暂无帖子。")
        return section
    section.charts.append(Chart(
        "发帖量变化" + ("（按日）" if fmt == "%m-%d" else "（按小时）"),
        [f"{t:{fmt}}" for t in hourly["hour"]],
        {"全部帖子": [int(x) for x in hourly["posts"]], "负面帖子": [int(x) for x in hourly["negative"]]}, ylabel="条",
    ))
    platforms = db.query("briefing_incident_platforms", con, incident_id=int(incident_id))
    section.tables.append(Table(
        ["平台", "帖子", "负面", "互动"],
        [[str(p), str(int(n)), str(int(ng)), str(int(e))] for p, n, ng, e in zip(platforms["platform"], platforms["posts"], platforms["negative"], platforms["engagement"])],
    ))
    return section


def _key_posts(con, incident_id: int) -> Section:
    df = db.query("briefing_incident_posts", con, incident_id=int(incident_id), limit=10)
    if df.empty:
        return Section("五、关键帖子", paragraphs=["事件暂无帖子。"])
    rows, urls = [], []
    for r in df.to_dict("records"):
        terms = r.get("risk_terms")
        terms_text = "、".join(list(terms)[:3]) if terms is not None and not fm.missing(terms) and len(terms) else ""
        risk = fm.number(r["risk_level"], 0) + (f"（{terms_text}）" if terms_text else "")
        rows.append([fm.when(r["published_at"]), str(r["platform"]), str(r["sentiment"] or "—"), risk, str(int(r["engagement"])),
                     fm.excerpt(r["text_masked"]), "原帖" if isinstance(r["url"], str) and r["url"] else "—"])
        urls.append(r["url"] if isinstance(r["url"], str) else None)
    return Section("五、关键帖子", paragraphs=["按内容风险（1 级最重）与互动量排序；内容已脱敏。"],
                   tables=[Table(["时间", "平台", "情感", "风险", "互动", "内容（已脱敏）", "链接"], rows, links={"链接": urls})])


def _statements(con, incident_id: int) -> tuple[Section, int]:
    """The statements table and how many are published."""
    df = db.query("statement_list", con, incident_id=int(incident_id))
    if df.empty:
        return Section("七、口径与声明", paragraphs=["尚未起草对外口径或声明。"]), 0
    rows = [[str(r["channel"]), f"第 {int(r['version'])} 版", fm.statement_status(r["status"]),
             r["approved_by"] if isinstance(r["approved_by"], str) else "—", fm.when(r["published_at"])] for r in df.to_dict("records")]
    published = int((df["status"] == "published").sum())
    return Section("七、口径与声明", paragraphs=[f"共 {len(df)} 份，已发布 {published} 份。"],
                   tables=[Table(["渠道", "版本", "状态", "批准人", "发布时间"], rows)]), published


def _next_steps(con, incident_id: int, clocks: dict[str, Any], statements_published: bool) -> Section:
    bullets = []
    for key in ("ack", "response"):
        k = clocks[key]
        if k["state"] in ("进行中", "已超时"):
            bullets.append(f"{k['name']}：截止 {fm.when(k['due_at'])}（{k['state']}）")
    if not statements_published:
        bullets.append("尚无已发布的对外声明：按口径准备并走审批流程。")
    actions = db.query("action_list", con, incident_id=int(incident_id))
    finished = actions[actions["status"].isin(["已完成", "已取消"])]
    for r in actions.drop(finished.index).to_dict("records"):
        owner = r["owner"] if isinstance(r["owner"], str) and r["owner"] else "未指定"
        bullets.append(f"{r['title']}（负责人 {owner}，截止 {fm.when(r['due_at'])}，{r['status']}）")
    if len(finished):
        counts = finished["status"].value_counts()
        bullets.append("已办结：" + "、".join(f"{s} {int(n)} 项" for s, n in counts.items()))
    return Section("八、下一步工作", bullets=bullets or ["暂无待办事项。"])


def build_incident(con: duckdb.DuckDBPyConnection, incident_id: int, *, now: datetime | None = None) -> Briefing:
    """The 舆情专报 of one incident, as it stands at ``now``."""
    inc = _incident(con, incident_id)
    generated = now_local(now)
    posts = int(inc.get("posts") or 0)
    level_section, clocks = _level_and_clocks(con, inc, generated)
    statements, published = _statements(con, incident_id)
    figures = [
        Figure("事件级别", fm.level_text(inc.get("level")),
               "人工调整" if isinstance(inc.get("level_override"), str) and inc["level_override"] else "按热度×严重度矩阵"),
        Figure("热度", fm.number(inc.get("heat")), "0–100，越高传播越广"),
        Figure("严重度", fm.number(inc.get("severity")), "0–100，越高后果越重"),
        Figure("帖子数", f"{posts} 条", ""),
        Figure("负面占比", "—" if fm.missing(inc.get("negative_share")) else f"{float(inc['negative_share']):.1%}", "最新评分时"),
        Figure("处置状态", str(inc["status"]), f"立案（发现）{fm.when(inc.get('opened_at'), '%Y-%m-%d %H:%M')}"),
    ]
    alerts = list_alerts(con, {"incident_id": int(incident_id)})
    briefing = Briefing(
        kind="incident",
        title="舆情专报",
        subtitle=f"{inc['title']}（事件 {int(incident_id)}）",
        generated_at=generated,
        figures=figures,
        sections=[
            _overview(inc), level_section, _heat_severity(con, incident_id, inc), _spread(con, incident_id),
            _key_posts(con, incident_id), alerts_section("六、预警记录", alerts), statements,
            _next_steps(con, incident_id, clocks, published > 0),
        ],
        meta={"incident_id": int(incident_id), "file_stem": f"舆情专报_事件{int(incident_id)}"},
    )
    briefing.sections += communication_sections(con, incident_id, len(briefing.sections) + 1, now=generated)
    return briefing
