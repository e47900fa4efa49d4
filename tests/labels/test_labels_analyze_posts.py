"""analyze_posts: the store gets one analyses row per post, in batches, re-runnable."""
from __future__ import annotations

from label_fixtures import T0

from workbench import labels
from workbench.nlp.store import analyze_posts


def _add_posts(con, texts, title=None):
    ids = []
    for i, text in enumerate(texts):
        ids.append(con.execute(
            "INSERT INTO posts (platform, text, text_masked, title, published_at, content_hash) "
            "VALUES ('微博', ?, ?, ?, ?, ?) RETURNING id",
            [text, text, title, T0, f"h{len(text)}-{i}-{text[:3]}"],
        ).fetchone()[0])
    return ids


def test_analyses_written_for_posts_lacking_them_in_batches(store):
    texts = ["公司拖欠工资三个月，HR 电话 13812345678", "", "团建很开心", "工厂发生事故有人受伤", "996 加班没有加班费"]
    ids = _add_posts(store, texts)
    calls = []
    n = analyze_posts(store, batch_size=2, progress=lambda done, total: calls.append((done, total)))
    assert n == 5
    assert calls == [(0, 5), (2, 5), (4, 5), (5, 5)]
    rows = store.execute(
        "SELECT post_id, sentiment, category, risk_level, has_pii, risk_terms, keywords, category_terms, model_version "
        "FROM analyses ORDER BY post_id"
    ).fetchall()
    assert [r[0] for r in rows] == ids
    assert rows[0][4] is True and rows[2][4] is False
    assert rows[3][3] <= 2 and rows[3][5]  # the injury is a grave post with its trigger terms
    assert all(isinstance(r[6], list) and r[8] for r in rows)
    # nothing left to analyse; a new post is picked up alone
    assert analyze_posts(store) == 0
    new = _add_posts(store, ["老板 PUA 员工，天天画饼"])
    assert analyze_posts(store) == 1
    assert store.execute("SELECT count(*) FROM analyses").fetchone() == (6,)
    assert store.execute("SELECT count(*) FROM analyses WHERE post_id = ?", new).fetchone() == (1,)


def test_reanalyze_replaces_rows_and_keeps_human_reviews(store):
    ids = _add_posts(store, ["公司拖欠工资三个月了，太过分了", "食堂饭菜不错"])
    analyze_posts(store)
    store.execute("UPDATE analyses SET model_version = 'old', sentiment = '正面' WHERE post_id = ?", [ids[0]])
    labels.set_label(store, ids[1], "category", "企业文化", "甲")

    assert analyze_posts(store, [ids[0]]) == 0  # analysed already, no reanalyze
    assert analyze_posts(store, [ids[0]], reanalyze=True) == 1
    assert store.execute("SELECT model_version <> 'old', sentiment FROM analyses WHERE post_id = ?", [ids[0]]).fetchone() == (True, "负面")
    assert analyze_posts(store, reanalyze=True) == 2
    assert store.execute("SELECT count(*) FROM analyses").fetchone() == (2,)
    # the human label still wins after re-analysis
    assert store.execute("SELECT category, category_source FROM post_labels WHERE post_id = ?", [ids[1]]).fetchone() == ("企业文化", "human")


def test_title_is_read_with_the_text(store):
    ids = _add_posts(store, ["详情见内文"], title="某公司工地发生事故致两人死亡")
    analyze_posts(store)
    level, terms = store.execute("SELECT risk_level, risk_terms FROM analyses WHERE post_id = ?", ids).fetchone()
    assert level == 1 and terms


def test_empty_store_is_fine(store):
    seen = []
    assert analyze_posts(store, progress=lambda d, t: seen.append((d, t))) == 0
    assert seen == [(0, 0)]
