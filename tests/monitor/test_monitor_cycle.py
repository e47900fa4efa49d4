"""The monitor cycle and the scrape / monitor commands against the local site and a real store."""
from __future__ import annotations

import json
import threading
from datetime import timedelta

import pandas as pd
import pytest
from conftest import audit_rows
from monitor_site import site  # noqa: F401  (fixture)

from workbench import db
from workbench.cli import main
from workbench.ingest.pipeline import ingest_records
from workbench.monitor import RuleSyntaxError, tag_posts
from workbench.monitor.cycle import parse_duration, run_cycle, run_forever
from workbench.monitor.fetch import Fetcher
from workbench.monitor.rule_store import save_rule
from workbench.monitor.sources import save_source


def fast() -> Fetcher:
    return Fetcher(timeout=0.5, retries=1, backoff=0.0, min_interval=0.0)


def add_source(con, name, url, kind="rss", internal=True, **kw) -> int:
    return save_source(con, name=name, kind=kind, url=url, internal=internal, actor="测试员", **kw)


def source_row(con, source_id) -> dict:
    res = con.execute("SELECT * FROM sources WHERE id = ?", [source_id])
    return dict(zip([d[0] for d in res.description], res.fetchone()))


def count(con, sql, params=()) -> int:
    return con.execute(sql, list(params)).fetchone()[0]


def test_monitor_once_ingests_kept_items_analyses_them_and_records_health(store, db_path, site, capsys):
    feed = add_source(store, "职场新闻 RSS", site.url("/feed.xml"), media_tier=2)
    page = add_source(store, "骑手调查", site.url("/article.html"), kind="web")
    rule = save_rule(store, name="加班裁员", expression="加班 OR 裁员", scope="scrape", actor="测试员")
    db.close_all()

    assert main(["--db", str(db_path), "monitor", "--once", "--host-interval", "0"]) == 0
    printed = capsys.readouterr().out
    assert "获取 4 条，按规则保留 3 条，新增 3 条" in printed

    con = db.connect(db_path)
    posts = con.execute("SELECT source_id, external_id, platform, text_masked FROM posts ORDER BY id").df()
    assert posts["external_id"].tolist() == ["news-1", "news-2", site.url("/article.html")]  # the marathon is dropped
    assert posts["source_id"].tolist() == [feed, feed, page] and set(posts["platform"]) == {"新闻网站"}
    health = source_row(con, feed)
    assert (health["items_fetched"], health["items_kept"], health["consecutive_failures"]) == (3, 2, 0)
    assert health["last_success_at"] is not None and health["last_error"] is None
    assert health["etag"] == '"feed-v1"'
    assert count(con, "SELECT count(*) FROM post_rule_matches WHERE rule_id = ?", [rule]) == 3
    assert count(con, "SELECT count(*) FROM analyses") == 3  # new posts were analysed in the cycle
    cycle = con.execute("SELECT sources_total, sources_failed, posts_inserted, posts_analyzed, errors FROM scrape_cycles").fetchall()
    assert cycle == [(2, 0, 3, 3, None)]
    runs = con.execute("SELECT source_id, status, items_fetched, items_kept, inserted FROM scrape_runs ORDER BY id").fetchall()
    assert runs == [(feed, "ok", 3, 2, 2), (page, "ok", 1, 1, 1)]
    db.close_all()

    # the next cycle: the feed answers 304 to its ETag, the page is a duplicate; nothing new
    assert main(["--db", str(db_path), "monitor", "--once", "--host-interval", "0", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["inserted"] == 0 and [r["status"] for r in summary["runs"]] == ["not_modified", "ok"]
    assert summary["runs"][1]["duplicates"] == 1
    con = db.connect(db_path)
    assert count(con, "SELECT count(*) FROM posts") == 3
    assert site.hits[-2].headers.get("if-none-match") == '"feed-v1"'


def test_one_failing_source_never_stops_the_others(store, site):
    failing = {
        "服务器错误": add_source(store, "服务器错误", site.url("/error")),
        "坏订阅": add_source(store, "坏订阅", site.url("/broken.xml")),
        "慢响应": add_source(store, "慢响应", site.url("/slow")),
        "未标内部": add_source(store, "未标内部", site.url("/feed.xml", host="127.0.0.1"), internal=False),
        "无正文": add_source(store, "无正文", site.url("/robots.txt"), kind="web"),
    }
    good = add_source(store, "好订阅", site.url("/feed.xml"))
    with fast() as f:
        result = run_cycle(store, fetcher=f, analyze=False, incidents=False)
    by_name = {o.name: o for o in result.outcomes}
    assert by_name["好订阅"].status == "ok" and by_name["好订阅"].inserted == 3  # no rules: keep all
    assert {n for n, o in by_name.items() if o.status == "failed"} == set(failing)
    assert "HTTP 500" in by_name["服务器错误"].error and "已重试 1 次" in by_name["服务器错误"].error
    assert "RSS / Atom" in by_name["坏订阅"].error
    assert "超时" in by_name["慢响应"].error
    assert "拒绝访问" in by_name["未标内部"].error
    assert "没有提取到正文" in by_name["无正文"].error
    for name, sid in failing.items():
        row = source_row(store, sid)
        assert row["last_error"] == by_name[name].error and row["consecutive_failures"] == 1
        assert row["last_success_at"] is None
    assert source_row(store, good)["last_error"] is None
    assert count(store, "SELECT count(*) FROM scrape_runs WHERE status = 'failed'") == 5
    assert store.execute("SELECT sources_ok, sources_failed FROM scrape_cycles").fetchall() == [(1, 5)]


def test_scrape_url_once_and_its_errors(store, db_path, site, capsys):
    db.close_all()
    args = ["--db", str(db_path), "scrape", "--url", site.url("/feed.xml"), "--internal", "--host-interval", "0", "--json"]
    assert main(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["inserted"] == 3 and out["runs"][0]["source_id"] is None
    con = db.connect(db_path)
    assert con.execute("SELECT source_id, status, inserted FROM scrape_runs").fetchall() == [(None, "ok", 3)]
    db.close_all()
    # without --internal a loopback address is refused: a one-line error, exit 2
    assert main(["--db", str(db_path), "scrape", "--url", site.url("/article.html")]) == 2
    err = capsys.readouterr().err.strip()
    assert "拒绝访问" in err and "\n" not in err
    assert main(["--db", str(db_path), "scrape", "--source", "99"]) == 2
    assert "99" in capsys.readouterr().err
    assert main(["--db", str(db_path), "monitor", "--every", "soon"]) == 2
    assert "15m" in capsys.readouterr().err


def test_list_page_source_follows_links_and_skips_stored_articles(store, site):
    sid = add_source(store, "新闻列表", site.url("/list.html"), kind="web", follow_links=5)
    with fast() as f:
        first = run_cycle(store, fetcher=f, analyze=False, incidents=False).outcomes[0]
        site.hits.clear()
        second = run_cycle(store, fetcher=f, analyze=False, incidents=False).outcomes[0]
    assert (first.status, first.items_fetched, first.inserted) == ("ok", 2, 2)
    assert len(first.warnings) == 1 and "404" in first.warnings[0]
    assert second.inserted == 0 and "/news/1.html" not in site.paths()  # stored articles are not fetched again
    warnings = store.execute("SELECT warnings FROM scrape_runs WHERE source_id = ? ORDER BY id LIMIT 1", [sid]).fetchone()[0]
    assert "404" in warnings


def test_run_forever_repeats_until_stopped(store, site):
    add_source(store, "好订阅", site.url("/feed.xml"))
    stop = threading.Event()
    seen = []

    def on_cycle(result):
        seen.append(result.cycle_id)
        if len(seen) == 2:
            stop.set()

    with fast() as f:
        cycles = run_forever(store, timedelta(milliseconds=10), on_cycle=on_cycle, stop=stop,
                             fetcher=f, analyze=False, incidents=False)
    assert cycles == 2 and count(store, "SELECT count(*) FROM scrape_cycles WHERE finished_at IS NOT NULL") == 2


@pytest.mark.parametrize("text, seconds", [("30s", 30), ("15m", 900), ("1h", 3600), ("1d", 86400), ("2小时", 7200)])
def test_parse_duration(text, seconds):
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "15", "0m", "-1h", "1w", "m15"])
def test_parse_duration_rejects(text):
    with pytest.raises(ValueError, match="30s、15m"):
        parse_duration(text)


def test_rules_tag_uploaded_posts_by_scope_and_retag_on_edit(store):
    frame = pd.DataFrame({
        "platform": "微博", "external_id": ["1", "2", "3"],
        "text": ["公司拖欠工资三个月", "今天又加班到深夜", "周末去爬山"],
    })
    ids = ingest_records(store, frame, kind="upload", origin="t.csv", actor="测试员").inserted_ids
    wages = save_rule(store, name="欠薪", expression='欠薪 OR "拖欠工资"', actor="测试员")
    scrape_only = save_rule(store, name="仅采集", expression="加班", scope="scrape", actor="测试员")
    # saving a rule tagged the posts already stored
    assert store.execute("SELECT post_id, rule_id, matched_terms FROM post_rule_matches").fetchall() == [
        (ids[0], wages, ["拖欠工资"]), (ids[1], scrape_only, ["加班"])]
    store.execute("DELETE FROM post_rule_matches")
    assert tag_posts(store, ids, scope="upload") == 1  # the scrape-only rule does not tag uploads
    assert tag_posts(store, ids, scope="upload") == 1  # repeating is harmless
    assert count(store, "SELECT count(*) FROM post_rule_matches") == 1

    save_rule(store, rule_id=wages, name="欠薪", expression="爬山", actor="王五")
    assert store.execute("SELECT post_id FROM post_rule_matches WHERE rule_id = ?", [wages]).fetchall() == [(ids[2],)]
    actor, action, entity, entity_id, before, after = audit_rows(store, "monitor_rules")[0]
    assert (actor, action, entity_id) == ("王五", "update", str(wages))
    assert json.loads(before)["expression"] == '欠薪 OR "拖欠工资"' and json.loads(after)["expression"] == "爬山"


def test_bad_rule_or_source_is_refused_and_nothing_is_written(store):
    with pytest.raises(RuleSyntaxError, match="第 4 个字符处"):
        save_rule(store, name="坏规则", expression="加班 AND", actor="测试员")
    with pytest.raises(ValueError, match="同名"):
        save_rule(store, name="甲", expression="a", actor="测试员")
        save_rule(store, name="甲", expression="b", actor="测试员")
    with pytest.raises(ValueError, match="http"):
        save_source(store, name="坏源", kind="rss", url="file:///etc/passwd", actor="测试员")
    with pytest.raises(ValueError, match="媒体级别"):
        save_source(store, name="坏源", kind="rss", url="http://example.com/feed", media_tier=7, actor="测试员")
    assert count(store, "SELECT count(*) FROM monitor_rules") == 1
    assert count(store, "SELECT count(*) FROM sources") == 0
    assert len(audit_rows(store, "monitor_rules")) == 1 and audit_rows(store, "sources") == []


def test_monitor_every_stops_cleanly_on_ctrl_c(db_path):
    import signal
    import subprocess
    import sys

    # Started as a person starts it, from a terminal, where Ctrl-C is not ignored. A shell starts its
    # background jobs with SIGINT ignored and Python keeps an inherited SIG_IGN, so a suite run with
    # `… &` would hand the monitor a deaf ear; a Python handler in this process is reset to the
    # default in the child instead.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "workbench", "--db", str(db_path), "monitor", "--every", "1h"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
    finally:
        signal.signal(signal.SIGINT, previous)
    try:
        assert proc.stdout.readline().startswith("开始监测：每 1h 一轮")
        assert "第 1 轮" in proc.stdout.readline()  # the first cycle ran; now it waits for the hour
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)  # only bounds a hang: it stops within seconds
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert "已停止监测（完成 1 轮）" in out and "Traceback" not in err
