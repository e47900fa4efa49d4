"""The demo dataset: deterministic, big and varied enough for every page to show something real."""
from __future__ import annotations

from datetime import date

from conftest import DEMO_ANCHOR

from workbench import vocab
from workbench.cli import main
from workbench.demo import DEFAULT_SEED, demo_end
from workbench.demo.generate import generate


def test_same_seed_and_anchor_give_the_same_posts():
    end = demo_end(DEMO_ANCHOR)
    a, b = generate(DEFAULT_SEED, end), generate(DEFAULT_SEED, end)
    assert a.equals(b)
    other = generate(DEFAULT_SEED + 1, end)
    assert not a["text"].equals(other["text"].reindex(a.index))


def test_stored_demo_is_what_the_generator_makes(demo_store):
    expected = generate(DEFAULT_SEED, demo_end(DEMO_ANCHOR))
    stored = demo_store.execute("SELECT external_id, text FROM posts ORDER BY published_at, external_id").df()
    assert sorted(stored["external_id"]) == sorted(expected["external_id"])
    assert set(stored["text"]) == set(expected["text"])


def test_anchor_is_the_last_day_of_data(demo_store):
    first, last = demo_store.execute("SELECT min(published_at), max(published_at) FROM posts").fetchone()
    assert last.date() == date.fromisoformat(DEMO_ANCHOR)
    assert (last - first).days >= 30


def test_volume_and_coverage(demo_store):
    q = lambda sql: demo_store.execute(sql).fetchall()  # noqa: E731
    assert q("SELECT count(*) FROM posts")[0][0] >= 3000
    assert {r[0] for r in q("SELECT DISTINCT platform FROM posts")} == set(vocab.PLATFORMS)
    assert {r[0] for r in q("SELECT DISTINCT media_tier FROM sources")} == {1, 2, 3, 4}
    assert {r[0] for r in q("SELECT DISTINCT category FROM demo_truth")} == set(vocab.CATEGORIES)
    assert {r[0] for r in q("SELECT DISTINCT sentiment FROM demo_truth")} == set(vocab.SENTIMENTS)
    assert {r[0] for r in q("SELECT DISTINCT employer FROM posts")} >= {"星河科技", "云帆物流", "华辰制造"}
    assert q("SELECT count(*) FROM posts WHERE author_followers IS NULL")[0][0] == 0
    # chains: every parent exists on the same platform
    orphans = q("""SELECT count(*) FROM posts c WHERE parent_external_id IS NOT NULL AND NOT EXISTS
                   (SELECT 1 FROM posts p WHERE p.platform = c.platform AND p.external_id = c.parent_external_id)""")
    assert orphans[0][0] == 0
    assert q("SELECT count(*) FROM posts WHERE parent_external_id IS NOT NULL")[0][0] > 300
    # PII shows masked
    assert q("SELECT count(*) FROM posts WHERE text <> text_masked")[0][0] > 50
    assert q("SELECT count(*) FROM posts WHERE regexp_matches(text_masked, '1[3-9][0-9]{9}')")[0][0] == 0
    assert q("SELECT count(*) FROM ingest_batches WHERE kind = 'demo'")[0][0] == 1


def test_engagement_is_heavy_tailed(demo_store):
    views = demo_store.execute("SELECT views FROM posts ORDER BY views DESC").df()["views"]
    top = views.head(len(views) // 100).sum()
    assert top / views.sum() > 0.2  # the top 1 % of posts carry over a fifth of all views
    assert views.median() < views.mean() / 3


def test_incidents_cover_the_process(demo_store):
    q = lambda sql: demo_store.execute(sql).fetchall()  # noqa: E731
    assert q("SELECT count(*) FROM incidents")[0][0] >= 6
    assert {r[0] for r in q("SELECT DISTINCT level FROM incidents")} == set(vocab.LEVELS)
    assert {r[0] for r in q("SELECT DISTINCT status FROM incidents")} >= {"待研判", "处置中", "已复盘"}
    full = q("SELECT id FROM incidents WHERE status = '已复盘'")[0][0]
    assert q(f"SELECT count(*) FROM assignments WHERE incident_id = {full} AND due_at IS NOT NULL")[0][0] >= 2
    assert q(f"SELECT count(*) FROM talking_points WHERE incident_id = {full}")[0][0] >= 3
    assert {r[0] for r in q(f"SELECT DISTINCT status FROM statements WHERE incident_id = {full}")} == set(
        vocab.STATEMENT_STATUSES)
    assert q(f"SELECT count(*) FROM actions WHERE incident_id = {full}")[0][0] >= 3
    assert q(f"SELECT status FROM reviews WHERE incident_id = {full}")[0][0] == "已定稿"
    assert q(f"SELECT count(*) FROM lessons WHERE incident_id = {full}")[0][0] >= 2
    # one sharp spike: the busiest hour of some incident holds a large share of its posts
    spike = q("""WITH hourly AS (
                     SELECT ip.incident_id, date_trunc('hour', p.published_at) AS h, count(*) AS n
                     FROM incident_posts ip JOIN posts p ON p.id = ip.post_id GROUP BY ALL)
                 SELECT max(n * 1.0 / total) FROM (
                     SELECT n, sum(n) OVER (PARTITION BY incident_id) AS total FROM hourly)""")[0][0]
    assert spike > 0.15


def test_demo_command_loads_once(tmp_path, capsys):
    path = str(tmp_path / "cli.duckdb")
    assert main(["--db", path, "demo", "--anchor", DEMO_ANCHOR]) == 0
    assert "已载入演示数据" in capsys.readouterr().out
    assert main(["--db", path, "demo", "--anchor", DEMO_ANCHOR]) == 2
    assert "已载入过演示数据" in capsys.readouterr().err


def test_demo_command_refuses_a_store_with_posts_and_bad_dates(store, db_path, capsys):
    store.execute("INSERT INTO posts (platform, text, text_masked, content_hash) VALUES ('微博', '一条', '一条', 'h')")
    assert main(["--db", str(db_path), "demo"]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["--db", str(db_path), "demo", "--anchor", "2026-13-01"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_default_anchor_is_today_but_never_in_the_future():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Asia/Shanghai")
    assert demo_end(None, now=datetime(2026, 11, 26, 9, 30, tzinfo=tz)) == datetime(2026, 11, 26, 9, 0, tzinfo=tz)
    assert demo_end(None, now=datetime(2026, 11, 26, 23, 10, tzinfo=tz)) == datetime(2026, 11, 26, 22, 0, tzinfo=tz)
    assert demo_end("2026-11-20") == demo_end(date(2026, 11, 20)) == datetime(2026, 11, 20, 22, 0, tzinfo=tz)


def test_real_engine_raised_alerts_some_acknowledged(demo_store):
    q = lambda sql: demo_store.execute(sql).fetchall()  # noqa: E731
    rules = {r[0] for r in q("SELECT DISTINCT rule FROM alerts")}
    assert {"spike", "incident_level"} <= rules
    acked, open_ = q("SELECT count(acknowledged_at), count(*) - count(acknowledged_at) FROM alerts")[0]
    assert acked >= 1 and open_ >= 1
    # the wage spike was caught the night it broke, not only at the end of the data
    assert q("SELECT count(DISTINCT created_at) FROM alerts")[0][0] >= 2
    assert q("SELECT count(*) FROM monitor_rules")[0][0] >= 2


def test_demo_incidents_are_records_of_the_incidents_area(demo_store):
    q = lambda sql: demo_store.execute(sql).fetchall()  # noqa: E731
    # opened when the team detected them, after their first post; every title kept
    assert all(opened > first for opened, first in q("SELECT opened_at, first_post_at FROM incidents"))
    assert q("SELECT count(DISTINCT incident_id) FROM incident_titles")[0][0] == q("SELECT count(*) FROM incidents")[0][0]
    # the team's steps went through incidents.status (audited), not straight into the table
    steps = {r[0] for r in q("SELECT DISTINCT action FROM audit_log WHERE entity = 'incidents'")}
    assert {"acknowledge", "advance_status", "first_response", "resolve"} <= steps
    # one alert thread per incident
    assert q("SELECT count(*) FROM (SELECT incident_id FROM alerts WHERE incident_id IS NOT NULL "
             "GROUP BY incident_id HAVING count(DISTINCT thread_id) > 1)")[0][0] == 0
