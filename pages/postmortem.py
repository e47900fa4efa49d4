"""复盘总结 — the incident's review: timeline, metrics, edited text, export (Markdown / DOCX / JSON), lessons library,
reputation index and repair plan per employer."""
from datetime import datetime, time, timedelta

import streamlit as st

from workbench import ui, ui_response as ur
from workbench.plaintext import inert
from workbench.response import clock
from workbench.review import charts, export, lessons_table, postmortem, reputation

WIDGET = {"事件概要": "summary", "应对回顾": "response", "经验教训": "lessons", "改进措施": "improvements"}  # ASCII keys

ctx = ui.context()
st.title("复盘总结")
st.caption("时间线与关键指标由系统从记录生成；应对回顾、经验教训、改进措施由团队填写，定稿后可导出脱敏的报告（Markdown / Word / JSON）。")
ui.show_flash()

incident = ui.pick_incident("postmortem_incident")
if incident is not None:
    iid = incident.id
    k = ur.keyed(iid)  # the forms below hold this incident's text only
    saved = postmortem.load(ui.cursor(), iid)
    # the draft reads the incident's whole record: once per store version (and minute: its clocks)
    body = ui.per_version(("postmortem_body", iid), lambda: postmortem.current(ui.cursor(), iid), per_minute=True)
    if saved is None:
        st.info("该事件尚未保存复盘，以下为系统生成的初稿。")
    else:
        st.caption(f"复盘状态：{saved['status']}；最后保存：{inert(saved['updated_by'])}（{clock.fmt(saved['updated_at'])}）；"
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
    record = ui.query("review_incident", incident_id=iid).iloc[0].to_dict() | {"employer": incident.employer}  # None, never nan
    daily = ui.per_version(("reputation_around", iid, record["employer"]),  # runs to today while open
                           lambda: reputation.around_incident(ui.cursor(), record), per_minute=True)
    if daily["index"].notna().any():
        st.plotly_chart(charts.reputation_figure(daily, {"立案": record["opened_at"], "关闭": record["closed_at"]},
                                                 reputation.repair_plan(ui.cursor(), record["employer"])),
                        key="reputation_chart")
        st.caption(f"形象指数 = 50 ×（1 +（正面 − 负面）/ 帖文数），50 为正负持平；只统计关于「{record['employer']}」的帖文"
                   f"（未带企业的上传帖文按主体词识别），当日少于 {reputation.MIN_POSTS} 条不计。修复计划见页面下方「形象修复」。")
    elif not record["employer"]:
        st.caption("该事件未识别出涉事企业：在「采集监测 › 主体词」登记企业名称与别名后，上传的帖文也会计入形象指数。")
    else:
        st.caption(f"「{record['employer']}」在事件前后每天的相关帖文都少于 {reputation.MIN_POSTS} 条，暂无形象指数。")

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
    fmt_name = st.radio("格式", list(export.FORMATS), horizontal=True, key=k("review_format"),
                        format_func={"md": "Markdown", "docx": "Word（DOCX）", "json": "JSON（数据）"}.get)
    if st.button("生成复盘报告", key=k("review_export"), icon=":material/description:"):
        try:
            with ui.Progress("正在生成复盘报告……") as step:
                step("汇总时间线、指标与复盘内容", 0.3)
                data = export.export_review(ui.cursor(), iid, ctx.user, fmt_name=fmt_name)
            st.session_state["review_file"] = (iid, fmt_name, data)
            ui.written("报告已生成，导出时间已记录")
        except ValueError as e:
            ui.show_error(str(e))
    ready = st.session_state.get("review_file")
    if ready and ready[0] == iid:
        _, made, data = ready
        st.download_button(f"下载复盘报告（.{made}）", data, file_name=f"复盘报告_事件{iid}.{made}",
                           mime=export.FORMATS[made], key=k("review_download"), icon=":material/download:")
        if made != "docx":
            with st.expander("预览（已脱敏）"):
                st.code(data if isinstance(data, str) else data.decode("utf-8"), language="markdown" if made == "md" else "json")

    st.subheader("添加经验教训")
    with st.form(k("lesson_add")):
        text = st.text_area("经验教训", key=k("lesson_text"))
        tags = st.text_input("标签（用、或逗号分隔）", key=k("lesson_tags"))
        if st.form_submit_button("加入案例库"):
            ur.run_write(postmortem.add_lesson, "经验教训已加入案例库", ui.cursor(), iid, text, tags, ctx.user)

st.subheader("经验教训库")
q = st.text_input("搜索（内容、事件标题或标签）", key="lesson_search")
library = ui.query("lesson_library", q=q)
ur.table(library,
         {"incident_title": "事件", "category": "类别", "level": "等级", "text": "经验教训",
          "tags": st.column_config.ListColumn("标签"), "created_by": "记录人", "created_at": "时间"},
         "暂无经验教训。复盘时添加的经验会汇集在这里，供今后处置参考。")
if len(library):
    st.download_button("导出经验教训表（CSV，已脱敏）", lambda: lessons_table.csv_bytes(library), file_name="经验教训库.csv",  # built on click
                       mime="text/csv", key="lessons_csv", icon=":material/table_view:")

st.subheader("形象修复")
st.caption("每个监测企业的形象指数走势，与为修复形象而采取的正面行动（整改公告、员工关怀、公益活动……）：每项行动前后各 "
           f"{reputation.EFFECT_DAYS} 天的指数均值并列，读数说明依据。")
employers = reputation.subjects(ui.cursor())
if not employers:
    st.info("还没有可计算形象指数的企业：在「采集监测 › 主体词」登记本企业及关注的企业。")
else:
    focus = incident.employer if incident is not None and incident.employer in employers else employers[0]
    e1, e2 = st.columns([2, 1])
    employer = e1.selectbox("企业", employers, index=employers.index(focus), key="repair_employer")
    days = e2.selectbox("时间跨度", [30, 60, 90, 180], index=1, key="repair_days", format_func=lambda d: f"最近 {d} 天")
    plan = reputation.repair_plan(ui.cursor(), employer)
    index = ui.per_version(("reputation_daily", employer, ctx.end, days),
                           lambda: reputation.daily(ui.cursor(), employer, ctx.end - timedelta(days=days), ctx.end))
    if index["index"].notna().any():
        st.plotly_chart(charts.reputation_figure(index, {}, plan), key="repair_chart")
    else:
        st.caption(f"「{employer}」在这段时间每天的相关帖文都少于 {reputation.MIN_POSTS} 条，暂无形象指数。")
    effects = reputation.repair_effects(index, plan)
    ur.table(effects.assign(done=effects["done"].map({True: "已实施", False: "计划中"})),
             {"title": "修复行动", "kind": "类型", "effective_at": "日期", "done": "状态",
              "index_before": st.column_config.NumberColumn(f"前 {reputation.EFFECT_DAYS} 天指数", format="%.1f"),
              "index_after": st.column_config.NumberColumn(f"后 {reputation.EFFECT_DAYS} 天指数", format="%.1f"),
              "change": st.column_config.NumberColumn("变化", format="%+.1f"), "reading": "读数"},
             f"「{employer}」还没有修复计划。")
    with st.form("repair_add"):
        st.markdown("**加入修复计划**")
        r1, r2 = st.columns([2, 1])
        title = r1.text_input("行动", key="repair_title", placeholder="如：发布整改进展公告、开展员工关怀座谈")
        kind = r2.selectbox("类型", reputation.REPAIR_KINDS, key="repair_kind")
        r3, r4 = st.columns(2)
        day = r3.date_input("日期", value=(ctx.end - timedelta(days=1)).date(), key="repair_day")
        owner = r4.text_input("负责人", key="repair_owner")
        if st.form_submit_button("加入计划"):
            ur.run_write(reputation.add_repair_action, "修复行动已加入计划", ui.cursor(), employer, title, kind,
                         datetime.combine(day, time(10), ui.TZ), ctx.user, owner=owner,
                         incident_id=incident.id if incident is not None and incident.employer == employer else None)
    pending = plan[plan["done_at"].isna()]
    if len(pending):
        with st.form("repair_done"):
            done_id = st.selectbox("已实施的行动", [int(i) for i in pending["id"]], key="repair_done_pick",
                                   format_func=dict(zip(pending["id"].astype(int), pending["title"])).get)
            done_day = st.date_input("实施日期", value=(ctx.end - timedelta(days=1)).date(), key="repair_done_day")
            if st.form_submit_button("标记为已实施"):
                ur.run_write(reputation.mark_repair_done, "已记录修复行动的实施", ui.cursor(), done_id, ctx.user,
                             datetime.combine(done_day, time(10), ui.TZ))
