"""Tracking: volume and negative share before and after each published statement."""
import json

import pytest
from conftest import audit_rows
from response.response_fixtures import add_posts, make_incident

from workbench import db
from workbench.response import statements
from workbench.review import charts, tracking


def _publish(con, iid, at):
    sid = statements.create(con, iid, "官方微博", "说明", "李文")
    for step in ("review", "approved"):
        statements.transition(con, sid, step, "赵总" if step == "approved" else "李文")
    statements.transition(con, sid, "published", "李文", now=at)
    return sid


@pytest.fixture
def crafted(store):
    """10 posts in the 4 h before 12:00 (8 negative), 5 after (1 negative), 1 far outside."""
    iid = make_incident(store)
    before = [(f"2026-11-20 {8 + i // 3:02d}:{(i % 3) * 15:02d}:00+08", "负面" if i < 8 else "中性", f"前{i}")
              for i in range(10)]
    after = [(f"2026-11-20 {12 + i:02d}:05:00+08", "负面" if i == 0 else "正面", f"后{i}") for i in range(5)]
    add_posts(store, iid, before + after + [("2026-11-22 12:00:00+08", "负面", "两天后")])
    sid = _publish(store, iid, "2026-11-20 12:00:00+08")
    return iid, sid


def test_before_and_after_numbers_on_crafted_posts(store, crafted):
    iid, sid = crafted
    row = tracking.effects(store, iid, window_hours=4).iloc[0]
    assert row["statement_id"] == sid
    assert (row["before_volume"], row["after_volume"]) == (10, 4)  # 16:05 falls outside [12:00, 16:00)
    assert row["before_negative_share"] == pytest.approx(0.8)
    assert row["after_negative_share"] == pytest.approx(0.25)
    assert row["negative_share_change_pp"] == pytest.approx(-55.0)
    assert row["volume_change"] == pytest.approx(-0.6)
    assert row["verdict"] == "样本不足"  # 4 posts after: fewer than MIN_POSTS
    wide = tracking.effects(store, iid, window_hours=6).iloc[0]
    assert (wide["before_volume"], wide["after_volume"], wide["verdict"]) == (10, 5, "明显好转")
    assert "80% → 20%" in wide["explanation"]


def test_hourly_volume_and_negative_share(store, crafted):
    iid, _ = crafted
    hours = tracking.hourly(tracking.incident_posts(store, iid)).set_index("hour")
    assert hours["volume"].sum() == 16
    first = hours.iloc[0]
    assert (first["volume"], first["negative"], first["negative_share"]) == (3, 3, 1.0)


def test_human_review_wins_over_the_model_in_tracking(store, crafted):
    iid, _ = crafted
    post = store.execute("SELECT post_id FROM incident_posts ORDER BY post_id LIMIT 1").fetchone()[0]
    store.execute("INSERT INTO label_reviews (post_id, field, old_value, new_value, reviewer)"
                  " VALUES (?, 'sentiment', '负面', '中性', '王敏')", [post])
    row = tracking.effects(store, iid, window_hours=6).iloc[0]
    assert row["before_negative_share"] == pytest.approx(0.7)


def test_verdict_rules():
    assert tracking.verdict(10, 10, 0.6, 0.4)[0] == "明显好转"
    assert tracking.verdict(10, 10, 0.6, 0.55)[0] == "有所好转"
    assert tracking.verdict(10, 10, 0.4, 0.5)[0] == "恶化"
    assert tracking.verdict(10, 10, 0.5, 0.5)[0] == "基本持平"
    assert tracking.verdict(3, 10, 0.5, 0.5)[0] == "样本不足"


def test_assessment_is_stored_with_its_numbers_and_audited(store, crafted):
    iid, sid = crafted
    aid = tracking.add_assessment(store, iid, sid, "有效", "负面明显回落", "王敏", metrics={"window_hours": 6})
    df = db.query("tracking_assessments", store, incident_id=iid)
    assert df["verdict"].tolist() == ["有效"] and json.loads(df["metrics"][0]) == {"window_hours": 6}
    assert audit_rows(store, "tracking_assessment")[0][:4] == ("王敏", "create", "tracking_assessment", str(aid))
    with pytest.raises(ValueError, match="效果评估只能是"):
        tracking.add_assessment(store, iid, sid, "很好", "", "王敏")


def test_chart_marks_each_published_statement(store, crafted):
    iid, sid = crafted
    fig = charts.tracking_figure(tracking.hourly(tracking.incident_posts(store, iid)),
                                 db.query("statement_published", store, incident_id=iid))
    assert [t.name for t in fig.data] == ["声量（条/小时）", "负面占比"]
    assert len(fig.layout.shapes) == 1 and f"声明#{sid}" in fig.layout.annotations[0].text


def test_no_posts_and_no_statements_give_empty_frames(store):
    iid = make_incident(store)
    assert tracking.effects(store, iid).empty
    assert tracking.hourly(tracking.incident_posts(store, iid)).empty


def test_reputation_index_by_day(store):
    from workbench.review import reputation

    iid = make_incident(store, opened_at="2026-11-20 08:00:00+08")
    rows = [("2026-11-19 10:00:00+08", "负面", f"a{i}") for i in range(3)] + \
           [("2026-11-19 11:00:00+08", "正面", f"b{i}") for i in range(3)] + \
           [("2026-11-20 10:00:00+08", "负面", f"c{i}") for i in range(5)] + \
           [("2026-11-21 10:00:00+08", "正面", "d")]
    add_posts(store, iid, rows)
    store.execute("UPDATE posts SET employer = '云帆物流'")
    store.execute("UPDATE incidents SET employer = '云帆物流'")
    incident = db.query("review_incident", store, incident_id=iid).iloc[0].to_dict()
    daily = reputation.around_incident(store, incident).set_index("posts")
    assert daily.loc[6, "index"] == 50 and daily.loc[5, "index"] == 0
    assert daily.loc[1, "index"] != daily.loc[1, "index"]  # one post: too thin, left blank (NaN)


def test_no_verdict_while_the_window_is_open_only_a_countdown(store, crafted):
    iid, sid = crafted
    ten_minutes_after = "2026-11-20 12:10:00+08"
    row = tracking.effects(store, iid, window_hours=24, now=ten_minutes_after).iloc[0]
    assert row["verdict"] == "观察中" and row["confidence"] is None
    assert "11-21 12:00 结束" in row["explanation"] and "还剩 23小时50分" in row["explanation"]
    assert (row["before_volume"], row["after_volume"]) == (10, 1)  # the after side counts only what has happened
    closed = tracking.effects(store, iid, window_hours=24, now="2026-11-21 12:00:00+08").iloc[0]
    assert closed["verdict"] == "明显好转" and closed["state"] == "已结束"


def test_verdict_names_its_baseline_and_confidence(store, crafted):
    iid, _ = crafted
    row = tracking.effects(store, iid, window_hours=5, now="2026-11-25 00:00:00+08").iloc[0]
    assert row["baseline"] == "发布前 5 小时（2026-11-20 07:00 至 2026-11-20 12:00）"
    assert row["explanation"].startswith("基线：发布前 5 小时")
    assert row["confidence"] == "中" and "p = 0.0" in row["explanation"]  # 8/10 vs 1/5 negative: z ≈ 2.2
    level, p = tracking.confidence(200, 200, 0.6, 0.3)
    assert level == "高" and p < 0.001
    assert tracking.confidence(10, 10, 0.5, 0.4)[0] == "低"


def test_effects_per_platform(store):
    iid = make_incident(store)
    add_posts(store, iid, [(f"2026-11-20 {8 + i % 4:02d}:00:00+08", "负面", f"微博前{i}") for i in range(6)]
              + [(f"2026-11-20 {13 + i % 4:02d}:00:00+08", "中性", f"微博后{i}") for i in range(6)])
    store.execute("UPDATE posts SET platform = '抖音' WHERE text LIKE '微博后%' AND text IN ('微博后0', '微博后1')")
    _publish(store, iid, "2026-11-20 12:00:00+08")
    rows = tracking.effects(store, iid, window_hours=6, now="2026-11-22 00:00:00+08", by_platform=True)
    by = rows.set_index("platform")
    assert set(by.index) == {"微博", "抖音"}
    assert (by.loc["微博", "before_volume"], by.loc["微博", "after_volume"]) == (6, 4)
    assert (by.loc["抖音", "before_volume"], by.loc["抖音", "after_volume"], by.loc["抖音", "verdict"]) == (0, 2, "样本不足")
