"""舆情日报 / 舆情专报: built from the store, rendered to DOCX (CJK font) and Markdown (masked text)."""
from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime, timedelta

import pytest
from docx import Document

from workbench.alerts.timeutil import TZ
from workbench.briefings import documents
from workbench.briefings.daily import build_daily
from workbench.briefings.fonts import DOCX_CJK_FONT, cjk_font_path
from workbench.briefings.incident import build_incident
from workbench.briefings.render_docx import to_docx
from workbench.briefings.render_md import to_markdown
from workbench.cli import main

DAY = datetime(2026, 11, 20, tzinfo=TZ)
RAW_PHONE = "13812345678"


@pytest.fixture
def small_store(store):
    """A day with posts (one carries a raw phone number only in `text`), one incident, one alert, one action."""
    rows = []
    for i in range(12):
        text = f"加班到深夜，联系 {RAW_PHONE}" if i == 0 else f"第{i}条：公司拖欠加班费"
        masked = text.replace(RAW_PHONE, "138****5678")
        rows.append((i + 1, "微博", text, masked, DAY + timedelta(hours=9, minutes=i * 4), f"h{i}", f"https://weibo.example/{i + 1}", 100 - i))
    store.executemany(
        "INSERT INTO posts (id, platform, text, text_masked, published_at, content_hash, url, likes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    store.executemany("INSERT INTO analyses (post_id, sentiment, category, risk_level) VALUES (?, ?, '工时加班', ?)",
                      [(i + 1, "负面" if i % 2 else "中性", 2 if i < 3 else 4) for i in range(12)])
    store.execute("INSERT INTO incidents (id, title, category, level, computed_level, status, opened_at) "
                  "VALUES (3, '某科技公司强制加班', '工时加班', 'Ⅱ', 'Ⅱ', '处置中', ?)", [DAY + timedelta(hours=9)])
    store.executemany("INSERT INTO incident_posts (incident_id, post_id) VALUES (3, ?)", [[i + 1] for i in range(12)])
    store.execute("INSERT INTO actions (incident_id, title, owner, due_at) VALUES (3, '核查考勤记录', '王珊', ?)", [DAY + timedelta(days=1)])
    store.execute("INSERT INTO alerts (rule, incident_id, level, message, evidence, created_at) VALUES "
                  "('incident_level', 3, 'Ⅱ', '新增Ⅱ级事件「某科技公司强制加班」', '{}', ?)", [DAY + timedelta(hours=10)])
    return store


def test_daily_briefing_has_figures_incidents_posts_alerts_and_next_steps(small_store):
    b = build_daily(small_store, "2026-11-20", now=DAY + timedelta(hours=23))
    figures = {f.label: f.value for f in b.figures}
    assert figures["当日帖子"] == "12 条" and figures["负面帖子"] == "6 条" and figures["高风险帖子"] == "3 条"
    assert figures["当日预警"] == "1 条"
    md = to_markdown(b)
    assert md.startswith("# 舆情日报")
    assert "某科技公司强制加班" in md and "核查考勤记录" in md and "新增Ⅱ级事件" in md
    assert r"138\*\*\*\*5678" in md and RAW_PHONE not in md  # masked, its stars escaped (never emphasis)
    assert "[原帖](https://weibo.example/1)" in md


def test_incident_briefing_docx_opens_with_chinese_headline_and_east_asian_font(small_store):
    b = build_incident(small_store, 3, now=DAY + timedelta(hours=12))
    data = to_docx(b)
    doc = Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    assert "舆情专报" in texts and any("某科技公司强制加班" in t for t in texts)
    rfonts = doc.styles["Normal"].element.rPr.rFonts
    assert rfonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == DOCX_CJK_FONT
    body = "\n".join(texts + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    assert "138****5678" in body and RAW_PHONE not in body
    assert "确认" in body and "首次公开回应" in body      # the clocks table
    media = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("word/media/")]
    assert media, "the spread chart is embedded as an image"


def test_chart_font_is_a_real_cjk_font():
    path = cjk_font_path()
    assert path is not None and path.is_file()
    from matplotlib.ft2font import FT2Font

    font = FT2Font(str(path))
    assert all(font.get_char_index(ord(ch)) for ch in "舆情日报发帖量")


def test_unknown_incident_and_bad_day_are_clear_errors(store):
    with pytest.raises(ValueError, match="不存在"):
        build_incident(store, 42)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        build_daily(store, "20/11/2026")


def test_report_command_writes_docx_and_markdown_with_chart_files(small_store, db_path, tmp_path, capsys):
    from workbench import db

    db.close_all()
    out = tmp_path / "daily.docx"
    assert main(["--db", str(db_path), "report", "--daily", "2026-11-20", "--format", "docx", "--out", str(out)]) == 0
    assert Document(str(out)).paragraphs[0].text == "舆情日报"
    md_out = tmp_path / "专报.md"
    assert main(["--db", str(db_path), "report", "--incident", "3", "--format", "md", "--out", str(md_out)]) == 0
    text = md_out.read_text(encoding="utf-8")
    for image in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text):
        assert (tmp_path / image).is_file()
    assert main(["--db", str(db_path), "report", "--incident", "3", "--format", "md"]) == 0
    assert "# 舆情专报" in capsys.readouterr().out
    assert main(["--db", str(db_path), "report", "--incident", "99"]) == 2
    assert "事件 99 不存在" in capsys.readouterr().err


def test_documents_render_rejects_unknown_format(small_store):
    b = documents.build(small_store, day="2026-11-20")
    with pytest.raises(ValueError, match="docx 或 md"):
        documents.render(b, "pdf")
