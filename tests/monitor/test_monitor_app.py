"""The app really running: `streamlit run` on 127.0.0.1 with a page open in headless Chromium.

Its scheduler collects from a local feed at the interval set for it, the outcome reaches the page,
and `workbench monitor --once` against the same database file says in one line that the app holds
it (exit status 2). Waits poll with a deadline; nothing sleeps for a fixed time.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from monitor_site import site  # noqa: F401  (fixture)
from monitor_site import growing_feed
from polling import eventually

from browser import DEMO_PASSWORD, login, open_from_nav

from workbench import accounts, db
from workbench.monitor.schedule import save_schedule
from workbench.monitor.sources import save_source

from conftest import CHROMIUM, free_port  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def healthy(url: str, proc: subprocess.Popen) -> bool:
    if proc.poll() is not None:
        raise RuntimeError(f"streamlit exited: {proc.stdout.read()}")
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def fetches(site) -> int:
    return sum(1 for h in site.hits if h.path == "/jobs.xml")


def test_the_running_app_collects_on_schedule_and_the_command_steps_aside(tmp_path, site):
    assert CHROMIUM, "Debian's chromium is required (make test installs it)"
    from playwright.sync_api import sync_playwright

    db_file = tmp_path / "app.duckdb"
    con = db.connect(db_file)
    growing_feed(site)
    save_source(con, name="职场速递", kind="rss", url=site.url("/jobs.xml"), internal=True, actor="测试员")
    save_schedule(con, enabled=True, every=timedelta(seconds=2), actor="测试员")
    accounts.add(con, "admin", "admin", DEMO_PASSWORD, "测试员")
    db.close_all()

    url = f"http://127.0.0.1:{free_port()}"
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"), "--server.address", "127.0.0.1",
         "--server.port", url.rsplit(":", 1)[1], "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, env=dict(os.environ, WORKBENCH_DB=str(db_file)), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        eventually(lambda: healthy(url, server), timeout=90, every=0.2, what="the server's health check")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            login(page, url, "admin")  # the first page view (the login) starts the scheduler
            open_from_nav(page, "采集监测")

            eventually(lambda: fetches(site) >= 2, timeout=90, what="two scheduled fetches of the feed")
            cli = subprocess.run([sys.executable, "-m", "workbench", "--db", str(db_file), "monitor", "--once"],
                                 cwd=ROOT, capture_output=True, text=True, timeout=120)
            assert cli.returncode == 2 and cli.stdout == ""
            assert cli.stderr.count("\n") == 1 and "正被运行中的工作台应用" in cli.stderr, cli.stderr

            login(page, url, "admin")  # the page loaded again: a new session, signed in again
            open_from_nav(page, "采集监测")
            page.get_by_role("tab", name="采集源").click()
            page.get_by_text(re.compile(r"上次采集（第 \d+ 轮，定时")).first.wait_for(timeout=90_000)
            assert page.locator('[data-testid="stException"]').count() == 0
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=60)

    con = db.connect(db_file)
    try:
        ids = [r[0] for r in con.execute("SELECT external_id FROM posts ORDER BY id").fetchall()]
        scheduled = con.execute("SELECT count(*) FROM scrape_cycles WHERE trigger = 'schedule'").fetchone()[0]
    finally:
        db.close_all()
    assert scheduled >= 2 and len(ids) >= 3
    assert ids == [f"job-{n}" for n in range(1, len(ids) + 1)]  # each new item of each fetch, once


def test_a_file_held_by_another_process_is_one_line_for_each_command(tmp_path):
    db_file = tmp_path / "held.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys; con = duckdb.connect(sys.argv[1]); print('held', flush=True); "
                               "sys.stdin.read()", str(db_file)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        for command in (["monitor", "--once"], ["scrape"], ["ingest", str(tmp_path / "any.csv")]):
            cli = subprocess.run([sys.executable, "-m", "workbench", "--db", str(db_file), *command], cwd=ROOT,
                                 capture_output=True, text=True, timeout=120)
            assert cli.returncode == 2 and cli.stderr.count("\n") == 1, cli.stderr
            assert f"正被另一个进程（进程 {holder.pid}）使用" in cli.stderr and "--db" in cli.stderr
    finally:
        holder.communicate("", timeout=30)


@pytest.fixture(autouse=True)
def _no_cached_app_state():
    """This test talks to another process; nothing of this process's app state may linger."""
    yield
    db.close_all()
