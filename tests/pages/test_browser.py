"""Every page in real headless Chromium (Debian's package) against `streamlit run` on 127.0.0.1."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from test_pages_smoke import PAGES

from conftest import CHROMIUM, free_port  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    """Poll /_stcore/health until the server answers (the server's own readiness signal)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited: {proc.stdout.read()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)  # polling interval of a readiness probe, not a wait for a result
    raise TimeoutError("streamlit did not become healthy")


@pytest.fixture(scope="module")
def server(demo_db_file, tmp_path_factory):
    """`streamlit run` on a copy of the demo store."""
    db_file = tmp_path_factory.mktemp("browser") / "browser.duckdb"
    shutil.copy(demo_db_file, db_file)
    port = free_port()
    env = dict(os.environ, WORKBENCH_DB=str(db_file))
    proc = subprocess.Popen(
        [sys.executable, "-m", "workbench", "serve", "--port", str(port), "--option", "server.fileWatcherType=none"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM, "Debian's chromium is required (make test installs it)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield b
        b.close()


@pytest.mark.parametrize("name", PAGES)
def test_page_opens_in_chromium(name, server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server}/{name}", wait_until="domcontentloaded")
    title = PAGES[name]
    page.get_by_role("heading", name=title).first.wait_for(timeout=90_000)
    # Streamlit's status widget shows while the script runs; the page is done when it is gone.
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=90_000
    )
    assert title in page.title()
    assert page.locator('[data-testid="stException"]').count() == 0
    assert not errors, errors
    page.close()
