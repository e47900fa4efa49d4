"""Exported Markdown (专报, 复盘报告) shows post text as text in any Markdown viewer: rendered with a
real GFM renderer (autolinks on), a hostile post gives no image, no link of its own, no HTML, no
emphasis, and reads exactly as written."""
from __future__ import annotations

import html
from datetime import datetime

import pandas as pd
import pytest
from markdown_it import MarkdownIt

from workbench import db
from workbench.briefings import documents
from workbench.incidents.opening import open_incidents
from workbench.ingest.pipeline import ingest_file
from workbench.review.export import review_markdown

HOSTILE = ("公司拖欠工资 ![b](http://127.0.0.1:9/x.png) <img src=x onerror=alert(1)> [点这里](http://127.0.0.1:9/l) "
           ":red[红色] $E=mc^2$ **粗体** www.example.com http://127.0.0.1:9/bare")


@pytest.fixture
def hostile_incident(store, tmp_path):
    path = tmp_path / "posts.csv"
    pd.DataFrame([{"id": "1", "标题": HOSTILE, "作者": "**作者**", "正文": HOSTILE, "链接": "https://weibo.example/1",
                   "发布时间": "2026-11-20 09:00"}]).to_csv(path, index=False)
    ids = ingest_file(store, path, platform="微博").inserted_ids
    with db.transaction(store) as cur:
        (iid,) = open_incidents(cur, pd.DataFrame({"key": [1], "title": [HOSTILE], "category": ["薪酬福利"]}),
                                pd.DataFrame({"key": [1], "post_id": ids}),
                                opened_at=datetime.fromisoformat("2026-11-20T10:00:00+08:00"))
    return store, iid


def _rendered(markdown: str) -> str:
    return MarkdownIt("gfm-like").render(markdown)


def _assert_inert(page: str) -> None:
    assert "<img" not in page and "<strong>粗体" not in page and "<em>粗体" not in page
    links = [part.split('"')[0] for part in page.split('<a href="')[1:]]
    assert all(href == "https://weibo.example/1" for href in links), links  # only our 原帖 link
    text = html.unescape(page)
    assert ":red[红色]" in text and "$E=mc^2$" in text and "![b](http://127.0.0.1:9/x.png)" in text


def test_incident_briefing_markdown_renders_post_markup_as_text(hostile_incident):
    con, iid = hostile_incident
    _assert_inert(_rendered(documents.render(documents.build(con, incident_id=iid), "md").decode("utf-8")))


def test_postmortem_markdown_renders_post_markup_as_text(hostile_incident):
    con, iid = hostile_incident
    _assert_inert(_rendered(review_markdown(con, iid)))
