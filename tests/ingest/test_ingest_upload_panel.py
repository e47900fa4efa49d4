"""The upload panel of 采集监测 through Streamlit's AppTest (real entry point, real DuckDB file)."""
from __future__ import annotations

import re

from conftest import audit_rows
from mediacrawler_exports import NEW, OLD, write, write_workbook
from openpyxl import Workbook
from test_ingest_vendors import SITONG_HEADER, SITONG_ROWS, trendradar_db

from workbench import db

CSV = ("微博id,用户昵称,微博正文,发布时间,点赞数\n"
       "4987654321012345,小王,公司拖欠工资，联系13812345678,2024-05-01 12:00,1.2万\n"
       "4987654321012346,小李,,2024-05-01 13:00,3\n").encode("gbk")


def upload(at, *files: tuple[str, bytes]):
    at.tabs[0].file_uploader[0].set_value([(name, content, "application/octet-stream") for name, content in files])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def start_import(at):
    at.button(key="ingest_start").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def unescaped(markdown: str) -> str:
    """Markdown as a reader sees it: the page escapes what it shows from the file (user\\_id)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def shown(at) -> str:
    """Everything the page says in text and tables."""
    parts = [e.value for kind in ("markdown", "caption", "info", "warning", "error", "success") for e in getattr(at, kind)]
    parts += [d.value.to_string() for d in at.dataframe]
    return unescaped("\n".join(str(p) for p in parts))


def summary(at):
    """The per-file counts table of the last import."""
    return next(d.value for d in at.dataframe if "识别为" in d.value.columns)


def test_upload_shows_mapping_preview_and_imports_with_outcome(open_page):
    at = upload(open_page("collect"), ("weibo.csv", CSV))
    text_box = next(s for s in at.selectbox if s.label.startswith("正文"))
    assert text_box.value == "微博正文"
    page = shown(at)
    assert "138****5678" in page and "13812345678" not in page  # the mapping samples and the preview are masked
    assert "平台 微博（依据：表头）" in page
    start_import(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["读取行数"] == "2" and metrics["新增"] == "1" and metrics["拒收"] == "1"
    assert summary(at)[["文件", "读取", "新增", "重复", "拒收"]].values.tolist() == [["weibo.csv", 2, 1, 0, 1]]
    assert any("正文为空" in df.value.to_string() for df in at.dataframe)
    con = db.connect()
    assert con.execute("SELECT external_id, likes, platform FROM posts").fetchall() == [("4987654321012345", 12000, "微博")]
    assert audit_rows(con, "ingest_batches")[0][:3] == ("测试员", "ingest", "ingest_batches")


def test_corrected_mapping_is_saved_as_a_profile_and_reused(open_page):
    content = "编号,发帖人,帖子,时间\nx1,甲,食堂又涨价了,2024-05-02 08:00\n".encode("utf-8")
    at = upload(open_page("collect"), ("forum.csv", content))
    # "帖子" is not a known text header: the analyst picks it, then the platform, then saves the mapping.
    assert any("没有找到正文列" in e.value for e in at.error)
    next(s for s in at.selectbox if s.label.startswith("正文")).select("帖子")
    at.run()
    assert "无法从文件判断平台" in shown(at) and at.button(key="ingest_start").disabled
    next(s for s in at.selectbox if s.label.startswith("默认平台")).select("内部论坛")
    at.run()
    assert not at.button(key="ingest_start").disabled
    next(t for t in at.text_input if t.label.startswith("保存为映射方案")).input("内部论坛导出")
    next(b for b in at.button if b.label == "保存映射方案").click()
    at.run()
    assert not at.exception and not at.error
    con = db.connect()
    assert con.execute("SELECT name, platform FROM mapping_profiles").fetchall() == [("内部论坛导出", "内部论坛")]
    assert audit_rows(con, "mapping_profiles")[0][:2] == ("测试员", "save")
    # The next file of that shape gets the profile, and its platform, automatically.
    again = upload(open_page("collect"), ("forum2.csv", content))
    assert any("内部论坛导出" in i.value for i in again.info)
    assert next(s for s in again.selectbox if s.label.startswith("正文")).value == "帖子"
    assert next(s for s in again.selectbox if s.label.startswith("默认平台")).value == "内部论坛"
    start_import(again)
    assert con.execute("SELECT platform, external_id FROM posts").fetchall() == [("内部论坛", "x1")]


def test_unreadable_upload_gets_a_clear_message(open_page):
    at = upload(open_page("collect"), ("empty.csv", b""))
    assert any("空文件" in e.value for e in at.error)
    assert db.connect().execute("SELECT count(*) FROM ingest_batches").fetchone()[0] == 0


def test_mediacrawler_contents_and_comments_uploaded_together(open_page, tmp_path):
    comments = write(tmp_path, "weibo", "comments", OLD, "csv")
    contents = write(tmp_path, "weibo", "contents", OLD, "csv")
    files = [(p.name, p.read_bytes()) for p in (comments, contents)]
    at = upload(open_page("collect"), *files)
    page = shown(at)
    assert "识别为 **MediaCrawler · 微博评论**（评论）" in page and "识别为 **MediaCrawler · 微博内容**（帖子）" in page
    assert "2026-07 前（user_id） 格式" in page and "平台 微博（依据：表头）" in page
    mappings = [d.value for d in at.dataframe if list(d.value.columns) == ["字段", "来自列", "示例"]]
    assert ["所属帖子ID", "note_id", "5041234567890123"] in mappings[0].values.tolist()
    assert ["回复的评论或帖子ID", "parent_comment_id / note_id", "5041234567899001"] in mappings[0].values.tolist()
    start_import(at)
    assert summary(at)[["文件", "识别为", "读取", "新增"]].values.tolist() == [
        ["search_comments_2026-05-01.csv", "MediaCrawler · 微博评论", 2, 2],
        ["search_contents_2026-05-01.csv", "MediaCrawler · 微博内容", 1, 1]]
    con = db.connect()
    assert con.execute("SELECT post_kind, external_id, parent_external_id FROM posts ORDER BY published_at").fetchall() == [
        ("post", "5041234567890123", None), ("comment", "5041234567899001", "5041234567890123"),
        ("comment", "5041234567899002", "5041234567899001")]
    assert con.execute("SELECT count(*) FROM analyses").fetchone()[0] == 3  # the post-insert steps ran
    again = start_import(upload(open_page("collect"), *files))
    assert summary(again)["新增"].tolist() == [0, 0] and summary(again)["重复"].tolist() == [2, 1]


def test_sitong_workbook_through_the_page(open_page, tmp_path):
    book = Workbook()
    book.active.title = "舆情数据"
    book.active.append(SITONG_HEADER)
    for row in SITONG_ROWS:
        book.active.append(row)
    path = tmp_path / "export.xlsx"
    book.save(path)
    at = upload(open_page("collect"), ("思通导出.xlsx", path.read_bytes()))
    assert "识别为 **思通舆情 · 舆情数据导出**（帖子）" in shown(at)
    assert not any(s.label.startswith("默认平台") for s in at.selectbox)  # every row tells its platform
    start_import(at)
    assert summary(at)[["读取", "新增"]].values.tolist() == [[4, 4]]
    assert db.connect().execute("SELECT platform FROM posts ORDER BY id").fetchall() == [
        ("微博",), ("新闻网站",), ("抖音",), ("今日头条",)]


def test_mediacrawler_workbook_shows_each_sheet_and_counts_each(open_page, tmp_path):
    book = write_workbook(tmp_path / "xhs_search_20260501_120000.xlsx", "xhs", NEW)
    at = upload(open_page("collect"), (book.name, book.read_bytes()))
    assert [unescaped(e.label) for e in at.expander if e.label.endswith(("Contents", "Comments", "Creators"))] == [
        "xhs_search_20260501_120000.xlsx · Contents", "xhs_search_20260501_120000.xlsx · Comments",
        "xhs_search_20260501_120000.xlsx · Creators"]
    assert "识别为 **MediaCrawler · 小红书作者**（作者资料）" in shown(at)
    start_import(at)
    assert summary(at)[["文件", "读取", "新增"]].values.tolist() == [
        ["xhs_search_20260501_120000.xlsx（Contents）", 1, 1], ["xhs_search_20260501_120000.xlsx（Comments）", 2, 2],
        ["xhs_search_20260501_120000.xlsx（Creators）", 1, 1]]
    assert db.connect().execute("SELECT author_followers FROM posts WHERE post_kind = 'post'").fetchall() == [(15000,)]


def test_trendradar_database_through_the_page(open_page, tmp_path):
    path = trendradar_db(tmp_path / "news.db")
    at = upload(open_page("collect"), ("2026-11-20.db", path.read_bytes()))
    assert "识别为 **TrendRadar · 热榜条目**（帖子）" in shown(at) and "格式 SQLITE" in shown(at)
    start_import(at)
    assert summary(at)[["读取", "新增"]].values.tolist() == [[3, 3]]
    assert [r[0] for r in db.connect().execute("SELECT platform FROM posts ORDER BY id").fetchall()] == [
        "微博", "今日头条", "华尔街见闻"]
