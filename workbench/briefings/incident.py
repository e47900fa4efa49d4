"""舆情专报: one incident as a Briefing, in the usual 专报 order —

核心摘要 (≤ 200 字, ending in a one-sentence risk verdict) → 一、事件概况与传播 → 二、舆论焦点与各方观点
→ 三、风险研判 (level, clocks, heat and severity explained, alerts) → 四、处置进展 (owner, roles,
statements, actions) → 五、建议.
"""
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
from . import progress, verdict
from .daily import HEAT_SEVERITY_NOTE, alerts_summary
from .model import Briefing, Chart, Figure, Section, Table
from .opinion import opinion_section


def _incident(con, incident_id: int) -> dict[str, Any]:
    df = db.query("briefing_incident", con, incident_id=int(incident_id))
    if df.empty:
        raise ValueError(f"事件 {incident_id} 不存在")
    return df.iloc[0].to_dict()


def _time_axis(df: pd.DataFrame, column: str) -> tuple[pd.DataFrame, bool]:
    """Hourly rows, or daily sums when the incident spans more than three days (True)."""
    if df.empty:
        return df, False
    times = df[column].map(lambda t: to_local(pd.Timestamp(t)))
    if times.max() - times.min() > timedelta(days=3):
        out = df.assign(_t=times.map(lambda t: t.replace(hour=0))).drop(columns=[column])
        numeric = [c for c in out.columns if c != "_t" and pd.api.types.is_numeric_dtype(out[c])]
        return out.groupby("_t", as_index=False)[numeric].sum().rename(columns={"_t": column}), True
    return df.assign(**{column: times}), False


def _overview_and_spread(con, inc: dict[str, Any], owner: str, roles: str) -> Section:
    incident_id = int(inc["id"])
    section = Section("一、事件概况与传播")
    if isinstance(inc.get("summary"), str) and inc["summary"].strip():
        section.paragraphs.append(fm.sentence(inc["summary"]))
    facts = [f"类别：{inc.get('category') or '未分类'}"]
    if fm.person_of(inc.get("employer")):
        facts.append(f"涉及单位：{inc['employer']}")
    facts += [f"负责人：{owner}", f"分工：{roles}"]
    section.paragraphs.append(fm.sentence("；".join(facts)))
    steps = [f"{status}：{fm.when(inc.get(col), '%Y-%m-%d %H:%M')}" for status, col in STATUS_TIME_COLUMN.items()
             if not fm.missing(inc.get(col))]
    if not fm.missing(inc.get("first_post_at")):
        steps.insert(0, f"首帖发布：{fm.when(inc['first_post_at'], '%Y-%m-%d %H:%M')}（立案即工作台发现该事件的时间）")
    section.bullets += [f"当前状态：{inc['status']}", *steps]
    hourly, daily = _time_axis(db.query("briefing_incident_hourly", con, incident_id=incident_id), "hour")
    if hourly.empty:
        section.paragraphs.append("事件暂无帖子。")
        return section
    section.charts.append(Chart(
        "发帖量变化" + ("（按日）" if daily else "（按小时）"), [fm.cn_date(t, with_hour=not daily) for t in hourly["hour"]],
        {"全部帖子": [int(x) for x in hourly["posts"]], "负面帖子": [int(x) for x in hourly["negative"]]}, ylabel="条",
    ))
    platforms = db.query("briefing_incident_platforms", con, incident_id=incident_id)
    section.tables.append(Table(
        ["平台", "帖子", "负面", "互动"],
        [[str(p), str(int(n)), str(int(ng)), str(int(e))] for p, n, ng, e in
         zip(platforms["platform"], platforms["posts"], platforms["negative"], platforms["engagement"])],
    ))
    section.tables.append(_key_posts(con, incident_id))
    return section


def _key_posts(con, incident_id: int) -> Table:
    df = db.query("briefing_incident_posts", con, incident_id=int(incident_id), limit=8)
    rows, urls = [], []
    for r in df.to_dict("records"):
        terms = r.get("risk_terms")
        terms_text = "、".join(list(terms)[:3]) if terms is not None and not fm.missing(terms) and len(terms) else ""
        risk = fm.number(r["risk_level"], 0) + (f"（{terms_text}）" if terms_text else "")
        rows.append([fm.when(r["published_at"]), str(r["platform"]), str(r["sentiment"] or "—"), risk, str(int(r["engagement"])),
                     fm.excerpt(r["text_masked"]), "原帖" if isinstance(r["url"], str) and r["url"] else "—"])
        urls.append(r["url"] if isinstance(r["url"], str) else None)
    return Table(["时间", "平台", "情感", "风险", "互动", "关键帖子（已脱敏，按风险与互动排序）", "链接"], rows, links={"链接": urls})


def _parts_table(part: dict[str, Any] | None) -> Table | None:
    if not part or not part.get("parts"):
        return None
    return Table(["组成", "得分", "依据"], [[str(p.get("name")), fm.number(p.get("points")), str(p.get("detail") or "")] for p in part["parts"]])


def _risk(con, inc: dict[str, Any], clocks: dict[str, Any], clock_rows, sentence: str, alerts) -> Section:
    from ..incidents.scoring import latest_explanation

    incident_id = int(inc["id"])
    text = f"当前级别：{fm.level_text(inc.get('level'))}（计算级别 {fm.level_text(inc.get('computed_level'))}）"
    if fm.person_of(inc.get("level_override")):
        text += f"；分析员人工调整为{fm.level_text(inc['level_override'])}，理由：{fm.person_of(inc.get('level_reason')) or '未填写'}"
    if clocks["escalated"]:
        text += f"；因处置时限超时，按规则上调一级为{fm.level_text(clocks['effective_level'])}"
    section = Section("三、风险研判", paragraphs=[sentence, fm.sentence(text)],
                      tables=[Table(["时限", "截止", "完成", "状态", "剩余/超时"], clock_rows)])
    section.paragraphs.append(fm.sentence(
        f"最新热度 {fm.number(inc.get('heat'))}、严重度 {fm.number(inc.get('severity'))}（评分时间 {fm.when(inc.get('scored_at'))}）"))
    section.paragraphs.append(HEAT_SEVERITY_NOTE)
    expl = latest_explanation(con, incident_id) or {}
    for key in ("heat", "severity"):
        t = _parts_table(expl.get(key))
        if t is not None:
            section.tables.append(t)
    history = db.query("incident_score_history", con, incident_id=incident_id)
    if len(history) > 1:
        # a score is a state, not a count: keep the last value of each period
        times = history["at"].map(lambda t: to_local(pd.Timestamp(t)))
        daily = times.max() - times.min() > timedelta(days=3)
        last = history.assign(_k=times.map(lambda t: t.replace(hour=0) if daily else t)).groupby("_k").tail(1)
        section.charts.append(Chart(
            "热度与严重度变化", [fm.cn_date(t, with_hour=not daily) for t in last["at"]],
            {"热度": [float(x) for x in last["heat"]], "严重度": [float(x) for x in last["severity"]]}, ylabel="分（0–100）",
        ))
    section.paragraphs.append(alerts_summary(alerts))
    return section


def _progress(con, incident_id: int, owner: str, roles: str, as_of: datetime) -> tuple[Section, int]:
    """四、处置进展 and how many statements are published."""
    section = Section("四、处置进展", paragraphs=[fm.sentence(f"负责人：{owner}；分工：{roles}")])
    plans = db.query("plan_list", con, incident_id=int(incident_id))
    for p in plans.to_dict("records"):
        section.bullets.append(fm.sentence(f"方案「{p['title']}」：负责人 {fm.person_of(p['owner']) or '未指定'}，"
                                           f"截止 {fm.when(p['due_at'])}，{p['status']}"))
    statements = db.query("statement_list", con, incident_id=int(incident_id))
    published = int((statements["status"] == "published").sum()) if len(statements) else 0
    if statements.empty:
        section.paragraphs.append("尚未起草对外口径或声明。")
    else:
        section.paragraphs.append(f"声明共 {len(statements)} 份，已发布 {published} 份。")
        section.tables.append(Table(["渠道", "版本", "状态", "批准人", "发布时间"], [
            [str(r["channel"]), f"第 {int(r['version'])} 版", fm.statement_status(r["status"]),
             fm.person_of(r["approved_by"]) or "—", fm.when(r["published_at"])] for r in statements.to_dict("records")]))
    actions = db.query("action_list", con, incident_id=int(incident_id))
    if actions.empty:
        section.paragraphs.append("尚无行动项。")
    else:
        section.tables.append(progress.actions_table(actions, as_of))
    return section, published


def _advice(con, incident_id: int, inc: dict[str, Any], clocks: dict[str, Any], published: int, as_of: datetime) -> Section:
    from ..response import playbooks

    bullets = [fm.sentence(f"{k['name']}：截止 {fm.when(k['due_at'])}（{k['state']}）")
               for k in (clocks["ack"], clocks["response"]) if k["state"] in ("进行中", "已超时")]
    if not published:
        bullets.append("尚无已发布的对外声明：按口径准备并走审批流程。")
    actions = db.query("action_list", con, incident_id=int(incident_id))
    for r in actions[~actions["status"].isin(progress.DONE)].to_dict("records"):
        bullets.append(fm.sentence(f"{r['title']}（负责人 {fm.person_of(r['owner']) or '未指定'}，截止 {fm.when(r['due_at'])}，{r['status']}）"))
    book = playbooks.load()
    level = inc.get("level") if inc.get("level") in book["levels"] else "Ⅳ"
    return Section("五、建议", paragraphs=[fm.sentence(f"处置策略（{fm.level_text(level)}预案）：{book['levels'][level]['strategy']}")],
                   bullets=bullets or ["暂无待办事项，继续跟踪舆情变化。"])


def build_incident(con: duckdb.DuckDBPyConnection, incident_id: int, *, now: datetime | None = None) -> Briefing:
    """The 舆情专报 of one incident, as it stands at ``now``."""
    from ..incidents.clocks import load_config

    inc = _incident(con, incident_id)
    generated = now_local(now)
    posts = int(inc.get("posts") or 0)
    clock_rows, clocks = fm.clock_rows(inc, generated, load_config(con))
    owner, roles = progress.people(con, incident_id)
    opinion_posts = db.query("briefing_opinion_posts", con, incident_id=int(incident_id), start=None, end=None)
    movement = verdict.trend(opinion_posts["published_at"], generated)
    sentence = verdict.risk_sentence(inc.get("level"), clocks["escalated"], movement, clocks["response"])
    negative = "—" if fm.missing(inc.get("negative_share")) else f"{float(inc['negative_share']):.0%}"
    alerts = list_alerts(con, {"incident_id": int(incident_id)})
    progress_section, published = _progress(con, incident_id, owner, roles, generated)
    summary = verdict.summary([
        f"{inc['title']}：{fm.cn_date(inc.get('first_post_at'))}首帖，{fm.cn_date(inc.get('opened_at'), True)}立案，"
        f"共 {posts} 条帖文，负面占比 {negative}",
        f"当前{fm.level_text(inc.get('level'))}，{inc['status']}，负责人 {owner}",
        f"已发布声明 {published} 份",
    ], sentence)
    figures = [
        Figure("事件级别", fm.level_text(inc.get("level")),
               "人工调整" if fm.person_of(inc.get("level_override")) else "按热度×严重度矩阵"),
        Figure("热度", fm.number(inc.get("heat")), "0–100，越高传播越广"),
        Figure("严重度", fm.number(inc.get("severity")), "0–100，越高后果越重"),
        Figure("帖子数", f"{posts} 条", ""),
        Figure("负面占比", negative, "最新评分时"),
        Figure("处置状态", str(inc["status"]), f"立案（发现）{fm.when(inc.get('opened_at'), '%Y-%m-%d %H:%M')}"),
    ]
    drop = [inc["employer"]] if fm.person_of(inc.get("employer")) else []
    briefing = Briefing(
        kind="incident",
        title="舆情专报",
        subtitle=f"{inc['title']}（事件 {int(incident_id)}）",
        generated_at=generated,
        figures=figures,
        sections=[
            Section("核心摘要", paragraphs=[summary]),
            _overview_and_spread(con, inc, owner, roles),
            opinion_section("二、舆论焦点与各方观点", opinion_posts, drop),
            _risk(con, inc, clocks, clock_rows, sentence, alerts),
            progress_section,
            _advice(con, incident_id, inc, clocks, published, generated),
        ],
        meta={"incident_id": int(incident_id), "file_stem": f"舆情专报_事件{int(incident_id)}"},
    )
    briefing.sections += communication_sections(con, incident_id, now=generated)  # 附一、附二 after 建议
    return briefing
