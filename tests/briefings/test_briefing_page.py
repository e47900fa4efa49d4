"""Generating and downloading 日报 / 专报 from the 预警汇报 page on the demo store."""
from __future__ import annotations

import io

from docx import Document


def test_daily_and_incident_reports_download_from_the_page(demo_store, open_page):
    at = open_page("alerts")
    at.button(key="report_build").click().run()
    assert not at.exception
    files = at.session_state["report_files"]
    assert Document(io.BytesIO(files["docx"])).paragraphs[0].text == "舆情日报"
    assert files["md"].decode("utf-8").startswith("# 舆情日报")

    at.radio(key="report_kind").set_value("舆情专报").run()
    at.button(key="report_build").click().run()
    assert not at.exception
    md = at.session_state["report_files"]["md"].decode("utf-8")
    assert md.startswith("# 舆情专报") and "热度" in md and "严重度" in md


def test_a_report_is_offered_only_for_the_incident_it_was_made_for(demo_store, open_page):
    at = open_page("alerts")
    at.radio(key="report_kind").set_value("舆情专报").run()
    first = at.selectbox(key="report_incident").value
    second = next(i for (i,) in demo_store.execute("SELECT id FROM incidents ORDER BY id").fetchall() if i != first)
    at.button(key="report_build").click().run()
    assert [b.label for b in at.get("download_button")] == ["下载 DOCX", "下载 Markdown"]
    made_for = at.session_state["report_files"]["stem"]
    at.selectbox(key="report_incident").set_value(second).run()
    assert not at.get("download_button")  # the report of the other incident is not offered here
    at.button(key="report_build").click().run()
    assert at.session_state["report_files"]["stem"] == f"舆情专报_事件{second}" != made_for
