"""账号管理: who may sign in and with which role (admins only; `workbench users` does the same)."""
import streamlit as st

from workbench import access, accounts, ui, ui_auth

ctx = ui.context()
st.title("账号管理")
admin = ui_auth.require_page("users")
ui.show_flash()
st.caption("领导：只读各页并下载简报；分析员：处置流程；管理员：另管采集源、规则、渠道、时限、模型与账号。"
           f"同一账号 15 分钟内连续输错 {accounts.store.MAX_FAILURES} 次密码即锁定 15 分钟。")

people = accounts.listing(ui.cursor())
st.dataframe(people, hide_index=True, width="stretch", column_config={
    "name": "账号", "role": st.column_config.SelectboxColumn("角色", options=list(access.ROLES)),
    "disabled": "已停用", "oidc_only": "仅统一身份认证", "created_at": "创建时间", "created_by": "创建人",
    "last_login": "最近登录"})

role_label = access.ROLE_NAMES.get
with st.form("account_add", clear_on_submit=True):
    st.markdown("**新建账号**")
    c1, c2, c3 = st.columns(3)
    name = c1.text_input("账号", key="account_name")
    role = c2.selectbox("角色", access.ROLES, format_func=role_label, key="account_role")
    password = c3.text_input("初始密码（留空：只能通过统一身份认证登录）", type="password", key="account_password")
    if st.form_submit_button("新建"):
        ui.write(accounts.add, f"已新建账号「{name.strip()}」", ui.cursor(), name, role, password or None, admin, rerun=True)

names = people["name"].tolist()
if names:
    with st.form("account_change"):
        st.markdown("**修改账号**")
        c1, c2 = st.columns(2)
        who = c1.selectbox("账号", names, key="account_pick")
        new_role = c2.selectbox("角色", access.ROLES, format_func=role_label, key="account_new_role")
        b1, b2, b3, b4 = st.columns(4)
        if b1.form_submit_button("改为所选角色"):
            ui.write(accounts.set_role, f"「{who}」的角色已改为{role_label(new_role)}", ui.cursor(), who, new_role, admin, rerun=True)
        if b2.form_submit_button("停用"):
            ui.write(accounts.set_disabled, f"「{who}」已停用", ui.cursor(), who, True, admin, rerun=True)
        if b3.form_submit_button("启用"):
            ui.write(accounts.set_disabled, f"「{who}」已启用", ui.cursor(), who, False, admin, rerun=True)
        if b4.form_submit_button("解除锁定"):
            ui.write(accounts.unlock, f"「{who}」已解锁", ui.cursor(), who, admin, rerun=True)
