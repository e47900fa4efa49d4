"""Small builders for alert tests: analysed posts at chosen hours, inserted in one go, and a real
local HTTP server that records what the channels receive."""
from __future__ import annotations

import json
import threading
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest

from workbench.alerts.timeutil import TZ

T0 = datetime(2026, 11, 1, 0, 0, tzinfo=TZ)


def _insert(con, hours_counts, *, category="工时加班", sentiment="中性", text="加班太多了") -> list[int]:
    """Insert analysed posts: ``hours_counts`` is [(hour, n), …]; returns the new post ids."""
    start = con.execute("SELECT coalesce(max(id), 0) + 1 FROM posts").fetchone()[0]
    rows = []
    for hour, n in hours_counts:
        for j in range(n):
            pid = start + len(rows)
            rows.append({"id": pid, "published_at": hour + timedelta(minutes=j % 25), "likes": j})
    if not rows:
        return []
    df = pd.DataFrame(rows)
    df["text"] = text
    df["hash"] = "h" + df["id"].astype(str)
    df["url"] = "https://weibo.example/" + df["id"].astype(str)
    df["sentiment"], df["category"] = sentiment, category
    cur = con.cursor()
    cur.register("new_posts", df)
    cur.execute(
        "INSERT INTO posts (id, platform, text, text_masked, published_at, content_hash, url, likes) "
        "SELECT id, '微博', text, text, published_at, hash, url, likes FROM new_posts"
    )
    cur.execute("INSERT INTO analyses (post_id, sentiment, category, risk_level) SELECT id, sentiment, category, 3 FROM new_posts")
    cur.unregister("new_posts")
    return [int(i) for i in df["id"]]


def add_posts(con, hour: datetime, n: int, **kw) -> list[int]:
    """``n`` analysed posts spread over the first minutes of ``hour``."""
    return _insert(con, [(hour, n)], **kw)


def steady_baseline(con, start: datetime, hours: int, pattern=(1, 2, 3, 2), **kw) -> list[int]:
    """A quiet, repeating hourly volume before the hour under test."""
    return _insert(con, [(start + timedelta(hours=h), pattern[h % len(pattern)]) for h in range(hours)], **kw)


REPLIES = {
    "/wecom": (200, {"errcode": 0, "errmsg": "ok"}),
    "/ding": (200, {"errcode": 0, "errmsg": "ok"}),
    "/feishu": (200, {"code": 0, "msg": "success", "data": {}}),
    "/hook": (200, {"ok": True}),
    "/broken": (200, {"ok": True}),  # when healed
    "/refuse": (200, {"errcode": 310000, "errmsg": "sign not match"}),
}


class Recorder(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.calls: list[dict] = []
        self.broken: set[str] = {"/broken"}

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server API)
        parts = urlsplit(self.path)
        raw = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.calls.append({
            "path": parts.path, "query": {k: v[0] for k, v in parse_qs(parts.query).items()},
            "headers": dict(self.headers), "raw": raw, "body": json.loads(raw),
        })
        status, reply = (500, {"error": "boom"}) if parts.path in self.server.broken else REPLIES[parts.path]
        data = json.dumps(reply).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def http_server():
    server = Recorder()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
