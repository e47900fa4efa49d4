"""Sign-in for the web app: the login page, the signed-in account of a session, each role's pages.

A session holds its account under ``ACTOR_KEY`` after a password sign-in; an identity-provider
sign-in (``st.login``) is read from ``st.user`` at every run. Either way the account is checked
against the store at every run, so disabling it or changing its role takes effect at once.
"""
from __future__ import annotations

from typing import Mapping

import streamlit as st

from . import access, accounts, ui
from .access import Actor
from .accounts import oidc

ACTOR_KEY = "actor"
DESTINATION_KEY = "after_login"  # (page, query params) a visitor asked for before signing in
ADMIN_PAGES = ("audit", "accounts")  # url paths of the pages only admins see


def oidc_settings() -> oidc.Settings | None:
    """The identity provider configured in ``.streamlit/secrets.toml``, or None."""
    try:
        return oidc.settings(st.secrets.to_dict())
    except Exception:  # no secrets file at all: Streamlit raises on first access
        return None


def _oidc_actor() -> Actor | None:
    config = oidc_settings()
    if config is None or not st.user.get("is_logged_in"):
        return None
    return oidc.actor_from_claims(ui.cursor(), st.user.to_dict(), config)


def signed_in() -> Actor | None:
    """This session's account, checked against the store (None: show only the login page)."""
    held = st.session_state.get(ACTOR_KEY)
    if held is not None:
        method = getattr(held, "method", "password")
        current = accounts.actor_for(ui.cursor(), held) if method == "password" else _oidc_actor()
        if current is None:
            st.session_state.pop(ACTOR_KEY, None)
            st.session_state["login_notice"] = "账号已停用或已删除，请重新登录或联系管理员。"
            return None
        current.method = method
        st.session_state[ACTOR_KEY] = current
        return current
    actor = _oidc_actor()
    if actor is not None:
        actor.method = "oidc"
        accounts.store.record_login(ui.cursor(), actor, "oidc")
        st.session_state[ACTOR_KEY] = actor
    return actor


def sign_out() -> None:
    """End this session's sign-in (and the identity provider's cookie, when used)."""
    actor = st.session_state.pop(ACTOR_KEY, None)
    st.session_state.pop("ctx", None)
    if actor is not None and getattr(actor, "method", None) == "oidc":
        st.logout()


def pages_for(actor: Actor, pages: Mapping[str, list]) -> dict[str, list]:
    """The router's pages this account's role may open: admins also get the admin pages."""
    shown = {}
    for section, items in pages.items():
        kept = [p for p in items if p.url_path not in ADMIN_PAGES or actor.role == "admin"]
        if kept:
            shown[section] = kept
    return shown


def require_page(permission: str) -> Actor:
    """Stop a page the signed-in account may not see (navigation hides it; a deep link must not open it)."""
    actor = ui.context().user
    if not access.allows(actor, permission):
        ui.show_error(f"{actor.role_name}账号无权打开此页面。")
        st.stop()
    return actor


def remember_destination(asked, login_page) -> None:
    """Keep the page (and its query, e.g. ``?incident=3``) a visitor opened before signing in, so
    that a deep link leads there once the login succeeds."""
    if asked is not login_page:
        st.session_state[DESTINATION_KEY] = (asked, st.query_params.to_dict())


def login_page(home=None) -> None:
    """The only page a visitor who is not signed in sees. A sign-in opens the page the visitor asked
    for, else ``home`` (the router's landing page)."""
    st.title("登录 · 职场舆情处置工作台")
    notice = st.session_state.pop("login_notice", None)
    if notice:
        ui.show_error(notice)
    config = oidc_settings()
    if config is not None:
        if st.user.get("is_logged_in"):
            ui.show_error("统一身份认证已通过，但该身份没有开通工作台账号或没有对应角色，请联系管理员。")
            st.button("退出统一身份认证", key="oidc_logout", on_click=st.logout)
        else:
            st.button(f"使用{config.label}登录", key="oidc_login", type="primary",
                      on_click=st.login, args=(config.provider,) if config.provider else ())
        st.caption("或使用本地账号：")
    if accounts.count(ui.cursor()) == 0:
        st.info("还没有任何账号。请在服务器上运行 `workbench users add 名称 --role admin` 创建第一个管理员"
                "（密码不回显输入），然后在此登录；管理员可再为同事创建账号。", icon=":material/info:")
    with st.form("login"):
        name = st.text_input("账号", key="login_name")
        password = st.text_input("密码", type="password", key="login_password")
        submitted = st.form_submit_button("登录", type="primary", key="login_submit")
    if submitted:
        try:
            actor = accounts.authenticate(ui.cursor(), name, password)
        except accounts.LoginFailed as e:
            ui.show_error(str(e))
            return
        actor.method = "password"
        st.session_state[ACTOR_KEY] = actor
        destination = st.session_state.pop(DESTINATION_KEY, None)
        if destination is not None:
            st.switch_page(destination[0], query_params=destination[1])
        if home is not None:
            # Straight to it: a plain rerun lands on the site root, whose own switch to the landing page
            # would come after the sidebar is drawn and override a sidebar click made meanwhile.
            st.switch_page(home)
        st.rerun()
