"""Streamlit pieces of 信息核实 and 沟通与互动: the claims ledger and the stakeholder updates (应对策划),
the interaction log (跟踪反馈). Pages call one function per part; the logic is in
``workbench.verification`` and ``workbench.communication``."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from . import ui, ui_response as ur
from .alerts.channels import load_channels
from .communication import audiences, interactions, updates
from .response import clock
from .verification import claims, proposals

LEDGER_COLUMNS = {
    "id": "编号", "text": "说法", "phrases": st.column_config.ListColumn("其他说法"), "status": "状态",
    "posts": st.column_config.NumberColumn("帖子数", help="提及该说法的帖子（按说法及其他说法匹配，或人工关联）"),
    "first_seen": "首见", "finding": "核实结论", "evidence": "核实依据", "document": "证明文件",
    "confirmed_by": "确认人", "verified_by": "核实人", "verified_at": "核实时间", "origin": "来源",
}
FINDING_COLUMNS = {"kind": "问题", "severity": "程度", "key": "口径要点/核实条目", "message": "说明"}


def _claim_names(ledger: pd.DataFrame) -> dict[int, str]:
    # no status in the label: a picker keeps its choice when the status changes
    return {int(r.id): f"核实#{int(r.id)} {r.text}" for r in ledger.itertuples()}


def due_banner(incident) -> None:
    """The update due soonest, with its countdown (on the incident's header)."""
    nxt = updates.next_due(ui.cursor(), incident)
    if nxt is None:
        return
    text = f"下一次相关方通报：{nxt['audience']}（{nxt['channel']}，每 {nxt['cadence_hours']:g} 小时）— {nxt['倒计时']}，截止 {clock.fmt(nxt['due_at'])}"
    (st.warning if nxt["overdue"] else st.info)(text, icon=":material/alarm:")


def claims_tab(incident_id: int, actor: str) -> None:
    """核实台账: proposals from the posts, the ledger, verification steps, citing in 口径."""
    st.caption("信息核实：登记帖子中的说法，逐条核实（待核实 → 核实中 → 属实 / 部分属实 / 不实 / 无法核实），"
               "写明依据、确认人；声明与通报只能使用已核实的事实，口径检查会据此给出阻断项。")
    ledger = claims.ledger(ui.cursor(), incident_id)
    ur.table(ledger, LEDGER_COLUMNS, "台账为空：从帖子提议说法，或在下方登记。")

    st.markdown("**从帖子提议说法**")
    key = f"claim_proposals_{incident_id}"
    if st.button("从帖子提议说法（高频关键表述与数字）", key="claims_propose"):
        st.session_state[key] = proposals.propose(ui.cursor(), incident_id)
    props = st.session_state.get(key)
    if props is not None:
        if props.empty:
            st.info("没有新的高频说法可提议。")
        else:
            ur.table(props.drop(columns=["post_ids"]), {
                "text": "说法", "phrases": st.column_config.ListColumn("其他说法"),
                "numbers": st.column_config.ListColumn("数字"), "posts": "帖子数", "first_seen": "首见",
                "example": "例帖（已脱敏）"})
            with st.form("claims_accept"):
                picked = st.multiselect("采纳为核实条目", list(props.index), key="claims_accept_pick",
                                        format_func=lambda i: f"{props.at[i, 'text']}（{props.at[i, 'posts']} 帖）")
                if st.form_submit_button("采纳所选说法"):
                    def accept_all():
                        for i in picked:
                            proposals.accept(ui.cursor(), incident_id, props.loc[i].to_dict(), actor)
                    st.session_state.pop(key, None)
                    ur.run_write(accept_all, f"已采纳 {len(picked)} 条说法")

    with st.form("claim_add"):
        st.markdown("**登记说法**")
        text = st.text_input("说法（如：拖欠三个月工资）", key="claim_text")
        phrases = st.text_input("其他说法（用、分隔，用于匹配帖子）", key="claim_phrases")
        if st.form_submit_button("登记说法"):
            ur.run_write(claims.add_claim, "说法已登记", ui.cursor(), incident_id, text, actor, phrases=phrases)
    if ledger.empty:
        return
    names = _claim_names(ledger)
    with st.form("claim_verify"):
        st.markdown("**核实**")
        cid = st.selectbox("核实条目", list(names), format_func=names.get, key="claim_verify_pick")
        status = st.selectbox("新状态", claims.STATUSES, key="claim_verify_status")
        finding = st.text_input("核实结论（哪些属实；部分属实必填）", key="claim_finding")
        evidence = st.text_area("核实依据（说明）", key="claim_evidence", height=80)
        document = st.text_input("证明文件名", key="claim_document")
        confirmed = st.text_input("确认人（部门或人员）", key="claim_confirmed_by")
        if st.form_submit_button("保存核实状态"):
            ur.run_write(claims.set_status, f"核实#{cid} 已改为{status}", ui.cursor(), cid, status, actor,
                         evidence=evidence, document=document, confirmed_by=confirmed, finding=finding)
    with st.form("claim_edit"):
        st.markdown("**修改说法**")
        cid = st.selectbox("核实条目", list(names), format_func=names.get, key="claim_edit_pick")
        row = ledger.set_index("id").loc[cid]
        text = st.text_input("说法", value=row["text"], key=f"claim_edit_text_{cid}")
        phrases = st.text_input("其他说法（用、分隔）", value="、".join(row["phrases"] if row["phrases"] is not None else []),
                                key=f"claim_edit_phrases_{cid}")
        c1, c2, c3 = st.columns(3)
        if c1.form_submit_button("保存修改"):
            ur.run_write(claims.edit_claim, f"核实#{cid} 已修改", ui.cursor(), cid, actor, text=text, phrases=phrases)
        if c2.form_submit_button("写入口径（背景）"):
            ur.run_write(claims.cite, f"核实#{cid} 已写入口径", ui.cursor(), cid, actor)
        if c3.form_submit_button("删除该条目"):
            ur.run_write(claims.delete_claim, f"核实#{cid} 已删除", ui.cursor(), cid, actor)
    with st.expander("关联帖子与核实记录"):
        cid = st.selectbox("核实条目", list(names), format_func=names.get, key="claim_posts_pick")
        ur.table(ui.query("claim_linked_posts", claim_id=cid),
                 {"published_at": "发布时间", "platform": "平台", "author": "作者", "text_masked": "内容（已脱敏）",
                  "engagement": "互动", "url": st.column_config.LinkColumn("链接")}, "没有关联帖子。")
        ur.table(claims.history(ui.cursor(), incident_id),
                 {"at": "时间", "claim_id": "编号", "text": "说法", "status": "状态", "finding": "结论",
                  "evidence": "依据", "document": "文件", "confirmed_by": "确认人", "verified_by": "核实人"})


def _channel_options(current: str) -> list[str]:
    names = [c.name for c in load_channels(ui.cursor(), active_only=True)]
    return list(dict.fromkeys([current, *names, *audiences.DEFAULT_CHANNEL.values(), "电话", "面谈"]))


def updates_tab(incident, actor: str) -> None:
    """相关方通报: cadence by audience with countdowns, drafts checked like statements, sending."""
    iid = incident.id
    st.caption("按级别确定各相关方的通报渠道与频次；通报由事件当前情况起草（已掌握的情况、已开展的工作、下一步），"
               "与声明同样做口径与核实台账检查；渠道为「预警汇报 › 推送渠道」中的渠道名时直接推送，否则记录为人工发送。")
    due = updates.due(ui.cursor(), incident)
    ur.table(due.assign(超时=due["overdue"].map({True: "超时", False: ""})), {
        "audience": "对象", "channel": "渠道", "cadence_hours": st.column_config.NumberColumn("间隔（小时）", format="%g"),
        "source": "依据", "sent": "已通报次数", "last_sent_at": "上次通报", "due_at": "下次截止", "倒计时": "倒计时",
        "超时": "超时"})
    with st.container(border=True):  # no form: picking an audience shows its own channel and cadence
        st.markdown("**通报设置**")
        audience = st.selectbox("对象", audiences.AUDIENCES, key="update_plan_audience")
        current = due.set_index("audience").loc[audience]
        cadence = current["cadence_hours"]
        channel = st.selectbox("渠道", _channel_options(current["channel"]), key=f"update_plan_channel_{audiences.AUDIENCES.index(audience)}",
                               accept_new_options=True)
        hours = st.number_input("间隔（小时，0 表示不定期）", min_value=0.0, step=1.0, key=f"update_plan_hours_{audiences.AUDIENCES.index(audience)}",
                                value=0.0 if pd.isna(cadence) or not cadence else float(cadence))
        if st.button("保存通报设置", key="update_plan_save"):
            ur.run_write(audiences.set_plan, f"{audience}通报设置已保存", ui.cursor(), iid, audience, channel, hours, actor)
    with st.form("update_draft"):
        st.markdown("**起草通报**")
        audience = st.selectbox("对象", audiences.AUDIENCES, key="update_draft_audience")
        if st.form_submit_button("按当前情况起草"):
            ur.run_write(lambda: updates.create(ui.cursor(), iid, audience, updates.draft(ui.cursor(), iid, audience), actor),
                         f"已起草致{audience}的通报")

    sent_or_drafts = updates.listing(ui.cursor(), iid)
    for u in sent_or_drafts[sent_or_drafts["status"] == "草稿"].itertuples():
        uid = int(u.id)
        with st.expander(f"通报 #{uid} · {u.audience} · {u.channel} · 草稿", expanded=True):
            findings = updates.check(ui.cursor(), iid, u.body)
            if findings:
                ur.table(findings, FINDING_COLUMNS)
            else:
                st.success("检查通过：口径一致，只使用已核实的事实。")
            if isinstance(u.last_error, str) and u.last_error:
                st.error(f"上次推送失败：{u.last_error}")
            body = st.text_area("通报内容", value=u.body, key=f"update_body_{uid}", height=260)
            if st.button("保存修改", key=f"update_revise_{uid}"):
                ur.run_write(updates.revise, f"通报 #{uid} 已修改", ui.cursor(), uid, body, actor)
            reason = st.text_input("强制发送理由（仅在检查有阻断项时需要）", key=f"update_override_{uid}")
            if st.button(f"发送（{u.channel}）", key=f"update_send_{uid}"):
                ur.run_write(updates.send, f"通报 #{uid} 已发送", ui.cursor(), uid, actor, override_reason=reason)
    sent = sent_or_drafts[sent_or_drafts["status"] == "已发送"]
    st.markdown("**已发送的通报**")
    ur.table(sent, {"id": "编号", "audience": "对象", "channel": "渠道", "sent_at": "发送时间", "sent_by": "发送人",
                    "delivery": "方式", "按时": "按时", "override_reason": "强制发送理由", "body": "内容"},
             "尚未发送通报。")


def interaction_log(incident_id: int, actor: str) -> None:
    """互动记录: replies to key posts, their outcome, and what the posts drew afterwards."""
    st.subheader("互动记录")
    st.caption("对关键帖子与评论的回复：谁在哪里回复了什么、何时、结果如何；「其后回复」为该帖在回复后收到的回复与转发（其中负面）。")
    log = interactions.listing(ui.cursor(), incident_id)
    ur.table(log, {"id": "编号", "replied_at": "回复时间", "platform": "平台", "responder": "回复人", "reply": "回复内容",
                   "post_text": "所回复的帖子（已脱敏）", "outcome": "结果", "outcome_note": "结果说明",
                   "later_replies": "其后回复", "later_negative": "其中负面", "created_by": "记录人"},
             "尚无互动记录。")
    posts = interactions.key_posts(ui.cursor(), incident_id)
    labels = {None: "（不在库中的帖子或私下沟通）",
              **{int(p.post_id): f"{p.platform}·{p.author or '匿名'}：{str(p.text_masked)[:40]}（互动 {int(p.engagement)}）"
                 for p in posts.itertuples()}}
    with st.form("interaction_add"):
        st.markdown("**记录回复**")
        post_id = st.selectbox("回复的帖子", list(labels), format_func=labels.get, key="interaction_post")
        platform = st.text_input("平台", key="interaction_platform")
        responder = st.text_input("回复人（账号或人员）", key="interaction_responder")
        reply = st.text_area("回复内容", key="interaction_reply")
        replied_at = ur.due_picker("回复时间", "interaction_at", clock.now_or())
        outcome = st.selectbox("结果", interactions.OUTCOMES, key="interaction_outcome")
        if st.form_submit_button("记录回复"):
            ur.run_write(interactions.log_reply, "回复已记录", ui.cursor(), incident_id, platform=platform,
                         responder=responder, reply=reply, actor=actor, post_id=post_id, outcome=outcome,
                         replied_at=replied_at)
    if log.empty:
        return
    with st.form("interaction_outcome_form"):
        st.markdown("**更新结果**")
        names = {int(r.id): f"#{int(r.id)} {r.responder}：{str(r.reply)[:30]}" for r in log.itertuples()}
        picked = st.selectbox("互动记录", list(names), format_func=names.get, key="interaction_pick")
        outcome = st.selectbox("结果", interactions.OUTCOMES, key="interaction_new_outcome")
        note = st.text_input("结果说明", key="interaction_note")
        if st.form_submit_button("更新结果"):
            ur.run_write(interactions.set_outcome, "互动结果已更新", ui.cursor(), picked, outcome, actor, note)
