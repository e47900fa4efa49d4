"""The 分类复核 page through AppTest: empty store, a seeded store, saving edits, bulk accept."""
from __future__ import annotations

import json

from conftest import audit_rows
from label_fixtures import seed_posts

from workbench import vocab


def _editor(at):
    return next(d for d in at.dataframe if d.key and d.key.startswith("label_editor"))


def _button(at, prefix):
    return next(b for b in at.button if b.label.startswith(prefix))


def test_empty_store_shows_the_page_and_an_empty_queue(open_page):
    at = open_page("labels")
    assert at.title[0].value == "分类复核"
    assert any("没有已分析的帖子" in i.value for i in at.info)
    assert _button(at, "分析未分析的帖子（0 条）").disabled


def test_queue_shows_masked_text_label_sources_and_only_labels_editable(store, open_page):
    seed_posts(store)
    at = open_page("labels")
    assert any("待复核队列（4 条）" in s.value for s in at.subheader)
    editor = _editor(at)
    assert editor.editing_mode == "fixed"
    table = editor.value
    assert list(table["post_id"])[0] == 3  # the most uncertain post first
    assert "138****5678" in " ".join(table["text_masked"]) and "13812345678" not in " ".join(table["text_masked"])
    assert set(table["sentiment_source"]) == {"模型"}
    config = json.loads(editor.proto.columns)
    editable = {name for name, c in config.items() if not c.get("disabled") and name != "_index"}  # index hidden
    assert editable == {"sentiment", "category", "emotion", "risk_level"}
    assert {config[name]["type_config"]["type"] for name in editable} == {"selectbox"}
    assert config["risk_level"]["type_config"]["options"] == [1, 2, 3, 4]
    assert config["category"]["type_config"]["options"] == list(vocab.CATEGORIES)


def test_editing_a_label_in_the_editor_and_saving(store, open_page):
    ids = seed_posts(store)
    at = open_page("labels")
    editor = _editor(at)
    row = list(editor.value["post_id"]).index(ids[1])
    at.session_state[editor.key] = {
        "edited_rows": {row: {"sentiment": "负面", "category": "管理作风"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    _button(at, "保存修改").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert store.execute(
        "SELECT sentiment, sentiment_source, category, category_source FROM post_labels WHERE post_id = ?", [ids[1]]
    ).fetchone() == ("负面", "human", "管理作风", "human")
    assert store.execute("SELECT reviewer FROM label_reviews").fetchall() == [("测试员",), ("测试员",)]
    assert len(audit_rows(store, "post_label")) == 2
    assert any("已保存 2 处修改" in s.value for s in at.success)
    # after the save the editor is redrawn from the store: the source now reads 人工
    fresh = _editor(at).value
    assert fresh.loc[fresh["post_id"] == ids[1], "sentiment_source"].iloc[0] == "人工"


def test_bulk_accept_marks_labels_human_and_audits(store, open_page):
    ids = seed_posts(store)
    at = open_page("labels")
    _button(at, "接受本页模型标签").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert store.execute("SELECT count(*) FROM label_reviews WHERE reviewer = '测试员'").fetchone() == (16,)
    assert store.execute(
        "SELECT count(*) FROM post_labels WHERE sentiment_source = 'human' AND risk_level_source = 'human'"
    ).fetchone() == (len(ids),)
    assert len(audit_rows(store, "post_label")) == len(ids)
    assert any("已确认 16 个模型标签" in s.value for s in at.success)


def test_explanation_of_the_top_post_and_of_a_picked_one(store, open_page):
    ids = seed_posts(store)
    at = open_page("labels")
    assert any("大小周" in t.value for t in at.text)  # the most uncertain post is explained first
    next(s for s in at.selectbox if s.label == "查看帖子").set_value(ids[3]).run()
    explanation = next(d.value for d in at.dataframe if "依据" in d.value.columns)
    assert "受伤" in explanation.loc[explanation["标签"] == "风险等级", "依据"].iloc[0]
    assert set(explanation["来源"]) == {"模型"}
    assert any("模型版本：test-1" in c.value for c in at.caption)


def test_analyze_new_posts_button(store, open_page):
    store.execute(
        "INSERT INTO posts (platform, text, text_masked, published_at, content_hash) "
        "VALUES ('微博', '公司拖欠工资', '公司拖欠工资', now(), 'h1')"
    )
    at = open_page("labels")
    _button(at, "分析未分析的帖子（1 条）").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert store.execute("SELECT count(*) FROM analyses").fetchone() == (1,)
    assert any("已分析 1 条帖子" in s.value for s in at.success)


def test_demo_store_queue_filters_and_correction_everywhere(demo_store, open_page):
    at = open_page("labels")
    queue = _editor(at).value
    assert len(queue) > 0
    assert queue["uncertainty"].is_monotonic_decreasing
    next(s for s in at.selectbox if s.label == "情感").set_value("负面").run()
    assert not at.exception
    negative = _editor(at).value
    assert len(negative) > 0 and set(negative["sentiment"]) == {"负面"}
    # a correction on the page is what every query reading post_labels sees
    post_id = int(negative["post_id"].iloc[0])
    at.session_state[_editor(at).key] = {"edited_rows": {0: {"sentiment": "正面"}}, "added_rows": [], "deleted_rows": []}
    _button(at, "保存修改").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert demo_store.execute(
        "SELECT sentiment, sentiment_source FROM post_labels WHERE post_id = ?", [post_id]
    ).fetchone() == ("正面", "human")
    assert post_id not in set(_editor(at).value["post_id"])  # no longer negative: filtered out


def test_queue_filters_by_incident_and_text_whatever_the_dates(store, open_page):
    ids = seed_posts(store)
    iid = store.execute("INSERT INTO incidents (title, status) VALUES ('工地受伤', '处置中') RETURNING id").fetchone()[0]
    store.execute("INSERT INTO incident_posts (incident_id, post_id) VALUES (?, ?)", [iid, ids[3]])
    store.execute("UPDATE posts SET published_at = published_at - INTERVAL 400 DAY WHERE id = ?", [ids[3]])  # outside the range
    at = open_page("labels")
    assert ids[3] not in list(_editor(at).value["post_id"])
    at.selectbox(key="labels_incident").set_value(iid).run()
    assert list(_editor(at).value["post_id"]) == [ids[3]]
    at.selectbox(key="labels_incident").set_value(0).run()
    at.text_input(key="labels_q").set_value("团建").run()
    assert list(_editor(at).value["post_id"]) == [ids[1]]
