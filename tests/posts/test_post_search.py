"""帖子检索: find posts by text, author, platform, time and label; open one with its labels, incident and history."""
import sys
from datetime import timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "labels"))
from label_fixtures import T0, seed_posts  # noqa: E402

from workbench.labels import set_label  # noqa: E402
from workbench.posts import search as posts  # noqa: E402


@pytest.fixture
def seeded(store):
    ids = seed_posts(store)
    store.execute("UPDATE posts SET author = '打工人小王' WHERE id = ?", [ids[0]])
    iid = store.execute("INSERT INTO incidents (title, status, level, opened_at) VALUES ('某物流欠薪', '处置中', 'Ⅱ', ?)"
                        " RETURNING id", [T0]).fetchone()[0]
    store.execute("INSERT INTO incident_posts (incident_id, post_id, added_by) VALUES (?, ?, 'model')", [iid, ids[0]])
    set_label(store, ids[2], "sentiment", "负面", "王敏")
    return ids, iid


def _ids(store, **filters):
    return posts.search(store, **filters)["post_id"].tolist()


def test_each_filter_narrows_the_result(store, seeded):
    ids, iid = seeded
    assert sorted(_ids(store)) == sorted(ids)
    assert _ids(store, q="拖欠") == [ids[0]]
    assert _ids(store, author="小王") == [ids[0]]
    assert _ids(store, platform="脉脉") == [ids[2]]
    assert sorted(_ids(store, sentiment="负面")) == sorted([ids[0], ids[2]])  # a person's review wins over the model
    assert _ids(store, risk_level=1) == [ids[3]]
    assert _ids(store, incident_id=iid) == [ids[0]]
    assert _ids(store, start=T0 + timedelta(hours=2), end=T0 + timedelta(hours=3)) == [ids[2]]
    assert _ids(store, q="  ") == _ids(store)  # a blank search is no filter


def test_a_post_of_a_merged_incident_is_listed_and_found_under_the_incident_it_was_merged_into(store, seeded):
    ids, merged = seeded
    kept = store.execute("INSERT INTO incidents (title, status, level, opened_at) VALUES ('某物流欠薪（合并）', '处置中', 'Ⅱ', ?)"
                         " RETURNING id", [T0]).fetchone()[0]
    store.execute("UPDATE incidents SET merged_into = ? WHERE id = ?", [kept, merged])
    found = posts.search(store, incident_id=kept)
    assert found["post_id"].tolist() == [ids[0]] and found["incident_title"].tolist() == ["某物流欠薪（合并）"]
    assert _ids(store, incident_id=merged) == []
    listed = posts.search(store).set_index("post_id")["incident_id"]
    assert listed[ids[0]] == kept and listed.drop(ids[0]).isna().all()


def test_text_search_sees_masked_text_only(store, seeded):
    assert _ids(store, q="13812345678") == []
    assert _ids(store, q="138****5678") == [seeded[0][0]]


def test_results_name_the_incident_and_never_show_none(store, seeded):
    view = posts.results_view(posts.search(store))
    row = view.set_index("post_id").loc[seeded[0][0]]
    assert row["incident"] == f"#{seeded[1]} Ⅱ级 某物流欠薪（处置中）"
    shown = view[["author", "sentiment", "category", "emotion", "risk_level", "incident"]]
    assert not shown.isna().any().any() and (view.set_index("post_id").loc[seeded[0][3], "author"] == "—")


def test_the_post_card_has_labels_incident_and_history(store, seeded):
    ids, iid = seeded
    card = posts.card(store, ids[2])
    assert card.post["sentiment"] == "负面" and card.post["sentiment_source"] == "human"
    assert card.incidents.empty
    kinds = card.history["kind"].tolist()
    assert kinds[0] == "发布" and "人工复核" in kinds
    assert "情感：中性 → 负面" in card.history["event"].tolist()
    card = posts.card(store, ids[0])
    assert card.incidents["incident_id"].tolist() == [iid] and card.incidents["added_by"].tolist() == ["model"]
    assert any(e.startswith(f"归入事件 #{iid}") for e in card.history["event"])
    assert posts.card(store, 99999) is None


def test_search_page_filters_and_opens_the_post(store, seeded, open_page):
    ids, _ = seeded
    at = open_page("search")
    at.selectbox(key="search_span").set_value("全部时间").run()
    at.text_input(key="search_q").set_value("大小周").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="search_post").value == ids[2]
    assert f"帖子 #{ids[2]}" in [s.value for s in at.subheader]
    assert any("情感：中性 → 负面" in str(df.value.values) for df in at.dataframe)


def test_a_link_with_post_id_opens_that_post_with_its_incident(store, seeded, open_link):
    ids, iid = seeded
    at = open_link("search", post=ids[0])
    assert at.selectbox(key="search_post").value == ids[0]
    links = [p.proto.label for p in at.get("page_link")]
    assert any(f"#{iid} Ⅱ级 重大 某物流欠薪" in label for label in links), links


def test_a_link_with_incident_id_lists_all_its_posts(store, seeded, open_link):
    ids, iid = seeded
    at = open_link("search", incident=iid)
    assert at.selectbox(key="search_incident").value == iid and at.selectbox(key="search_span").value == "全部时间"
    assert at.dataframe[0].value["post_id"].tolist() == [ids[0]]
