"""The 模型版本 part of 分类复核: a candidate's metrics beside the active one's, activation only
on 确认启用, confusion matrices per version, then re-analysis with the activated version.

Training itself (``retrain_with_reviews``) takes tens of seconds even in its fast mode, so here
the candidate is registered directly (a lexicon model under a new version) and handed to the
page as the retrain button would; the NLP area's tests cover training.
"""
from __future__ import annotations

from conftest import audit_rows
from label_fixtures import seed_posts

from workbench import labels
from workbench.nlp import registry
from workbench.nlp.baseline import LexiconModel

CANDIDATE = "wb-cand-test"
METRICS = {"sentiment": {"n": 3, "macro_f1": 0.9, "accuracy": 0.9}}


def _register_candidate(con):
    model = LexiconModel()
    model.version = CANDIDATE
    model.card = {"metrics": {"sentiment": {"n": 3, "macro_f1": 0.9, "accuracy": 0.9, "labels": ["负面", "中性", "正面"],
                                            "confusion": [[1, 0, 0], [0, 1, 0], [0, 0, 1]]}}}
    registry.register(con, model, kind="candidate", created_by="甲", heldout={"size": 3})


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def test_metrics_side_by_side_flattens_and_diffs():
    table = labels.metrics_side_by_side(
        {"sentiment": {"macro_f1": 0.8, "n": 10}}, {"sentiment": {"macro_f1": 0.7, "n": 10}, "emotion": {"macro_f1": 0.5}}
    )
    assert list(table["指标"]) == ["情感 · macro-F1", "情感 · 条数", "情绪 · macro-F1"]
    assert list(table["候选版本"][:2]) == [0.8, 10] and table["候选版本"].isna().iloc[2]
    assert list(table["当前启用版本"]) == [0.7, 10, 0.5]
    assert list(table["差值"][:2]) == [0.1, 0.0] and table["差值"].isna().iloc[2]


def test_candidate_is_shown_then_activated_on_confirm_and_used_by_reanalysis(store, open_page):
    ids = seed_posts(store)
    labels.set_label(store, ids[0], "category", "劳动合规", "甲")
    _register_candidate(store)
    before_active = registry.active_version(store)
    assert before_active != CANDIDATE

    at = open_page("labels", role="admin")
    versions = next(d.value for d in at.dataframe if "版本" in d.value.columns)
    assert CANDIDATE in set(versions["版本"])
    at.session_state["labels_candidate"] = {  # what the retrain button stores
        "version": CANDIDATE, "candidate_metrics": METRICS,
        "active_metrics": {"sentiment": {"n": 3, "macro_f1": 0.6, "accuracy": 0.6}}, "heldout_size": 3,
    }
    at.run()
    side = next(d.value for d in at.dataframe if "候选版本" in d.value.columns)
    row = side[side["指标"] == "情感 · macro-F1"].iloc[0]
    assert (row["候选版本"], row["当前启用版本"]) == (0.9, 0.6)
    assert registry.active_version(store) == before_active  # shown, not yet active

    _button(at, "确认启用").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert registry.active_version(store) == CANDIDATE
    actor, action, entity, entity_id, *_ = audit_rows(store, "model_versions")[0]
    assert (actor, action, entity_id) == ("测试员", "activate", CANDIDATE)
    assert any(CANDIDATE in s.value for s in at.success)

    # its confusion matrix is on the page
    next(s for s in at.selectbox if s.label == "混淆矩阵").set_value(CANDIDATE).run()
    assert any(list(d.value.columns) == ["负面", "中性", "正面"] for d in at.dataframe)

    _button(at, "重新分析全部帖子").click().run()
    assert not at.exception, [e.value for e in at.exception]
    versions_used = {v for (v,) in store.execute("SELECT DISTINCT model_version FROM analyses").fetchall()}
    assert all(v.startswith(CANDIDATE) for v in versions_used)
    # the human correction survives re-analysis
    assert store.execute("SELECT category, category_source FROM post_labels WHERE post_id = ?", [ids[0]]).fetchone() == ("劳动合规", "human")


def test_dismissing_a_candidate_keeps_the_active_version(store, open_page):
    seed_posts(store)
    _register_candidate(store)
    before_active = registry.active_version(store)
    at = open_page("labels")
    at.session_state["labels_candidate"] = {"version": CANDIDATE, "candidate_metrics": METRICS, "active_metrics": {}, "heldout_size": 0}
    at.run()
    _button(at, "暂不启用").click().run()
    assert registry.active_version(store) == before_active
    assert not any("候选版本" in d.value.columns for d in at.dataframe)
