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
