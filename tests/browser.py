"""Browser test helpers: the app served on a copy of the demo store, Debian's Chromium, signing in.

Any test may import it (tests/ is on the path): the fixtures (``from browser import browser, server``), and
``login(page, server_url, role)`` (the demo store's accounts analyst / leader / admin).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import CHROMIUM, free_port

ROOT = Path(__file__).resolve().parents[1]
DEMO_PASSWORD = "demo1234"  # the demo accounts' password (README)


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    """Poll /_stcore/health until the server answers (the server's own readiness signal)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode} (its output: {proc.stdout or 'the log file'})")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)  # polling interval of a readiness probe, not a wait for a result
    raise TimeoutError("streamlit did not become healthy")


class Served(str):
    """A served app's URL; ``log`` is the file its server writes to (a failed test shows its end:
    see ``pytest_runtest_makereport`` in tests/conftest.py)."""

    log: Path


@pytest.fixture(scope="module")
def server(demo_db_file, tmp_path_factory):
    """`workbench serve` on a copy of the demo store; yields its URL (a ``Served``)."""
    db_file = tmp_path_factory.mktemp("browser") / "browser.duckdb"
    shutil.copy(demo_db_file, db_file)
    port = free_port()
    env = dict(os.environ, WORKBENCH_DB=str(db_file))
    url = Served(f"http://127.0.0.1:{port}")
    url.log = db_file.with_suffix(".log")
    with open(url.log, "w", encoding="utf-8") as log:  # a file, not a pipe nobody reads (a full pipe blocks the server)
        proc = subprocess.Popen(
            [sys.executable, "-m", "workbench", "serve", "--port", str(port), "--option", "server.fileWatcherType=none"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True,
        )
    try:
        wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium driven by Playwright."""
    assert CHROMIUM, "Debian's chromium is required (make test installs it)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


def launch(playwright):
    """Debian's Chromium, headless, started by ``playwright`` (also for benchmarks/pages.py)."""
    assert CHROMIUM, "Debian's chromium is required (make test installs it)"
    return playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    )


def wait_idle(page, timeout: float = 90_000) -> None:
    """Wait until the script run is over: the app root's ``data-test-script-state`` says so. (Not the
    absence of Streamlit's status widget: it shows only once a run has lasted 500 ms.)"""
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')?.getAttribute('data-test-script-state') === 'notRunning'",
        timeout=timeout)


def login(page, server_url: str, role: str, password: str = DEMO_PASSWORD) -> None:
    """Open the app and sign in as the demo account of ``role`` (analyst / leader / admin).

    A signed-in session lives as long as the browser tab's connection: move between pages with
    ``open_from_nav``, not ``page.goto`` (a reload is a new session, which signs in again).
    """
    page.goto(server_url, wait_until="domcontentloaded")
    page.get_by_label("账号").fill(role)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.get_by_text(f"当前账号：{role}").wait_for(timeout=90_000)
    wait_idle(page)


def nav_titles(page) -> list[str]:
    """The page titles the sidebar navigation offers (the last line of each link: the icon comes first)."""
    return [t.strip().split("\n")[-1].strip() for t in page.get_by_test_id("stSidebarNav").get_by_role("link").all_inner_texts()]


def open_from_nav(page, title: str) -> None:
    """Go to a page through the sidebar navigation and wait until it is drawn.

    The click waits for the current run to end, and is made again if the page has not changed after
    30 s: a click that lands while a rerun is being torn down can be dropped, as a person would see
    and click again."""
    from playwright.sync_api import TimeoutError as Timeout

    for attempt in range(3):
        wait_idle(page)
        page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
        try:
            page.get_by_role("heading", name=title).first.wait_for(timeout=30_000)
            break
        except Timeout:
            if attempt == 2:
                raise
    wait_idle(page)
