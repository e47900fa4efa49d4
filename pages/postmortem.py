"""复盘总结 — the incident's review: timeline, metrics, edited text, Markdown export, lessons library."""
import streamlit as st

from workbench import ui, ui_response as ur
from workbench.response import clock
from workbench.review import charts, export, postmortem, reputation

WIDGET = {"事件概要": "summary", "应对回顾": "response", "经验教训": "lessons", "改进措施": "improvements"}  # ASCII keys

ctx = ui.context()
st.title("复盘总结")
st.caption("时间线与关键指标由系统从记录生成；应对回顾、经验教训、改进措施由团队填写，定稿后可导出脱敏的 Markdown 报告。")
ui.show_flash()

incident = ui.pick_incident("postmortem_incident")
if incident is not None:
    iid = incident.id
    k = ur.keyed(iid)  # the forms below hold this incident's text only
    saved = postmortem.load(ui.cursor(), iid)
    body = postmortem.current(ui.cursor(), iid)
    if saved is None:
        st.info("该事件尚未保存复盘，以下为系统生成的初稿。")
    else:
        st.caption(f"复盘状态：{saved['status']}；最后保存：{saved['updated_by']}（{clock.fmt(saved['updated_at'])}）；"
                   f"最近导出：{clock.fmt(saved['exported_at']) or '未导出'}")

    st.subheader("关键指标")
    cols = st.columns(3)
    for i, (name, value) in enumerate(body["关键指标"].items()):
        cols[i % 3].markdown(f"**{name}**")
        cols[i % 3].text(value)

    st.subheader("时间线")
    ur.table(body["时间线"], {"时间": "时间", "类型": "类型", "事件": "事件"},
             "暂无时间线记录。")

    st.subheader("形象指数")
    record = ui.query("review_incident", incident_id=iid).iloc[0].to_dict()
    daily = reputation.around_incident(ui.cursor(), record)
    if daily["index"].notna().any():
        st.plotly_chart(charts.reputation_figure(daily, {"立案": record["opened_at"], "关闭": record["closed_at"]}),
                        key="reputation_chart")
        st.caption(f"形象指数 = 50 ×（1 +（正面 − 负面）/ 帖文数），50 为正负持平；只统计关于「{record['employer']}」的帖文，"
                   f"当日少于 {reputation.MIN_POSTS} 条不计。用于观察事件后的形象修复。")
    else:
        st.caption("该事件未关联企业或相关帖文太少，暂无形象指数。")

    st.subheader("编辑复盘")
    with st.form(k("review_edit")):
        edited = {name: st.text_area(name, value=body[name], key=k(f"review_{WIDGET[name]}"), height=120)
                  for name in postmortem.TEXT_SECTIONS}
        status = st.radio("状态", postmortem.REVIEW_STATUSES, horizontal=True, key=k("review_status"),
                          index=postmortem.REVIEW_STATUSES.index(saved["status"]) if saved else 0,
                          help="定稿需填写经验教训和改进措施；已关闭的事件定稿后进入「已复盘」")
        if st.form_submit_button("保存复盘"):
            ur.run_write(postmortem.save, f"复盘已保存（{status}）", ui.cursor(), iid, edited, ctx.user, status=status)

    st.subheader("导出")
    if st.button("生成 Markdown 复盘报告", key=k("review_export")):
        try:
            st.session_state["review_markdown"] = (iid, export.export_review(ui.cursor(), iid, ctx.user))
            ui.written("报告已生成，导出时间已记录")
        except ValueError as e:
            ui.show_error(str(e))
    ready = st.session_state.get("review_markdown")
    if ready and ready[0] == iid:
        st.download_button("下载复盘报告（.md）", ready[1], file_name=f"复盘报告_事件{iid}.md",
                           mime="text/markdown", key=k("review_download"))
        with st.expander("预览（已脱敏）"):
            st.code(ready[1], language="markdown")

    st.subheader("添加经验教训")
    with st.form(k("lesson_add")):
        text = st.text_area("经验教训", key=k("lesson_text"))
        tags = st.text_input("标签（用、或逗号分隔）", key=k("lesson_tags"))
        if st.form_submit_button("加入案例库"):
            ur.run_write(postmortem.add_lesson, "经验教训已加入案例库", ui.cursor(), iid, text, tags, ctx.user)

st.subheader("经验教训库")
q = st.text_input("搜索（内容、事件标题或标签）", key="lesson_search")
ur.table(ui.query("lesson_library", q=q),
         {"incident_title": "事件", "category": "类别", "level": "等级", "text": "经验教训",
          "tags": st.column_config.ListColumn("标签"), "created_by": "记录人", "created_at": "时间"},
         "暂无经验教训。复盘时添加的经验会汇集在这里，供今后处置参考。")
