"""职场舆情处置工作台 — the router: pages, shared sidebar, first-start demo load."""
from pathlib import Path

import streamlit as st

from workbench import ui

HERE = Path(__file__).parent

st.set_page_config(page_title="职场舆情处置工作台", page_icon="🛡️", layout="wide")

PAGES = {
    "总览": [
        st.Page(HERE / "pages/overview.py", title="态势总览", icon="📊", default=True, url_path="overview"),
    ],
    "发现与评估": [
        st.Page(HERE / "pages/collect.py", title="采集监测", icon="📡", url_path="collect"),
        st.Page(HERE / "pages/labels.py", title="分类复核", icon="🏷️", url_path="labels"),
        st.Page(HERE / "pages/assess.py", title="影响评估", icon="🌡️", url_path="assess"),
        st.Page(HERE / "pages/alerts.py", title="预警汇报", icon="🚨", url_path="alerts"),
    ],
    "研判与处置": [
        st.Page(HERE / "pages/analysis.py", title="分析研判", icon="🔍", url_path="analysis"),
        st.Page(HERE / "pages/response.py", title="应对策划", icon="🗂️", url_path="response"),
        st.Page(HERE / "pages/tracking.py", title="跟踪反馈", icon="📈", url_path="tracking"),
        st.Page(HERE / "pages/postmortem.py", title="复盘总结", icon="📝", url_path="postmortem"),
    ],
}

page = st.navigation(PAGES)  # before any other element, so the sidebar shows these titles
ui.ensure_store()
ui.sidebar()
page.run()
