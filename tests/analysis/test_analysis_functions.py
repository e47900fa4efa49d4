"""The analysis functions on small crafted data: demands, propagation tree, key nodes, words, emotions."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd

from workbench import vocab
from workbench.analysis import demands, emotions, key_nodes, propagation, timeline, words
from workbench.fonts import cjk_font_path

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _posts(rows):
    """rows: (post_id, platform, external_id, parent_external_id, author, followers, minutes, reposts)"""
    df = pd.DataFrame(rows, columns=["post_id", "platform", "external_id", "parent_external_id", "author",
                                     "author_followers", "minutes", "reposts"])
    df["published_at"] = [T0 + timedelta(minutes=m) for m in df.pop("minutes")]
    df["comments"], df["likes"], df["views"], df["media_tier"] = 1, 2, 100, 4
    df["text_masked"] = "某公司拖欠工资"
    df["sentiment"] = "负面"
    return df


CHAIN = _posts([
    (1, "微博", "a", None, "首发者", 100, 0, 3),
    (2, "微博", "b", "a", "大V", 500_000, 10, 50),
    (3, "微博", "c", "b", "路人1", 10, 20, 0),
    (4, "微博", "d", "b", "路人2", 10, 25, 0),
    (5, "微博", "e", "a", "路人3", 10, 30, 0),
    (6, "知乎", "a", None, "知乎答主", 900, 5, 0),      # same external id, other platform: its own root
    (7, "知乎", "f", "a", "知乎读者", 5, 40, 0),
    (8, "微博", "g", "missing", "孤儿", 10, 50, 0),     # parent not in the incident: a root
])


def test_repost_tree_depth_root_and_descendants():
    tree = propagation.repost_tree(CHAIN).set_index("post_id")
    assert tree.loc[[1, 2, 3, 4, 5], "depth"].tolist() == [0, 1, 2, 2, 1]
    assert set(tree.loc[[1, 2, 3, 4, 5], "root_post_id"]) == {1}
    assert tree.loc[1, "descendants"] == 4 and tree.loc[2, "descendants"] == 2 and tree.loc[3, "descendants"] == 0
    assert tree.loc[7, "parent_post_id"] == 6 and tree.loc[7, "root_post_id"] == 6
    assert pd.isna(tree.loc[8, "parent_post_id"]) and tree.loc[8, "depth"] == 0


def test_repost_tree_survives_a_cycle():
    loop = _posts([(1, "微博", "x", "y", "甲", 1, 0, 0), (2, "微博", "y", "x", "乙", 1, 1, 0)])
    tree = propagation.repost_tree(loop)
    assert sorted(tree["depth"]) == [0, 1]


def test_cascades_and_path_figure():
    tree = propagation.repost_tree(CHAIN)
    chains = propagation.cascades(tree)
    assert chains.iloc[0][["root_post_id", "size", "max_depth"]].tolist() == [1, 5, 2]
    assert set(chains["root_post_id"]) == {1, 6}  # single posts are no cascade
    fig = propagation.path_figure(tree)
    assert {t.name for t in fig.data if t.name} == {"微博", "知乎"}


def test_key_authors_rank_by_reach_and_explain():
    ranked = key_nodes.key_authors(propagation.repost_tree(CHAIN), top=3)
    assert ranked.iloc[0]["author"] == "大V"
    assert ranked.iloc[0]["spread"] == 2
    assert "带动 2 次转发/回复" in ranked.iloc[0]["why"]
    assert "10×转发" in ranked.iloc[0]["why"]


def test_demands_found_by_cue_and_grouped_by_theme():
    texts = [
        "还我血汗钱！拖欠三个月工资了",
        "要求公司尽快结清拖欠的工资。请假都不批",
        "申请调岗被拒，请公司公开道歉",
        "希望补缴社保和公积金",
        "转发//@某人：要求公司公开道歉",          # a repost repeats its parent: not counted again
        "我们不要求赔偿，只希望公司给个交代",
        "今天食堂的菜不错",
    ]
    found = demands.extract_demands(texts)
    assert found["index"].tolist() == [0, 1, 2, 3, 5]
    assert dict(zip(found["index"], found["theme"])) == {
        0: "支付工资/加班费", 1: "支付工资/加班费", 2: "公开道歉", 3: "补缴社保公积金", 5: "给出说法/回应"}
    summary = demands.demand_summary(texts)
    top = summary.iloc[0]
    assert (top["theme"], top["posts"]) == ("支付工资/加班费", 2)
    assert abs(top["share"] - round(2 / 7, 3)) < 1e-9


def test_emotion_distribution_lists_every_emotion():
    posts = pd.DataFrame({"emotion": ["愤怒", "愤怒", "焦虑", None], "emotion_source": ["model", "human", "model", "model"]})
    dist = emotions.emotion_distribution(posts)
    assert dist["emotion"].tolist() == list(vocab.EMOTIONS)
    assert dist.set_index("emotion").loc["愤怒", "posts"] == 2
    assert dist.attrs["human_corrected"] == 1
    assert emotions.emotion_distribution(posts.iloc[0:0])["posts"].sum() == 0


def test_word_cloud_uses_a_cjk_font_and_draws_png():
    assert cjk_font_path().lower().endswith((".otf", ".ttc", ".ttf"))
    posts = pd.DataFrame({"text_masked": ["云帆物流员工讨薪，联系138****0000", "回复@路人甲：讨薪无门//@云帆员工：员工讨薪"]})
    freqs = words.word_frequencies(posts, drop=["云帆物流"])
    assert freqs["讨薪"] == 2 and freqs["员工"] == 1  # the reposted chain is not counted twice
    assert not {"，", "云帆", "物流", "路人甲", "云帆员工"} & set(freqs)
    png = words.wordcloud_png(freqs, width=200, height=100)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert words.wordcloud_png({}) is None


def test_word_cloud_keeps_the_colours_of_wordclouds_own_viridis(monkeypatch):
    """The word cloud draws its colours without matplotlib.pyplot: the picture is the one that
    WordCloud(colormap="viridis") draws."""
    from wordcloud.wordcloud import colormap_color_func

    freqs = {"讨薪": 9, "欠薪": 7, "工资": 5, "拖欠": 4, "员工": 3, "仲裁": 2}
    png = words.wordcloud_png(freqs, width=300, height=160)
    monkeypatch.setattr(words, "_viridis", colormap_color_func("viridis"))
    assert png == words.wordcloud_png(freqs, width=300, height=160)


def test_volume_by_sentiment_buckets_in_beijing_time():
    posts = CHAIN.assign(sentiment=["负面", "负面", "中性", "正面", "负面", None, "负面", "负面"])
    vol = timeline.volume_by_sentiment(posts)
    assert vol["posts"].sum() == len(posts)
    assert set(vol["sentiment"]) == {"负面", "中性", "正面", "未分析"}
    assert str(vol["bucket"].dt.tz) == "Asia/Shanghai"
    assert timeline.volume_by_sentiment(posts.iloc[0:0]).empty


def test_alert_events_name_their_rule_in_chinese(demo_store):
    from workbench import db
    from workbench.analysis import timeline as tl

    iid = demo_store.execute("SELECT incident_id FROM alerts WHERE incident_id IS NOT NULL LIMIT 1").fetchone()[0]
    labels = tl.event_labels(db.query("analysis_incident_events", demo_store, incident_id=iid))["label"].tolist()
    alerts = [lb for lb in labels if "预警：" in lb]
    assert alerts and not any(code in " ".join(labels) for code in ("incident_level", "spike", "negative_share", "clock_overdue"))
    assert any(lb.endswith(("重大事件与升级", "发帖量突增", "负面占比上升", "处置时限超时")) for lb in alerts)
