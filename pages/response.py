"""应对策划 — one incident's plan and roles, talking points (口径), statements and actions."""
import streamlit as st

from workbench import ui, ui_communication as uc, ui_response as ur, vocab
from workbench.incidents import editing
from workbench.plaintext import inert
from workbench.response import actions, clock, plans, playbooks, statements, talking_points

ctx = ui.context()
st.title("应对策划")
st.caption("制定策略 → 统一口径 → 信息发布 → 行动落实：方案有负责人和时限，声明经口径检查后审批发布。")
ui.show_flash()

incident = ui.pick_incident("response_incident")
if incident is None:
    st.stop()
iid = incident.id
k = ur.keyed(iid)  # every form below belongs to this incident
book = playbooks.for_incident(incident.category, incident.level, incident.clock_config)

c1, c2, c3, c4 = st.columns(4)
c1.metric("等级", vocab.LEVEL_NAMES.get(incident.level, "未定级"))
c2.metric("状态", incident.status)
c3.metric("事件负责人", incident.owner or "未指定")
with c4:
    ur.response_clock(incident)

uc.due_banner(incident)

tab_plan, tab_points, tab_statements, tab_actions, tab_claims, tab_updates = st.tabs(
    ["方案与分工", "口径", "声明", "行动", "核实台账", "相关方通报"])

with tab_plan:
    st.subheader(f"应对预案：{book.category} × {vocab.LEVEL_NAMES[book.level]}")
    st.write(book.strategy)
    st.caption(f"建议角色：{'、'.join(book.roles)}。行动时限按首次回应时限（{book.response_hours:g} 小时）的倍数计算，"
               "自立案（发现）或人工定级起算。")
    st.dataframe(
        [{"行动": a["title"], "角色": a["role"], "时限（立案后小时）": a["due_hours"]} for a in book.actions],
        hide_index=True, placeholder="—"
    )
    with st.form(k("incident_owner")):
        owner_name = st.text_input("事件负责人（统筹整个事件的处置）", value=incident.owner or "", key=k("incident_owner_name"))
        if st.form_submit_button("保存事件负责人"):
            ur.run_write(editing.set_owner, "事件负责人已保存", ui.cursor(), iid, owner_name, ctx.user)
    with st.form(k("apply_playbook")):
        st.caption("每项行动交给担任其角色的人（先在下方「分工」分配角色）；未分配的角色暂由方案负责人承担，分配后自动移交。"
                   "时限自立案（发现）起算，生成时已过时限的行动顺延 1 小时并注明原时限。")
        owner = st.text_input("方案负责人", value=incident.owner or "", key=k("playbook_owner"))
        if st.form_submit_button("按预案生成方案、口径模板和行动"):
            ur.run_write(plans.apply_playbook, "已按预案生成方案", ui.cursor(), iid, owner, ctx.user)

    st.subheader("方案")
    plan_df = actions.with_flags(ui.query("plan_list", incident_id=iid))
    ur.table(plan_df,
             {"id": "编号", "title": "方案", "owner": "负责人", "due_at": "时限", "时限": "倒计时", "status": "状态",
              "strategy": "策略", "created_by": "创建人"},
             "尚无方案：按预案生成，或在下方新建。")
    if len(plan_df):
        ur.status_form(k("plan"), "方案", plan_df, plans.PLAN_STATUSES, plans.set_status, ctx.user)
        ur.owner_due_form(k("plan_edit"), "方案", plan_df, plans.edit_plan, ctx.user)
    with st.form(k("new_plan")):
        st.markdown("**新建方案**")
        title = st.text_input("方案标题", key=k("plan_title"))
        owner = st.text_input("负责人", key=k("plan_owner"))
        strategy = st.text_area("策略要点", key=k("plan_strategy"), value=book.strategy)
        due = ur.due_picker("完成时限", k("plan_due"))
        if st.form_submit_button("创建方案"):
            ur.run_write(plans.create_plan, "方案已创建", ui.cursor(), iid, title, owner, due, ctx.user, strategy=strategy)

    st.subheader("分工")
    ur.table(actions.with_flags(ui.query("plan_assignments", incident_id=iid)),
             {"role": "角色", "person": "负责人", "due_at": "到位时限", "时限": "倒计时", "updated_by": "指派人"},
             "尚未分工。")
    with st.form(k("assign_role")):
        role = st.selectbox("角色", book.roles, key=k("assign_role"), accept_new_options=True)
        person = st.text_input("负责人", key=k("assign_person"))
        due = ur.due_picker("到位时限", k("assign_due"), incident.due_at("response"))
        if st.form_submit_button("分配角色"):
            ur.run_write(plans.assign, f"已分配角色：{role}", ui.cursor(), iid, role, person, due, ctx.user)

with tab_points:
    st.subheader("口径要点")
    st.caption("必含：每份声明都要体现；禁用：任何声明都不能出现（多个表述用、分隔）；背景：供内部参考，其中的数字同样约束声明。")
    ur.table(ui.query("talking_point_list", incident_id=iid),
             {"key": "要点", "kind": "类型", "value": "内容", "updated_by": "更新人", "updated_at": "更新时间"},
             "尚无口径。可在「方案与分工」按预案生成模板，或在下方添加。")
    with st.form(k("set_point")):
        key = st.text_input("要点名称（如 事实 / 态度 / 措施 / 禁用）", key=k("point_key"))
        kind = st.selectbox("类型", talking_points.KINDS, key=k("point_kind"))
        value = st.text_area("内容", key=k("point_value"))
        if st.form_submit_button("保存口径"):
            ur.run_write(talking_points.set_point, f"口径「{key}」已保存", ui.cursor(), iid, key, value, ctx.user, kind=kind)

with tab_statements:
    st.subheader("声明")
    st.caption("流程：草稿 → 审核中 → 已批准 → 已发布。批准时自动做统一口径检查（要点、禁用表述；日期、时长、金额、人数按数值与口径比较），"
               "有阻断项时须填写理由才能强制批准。")
    stmts = ui.query("statement_list", incident_id=iid)
    if stmts.empty:
        st.info("尚无声明。")
    for s in stmts.itertuples():
        sid = int(s.id)
        name = vocab.STATEMENT_STATUS_NAMES[s.status]
        with st.expander(f"#{sid} {s.channel} · {name} · 第 {s.version} 版", expanded=s.status != "published"):
            st.text(s.body)
            meta = [f"起草：{s.created_by}"]
            if isinstance(s.approved_by, str) and s.approved_by:  # NaN (never approved) is truthy
                meta.append(f"批准：{s.approved_by}（{clock.fmt(s.approved_at)}）")
            if isinstance(s.override_reason, str) and s.override_reason:
                meta.append(f"强制批准理由：{s.override_reason}")
            if clock.fmt(s.published_at):
                meta.append(f"发布：{clock.fmt(s.published_at)}")
            st.caption(inert("；".join(meta)))
            findings = statements.check(ui.cursor(), iid, s.body)
            if findings:
                ur.table(findings, {"kind": "问题", "severity": "程度", "key": "口径要点", "message": "说明",
                                   "explanation": "比较依据"})
            else:
                st.success("口径检查通过：要点齐全，无禁用表述，日期、时长、金额、人数与口径一致。")
            nexts = statements.TRANSITIONS[s.status]
            if nexts:
                reason = ""
                if "approved" in nexts:
                    reason = st.text_input("强制批准理由（口径检查有阻断项，或管理员批准本人起草的声明时需要）", key=k(f"override_{sid}"))
                cols = st.columns(len(nexts))
                for col, nxt in zip(cols, nexts):
                    if col.button(f"改为「{vocab.STATEMENT_STATUS_NAMES[nxt]}」", key=k(f"move_{sid}_{nxt}")):
                        ur.run_write(statements.transition, f"声明 #{sid} 已改为{vocab.STATEMENT_STATUS_NAMES[nxt]}",
                                     ui.cursor(), sid, nxt, ctx.user, override_reason=reason)
                new_body = st.text_area("修改正文（保存为新版本，回到草稿）", value=s.body, key=k(f"body_{sid}"))
                if st.button("保存新版本", key=k(f"revise_{sid}")):
                    ur.run_write(statements.revise, f"声明 #{sid} 已保存新版本", ui.cursor(), sid, new_body, ctx.user)
            versions = ui.query("statement_versions", statement_id=sid)
            if len(versions) > 1:
                ur.table(versions, {"version": "版本", "body": "正文", "created_by": "修改人", "created_at": "时间"})
    with st.form(k("new_statement")):
        st.markdown("**起草声明**")
        channel = st.selectbox("发布渠道", statements.CHANNELS, key=k("statement_channel"), accept_new_options=True)
        body = st.text_area("正文", key=k("statement_body"))
        if st.form_submit_button("保存草稿"):
            ur.run_write(statements.create, "声明草稿已保存", ui.cursor(), iid, channel, body, ctx.user)

with tab_actions:
    st.subheader("行动")
    acts = actions.with_flags(ui.query("action_list", incident_id=iid))
    if acts.empty:
        st.info("尚无行动项。")
    else:
        overdue = int(acts["overdue"].sum())
        st.metric("超时未完成", overdue, help="时限已过且状态不是已完成 / 已取消的行动")
        ur.table(acts.assign(超时=acts["overdue"].map({True: "超时", False: ""}), note=acts["note"].fillna("")),
                 {"id": "编号", "title": "行动", "role": "角色", "owner": "负责人", "due_at": "时限", "时限": "倒计时",
                  "超时": "超时", "status": "状态", "done_at": "完成时间", "note": "说明"})
        ur.status_form(k("action"), "行动", acts, vocab.ACTION_STATUSES, actions.set_status, ctx.user)
        ur.owner_due_form(k("action_edit"), "行动", acts,
                          lambda con, aid, owner, due, actor: actions.reschedule(con, aid, due, actor, owner=owner), ctx.user)
    with st.form(k("new_action")):
        st.markdown("**新增行动**")
        title = st.text_input("行动内容", key=k("action_title"))
        owner = st.text_input("负责人", key=k("action_owner"))
        due = ur.due_picker("时限", k("action_due"), incident.due_at("response"))
        if st.form_submit_button("新增行动"):
            ur.run_write(actions.create, "行动已新增", ui.cursor(), iid, title, owner, due, ctx.user)

with tab_claims:
    uc.claims_tab(iid, ctx.user)

with tab_updates:
    uc.updates_tab(incident, ctx.user)
