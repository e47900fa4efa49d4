"""影响评估 — one incident's heat and severity with their parts, level (computed and override), clocks, status, posts."""
from datetime import datetime

import pandas as pd
import streamlit as st

from workbench import ui, vocab
from workbench.incidents import charts, clocks, editing, levels, scoring, status, titles, tone
from workbench.plaintext import inert

ctx = ui.context()
st.title("影响评估")
ui.show_flash()
st.caption("热度（声量多大）与严重度（问题多重）分开计算、逐小时留存；级别由热度 × 严重度矩阵给出，可由分析员附理由调整。")

ALL = "全部"
f1, f2, f3 = st.columns(3)
level_f = f1.selectbox("级别", [ALL, *vocab.LEVELS], format_func=lambda v: vocab.LEVEL_NAMES.get(v, v), key="assess_level")
status_f = f2.selectbox("状态", [ALL, *vocab.STATUSES], key="assess_status")
category_f = f3.selectbox("类别", [ALL, *vocab.CATEGORIES], key="assess_category")
incidents = ui.query("incident_list", level=None if level_f == ALL else level_f,
                     status=None if status_f == ALL else status_f, category=None if category_f == ALL else category_f)
view = ui.pick_incident("assess_incident", incidents,
                        empty="没有符合条件的事件。事件由监测周期（`workbench monitor` 或「采集监测 › 立即采集」）从帖子归并生成。")
if view is None:
    st.stop()
iid = view.id
inc = incidents.set_index("id").loc[iid].to_dict() | {"id": iid}
names = ui.incident_labels(incidents)  # the picker's names, built once: here in this list's order
labels = {i: names[i] for i in incidents["id"].tolist()}
now = datetime.now(ui.TZ)

# ---- level, heat, severity -------------------------------------------------------------
m1, m2, m3, m4 = st.columns(4)
m1.metric("当前级别", vocab.LEVEL_NAMES.get(inc["level"], "未定级"),
          help="人工调整优先；未调整时等于计算级别")
m2.metric("计算级别", vocab.LEVEL_NAMES.get(inc["computed_level"], "未评分"))
m3.metric("热度", "—" if pd.isna(inc["heat"]) else f"{inc['heat']:.1f}")
m4.metric("严重度", "—" if pd.isna(inc["severity"]) else f"{inc['severity']:.1f}")
if pd.notna(inc["level_override"]):
    st.warning(f"人工级别 {vocab.LEVEL_NAMES[inc['level_override']]}（计算级别 "
               f"{vocab.LEVEL_NAMES.get(inc['computed_level'], '未评分')}）。理由：{inert(inc['level_reason'])}", icon=":material/edit_note:")

# (its tone, and how the posts read now: a 正面 incident is tracked, never alerted on)
read_now = ui.per_version(("assess_tone", iid), lambda: tone.describe(tone.of_incident(ui.cursor(), iid)))
set_by = "（分析员设定，见下方「事件倾向」）。帖子的判断：" if view.polarity_source == tone.PERSON else "。"
st.caption(f"事件倾向：{view.polarity or '负面'}{set_by}{read_now}")

# (the hourly rows read once; the latest row's explanation and the chart built once per store version)
history_rows = ui.query("incident_score_history", incident_id=iid)
explanation = ui.per_version(("assess_explanation", iid), lambda: scoring.last_explanation(history_rows))
if explanation is None:
    st.info("该事件尚未评分。")
else:
    st.caption(f"分级依据：{explanation['level']['rule']}")
    left, right = st.columns(2)
    for col, which, name in ((left, "heat", "热度"), (right, "severity", "严重度")):
        parts = charts.parts_frame(explanation, which)
        with col:
            # (the parts as a table with a bar in each row: a chart beside it said the same, and each
            # Plotly chart took ~0.3 s of the browser on every visit at a million posts)
            st.markdown(f"**{name} {explanation[which]['total']:.1f} 的组成**")
            st.dataframe(parts, hide_index=True, placeholder="—", column_config={"得分": st.column_config.ProgressColumn(
                "得分", format="%.1f", min_value=0.0, max_value=charts.parts_scale(parts))})
    st.plotly_chart(ui.per_version(("assess_history_figure", iid), lambda: charts.history_figure(history_rows)), key="history")
if st.button("按最新数据重新评分", key="assess_rescore"):
    scoring.rescore(ui.cursor(), [iid])
    ui.written("已重新评分")
    st.rerun()

# ---- clocks and status -------------------------------------------------------------------
st.subheader("时限与状态")
c = view.clocks(now)
first_post = f"{view.first_post_at:%Y-%m-%d %H:%M}" if view.first_post_at else "—"
st.caption(f"首帖发布：{first_post}；立案（工作台发现）：{view.opened_at:%Y-%m-%d %H:%M}"
           + (f"；人工定级：{view.level_set_at:%Y-%m-%d %H:%M}" if view.level_set_at else "")
           + f"。时限自 {c['start']:%Y-%m-%d %H:%M} 起算（发现或人工定级，取较晚者），不从帖子发布时间起算。")
k1, k2, k3 = st.columns(3)
for col, key in ((k1, "ack"), (k2, "response")):
    clock = c[key]
    shown = clock["state"] if clock["done_at"] or clock["state"] == "已停止" else clocks.format_remaining(clock["remaining"])
    col.metric(f"{clock['name']}时限", shown,
               help=f"{c['level']}级时限 {clocks.format_length(clock['length'])}，截止 {clock['due_at']:%Y-%m-%d %H:%M}")
    if clock["overdue"]:
        col.error(f"{clock['name']}已超时", icon=":material/alarm:")
k3.metric("状态", inc["status"])
if c["escalated"]:
    st.error(f"时限已超，事件按升级后的 {vocab.LEVEL_NAMES[c['effective_level']]} 处理。", icon=":material/priority_high:")
b1, b2 = st.columns(2)
if pd.isna(inc["acknowledged_at"]) and inc["status"] in vocab.OPEN_STATUSES:
    if b1.button("确认事件（停止确认时限）", key="assess_ack"):
        ui.write(status.acknowledge, "已确认事件", ui.cursor(), iid, ctx.user, rerun=True)
for nxt in status.allowed_next(inc["status"]):
    if b2.button(f"推进到「{nxt}」", key="assess_advance"):
        ui.write(status.advance, f"状态已变为 {nxt}", ui.cursor(), iid, nxt, ctx.user, rerun=True)

# ---- override ----------------------------------------------------------------------------
st.subheader("人工定级")
with st.form("assess_override"):
    o_level = st.selectbox("级别", vocab.LEVELS, format_func=vocab.LEVEL_NAMES.get, key="override_level")
    o_reason = st.text_area("理由（必填，写入审计日志）", key="override_reason")
    set_col, clear_col = st.columns(2)
    do_set = set_col.form_submit_button("调整级别")
    do_clear = clear_col.form_submit_button("撤销人工级别", disabled=pd.isna(inc["level_override"]))
if do_set:
    ui.write(levels.set_level_override, "已调整级别", ui.cursor(), iid, o_level, o_reason, ctx.user, rerun=True)
if do_clear:
    ui.write(levels.clear_override, "已撤销人工级别", ui.cursor(), iid, o_reason, ctx.user, rerun=True)
history = ui.query("incident_override_history", incident_id=iid)
if not history.empty:
    st.dataframe(history, hide_index=True, column_config={
        "at": "时间", "actor": "操作人", "level": "人工级别（空=撤销）", "computed_level": "当时计算级别", "reason": "理由"}, placeholder="—")

# ---- tone ----------------------------------------------------------------------------------
st.subheader("事件倾向")
st.caption("正面事件只跟踪、不预警；负面事件照常预警。分析员设定后，系统不再按新帖子改判，直到交还模型判断。")
TONE_CHOICES = {"正面": "正面（只跟踪，不预警）", "负面": "负面（照常预警）", None: "交还模型判断"}
with st.form("assess_tone"):
    t_choice = st.radio("倾向", list(TONE_CHOICES), format_func=TONE_CHOICES.get, horizontal=True, key="tone_choice")
    t_reason = st.text_input("理由（必填，写入审计日志）", key="tone_reason")
    if st.form_submit_button("设定倾向"):
        ui.write(editing.set_tone, "已设定事件倾向" if t_choice else "已交还模型判断", ui.cursor(), iid, t_choice, t_reason,
                 ctx.user, rerun=True)
tone_history = ui.query("incident_tone_history", incident_id=iid)
if not tone_history.empty:
    st.dataframe(tone_history, hide_index=True, column_config={
        "at": "时间", "actor": "操作人", "polarity": "设定倾向（空=交还模型）", "read_as": "当时帖子的判断", "reason": "理由"},
        placeholder="—")

# ---- posts and edits ---------------------------------------------------------------------
st.subheader("主要帖子")
posts = ui.query("incident_top_posts", incident_id=iid, limit=50)
st.dataframe(posts, hide_index=True, column_config={
    "post_id": "帖子", "platform": "平台", "author": "作者", "published_at": "发布时间", "text_masked": "内容（已脱敏）",
    "url": st.column_config.LinkColumn("链接"), "reposts": "转发", "comments": "评论", "likes": "点赞", "views": "阅读",
    "hotness": st.column_config.NumberColumn("单帖热度", help="赞 + 5·评 + 10·转 + 0.1·阅", format="%.0f"),
    "media_tier": "信源层级", "sentiment": "情感", "sentiment_source": "情感来源", "risk_level": "风险",
    "risk_level_source": "风险来源", "category": "类别", "added_by": "归入者"}, placeholder="—")
ui.csv_download(posts, f"主要帖子_事件{iid}.csv", "assess_posts_csv")

with st.expander("编辑事件：改名、合并、拆分、移动帖子"):
    with st.form("assess_rename"):
        new_title = st.text_input("新名称", value=inc["title"], key="rename_title")
        if st.form_submit_button("改名"):
            ui.write(editing.rename, "已改名", ui.cursor(), iid, new_title, ctx.user, rerun=True)
    names = titles.history(ui.cursor(), iid)
    if len(names) > 1:
        st.dataframe(names.assign(source=names["source"].map({"model": "系统", "person": "分析员"})), hide_index=True,
                     column_config={"at": st.column_config.DatetimeColumn("时间", format="YYYY-MM-DD HH:mm",
                                                                         timezone="Asia/Shanghai"),
                                    "title": "名称", "source": "来源", "actor": "命名人"}, placeholder="—")
    others = {k: v for k, v in labels.items() if k != iid}
    offered = ui.narrowed("assess_others", others, (*st.session_state.get("merge_sources", ()), st.session_state.get("move_target")))
    with st.form("assess_merge"):
        merged = st.multiselect("把这些事件并入当前事件", offered, format_func=others.get, key="merge_sources", placeholder="选择事件")
        if st.form_submit_button("合并"):
            ui.write(editing.merge, "已合并", ui.cursor(), merged, iid, ctx.user, rerun=True)
    with st.form("assess_move"):
        picked = st.multiselect("选择帖子", list(posts["post_id"]), key="move_posts", placeholder="选择帖子")
        target = st.selectbox("移到事件", [0, *offered], format_func=lambda k: "（拆分为新事件）" if k == 0 else others[k],
                              key="move_target")
        split_title = st.text_input("新事件名称（拆分时必填）", key="split_title")
        if st.form_submit_button("移动 / 拆分"):
            if target == 0:
                ui.write(editing.split, "已拆分为新事件", ui.cursor(), iid, picked, split_title, ctx.user, rerun=True)
            else:
                ui.write(editing.move_posts, "已移动帖子", ui.cursor(), picked, iid, target, ctx.user, rerun=True)
