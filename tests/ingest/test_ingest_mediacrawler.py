"""MediaCrawler's exports, as the tool writes them, through `workbench ingest --json`.

For each of its seven platforms and both schemas: the contents file and its comments file give
every post and comment once, linked, in either order; re-ingesting inserts nothing; the creators
file gives the post its author's follower count; the platform comes from the shape, never a guess.
"""
from __future__ import annotations

import pytest
from cli_runs import counts, ingest, rows
from mediacrawler_exports import EXPECTED, HEADERS, NEW, OLD, write, write_workbook

from workbench.cli import main
from workbench.ingest.platforms import crawler_layout
from workbench.ingest.shapes import recognise

PLATFORMS = list(EXPECTED)
# Before 2026-07 as CSV; from 2026-07 as JSON Lines or JSON arrays (the formats the tool writes).
NEW_FORMAT = {"weibo": "jsonl", "xhs": "jsonl", "douyin": "jsonl", "kuaishou": "jsonl",
              "bilibili": "json", "tieba": "json", "zhihu": "json"}


def stored(db_file) -> list[tuple]:
    """Every post and comment as the checks below read them, oldest first."""
    return rows(db_file, "SELECT post_kind, platform, external_id, root_external_id, parent_external_id,"
                         " strftime(published_at AT TIME ZONE 'Asia/Shanghai', '%Y-%m-%d %H:%M'), likes, comments,"
                         " reposts, views, author, author_id, url, text FROM posts ORDER BY published_at, external_id")


def followers(db_file) -> list:
    return [r[0] for r in rows(db_file, "SELECT author_followers FROM posts WHERE post_kind = 'post'")]


@pytest.mark.parametrize("schema", [OLD, NEW])
@pytest.mark.parametrize("folder", PLATFORMS)
def test_contents_and_comments_in_either_order(folder, schema, tmp_path):
    fmt = "csv" if schema == OLD else NEW_FORMAT[folder]
    contents = write(tmp_path, folder, "contents", schema, fmt)
    comments = write(tmp_path, folder, "comments", schema, fmt)
    want = EXPECTED[folder]
    which = 0 if schema == OLD else 1

    comments_first = tmp_path / "a.duckdb"
    assert [counts(r) for r in ingest(comments_first, comments, contents)] == [(2, 2, 0, 0), (1, 1, 0, 0)]
    found = stored(comments_first)
    post, *replies = found
    external_id, local_time, likes, n_comments, reposts, views, author, url = want["post"]
    assert post[:3] == ("post", want["platform"], external_id) and post[3:5] == (None, None)
    assert post[5:11] == (local_time, likes, n_comments, reposts, views, author)
    assert post[11] == want["author_id"][which] and post[12].startswith(url) and post[13]
    assert [(r[0], r[1]) for r in replies] == [("comment", want["platform"])] * 2
    assert [(r[2], r[3], r[4], r[5], r[6], r[10]) for r in replies] == want["comments"]

    # Again, in either order: nothing new.
    assert [counts(r) for r in ingest(comments_first, contents, comments)] == [(1, 0, 1, 0), (2, 0, 2, 0)]
    contents_first = tmp_path / "b.duckdb"
    ingest(contents_first, contents, comments)
    assert stored(contents_first) == found

    # The creators file: the author's profile gives the post its follower count.
    creators = write(tmp_path, folder, "creators", schema, fmt)
    assert [counts(r) for r in ingest(comments_first, creators)] == [(1, 1, 0, 0)]
    assert followers(comments_first) == [want["followers"][which]]
    assert [counts(r) for r in ingest(comments_first, creators)] == [(1, 0, 1, 0)]


@pytest.mark.parametrize("schema", [OLD, NEW])
@pytest.mark.parametrize("item", ["contents", "comments", "creators"])
@pytest.mark.parametrize("folder", PLATFORMS)
def test_every_file_is_recognised_by_its_headers_alone(folder, item, schema):
    found = recognise(HEADERS[(folder, item, schema)], path=f"export_{item}.csv")
    assert found.shape is not None and found.shape.key == f"mediacrawler/{folder}/{item}"
    assert found.platform == EXPECTED[folder]["platform"] and found.platform_from == "表头"
    if item != "creators" or schema == NEW:
        assert found.schema.startswith(schema)


def test_workbook_with_contents_comments_and_creators_sheets(tmp_path, capsys):
    book = write_workbook(tmp_path / "data" / "douyin" / "douyin_search_20260501_120000.xlsx", "douyin", OLD)
    [report] = ingest(tmp_path / "x.duckdb", book)
    # One file, one batch: 1 post + 2 comments + 1 author profile.
    assert counts(report) == (4, 4, 0, 0)
    assert len(stored(tmp_path / "x.duckdb")) == 3 and followers(tmp_path / "x.duckdb") == [4200]
    [again] = ingest(tmp_path / "x.duckdb", book)
    assert counts(again) == (4, 0, 4, 0)
    # Without --json each sheet gets its own line.
    assert main(["--db", str(tmp_path / "x.duckdb"), "ingest", str(book), "--no-analyze"]) == 0
    out = capsys.readouterr().out
    assert "识别为：MediaCrawler · 抖音评论" in out
    assert "douyin_search_20260501_120000.xlsx（Comments）：读取 2 行，新增 0 条，重复 2 条" in out


def test_the_crawler_folder_names_the_platform(tmp_path):
    # An older MediaCrawler version without note_url / shared_count: the headers fit no known
    # shape, so the columns are matched by name, and the folder data/weibo/csv/ names the platform.
    path = tmp_path / "data" / "weibo" / "csv" / "search_contents_2026-05-01.csv"
    path.parent.mkdir(parents=True)
    path.write_text("note_id,content,create_time,liked_count,nickname\n"
                    "5041234567890999,加班到十点还要写日报,1777608000,\"15\",打工人阿强\n", encoding="utf-8-sig")
    assert counts(ingest(tmp_path / "w.duckdb", path)[0]) == (1, 1, 0, 0)
    assert [(r[1], r[2], r[6]) for r in stored(tmp_path / "w.duckdb")] == [("微博", "5041234567890999", 15)]
    assert crawler_layout("data/xhs/jsonl/detail_comments_2026-05-01.jsonl") == ("小红书", "comments")
    assert crawler_layout("data/bilibili/bilibili_creator_20260501_120000.xlsx") == ("哔哩哔哩", None)
    assert crawler_layout("exports/weibo/notes.csv") == (None, None)  # any folder named weibo says nothing


def test_a_file_that_cannot_tell_its_platform_is_never_called_xiaohongshu(tmp_path, capsys):
    path = tmp_path / "notes.csv"
    path.write_text("note_id,desc,time,liked_count\n64a1b2c3,入职第一天就让签自愿放弃社保,1777608000000,3\n",
                    encoding="utf-8")
    code = main(["--db", str(tmp_path / "n.duckdb"), "ingest", str(path), "--json", "--no-analyze"])
    err = capsys.readouterr().err
    assert code == 0 and "平台未知" in err
    assert [r[1] for r in stored(tmp_path / "n.duckdb")] == ["未知"]
