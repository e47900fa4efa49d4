"""The 采集监测 page through AppTest: sources, rules and the rule test box, on empty and demo stores."""
from __future__ import annotations

import json

from conftest import audit_rows
from monitor_site import site  # noqa: F401  (fixture)

from workbench import db


def submit(at, form: str, pick: int = 0, **fields):
    """Fill the ``form`` editor's fields (``source`` / ``rule``; widget key suffixes) and save."""
    for field, value in fields.items():
        widgets = [w for kind in ("text_input", "text_area", "selectbox", "checkbox")
                   for w in getattr(at, kind) if w.key == f"{form}_{field}_{pick}"]
        widgets[0].set_value(value)
    at.button(key=f"{form}_save_{pick}").click()
    at.run()
    assert not at.exception


def texts(at) -> str:
    """Every message, caption and markdown on the page, for checking what a user reads."""
    parts = [e.value for kind in ("title", "subheader", "caption", "markdown", "info", "success", "error", "code")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def test_empty_store_shows_the_tabs_and_adds_a_source_with_audit(store, open_page):
    at = open_page("collect", role="admin")
    assert at.title[0].value == "采集监测"
    assert [t.label for t in at.tabs] == ["上传文件", "采集源", "监测规则", "主体词", "采集记录"]
    shown = texts(at)
    assert "还没有 RSS / 网页采集源" in shown and "当前没有适用于采集的启用规则" in shown and "还没有运行过采集" in shown

    submit(at, "source", name="人民网 RSS", url="https://example.com/rss.xml", tier=1)
    assert "已保存采集源：人民网 RSS" in texts(at)
    row = store.execute("SELECT name, kind, url, media_tier, internal, active FROM sources").fetchall()
    assert row == [("人民网 RSS", "rss", "https://example.com/rss.xml", 1, False, True)]
    actor, action, entity, _, before, after = audit_rows(store, "sources")[0]
    assert (actor, action, before) == ("测试员", "create", None) and json.loads(after)["media_tier"] == 1
    health = at.dataframe[0].value  # the health table shows it, not yet fetched
    assert health["name"].tolist() == ["人民网 RSS"] and health["health"].tolist() == ["未采集"]

    # edit it: the form is filled with the stored values; the change is audited with before / after
    sid = store.execute("SELECT id FROM sources").fetchone()[0]
    at.selectbox(key="source_pick").set_value(sid)
    at.run()
    assert at.text_input(key=f"source_url_{sid}").value == "https://example.com/rss.xml"
    submit(at, "source", sid, active=False)
    assert store.execute("SELECT active FROM sources").fetchone() == (False,)
    actor, action, _, entity_id, before, after = audit_rows(store, "sources")[0]
    assert (action, entity_id) == ("update", str(sid))
    assert json.loads(before)["active"] is True and json.loads(after)["active"] is False


def test_bad_source_url_is_a_chinese_error_and_writes_nothing(store, open_page):
    at = open_page("collect", role="admin")
    submit(at, "source", name="坏源", url="ftp://example.com/x")
    assert any("http" in e.value for e in at.error)
    assert store.execute("SELECT count(*) FROM sources").fetchone()[0] == 0


def test_rule_is_saved_audited_and_a_syntax_error_points_at_its_position(store, open_page):
    at = open_page("collect", role="admin")
    submit(at, "rule", name="欠薪讨薪", expr="(欠薪 OR 讨薪")
    assert any("第 10 个字符处缺少右括号" in e.value for e in at.error)
    assert any(c.value.endswith("^") for c in at.code)
    assert store.execute("SELECT count(*) FROM monitor_rules").fetchone()[0] == 0

    submit(at, "rule", expr="(欠薪 OR 讨薪) AND NOT 招聘")
    assert "已保存规则：欠薪讨薪" in texts(at)
    assert store.execute("SELECT name, expression, scope, active FROM monitor_rules").fetchall() == [
        ("欠薪讨薪", "(欠薪 OR 讨薪) AND NOT 招聘", "all", True)]
    actor, action, *_ = audit_rows(store, "monitor_rules")[0]
    assert (actor, action) == ("测试员", "create")


def test_rule_test_box_on_the_demo_store_lists_matching_posts(demo_store, open_page):
    at = open_page("collect", role="admin")
    assert not at.exception
    at.text_input(key="rule_test_expression").set_value("欠薪 OR 拖欠工资")
    at.text_area(key="rule_test_samples").set_value("老板拖欠工资半年\n今天天气很好")
    at.run()
    assert not at.exception
    table = [d.value for d in at.dataframe if "terms" in d.value.columns][0]
    assert table["matched"].all() and len(table) >= 2
    assert "老板拖欠工资半年" in table["text"].tolist() and "今天天气很好" not in table["text"].tolist()
    stored = table[table["origin"] == "已入库"]
    assert len(stored) >= 1 and stored["terms"].str.len().gt(0).all()
    # the shown text of stored posts is the masked text
    masked = demo_store.execute(
        "SELECT text_masked FROM posts WHERE id = ?", [int(stored["post_id"].iloc[0])]).fetchone()[0]
    assert stored["text"].iloc[0] == masked

    at.text_input(key="rule_test_expression").set_value("欠薪 AND")
    at.run()
    assert any("第 4 个字符处" in e.value for e in at.error)


def test_scrape_now_button_collects_and_is_audited(store, open_page, site):
    from workbench.monitor.sources import save_source

    sid = save_source(store, name="本地订阅", kind="rss", url=site.url("/feed.xml"), internal=True, actor="测试员")
    at = open_page("collect", role="admin")
    at.selectbox(key="scrape_now_source").set_value(sid)
    at.button(key="scrape_now").click()
    at.run()
    assert not at.exception
    assert "已采集 本地订阅：获取 3 条，保留 3 条，新增 3 条" in texts(at)
    con = db.connect()
    assert con.execute("SELECT count(*) FROM posts WHERE source_id = ?", [sid]).fetchone()[0] == 3
    actor, action, entity, entity_id, _, after = audit_rows(con, "sources")[0]
    assert (actor, action, entity_id) == ("测试员", "scrape", str(sid)) and json.loads(after)["inserted"] == 3
    health = at.dataframe[0].value
    assert health["health"].tolist() == ["正常"] and health["items_kept"].tolist() == [3]


def test_monitored_names_are_listed_and_saved_with_audit(store, open_page):
    from workbench.incidents import entities

    entities.replace_all(store, [{"name": "华锐精密电子", "aliases": ["华锐", "华瑞电子"]},
                                 {"name": "林振南", "kind": "person", "aliases": ["林老板"], "employer": "木森家具"}],
                         actor="分析员")
    at = open_page("collect", role="admin")
    # the editor is a data frame to AppTest
    shown = next((d.value for d in at.dataframe if "aliases" in d.value.columns), None)
    assert shown is not None and shown["name"].tolist() == ["华锐精密电子", "林振南"]
    assert shown["aliases"].tolist() == ["华锐，华瑞电子", "林老板"] and shown["kind"].tolist() == ["用人单位", "人物"]
    at.button(key="entities_save").click().run()
    assert not at.exception
    assert sorted(store.execute("SELECT name, employer FROM entities").fetchall(), key=str) == sorted(
        [("华锐精密电子", None), ("林振南", "木森家具")], key=str)
    actor, action, *_ = audit_rows(store, "entities")[0]
    assert (actor, action) == ("测试员", "replace")
