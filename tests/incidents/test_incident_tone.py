"""An incident's tone (``incidents.tone``): a positive story to track or trouble to respond to, with the
reason the 影响评估 page shows."""
from __future__ import annotations

import pandas as pd

from workbench.incidents import tone


def _posts(rows, rule_matched=()):
    """Posts as ``incident_title_inputs`` gives them; ``rule_matched``: the rows a monitor rule matched."""
    frame = pd.DataFrame(rows, columns=["sentiment", "risk_level", "stance_score"])
    frame["rule_matched"] = [i in rule_matched for i in range(len(frame))]
    return frame


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


def test_a_persons_label_counts_as_a_full_stance(store):
    # six posts of a rescue the model read as lukewarm (+0.05 each); an analyst relabels four of them 正面:
    # their stance counts +1 each now, and the incident reads as the positive story it is
    from datetime import timedelta

    from incident_factory import DAY, add_post

    from workbench.labels import corrections

    ids = [add_post(store, f"跳河救起落水儿童的是某纺织的工人（{i}）", DAY + timedelta(minutes=10 * i), sentiment="中性",
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
