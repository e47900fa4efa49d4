"""采集监测: bring data in — upload exports, scrape feeds and pages by rules on a schedule, see what came in."""
import streamlit as st

from workbench import ui, ui_ingest, ui_monitor

ctx = ui.context()
st.title("采集监测")
st.caption("上传导出文件，或配置 RSS / 网页采集源并用监测规则筛选（应用运行时按设定间隔定时采集）；每次入库都有记录，重复的帖子不会再次入库。")

upload, sources, rules, names, record = st.tabs(["上传文件", "采集源", "监测规则", "主体词", "采集记录"])
with upload:
    ui_ingest.upload_panel(ctx)
with sources:
    ui_monitor.sources_panel(ctx)
with rules:
    ui_monitor.rules_panel(ctx)
with names:
    ui_monitor.entities_panel(ctx)
with record:
    ui_monitor.runs_panel(ctx)
