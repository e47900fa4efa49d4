"""The review leaves the tool as Markdown, DOCX or JSON, the lessons as a CSV table: all masked."""
import io
import json

import pandas as pd
import pytest
from conftest import audit_rows
from docx import Document
from response.response_fixtures import add_posts, make_incident

from workbench import db
from workbench.cli import main
from workbench.response import statements
from workbench.review import export, lessons_table, postmortem

PHONE = "13812345678"


@pytest.fixture
def reviewed(store):
    iid = make_incident(store, status="已关闭")
    add_posts(store, iid, [("2026-11-20 09:00:00+08", "负面", "分拣员讨薪")])
    sid = statements.create(store, iid, "官方微博", f"已补发工资，热线 {PHONE}", "李文")
    for step in ("review", "approved", "published"):
        statements.transition(store, sid, step, "赵总")
    postmortem.save(store, iid, {"经验教训": f"当事人电话 {PHONE} 不应外传", "改进措施": "建立值班制度"}, "王敏",
                    status="已定稿")
    postmortem.add_lesson(store, iid, "=HYPERLINK(\"http://x\") 回应要快", "时效", "王敏")
    return iid


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_docx_has_every_section_in_order_and_no_raw_phone(store, reviewed):
    data = export.export_review(store, reviewed, "王敏", fmt_name="docx")
    text = _docx_text(data)
    headings = [p.text for p in Document(io.BytesIO(data)).paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["事件概要", "时间线", "关键指标", "应对回顾", "信息核实与沟通", "核实台账", "相关方通报", "互动记录",
                        "经验教训", "改进措施"]
    assert PHONE not in text and "138****5678" in text
    assert "建立值班制度" in text and "发布声明（官方微博）" in text
    assert json.loads(audit_rows(store, "review")[0][5])["format"] == "docx"


def test_json_holds_the_sections_timeline_and_lessons_masked(store, reviewed):
    data = json.loads(export.render(store, reviewed, "json"))
    assert data["incident"]["id"] == reviewed and data["review_status"] == "已定稿"
    assert data["sections"]["改进措施"] == "建立值班制度"
    assert any(e["事件"] == "发布声明（官方微博）" for e in data["timeline"])
    assert PHONE not in json.dumps(data, ensure_ascii=False)
    assert data["statements"][0]["body"].endswith("138****5678")


def test_unknown_format_is_refused_in_chinese(store, reviewed):
    with pytest.raises(ValueError, match="格式只能是"):
        export.render(store, reviewed, "pdf")


def test_cli_writes_docx_and_refuses_docx_to_stdout(store, reviewed, db_path, tmp_path, capsys):
    db.close_all()
    out = tmp_path / "复盘.docx"
    assert main(["--db", str(db_path), "export-review", str(reviewed), "--format", "docx", "--out", str(out)]) == 0
    assert "改进措施" in _docx_text(out.read_bytes())
    assert main(["--db", str(db_path), "export-review", str(reviewed), "--format", "docx"]) == 2
    assert "--out" in capsys.readouterr().err


def test_lessons_table_is_masked_and_formula_safe(store, reviewed):
    postmortem.add_lesson(store, None, f"联系 {PHONE} 前先核实", "核实、口径", "王敏")
    table = pd.read_csv(io.BytesIO(lessons_table.csv_bytes(postmortem.lessons(store))), encoding="utf-8-sig", dtype=str)
    assert list(table.columns) == list(lessons_table.COLUMNS.values())
    assert table["经验教训"].str.startswith("'=HYPERLINK").any()
    assert not table["经验教训"].str.contains(PHONE).any() and table["经验教训"].str.contains("138****5678", regex=False).any()
    assert set(table["标签"].fillna("")) == {"时效", "核实、口径"}


def test_postmortem_page_exports_docx_and_offers_the_lessons_table(store, reviewed, open_page):
    at = open_page("postmortem")
    at.selectbox(key="postmortem_incident").set_value(reviewed).run()
    at.radio(key=f"review_format_{reviewed}").set_value("docx").run()
    at.button(key=f"review_export_{reviewed}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["review_file"][1] == "docx"
    assert "改进措施" in _docx_text(at.session_state["review_file"][2])
    assert store.execute("SELECT exported_at IS NOT NULL FROM reviews WHERE incident_id = ?", [reviewed]).fetchone()[0]
