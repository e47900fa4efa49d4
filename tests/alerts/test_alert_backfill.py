"""Alerts speak of the present: an incident found in backfilled history raises no alert for its past
(no level alert, no spike of an old hour, no overdue clock later), while a live one found in the same
cycle alerts as usual; a cycle after that with nothing new raises nothing."""
from __future__ import annotations

from datetime import timedelta

from workbench.incidents import cycle
from workbench.incidents.times import local_time

H = timedelta(hours=1)


def _post(con, text, at, employer):
    pid = con.execute(
        "INSERT INTO posts (platform, text, text_masked, published_at, content_hash, reposts, comments, likes, employer)"
        " VALUES ('微博', ?, ?, ?, md5(?), 300, 400, 3000, ?) RETURNING id", [text, text, at, f"{text}{at}", employer]
    ).fetchone()[0]
    con.execute("INSERT INTO analyses (post_id, sentiment, category, risk_level, keywords, risk_terms) "
                "VALUES (?, '负面', '安全健康', 1, ['触电', '身亡', '车间', '家属'], [])", [pid])


def _burst(con, employer, at, n=8):
    for i in range(n):
        _post(con, f"{employer}工人车间触电身亡，家属讨说法（{i}）", at + timedelta(minutes=5 * i), employer)


def _alerted(con, employer):
    return con.execute(
        "SELECT g.rule FROM alert_triggers g JOIN alerts a ON a.id = g.alert_id JOIN incidents i ON i.id = a.incident_id "
        "JOIN incident_posts ip ON ip.incident_id = i.id JOIN posts p ON p.id = ip.post_id "
        "WHERE p.employer = ? GROUP BY g.rule ORDER BY g.rule", [employer]).fetchall()


def test_backfilled_history_raises_nothing_while_a_live_event_alerts(store):
    now = local_time(None).floor("h").to_pydatetime() - 30 * 24 * H  # a fixed past "now": the store's clock
    _burst(store, "某电子厂", now - 10 * 24 * H)   # ten days ago: history, imported today
    _burst(store, "某化工厂", now - 2 * H)         # two hours ago: news
    first = cycle.run(store, now=now)
    assert first["new_incidents"] == 2
    assert _alerted(store, "某电子厂") == []
    assert _alerted(store, "某化工厂")  # its spike (and level) opened its thread

    # a day later both incidents' clocks have run out: only the live one is overdue as news
    later = cycle.run(store, now=now + 25 * H)
    assert ("clock_overdue",) in _alerted(store, "某化工厂")
    assert _alerted(store, "某电子厂") == []
    assert later["alerts"] >= 1

    quiet = cycle.run(store, now=now + 25 * H + timedelta(minutes=15))
    assert quiet["alerts"] == 0
