"""Postmortem: build, save, finalise, lessons; the Markdown export is masked and complete; CLI."""
import json

import pytest
from conftest import audit_rows
from response.response_fixtures import add_posts, make_incident

from workbench import db
from workbench.cli import main
from workbench.response import actions, statements
from workbench.pii import mask_pii
from workbench.review import export, postmortem

RAW_PHONE, RAW_ID = "13812345678", "110105199003071234"
SECTIONS = ["## 事件概要", "## 时间线", "## 关键指标", "## 应对回顾", "## 经验教训", "## 改进措施"]


def _raw_id():
    """A resident ID with a valid check digit, so that mask_pii recognises it."""
    from workbench.pii import id_check_digit

    return RAW_ID[:17] + id_check_digit(RAW_ID[:17])


@pytest.fixture
def incident(store):
    iid = make_incident(store, status="已关闭")
    raw = f"分拣员讨薪，联系电话 {RAW_PHONE}，身份证 {_raw_id()}"
    add_posts(store, iid, [("2026-11-20 09:00:00+08", "负面", raw)])
    store.execute("UPDATE posts SET text_masked = ?", [mask_pii(raw)])
    sid = statements.create(store, iid, "官方微博", f"经核实涉及员工 120 人。热线 {RAW_PHONE}", "李文")
    for step in ("review", "approved"):
        statements.transition(store, sid, step, "赵总")
    statements.transition(store, sid, "published", "李文", now="2026-11-20 11:00:00+08")
    aid = actions.create(store, iid, "核对工资发放记录", "财务部", "2026-11-20 12:00:00+08", "王敏")
    actions.set_status(store, aid, "已完成", "王敏", now="2026-11-20 13:00:00+08")
    return iid


def test_build_has_timeline_and_metrics(store, incident):
    body = postmortem.build(store, incident)
    assert list(body) == list(postmortem.SECTIONS)
    events = [e["事件"] for e in body["时间线"]]
    assert events[0] == "发现并立案（待研判）" and "发布声明（官方微博）" in events
    assert "完成行动：核对工资发放记录（财务部）" in events
    m = body["关键指标"]
    assert m["相关帖文"] == "1 条" and m["负面占比"].startswith("100%")
    assert m["首次回应用时"] == "3.0 小时（时限 4.0 小时，达标，自立案或人工定级起算）"
    assert m["行动完成"].startswith("1 / 1（逾期完成 1")


def test_save_then_finalise_moves_closed_incident_to_reviewed(store, incident):
    postmortem.save(store, incident, {"经验教训": "", "改进措施": ""}, "王敏")
    with pytest.raises(ValueError, match="经验教训"):
        postmortem.save(store, incident, {"经验教训": "", "改进措施": "x"}, "王敏", status="已定稿")
    postmortem.save(store, incident, {"经验教训": "回应要快", "改进措施": "建立值班制度"}, "王敏", status="已定稿")
    saved = postmortem.load(store, incident)
    assert saved["status"] == "已定稿" and saved["body"]["经验教训"] == "回应要快"
    assert store.execute("SELECT status FROM incidents WHERE id = ?", [incident]).fetchone()[0] == "已复盘"
    assert [r[1] for r in audit_rows(store, "review")] == ["finalise", "save"]
    assert audit_rows(store, "incidents")[0][1] == "advance_status"  # through incidents.status
    assert postmortem.current(store, incident)["改进措施"] == "建立值班制度"


def test_unknown_section_is_refused(store, incident):
    with pytest.raises(ValueError, match="未知部分"):
        postmortem.save(store, incident, {"随便": "x"}, "王敏")


def test_lessons_library_with_tags_and_search(store, incident):
    lid = postmortem.add_lesson(store, incident, "首次回应要在黄金4小时内", "时效、口径", "王敏")
    postmortem.add_lesson(store, None, "口径要统一", ["口径"], "王敏")
    assert postmortem.lessons(store)["id"].tolist()[-1] == lid
    found = postmortem.lessons(store, "时效")
    assert found["tags"].map(list).tolist() == [["时效", "口径"]]
    assert len(postmortem.lessons(store, "口径")) == 2
    assert audit_rows(store, "lesson")[1][:4] == ("王敏", "create", "lesson", str(lid))


def test_markdown_export_is_masked_and_has_every_section(store, incident):
    postmortem.save(store, incident, {"经验教训": f"当事人电话 {RAW_PHONE} 不应外传 <img src=x>", "改进措施": "建立值班制度"},
                    "王敏")
    postmortem.add_lesson(store, incident, f"联系 {RAW_PHONE} 前先核实", "核实", "王敏")
    md = export.review_markdown(store, incident)
    assert md.startswith("# 复盘报告：")
    positions = [md.index(h) for h in SECTIONS]
    assert positions == sorted(positions)
    assert RAW_PHONE not in md and _raw_id() not in md
    assert r"138\*\*\*\*5678" in md  # masked, its stars escaped (never emphasis)
    assert r"\<img src=x\>" in md  # escaped: a Markdown viewer shows it as text, never as HTML
    assert "分拣员讨薪" in md  # the post, in its masked form


def test_export_records_exported_at_and_is_audited(store, incident):
    export.export_review(store, incident, "王敏", now="2026-11-25 10:00:00+08")
    exported = store.execute("SELECT exported_at FROM reviews WHERE incident_id = ?", [incident]).fetchone()[0]
    assert exported is not None
    last = audit_rows(store, "review")[0]
    assert last[1] == "export" and json.loads(last[5])["format"] == "md"


def test_cli_export_review_to_file_and_stdout(store, incident, db_path, tmp_path, capsys):
    db.close_all()
    out = tmp_path / "review.md"
    assert main(["--db", str(db_path), "export-review", str(incident), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert all(h in text for h in SECTIONS) and RAW_PHONE not in text
    assert main(["--db", str(db_path), "export-review", str(incident), "--format", "md"]) == 0
    assert capsys.readouterr().out.startswith("# 复盘报告：")
    con = db.connect(db_path)
    assert [r[1] for r in audit_rows(con, "review")][:2] == ["export", "export"]


def test_cli_export_review_unknown_incident_is_one_line_error(store, db_path, capsys):
    db.close_all()
    assert main(["--db", str(db_path), "export-review", "404"]) == 2
    err = capsys.readouterr().err.strip()
    assert "事件 404 不存在" in err and "\n" not in err


def test_review_written_by_sql_with_english_keys_is_read_into_sections(store, incident):
    body = {"summary": "概要", "went_well": "做得好", "went_wrong": "做得差", "metrics": "略"}
    store.execute("INSERT INTO reviews (incident_id, status, body) VALUES (?, '已定稿', ?)", [incident, json.dumps(body)])
    current = postmortem.current(store, incident)
    assert (current["事件概要"], current["应对回顾"], current["经验教训"]) == ("概要", "做得好", "做得差")
    assert isinstance(current["关键指标"], dict)  # recomputed, never the stored text
