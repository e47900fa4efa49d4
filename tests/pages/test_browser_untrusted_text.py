"""Post text is untrusted: in real Chromium, posts full of Markdown, HTML and Streamlit directives
(images and links to a local web server, ``:red[…]``, ``$…$``) are shown as the plain text they
are. No request reaches that server and nothing from them becomes an image, a link, a formula or
a colour; st.dataframe's own CSV download (unmasked, formula-live) is not offered."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import pytest
from browser import browser, login, wait_healthy  # noqa: F401  (fixture)

from conftest import TEST_PASSWORD, free_port  # noqa: E402
from workbench import accounts, db
from workbench.alerts.store import NewAlert, insert_alert
from workbench.incidents.opening import open_incidents
from workbench.ingest.pipeline import ingest_file
from workbench.nlp.store import analyze_posts

ROOT = Path(__file__).resolve().parents[2]


class _Bait(ThreadingHTTPServer):
    """A local web server the posts point at; it records every request it gets."""

    def __init__(self):
        self.hits: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                outer.hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)

    def __enter__(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        super().__exit__(*exc)


@pytest.fixture(scope="module")
def bait():
    with _Bait() as server:
        yield server


def _posts(host: str) -> dict[str, str]:
    return {
        "title": f"![t](http://{host}/title.png) :red[红色标题] <b>粗标题</b>",
        "author": f"[作者链接](http://{host}/author) $x^2$",
        "text": (f"公司拖欠工资三个月 ![b](http://{host}/text.png) <img src=\"http://{host}/html.png\"> "
                 f"[点这里](http://{host}/link) :red[红色正文] $E=mc^2$ **粗体** http://{host}/bare"),
    }


@pytest.fixture(scope="module")
def server(bait, tmp_path_factory):
    """`workbench serve` on a store holding hostile posts, an incident named after one and its alert."""
    host = f"127.0.0.1:{bait.server_port}"
    post = _posts(host)
    folder = tmp_path_factory.mktemp("untrusted")
    db_file = folder / "untrusted.duckdb"
    csv = folder / "posts.csv"
    pd.DataFrame([{"id": str(i), "标题": post["title"], "作者": post["author"], "正文": f"{post['text']}（第{i}条）",
                   "链接": "https://weibo.example/1", "发布时间": f"2026-11-20 0{i}:00"} for i in range(1, 4)]
                 ).to_csv(csv, index=False)
    con = db.connect(db_file)
    ids = ingest_file(con, csv, platform="微博").inserted_ids
    analyze_posts(con, ids)
    accounts.add(con, "analyst", "analyst", TEST_PASSWORD, "测试夹具")
    at = datetime.fromisoformat("2026-11-20T10:00:00+08:00")
    with db.transaction(con) as cur:
        (iid,) = open_incidents(cur, pd.DataFrame({"key": [1], "title": [post["title"]], "category": ["薪酬福利"]}),
                                pd.DataFrame({"key": [1] * len(ids), "post_id": ids}), opened_at=at)
        insert_alert(cur, NewAlert(rule="spike", scope_kind="incident", scope_key=str(iid), scope_label=post["title"],
                                   level="Ⅲ", message=f"事件「{post['title']}」突增：{post['text']}",
                                   evidence={"explanation": post["text"]}, bucket_at=at, incident_id=iid), at)
    db.close_all()
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "workbench", "serve", "--port", str(port), "--option", "server.fileWatcherType=none"],
        cwd=ROOT, env=dict(os.environ, WORKBENCH_DB=str(db_file)), stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        yield url, host
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


def _settled(page) -> None:
    """The script run is over (Streamlit's status widget is gone)."""
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=90_000)


def _open(browser, url: str, title: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    login(page, url, "analyst", password=TEST_PASSWORD)  # a deep link leads to its page once signed in
    page.get_by_role("heading", name=title).first.wait_for(timeout=90_000)
    _settled(page)
    return page


def _nothing_rendered(page, host: str) -> None:
    assert page.locator(f'img[src*="{host}"]').count() == 0
    assert page.locator(f'a[href*="{host}"]').count() == 0
    assert page.locator(".katex, math").count() == 0
    assert page.locator('[data-testid="stException"]').count() == 0


def test_alert_thread_and_briefing_preview_show_post_markup_as_text(server, browser, bait):
    url, host = server
    bait.hits.clear()
    page = _open(browser, f"{url}/alerts", "预警汇报")
    page.get_by_text(":red[红色正文]").first.wait_for(timeout=30_000)  # the message, literally
    assert page.get_by_text("$E=mc^2$").count() >= 1
    _nothing_rendered(page, host)

    page.get_by_role("tab", name="日报与专报").click()
    page.get_by_text("舆情专报").first.click()
    _settled(page)
    page.get_by_role("button", name="生成报告").click()
    page.get_by_text("预览（Markdown 原文）").first.wait_for(timeout=60_000)
    page.get_by_text("预览（Markdown 原文）").first.click()
    preview = page.locator('[data-testid="stExpander"]').filter(has_text="舆情专报").last
    preview.get_by_text("红色标题").first.wait_for(timeout=30_000)  # the report's source, shown as code
    _nothing_rendered(page, host)
    page.close()
    assert bait.hits == []


@pytest.mark.parametrize("name,title", [("overview", "态势总览"), ("labels", "分类复核"), ("assess", "影响评估"),
                                        ("analysis", "分析研判")])
def test_pages_with_hostile_posts_render_nothing_from_them(name, title, server, browser, bait):
    url, host = server
    bait.hits.clear()
    page = _open(browser, f"{url}/{name}", title)
    _nothing_rendered(page, host)
    if name == "labels":  # the judged post's caption names its author, literally
        page.get_by_text("[作者链接](").first.wait_for(timeout=30_000)
    page.close()
    assert bait.hits == []


def test_uploaded_file_name_is_shown_as_written(server, browser, bait, tmp_path):
    url, host = server
    bait.hits.clear()
    page = _open(browser, f"{url}/collect", "采集监测")
    name = f":red[文件]$x$![f](http://{host}/file.png).csv"
    page.locator('input[type="file"]').first.set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": "id,正文\n1,公司拖欠工资\n".encode("utf-8")})
    page.get_by_text(":red[文件]").first.wait_for(timeout=60_000)
    _nothing_rendered(page, host)
    page.close()
    assert bait.hits == []


def test_tables_offer_the_masked_csv_export_not_the_toolbar_download(server, browser):
    url, _ = server
    page = _open(browser, f"{url}/assess", "影响评估")
    # (count() does not wait: first the main posts table and the masked export under it must be drawn)
    page.get_by_role("button", name="下载 CSV（已脱敏）").first.wait_for(timeout=30_000)
    table = page.locator('[data-testid="stDataFrame"]').last
    table.hover()
    page.locator('[data-testid="stElementToolbar"]').last.wait_for(timeout=30_000)
    assert page.get_by_role("button", name="Download as CSV").count() == 0
    page.close()
