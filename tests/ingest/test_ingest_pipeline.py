"""The pipeline's guarantees: one transaction per file, dedup exact and near, values as written."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pandas as pd
import pytest

from workbench import db
from workbench.cli import main
from workbench.ingest import neardup, pipeline
from workbench.ingest.mapping import propose_mapping
from workbench.ingest.pipeline import ingest_file, ingest_records
from workbench.ingest.profiles import save_profile
from workbench.ingest.values import parse_counts, parse_times


def counts(con):
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("posts", "ingest_batches", "post_minhash", "post_lsh", "sources", "audit_log")}


def write_csv(path, n):
    rows = [f"{i},作者{i},第{i}条：公司第{i}次拖欠工资真是受够了编号{i * 7919},2024-05-01 12:{i % 60:02d}" for i in range(n)]
    path.write_text("id,作者,正文,发布时间\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_error_in_a_later_chunk_leaves_the_store_as_it_was(store, tmp_path, monkeypatch):
    path = write_csv(tmp_path / "big.csv", 10)
    ingest_records(store, pd.DataFrame({"text": ["已有的帖子"], "external_id": ["old"]}), kind="rss", origin="seed")
    before = counts(store)
    real_insert = pipeline._Batch._insert
    calls = []

    def failing_insert(self, table, frame, *keep):
        if table == "posts":
            calls.append(len(frame))
            if len(calls) == 2:
                raise OSError("磁盘已满（模拟）")
        return real_insert(self, table, frame, *keep)

    monkeypatch.setattr(pipeline._Batch, "_insert", failing_insert)
    with pytest.raises(OSError):
        ingest_file(store, path, chunk_rows=4, actor="测试员")
    assert calls == [4, 4]  # the first chunk had been written when the second one failed
    assert counts(store) == before  # nothing new anywhere: no posts, no batch, no source, no signatures
    monkeypatch.setattr(pipeline._Batch, "_insert", real_insert)
    result = ingest_file(store, path, chunk_rows=4, actor="测试员")
    assert (result.rows_read, result.inserted) == (10, 10)


def test_error_in_a_one_chunk_file_leaves_the_store_as_it_was(store, tmp_path, monkeypatch):
    path = write_csv(tmp_path / "small.csv", 5)
    before = counts(store)

    def broken(self, ids, sig, buckets):
        raise RuntimeError("写入失败（模拟）")

    monkeypatch.setattr(pipeline._Batch, "_index_originals", broken)
    with pytest.raises(RuntimeError):
        ingest_file(store, path, actor="测试员")
    assert counts(store) == before


def test_duplicates_across_chunks_and_files_are_found(store, tmp_path):
    path = write_csv(tmp_path / "a.csv", 9)
    text = path.read_text(encoding="utf-8")
    doubled = tmp_path / "doubled.csv"
    doubled.write_text(text + "\n".join(text.splitlines()[1:4]) + "\n", encoding="utf-8")  # rows 1-3 again at the end
    first = ingest_file(store, doubled, chunk_rows=4)
    assert (first.rows_read, first.inserted, first.duplicates) == (12, 9, 3)
    second = ingest_file(store, path)
    assert (second.inserted, second.duplicates) == (0, 9)
    assert counts(store)["posts"] == 9


def test_same_words_from_the_same_author_without_id_are_one_post(store):
    frame = pd.DataFrame({
        "text": ["食堂 又涨价了！！", "食堂又涨价了", "食堂又涨价了", "ＡＢＣ公司裁员 https://t.cn/x1 [怒]", "abc公司裁员😡"],
        "author": ["甲", "甲", "乙", "丙", "丙"],
    })
    result = ingest_records(store, frame, kind="upload", origin="t", platform="微博")
    # Width, case, punctuation, emoji, emoticons and URLs are folded; another author is another post.
    assert (result.inserted, result.duplicates) == (3, 2)
    near = store.execute("SELECT author, near_dup_of IS NOT NULL FROM posts ORDER BY id").fetchall()
    assert near == [("甲", False), ("乙", True), ("丙", False)]


def test_near_duplicates_are_kept_and_linked_to_the_original(store):
    original = "今天公司突然宣布裁员百分之二十，赔偿方案到现在还没有出来，组里每个人都很焦虑，不知道下一个是谁"
    first = ingest_records(store, pd.DataFrame({"text": [original, "食堂的饭菜越来越难吃了，价格还涨了两块钱"],
                                                "external_id": ["1", "2"]}), kind="upload", origin="a", platform="微博")
    later = pd.DataFrame({
        "text": ["转发：" + original, original.replace("百分之二十", "百分之三十"), "完全不同的一条：年终奖按时发了，挺开心"],
        "external_id": ["3", "4", "5"],
    })
    second = ingest_records(store, later, kind="upload", origin="b", platform="微博")
    assert (second.inserted, second.duplicates, second.near_duplicates) == (3, 0, 2)
    got = dict(store.execute("SELECT external_id, near_dup_of FROM posts").fetchall())
    assert got["3"] == got["4"] == first.inserted_ids[0]
    assert got["5"] is None and got["2"] is None
    assert store.execute("SELECT rows_near_dup FROM ingest_batches WHERE id = ?", [second.batch_id]).fetchone() == (2,)


def test_ingest_records_takes_scraper_frames(store):
    frame = pd.DataFrame({
        "platform": ["新闻网站", "新闻网站"], "external_id": ["https://news.example/a", "https://news.example/b"],
        "url": ["https://news.example/a", None], "title": ["某厂被曝欠薪", None],
        "text": ["记者调查发现，某厂拖欠200名工人工资。", None],
        "published_at": [datetime(2024, 5, 1, 4, 0, tzinfo=timezone.utc), "2024-05-01T05:00:00Z"],
        "reposts": [None, 3],
    })
    result = ingest_records(store, frame, kind="rss", origin="https://news.example/feed", source_id=None)
    assert (result.rows_read, result.inserted, result.rejected) == (2, 1, 1)
    assert result.errors == [{"row": 2, "reason": "正文为空"}]
    assert result.as_json("feed") == {"file": "feed", "rows_read": 2, "inserted": 1, "duplicates": 0,
                                      "rejected": 1, "errors": [{"row": 2, "reason": "正文为空"}]}
    row = store.execute("SELECT p.id, strftime(p.published_at AT TIME ZONE 'Asia/Shanghai', '%H:%M'), p.reposts, s.name, s.kind "
                        "FROM posts p JOIN sources s ON s.id = p.source_id").fetchone()
    assert row == (result.inserted_ids[0], "12:00", 0, "RSS：新闻网站", "rss")
    assert counts(store)["audit_log"] == 0  # a machine's batch is not a person's write


def test_times_as_people_write_them():
    raw = pd.Series(["2024-05-01 12:00", "2024/5/1", "2024年5月1日 12:00", "2024-05-01T04:00:00Z",
                     "2024-05-01T12:00:00+08:00", "1714536000", "1714536000000", "", "明天", "2024-02-30"])
    times, bad = parse_times(raw)
    local = [None if pd.isna(t) else t.strftime("%Y-%m-%d %H:%M %z") for t in times]
    assert local == ["2024-05-01 12:00 +0800", "2024-05-01 00:00 +0800", "2024-05-01 12:00 +0800",
                     "2024-05-01 12:00 +0800", "2024-05-01 12:00 +0800", "2024-05-01 12:00 +0800",
                     "2024-05-01 12:00 +0800", None, None, None]
    assert bad.tolist() == [False] * 8 + [True, True]


def test_counts_as_people_write_them():
    got = parse_counts(pd.Series(["1.2万", "10w+", "1,234", "", "转发", "3.5k", "2亿", " 7 "])).tolist()
    assert got == [12000, 100000, 1234, 0, 0, 3500, 200000000, 7]


def test_headers_of_real_exports_are_recognised():
    assert propose_mapping(["微博id", "用户昵称", "微博正文", "发布时间", "转发数", "评论数", "点赞数", "源微博id", "源用户昵称"]) == {
        "external_id": "微博id", "author": "用户昵称", "text": "微博正文", "published_at": "发布时间",
        "reposts": "转发数", "comments": "评论数", "likes": "点赞数", "parent_external_id": "源微博id",
        "parent_author": "源用户昵称"}
    assert propose_mapping(["note_id", "title", "desc", "time", "nickname", "liked_count", "comment_count",
                            "share_count", "note_url"]) == {
        "external_id": "note_id", "title": "title", "text": "desc", "published_at": "time", "author": "nickname",
        "likes": "liked_count", "comments": "comment_count", "reposts": "share_count", "url": "note_url"}
    assert propose_mapping(["ID", "内容", "摘要", "日期"])["text"] == "内容"


def test_cli_uses_a_saved_profile(store, tmp_path, capsys):
    path = tmp_path / "forum.csv"
    path.write_text("编号,帖子,时间\nt1,加班没有调休,2024-05-01 09:00\n", encoding="utf-8")
    save_profile(store, "论坛", ["编号", "帖子", "时间"], {"external_id": "编号", "text": "帖子", "published_at": "时间"},
                 platform="内部论坛", actor="测试员")
    assert main(["ingest", str(path), "--json", "--profile", "论坛"]) == 0
    assert json.loads(capsys.readouterr().out)["inserted"] == 1
    con = db.connect()
    assert con.execute("SELECT platform, external_id FROM posts").fetchall() == [("内部论坛", "t1")]
    assert main(["ingest", str(path), "--profile", "没有这个"]) == 2
    assert "没有名为「没有这个」的映射方案" in capsys.readouterr().err


def test_summary_without_json_is_short_chinese(tmp_path, capsys):
    path = write_csv(tmp_path / "s.csv", 3)
    assert main(["ingest", str(path)]) == 0
    assert capsys.readouterr().out.strip() == f"{path}：读取 3 行，新增 3 条，重复 0 条，拒收 0 行"


def test_large_files_report_progress_per_chunk(store, tmp_path):
    path = write_csv(tmp_path / "p.csv", 10)
    seen = []
    result = ingest_file(store, path, chunk_rows=4, progress=lambda done, total: seen.append((done, total)))
    assert [d for d, _ in seen] == [4, 8, 10] and all(t >= d for d, t in seen)
    assert result.inserted == 10 and counts(store)["post_minhash"] == 10


def test_a_files_first_and_last_chunks_imported_in_parts_keep_its_order_and_duplicates(store, tmp_path, monkeypatch):
    # Big files import their first and last chunks in two parts each (the threads overlap sooner
    # and longer); the parts are cut here at 8-row chunks. Rows 3 and 29 repeat the row before
    # them, across the cuts (a quarter of 8 rows: after row 2, and before row 29).
    monkeypatch.setattr(pipeline, "SPLIT_ENDS_FROM_ROWS", 8)
    lines = [f"{i},作者{i},公司第{i}次拖欠工资真是受够了编号{i * 7919},2024-05-01 12:{i % 60:02d}" for i in range(1, 31)]
    lines[2], lines[28] = lines[1], lines[27]
    path = tmp_path / "ends.csv"
    path.write_text("id,作者,正文,发布时间\n" + "\n".join(lines) + "\n", encoding="utf-8")
    seen = []
    result = ingest_file(store, path, chunk_rows=8, progress=lambda done, total: seen.append(done))
    assert seen == [2, 8, 16, 24, 28, 30]
    assert (result.rows_read, result.inserted, result.duplicates) == (30, 28, 2)
    stored = [r[0] for r in store.execute("SELECT external_id FROM posts ORDER BY id").fetchall()]
    assert stored == [str(i) for i in range(1, 31) if i not in (3, 29)]


def test_posts_written_elsewhere_can_be_indexed_for_near_duplicates(store):
    original = "公司在年会上宣布明年取消年终奖，还要求所有人签自愿加班协议，大家都很气愤"
    store.execute("INSERT INTO posts (platform, text, text_masked, content_hash) VALUES ('微博', ?, ?, 'x')",
                  [original, original])
    assert pipeline.index_signatures(store) == 1 and pipeline.index_signatures(store) == 0
    later = ingest_records(store, pd.DataFrame({"text": ["转发：" + original]}), kind="upload", origin="b", platform="微博")
    assert later.near_duplicates == 1


def test_a_store_of_many_unsigned_posts_is_indexed_batch_by_batch(store, monkeypatch):
    """index_signatures reads the unsigned posts a batch at a time; every one is signed, once."""
    monkeypatch.setattr(pipeline, "SIGNING_BATCH_ROWS", 2)
    texts = [f"第{i}家公司拖欠员工工资已经三个月，劳动监察部门今天介入调查此事" for i in range(5)] + ["😀😀"]
    for t in texts:
        store.execute("INSERT INTO posts (platform, text, text_masked, content_hash) VALUES ('微博', ?, ?, 'x')", [t, t])
    assert pipeline.index_signatures(store) == 5  # the emoji-only post has nothing to compare
    assert counts(store)["post_minhash"] == 5 and pipeline.index_signatures(store) == 0


def test_signatures_stored_as_blobs_before_1740_still_find_their_near_duplicates(tmp_path, monkeypatch):
    """Migration 1740 turns the stored 96-byte signatures into UINTEGER[24] arrays, value for value."""
    import duckdb

    from workbench import config
    from workbench.migrate import migrate

    real = config.MIGRATIONS_DIR
    older = tmp_path / "migrations"
    older.mkdir()
    for path in real.glob("*.sql"):
        if path.name < "1740":
            (older / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    original = "公司在年会上宣布明年取消年终奖，还要求所有人签自愿加班协议，大家都很气愤"
    sig, _ = neardup.signatures([original])
    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    monkeypatch.setattr(config, "MIGRATIONS_DIR", older)
    migrate(con)
    con.execute("INSERT INTO posts (id, platform, text, text_masked, content_hash) VALUES (7, '微博', ?, ?, 'x')",
                [original, original])
    con.execute("INSERT INTO post_minhash VALUES (7, ?)", [sig[0].astype("<u4").tobytes()])
    for band, key in enumerate(neardup.band_keys(sig)[0].tolist()):
        con.execute("INSERT INTO post_lsh VALUES (?, ?, 7)", [band, key])
    monkeypatch.setattr(config, "MIGRATIONS_DIR", real)
    assert migrate(con)[0] == "1740_post_minhash_arrays.sql"
    assert con.execute("SELECT sig FROM post_minhash").fetchall()[0][0] == tuple(sig[0].tolist())
    later = ingest_records(con, pd.DataFrame({"text": ["转发：" + original]}), kind="upload", origin="b", platform="微博")
    assert later.near_duplicates == 1
    con.close()


def test_the_same_words_from_one_reader_under_two_posts_are_two_comments(store):
    comments = pd.DataFrame({
        "post_kind": "comment", "external_id": ["c1", "c2", "c3"], "root_external_id": ["p1", "p2", "p2"],
        "text": ["+1 同样被拖欠", "+1 同样被拖欠", "+1 同样被拖欠"], "author": ["读者甲", "读者甲", "读者甲"],
    })
    result = ingest_records(store, comments.iloc[:2], kind="upload", origin="a", platform="微博")
    assert (result.inserted, result.duplicates) == (2, 0)  # their own ids tell them apart
    again = ingest_records(store, comments, kind="upload", origin="b", platform="微博")
    assert (again.inserted, again.duplicates) == (1, 2)
    # A post with the same id as a comment is another row: ids are per kind.
    post = ingest_records(store, pd.DataFrame({"external_id": ["c1"], "text": ["公司拖欠工资"]}), kind="upload",
                          origin="c", platform="微博")
    assert post.inserted == 1
    assert store.execute("SELECT post_kind, count(*) FROM posts GROUP BY ALL ORDER BY 1").fetchall() == [
        ("comment", 3), ("post", 1)]


def test_near_duplicates_in_later_chunks_of_a_file_link_to_its_earlier_posts(store, tmp_path):
    original = "今天公司突然宣布裁员百分之二十，赔偿方案到现在还没有出来，组里每个人都很焦虑，不知道下一个是谁"
    texts = [original, "食堂的饭菜越来越难吃了，价格还涨了两块钱", "年终奖按时发了，挺开心的一年",
             "周末又被拉去团建，不算加班也不给调休", "转发：" + original, original.replace("百分之二十", "百分之三十")]
    path = tmp_path / "chunks.csv"
    pd.DataFrame({"id": [str(i) for i in range(1, 7)], "正文": texts, "发布时间": "2024-05-01 12:00"}).to_csv(path, index=False)
    result = ingest_file(store, path, chunk_rows=2)  # the copies come two and three chunks after their original
    assert (result.inserted, result.near_duplicates) == (6, 2)
    got = dict(store.execute("SELECT external_id, near_dup_of FROM posts").fetchall())
    assert got["5"] == got["6"] == result.inserted_ids[0]
    assert [got[k] for k in "1234"] == [None] * 4
    # The file's originals reached the store's index when it was done: the next file finds them.
    assert counts(store)["post_minhash"] == 4
    later = ingest_records(store, pd.DataFrame({"text": ["转发微博：" + original]}), kind="upload", origin="b", platform="微博")
    assert later.near_duplicates == 1
    assert store.execute("SELECT near_dup_of FROM posts WHERE id = ?", later.inserted_ids).fetchone() == (result.inserted_ids[0],)


def test_every_post_reads_back_masked_whether_or_not_it_held_personal_data(store):
    # The store keeps a masked copy only where masking changed the text; readers see one text either way.
    texts = ["公司拖欠工资，联系我13812345678", "公司拖欠工资三个月了", "邮箱 hr@example.com 不回复"]
    result = ingest_records(store, pd.DataFrame({"text": texts, "external_id": ["a", "b", "c"]}),
                            kind="upload", origin="t.csv", platform="微博")
    shown = db.query("ingest_batch_posts", store, batch_id=result.batch_id, limit=10)["text_masked"].tolist()
    assert shown[1] == "公司拖欠工资三个月了"
    assert "13812345678" not in shown[0] and "138****5678" in shown[0]
    assert "hr@example.com" not in shown[2] and "@example.com" in shown[2]
    stored = store.execute("SELECT count(text_masked) FROM posts").fetchone()[0]
    assert stored == 2  # the plain post is not stored twice
