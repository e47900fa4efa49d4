"""态势总览 — the leadership overview: headline figures, trend by sentiment, open incidents with
their clocks, latest alerts. Read-only on purpose: leadership watches here, analysts act elsewhere."""
import streamlit as st

from workbench import overview, ui, vocab
from workbench.incidents.clocks import load_config

ctx = ui.context()
st.title("态势总览")
st.caption(f"{ctx.start:%Y-%m-%d} 至 {ctx.end:%Y-%m-%d}（左侧可改时间范围）。本页只读；处置操作请到各功能页。")

figures = overview.headline_figures(ui.query("overview_headline", open_statuses=list(vocab.OPEN_STATUSES), **ctx.params))
for col, fig in zip(st.columns(len(figures)), figures):
    col.metric(fig.label, fig.value, fig.delta, help=fig.help,
               delta_color="inverse" if fig.label == "负面占比" else "normal")

st.subheader("舆情走势（按情感）")
daily = ui.query("overview_daily_sentiment", **ctx.params)
if daily.empty:
    st.info("所选时间范围内没有帖子。可在“采集监测”上传数据，或用 `workbench demo` 载入演示数据。")
else:
    st.plotly_chart(overview.trend_figure(daily), key="overview_trend")

st.subheader("处置中的事件")
clock_config = load_config(ui.cursor())
clock_help = overview.clock_help(clock_config)
incidents = overview.incident_clocks(ui.query("overview_open_incidents", open_statuses=list(vocab.OPEN_STATUSES)),
                                     clock_config)
for col, row in zip(st.columns(len(vocab.LEVELS)), overview.incidents_by_level(incidents).itertuples()):
    col.metric(row.name, row.incidents, help=f"{vocab.LEVEL_COLORS[row.level]}色预警级别的处置中事件数")
if incidents.empty:
    st.info("当前没有处置中的事件。")
else:
    st.dataframe(incidents[["incident_id", "level", "effective_level", "title", "status", "owner", "posts", "ack", "response",
                            "heat", "severity"]],
                 hide_index=True, column_config={
                     "incident_id": "编号", "level": "级别", "effective_level": st.column_config.TextColumn(
                         "超时升级后", help="任一时限超时，级别上调一级直至完成"),
                     "title": "事件", "status": "状态", "owner": "负责人", "posts": "帖子数",
                     "ack": st.column_config.TextColumn("确认时限", help=clock_help["ack"]),
                     "response": st.column_config.TextColumn("首次回应时限", help=clock_help["response"]),
                     "heat": st.column_config.NumberColumn("热度", format="%.1f", help="最近一次评分的热度（声量）"),
                     "severity": st.column_config.NumberColumn("严重度", format="%.1f", help="最近一次评分的严重度"),
                 })

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
                                "state": "状态", "acknowledged_by": "确认人"})
    st.caption("确认预警请到“预警汇报”页。")
