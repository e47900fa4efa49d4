"""The spike and negative-share rules on crafted series, and evaluate() against a real store."""
from __future__ import annotations

import json
import random
import statistics
from datetime import timedelta

from alerts_support import T0, add_posts, steady_baseline

from workbench.alerts import engine
from workbench.alerts.engine import negative_share_decision, spike_decision

H = timedelta(hours=1)


def _steady(hours: int, pattern=(1, 2, 3, 2)):
    return {T0 + H * i: pattern[i % len(pattern)] for i in range(hours)}


def test_steady_baseline_then_spike_fires_exactly_once_at_the_spike_hour():
    series = _steady(8 * 24)
    spike_at = T0 + H * (7 * 24 + 10)
    series[spike_at] = 25
    fired = [b for b in (T0 + H * i for i in range(7 * 24, 8 * 24)) if spike_decision(series, b, "medium", 5).fired]
    assert fired == [spike_at]

    d = spike_decision(series, spike_at, "medium", 5)
    baseline = [series.get(spike_at - H * i, 0) for i in range(1, 169)]
    assert d.count == 25
    assert abs(d.mean - statistics.fmean(baseline)) < 1e-9
    assert abs(d.sd - statistics.pstdev(baseline)) < 1e-9
    assert d.threshold == max(d.mean + 2 * d.sd, 2 * d.mean, 5)
    assert "触发" in d.explanation() and "25" in d.explanation()


def test_noise_gives_no_alert_at_any_sensitivity():
    rng = random.Random(7)
    series = {T0 + H * i: max(0, round(rng.gauss(20, 3))) for i in range(9 * 24)}
    for sensitivity in ("high", "medium", "low"):
        hours = [T0 + H * i for i in range(7 * 24, 9 * 24)]
        assert not any(spike_decision(series, b, sensitivity, 5).fired for b in hours), sensitivity


def test_minimum_volume_and_sensitivity_shape_the_threshold():
    series = {T0 + H * i: 0 for i in range(7 * 24)}
    at = T0 + H * (7 * 24)
    series[at] = 3
    assert not spike_decision(series, at, "high", 5).fired      # empty baseline: min volume decides
    assert spike_decision(series, at, "high", 3).fired
    noisy = _steady(7 * 24, pattern=(0, 4, 1, 5, 2))
    ks = [spike_decision(noisy, at, s, 1).stat_threshold for s in ("high", "medium", "low")]
    assert ks[0] < ks[1] < ks[2]


def test_rising_negative_share_triggers_but_chronic_or_thin_does_not():
    posts = _steady(8 * 24, pattern=(6, 6))
    calm = {b: 1 for b in posts}            # ~17 % negative for a week
    at = T0 + H * (7 * 24 + 5)
    rising = dict(calm)
    rising[at - H] = rising[at] = 4          # 8 of 12 posts negative in the last 2 h
    d = negative_share_decision(posts, rising, at, 0.4, 10, 0.1)
    assert d.fired and d.posts == 12 and d.negative == 8 and abs(d.share - 8 / 12) < 1e-9
    assert d.baseline_share is not None and d.baseline_share < 0.2

    chronic = {b: 4 for b in posts}          # always ~67 % negative: no news
    assert not negative_share_decision(posts, chronic, at, 0.4, 10, 0.1).fired
    thin = {b: 1 for b in posts}
    thin_neg = {b: 1 for b in posts}
    assert not negative_share_decision(thin, thin_neg, at, 0.4, 10, 0.1).fired  # 2 posts only


def test_evaluate_raises_one_spike_alert_with_evidence_and_suppresses_repeats(store):
    spike_hour = T0 + H * (7 * 24 + 6)
    steady_baseline(store, T0, 7 * 24 + 6)
    ids = add_posts(store, spike_hour, 20, text="联系我 138****5678 一起维权")
    before = engine.evaluate(store, now=spike_hour - timedelta(minutes=30))
    assert before == []

    new = engine.evaluate(store, now=spike_hour + timedelta(minutes=40))
    assert len(new) == 1
    row = store.execute("SELECT rule, scope_kind, scope_key, bucket_at, level, evidence FROM alerts WHERE id = ?", [new[0]]).fetchone()
    rule, kind, key, bucket, level, evidence = row
    assert (rule, kind, key) == ("spike", "category", "工时加班")
    assert bucket == spike_hour
    ev = json.loads(evidence)
    assert ev["numbers"]["count"] == 20
    assert ev["numbers"]["threshold"] >= ev["numbers"]["min_volume"]
    assert ev["parameters"]["k"] == 2.0
    assert sorted(ev["post_ids"]) == sorted(ids)
    assert ev["posts"] and all("138****5678" in p["excerpt"] for p in ev["posts"])

    # the same spike seen again (same or a later cycle) gives no second alert
    assert engine.evaluate(store, now=spike_hour + timedelta(minutes=50)) == []
    assert engine.evaluate(store, now=spike_hour + timedelta(hours=2)) == []
    assert store.execute("SELECT count(*) FROM alerts").fetchone()[0] == 1
    # the in-app delivery exists at once
    assert store.execute("SELECT channel, status FROM alert_deliveries").fetchall() == [("站内", "sent")]


def test_incidents_spiking_in_one_cycle_each_carry_their_own_posts_as_evidence(store):
    spike_hour = T0 + H * (7 * 24 + 6)
    steady_baseline(store, T0, 7 * 24 + 6)
    posts = {}
    for iid, title in ((1, "某厂夜班事故"), (2, "某公司欠薪")):
        store.execute("INSERT INTO incidents (id, title, level, status) VALUES (?, ?, 'Ⅲ', '已定级')", [iid, title])
        posts[iid] = add_posts(store, spike_hour, 12 + 4 * iid, text=f"{title}的帖子")
        store.executemany("INSERT INTO incident_posts (incident_id, post_id) VALUES (?, ?)", [[iid, p] for p in posts[iid]])

    new = engine.evaluate(store, now=spike_hour + timedelta(minutes=40))
    rows = store.execute("SELECT incident_id, evidence FROM alerts WHERE id IN (SELECT unnest(?)) "
                         "AND incident_id IS NOT NULL ORDER BY incident_id", [new]).fetchall()
    assert [iid for iid, _ in rows] == [1, 2]
    for iid, evidence in rows:
        ev = json.loads(evidence)
        assert ev["rule"] == "spike" and ev["numbers"]["count"] == len(posts[iid])
        assert sorted(ev["post_ids"]) == sorted(posts[iid]) and ev["post_count"] == len(posts[iid])
        engagement = [p["engagement"] for p in ev["posts"]]  # the most engaged posts are shown
        assert engagement == sorted(engagement, reverse=True) and len(engagement) == engine.EXCERPTS
        assert all(ev["incident"]["title"] in p["excerpt"] for p in ev["posts"])


def test_evaluate_negative_share_rise_in_store(store):
    at = T0 + H * (7 * 24 + 3)
    steady_baseline(store, T0, 7 * 24 + 2, pattern=(2, 2), category="薪酬福利")
    add_posts(store, at - H, 6, category="薪酬福利", sentiment="负面")
    add_posts(store, at, 6, category="薪酬福利", sentiment="负面")
    new = engine.evaluate(store, now=at + timedelta(minutes=30))
    rules = store.execute("SELECT rule FROM alerts WHERE id IN (SELECT unnest(?))", [new]).fetchall()
    assert ("negative_share",) in rules


def test_grave_incident_alerts_at_once_and_again_when_escalated(store):
    pid = add_posts(store, T0, 1)[0]
    store.execute("INSERT INTO incidents (id, title, level, status, category) VALUES (1, '某厂夜班事故', 'Ⅱ', '已定级', '安全健康')")
    store.execute("INSERT INTO incidents (id, title, level, status) VALUES (2, '小事', 'Ⅳ', '待研判')")
    store.execute("INSERT INTO incident_posts (incident_id, post_id) VALUES (1, ?)", [pid])
    now = T0 + H * 3
    first = engine.evaluate(store, now=now)
    assert len(first) == 1
    level, incident_id, message = store.execute("SELECT level, incident_id, message FROM alerts").fetchone()
    assert (level, incident_id) == ("Ⅱ", 1) and "某厂夜班事故" in message
    assert engine.evaluate(store, now=now) == []
    store.execute("UPDATE incidents SET level = 'Ⅰ' WHERE id = 1")
    assert len(engine.evaluate(store, now=now)) == 1


def test_monitor_rule_scope_is_used_when_rule_matches_exist(store):
    store.execute("CREATE TABLE IF NOT EXISTS post_rule_matches (post_id BIGINT, rule_id INTEGER)")
    store.execute("INSERT INTO monitor_rules (id, name, expression, sensitivity) VALUES (1, '某厂 加班', '某厂 AND 加班', 'high')")
    spike_hour = T0 + H * (7 * 24)
    steady_baseline(store, T0, 7 * 24, pattern=(1,), category="其他")
    ids = add_posts(store, spike_hour, 8, category="其他")
    store.executemany("INSERT INTO post_rule_matches (post_id, rule_id) VALUES (?, 1)", [[i] for i in ids])
    new = engine.evaluate(store, now=spike_hour + timedelta(minutes=30))
    scopes = store.execute("SELECT scope_kind, scope_label FROM alerts WHERE id IN (SELECT unnest(?))", [new]).fetchall()
    assert ("rule", "某厂 加班") in scopes


def test_overdue_clock_alerts_once_at_the_escalated_level(store):
    store.execute(
        "INSERT INTO incidents (id, title, level, status, opened_at) VALUES (5, '拖欠工资', 'Ⅲ', '已定级', ?)", [T0]
    )
    now = T0 + H * 9  # Ⅲ级: acknowledge within 8 h
    new = engine.evaluate(store, now=now)
    rows = store.execute("SELECT rule, level, incident_id, message FROM alerts WHERE id IN (SELECT unnest(?))", [new]).fetchall()
    assert rows == [("clock_overdue", "Ⅱ", 5, rows[0][3])] and "确认" in rows[0][3]
    assert engine.evaluate(store, now=now + H) == []


def test_a_backlog_of_overdue_clocks_gives_the_gravest_alerts_and_one_digest(store):
    from workbench.alerts import store as alert_store

    alert_store.update_settings(store, {"clock_digest_over": 2}, "组长")
    for iid, level in enumerate(["Ⅳ", "Ⅲ", "Ⅱ", "Ⅳ", "Ⅲ"], start=1):
        store.execute("INSERT INTO incidents (id, title, level, status, opened_at) VALUES (?, ?, ?, '已定级', ?)",
                      [iid, f"事件{iid}", level, T0])
    now = T0 + H * 30  # every acknowledge clock is overdue, and the graver response clocks
    new = engine.evaluate(store, now=now)
    rows = store.execute("SELECT scope_kind, level, incident_id, evidence FROM alerts WHERE id IN (SELECT unnest(?)) "
                         "AND rule = 'clock_overdue' ORDER BY id", [new]).fetchall()
    single, digest = rows[:-1], rows[-1]
    # incident 3's two clocks (and its being a new Ⅱ incident) are one change of its thread: one alert
    assert [(kind, level, iid) for kind, level, iid, _ev in single] == [("incident", "Ⅰ", 3)]
    assert [t["scope_key"] for t in json.loads(single[0][3])["triggers"]] == ["3:ack", "3:response", "3:Ⅱ"]
    evidence = json.loads(digest[3])
    assert digest[0] == "digest" and digest[1] == "Ⅱ" and digest[2] is None
    assert evidence["numbers"]["count"] == len(evidence["covered_keys"]) == len(evidence["clocks"])
    assert {"3:ack", "3:response"}.isdisjoint(evidence["covered_keys"]) and {"1:ack", "2:ack", "4:ack", "5:ack"} <= set(evidence["covered_keys"])
    levels = [c["escalated_level"] for c in evidence["clocks"]]
    assert levels == sorted(levels, key=["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ"].index)  # gravest first
    assert engine.evaluate(store, now=now + H) == []  # each clock alerted once, alone or in the digest


def test_category_alerts_still_work_when_rule_matches_table_is_absent(store):
    store.execute("DROP TABLE IF EXISTS post_rule_matches")
    spike_hour = T0 + H * (7 * 24)
    steady_baseline(store, T0, 7 * 24, pattern=(1,))
    add_posts(store, spike_hour, 9)
    new = engine.evaluate(store, now=spike_hour + timedelta(minutes=30))
    assert store.execute("SELECT scope_kind FROM alerts WHERE id IN (SELECT unnest(?))", [new]).fetchall() == [("category",)]
