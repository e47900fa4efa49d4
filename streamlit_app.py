"""职场舆情处置工作台 — the router: pages, shared sidebar, first-start demo load."""
from pathlib import Path

import streamlit as st

from workbench import ui, ui_auth, ui_monitor

HERE = Path(__file__).parent
# The page files live in pages/. Because st.navigation is called below, Streamlit 1.67 ignores the
# folder's old multipage meaning: only this router's st.Page list counts.

st.set_page_config(page_icon=":material/shield:", layout="wide")  # no page_title: each browser tab shows its page's title; Material icons need no emoji font

PAGES = {
    "总览": [
        st.Page(HERE / "pages/overview.py", title="态势总览", icon=":material/dashboard:", url_path="overview"),
    ],
    "发现与评估": [
        st.Page(HERE / "pages/collect.py", title="采集监测", icon=":material/sensors:", url_path="collect"),
        st.Page(HERE / "pages/labels.py", title="分类复核", icon=":material/label:", url_path="labels"),
        st.Page(HERE / "pages/assess.py", title="影响评估", icon=":material/thermostat:", url_path="assess"),
        st.Page(HERE / "pages/alerts.py", title="预警汇报", icon=":material/notifications_active:", url_path="alerts"),
    ],
    "研判与处置": [
        st.Page(HERE / "pages/analysis.py", title="分析研判", icon=":material/troubleshoot:", url_path="analysis"),
        st.Page(HERE / "pages/response.py", title="应对策划", icon=":material/assignment:", url_path="response"),
        st.Page(HERE / "pages/tracking.py", title="跟踪反馈", icon=":material/trending_up:", url_path="tracking"),
        st.Page(HERE / "pages/postmortem.py", title="复盘总结", icon=":material/history_edu:", url_path="postmortem"),
    ],
    "管理": [
        st.Page(HERE / "pages/audit.py", title="审计日志", icon=":material/policy:", url_path="audit"),
        st.Page(HERE / "pages/accounts.py", title="账号管理", icon=":material/manage_accounts:", url_path="accounts"),
    ],
}
LOGIN = st.Page(HERE / "pages/login.py", title="登录", icon=":material/login:", url_path="login", default=True)

PAGES["发现与评估"].append(st.Page(HERE / "pages/search.py", title="帖子检索", icon=":material/search:", url_path="search"))
PAGES["研判与处置"].append(st.Page(HERE / "pages/cases.py", title="案例库", icon=":material/school:", url_path="cases"))


def _home() -> None:
    """The site root opens the overview at its own address: the default page always lives at "/",
    so without this hop a link to /overview would answer 「Page not found」."""
    st.switch_page(PAGES["总览"][0])


HOME = st.Page(_home, title="态势总览", url_path="home", default=True, visibility="hidden")
PAGES["总览"].append(HOME)

ui.ensure_store()
ui_monitor.scheduler()  # scheduled monitoring: one per server process, kept across reloads
actor = ui_auth.signed_in()
if actor is None:  # nothing but the login page until someone signs in; then the address asked for
    # (if/else, not st.stop(): worker processes that re-import this script outside Streamlit must not crash)
    asked = st.navigation([LOGIN, *(p for ps in PAGES.values() for p in ps if p is not HOME)], position="hidden")
    ui_auth.remember_destination(asked, LOGIN)
    ui_auth.login_page(home=PAGES["总览"][0])
else:
    page = st.navigation(ui_auth.pages_for(actor, PAGES), expanded=True)  # each role its pages, all listed (no English «View more»)
    ui.sidebar(actor)
    ui.chinese_chrome()
    page.run()
