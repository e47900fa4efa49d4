"""预警汇报 — alerts with their evidence and acknowledgement, deliveries, channels, rules, 日报 / 专报."""
from datetime import datetime, timedelta

import pandas as pd
import streamlit as st

from workbench import ui, vocab
from workbench.alerts import channels, delivery, engine, store
from workbench.briefings import documents
from workbench.incidents import clocks
from workbench.incidents import record as incident_record
from workbench.plaintext import inert
from workbench.ui_response import local_times as local  # Beijing-time display of timestamp columns

ctx = ui.context()
st.title("预警汇报")
st.caption("突增与负面占比按小时对比 7 天基线；每条预警都带着它的依据（规则、数值、帖子）。确认、渠道与规则的修改均写入审计日志。")


tab_list, tab_sent, tab_channels, tab_rules, tab_reports = st.tabs(["预警列表", "推送记录", "推送渠道", "预警规则", "日报与专报"])

# ---- alert threads -----------------------------------------------------------------------
with tab_list:
    run1, run2, _ = st.columns([1, 1, 3])
    if run1.button("立即运行预警规则", key="alerts_evaluate", help="按当前时间评估突增、负面占比、重大事件与超时"):
        ids = engine.evaluate(ui.cursor())
        ui.written(f"新增预警 {len(ids)} 条")
    if run2.button("推送待发送预警", key="alerts_deliver", help="含到期的重试；免打扰时段只推送豁免级别"):
        result = delivery.deliver_pending(ui.cursor())
        ui.written(f"已发送 {result['sent']}，重试中 {result['retrying']}，失败 {result['failed']}，暂缓 {result['held']}，延后 {result['deferred']}")
    st.caption("同一事件的预警归入一条线程：首条预警附事件依据并推送；之后的突增、负面占比、级别升高、超时只更新线程，"
               "级别升高或出现新的预警类型时才再次推送（附原因）。不属于单一事件的预警（如分类突增）各成一线。")

    f1, f2, f3, f4 = st.columns(4)
    levels_f = f1.multiselect("级别", vocab.LEVELS, format_func=vocab.LEVEL_NAMES.get, key="alerts_levels", placeholder="全部级别")
    rules_f = f2.multiselect("规则", list(store.RULE_NAMES), format_func=store.RULE_NAMES.get, key="alerts_rules", placeholder="全部规则")
    ack_f = f3.selectbox("确认状态", ["未确认", "已确认", "全部"], key="alerts_ack_filter")
    range_f = f4.selectbox("时间", ["侧栏时间范围", "全部时间"], key="alerts_range")
    filters = {
        "levels": levels_f, "rules": rules_f,
        "acknowledged": {"未确认": False, "已确认": True, "全部": None}[ack_f],
        **(ctx.params if range_f == "侧栏时间范围" else {}),
    }
    threads = ui.masked(store.list_threads(ui.cursor(), filters))
    if threads.empty:
        st.info("没有符合条件的预警。预警由监测任务（`workbench monitor`）或上方按钮按规则生成。")
    else:
        shown = threads.assign(
            level=threads["level"].map(vocab.LEVEL_NAMES).fillna("未定级"),
            subject=[incident_record.label(i, lv, t, s) if pd.notna(i) else f"{store.SCOPE_NAMES.get(k, k)}「{lb}」"
                     for i, lv, t, s, k, lb in zip(threads["incident_id"], threads["incident_level"], threads["incident_title"],
                                                    threads["incident_status"], threads["scope_kind"], threads["scope_label"])],
            state=["待确认" if n else "已确认" for n in threads["unacknowledged"]],
        )
        st.dataframe(
            local(shown[["thread_id", "updated_at", "level", "subject", "rule_names", "changes", "pushed", "state", "last_message"]]),
            hide_index=True,
            column_config={
                "thread_id": "线程", "updated_at": "最近更新", "level": "最高级别", "subject": "事件 / 范围",
                "rule_names": st.column_config.ListColumn("触发规则"),
                "changes": st.column_config.NumberColumn("更新次数", help="线程中的预警条数（每轮一条）"),
                "pushed": st.column_config.NumberColumn("推送次数", help="首条与每次升级各推送一次"),
                "state": "确认", "last_message": "最新内容",
            }, placeholder="—"
        )
        labels = {int(r["thread_id"]): f"线程 #{int(r['thread_id'])} [{r['level']}] {r['subject']}" for r in shown.to_dict("records")}
        picked = st.selectbox("查看预警线程", list(labels), format_func=labels.get, key="alerts_pick")
        history = ui.masked(store.thread_history(ui.cursor(), picked))
        st.subheader(f"预警线程 #{picked}")
        st.dataframe(
            local(history.assign(level=history["level"].map(vocab.LEVEL_NAMES).fillna("未定级"),
                                 notify=history["notify"].map({True: "已推送", False: "仅更新"}))[
                ["id", "created_at", "level", "rule_names", "notify", "reason", "message", "acknowledged_by"]]),
            hide_index=True,
            column_config={"id": "预警", "created_at": "时间", "level": "级别", "rule_names": st.column_config.ListColumn("规则"),
                           "notify": "推送", "reason": "原因", "message": "内容", "acknowledged_by": "确认人"}, placeholder="—"
        )
        changes = {int(r.id): f"#{r.id} {pd.Timestamp(r.created_at).tz_convert(ui.TZ):%m-%d %H:%M} {r.reason or ''}"
                   for r in history.itertuples()}
        change = st.selectbox("查看依据（默认最新一条；首条附事件依据）", list(changes)[::-1], format_func=changes.get,
                              key="alerts_change")
        detail = store.alert_detail(ui.cursor(), change)
        ev = detail["evidence"]
        st.markdown(inert(detail["message"]))
        if ev.get("explanation"):
            st.info(inert(ev["explanation"]))
        numbers = ev.get("numbers") or {}
        if detail["rule"] == "spike":
            m = st.columns(5)
            m[0].metric("该小时发帖", numbers.get("count"))
            m[1].metric("基线均值", f"{numbers.get('mean', 0):.2f}")
            m[2].metric("基线标准差", f"{numbers.get('sd', 0):.2f}")
            m[3].metric("阈值", f"{numbers.get('threshold', 0):.2f}", help="均值+k·标准差、2×均值、最少发帖量三者取大")
            m[4].metric("灵敏度 k", numbers.get("k"))
        elif detail["rule"] == "negative_share":
            m = st.columns(4)
            m[0].metric("2 小时帖子", numbers.get("posts"))
            m[1].metric("负面", numbers.get("negative"))
            m[2].metric("负面占比", f"{numbers.get('share', 0):.0%}")
            base = numbers.get("baseline_share")
            m[3].metric("7 天基线占比", "无" if base is None else f"{base:.0%}")
        elif ev.get("clocks"):  # a digest of overdue clocks
            st.dataframe(pd.DataFrame(ev["clocks"]), hide_index=True, column_config={
                "incident_id": "事件", "title": "标题", "level": "级别", "escalated_level": "上调后级别",
                "clock_name": "时限", "due_at": "截止时间", "overdue_minutes": st.column_config.NumberColumn("已超（分钟）", format="%.0f")}, placeholder="—")
        with st.expander("规则参数与全部数值（JSON）"):
            st.json({"parameters": ev.get("parameters"), "numbers": numbers, "window": ev.get("window"),
                     "triggers": ev.get("triggers"), "incident": ev.get("incident"), "post_ids": ev.get("post_ids")})
        posts = ui.masked(pd.DataFrame(ev.get("posts") or []))
        if not posts.empty:
            st.caption(f"代表帖子（共 {ev.get('post_count', len(posts))} 条，按互动量排序；内容已脱敏）")
            st.dataframe(posts, hide_index=True, column_config={
                "post_id": "帖子", "platform": "平台", "url": st.column_config.LinkColumn("链接"), "sentiment": "情感",
                "published_at": "发布时间", "engagement": "互动", "excerpt": "内容（已脱敏）"}, placeholder="—")
            if pd.notna(detail.get("incident_id")):
                st.page_link("pages/search.py", label="在帖子检索中查看该事件的全部帖子", icon=":material/search:",
                             query_params={"incident": str(int(detail["incident_id"]))})
        if int(shown.set_index("thread_id").loc[picked, "unacknowledged"]):
            if st.button("确认此预警线程", key="alerts_ack", type="primary",
                         help="线程中已推送的预警全部标为已确认；事件尚未确认的，同时记录事件确认（停止确认时限）"):
                if ui.write(store.acknowledge, f"预警线程 #{picked} 已确认", ui.cursor(), change, ctx.user):
                    st.rerun()
        else:
            row = shown.set_index("thread_id").loc[picked]
            st.success(f"已由 {inert(row['acknowledged_by'])} 于 {pd.Timestamp(row['acknowledged_at']).tz_convert(ui.TZ):%Y-%m-%d %H:%M} 确认")
        sent = ui.query("alert_deliveries", alert_id=change, limit=50)
        if not sent.empty:
            st.caption("本条预警的推送")
            st.dataframe(local(sent.assign(status=sent["status"].map(store.DELIVERY_STATUS_NAMES).fillna(sent["status"])))[
                ["channel", "status", "attempts", "last_error", "last_attempt_at", "next_attempt_at", "sent_at"]],
                hide_index=True, column_config={"channel": "渠道", "status": "状态", "attempts": "尝试次数", "last_error": "最近错误",
                                                "last_attempt_at": "最近尝试", "next_attempt_at": "下次重试", "sent_at": "送达时间"}, placeholder="—")

# ---- deliveries --------------------------------------------------------------------------
with tab_sent:
    log = ui.query("alert_deliveries", alert_id=-1, limit=500)
    if log.empty:
        st.info("暂无推送记录。")
    else:
        counts = log["status"].map(store.DELIVERY_STATUS_NAMES).fillna(log["status"]).value_counts()
        st.caption("；".join(f"{k} {v}" for k, v in counts.items()))
        st.dataframe(local(log.assign(status=log["status"].map(store.DELIVERY_STATUS_NAMES).fillna(log["status"]),
                                      level=log["level"].map(vocab.LEVEL_NAMES).fillna("未定级"))),
                     hide_index=True, column_config={
                         "alert_id": "预警", "level": "级别", "message": "内容", "channel": "渠道", "status": "状态",
                         "attempts": "尝试次数", "last_error": "最近错误", "last_attempt_at": "最近尝试",
                         "next_attempt_at": "下次重试", "sent_at": "送达时间", "updated_at": "更新时间"}, placeholder="—")

# ---- channels ----------------------------------------------------------------------------
with tab_channels:
    st.caption("企业微信、钉钉（加签）、飞书（签名校验）机器人、通用 JSON Webhook 与 SMTP 邮件。密钥与地址参数不会完整显示。")
    st.dataframe(channels.channels_frame(ui.cursor()), hide_index=True, column_config={
        "id": "编号", "name": "名称", "kind": "类型", "url": "地址", "secret": "密钥", "smtp": "SMTP 服务器",
        "smtp_security": "加密", "mail_to": "收件人", "min_level": "最低级别", "active": "启用"}, placeholder="—")
    existing = {c.id: c for c in channels.load_channels(ui.cursor())}
    choice = st.selectbox("编辑渠道", [0, *existing], format_func=lambda i: "（新建渠道）" if i == 0 else existing[i].name, key="channel_pick")
    current = existing.get(choice)
    kinds = list(channels.KINDS)
    with st.form("channel_form"):
        c1, c2, c3 = st.columns(3)
        name = c1.text_input("名称", value=current.name if current else "", key="channel_name")
        kind = c2.selectbox("类型", kinds, index=kinds.index(current.kind) if current else 0, format_func=channels.KINDS.get, key="channel_kind")
        min_level = c3.selectbox("推送最低级别", vocab.LEVELS, index=vocab.LEVELS.index(current.min_level) if current else 3,
                                 format_func=vocab.LEVEL_NAMES.get, key="channel_min_level")
        url = st.text_input("Webhook 地址（机器人 / 通用）", value="", placeholder="留空则不修改" if current and current.url else "https://…", key="channel_url")
        secret = st.text_input("签名密钥（钉钉加签 / 飞书签名 / 通用 Webhook 的 HMAC 密钥）", value="", type="password",
                               placeholder="留空则不修改" if current and current.secret else "", key="channel_secret")
        s1, s2, s3 = st.columns(3)
        smtp_host = s1.text_input("SMTP 服务器", value=(current.smtp_host or "") if current else "", key="channel_smtp_host")
        smtp_port = s2.number_input("端口", min_value=1, max_value=65535, value=int(current.smtp_port or 25) if current else 25, key="channel_smtp_port")
        security = s3.selectbox("加密", list(channels.SMTP_SECURITY), format_func=channels.SMTP_SECURITY.get,
                                index=list(channels.SMTP_SECURITY).index(current.smtp_security) if current else 0, key="channel_security")
        u1, u2 = st.columns(2)
        smtp_user = u1.text_input("SMTP 用户名", value=(current.smtp_user or "") if current else "", key="channel_smtp_user")
        smtp_password = u2.text_input("SMTP 密码", value="", type="password", placeholder="留空则不修改" if current and current.smtp_password else "", key="channel_smtp_password")
        mail_from = u1.text_input("发件人", value=(current.mail_from or "") if current else "", key="channel_mail_from")
        mail_to = u2.text_input("收件人（逗号分隔）", value=(current.mail_to or "") if current else "", key="channel_mail_to")
        active = st.checkbox("启用", value=current.active if current else True, key="channel_active")
        saved = st.form_submit_button("保存渠道")
    if saved:
        data = {"name": name, "kind": kind, "min_level": min_level, "smtp_host": smtp_host, "smtp_port": smtp_port,
                "smtp_security": security, "smtp_user": smtp_user, "mail_from": mail_from, "mail_to": mail_to, "active": active,
                "secret": secret, "smtp_password": smtp_password}
        if url or not current:
            data["url"] = url
        if ui.write(channels.save_channel, f"渠道「{name}」已保存", ui.cursor(), data, ctx.user, channel_id=current.id if current else None):
            st.rerun()
    if current:
        d1, d2, _ = st.columns([1, 1, 3])
        if d1.button("发送测试消息", key="channel_test"):
            error = delivery.send_test(current)
            (st.error(f"测试失败：{error}") if error else st.success("测试消息已送达。"))
        if d2.button("删除渠道", key="channel_delete"):
            if ui.write(channels.delete_channel, f"渠道「{current.name}」已删除", ui.cursor(), current.id, ctx.user):
                st.rerun()

# ---- rule settings -----------------------------------------------------------------------
with tab_rules:
    cfg = store.settings(ui.cursor())
    sens = ["high", "medium", "low"]
    sens_name = {s: f"{engine.SENSITIVITY_NAMES[s]}（k={engine.K_BY_SENSITIVITY[s]:g}）" for s in sens}
    st.caption("突增：该小时发帖 ≥ 均值 + k·标准差，且 ≥ 2×均值，且 ≥ 最少发帖量（7 天每小时基线）。负面占比：2 小时内达到阈值、帖子足够，且高于 7 天基线。监测规则的灵敏度在「采集监测」中按规则设置。")
    with st.form("alert_settings"):
        r1, r2, r3 = st.columns(3)
        new = {
            "min_volume": r1.number_input(store.SETTING_LABELS["min_volume"], min_value=1, value=int(cfg["min_volume"]), key="set_min_volume"),
            "suppression_hours": r2.number_input(store.SETTING_LABELS["suppression_hours"], min_value=1, value=int(cfg["suppression_hours"]), key="set_suppression"),
            "lookback_hours": r3.number_input(store.SETTING_LABELS["lookback_hours"], min_value=1, max_value=168, value=int(cfg["lookback_hours"]), key="set_lookback"),
            "category_sensitivity": r1.selectbox(store.SETTING_LABELS["category_sensitivity"], sens, index=sens.index(cfg["category_sensitivity"]), format_func=sens_name.get, key="set_cat_sens"),
            "incident_sensitivity": r2.selectbox(store.SETTING_LABELS["incident_sensitivity"], sens, index=sens.index(cfg["incident_sensitivity"]), format_func=sens_name.get, key="set_inc_sens"),
            "negative_share": r3.number_input(store.SETTING_LABELS["negative_share"], min_value=0.05, max_value=1.0, step=0.05, value=float(cfg["negative_share"]), key="set_neg_share"),
            "negative_min_posts": r1.number_input(store.SETTING_LABELS["negative_min_posts"], min_value=1, value=int(cfg["negative_min_posts"]), key="set_neg_min"),
            "negative_margin": r2.number_input(store.SETTING_LABELS["negative_margin"], min_value=0.0, max_value=1.0, step=0.05, value=float(cfg["negative_margin"]), key="set_neg_margin"),
            "quiet_start": r1.text_input(store.SETTING_LABELS["quiet_start"], value=cfg["quiet_start"], placeholder="如 22:00，留空表示不设", key="set_quiet_start"),
            "quiet_end": r2.text_input(store.SETTING_LABELS["quiet_end"], value=cfg["quiet_end"], placeholder="如 07:00", key="set_quiet_end"),
            "quiet_bypass_level": r3.selectbox(store.SETTING_LABELS["quiet_bypass_level"], vocab.LEVELS, index=vocab.LEVELS.index(cfg["quiet_bypass_level"]), format_func=vocab.LEVEL_NAMES.get, key="set_bypass"),
            "max_attempts": r1.number_input(store.SETTING_LABELS["max_attempts"], min_value=1, max_value=20, value=int(cfg["max_attempts"]), key="set_attempts"),
            "backoff_seconds": r2.number_input(store.SETTING_LABELS["backoff_seconds"], min_value=1, value=int(cfg["backoff_seconds"]), key="set_backoff"),
            "clock_digest_over": r3.number_input(store.SETTING_LABELS["clock_digest_over"], min_value=0, value=int(cfg["clock_digest_over"]), key="set_clock_digest"),
            "push_digest_over": r1.number_input(store.SETTING_LABELS["push_digest_over"], min_value=1, value=int(cfg["push_digest_over"]), key="set_push_digest"),
        }
        if st.form_submit_button("保存预警规则"):
            if ui.write(store.update_settings, "预警规则已保存", ui.cursor(), new, ctx.user):
                st.rerun()

    st.subheader("处置时限（按级别，分钟）")
    st.caption("确认与首次公开回应时限自立案（工作台发现事件）或人工定级起算，不从帖子发布时间起算；"
               "此处的设置是工作台唯一的时限，影响评估、应对策划、态势总览、报告与超时预警都按它计算。")
    clock_cfg = clocks.load_config(ui.cursor())
    with st.form("clock_settings"):
        minutes = {}
        for name, clock_key in (("确认", "ack"), ("首次公开回应", "response")):
            cols = st.columns(len(vocab.LEVELS))
            minutes[clock_key] = {
                lv: col.number_input(f"{name} {lv}级", min_value=1, value=int(clock_cfg[clock_key][lv].total_seconds() // 60),
                                     key=f"clock_{clock_key}_{lv}")
                for col, lv in zip(cols, vocab.LEVELS)
            }
        if st.form_submit_button("保存处置时限"):
            if ui.write(clocks.save_config, "处置时限已保存", ui.cursor(), minutes, ctx.user):
                st.rerun()

# ---- briefings ---------------------------------------------------------------------------
with tab_reports:
    kind = st.radio("报告", ["舆情日报", "舆情专报"], horizontal=True, key="report_kind")
    if kind == "舆情日报":
        day = st.date_input("日期", value=(ctx.end - timedelta(days=1)).date(), key="report_day")
        target = {"day": day}
    else:
        picked_incident = ui.pick_incident("report_incident", empty="暂无事件，无法生成专报。")
        target = None if picked_incident is None else {"incident_id": picked_incident.id}
    if target is not None and st.button("生成报告", key="report_build"):
        try:
            with ui.Progress("正在生成报告……") as step:
                step("汇总数据", 0.1)
                briefing = documents.build(ui.cursor(), **target)
                step("生成 Word 文档（含图表）", 0.4)
                docx = documents.render(briefing, "docx")
                step("生成 Markdown", 0.9)
                st.session_state["report_files"] = {
                    "stem": briefing.file_stem(), "docx": docx, "md": documents.render(briefing, "md"),
                    "at": datetime.now(ui.TZ), "target": target,
                }
        except ValueError as e:
            ui.show_error(str(e))
    files = st.session_state.get("report_files")
    if files and files.get("target") == target:  # a report made for another day or incident is not offered here
        st.caption(f"{inert(files['stem'])}（生成于 {files['at']:%H:%M:%S}）")
        b1, b2, _ = st.columns([1, 1, 3])
        b1.download_button("下载 DOCX", files["docx"], file_name=f"{files['stem']}.docx", mime=documents.FORMATS["docx"], key="report_docx")
        b2.download_button("下载 Markdown", files["md"], file_name=f"{files['stem']}.md", mime=documents.FORMATS["md"], key="report_md")
        with st.expander("预览（Markdown 原文）"):
            st.code(files["md"].decode("utf-8"), language="markdown")  # post excerpts are never rendered
