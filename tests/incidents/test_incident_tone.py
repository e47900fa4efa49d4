"""An incident's tone (``incidents.tone``): a positive story to track or trouble to respond to, with the
reason the 影响评估 page shows."""
from __future__ import annotations

import pandas as pd

from workbench.incidents import tone


def _posts(rows, rule_matched=(), texts=None):
    """Posts as ``incident_title_inputs`` gives them; ``rule_matched``: the rows a monitor rule matched;
    ``texts``: what each post says (none telling of a rescue or a death when not given)."""
    frame = pd.DataFrame(rows, columns=["sentiment", "risk_level", "stance_score"])
    frame["rule_matched"] = [i in rule_matched for i in range(len(frame))]
    frame["title"] = None
    frame["text_masked"] = texts if texts is not None else ["（正文）"] * len(frame)
    return frame


# a fire told by its eyewitnesses and the news: the model reads the fright as 负面 as often as the rescue as 正面
FIRE_RESCUE = [
    ("负面", 1, -0.72, "凌晨隔壁楼起火了，烟好大，吓死我了"),
    ("正面", 1, 0.35, "果汁厂三个夜班工人冲进去把八十岁的老人背了出来，老人获救"),
    ("负面", 4, -0.41, "太险了，晚一分钟就不敢想"),
    ("中性", 1, -0.05, "【通报】某小区一民房凌晨起火，三名路过群众将被困老人救出，火势已扑灭"),
    ("正面", 4, 0.52, "这才是真英雄！"),
    ("负面", 4, -0.22, "破防了，看哭了"),
    ("中性", 4, 0.02, "求后续，老人还好吗"),
    ("正面", 4, 0.46, "厂里说要给他们三个开表彰会"),
]


def test_a_rescue_told_with_grave_words_reads_as_a_positive_story_and_says_why():
    rescue = _posts([("正面", 1, 0.62), ("正面", 1, 0.41), ("中性", 2, 0.05), ("正面", 4, 0.55),
                     ("负面", 2, -0.48), ("中性", 1, -0.02), ("正面", 1, 0.71)])
    read = tone.read(rescue)
    assert (read.polarity, read.rule, read.min_risk) == ("正面", "told_gladly", 1)
    said = tone.describe(read)
    assert "7 帖中正面 4、负面 1" in said and "平均倾向分 +0.26" in said and "救人" in said


def test_a_rescue_a_monitor_rule_matched_stays_trouble_and_says_why():
    # the team set a rule on 起火 at its sites: a fire told gladly (a rescue) is still what they asked to hear of
    rescue = _posts([("正面", 1, 0.62), ("正面", 1, 0.41), ("中性", 2, 0.05), ("正面", 4, 0.55),
                     ("负面", 2, -0.48), ("中性", 1, -0.02), ("正面", 1, 0.71)], rule_matched={0, 5})
    read = tone.read(rescue)
    assert (read.polarity, read.rule, read.n_rule_matched) == ("负面", None, 2)
    assert "其中 2 帖命中团队设定的监测规则" in tone.describe(read)


def test_a_death_thanked_for_its_rescuers_and_a_small_glad_start_read_as_trouble():
    death = _posts([("负面", 1, -0.81), ("正面", 1, 0.66), ("负面", 1, -0.77), ("正面", 1, 0.58),
                    ("中性", 1, -0.35), ("负面", 1, -0.52), ("正面", 1, 0.21)])
    assert tone.read(death).polarity == "负面"
    assert tone.describe(tone.read(death)).startswith("按帖子看为负面")
    # glad first reactions under a grave event are too few to decide it (fewer than GLAD_MIN_POSTS)
    start = _posts([("正面", 1, 0.7), ("正面", 2, 0.5), ("中性", 1, 0.0)])
    assert tone.read(start).polarity == "负面"


def test_a_rescue_the_model_reads_as_much_trouble_as_good_news_is_told_as_a_rescue_and_says_why():
    read = tone.read(_posts([r[:3] for r in FIRE_RESCUE], texts=[r[3] for r in FIRE_RESCUE]))
    # 3 glad, 3 displeased, a mean stance below zero: neither praise nor told gladly, but 4 posts of 8 tell of a
    # life saved (获救, 救出, 英雄, 表彰) and none of a death
    assert (read.polarity, read.rule, read.n_rescue, read.n_harm) == ("正面", "rescue", 4, 0)
    said = tone.describe(read)
    assert said.startswith("按帖子看为正面") and "4 帖讲到获救、归还或表彰" in said and "没有帖子讲到死亡或重伤" in said


def test_a_fire_with_people_pulled_out_alive_but_a_death_told_stays_trouble():
    told = FIRE_RESCUE[:-1] + [("负面", 1, -0.8, "另一名老人送医后抢救无效身亡")]
    read = tone.read(_posts([r[:3] for r in told], texts=[r[3] for r in told]))
    assert (read.polarity, read.n_harm) == ("负面", 1)
    # …and so does a rescue told with more anger than gladness (an accident whose workers were dug out alive)
    angry = [("负面", 1, -0.6, r[3]) if r[0] == "中性" else r for r in FIRE_RESCUE]
    assert tone.read(_posts([r[:3] for r in angry], texts=[r[3] for r in angry])).polarity == "负面"


def test_the_store_reads_what_posts_tell_as_the_pages_do(store):
    # the cycle reads a grown incident's tone in SQL (incident_tone_counts): the same counts as from its posts
    from datetime import timedelta

    from incident_factory import DAY, add_post

    ids = [add_post(store, text, DAY + timedelta(minutes=10 * i), sentiment=s, sentiment_score=score, risk_level=risk,
                    employer="秦源果汁") for i, (s, risk, score, text) in enumerate(FIRE_RESCUE)]
    store.execute("INSERT INTO incidents (title, status, opened_at) VALUES ('秦源果汁职工救火', '监测中', ?)", [DAY])
    iid = store.execute("SELECT max(id) FROM incidents").fetchone()[0]
    store.executemany("INSERT INTO incident_posts (incident_id, post_id, added_by) VALUES (?, ?, 'model')",
                      [[iid, p] for p in ids])
    read = tone.of_incident(store, iid)
    assert (read.polarity, read.rule, read.n_posts, read.n_rescue, read.n_harm) == ("正面", "rescue", 8, 4, 0)


def test_a_persons_label_counts_as_a_full_stance(store):
    # six posts of a rescue the model read as lukewarm (+0.05 each); an analyst relabels four of them 正面:
    # their stance counts +1 each now, and the incident reads as the positive story it is
    from datetime import timedelta

    from incident_factory import DAY, add_post

    from workbench.labels import corrections

    # (told without the words of a rescue, 救起 or 获救: what makes it 正面 here is the stance alone)
    ids = [add_post(store, f"跳进河里把落水儿童拉上岸的是某纺织的工人（{i}）", DAY + timedelta(minutes=10 * i), sentiment="中性",
                    sentiment_score=0.05, risk_level=1, keywords=["跳河", "救起", "落水"], employer="某纺织")
           for i in range(6)]
    store.execute("INSERT INTO incidents (title, status, opened_at) VALUES ('某纺织员工救人', '监测中', ?)", [DAY])
    iid = store.execute("SELECT max(id) FROM incidents").fetchone()[0]
    store.executemany("INSERT INTO incident_posts (incident_id, post_id, added_by) VALUES (?, ?, 'model')",
                      [[iid, p] for p in ids])
    assert tone.of_incident(store, iid).polarity == "负面"
    for p in ids[:4]:
        corrections.set_label(store, p, "sentiment", "正面", reviewer="analyst")
    read = tone.of_incident(store, iid)
    assert (read.polarity, read.rule, round(read.mean_score, 3)) == ("正面", "told_gladly", 0.683)
    assert tone.describe(None) == "事件暂无帖子，未判断正负面。"


def _incident_of(store, told, title="秦源果汁职工救火"):
    """An incident holding posts ``told`` (sentiment, risk, stance score, text), its tone as the model left it."""
    from datetime import timedelta

    from incident_factory import DAY, add_post

    ids = [add_post(store, text, DAY + timedelta(minutes=10 * i), sentiment=s, sentiment_score=score, risk_level=risk,
                    employer="秦源果汁") for i, (s, risk, score, text) in enumerate(told)]
    store.execute("INSERT INTO incidents (title, status, opened_at) VALUES (?, '监测中', ?)", [title, DAY])
    iid = store.execute("SELECT max(id) FROM incidents").fetchone()[0]
    store.executemany("INSERT INTO incident_posts (incident_id, post_id, added_by) VALUES (?, ?, 'model')",
                      [[iid, p] for p in ids])
    return iid


# the fire rescue told with more fright than gladness: the posts read as trouble (``is_told_as_rescue`` wants
# glad posts at least as many as displeased ones), a person reading them sees a good deed
FRIGHTENED = [("负面", 1, -0.6, r[3]) if r[0] == "中性" else r for r in FIRE_RESCUE]


def test_a_person_sets_the_tone_with_a_reason_and_the_model_keeps_it_as_posts_come(store):
    from conftest import audit_rows

    from workbench import db
    from workbench.incidents import clustering, editing

    iid = _incident_of(store, FRIGHTENED)
    assert tone.of_incident(store, iid).polarity == "负面"
    editing.set_tone(store, iid, "正面", "职工冲进火场救出老人，是好事，目击者受惊才说得吓人", "分析员甲")
    row = store.execute("SELECT polarity, polarity_source FROM incidents WHERE id = ?", [iid]).fetchone()
    assert row == ("正面", "person")
    # tracked, never alerted on: the alert engine reads this list
    assert iid in set(db.query("alert_positive_incidents", store)["incident_id"])
    history = db.query("incident_tone_history", store, incident_id=iid)
    assert history[["actor", "polarity", "read_as"]].values.tolist() == [["分析员甲", "正面", "负面"]]
    actor, action, _e, eid, before, after = audit_rows(store, "incidents")[0]
    assert (actor, action, eid) == ("分析员甲", "set_tone", str(iid))
    assert '"负面"' in before and '"person"' in after

    # more frightened posts come: the model neither turns it nor retitles it back to trouble
    from datetime import timedelta

    from incident_factory import DAY, add_post

    more = add_post(store, "太吓人了，那么大的火", DAY + timedelta(hours=3), sentiment="负面", sentiment_score=-0.7,
                    risk_level=1, employer="秦源果汁")
    store.execute("INSERT INTO incident_posts (incident_id, post_id, added_by) VALUES (?, ?, 'model')", [iid, more])
    assert tone.turned(store.cursor(), [iid]) == []
    clustering.retitle(store.cursor(), [iid])
    assert store.execute("SELECT polarity FROM incidents WHERE id = ?", [iid]).fetchone()[0] == "正面"

    # handed back: the model's reading applies again, and the history says so
    editing.set_tone(store, iid, None, "交给系统按帖子判断", "分析员乙")
    row = store.execute("SELECT polarity, polarity_source FROM incidents WHERE id = ?", [iid]).fetchone()
    assert row == ("负面", "model")
    history = db.query("incident_tone_history", store, incident_id=iid)
    assert history["polarity"].isna().tolist() == [True, False] and history["actor"].tolist() == ["分析员乙", "分析员甲"]


def test_a_tone_without_a_reason_or_of_another_kind_is_refused_and_nothing_changes(store):
    import pytest

    from workbench.incidents import editing

    iid = _incident_of(store, FRIGHTENED)
    with pytest.raises(ValueError, match="理由"):
        editing.set_tone(store, iid, "正面", "  ", "分析员甲")
    with pytest.raises(ValueError, match="正面"):
        editing.set_tone(store, iid, "中性", "看不出好坏", "分析员甲")
    assert store.execute("SELECT polarity, polarity_source FROM incidents WHERE id = ?", [iid]).fetchone() == ("负面", "model")
    assert store.execute("SELECT count(*) FROM incident_tone_settings").fetchone()[0] == 0
