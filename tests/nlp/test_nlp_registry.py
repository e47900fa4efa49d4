"""Model versions: the shipped model registers itself; retraining with reviewed labels makes an
inactive candidate compared on held-out reviews; activation is audited and changes analysis."""
from __future__ import annotations

import re

import joblib
import pandas as pd
from conftest import audit_rows

import workbench
from workbench import config
from workbench.nlp import corpora, registry, training
from workbench.nlp import model as model_module

REVIEWED = [
    ("领导天天画饼还甩锅给我们", "负面", "管理作风"),
    ("公司终于取消大小周了，开心", "正面", "工时加班"),
    ("入职三个月还没签劳动合同", "负面", "劳动合规"),
    ("面试官很专业，流程很快", "正面", "招聘求职"),
    ("同事被主管言语骚扰", "负面", "骚扰歧视"),
    ("年终奖发了三个月", "正面", "薪酬福利"),
    ("部门被整体裁撤了", "负面", "裁员离职"),
    ("车间没有任何防护措施", "负面", "安全健康"),
    ("团建又安排在周末", "负面", "企业文化"),
    ("今天去公园散步", "中性", "其他"),
]


def _reviewed_posts(con) -> None:
    for i, (text, sentiment, category) in enumerate(REVIEWED, 1):
        con.execute("INSERT INTO posts (id, platform, text, text_masked, content_hash) VALUES (?, '微博', ?, ?, ?)",
                    [i, text, text, f"h{i}"])
        con.execute("INSERT INTO label_reviews (post_id, field, new_value, reviewer) VALUES (?, 'sentiment', ?, '审核员')", [i, sentiment])
        con.execute("INSERT INTO label_reviews (post_id, field, new_value, reviewer) VALUES (?, 'category', ?, '审核员')", [i, category])


def test_shipped_model_registers_itself_active(store):
    versions = registry.list_versions(store)
    assert len(versions) == 1 and bool(versions["active"].iloc[0])
    shipped = versions["version"].iloc[0]
    assert registry.active_version(store) == shipped
    matrices = registry.confusion(store, shipped)
    assert set(matrices) >= {"sentiment", "category"}
    assert list(matrices["category"].index) == list(matrices["category"].columns)


def test_retrain_registers_inactive_candidate_then_activate(store):
    _reviewed_posts(store)
    shipped = registry.active_version(store)
    result = training.retrain_with_reviews(store, "分析员", fast=True, sources=())  # the hand-written corpus only
    assert set(result) == {"version", "candidate_metrics", "active_metrics", "heldout_size", "candidate_blind", "active_blind"}
    for side in ("candidate_blind", "active_blind"):  # both versions measured on the blind split too
        assert result[side]["category"]["n"] == len(corpora.handwritten("blind"))
        assert 0 <= result[side]["risk_level"]["grave_recall"] <= 1
    candidate = registry.load_version(store, result["version"])
    assert "severity" in candidate.heads
    # built like `workbench train` builds the shipped model, on the same frame with the reviews
    # added: the tone stages, which reviews do not teach, get exactly the frame's rows
    frame = training.training_frame(max_rows=6000, sources=())
    rows = frame[frame["part"] == "train"].reset_index(drop=True)
    same = training.head_input_digests(rows, training.head_rows(rows))
    assert all(candidate.card["inputs"]["heads"][h] == same[h] for h in model_module.EVERYDAY_STAGES)
    assert candidate.card["train_rows"]["review"] == len(REVIEWED) - result["heldout_size"]
    assert 0 < result["heldout_size"] < len(REVIEWED)
    assert result["candidate_metrics"]["category"]["n"] == result["heldout_size"]
    assert 0 <= result["active_metrics"]["sentiment"]["macro_f1"] <= 1

    versions = registry.list_versions(store).set_index("version")
    assert not versions.loc[result["version"], "active"] and versions.loc[shipped, "active"]
    assert registry.active_version(store) == shipped  # a candidate is never active by itself
    assert audit_rows(store, "model_versions")[0][1] == "retrain"

    registry.activate(store, result["version"], "组长")
    assert registry.active_version(store) == result["version"]
    actor, action, _entity, entity_id, before, _after = audit_rows(store, "model_versions")[0]
    assert (actor, action, entity_id) == ("组长", "activate", result["version"]) and shipped in before
    df = workbench.analyze(["公司拖欠工资"])
    assert df["model_version"].iloc[0].startswith(result["version"])
    assert set(registry.confusion(store, result["version"])) >= {"sentiment", "category"}


def test_listing_versions_on_a_store_that_has_the_shipped_file_does_not_load_it(store, monkeypatch):
    registry.ensure_shipped(store)  # first use of the store: loads and registers the shipped artifact
    fresh_process: dict = {}
    monkeypatch.setattr(registry, "_loaded", fresh_process)  # a new server process: nothing loaded yet

    versions = registry.list_versions(store)

    assert store.execute("SELECT artifact_digest FROM model_versions").fetchone()[0] == registry.shipped_digest()
    assert len(versions) == 1 and "__shipped__" not in fresh_process


def test_a_version_registered_before_digests_gets_its_digest_once(store, monkeypatch):
    registry.ensure_shipped(store)
    store.execute("UPDATE model_versions SET artifact_digest = NULL")  # a store from before migration 1300
    registry.ensure_shipped(store)  # loads once to learn the version, notes the digest
    monkeypatch.setattr(registry, "_loaded", {})
    registry.ensure_shipped(store)

    assert store.execute("SELECT artifact_digest FROM model_versions").fetchone()[0] == registry.shipped_digest()
    assert registry._loaded == {}


def test_a_model_written_to_disk_reads_back_with_the_same_readings(tmp_path):
    from workbench.nlp import analyze, model

    shipped = model.load(model.SHIPPED_FILE)
    copy = model.load(shipped.save(tmp_path / "copy.joblib"))
    posts = ["工友从架子上摔下来，送到医院没抢救过来", "年终奖发了三个月", "周末和朋友去爬山了", "领导天天画饼还甩锅给我们"]
    pd.testing.assert_frame_equal(analyze.analyze(posts, model=shipped, n_jobs=1), analyze.analyze(posts, model=copy, n_jobs=1))


def test_the_shipped_model_stays_small():
    from workbench.nlp import model

    assert model.SHIPPED_FILE.stat().st_size <= 30_000_000  # issue 9: ≤ 30 MB


def test_two_builds_that_read_posts_differently_get_different_version_names():
    # named by the build day alone, two builds of one day were both wb-20261205
    a, b = model_module.load(model_module.SHIPPED_FILE), model_module.load(model_module.SHIPPED_FILE)
    assert training.readings_digest(a) == training.readings_digest(b)  # a rebuild that reproduces it: one name
    b.heads["severity"].bias = b.heads["severity"].bias + 1e-3
    assert training.readings_digest(a) != training.readings_digest(b)
    named = training._name(a, "wb-20261205")
    assert re.fullmatch(r"wb-20261205-[0-9a-f]{8}", named.version) and named.card["version"] == named.version


def test_a_new_artifact_under_a_name_the_store_holds_becomes_a_version_of_its_own(store, tmp_path, monkeypatch):
    # the store took a second build of the day for the first (same name) and kept the first one's metrics
    registry.ensure_shipped(store)
    first = registry.active_version(store)
    rebuilt = model_module.load(model_module.SHIPPED_FILE)
    rebuilt.heads["severity"].bias = rebuilt.heads["severity"].bias + 0.5  # other weights, the same name
    rebuilt.card = {**rebuilt.card, "metrics": {"sentiment": {"macro_f1": 0.5}}}
    monkeypatch.setattr(config, "PROJECT_DIR", tmp_path)  # a release whose data/models holds the new build
    monkeypatch.setattr(model_module, "SHIPPED_FILE", tmp_path / "data" / "models" / "workbench_model.joblib")
    model_module.SHIPPED_FILE.parent.mkdir(parents=True)
    joblib.dump(rebuilt, model_module.SHIPPED_FILE, compress=("zlib", 1))
    monkeypatch.setattr(registry, "_loaded", {})  # a new process

    versions = registry.list_versions(store).set_index("version")

    second = registry.active_version(store)  # the replaced file's version is gone: the new one is active
    assert len(versions) == 2 and second.startswith(first + "-") and not versions.loc[first, "active"]
    assert versions.loc[second, "sentiment_macro_f1"] == 0.5 != versions.loc[first, "sentiment_macro_f1"]
    assert registry.load_version(store, second) is registry.shipped_model()
    assert workbench.analyze(["公司拖欠工资"])["model_version"].iloc[0].startswith(second + "+")
    monkeypatch.setattr(registry, "_loaded", {})  # and so in the next process, without registering again
    assert registry.load_version(store, registry.active_version(store)).version == second
    assert len(registry.list_versions(store)) == 2
