"""Uploads in the shapes people really have, through `workbench ingest --json` (exact counts)."""
from __future__ import annotations

import json

import pytest
from openpyxl import Workbook

from workbench import db
from workbench.cli import main

WEIBO_HEADER = "微博id,用户昵称,微博正文,发布时间,转发数,评论数,点赞数,源微博id\n"
WEIBO_ROWS = [
    "4987654321012345,打工人小王,公司又拖欠工资三个月了，联系我13812345678,2024-05-01 12:00,1.2万,10w+,\"1,234\",",
    "4987654321012346,匿名用户,,2024-05-01 13:00,1,2,3,",
    "4987654321012347,老李,加班到凌晨三点没有加班费,昨天下午,1,2,3,",
    "4987654321012348,路人甲,转发：公司又拖欠工资三个月了，联系我13812345678,2024年5月1日 14:30,0,0,0,4987654321012345",
    "4987654321012345,打工人小王,公司又拖欠工资三个月了，联系我13812345678,2024-05-01 12:00,1.2万,10w+,\"1,234\",",
]


def run_ingest(capsys, *args):
    """Run `workbench ingest … --json`; return (exit code, parsed JSON objects, stderr)."""
    code = main(["ingest", *map(str, args), "--json"])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines() if line.strip()], err


def store_counts():
    con = db.connect()
    return tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("posts", "ingest_batches"))


@pytest.fixture
def gbk_csv(tmp_path):
    path = tmp_path / "微博导出.csv"
    path.write_bytes((WEIBO_HEADER + "\n".join(WEIBO_ROWS) + "\n").encode("gbk"))
    return path


def test_gbk_csv_with_chinese_headers_counts_and_values(gbk_csv, capsys):
    code, [report], _ = run_ingest(capsys, gbk_csv)
    assert code == 0
    assert report == {
        "file": str(gbk_csv), "rows_read": 5, "inserted": 2, "duplicates": 1, "rejected": 2,
        "errors": [{"row": 2, "reason": "正文为空"}, {"row": 3, "reason": "发布时间无法解析：昨天下午"}],
        "new_incidents": 0, "alerts": 0,  # what the incidents cycle after the import raised
    }
    con = db.connect()
    rows = con.execute(
        "SELECT external_id, platform, text, text_masked, strftime(published_at AT TIME ZONE 'Asia/Shanghai', '%Y-%m-%d %H:%M'),"
        " reposts, comments, likes, parent_external_id, near_dup_of, source_id FROM posts ORDER BY id").fetchall()
    first, second = rows
    assert first[:3] == ("4987654321012345", "微博", "公司又拖欠工资三个月了，联系我13812345678")
    assert "13812345678" not in first[3] and "138****5678" in first[3]
    assert first[4:9] == ("2024-05-01 12:00", 12000, 100000, 1234, None)
    assert second[4] == "2024-05-01 14:30" and second[8] == "4987654321012345"
    # The repost with a prefix is kept and linked to the original, not dropped.
    assert second[9] == con.execute("SELECT id FROM posts WHERE external_id = '4987654321012345'").fetchone()[0]
    assert con.execute("SELECT name, kind FROM sources WHERE id = ?", [first[10]]).fetchone() == ("上传：微博", "upload")


def test_second_ingest_of_the_same_file_inserts_nothing(gbk_csv, capsys):
    run_ingest(capsys, gbk_csv)
    code, [again], _ = run_ingest(capsys, gbk_csv)
    assert code == 0 and again["inserted"] == 0 and again["duplicates"] == 3 and again["rejected"] == 2
    assert store_counts() == (2, 2)


def test_utf8_bom_tsv_export_with_english_headers(tmp_path, capsys):
    path = tmp_path / "export.txt"  # extension says nothing: format and encoding come from the bytes
    lines = ["note_id\tnickname\tdesc\tcreate_time\tliked_count\tcomment_count\tshare_count\tnote_url",
             "64a1b2c3000000001e03a1b2\t小红薯123\t面试被问婚育情况，这算歧视吗\t1714536000000\t2.3k\t45\t6\thttps://www.xiaohongshu.com/explore/64a1b2c3",
             "64a1b2c3000000001e03a1b3\t职场新人\t入职第一天就让签自愿放弃社保\t2024-05-02T09:30:00+08:00\t\t\t\t"]
    path.write_bytes("\ufeff".encode() + "\n".join(lines).encode("utf-8"))
    code, [report], _ = run_ingest(capsys, path)
    assert (code, report["rows_read"], report["inserted"], report["rejected"]) == (0, 2, 2, 0)
    con = db.connect()
    got = con.execute("SELECT external_id, platform, author, likes, comments, url, "
                      "strftime(published_at AT TIME ZONE 'Asia/Shanghai', '%Y-%m-%d %H:%M') FROM posts ORDER BY id").fetchall()
    assert got[0] == ("64a1b2c3000000001e03a1b2", "小红书", "小红薯123", 2300, 45,
                      "https://www.xiaohongshu.com/explore/64a1b2c3", "2024-05-01 12:00")
    assert got[1][3:5] == (0, 0) and got[1][6] == "2024-05-02 09:30"


def test_xlsx_with_long_numeric_ids_keeps_every_digit(tmp_path, capsys):
    path = tmp_path / "舆情.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(["ID", "作者", "内容", "日期", "点赞数"])
    sheet.append([4987654321012345, "张三", "年终奖取消了还要求加班", "2024/5/1", 12])
    sheet.append(["4987654321012399", "李四", "HR说不签竞业就不发工资", 45413.5, "1.1万"])  # text id; Excel serial date
    book.save(path)
    code, [report], err = run_ingest(capsys, path)
    assert code == 0 and report["inserted"] == 2, report
    ids = [r[0] for r in db.connect().execute("SELECT external_id FROM posts ORDER BY id").fetchall()]
    assert ids == ["4987654321012345", "4987654321012399"]


def test_xlsx_float_ids_warn_that_precision_was_lost(tmp_path, capsys):
    path = tmp_path / "float.xlsx"
    book = Workbook()
    book.active.append(["mid", "正文", "发布时间"])
    book.active.append([4.987654321012345e17, "公司裁员没有赔偿", "2024-05-01 08:00"])
    book.save(path)
    code, [report], err = run_ingest(capsys, path)
    assert code == 0 and report["inserted"] == 1
    assert "精度" in err


def test_vendor_json_and_jsonl(tmp_path, capsys):
    vendor = tmp_path / "vendor.json"
    vendor.write_text(json.dumps({"code": 0, "data": [
        {"id": 4987654321012345, "content": "某厂宣布全员降薪30%", "publish_time": "2024-05-01 10:00:00",
         "user": {"nickname": "科技观察"}, "platform": "weibo", "reposts_count": 120},
        {"id": 4987654321012346, "content": "", "publish_time": "2024-05-01 11:00:00", "user": {"nickname": "x"}},
    ]}, ensure_ascii=False), encoding="utf-8")
    lines = tmp_path / "stream.jsonl"
    lines.write_text("\n".join([
        json.dumps({"mid": "5000000000000001", "text": "食堂又涨价了", "created_at": 1714536000, "author": "a"}, ensure_ascii=False),
        "{这不是 JSON",
        json.dumps({"mid": "5000000000000002", "text": "保安被打了，公司不管", "created_at": "2024-05-01T02:00:00Z", "author": "b"}, ensure_ascii=False),
    ]), encoding="utf-8")
    code, reports, _ = run_ingest(capsys, vendor, lines)
    assert code == 0
    assert [(r["rows_read"], r["inserted"], r["rejected"]) for r in reports] == [(2, 1, 1), (3, 2, 1)]
    assert reports[1]["errors"][0]["row"] == 2 and "JSON" in reports[1]["errors"][0]["reason"]
    con = db.connect()
    assert con.execute("SELECT external_id, platform, author, reposts FROM posts ORDER BY id LIMIT 1").fetchone() == (
        "4987654321012345", "微博", "科技观察", 120)
    assert con.execute("SELECT strftime(published_at AT TIME ZONE 'Asia/Shanghai', '%H:%M') FROM posts "
                       "WHERE external_id = '5000000000000002'").fetchone() == ("10:00",)


def test_embedded_newlines_and_formula_cells_never_reach_an_export_unescaped(tmp_path, capsys):
    path = tmp_path / "formula.csv"
    path.write_text('id,author,text,time\n'
                    'a1,"=HYPERLINK(""http://evil.example"",""点我"")","第一行\n第二行：公司拖欠工资",2024-05-01 09:00\n'
                    'a2,@SUM(1+1),"=1+2 也是正文",2024-05-01 10:00\n', encoding="utf-8")
    code, [report], _ = run_ingest(capsys, path, "--platform", "知乎")
    assert (code, report["rows_read"], report["inserted"]) == (0, 2, 2)
    con = db.connect()
    assert con.execute("SELECT text FROM posts WHERE external_id = 'a1'").fetchone()[0] == "第一行\n第二行：公司拖欠工资"
    assert main(["query", "ingest_batch_posts", "--param", "batch_id=1", "--param", "limit=10"]) == 0
    exported = capsys.readouterr().out
    assert "'=HYPERLINK" in exported and "'@SUM" in exported and "'=1+2" in exported
    assert ",=" not in exported and ",@" not in exported


@pytest.mark.parametrize("content,reason", [
    (b"", "空文件"),
    (b"   \n\n", "空文件"),
    (b"\x00\x01\x02\x03PKbinary\x00\x00", "二进制"),
    (b"PK\x03\x04 not really a zip", "Excel"),
    (b"{\"data\": [1, 2", "JSON"),
    (b"{\"data\": {\"total\": 0}}", "帖子列表"),
    ("编号,金额\n1,2\n".encode("gbk"), "正文列"),
    ("作者,正文\n".encode("utf-8"), "没有任何数据"),
])
def test_unreadable_files_get_one_clear_line_and_change_nothing(tmp_path, capsys, content, reason):
    db.connect()
    before = store_counts()
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    code, reports, err = run_ingest(capsys, path)
    assert code == 2 and reports == []
    assert err.startswith("workbench: 错误：") and err.count("\n") == 1 and reason in err, err
    assert store_counts() == before


def test_missing_file_is_a_clear_error(tmp_path, capsys):
    code, _, err = run_ingest(capsys, tmp_path / "nope.csv")
    assert code == 2 and "找不到文件" in err


def test_bad_rows_are_reported_and_good_rows_kept(tmp_path, capsys):
    path = tmp_path / "ragged.csv"
    path.write_bytes("id,正文,时间\n1,第一条,2024-05-01\n2,多了一列,2024-05-01,额外\n3,第三条,2024-13-45\n4,第四条,\n"
                     .encode("gbk"))
    code, [report], _ = run_ingest(capsys, path)
    assert code == 0
    assert (report["rows_read"], report["inserted"], report["rejected"]) == (4, 2, 2)
    assert sorted(report["errors"], key=lambda e: e["row"]) == [
        {"row": 2, "reason": "字段数不符：应为 3 个，实际 4 个"},
        {"row": 3, "reason": "发布时间无法解析：2024-13-45"},
    ]
