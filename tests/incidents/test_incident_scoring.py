"""Heat and severity: hourly history, parts that add up, labels read through post_labels."""
import json
from datetime import timedelta

import pytest
from incident_factory import DAY, add_post, now, three_events  # noqa: F401 (now is a fixture)

from workbench.incidents import clustering, cycle, levels, scoring


def _history(con, iid):
    return scoring.history(con, iid)


def test_rescore_writes_hourly_history_with_explained_parts(store, now):
    three_events(store)
    clustering.cluster(store, now=now)
    assert scoring.rescore(store, now=now) == 3
    for iid in (1, 2, 3):
        h = _history(store, iid)
        first = store.execute("SELECT coalesce(first_post_at, opened_at) FROM incidents WHERE id = ?", [iid]).fetchone()[0]
        # one row per hour from the first post's hour to now's hour
        assert len(h) == int((now - first.replace(minute=0)).total_seconds() // 3600) + 1
        assert h["volume"].is_monotonic_increasing and h["volume"].iloc[-1] == 5
        for raw, heat, sev, lv in zip(h["explanation"], h["heat"], h["severity"], h["level"]):
            e = json.loads(raw)
            assert sum(p["points"] for p in e["heat"]["parts"]) == pytest.approx(heat, abs=0.05)
            assert sum(p["points"] for p in e["severity"]["parts"]) == pytest.approx(sev, abs=0.05)
            assert {p["key"] for p in e["heat"]["parts"]} == {"volume", "engagement", "velocity", "tier"}
            assert {p["key"] for p in e["severity"]["parts"]} == {"risk", "category", "negative", "people"}
            assert 0 <= heat <= 100 and 0 <= sev <= 100
            assert lv == levels.level_for(heat, sev) == e["level"]["level"]
    computed = dict(store.execute("SELECT id, computed_level FROM incidents").fetchall())
    assert computed[1] == _history(store, 1)["level"].iloc[-1]


def test_latest_explanation_is_the_last_hours_of_the_history(store, now):
    three_events(store)
    clustering.cluster(store, now=now)
    scoring.rescore(store, now=now)
    for iid in (1, 2, 3):
        assert scoring.latest_explanation(store, iid) == json.loads(_history(store, iid)["explanation"].iloc[-1])
    assert scoring.latest_explanation(store, 999) is None


def test_severity_follows_human_review_and_category(store, now):
    ids = [add_post(store, f"车间事故第{i}条", DAY + timedelta(minutes=i), keywords=["事故", "车间", "受伤"],
                    category="安全健康", risk_level=3, sentiment="中性") for i in range(3)]
    iid = store.execute("INSERT INTO incidents (title, category, opened_at) VALUES ('车间事故', '安全健康', ?) RETURNING id",
                        [DAY]).fetchone()[0]
    store.executemany("INSERT INTO incident_posts (incident_id, post_id) VALUES (?, ?)", [[iid, p] for p in ids])
    scoring.rescore(store, [iid], now=now)
    before = json.loads(_history(store, iid)["explanation"].iloc[-1])["severity"]
    # a reviewer says one post is risk level 1 and negative: severity rises through post_labels
    store.execute("INSERT INTO label_reviews (post_id, field, old_value, new_value, reviewer) VALUES (?, 'risk_level', '3', '1', '审核员')", [ids[0]])
    store.execute("INSERT INTO label_reviews (post_id, field, old_value, new_value, reviewer) VALUES (?, 'sentiment', '中性', '负面', '审核员')", [ids[0]])
    scoring.rescore(store, [iid], now=now)
    after = json.loads(_history(store, iid)["explanation"].iloc[-1])["severity"]
    part = {p["key"]: p for p in after["parts"]}
    assert after["total"] > before["total"]
    assert part["risk"]["value"]["worst"] == 1
    assert part["negative"]["value"] == pytest.approx(1 / 3, abs=1e-3)
    assert part["category"]["value"] == "安全健康"


def test_heat_grows_with_engagement_and_central_media(store, now):
    local = store.execute("INSERT INTO sources (name, media_tier) VALUES ('自媒体', 4) RETURNING id").fetchone()[0]
    central = store.execute("INSERT INTO sources (name, media_tier) VALUES ('央媒', 1) RETURNING id").fetchone()[0]
    quiet = [add_post(store, "帖子", DAY, keywords=["a"], source_id=local) for _ in range(3)]
    loud = [add_post(store, "帖子", DAY, keywords=["a"], source_id=central, reposts=5000, comments=8000, likes=90000)
            for _ in range(3)]
    for ids in (quiet, loud):
        iid = store.execute("INSERT INTO incidents (title, opened_at) VALUES ('t', ?) RETURNING id", [DAY]).fetchone()[0]
        store.executemany("INSERT INTO incident_posts (incident_id, post_id) VALUES (?, ?)", [[iid, p] for p in ids])
    scoring.rescore(store, now=now)
    q, l = (json.loads(_history(store, i)["explanation"].iloc[-1])["heat"] for i in (1, 2))
    qp, lp = ({p["key"]: p["points"] for p in x["parts"]} for x in (q, l))
    assert l["total"] > q["total"]
    assert lp["engagement"] > qp["engagement"] and lp["tier"] > qp["tier"]
    assert lp["volume"] == qp["volume"]


def test_people_affected_mentions_are_read():
    assert scoring.people_count("300") == 300
    assert scoring.people_count("几百") == 300
    assert scoring.people_count("上千") == 1000
    assert scoring.people_count("三十") == 30
    assert scoring.people_count("两万") == 20000


def test_demo_path_scores_every_incident_with_history(store, now):
    """The demo creates incidents itself, then runs the cycle without clustering."""
    ids = [add_post(store, f"某公司欠薪{i}", DAY + timedelta(hours=i), keywords=["欠薪"]) for i in range(4)]
    closed = store.execute("INSERT INTO incidents (title, status, opened_at, closed_at) VALUES ('已结束', '已关闭', ?, ?) RETURNING id",
                           [DAY, DAY + timedelta(hours=2)]).fetchone()[0]
    store.executemany("INSERT INTO incident_posts (incident_id, post_id, added_by) VALUES (?, ?, 'demo')",
                      [[closed, p] for p in ids])
    res = cycle.run(store, now=now, cluster=False)
    assert res["scored"] == 1
    h = _history(store, closed)
    assert len(h) == 3  # the history stops at closing time
    assert store.execute("SELECT computed_level FROM incidents WHERE id = ?", [closed]).fetchone()[0] in levels.DEFAULT_MATRIX["matrix"][0] + levels.DEFAULT_MATRIX["matrix"][3]


def test_refresh_appends_new_hours_only(store, now):
    three_events(store)
    changed = clustering.cluster(store, now=now)["incident_ids"]
    scoring.refresh(store, changed, now=now)
    first = {r[0]: r[1] for r in store.execute('SELECT incident_id, count(*) FROM incident_scores GROUP BY 1').fetchall()}
    add_post(store, "某建筑公司欠薪后续，上千名工人", now + timedelta(hours=1), keywords=["欠薪", "工资", "讨薪"],
             employer="某建筑公司", likes=500, risk_level=2)
    res = clustering.cluster(store, now=now + timedelta(hours=2))
    assert res["joined"] == 1 and list(res["changed_since"].values()) == [now + timedelta(hours=1)]
    scoring.refresh(store, res["changed_since"], now=now + timedelta(hours=2))
    second = {r[0]: r[1] for r in store.execute('SELECT incident_id, count(*) FROM incident_scores GROUP BY 1').fetchall()}
    assert all(second[i] == first[i] + 2 for i in first)
    # the appended hours equal what a full rewrite computes
    sql = 'SELECT incident_id, "at", volume, heat, severity, level FROM incident_scores ORDER BY 1, 2'
    appended = store.execute(sql).fetchall()
    scoring.rescore(store, now=now + timedelta(hours=2))
    assert store.execute(sql).fetchall() == appended


def test_quiet_hours_carried_from_the_last_row_equal_a_full_rewrite(store, now):
    """Hours closing on incidents with no new post (their rows carried from the last one, only the
    velocity moving as the recent posts age) give the rows a full rewrite computes."""
    three_events(store)
    add_post(store, "某电子厂起火后续，三十名员工受伤", now - timedelta(minutes=30), keywords=["火灾", "厂房", "受伤"],
             category="安全健康", employer="某电子厂", likes=40, risk_level=1)
    scoring.refresh(store, clustering.cluster(store, now=now)["incident_ids"], now=now)
    # an analyst's category: the carried rows take it from the incident (none set: read from the posts)
    store.execute("UPDATE incidents SET category = '安全健康' WHERE category IS NULL")
    for hours in range(1, 5):
        assert scoring.refresh(store, (), now=now + timedelta(hours=hours, minutes=5)) == 3
    sql = ('SELECT incident_id, "at", volume, heat, severity, level, people, negative_share, x_vel_pts, x_rate, '
           'cum_likes, x_category FROM incident_scores ORDER BY 1, 2')
    carried = store.execute(sql).fetchall()
    assert len({r[8] for r in carried}) > 1  # the velocity part moved over the quiet hours
    scoring.rescore(store, now=now + timedelta(hours=4, minutes=5))
    assert store.execute(sql).fetchall() == carried


def test_cycle_clusters_scores_and_alerts(store, now):
    three_events(store)
    res = cycle.run(store, now=now)
    assert res["new_incidents"] == 3 and res["scored"] == 3
    assert isinstance(res["alerts"], int)
