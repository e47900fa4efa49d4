"""审计日志: every write by a person — who, what, which record, before and after (admins only)."""
from datetime import datetime, time, timedelta

import streamlit as st

from workbench import audit, ui, ui_auth

ctx = ui.context()
st.title("审计日志")
viewer = ui_auth.require_page("audit")
st.caption("每一次人工写操作（含登录）都记录操作账号、时间、对象及修改前后；个人信息已脱敏。")

options = audit.choices(ui.cursor())
c1, c2, c3, c4 = st.columns(4)
actor = c1.selectbox("操作人", options["actor"], index=None, placeholder="全部", key="audit_actor")
action = c2.selectbox("操作", options["action"], index=None, placeholder="全部", key="audit_action")
entity = c3.selectbox("对象", options["entity"], index=None, placeholder="全部", key="audit_entity")
today = datetime.now(ui.TZ).date()
days = c4.date_input("日期", value=(today - timedelta(days=6), today), key="audit_days", help="默认：最近 7 天")
start = end = None
if isinstance(days, (tuple, list)) and len(days) == 2:
    start = datetime.combine(days[0], time.min, ui.TZ)
    end = datetime.combine(days[1] + timedelta(days=1), time.min, ui.TZ)

rows = audit.entries(ui.cursor(), viewer, actor=actor, action=action, entity=entity, start=start, end=end)
st.caption(f"共 {len(rows)} 条（最多显示 1000 条，最新在前）")
st.dataframe(rows, hide_index=True, width="stretch", column_config={
    "id": "编号", "at": st.column_config.DatetimeColumn("时间", format="YYYY-MM-DD HH:mm:ss", timezone=ui.TZ.key),
    "actor": "操作人", "action": "操作", "entity": "对象", "entity_id": "对象编号", "before": "修改前", "after": "修改后"})
st.download_button("导出 CSV（已脱敏）", audit.csv_bytes(rows), file_name="审计日志.csv", mime="text/csv",
                   key="audit_csv", disabled=rows.empty)
