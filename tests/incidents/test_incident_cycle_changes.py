"""A monitor cycle does work in proportion to what changed: nothing new → nothing rescored, nothing
raised; a new post in one incident → that incident rescored, the others untouched; the overdue
clocks come from one query that agrees with each incident's own clocks."""
from datetime import timedelta

import pytest
from incident_factory import DAY, add_post, now, three_events  # noqa: F401 (now is a fixture)

from workbench.incidents import clocks, cycle, record

# each row with the numbers its explanation is built from
SCORES = 'SELECT incident_id, "at", heat, severity, level, COLUMNS(\'^x_\') FROM incident_scores ORDER BY 1, 2'


def _burst(con, at, n=8):
    """A grave event: n posts in one hour about a death at work (a spike, and a grave level)."""
    return [add_post(con, f"某电子厂工人车间触电身亡，家属讨说法（{i}）", at + timedelta(minutes=5 * i),
                     keywords=["触电", "身亡", "车间", "家属"], category="安全健康", risk_level=1,
                     employer="某电子厂", reposts=300, comments=400, likes=3000) for i in range(n)]


def test_a_quiet_cycle_rescores_nothing_and_raises_nothing(store, now):
    three_events(store)
    _burst(store, now - timedelta(minutes=50))
    first = cycle.run(store, now=now)
    assert first["scored"] == 4 and first["alerts"] >= 1  # the burst alerted in the first cycle
    scores, alerts = store.execute(SCORES).fetchall(), store.execute("SELECT count(*) FROM alerts").fetchone()[0]

    quiet = cycle.run(store, now=now + timedelta(minutes=15))
    assert quiet["posts_seen"] == 0 and quiet["scored"] == 0 and quiet["alerts"] == 0
    assert store.execute(SCORES).fetchall() == scores
    assert store.execute("SELECT count(*) FROM alerts").fetchone()[0] == alerts


def test_a_new_post_rescores_only_its_incident(store, now):
    events = three_events(store)
    cycle.run(store, now=now)
    wages = store.execute("SELECT incident_id FROM incident_posts WHERE post_id = ?", [events["wages"][0]]).fetchone()[0]
    before = store.execute(SCORES).fetchall()

    add_post(store, "某建筑公司欠薪后续，上千名工人", now + timedelta(minutes=5), keywords=["欠薪", "工资", "讨薪"],
             employer="某建筑公司", likes=500, risk_level=2)
    res = cycle.run(store, now=now + timedelta(minutes=10))
    assert res["joined"] == 1 and res["scored"] == 1
    after = store.execute(SCORES).fetchall()
    assert [r for r in after if r[0] != wages] == [r for r in before if r[0] != wages]
    grown = [r for r in after if r[0] == wages]
    assert grown != [r for r in before if r[0] == wages]
    assert record.get(store, wages).posts == 6


def test_overdue_query_follows_the_configured_clocks_from_detection(store):
    clocks.save_config(store, {"ack": {"Ⅲ": 90, "Ⅳ": 300}, "response": {"Ⅲ": 200}}, "管理员")
    detected = DAY + timedelta(days=3)
    rows = [  # level, acknowledged, a person's level decision
        ("Ⅲ", None, None), ("Ⅳ", None, None), ("Ⅱ", None, None),
        ("Ⅲ", detected + timedelta(minutes=30), None), ("Ⅲ", None, detected + timedelta(hours=2)),
    ]
    for level, acked, level_set in rows:
        iid = store.execute("INSERT INTO incidents (title, level, status, opened_at, acknowledged_at, level_set_at) "
                            "VALUES ('某公司欠薪', ?, '待研判', ?, ?, ?) RETURNING id", [level, detected, acked, level_set]).fetchone()[0]
        # its posts were published days before the workbench found them: the clocks ignore that
        store.execute("INSERT INTO incident_posts (incident_id, post_id) VALUES (?, ?)",
                      [iid, add_post(store, "某公司欠薪", DAY)])
    cfg = clocks.load_config(store)
    for minutes in (60, 95, 210, 310, 600):
        at = detected + timedelta(minutes=minutes)
        got = clocks.overdue_incidents(store, at)
        expected = []
        for iid in sorted(store.execute("SELECT id FROM incidents").fetchall()):
            c = clocks.clocks(record.get(store, iid[0]), at, cfg)
            expected += [(iid[0], key, c[key]["due_at"], c["effective_level"]) for key in clocks.CLOCKS if c[key]["overdue"]]
        assert [(int(r.incident_id), r.clock, r.due_at, r.escalated_level) for r in got.itertuples()] == expected
        for r in got.itertuples():
            assert r.overdue_minutes == pytest.approx((at - r.due_at).total_seconds() / 60, abs=0.1)
    # at 95 minutes only the Ⅲ incident nobody acknowledged is late, 90 minutes after detection
    late = clocks.overdue_incidents(store, detected + timedelta(minutes=95))
    assert list(zip(late["incident_id"], late["clock"])) == [(1, "ack")]
    assert late["due_at"].iloc[0] == detected + timedelta(minutes=90)
