"""The upload panel of 采集监测 through Streamlit's AppTest (real entry point, real DuckDB file)."""
from __future__ import annotations

from conftest import audit_rows

from workbench import db

CSV = ("微博id,用户昵称,微博正文,发布时间,点赞数\n"
       "4987654321012345,小王,公司拖欠工资，联系13812345678,2024-05-01 12:00,1.2万\n"
       "4987654321012346,小李,,2024-05-01 13:00,3\n").encode("gbk")


def upload(at, name: str, content: bytes):
    at.tabs[0].file_uploader[0].set_value((name, content, "text/csv"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_upload_shows_mapping_preview_and_imports_with_outcome(open_page):
    at = upload(open_page("collect"), "weibo.csv", CSV)
    text_box = next(s for s in at.selectbox if s.label.startswith("正文"))
    assert text_box.value == "微博正文"
    shown = at.dataframe[0].value.to_string()
    assert "138****5678" in shown and "13812345678" not in shown  # the preview is masked
    at.button(key="ingest_start").click()
    at.run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["读取行数"] == "2" and metrics["新增"] == "1" and metrics["拒收"] == "1"
    assert any("正文为空" in df.value.to_string() for df in at.dataframe)
    con = db.connect()
    assert con.execute("SELECT external_id, likes FROM posts").fetchall() == [("4987654321012345", 12000)]
    assert audit_rows(con, "ingest_batches")[0][:3] == ("测试员", "ingest", "ingest_batches")


def test_corrected_mapping_is_saved_as_a_profile_and_reused(open_page):
    content = "编号,发帖人,帖子,时间\nx1,甲,食堂又涨价了,2024-05-02 08:00\n".encode("utf-8")
    at = upload(open_page("collect"), "forum.csv", content)
    # "帖子" is not a known text header: the analyst picks it, then saves the mapping.
    assert any("没有找到正文列" in e.value for e in at.error)
    next(s for s in at.selectbox if s.label.startswith("正文")).select("帖子")
    at.run()
    next(s for s in at.selectbox if s.label.startswith("默认平台")).select("内部论坛")
    at.run()
    next(t for t in at.text_input if t.label.startswith("保存为映射方案")).input("内部论坛导出")
    next(b for b in at.button if b.label == "保存映射方案").click()
    at.run()
    assert not at.exception and not at.error
    con = db.connect()
    assert con.execute("SELECT name, platform FROM mapping_profiles").fetchall() == [("内部论坛导出", "内部论坛")]
    assert audit_rows(con, "mapping_profiles")[0][:2] == ("测试员", "save")
    # The next file of that shape gets the profile automatically.
    again = upload(open_page("collect"), "forum2.csv", content)
    assert any("内部论坛导出" in i.value for i in again.info)
    assert next(s for s in again.selectbox if s.label.startswith("正文")).value == "帖子"


def test_unreadable_upload_gets_a_clear_message(open_page):
    at = upload(open_page("collect"), "empty.csv", b"")
    assert any("空文件" in e.value for e in at.error)
    assert db.connect().execute("SELECT count(*) FROM ingest_batches").fetchone()[0] == 0
