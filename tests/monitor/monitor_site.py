"""A real local web site for the scraping tests: http.server on 127.0.0.1 in a thread.

Routes are plain data (status, headers, body) or callables; every request is logged with its
path and headers, so a test can prove that a refused URL was never requested at all.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

import pytest

ROBOTS = "User-agent: *\nDisallow: /private/\n"

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>职场新闻</title><link>http://news.test/</link><description>测试</description>
<item><title>某科技公司被曝强制加班</title><link>http://news.test/a/1</link><guid>news-1</guid>
<description>&lt;p&gt;员工反映公司长期&lt;b&gt;强制加班&lt;/b&gt;，加班费未足额发放。&lt;/p&gt;</description>
<pubDate>Wed, 18 Nov 2026 02:00:00 GMT</pubDate><author>记者甲</author></item>
<item><title>某工厂宣布裁员三成</title><link>http://news.test/a/2</link><guid>news-2</guid>
<description>工厂以订单下滑为由裁员，补偿方案引发争议。</description>
<pubDate>Wed, 18 Nov 2026 03:00:00 GMT</pubDate></item>
<item><title>城市马拉松周末开跑</title><link>http://news.test/a/3</link><guid>news-3</guid>
<description>本周末城市马拉松开跑，多条道路临时管制。</description>
<pubDate>Wed, 18 Nov 2026 04:00:00 GMT</pubDate></item>
</channel></rss>"""

ARTICLE = """<!doctype html><html><head><meta charset="utf-8"><title>外卖骑手猝死事件调查</title>
<meta property="article:published_time" content="2026-11-18T10:30:00+08:00">
<meta name="author" content="调查记者"></head><body>
<nav><a href="/">首页</a> <a href="/news/">新闻</a></nav>
<article><h1>外卖骑手猝死事件调查</h1>
<p>据家属介绍，这名外卖骑手连续工作十四个小时后在送餐途中倒地，送医后不治身亡。</p>
<p>多名骑手表示，平台算法不断压缩配送时间，超时罚款让他们不敢休息，强制加班已成常态。</p>
<p>平台方面回应称已成立专项小组调查此事，并将对家属给予人道主义补偿。</p>
</article><footer>版权所有 © 测试新闻网</footer></body></html>"""

LIST_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>新闻列表</title></head><body>
<ul>
<li><a href="/news/1.html">第一篇：某公司拖欠工资</a></li>
<li><a href="/news/2.html#comments">第二篇：员工讨薪被打</a></li>
<li><a href="/news/1.html">第一篇（重复链接）</a></li>
<li><a href="/news/3.html">第三篇：不存在</a></li>
<li><a href="http://elsewhere.test/news/9.html">外站链接</a></li>
<li><a href="/img/logo.png">图片</a></li>
<li><a href="mailto:editor@news.test">投稿</a></li>
</ul></body></html>"""


def article(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body><article><h1>{title}</h1>{body}</article></body></html>")


GBK_TEXT = ("职工张喆反映，公司长期拖欠加班费，堃字车间的工人每天工作十二小时，"
            "多次向劳动监察部门投诉仍未解决。工会表示将介入调查，督促企业依法支付工资。")


JOB_NEWS = ["某快递公司被曝克扣派件费", "外卖骑手集体讨要被拖欠的补贴", "某电子厂暑假工反映工资被压",
            "互联网公司被指变相裁员", "工地工人高温作业无防护", "某超市员工被要求无偿加班盘点"]


def feed_of(titles: list[str]) -> bytes:
    """An RSS feed whose item n has guid ``job-n`` (n from 1)."""
    items = "".join(
        f"<item><title>{t}</title><link>http://jobs.test/{n}</link><guid>job-{n}</guid>"
        f"<description>{t}，多名员工向记者反映情况，涉及欠薪与加班问题。</description>"
        f"<pubDate>Fri, 20 Nov 2026 0{n % 10}:00:00 GMT</pubDate></item>"
        for n, t in enumerate(titles, start=1))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>职场速递</title>'
            f"<link>http://jobs.test/</link><description>测试</description>{items}</channel></rss>").encode("utf-8")


def growing_feed(site: "Site", path: str = "/jobs.xml") -> None:
    """A feed that has one more item at every fetch: fetch k lists the first k + 1 items."""
    def route(handler: BaseHTTPRequestHandler) -> "Route":
        fetched = sum(1 for h in site.hits if h.path == path)
        titles = [JOB_NEWS[i % len(JOB_NEWS)] + f"（{i + 1}）" for i in range(fetched + 1)]
        return Route(200, feed_of(titles), {"Content-Type": "application/rss+xml; charset=utf-8"})

    site.routes[path] = route


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Hit:
    path: str
    headers: dict[str, str]


class Site:
    """The running server: ``site.url('/x')``, ``site.routes``, ``site.hits``, ``site.release``."""

    def __init__(self) -> None:
        self.routes: dict[str, Route | Callable[[BaseHTTPRequestHandler], Route | None]] = {}
        self.hits: list[Hit] = []
        self.release = threading.Event()  # slow routes wait for it
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet test output
                pass

            def do_GET(self) -> None:
                site.hits.append(Hit(self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = site.routes.get(self.path.split("?", 1)[0])
                if callable(route):
                    route = route(self)
                    if route is None:  # the callable answered by itself
                        return
                route = route or Route(404, "没有这个页面".encode("utf-8"), {"Content-Type": "text/plain; charset=utf-8"})
                try:
                    self.send_response(route.status)
                    for k, v in route.headers.items():
                        self.send_header(k, v)
                    if "Content-Length" not in route.headers:
                        self.send_header("Content-Length", str(len(route.body)))
                    self.end_headers()
                    self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def paths(self) -> list[str]:
        return [h.path for h in self.hits]

    def html(self, path: str, text: str, charset: str = "utf-8", header: bool = True, **headers: str) -> None:
        ctype = f"text/html; charset={charset}" if header else "text/html"
        self.routes[path] = Route(200, text.encode(charset), {"Content-Type": ctype, **headers})


def _feed_route(handler: BaseHTTPRequestHandler) -> Route:
    if handler.headers.get("If-None-Match") == '"feed-v1"':
        return Route(304, b"", {"ETag": '"feed-v1"'})
    return Route(200, FEED.encode("utf-8"), {"Content-Type": "application/rss+xml; charset=utf-8", "ETag": '"feed-v1"'})


def _slow_route(site: Site) -> Callable:
    def route(handler: BaseHTTPRequestHandler) -> Route:
        site.release.wait(10)  # held until the test ends (the client has long given up)
        return Route(200, b"too late", {"Content-Type": "text/plain"})

    return route


def _endless_route(handler: BaseHTTPRequestHandler) -> None:
    """A body without Content-Length that never ends on its own: only streaming can stop it."""
    try:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.end_headers()
        chunk = ("<p>" + "很长的正文" * 2000 + "</p>").encode("utf-8")
        for _ in range(2000):  # ~60 MB at most, far past any cap
            handler.wfile.write(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass
    handler.close_connection = True


@pytest.fixture
def site():
    """The local site with the standard routes (each test may add its own)."""
    s = Site()
    s.routes.update({
        "/robots.txt": Route(200, ROBOTS.encode(), {"Content-Type": "text/plain"}),
        "/feed.xml": _feed_route,
        "/broken.xml": Route(200, b"<<< this is not a feed {{{", {"Content-Type": "application/rss+xml"}),
        "/error": Route(500, b"boom", {"Content-Type": "text/plain"}),
        "/slow": _slow_route(s),
        "/huge": Route(200, b"x" * 300_000, {"Content-Type": "text/html"}),
        "/endless": _endless_route,
        "/redirect-private": lambda h: Route(302, b"", {"Location": s.url("/secret")}),
        "/secret": Route(200, "内网机密".encode("utf-8"), {"Content-Type": "text/plain; charset=utf-8"}),
        "/private/page.html": Route(200, ARTICLE.encode("utf-8"), {"Content-Type": "text/html; charset=utf-8"}),
        "/list.html": Route(200, LIST_PAGE.encode("utf-8"), {"Content-Type": "text/html; charset=utf-8"}),
        "/news/1.html": Route(200, article("某公司拖欠工资三个月", [
            "近日，某制造企业多名员工反映公司已连续三个月拖欠工资，员工多次讨薪未果。",
            "劳动监察部门表示已接到投诉，将依法督促企业限期支付拖欠的工资。"]).encode("utf-8"),
            {"Content-Type": "text/html; charset=utf-8"}),
        "/news/2.html": Route(200, article("员工讨薪被保安打伤", [
            "一名员工前往公司讨要被拖欠的工资时，与保安发生冲突并被打伤送医。",
            "警方已介入调查，公司表示将配合处理并尽快结清所欠工资。"]).encode("utf-8"),
            {"Content-Type": "text/html; charset=utf-8"}),
    })
    s.html("/article.html", ARTICLE)
    s.thread.start()
    yield s
    s.release.set()
    s.server.shutdown()
    s.server.server_close()
