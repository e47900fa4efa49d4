"""Fetching guards against a real local HTTP server: what a polite, safe fetcher must do."""
from __future__ import annotations

import pytest
from monitor_site import GBK_TEXT, Route, site  # noqa: F401  (site is a fixture)

from workbench.monitor.fetch import FetchError, Fetcher, detect_encoding, is_public_address
from workbench.monitor.scrape import ScrapeError, article_links, feed_records, page_record, scrape


def fast(**kw) -> Fetcher:
    """A fetcher for tests: short timeout, no waiting between requests or retries."""
    return Fetcher(**{"timeout": 2.0, "retries": 2, "backoff": 0.0, "min_interval": 0.0, **kw})


def test_good_rss_feed_becomes_records(site):
    with fast() as f:
        res = f.fetch(site.url("/feed.xml"), internal=True)
    records = feed_records(res, "新闻网站")
    assert [r["external_id"] for r in records] == ["news-1", "news-2", "news-3"]
    first = records[0]
    assert first["title"] == "某科技公司被曝强制加班"
    assert first["text"] == "员工反映公司长期强制加班，加班费未足额发放。"  # markup stripped
    assert first["published_at"] == "2026-11-18T02:00:00+00:00"
    assert first["url"] == "http://news.test/a/1" and first["platform"] == "新闻网站"


def test_broken_feed_is_a_clear_error(site):
    with fast() as f:
        res = f.fetch(site.url("/broken.xml"), internal=True)
    with pytest.raises(ScrapeError, match="不是有效的 RSS / Atom"):
        feed_records(res, "新闻网站")


def test_article_page_is_extracted_with_metadata(site):
    with fast() as f:
        res = f.fetch(site.url("/article.html"), internal=True)
    rec = page_record(res.text, res.final_url, "新闻网站")
    assert rec["title"] == "外卖骑手猝死事件调查"
    assert "连续工作十四个小时" in rec["text"] and "平台方面回应" in rec["text"]
    assert "版权所有" not in rec["text"]  # boilerplate left out
    assert rec["published_at"] == "2026-11-18T10:30:00+08:00"
    assert rec["author"] == "调查记者"
    assert rec["external_id"] == site.url("/article.html")


def test_list_page_follows_same_host_article_links_up_to_the_cap(site):
    with fast() as f:
        res = f.fetch(site.url("/list.html"), internal=True)
        links = article_links(res.text, res.final_url)
        assert links == [site.url("/news/1.html"), site.url("/news/2.html"), site.url("/news/3.html")]
        got = scrape(f, site.url("/list.html"), kind="web", internal=True, follow_links=2)
        assert [r["title"] for r in got.records] == ["某公司拖欠工资三个月", "员工讨薪被保安打伤"]
        # an already stored article is skipped, so the cap reaches the next link (a 404: a warning)
        got = scrape(f, site.url("/list.html"), kind="web", internal=True, follow_links=2,
                     known_urls=lambda urls: {site.url("/news/1.html")})
    assert [r["title"] for r in got.records] == ["员工讨薪被保安打伤"]
    assert len(got.warnings) == 1 and "404" in got.warnings[0]


def test_404_fails_at_once_without_retries(site):
    with fast() as f, pytest.raises(FetchError) as err:
        f.fetch(site.url("/missing"), internal=True)
    assert err.value.kind == "http" and err.value.status == 404
    assert site.paths().count("/missing") == 1


def test_500_is_retried_with_backoff_then_fails(site):
    sleeps = []
    with fast(retries=2, backoff=0.5, sleep=sleeps.append) as f, pytest.raises(FetchError) as err:
        f.fetch(site.url("/error"), internal=True)
    assert err.value.kind == "http" and err.value.status == 500
    assert "已重试 2 次" in str(err.value)
    assert site.paths().count("/error") == 3
    assert sleeps == [0.5, 1.0]  # exponential backoff


def test_slow_response_times_out(site):
    with fast(timeout=0.3, retries=1) as f, pytest.raises(FetchError) as err:
        f.fetch(site.url("/slow"), internal=True)
    assert err.value.kind == "timeout" and "超时" in str(err.value)
    assert site.paths().count("/slow") == 2  # timeouts are retried too


@pytest.mark.parametrize("path", ["/huge", "/endless"])
def test_oversized_body_is_aborted(site, path):
    with fast(max_bytes=100_000) as f, pytest.raises(FetchError) as err:
        f.fetch(site.url(path), internal=True)
    assert err.value.kind == "too_large" and "上限" in str(err.value)


def test_non_internal_source_on_loopback_is_refused_before_any_request(site):
    with fast() as f, pytest.raises(FetchError) as err:
        f.fetch(site.url("/feed.xml"), internal=False)
    assert err.value.kind == "blocked" and "127.0.0.1" in str(err.value)
    assert site.hits == []  # not even robots.txt was asked for


def test_redirect_from_a_public_site_to_a_private_address_is_refused(site):
    # public.test stands for a public web site: it resolves (by the hook) to the local server,
    # and is declared public, so only the redirect target is judged by its address.
    def simulated_public(**kw):
        return fast(resolver=lambda host: ["127.0.0.1"], public_hosts={"public.test"}, **kw)

    with simulated_public() as f, pytest.raises(FetchError) as err:
        f.fetch(site.url("/redirect-private", host="public.test"), internal=False)
    assert err.value.kind == "blocked"
    assert "/redirect-private" in site.paths() and "/secret" not in site.paths()
    # the connection was pinned to the checked address but kept the real host name
    assert site.hits[-1].headers["host"] == f"public.test:{site.port}"

    with fast() as f:  # an internal source's redirect within its own host is followed
        res = f.fetch(site.url("/redirect-private"), internal=True)
    assert res.text == "内网机密" and res.final_url == site.url("/secret")


def test_internal_source_redirects_stay_on_its_own_host(site):
    # "internal" lets a source live on a private address; it must not let that source's server
    # send the fetcher anywhere else (another intranet host, a public site).
    with fast(resolver=lambda host: ["127.0.0.1"]) as f, pytest.raises(FetchError) as err:
        f.fetch(site.url("/redirect-private", host="intranet.test"), internal=True)
    assert err.value.kind == "redirects" and "intranet.test" in str(err.value)
    assert "/secret" not in site.paths()


def test_host_resolving_to_a_private_address_and_bad_schemes_are_refused(site):
    with fast(resolver=lambda host: ["10.1.2.3"]) as f, pytest.raises(FetchError) as err:
        f.fetch("http://intranet.example.com/")
    assert err.value.kind == "blocked"
    for url in ("file:///etc/passwd", "ftp://example.com/x", "gopher://127.0.0.1/"):
        with fast() as f, pytest.raises(FetchError) as err:
            f.fetch(url, internal=True)
        assert err.value.kind == "scheme"


@pytest.mark.parametrize("address, public", [
    ("8.8.8.8", True), ("2001:4860:4860::8888", True),
    ("127.0.0.1", False), ("10.0.0.1", False), ("172.16.5.4", False), ("192.168.1.1", False),
    ("169.254.169.254", False), ("100.64.0.1", False), ("0.0.0.0", False), ("224.0.0.1", False),
    ("::1", False), ("fe80::1", False), ("fc00::1", False), ("::ffff:127.0.0.1", False), ("240.0.0.1", False),
])
def test_address_classification(address, public):
    assert is_public_address(address) is public


def test_gbk_pages_are_decoded(site):
    # declared as gb2312 but using GBK-only characters (喆, 堃): the label is widened to GB18030
    site.html("/gbk-meta.html", f'<html><head><meta charset="gb2312"></head><body><p>{GBK_TEXT}</p></body></html>',
              charset="gbk", header=False)
    # no declaration at all: detected from the bytes
    site.html("/gbk-bare.html", f"<html><body><p>{GBK_TEXT}</p><p>{GBK_TEXT}</p></body></html>",
              charset="gbk", header=False)
    with fast() as f:
        for path in ("/gbk-meta.html", "/gbk-bare.html"):
            assert GBK_TEXT in f.fetch(site.url(path), internal=True).text, path


def test_encoding_detection_order():
    body = "<p>拖欠工资</p>".encode("gbk")
    assert detect_encoding(body, "text/html; charset=GBK") == "gb18030"
    assert detect_encoding(b"\xef\xbb\xbf<p>x</p>") == "utf-8-sig"
    # a label the bytes cannot be (ascii) is passed over
    assert detect_encoding("<p>拖欠工资</p>".encode("utf-8"), "text/html; charset=ascii") == "utf-8"
    assert detect_encoding(b'<meta charset="gb2312"><p>' + "拖欠".encode("gbk")) == "gb18030"


def test_etag_conditional_get_gives_not_modified(site):
    with fast() as f:
        first = f.fetch(site.url("/feed.xml"), internal=True)
        assert first.etag == '"feed-v1"' and not first.not_modified
        again = f.fetch(site.url("/feed.xml"), internal=True, etag=first.etag)
    assert again.not_modified and again.content == b""
    assert site.hits[-1].headers["if-none-match"] == '"feed-v1"'


def test_last_modified_is_sent_back(site):
    stamp = "Wed, 18 Nov 2026 02:00:00 GMT"
    site.routes["/dated.html"] = lambda h: (
        Route(304) if h.headers.get("If-Modified-Since") == stamp
        else Route(200, b"<p>x</p>", {"Content-Type": "text/html", "Last-Modified": stamp})
    )
    with fast() as f:
        first = f.fetch(site.url("/dated.html"), internal=True)
        again = f.fetch(site.url("/dated.html"), internal=True, last_modified=first.last_modified)
    assert first.last_modified == stamp and again.not_modified


def test_robots_txt_disallow_is_honoured_and_cached(site):
    with fast() as f:
        with pytest.raises(FetchError) as err:
            f.fetch(site.url("/private/page.html"), internal=True)
        f.fetch(site.url("/article.html"), internal=True)
    assert err.value.kind == "robots"
    assert "/private/page.html" not in site.paths()
    assert site.paths().count("/robots.txt") == 1  # fetched once per host


def test_robots_txt_server_error_means_disallowed_and_missing_means_allowed(site):
    site.routes["/robots.txt"] = Route(503, b"down")
    with fast() as f, pytest.raises(FetchError) as err:
        f.fetch(site.url("/article.html"), internal=True)
    assert err.value.kind == "robots"
    del site.routes["/robots.txt"]  # now a 404
    with fast() as f:
        assert f.fetch(site.url("/article.html"), internal=True).status == 200


def test_per_host_minimum_interval_and_crawl_delay(site):
    clock = [100.0]
    sleeps = []

    def sleep(seconds):
        sleeps.append(round(seconds, 3))
        clock[0] += seconds

    with fast(min_interval=2.0, sleep=sleep, clock=lambda: clock[0], respect_robots=False) as f:
        f.fetch(site.url("/article.html"), internal=True)
        f.fetch(site.url("/article.html"), internal=True)
        clock[0] += 5  # enough time has passed: no wait
        f.fetch(site.url("/article.html"), internal=True)
    assert sleeps == [2.0]

    site.routes["/robots.txt"] = Route(200, b"User-agent: *\nCrawl-delay: 7\n")
    sleeps.clear()
    with fast(min_interval=2.0, sleep=sleep, clock=lambda: clock[0]) as f:
        f.fetch(site.url("/article.html"), internal=True)
        f.fetch(site.url("/article.html"), internal=True)
    assert sleeps == [7.0, 7.0]  # after robots.txt, its Crawl-delay (longer than ours) applies


def test_atom_feed_with_relative_links_and_no_dates():
    from workbench.monitor.fetch import FetchResult

    atom = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>论坛</title><id>urn:forum</id><updated>2026-11-18T00:00:00Z</updated>
<entry><title>食堂涨价</title><id>urn:forum:7</id><link href="/t/7"/><updated>2026-11-18T08:00:00+08:00</updated>
<content type="html">&lt;p&gt;食堂又涨价了&lt;/p&gt;</content><author><name>匿名</name></author></entry>
<entry><title>只有标题</title><id>urn:forum:8</id></entry>
</feed>""".encode()
    res = FetchResult("http://bbs.test/atom", "http://bbs.test/atom", 200, {"content-type": "application/atom+xml"}, atom)
    first, second = feed_records(res, "内部论坛")
    assert (first["external_id"], first["url"], first["text"], first["author"]) == (
        "urn:forum:7", "http://bbs.test/t/7", "食堂又涨价了", "匿名")
    assert first["published_at"] == "2026-11-18T00:00:00+00:00"
    assert (second["text"], second["published_at"], second["url"]) == ("只有标题", None, None)
