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


ZHUANBAO = ["核心摘要", "一、事件概况与传播", "二、舆论焦点与各方观点", "三、风险研判", "四、处置进展", "五、建议"]


def _docx_text(data: bytes) -> tuple[list[str], str]:
    doc = Document(io.BytesIO(data))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    body = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    return headings, body


def test_incident_briefing_follows_the_zhuanbao_structure_with_owner_and_roles(small_store):
    from workbench.response import actions, plans

    small_store.execute("UPDATE incidents SET summary = '员工反映连续加班且无加班费。' WHERE id = 3")
    plans.create_plan(small_store, 3, "加班争议应对方案", "刘海峰", DAY + timedelta(days=1), "王敏")
    plans.assign(small_store, 3, "新闻发言人", "李文", DAY + timedelta(hours=13), "王敏")
    actions.create(small_store, 3, "发布首次回应", "李文", DAY + timedelta(hours=13), "王敏", role="新闻发言人")
    b = build_incident(small_store, 3, now=DAY + timedelta(hours=12))
    headings, body = _docx_text(to_docx(b))
    assert headings[:len(ZHUANBAO)] == ZHUANBAO and all(h.startswith("附") for h in headings[len(ZHUANBAO):])
    summary = b.sections[0].paragraphs[0]
    assert len(summary) <= 200 and summary.endswith("。")
    verdict = summary[summary.index("研判："):]
    assert verdict.count("。") == 1 and "高风险" in verdict  # one sentence, Ⅱ级 → 高
    assert "负责人：刘海峰（方案负责人）" in body and "新闻发言人：李文" in body
    assert "负责人：未指定" not in body
    assert "。。" not in body and "。。" not in to_markdown(b)
    assert "员工反映连续加班且无加班费。" in body


def test_daily_briefing_lists_only_incidents_that_matter_in_next_steps(small_store):
    small_store.execute("INSERT INTO incidents (id, title, category, level, computed_level, status, opened_at, acknowledged_at,"
                        " first_response_at) VALUES (8, '某门店排班吐槽', '工时加班', 'Ⅳ', 'Ⅳ', '处置中', ?, ?, ?)",
                        [DAY + timedelta(hours=9), DAY + timedelta(hours=10), DAY + timedelta(hours=11)])
    b = build_daily(small_store, "2026-11-20", now=DAY + timedelta(hours=23))
    headings, body = _docx_text(to_docx(b))
    assert headings == ["核心摘要", "一、舆情概况与传播", "二、舆论焦点与各方观点", "三、风险研判", "四、处置进展", "五、建议与下一步工作"]
    steps = b.sections[-1].bullets
    assert any("某科技公司强制加班" in s and "列入原因：Ⅱ级 重大" in s for s in steps)
    assert not any("某门店排班吐槽" in s for s in steps)  # Ⅳ级, clocks met, nothing due
    assert steps[-1].startswith("其余 1 起在办事件")
    assert "列入规则" in b.sections[-1].paragraphs[0]
    assert len(b.sections[0].paragraphs[0]) <= 200 and "研判：" in b.sections[0].paragraphs[0]


def test_chart_dates_are_chinese_and_labels_never_overlap():
    from workbench.briefings.charts import _boxes_overlap, draw, label_boxes
    from workbench.briefings.formatting import cn_date
    from workbench.briefings.model import Chart

    hours = [DAY + timedelta(hours=h) for h in range(96)]
    chart = Chart("发帖量变化（按小时）", [cn_date(t, with_hour=True) for t in hours], {"全部帖子": list(range(96))})
    assert chart.x[0] == "11月20日 0时"
    fig = draw(chart)
    ax = fig.axes[0]
    shown = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert len(shown) >= 4 and all("月" in s and "日" in s for s in shown)
    assert not _boxes_overlap(label_boxes(fig, ax))


def test_sentences_never_end_twice():
    from workbench.briefings.formatting import sentence, tidy

    assert sentence("已约谈企业负责人。") == "已约谈企业负责人。" and sentence("已约谈；") == "已约谈。"
    assert tidy("事件已平息。。下一步。；") == "事件已平息。下一步；"
