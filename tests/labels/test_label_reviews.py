"""The review write path: corrections win everywhere, are audited, and bad values are refused."""
from __future__ import annotations

import pandas as pd
import pytest
from conftest import audit_rows
from label_fixtures import seed_posts

from workbench import labels


def _label(con, post_id, field):
    return con.execute(f"SELECT {field}, {field}_source FROM post_labels WHERE post_id = ?", [post_id]).fetchone()


def test_set_label_writes_review_and_audit_and_wins(store):
    ids = seed_posts(store)
    assert _label(store, ids[1], "sentiment") == ("正面", "model")

    assert labels.set_label(store, ids[1], "sentiment", "负面", "王审核")

    assert _label(store, ids[1], "sentiment") == ("负面", "human")
    review = store.execute(
        "SELECT post_id, field, old_value, new_value, reviewer FROM label_reviews"
    ).fetchall()
    assert review == [(ids[1], "sentiment", "正面", "负面", "王审核")]
    (actor, action, entity, entity_id, before, after), = audit_rows(store, "post_label")
    assert (actor, action, entity_id) == ("王审核", "label.set", str(ids[1]))
    assert '"正面"' in before and '"负面"' in after
    # the model's own row is untouched: the view decides
    assert store.execute("SELECT sentiment FROM analyses WHERE post_id = ?", [ids[1]]).fetchone() == ("正面",)


def test_latest_review_wins_and_old_value_is_the_effective_one(store):
    ids = seed_posts(store)
    labels.set_label(store, ids[0], "category", "劳动合规", "甲")
    labels.set_label(store, ids[0], "category", "管理作风", "乙")
    assert _label(store, ids[0], "category") == ("管理作风", "human")
    olds = store.execute(
        "SELECT old_value, new_value FROM label_reviews WHERE post_id = ? ORDER BY id", [ids[0]]
    ).fetchall()
    assert olds == [("薪酬福利", "劳动合规"), ("劳动合规", "管理作风")]


def test_a_post_reviewed_before_any_analysis_shows_the_review_and_later_the_model_beside_it(store):
    """A review stored for a post the model has not analysed yet (the page reviews analysed posts only;
    reviewed labels can be stored directly) reads as that label, the other fields unset; once
    analysed, the review still wins and the model fills in the rest."""
    ids = seed_posts(store)
    pid = store.execute("INSERT INTO posts (platform, external_id, text, content_hash) "
                        "VALUES ('微博', 'ext-new', '车间通风坏了一周没人修', 'hash-new') RETURNING id").fetchone()[0]
    store.execute("INSERT INTO label_reviews (post_id, field, new_value, reviewer) VALUES (?, 'risk_level', '2', '甲')", [pid])
    row = store.execute("SELECT sentiment, sentiment_source, risk_level, risk_level_source, keywords "
                        "FROM post_labels WHERE post_id = ?", [pid]).fetchall()
    assert row == [(None, "model", 2, "human", None)]
    store.execute("INSERT INTO analyses (post_id, sentiment, risk_level, keywords) VALUES (?, '负面', 4, ['通风'])", [pid])
    row = store.execute("SELECT sentiment, sentiment_source, risk_level, risk_level_source, keywords "
                        "FROM post_labels WHERE post_id = ?", [pid]).fetchall()
    assert row == [("负面", "model", 2, "human", ["通风"])]
    # one row per labelled post, whichever of the two it has
    assert store.execute("SELECT count(*), count(DISTINCT post_id) FROM post_labels").fetchone() == (len(ids) + 1,) * 2


def test_risk_level_accepts_numbers_and_reads_back_as_integer(store):
    ids = seed_posts(store)
    labels.set_label(store, ids[2], "risk_level", 2, "甲")
    assert _label(store, ids[2], "risk_level") == (2, "human")
    labels.set_label(store, ids[2], "risk_level", "1.0", "甲")
    assert _label(store, ids[2], "risk_level") == (1, "human")


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("sentiment", "很负面", "情感只能是 负面 / 中性 / 正面 之一"),
        ("category", "加班", "类别只能是"),
        ("risk_level", 5, "风险等级只能是 1 / 2 / 3 / 4 之一"),
        ("emotion", None, "情绪不能为空"),
        ("author", "x", "不能复核字段"),
    ],
)
def test_invalid_values_are_rejected_in_chinese_and_nothing_written(store, field, value, message):
    ids = seed_posts(store)
    with pytest.raises(labels.LabelError, match=message):
        labels.set_label(store, ids[0], field, value, "甲")
    assert store.execute("SELECT count(*) FROM label_reviews").fetchone() == (0,)
    assert audit_rows(store) == []


def test_a_bad_value_in_a_batch_saves_nothing(store):
    ids = seed_posts(store)
    changes = [labels.LabelChange(ids[0], "sentiment", "中性"), labels.LabelChange(ids[1], "category", "不存在")]
    with pytest.raises(labels.LabelError):
        labels.set_labels(store, changes, "甲")
    assert store.execute("SELECT count(*) FROM label_reviews").fetchone() == (0,)


def test_unknown_post_and_missing_reviewer(store):
    ids = seed_posts(store)
    with pytest.raises(labels.LabelError, match="帖子 999999 不存在"):
        labels.set_label(store, 999999, "sentiment", "中性", "甲")
    with pytest.raises(labels.LabelError, match="需要复核人"):
        labels.set_label(store, ids[0], "sentiment", "中性", "  ")
    assert store.execute("SELECT count(*) FROM label_reviews").fetchone() == (0,)


def test_setting_the_same_human_value_again_is_a_no_op(store):
    ids = seed_posts(store)
    assert labels.set_label(store, ids[0], "emotion", "悲伤", "甲")
    assert not labels.set_label(store, ids[0], "emotion", "悲伤", "乙")
    assert store.execute("SELECT count(*) FROM label_reviews").fetchone() == (1,)


def test_bulk_accept_confirms_model_labels_but_keeps_human_ones(store):
    ids = seed_posts(store)
    labels.set_label(store, ids[0], "sentiment", "中性", "甲")
    n = labels.accept(store, ids[:2], "乙")
    # post 0: 3 model fields left; post 1: all 4
    assert n == 7
    rows = store.execute(
        "SELECT sentiment, sentiment_source, category_source, emotion_source, risk_level_source "
        "FROM post_labels WHERE post_id IN (?, ?) ORDER BY post_id", ids[:2]
    ).fetchall()
    assert rows == [("中性", "human", "human", "human", "human"), ("正面", "human", "human", "human", "human")]
    accepted = store.execute(
        "SELECT count(*) FROM label_reviews WHERE reviewer = '乙' AND old_value = new_value"
    ).fetchone()
    assert accepted == (7,)
    assert _label(store, ids[2], "sentiment") == ("中性", "model")  # not in the batch
    assert [r[1] for r in audit_rows(store, "post_label")].count("label.accept") == 2
    assert labels.accept(store, ids[:2], "乙") == 0  # nothing left to confirm


def test_editor_changes_are_diffs_of_label_columns_only():
    before = pd.DataFrame(
        {"post_id": [1, 2], "sentiment": ["负面", "正面"], "risk_level": [3, 4], "text_masked": ["a", "b"]}
    )
    after = before.copy()
    after.loc[1, "sentiment"] = "中性"
    after.loc[0, "risk_level"] = 2
    after.loc[0, "text_masked"] = "edited elsewhere"
    changes = labels.editor_changes(before, after)
    assert sorted((c.post_id, c.field, c.old, c.new) for c in changes) == [
        (1, "risk_level", "3", "2"),
        (2, "sentiment", "正面", "中性"),
    ]


def test_apply_editor_changes_writes_reviews(store):
    ids = seed_posts(store)
    before = labels.review_queue(store)
    after = before.copy()
    row = after.index[after["post_id"] == ids[3]][0]
    after.loc[row, "category"] = "劳动合规"
    applied = labels.apply_editor_changes(store, before, after, "丙")
    assert [(c.post_id, c.field, c.new) for c in applied] == [(ids[3], "category", "劳动合规")]
    assert _label(store, ids[3], "category") == ("劳动合规", "human")


def test_queue_is_ordered_by_uncertainty_and_filters(store):
    ids = seed_posts(store)
    q = labels.review_queue(store)
    # 0.6·(1−conf) + 0.4·(1−|score|): 0.74, 0.54, 0.35, 0.07
    assert list(q["post_id"]) == [ids[2], ids[3], ids[1], ids[0]]
    assert (q["uncertainty"].diff().dropna() <= 0).all()
    assert "138****5678" in q.loc[q["post_id"] == ids[0], "text_masked"].iloc[0]
    assert list(labels.review_queue(store, platform="微博")["post_id"]) == [ids[0]]
    assert list(labels.review_queue(store, sentiment="中性")["post_id"]) == [ids[2], ids[3]]
    assert list(labels.review_queue(store, min_confidence=0.6, max_confidence=0.8)["post_id"]) == [ids[3]]
    labels.set_label(store, ids[2], "category", "劳动合规", "甲")
    assert labels.review_queue(store)["post_id"].iloc[-1] == ids[2]  # reviewed posts go last
    assert ids[2] not in set(labels.review_queue(store, only_unreviewed=True)["post_id"])
    assert list(labels.review_queue(store, category="劳动合规")["post_id"]) == [ids[2]]


def test_explain_shows_terms_sources_and_history(store):
    ids = seed_posts(store)
    labels.set_label(store, ids[3], "risk_level", 2, "甲")
    info = labels.explain(store, ids[3])
    assert info["risk_level"] == 2 and info["risk_level_source"] == "human" and info["model_risk_level"] == 1
    assert info["risk_terms"] == ["受伤"] and info["model_version"] == "test-1"
    hist = labels.label_history(store, ids[3])
    assert hist[["field", "old_value", "new_value", "reviewer"]].values.tolist() == [["risk_level", "1", "2", "甲"]]
    assert list(labels.history_view(hist).columns[:3]) == ["标签", "原值", "新值"]
    assert labels.history_view(hist)["标签"].tolist() == ["风险等级"]
    assert labels.explain(store, 424242) is None


def test_corrections_rescore_the_incidents_that_hold_the_posts(demo_store):
    """A reviewer who flips negative posts to positive lowers their incident's negative share."""
    from workbench.labels import LabelChange, set_labels

    incident_id, = demo_store.execute(
        "SELECT incident_id FROM incident_posts GROUP BY incident_id ORDER BY count(*) DESC LIMIT 1").fetchone()
    latest = ('SELECT negative_share FROM incident_scores WHERE incident_id = ? ORDER BY "at" DESC LIMIT 1')
    before, = demo_store.execute(latest, [incident_id]).fetchone()
    negatives = [r[0] for r in demo_store.execute(
        "SELECT l.post_id FROM post_labels l JOIN incident_posts i USING (post_id)"
        " WHERE i.incident_id = ? AND l.sentiment = '负面' LIMIT 50", [incident_id]).fetchall()]
    assert negatives
    set_labels(demo_store, [LabelChange(p, "sentiment", "正面") for p in negatives], "复核员")
    after, = demo_store.execute(latest, [incident_id]).fetchone()
    assert after < before
