"""A post dated 9999-12-31 or 0001-01-01 that is already in a store breaks no page and hides no data."""
from __future__ import annotations

import pytest
from test_pages_smoke import PAGES


def _plant(con, stamp: str, external_id: str) -> None:
    """A post written straight into the store (as an older import or another tool could have)."""
    con.execute(
        "INSERT INTO posts (id, platform, external_id, text, text_masked, content_hash, published_at) "
        "VALUES (nextval('seq_posts'), '微博', ?, '公司拖欠工资', '公司拖欠工资', ?, ?::TIMESTAMPTZ)",
        [external_id, external_id, stamp])


@pytest.mark.parametrize("name", PAGES)
def test_every_page_opens_with_absurd_dates_in_the_store(name, demo_store, open_page):
    _plant(demo_store, "9999-12-31 23:59:00+08", "far-future")
    _plant(demo_store, "0001-01-01 00:00:00+08", "far-past")
    at = open_page(name)
    assert not at.exception
    assert PAGES[name] in " ".join(t.value for t in at.title)


def test_default_time_range_follows_the_real_data_not_a_far_future_row(demo_store, open_page):
    _plant(demo_store, "9999-06-01 12:00:00+08", "far-future")
    at = open_page("overview")
    start, end = at.sidebar.date_input(key="time_range").value
    assert str(end) == "2026-11-20"  # the demo's last day (tests anchor it)
    assert (end - start).days == 29
