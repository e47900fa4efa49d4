"""跟踪反馈 — volume and sentiment around each published statement, and the team's assessment."""
import streamlit as st

from workbench import ui, ui_communication as uc, ui_response as ur
from workbench.review import charts, tracking

ctx = ui.context()
st.title("跟踪反馈")
st.caption("每份声明发布前后同样长的时间窗口里，声量与负面占比如何变化；判断依据与数字一并列出。")
ui.show_flash()

incident = ui.pick_incident("tracking_incident")
if incident is None:
    st.stop()
iid = incident.id
k = ur.keyed(iid)

posts = ui.query("tracking_incident_posts", incident_id=iid)
published = ui.query("statement_published", incident_id=iid)
window = st.select_slider("前后对比窗口（小时）", options=[2, 4, 6, 12, 24, 48, 72], value=24, key="tracking_window")

c1, c2, c3 = st.columns(3)
c1.metric("相关帖文", len(posts))
c2.metric("负面占比", f"{(posts['sentiment'] == '负面').mean():.0%}" if len(posts) else "—",
          help="情感标签以人工复核为准（post_labels），否则为模型判断")
c3.metric("已发布声明", len(published))

if posts.empty:
    st.info("该事件暂无关联帖文，无法绘制声量与情感走势。")
else:
    st.plotly_chart(charts.tracking_figure(tracking.hourly(posts), published), key="tracking_chart")
    st.caption("柱：每小时声量；红线：负面占比（右轴）；绿色虚线：声明发布时间。")

st.subheader("声明效果")
st.caption(f"每份声明：发布前 {window} 小时为基线，与发布后 {window} 小时比较。窗口结束且两侧各有 ≥ {tracking.MIN_POSTS} 条帖文后"
           "才给出结论及置信度（显著性检验）；此前显示「观察中」和剩余时间。")
effects = tracking.statement_effects(posts, published, window)
effect_columns = {
    "statement_id": "声明", "channel": "发布渠道", "published_at": "发布时间", "baseline": "基线",
    "before_volume": f"前 {window} 小时声量", "after_volume": f"后 {window} 小时声量",
    "before_negative_share": st.column_config.NumberColumn("发布前负面占比", format="percent"),
    "after_negative_share": st.column_config.NumberColumn("发布后负面占比", format="percent"),
    "negative_share_change_pp": st.column_config.NumberColumn("变化（百分点）", format="%+.1f"),
    "verdict": "参考结论", "confidence": "置信度", "explanation": "依据",
}
for row in effects[effects["state"] == "观察中"].itertuples():
    st.info(f"声明 #{row.statement_id}（{row.channel}）观察中：{row.explanation}", icon=":material/hourglass_top:")
ur.table(effects, effect_columns,
         "该事件尚无已发布的声明。声明在「应对策划 › 声明」中审批发布后，会在这里评估效果。")
if len(effects):
    st.markdown("**按平台（帖文来源渠道）**")
    ur.table(tracking.statement_effects(posts, published, window, by_platform=True),
             {"platform": "平台", **effect_columns})

st.subheader("效果评估记录")
with st.form(k("assessment")):
    choices = [None] + [int(i) for i in published["id"]]
    names = {None: "整体评估（不针对单份声明）", **{int(r.id): f"#{int(r.id)} {r.channel}" for r in published.itertuples()}}
    statement_id = st.selectbox("评估对象", choices, format_func=names.get, key=k("assessment_statement"))
    verdict = st.selectbox("评估结论", tracking.VERDICTS, key=k("assessment_verdict"))
    note = st.text_area("说明", key=k("assessment_note"))
    if st.form_submit_button("记录评估"):
        row = effects[effects["statement_id"] == statement_id]
        metrics = {"window_hours": window, **row.iloc[0].to_dict()} if len(row) else {"window_hours": window}
        ur.run_write(tracking.add_assessment, "效果评估已记录", ui.cursor(), iid, statement_id, verdict, note,
                     ctx.user, metrics=metrics)
ur.table(ui.query("tracking_assessments", incident_id=iid),
         {"created_at": "时间", "created_by": "评估人", "channel": "声明渠道", "verdict": "结论", "note": "说明"},
         "尚无评估记录。")

uc.interaction_log(iid, ctx.user)
