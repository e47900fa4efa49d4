"""态势总览 — the leadership overview: headline figures, trend by sentiment, open incidents with
their clocks, latest alerts. Read-only on purpose: leadership watches here, analysts act elsewhere."""
import streamlit as st

from workbench import overview, ui, vocab
from workbench.alerts import store as alert_store
from workbench.incidents.clocks import load_config
from workbench.posts import search as posts

ctx = ui.context()
st.title("态势总览")
st.caption(f"{ctx.start:%Y-%m-%d} 至 {ctx.end:%Y-%m-%d}（左侧可改时间范围）。本页只读；处置操作请到各功能页。")

clock_config = load_config(ui.cursor())
clock_help = overview.clock_help(clock_config)
OPEN = list(vocab.OPEN_STATUSES)
open_counts = ui.query("overview_open_incidents_by_level", open_statuses=OPEN)
figures = overview.headline_figures(ui.query("overview_headline", open_statuses=OPEN, **ctx.params))
for col, fig in zip(st.columns(len(figures)), figures):
    col.metric(fig.label, fig.value, fig.delta, help=fig.help,
               delta_color="inverse" if fig.label == "负面占比" else "normal")

detail = st.radio("查看数字背后的明细", ["收起", *overview.detail_choices()], horizontal=True, key="overview_detail",
                  help="打开任一核心数字或级别背后的帖子、事件或预警")
POST_COLUMNS = {
    "post_id": st.column_config.NumberColumn("帖子", format="%d"), "link": st.column_config.LinkColumn("打开", display_text="查看帖子"),
    "published_at": st.column_config.DatetimeColumn("发布时间", format="YYYY-MM-DD HH:mm", timezone="Asia/Shanghai"),
    "platform": "平台", "text_masked": st.column_config.TextColumn("正文（已脱敏）", width="large"), "sentiment": "情感",
    "category": "类别", "incident": "所属事件",
}
INCIDENT_COLUMNS = {"incident_id": "编号", "link": st.column_config.LinkColumn("打开", display_text="影响评估"), "level": "级别",
                    "title": "事件", "status": "状态", "owner": "负责人", "posts": "帖子数", "ack": "确认时限", "response": "首次回应时限"}
if detail in (overview.POSTS_DETAIL, overview.NEGATIVE_DETAIL):
    negative = detail == overview.NEGATIVE_DETAIL
    rows = ui.query("post_search", **posts.search_params(**ctx.params, sentiment="负面" if negative else None))
    st.caption(f"所选时间范围内{'情感为负面的' if negative else '全部'}帖子，最新的 {len(rows)} 条（按发布时间；"
               "更多条件请到「帖子检索」）。点「查看帖子」打开帖子的标签、所属事件和处理经过。")
    if rows.empty:
        st.info("所选时间范围内没有这样的帖子。")
    else:
        st.dataframe(overview.post_links(posts.results_view(rows))[list(POST_COLUMNS)], hide_index=True, column_config=POST_COLUMNS, placeholder="—")
elif detail == overview.ALERTS_DETAIL:
    waiting = alert_store.list_threads(ui.cursor(), {"acknowledged": False})
    st.caption("有已推送预警尚无人确认的预警线程；确认请到「预警汇报」。")
    if waiting.empty:
        st.info("没有待确认的预警。")
    else:
        st.dataframe(waiting.assign(level=waiting["level"].map(vocab.LEVEL_NAMES).fillna("未定级"))[
            ["thread_id", "updated_at", "level", "rule_names", "last_message"]], hide_index=True, column_config={
            "thread_id": "线程", "updated_at": st.column_config.DatetimeColumn("最近更新", format="YYYY-MM-DD HH:mm", timezone="Asia/Shanghai"),
            "level": "最高级别", "rule_names": st.column_config.ListColumn("触发规则"), "last_message": "最新内容"}, placeholder="—")
    st.page_link("pages/alerts.py", label="到预警汇报确认", icon=":material/notifications_active:")
elif detail != "收起":
    level = overview.detail_level(detail)
    total = overview.open_count(open_counts, level)
    st.caption(f"{'全部处置中' if level is None else detail + '的处置中'}事件 {total} 个；点「影响评估」打开该事件。")
    rows = ui.query("overview_open_incidents", open_statuses=OPEN, level=level, limit=overview.TABLE_ROWS)
    more = overview.table_note(len(rows), total)
    rows = overview.incident_clocks(rows, clock_config)  # clocks of the rows shown, at this rerun's time
    if more:
        st.caption(more)
    if rows.empty:
        st.info("没有这样的事件。")
    else:
        st.dataframe(overview.incident_links(rows)[list(INCIDENT_COLUMNS)].fillna({"owner": "未指定"}), hide_index=True,
                     column_config=INCIDENT_COLUMNS, placeholder="—")
st.subheader("舆情走势（按情感）")
daily = ui.query("overview_daily_sentiment", **ctx.params)
if daily.empty:
    st.info("所选时间范围内没有帖子。可在“采集监测”上传数据，或用 `workbench demo` 载入演示数据。")
else:
    st.plotly_chart(overview.trend_figure(daily), key="overview_trend")

st.subheader("处置中的事件")
for col, row in zip(st.columns(len(vocab.LEVELS)), overview.incidents_by_level(open_counts).itertuples()):
    col.metric(row.name, row.incidents, help=f"{vocab.LEVEL_COLORS[row.level]}色预警级别的处置中事件数")
head = ui.query("overview_open_incidents", open_statuses=OPEN, level=None, limit=overview.TABLE_ROWS)
more = overview.table_note(len(head), overview.open_count(open_counts))
head = overview.incident_clocks(head, clock_config)
if more:
    st.caption(more)
if head.empty:
    st.info("当前没有处置中的事件。")
else:
    st.dataframe(overview.incident_links(head)[["incident_id", "link", "level", "effective_level", "title", "status",
                                                     "owner", "posts", "ack", "response", "heat", "severity"]].fillna({"owner": "未指定"}),
                 hide_index=True, column_config={
                     "incident_id": "编号", "link": st.column_config.LinkColumn("打开", display_text="影响评估"), "level": "级别", "effective_level": st.column_config.TextColumn(
                         "超时升级后", help="任一时限超时，级别上调一级直至完成"),
                     "title": "事件", "status": "状态", "owner": "负责人", "posts": "帖子数",
                     "ack": st.column_config.TextColumn("确认时限", help=clock_help["ack"]),
                     "response": st.column_config.TextColumn("首次回应时限", help=clock_help["response"]),
                     "heat": st.column_config.NumberColumn("热度", format="%.1f", help="最近一次评分的热度（声量）"),
                     "severity": st.column_config.NumberColumn("严重度", format="%.1f", help="最近一次评分的严重度"),
                 }, placeholder="—")

st.subheader("最新预警")
alerts = ui.query("overview_latest_alerts", limit=8)
if alerts.empty:
    st.info("暂无预警。")
else:
    st.dataframe(overview.alert_rows(alerts)[["created_at", "level", "rule_name", "message", "incident", "state",
                                              "acknowledged_by"]], hide_index=True,
                 column_config={"created_at": st.column_config.DatetimeColumn("时间", format="YYYY-MM-DD HH:mm",
                                                                              timezone="Asia/Shanghai"),
                                "level": "级别", "rule_name": "规则", "message": "内容", "incident": "事件",
                                "state": "状态", "acknowledged_by": "确认人"}, placeholder="—")
    st.caption("确认预警请到“预警汇报”页。")
