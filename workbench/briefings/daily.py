"""舆情日报: one day of the store as a Briefing, in the 专报 order —

核心摘要 (≤ 200 字 with a one-sentence risk verdict) → 一、舆情概况与传播 → 二、舆论焦点与各方观点 →
三、风险研判 (incidents, clocks, alerts) → 四、处置进展 → 五、建议与下一步工作 (only incidents that
matter: see ``progress.matters``).
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

import duckdb
import pandas as pd

from .. import db
from ..alerts.store import list_alerts
from ..alerts.timeutil import TZ, now_local, to_local
from . import formatting as fm
from . import progress, verdict
from .model import Briefing, Chart, Figure, Section, Table

HEAT_SEVERITY_NOTE = (
    "热度（0–100）综合发帖量与互动（微博传播指数 BCI）、传播速度与信源层级；严重度（0–100）综合内容风险、"
    "类别敏感度、负面占比与涉及人数；事件级别由热度×严重度矩阵确定，分析员可人工调整并须说明理由。"
)


def parse_day(day: date | str) -> date:
    """A date from 'YYYY-MM-DD' (clear Chinese error otherwise)."""
    if isinstance(day, datetime):
        return day.date()
    if isinstance(day, date):
        return day
    try:
        return date.fromisoformat(str(day).strip())
    except ValueError:
        raise ValueError(f"日期格式应为 YYYY-MM-DD：{day}") from None


def _overview(con, start, end, prev) -> tuple[list[Figure], Section, dict]:
    f = db.query("briefing_day_figures", con, start=start, end=end, prev_start=prev).iloc[0]
    posts, neg, risk, prev_posts = int(f["posts"]), int(f["negative"]), int(f["high_risk"]), int(f["prev_posts"])
    change = f"较前一日 {pct_change(posts, prev_posts)}（前一日 {prev_posts} 条）"
    figures = [
        Figure("当日帖子", f"{posts} 条", change),
        Figure("负面帖子", f"{neg} 条", f"占 {fm.pct(neg, posts)}"),
        Figure("高风险帖子", f"{risk} 条", "内容风险 1–2 级（死亡受伤、群体事件、违法指控等）"),
        Figure("涉及平台", f"{int(f['platforms'])} 个", ""),
    ]
    hourly = db.query("briefing_day_hourly", con, start=start, end=end)
    by_hour = {to_local(h).hour: (int(p), int(n)) for h, p, n in zip(hourly["hour"], hourly["posts"], hourly["negative"])}
    chart = Chart(
        "当日每小时发帖量", [f"{h:02d}时" for h in range(24)],
        {"全部帖子": [by_hour.get(h, (0, 0))[0] for h in range(24)], "负面帖子": [by_hour.get(h, (0, 0))[1] for h in range(24)]},
        ylabel="条",
    )
    cats = db.query("briefing_day_categories", con, start=start, end=end)
    top_cats = "、".join(f"{c}（{n} 条）" for c, n in zip(cats["category"].head(3), cats["posts"].head(3)))
    peak = max(by_hour.items(), key=lambda kv: kv[1][0], default=None)
    text = f"{start:%Y年%m月%d日}共监测到相关帖子 {posts} 条，其中负面 {neg} 条（{fm.pct(neg, posts)}），高风险 {risk} 条。"
    if top_cats:
        text += f"讨论最多的类别：{top_cats}。"
    if peak and peak[1][0]:
        text += f"发帖高峰在 {peak[0]:02d} 时（{peak[1][0]} 条）。"
    table = Table(
        ["类别", "帖子", "负面", "负面占比", "高风险"],
        [[c, str(int(p)), str(int(n)), fm.pct(n, p), str(int(r))] for c, p, n, r in zip(cats["category"], cats["posts"], cats["negative"], cats["high_risk"])],
    )
    section = Section("一、舆情概况与传播", paragraphs=[text], charts=[chart] if posts else [], tables=[table] if len(cats) else [])
    return figures, section, {"posts": posts, "negative": neg, "prev_posts": prev_posts, "top_cats": top_cats}


def pct_change(now_value: int, before: int) -> str:
    """'+25.0%' style change, or '—' without a base."""
    return f"{(now_value - before) / before:+.1%}" if before else "—"


def _incidents(con, start, end, as_of) -> tuple[Section, list[Figure], list[dict], list[dict]]:
    from ..incidents.clocks import load_config

    cfg = load_config(con)
    df = db.query("briefing_day_incidents", con, start=start, end=end, limit=20)
    rows, overdue = [], []
    records = df.to_dict("records")
    for r in records:
        clock_table, c = fm.clock_rows(r, as_of, cfg)
        if c["escalated"]:
            overdue.append(r)
        rows.append([
            fm.level_text(r["level"]), str(r["title"]), str(r["status"]), str(int(r["day_posts"])),
            fm.number(r["heat"]), fm.number(r["severity"]),
            f"{clock_table[0][3]}（{clock_table[0][1]}）", f"{clock_table[1][3]}（{clock_table[1][1]}）",
        ])
    grave = sum(1 for r in records if r["level"] in ("Ⅰ", "Ⅱ"))
    figures = [Figure("活跃事件", f"{len(records)} 起", f"其中Ⅰ/Ⅱ级 {grave} 起；时限超时 {len(overdue)} 起")]
    section = Section("三、风险研判", paragraphs=[HEAT_SEVERITY_NOTE] if records else ["当日无活跃事件。"])
    if records:
        section.tables.append(Table(["级别", "事件", "状态", "当日帖子", "热度", "严重度", "确认时限", "回应时限"], rows))
    return section, figures, overdue, records


def _top_posts(con, start, end) -> Table | None:
    df = db.query("briefing_day_top_posts", con, start=start, end=end, limit=10)
    if df.empty:
        return None
    rows, urls = [], []
    for r in df.to_dict("records"):
        rows.append([
            fm.when(r["published_at"], "%H:%M"), str(r["platform"]), str(r["category"] or "—"), str(r["sentiment"] or "—"),
            fm.number(r["risk_level"], 0), str(int(r["engagement"])), fm.excerpt(r["text_masked"]), "原帖" if isinstance(r["url"], str) and r["url"] else "—",
        ])
        urls.append(r["url"] if isinstance(r["url"], str) else None)
    return Table(["时间", "平台", "类别", "情感", "风险", "互动", "重点帖子（已脱敏，按互动量排序）", "链接"], rows, links={"链接": urls})


def alerts_summary(alerts) -> str:
    """'共 3 条预警，未确认 1 条；每条预警的依据…' (or '暂无预警。')."""
    if alerts.empty:
        return "暂无预警。"
    unacked = int(alerts["acknowledged_at"].isna().sum())
    return f"共 {len(alerts)} 条预警，未确认 {unacked} 条；每条预警的依据（数值与帖子）见工作台「预警汇报」页。"


def alerts_table(alerts) -> Table:
    """Alerts: time, level, rule, message, acknowledgement."""
    return Table(["时间", "级别", "规则", "内容", "确认"], [
        [fm.when(r["created_at"]), fm.level_text(r["level"]), str(r["rule_name"]), str(r["message"]),
         f"{r['acknowledged_by']} {fm.when(r['acknowledged_at'])}" if isinstance(r["acknowledged_by"], str) else "未确认"]
        for r in alerts.to_dict("records")
    ])


def _progress(con, records: list[dict], as_of) -> Section:
    """四、处置进展 of the day's active incidents: owner, roles, statements, actions."""
    if not records:
        return Section("四、处置进展", paragraphs=["当日无活跃事件。"])
    statements = db.query("briefing_statement_status", con)
    rows = []
    for r in records:
        iid = int(r["id"])
        owner, roles = progress.people(con, iid)
        mine = statements[statements["incident_id"] == iid]
        published = int(mine.loc[mine["status"] == "published", "statements"].sum())
        acts = db.query("action_list", con, incident_id=iid)
        done = int(acts["status"].isin(progress.DONE).sum())
        late = progress.actions_table(acts, as_of).rows
        rows.append([str(r["title"]), owner, roles, f"{published} / {int(mine['statements'].sum())}",
                     f"{done} / {len(acts)}", str(sum(1 for x in late if x[-1]))])
    return Section("四、处置进展", paragraphs=["当日活跃事件的负责人、分工、声明与行动。"],
                   tables=[Table(["事件", "负责人", "分工", "已发布/全部声明", "已办结/全部行动", "超时行动"], rows)])


def build_daily(con: duckdb.DuckDBPyConnection, day: date | str, *, now: datetime | None = None) -> Briefing:
    """The 舆情日报 of ``day`` (local calendar day, Asia/Shanghai)."""
    from ..incidents.clocks import load_config
    from .opinion import opinion_section  # segmentation: loaded only when a report is made

    d = parse_day(day)
    start = datetime.combine(d, time.min, TZ)
    end, prev = start + timedelta(days=1), start - timedelta(days=1)
    generated = now_local(now)
    as_of = min(generated, end)  # a past day's clocks are read as they stood at its end
    figures, overview, numbers = _overview(con, start, end, prev)
    risk, inc_figures, overdue, records = _incidents(con, start, end, as_of)
    alerts = list_alerts(con, {"start": start, "end": end})
    unacked = int(alerts["acknowledged_at"].isna().sum()) if len(alerts) else 0
    figures += inc_figures + [Figure("当日预警", f"{len(alerts)} 条", f"未确认 {unacked} 条")]
    risk.paragraphs.append(alerts_summary(alerts))
    if len(alerts):
        risk.tables.append(alerts_table(alerts))
    two_days = db.query("briefing_opinion_posts", con, incident_id=None, start=prev, end=end)
    day_posts = two_days[pd.to_datetime(two_days["published_at"], utc=True) >= pd.Timestamp(start)]
    opinion = opinion_section("二、舆论焦点与各方观点", day_posts)
    top = _top_posts(con, start, end)
    if top is not None:
        opinion.tables.append(top)
    gravest = min((r["level"] for r in records if r["level"] in ("Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ")), default=None)
    sentence = verdict.risk_sentence(gravest, bool(overdue), verdict.trend(two_days["published_at"], as_of))
    grave = sum(1 for r in records if r["level"] in ("Ⅰ", "Ⅱ"))
    summary = verdict.summary([
        f"{d.month}月{d.day}日监测到相关帖子 {numbers['posts']} 条（前一日 {numbers['prev_posts']} 条），"
        f"负面 {numbers['negative']} 条（{fm.pct(numbers['negative'], numbers['posts'])}）",
        f"活跃事件 {len(records)} 起，其中Ⅰ/Ⅱ级 {grave} 起、时限超时 {len(overdue)} 起；预警 {len(alerts)} 条，未确认 {unacked} 条",
        f"讨论最多的类别：{numbers['top_cats']}" if numbers["top_cats"] else "",
    ], sentence)
    next_steps = Section("五、建议与下一步工作", paragraphs=[
        "列入规则：在办事件中Ⅰ/Ⅱ级的、确认或首次回应时限已超时的、有行动超时或 24 小时内到期的，逐一列出；其余合并为一行。"],
        bullets=progress.next_steps(con, as_of, load_config(con)))
    return Briefing(
        kind="daily",
        title="舆情日报",
        subtitle=f"{d:%Y年%m月%d日}（{d.isoformat()}）",
        generated_at=generated,
        figures=figures,
        sections=[Section("核心摘要", paragraphs=[summary]), overview, opinion, risk,
                  _progress(con, records, as_of), next_steps],
        meta={"day": d.isoformat(), "file_stem": f"舆情日报_{d.isoformat()}"},
    )
