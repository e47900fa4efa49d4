"""Each incident's latest score (heat, severity, negative share and its hour) is part of its record:
``incidents.latest_…``, kept by ``scoring`` in the transaction that writes the score rows, and always what
arg_max over those rows gives — after a cycle's scoring, a rescore from an hour, the quiet hours carried
on, a merge, a split and a move. The lists and briefings read these columns."""
from datetime import timedelta

from incident_factory import DAY, add_post, now, store_before, three_events  # noqa: F401 (now is a fixture)

from workbench import db, migrate, vocab
from workbench.incidents import clustering, cycle, editing, scoring

LATEST = ["latest_heat", "latest_severity", "latest_negative_share", "latest_scored_at"]

# What the readers computed before the columns existed: arg_max over every score row of the incident.
FROM_SCORE_ROWS = """
SELECT i.id, l.heat, l.severity, l.negative_share, l.scored_at
FROM incidents i
LEFT JOIN (SELECT incident_id, arg_max(heat, "at") AS heat, arg_max(severity, "at") AS severity,
                  arg_max(negative_share, "at") AS negative_share, max("at") AS scored_at
           FROM incident_scores GROUP BY incident_id) l ON l.incident_id = i.id
ORDER BY i.id
"""


def assert_latest_is_the_score_rows(con):
    """Every incident's stored latest score equals arg_max over its score rows (NULL without any)."""
    stored = con.execute(f"SELECT id, {', '.join(LATEST)} FROM incidents ORDER BY id").fetchall()
    assert stored == con.execute(FROM_SCORE_ROWS).fetchall()
    assert stored, "no incident to check"


def _unlabelled_incident(con):
    """An incident of three posts none of which has a sentiment; returns its id."""
    posts = [add_post(con, f"车间通知第{i}条", DAY + timedelta(minutes=i), keywords=["通知"], sentiment=None)
             for i in range(3)]
    iid = con.execute("INSERT INTO incidents (title, opened_at) VALUES ('车间通知', ?) RETURNING id", [DAY]).fetchone()[0]
    con.executemany("INSERT INTO incident_posts (incident_id, post_id) VALUES (?, ?)", [[iid, p] for p in posts])
    return iid


def test_scoring_keeps_the_latest_score_through_refresh_rescore_and_quiet_hours(store, now):
    three_events(store)
    scoring.refresh(store, clustering.cluster(store, now=now)["incident_ids"], now=now)
    assert_latest_is_the_score_rows(store)
    assert {r[0] for r in store.execute("SELECT latest_scored_at FROM incidents").fetchall()} == {now.replace(minute=0)}

    # a new post an hour later: its incident is rescored from that hour on, the others carried on
    add_post(store, "某建筑公司欠薪后续，上千名工人", now + timedelta(hours=1), keywords=["欠薪", "工资", "讨薪"],
             employer="某建筑公司", likes=500, risk_level=2)
    res = clustering.cluster(store, now=now + timedelta(hours=2))
    assert list(res["changed_since"].values()) == [now + timedelta(hours=1)]
    scoring.refresh(store, res["changed_since"], now=now + timedelta(hours=2))
    assert_latest_is_the_score_rows(store)

    # quiet hours: rows carried from each incident's last one (appended, nothing deleted)
    for hours in (3, 4):
        scoring.refresh(store, (), now=now + timedelta(hours=hours, minutes=5))
        assert_latest_is_the_score_rows(store)
    # the current hour only, and the whole history again
    scoring.rescore(store, now=now + timedelta(hours=5), history=False)
    assert_latest_is_the_score_rows(store)
    scoring.rescore(store, now=now + timedelta(hours=5))
    assert_latest_is_the_score_rows(store)
    assert store.execute("SELECT DISTINCT latest_scored_at FROM incidents").fetchall() == [(now.replace(minute=0) + timedelta(hours=5),)]


def test_a_monitor_cycle_keeps_the_latest_score(store, now):
    three_events(store)
    cycle.run(store, now=now)
    assert_latest_is_the_score_rows(store)
    add_post(store, "某电子厂起火后续，三十名员工受伤", now + timedelta(minutes=30), keywords=["火灾", "厂房", "受伤"],
             category="安全健康", employer="某电子厂", likes=40, risk_level=1)
    cycle.run(store, now=now + timedelta(hours=1, minutes=5))
    assert_latest_is_the_score_rows(store)


def test_merge_split_and_move_keep_the_latest_score(store, now):
    events = three_events(store)
    scoring.refresh(store, clustering.cluster(store, now=now)["incident_ids"], now=now)
    wages, fire, layoff = (store.execute("SELECT incident_id FROM incident_posts WHERE post_id = ?", [ids[0]]).fetchone()[0]
                           for ids in events.values())
    later = now + timedelta(hours=2)
    editing.merge(store, [fire], wages, "分析员甲", now=later)
    assert_latest_is_the_score_rows(store)
    # the merged incident keeps its own rows and so its latest score; the target's is the new hour's
    assert store.execute("SELECT latest_scored_at FROM incidents WHERE id = ?", [fire]).fetchone()[0] == now.replace(minute=0)
    assert store.execute("SELECT latest_scored_at FROM incidents WHERE id = ?", [wages]).fetchone()[0] == later.replace(minute=0)
    new_id = editing.split(store, wages, events["fire"][:2], "起火的子话题", "分析员甲", now=later)
    assert_latest_is_the_score_rows(store)
    editing.move_posts(store, events["layoff"][:1], layoff, new_id, "分析员甲", now=later)
    assert_latest_is_the_score_rows(store)


def test_an_incident_without_a_sentiment_has_no_negative_share_until_one_comes(store, now):
    """The share is NULL while no post of the incident has a sentiment (its rows' last one has none, so the
    stored value is recounted from the rows as arg_max reads them), and follows the first labelled post."""
    iid = _unlabelled_incident(store)
    scoring.rescore(store, [iid], now=now)
    assert_latest_is_the_score_rows(store)
    assert store.execute("SELECT latest_negative_share, latest_scored_at FROM incidents").fetchall() == [
        (None, now.replace(minute=0))]
    scoring.rescore(store, [iid], now=now + timedelta(hours=1), history=False)
    assert_latest_is_the_score_rows(store)
    labelled = add_post(store, "车间通知引发不满", now + timedelta(hours=1, minutes=10), keywords=["通知"])
    store.execute("INSERT INTO incident_posts (incident_id, post_id) VALUES (?, ?)", [iid, labelled])
    scoring.refresh(store, {iid: now + timedelta(hours=1)}, now=now + timedelta(hours=1, minutes=20))
    assert_latest_is_the_score_rows(store)
    assert store.execute("SELECT latest_negative_share FROM incidents").fetchall() == [(1.0,)]


def test_an_older_share_stays_the_latest_while_the_last_rows_have_none(store, now):
    """Rows written while the posts had a sentiment keep their share; later rows without one leave it the
    latest share there is (as arg_max reads the rows)."""
    iid = _unlabelled_incident(store)
    scoring.rescore(store, [iid], now=now)
    # (as if the earlier hours had been scored while a post had a sentiment)
    store.execute('UPDATE incident_scores SET negative_share = 0.5 WHERE "at" < ?', [now - timedelta(hours=2)])
    scoring.rescore(store, [iid], now=now + timedelta(hours=1), history=False)
    assert_latest_is_the_score_rows(store)
    assert store.execute("SELECT latest_negative_share FROM incidents").fetchall() == [(0.5,)]


def test_rows_deleted_and_none_written_leave_the_latest_that_remains(store, now):
    """An incident closed before its last scored hour: rescoring the current hour deletes that hour's row
    and writes none after its closing; the latest score is the row before."""
    three_events(store)
    scoring.refresh(store, clustering.cluster(store, now=now)["incident_ids"], now=now)
    iid = store.execute("SELECT min(id) FROM incidents").fetchone()[0]
    store.execute("UPDATE incidents SET status = '已关闭', closed_at = ? WHERE id = ?", [now - timedelta(hours=2), iid])
    scoring.rescore(store, [iid], now=now, history=False)
    assert_latest_is_the_score_rows(store)
    assert store.execute("SELECT latest_scored_at FROM incidents WHERE id = ?", [iid]).fetchone()[0] < now.replace(minute=0)


def test_forgetting_the_scores_clears_the_latest_so_refresh_scores_from_scratch(store, now):
    three_events(store)
    scoring.refresh(store, clustering.cluster(store, now=now)["incident_ids"], now=now)
    scoring.forget(store)
    assert store.execute("SELECT count(*) FROM incident_scores").fetchone()[0] == 0
    assert_latest_is_the_score_rows(store)  # every latest_… NULL
    assert scoring.refresh(store, {}, now=now) == 3  # never scored: each one's whole history
    assert_latest_is_the_score_rows(store)


def test_the_readers_show_the_stored_latest_score(store, now):
    three_events(store)
    scoring.refresh(store, clustering.cluster(store, now=now)["incident_ids"], now=now)
    listed = db.query("incident_list", store, level=None, status=None, category=None)
    expected = store.execute(FROM_SCORE_ROWS).df()
    got = listed.set_index("id")[["heat", "severity", "negative_share", "scored_at"]].sort_index()
    assert got.to_numpy().tolist() == expected.set_index("id").sort_index().to_numpy().tolist()
    targets = db.query("incident_rescore_targets", store, open_statuses=list(vocab.OPEN_STATUSES))
    assert targets["last_scored_at"].tolist() == expected["scored_at"].tolist()
    iid = int(listed["id"].iloc[0])
    assert db.query("incident_score_latest", store, incident_id=iid)["at"].tolist() == [now.replace(minute=0)]


def test_a_past_days_briefing_reads_the_score_as_of_that_day(store, now):
    """An incident scored after the day's end: the briefing shows its last row before that end, not the
    stored latest; one scored within the day shows the stored latest."""
    three_events(store)
    scoring.refresh(store, clustering.cluster(store, now=now)["incident_ids"], now=now)
    start, end = DAY.replace(hour=0), DAY.replace(hour=0) + timedelta(days=1)
    day = db.query("briefing_day_incidents", store, start=start, end=end, limit=20)
    latest = dict(store.execute("SELECT id, latest_heat FROM incidents").fetchall())
    assert dict(zip(day["id"], day["heat"])) == latest
    scoring.rescore(store, now=end + timedelta(days=2))
    day = db.query("briefing_day_incidents", store, start=start, end=end, limit=20)
    as_of = dict(store.execute('SELECT incident_id, arg_max(heat, "at") FROM incident_scores WHERE "at" < ? GROUP BY 1',
                               [end]).fetchall())
    assert dict(zip(day["id"], day["heat"])) == as_of
    assert all(t >= end for (t,) in store.execute("SELECT latest_scored_at FROM incidents").fetchall())


def test_the_migration_fills_the_latest_score_from_the_stored_rows(db_path, tmp_path, monkeypatch):
    con = store_before("1960_incident_latest_score.sql", db_path, tmp_path, monkeypatch)
    for title in ("有评分", "最后一行无负面占比", "未评分"):
        con.execute("INSERT INTO incidents (title, opened_at) VALUES (?, ?)", [title, DAY])
    rows = [(1, DAY, 10.0, 20.0, 0.5), (1, DAY + timedelta(hours=1), 12.5, 21.0, 0.25),
            (2, DAY, 30.0, 40.0, 0.75), (2, DAY + timedelta(hours=1), 31.0, 41.0, None)]
    con.executemany('INSERT INTO incident_scores (incident_id, "at", volume, heat, severity, negative_share) '
                    'VALUES (?, ?, 1, ?, ?, ?)', rows)
    assert "1960_incident_latest_score.sql" in migrate.migrate(con)
    assert_latest_is_the_score_rows(con)
    got = con.execute(f"SELECT id, {', '.join(LATEST)} FROM incidents ORDER BY id").fetchall()
    assert got == [(1, 12.5, 21.0, 0.25, DAY + timedelta(hours=1)),
                   (2, 31.0, 41.0, 0.75, DAY + timedelta(hours=1)),
                   (3, None, None, None, None)]
