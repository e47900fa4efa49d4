"""Streamlit pieces of the 采集监测 page: scheduled monitoring (next run, last outcome, 立即采集),
sources and their health, monitor rules with the rule test box, and the record of scrape cycles
and batches.

The scheduler is one per server process (``st.cache_resource``): started by the first page view,
kept across reloads and sessions. Every write on this page goes through its writer lock.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
import streamlit as st

from . import config, db, ui, vocab
from .access import Forbidden
from .monitor.rule_store import RULE_SCOPES, SENSITIVITIES, save_rule, try_rule
from .monitor.rules import RuleSyntaxError, caret_line
from .monitor.schedule import describe_interval, save_schedule
from .monitor.scheduler import Busy, MonitorScheduler, scheduler_for
from .monitor.sources import MAX_FOLLOW_LINKS, SOURCE_KINDS, save_source

RULE_HELP = """
- `加班 AND 猝死`，或用空格：`加班 猝死`（两者都出现）；`与` / `&` 同义
- `欠薪 OR 讨薪`（任一出现）；`或` / `|` 同义
- `加班 NOT 招聘`（出现加班且不出现招聘）；`非` 同义
- 括号改变优先级：`(欠薪 OR 讨薪) AND 外卖`；优先级从低到高为 OR、AND、NOT、NEAR
- `"拖欠 工资"` 或 `“拖欠 工资”`：精确短语（词序固定）
- `加班 NEAR/5 猝死`：两个词之间相隔不超过 5 个字符（按字符计，一个汉字、空格或标点都算一个；顺序不限）
- 英文不区分大小写，全角字母数字按半角匹配；英文词和数字按整词匹配（`996` 不会命中 `1996`）
- 运算符须大写（`AND` / `OR` / `NOT`），小写的 and / or / not 当作普通词；含空格、`&`、`|` 或括号的词请加引号，如 `"R&D"`
"""


def _time_col(label: str) -> st.column_config.DatetimeColumn:
    return st.column_config.DatetimeColumn(label, format="YYYY-MM-DD HH:mm", timezone=config.TIMEZONE)


# ---------------------------------------------------------------- scheduled monitoring

@st.cache_resource(show_spinner=False, on_release=lambda s: s.stop())
def _scheduler(path: str) -> MonitorScheduler:
    return scheduler_for(path).start()


def scheduler() -> MonitorScheduler:
    """This server process's scheduler for the configured database, started on first use."""
    return _scheduler(str(config.db_path()))


def _write(action, message: str, *args, rerun: bool = False, **kwargs) -> bool:
    """``ui.write`` through the writer lock: waits for a running cycle's writing step."""
    with scheduler().writer:
        return ui.write(action, message, *args, rerun=rerun, **kwargs)


def _clock(at: datetime | None) -> str:
    if at is None or pd.isna(at):
        return "—"
    local = pd.Timestamp(at).tz_convert(ui.TZ)
    today = datetime.now(ui.TZ).date()
    return f"{local:%H:%M:%S}" if local.date() == today else f"{local:%m-%d %H:%M}"


def _last_cycle_line(row: pd.Series) -> str:
    trigger = {"schedule": "定时", "page": "手动", "monitor": "命令行", "scrape": "命令行"}.get(row["trigger"], row["trigger"])
    line = (f"上次采集（第 {int(row['id'])} 轮，{trigger}，{_clock(row['started_at'])} 开始）："
            f"{int(row['sources_total'])} 个采集源，失败 {int(row['sources_failed'])} 个；获取 {int(row['items_fetched'])} 条，"
            f"保留 {int(row['items_kept'])} 条，新增 {int(row['posts_inserted'])} 条，分析 {int(row['posts_analyzed'])} 条")
    if pd.isna(row["finished_at"]):
        line += "（尚未结束）"
    return line


def schedule_panel(ctx: ui.Context) -> None:
    """Scheduled monitoring: its interval, the next run, the last outcome and 立即采集."""
    st.subheader("定时监测")
    runner = scheduler()
    status = runner.status()
    last = db.query("monitor_last_cycle", ui.cursor(), trigger=None)
    c = st.columns(3)
    c[0].metric("状态", "正在采集" if status.running_since else status.schedule.describe())
    c[1].metric("下次采集", _clock(status.next_run_at) if status.schedule.enabled else "已暂停")
    c[2].metric("上次采集新增", int(last["posts_inserted"].iloc[0]) if len(last) else "—")
    if status.running_since:
        st.info(f"正在采集（开始于 {_clock(status.running_since)}），结束后结果会出现在这里和采集记录中。", icon=":material/hourglass_top:")
    if len(last):
        st.caption(_last_cycle_line(last.iloc[0]))
        if last["errors"].iloc[0]:
            st.warning(f"上次采集的问题：{last['errors'].iloc[0]}", icon=":material/warning:")
    if status.last_error:
        ui.show_error(f"上一次定时采集整体失败：{status.last_error}")
    if not status.alive:
        st.warning("定时监测没有在运行（刷新页面会重新启动）。", icon=":material/warning:")
    with st.form("monitor_schedule_form"):
        c1, c2, c3 = st.columns([1, 1, 1], vertical_alignment="bottom")
        enabled = c1.checkbox("启用定时监测", value=status.schedule.enabled, key="monitor_enabled")
        minutes = c2.number_input("采集间隔（分钟）", min_value=1, max_value=1440, step=5, key="monitor_minutes",
                                  value=max(1, int(status.schedule.interval.total_seconds() // 60)))
        saved = c3.form_submit_button("保存设置")
    if saved:
        every = timedelta(minutes=int(minutes))
        if _write(save_schedule, f"定时监测已{'启用' if enabled else '暂停'}：每 {describe_interval(every)}",
                  ui.cursor(), enabled=enabled, every=every, actor=ctx.user):
            runner.reschedule()
            st.rerun()
    if st.button("立即采集", key="monitor_run_now", type="primary",
                 help="现在就运行一轮：抓取全部启用的采集源、按规则保留、入库、分析、事件研判与预警"):
        result = _scrape("正在采集全部启用的采集源……", lambda step: runner.run_now(actor=ctx.user, progress=step))
        if result is None:
            return
        s = result.summary()
        note = (f"第 {s['cycle_id']} 轮采集完成：{s['sources']} 个采集源，失败 {s['failed']} 个；"
                f"获取 {s['items_fetched']} 条，新增 {s['inserted']} 条")
        ui.written(note + (f"；{'；'.join(s['errors'])}" if s["errors"] else ""), rerun=True)


def _scrape(label: str, job):
    """Run a scrape ``job(step)`` with its progress box; None (and why, on the page) when another
    run holds the sources or the account may not scrape."""
    try:
        with ui.Progress(label) as step:
            return job(step)
    except Busy as e:
        st.info(str(e), icon=":material/hourglass_top:")
    except Forbidden as e:  # a leader's account: the scrape itself refuses
        ui.show_error(str(e))
    return None


# ---------------------------------------------------------------- sources

def sources_panel(ctx: ui.Context) -> None:
    """Scheduled monitoring, the source health table, the source editor and 只采集此源."""
    ui.show_flash()
    schedule_panel(ctx)
    sources = ui.query("source_list", mask=False)  # the team's own addresses, edited below
    fetchable = sources[sources["kind"].isin(list(SOURCE_KINDS))]
    st.subheader("采集源健康")
    if fetchable.empty:
        st.info("还没有 RSS / 网页采集源。在下方添加一个；上传的数据和接口来源不在此采集。")
    else:
        st.caption("状态：最近一次采集成功为“正常”，失败为“异常”；获取 / 保留为最近一次采集的条目数（保留 = 命中采集规则）。")
        st.dataframe(
            fetchable.assign(kind=fetchable["kind"].map(SOURCE_KINDS))[["name", "kind", "url", "media_tier", "platform", "internal", "active", "health",
                       "last_success_at", "last_fetched_at", "items_fetched", "items_kept",
                       "consecutive_failures", "last_error"]],
            hide_index=True,
            column_config={
                "name": "名称", "kind": "类型", "url": st.column_config.LinkColumn("网址"),
                "media_tier": "媒体级别", "platform": "平台", "internal": "内部", "active": "启用", "health": "状态",
                "last_success_at": _time_col("上次成功"), "last_fetched_at": _time_col("上次采集"),
                "items_fetched": "最近获取", "items_kept": "最近保留", "consecutive_failures": "连续失败",
                "last_error": "最近错误",
            }, placeholder="—"
        )
        _scrape_now(ctx, fetchable[fetchable["url"].fillna("") != ""])
    _source_editor(ctx, fetchable)


def _scrape_now(ctx: ui.Context, fetchable: pd.DataFrame) -> None:
    from .monitor.cycle import scrape_now

    ids = [int(i) for i in fetchable["id"]]
    if not ids:
        return
    names = dict(zip(ids, fetchable["name"]))
    runner = scheduler()
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    chosen = c1.selectbox("只采集一个采集源", ids, format_func=names.get, key="scrape_now_source")
    if c2.button("只采集此源", key="scrape_now", help="抓取、按规则保留、入库并分析；结果写入采集记录"):
        result = _scrape(f"正在采集 {names[chosen]} ……", lambda step: runner.exclusive(
            lambda: scrape_now(ui.cursor(), chosen, actor=ctx.user, fetcher=runner.fetcher(),
                               write_lock=runner.writer, progress=step)))
        if result is None:
            return
        run = result.outcomes[0] if result.outcomes else None
        if run is None or not run.ok:
            ui.written()
            ui.show_error(f"采集失败：{run.error if run else '采集源不可用'}")
            return
        note = "无更新（304）" if run.status == "not_modified" else (
            f"获取 {run.items_fetched} 条，保留 {run.items_kept} 条，新增 {run.inserted} 条，重复 {run.duplicates} 条")
        ui.written(f"已采集 {names[chosen]}：{note}" + (f"；{'；'.join(result.errors)}" if result.errors else ""),
                   rerun=True)


def _pick(label: str, table: pd.DataFrame, key: str) -> tuple[int, dict]:
    """An editor's chooser: 0 = a new one, else an existing row's id; returns (id, its row or {})."""
    rows = {int(r["id"]): r for r in table.to_dict("records")}
    pick = st.selectbox(label, [0, *rows], format_func=lambda i: f"（新建{label}）" if i == 0 else rows[i]["name"], key=key)
    return pick, rows.get(pick, {})


def _source_editor(ctx: ui.Context, fetchable: pd.DataFrame) -> None:
    st.subheader("添加或编辑采集源")
    pick, row = _pick("采集源", fetchable, "source_pick")
    kinds, tiers = list(SOURCE_KINDS), list(vocab.MEDIA_TIERS)
    with st.form(f"source_form_{pick}"):
        name = st.text_input("名称", value=row.get("name", ""), key=f"source_name_{pick}")
        c1, c2 = st.columns(2)
        kind = c1.selectbox("类型", kinds, index=kinds.index(row.get("kind", "rss")), format_func=SOURCE_KINDS.get,
                            key=f"source_kind_{pick}")
        url = c2.text_input("网址（http / https）", value=row.get("url") or "", key=f"source_url_{pick}")
        c3, c4, c5 = st.columns(3)
        tier = c3.selectbox("媒体级别", tiers, index=tiers.index(int(row.get("media_tier", 4))),
                            format_func=lambda t: f"{t} · {vocab.MEDIA_TIERS[t]}", key=f"source_tier_{pick}")
        platforms = list(vocab.PLATFORMS)
        platform = c4.selectbox("平台", platforms, index=platforms.index(row.get("platform", "新闻网站")),
                                key=f"source_platform_{pick}")
        follow = c5.number_input(
            "列表页：跟随站内链接数", min_value=0, max_value=MAX_FOLLOW_LINKS, value=int(row.get("follow_links", 0)),
            help="0 = 该网址本身就是一篇文章；大于 0 = 该网址是列表页，每次最多抓取这么多篇尚未入库的站内文章（仅网页类型）",
            key=f"source_follow_{pick}",
        )
        c6, c7 = st.columns(2)
        internal = c6.checkbox("内部来源（允许访问内网 / 本机地址）", value=bool(row.get("internal", False)),
                               key=f"source_internal_{pick}")
        active = c7.checkbox("启用", value=bool(row.get("active", True)), key=f"source_active_{pick}")
        submitted = st.form_submit_button("保存采集源", key=f"source_save_{pick}")
    if submitted:
        _write(save_source, f"已保存采集源：{name.strip()}", ui.cursor(), source_id=pick or None, name=name, kind=kind,
               url=url, media_tier=tier, platform=platform, follow_links=follow, internal=internal, active=active,
               actor=ctx.user, rerun=True)


# ---------------------------------------------------------------- rules

def rules_panel(ctx: ui.Context) -> None:
    """The rule table, the rule editor and the rule test box."""
    ui.show_flash()
    rules = ui.query("rule_list")
    st.subheader("监测规则")
    with st.expander("规则写法"):
        st.markdown(RULE_HELP)
    scrape_rules = rules[rules["active"] & rules["scope"].isin(["all", "scrape"])]
    if scrape_rules.empty:
        st.info("当前没有适用于采集的启用规则：采集源的全部条目都会保留。")
    else:
        st.caption("采集时保留命中任一启用规则（适用范围为“全部”或“仅采集源”）的条目；所有入库帖子按规则打标签，供预警按规则统计。")
    if not rules.empty:
        view = rules.assign(scope=rules["scope"].map(RULE_SCOPES), sensitivity=rules["sensitivity"].map(SENSITIVITIES))
        st.dataframe(
            view[["name", "expression", "scope", "sensitivity", "active", "matched_posts", "last_matched_at"]],
            hide_index=True,
            column_config={
                "name": "名称", "expression": "表达式", "scope": "适用范围", "sensitivity": "敏感度", "active": "启用",
                "matched_posts": st.column_config.NumberColumn("已标注帖子", help="命中该规则的入库帖子数"),
                "last_matched_at": _time_col("最近标注"),
            }, placeholder="—"
        )
    expression = _rule_editor(ctx, rules)
    _rule_tester(expression)


def _syntax_error(e: RuleSyntaxError, expression: str) -> None:
    ui.show_error(f"规则表达式有误：{e}")
    st.code(caret_line(expression, e.position), language=None)


def _rule_editor(ctx: ui.Context, rules: pd.DataFrame) -> str:
    st.subheader("添加或编辑规则")
    pick, row = _pick("规则", rules, "rule_pick")
    scopes, levels = list(RULE_SCOPES), list(SENSITIVITIES)
    with st.form(f"rule_form_{pick}"):
        name = st.text_input("名称", value=row.get("name", ""), key=f"rule_name_{pick}")
        expression = st.text_area("表达式", value=row.get("expression", ""), key=f"rule_expr_{pick}",
                                  placeholder='例如：(欠薪 OR "拖欠 工资") AND NOT 招聘')
        c1, c2, c3 = st.columns(3)
        scope = c1.selectbox("适用范围", scopes, index=scopes.index(row.get("scope", "all")), format_func=RULE_SCOPES.get,
                             key=f"rule_scope_{pick}")
        sensitivity = c2.selectbox("敏感度", levels, index=levels.index(row.get("sensitivity", "medium")),
                                   format_func=SENSITIVITIES.get, key=f"rule_sens_{pick}",
                                   help="预警按规则统计时的灵敏程度：高 = 更早触发")
        active = c3.checkbox("启用", value=bool(row.get("active", True)), key=f"rule_active_{pick}")
        submitted = st.form_submit_button("保存规则", key=f"rule_save_{pick}")
    if submitted:
        try:
            with scheduler().writer:
                save_rule(ui.cursor(), rule_id=pick or None, name=name, expression=expression, scope=scope,
                          sensitivity=sensitivity, active=active, actor=ctx.user)
        except RuleSyntaxError as e:
            _syntax_error(e, expression)
            return expression
        except ValueError as e:
            ui.show_error(str(e))
            return expression
        ui.written(f"已保存规则：{name.strip()}（已重新标注入库帖子）", rerun=True)
    return expression


def _rule_tester(default_expression: str) -> None:
    st.subheader("规则测试")
    st.caption("在样例文本和最近入库的帖子上试运行表达式，不会保存任何内容。")
    expression = st.text_input("要测试的表达式", value=default_expression, key="rule_test_expression")
    samples = st.text_area("样例文本（每行一条，可留空）", key="rule_test_samples")
    c1, c2 = st.columns(2)
    limit = c1.number_input("同时测试最近入库的帖子数", min_value=0, max_value=5000, value=200, step=100,
                            key="rule_test_limit")
    show_all = c2.checkbox("也显示未命中的", key="rule_test_all")
    if not expression.strip():
        st.info("输入表达式后即可看到命中的样例和帖子。")
        return
    try:
        result = try_rule(ui.cursor(), expression, samples=samples.splitlines(), limit=int(limit))
    except RuleSyntaxError as e:
        _syntax_error(e, expression)
        return
    hits = int(result["matched"].sum())
    st.metric("命中", f"{hits} / {len(result)} 条")
    shown = result if show_all else result[result["matched"]]
    st.dataframe(
        shown[["matched", "origin", "post_id", "platform", "title", "text", "terms"]],
        hide_index=True,
        column_config={
            "matched": "命中", "origin": "来源", "post_id": st.column_config.NumberColumn("帖子ID", format="%d"),
            "platform": "平台", "title": "标题", "text": "内容（已脱敏）", "terms": "命中词",
        }, placeholder="—"
    )


# ---------------------------------------------------------------- record

def runs_panel(ctx: ui.Context) -> None:
    """Recent scrape cycles, per-source runs and ingest batches."""
    cycles = ui.query("scrape_cycles_recent", limit=50)
    st.subheader("采集轮次")
    if cycles.empty:
        st.info("还没有运行过采集。定时监测会按“采集源”中设置的间隔自动采集，也可以点“立即采集”。")
    else:
        st.dataframe(cycles, hide_index=True, column_config={
            "id": "轮次", "trigger": "触发方式", "actor": "操作人", "started_at": _time_col("开始"),
            "finished_at": _time_col("结束"), "sources_total": "采集源", "sources_ok": "成功", "sources_failed": "失败",
            "items_fetched": "获取", "items_kept": "保留", "posts_inserted": "新增", "posts_tagged": "规则标注",
            "posts_analyzed": "已分析", "incidents_note": "事件研判", "errors": "问题",
        }, placeholder="—")
        runs = ui.query("scrape_runs_recent", limit=200)
        st.subheader("各采集源运行记录")
        st.dataframe(runs, hide_index=True, column_config={
            "id": None, "source_id": None, "cycle_id": "轮次", "source_name": "采集源", "url": "网址",
            "started_at": _time_col("开始"), "finished_at": _time_col("结束"), "status": "结果",
            "http_status": "HTTP", "pages_fetched": "抓取页数", "items_fetched": "获取", "items_kept": "保留",
            "inserted": "新增", "duplicates": "重复", "rejected": "拒收", "batch_id": "批次", "error": "错误",
        }, placeholder="—")
    batches = ui.query("scrape_batches_recent", limit=100)
    st.subheader("入库批次")
    if batches.empty:
        st.info("还没有入库批次。")
        return
    st.dataframe(batches, hide_index=True, column_config={
        "id": "批次", "kind": "方式", "origin": "文件 / 网址", "source_name": "来源", "started_at": _time_col("开始"),
        "finished_at": _time_col("结束"), "rows_read": "读取", "rows_inserted": "新增", "rows_duplicate": "重复",
        "rows_rejected": "拒收", "actor": "操作人",
    }, placeholder="—")


_ENTITY_COLUMNS = {"name": "名称", "kind": "类型", "aliases": "别名与常见错写（逗号分隔）", "employer": "所属用人单位", "monitored": "监测"}


def entities_panel(ctx: ui.Context) -> None:
    """The monitored names (主体词): employers, brands, people and sites with their aliases; saved as
    a whole (audited). Grouping uses them to tell which employer a post is about."""
    from .incidents import entities

    ui.show_flash()
    st.subheader("主体词")
    st.caption("监测的用人单位及其品牌、高管、场所；别名写简称、英文缩写、常见错别字（如 华瑞电子、HR精密）。"
               "事件归并据此判断帖子说的是哪家单位：不同单位的帖子不会并入同一事件。")
    stored = entities.load(ui.cursor())
    view = pd.DataFrame({
        "name": stored["name"],
        "kind": stored["kind"].map(entities.KIND_NAMES),
        "aliases": stored["aliases"].map(lambda a: "，".join(a) if a is not None else ""),
        "employer": stored["employer"].fillna(""),
        "monitored": stored["monitored"].astype(bool),
    })
    edited = st.data_editor(
        view, key="entities_editor", hide_index=True, num_rows="dynamic", width="stretch",
        column_config={
            "name": st.column_config.TextColumn(_ENTITY_COLUMNS["name"], required=True),
            "kind": st.column_config.SelectboxColumn(_ENTITY_COLUMNS["kind"], options=list(entities.KIND_NAMES.values()),
                                                     default=entities.KIND_NAMES["employer"], required=True),
            "aliases": st.column_config.TextColumn(_ENTITY_COLUMNS["aliases"]),
            "employer": st.column_config.TextColumn(_ENTITY_COLUMNS["employer"], help="品牌、人物、场所所属的用人单位"),
            "monitored": st.column_config.CheckboxColumn(_ENTITY_COLUMNS["monitored"], default=True),
        }, placeholder="—"
    )
    if st.button("保存主体词", key="entities_save"):
        kinds = {v: k for k, v in entities.KIND_NAMES.items()}
        rows = [{"name": r["name"], "kind": kinds.get(r["kind"], r["kind"]), "aliases": r["aliases"] or "",
                 "employer": r["employer"] or None, "monitored": bool(r["monitored"])}
                for r in edited.fillna({"aliases": "", "employer": "", "name": ""}).to_dict("records")]
        _write(entities.replace_all, f"已保存 {len(rows)} 个主体词", ui.cursor(), rows, actor=ctx.user, rerun=True)
