"""Scheduled monitoring inside the app: the scheduler on a real DuckDB file and a local feed, and the
采集监测 page that shows it. (The whole app in a real server: ``test_monitor_app``.)"""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from conftest import audit_rows
from monitor_site import site  # noqa: F401  (fixture)
from monitor_site import Route, feed_of, growing_feed
from polling import eventually

from workbench import db
from workbench.monitor.fetch import Fetcher
from workbench.monitor.schedule import read_schedule, save_schedule
from workbench.monitor.scheduler import Busy, MonitorScheduler, scheduler_for
from workbench.monitor.sources import save_source


def fast() -> Fetcher:
    return Fetcher(timeout=5, retries=0, backoff=0.0, min_interval=0.0)


def count(sql: str, params=()) -> int:
    return db.connect().execute(sql, list(params)).fetchone()[0]


@pytest.fixture
def scheduler(store):
    runner = MonitorScheduler(fetcher_factory=fast)
    yield runner
    runner.stop()


def test_the_scheduler_collects_on_its_interval(store, site, scheduler):
    growing_feed(site)
    save_source(store, name="职场速递", kind="rss", url=site.url("/jobs.xml"), internal=True, actor="测试员")
    save_schedule(store, enabled=True, every=timedelta(seconds=1), actor="测试员")
    scheduler.start()
    # Three scheduled cycles: fetch k lists k + 1 items, so each cycle after the first adds one post.
    eventually(lambda: count("SELECT count(*) FROM scrape_cycles WHERE trigger = 'schedule' AND finished_at IS NOT NULL") >= 3,
               what="three scheduled cycles")
    scheduler.stop()
    cycles = db.connect().execute(
        "SELECT started_at, finished_at, posts_inserted FROM scrape_cycles ORDER BY id").fetchall()
    fetched = sum(1 for h in site.hits if h.path == "/jobs.xml")
    assert len(cycles) == fetched and [c[2] for c in cycles[:3]] == [2, 1, 1]
    assert all(later[0] >= earlier[1] for earlier, later in zip(cycles, cycles[1:]))  # never two at once
    # One interval between starts (the row's time is taken a moment after the scheduler's own clock).
    assert all((later[0] - earlier[0]) >= timedelta(seconds=0.8) for earlier, later in zip(cycles, cycles[1:]))
    ids = [r[0] for r in db.connect().execute("SELECT external_id FROM posts ORDER BY id").fetchall()]
    assert ids == [f"job-{n}" for n in range(1, fetched + 2)]  # every item once


def test_one_cycle_at_a_time_and_page_writes_take_turns_with_it(store, site, scheduler):
    release = threading.Event()

    def feed(*titles):
        return Route(200, feed_of(list(titles)), {"Content-Type": "application/rss+xml; charset=utf-8"})

    def slow_feed(handler):
        release.wait(30)  # held until the test has seen the cycle running
        return feed("某公司拖欠工资三个月")

    site.routes["/slow-feed.xml"] = slow_feed
    save_source(store, name="慢订阅", kind="rss", url=site.url("/slow-feed.xml"), internal=True, actor="测试员")
    results = []
    first = threading.Thread(target=lambda: results.append(scheduler.run_now(actor="甲")))
    first.start()
    eventually(lambda: scheduler.status().running_since is not None, what="the first cycle to start")
    with pytest.raises(Busy, match="已有一轮采集正在进行"):
        scheduler.run_now(actor="乙")
    # While the cycle fetches it holds no writer: a page write goes through at once.
    with scheduler.writer:
        save_source(store, name="另一个源", kind="rss", url="https://example.com/rss", active=False, actor="乙")
    release.set()
    first.join(30)
    assert results and results[0].summary()["inserted"] == 1
    assert count("SELECT count(*) FROM scrape_cycles") == 1
    assert audit_rows(store, "scrape_cycles")[0][:2] == ("甲", "scrape")

    # A page write holding the writer: the cycle waits for it, then writes everything.
    site.routes["/slow-feed.xml"] = lambda handler: feed("某公司拖欠工资三个月", "员工讨薪被拒之门外")
    with scheduler.writer:
        second = threading.Thread(target=lambda: results.append(scheduler.run_now(actor="甲")))
        second.start()
        eventually(lambda: scheduler.status().running_since is not None, what="the second cycle to start")
        assert count("SELECT count(*) FROM scrape_cycles") == 1  # its first write waits for this one
    second.join(30)
    assert results[1].summary()["inserted"] == 1 and count("SELECT count(*) FROM posts") == 2


def test_settings_are_audited_and_a_paused_schedule_has_no_next_run(store, scheduler):
    assert read_schedule(store).describe() == "每 15 分钟"
    scheduler.start()
    assert eventually(lambda: scheduler.status().next_run_at, what="a next run") is not None
    save_schedule(store, enabled=False, every="30m", actor="王五")
    scheduler.reschedule()
    status = scheduler.status()
    assert status.next_run_at is None and status.schedule.describe() == "已暂停" and status.alive
    actor, action, entity, _, before, after = audit_rows(store, "monitor_schedule")[0]
    assert (actor, action) == ("王五", "update") and '"interval_seconds": 1800' in after
    with pytest.raises(ValueError, match="15m"):
        save_schedule(store, enabled=True, every="soon", actor="王五")


def test_the_page_shows_the_schedule_its_last_outcome_and_runs_a_cycle_now(store, db_path, site, open_page):
    growing_feed(site)
    save_source(store, name="职场速递", kind="rss", url=site.url("/jobs.xml"), internal=True, actor="测试员")
    runner = scheduler_for(db_path, fetcher_factory=fast)  # the page's scheduler (one per process and file)
    at = open_page("collect", role="admin")
    assert runner.alive  # the page started it
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["状态"] == "每 15 分钟" and metrics["下次采集"] != "已暂停"
    at.button(key="monitor_run_now").click()
    at.run()
    assert not at.exception
    assert any("第 1 轮采集完成：1 个采集源，失败 0 个；获取 2 条，新增 2 条" in s.value for s in at.success)
    assert any("上次采集（第 1 轮，手动" in c.value for c in at.caption)

    # The interval set on the page drives the scheduler: every minute, and the next run follows.
    at.number_input(key="monitor_minutes").set_value(1)
    at.button(key="FormSubmitter:monitor_schedule_form-保存设置").click()
    at.run()
    assert not at.exception
    assert read_schedule(store).interval == timedelta(minutes=1)
    assert {m.label: m.value for m in at.metric}["状态"] == "每 1 分钟"
    # A scheduled cycle (made due now) reaches the page's record of cycles.
    save_schedule(store, enabled=True, every=timedelta(seconds=1), actor="测试员")
    runner.reschedule()
    eventually(lambda: count("SELECT count(*) FROM scrape_cycles WHERE trigger = 'schedule' AND finished_at IS NOT NULL"),
               what="a scheduled cycle")
    at.run()
    assert any("定时" in c.value and "上次采集" in c.value for c in at.caption)
    assert count("SELECT count(*) FROM posts") >= 3
