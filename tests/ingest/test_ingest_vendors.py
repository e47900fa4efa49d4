"""Monitoring vendors' exports and TrendRadar's hot-list database: each row's platform from its own
columns or link, the vendor's sentiment kept beside ours."""
from __future__ import annotations

import sqlite3

from cli_runs import counts, ingest, rows
from openpyxl import Workbook

SITONG_HEADER = ["序号", "标题", "摘要", "情感", "涉及词", "来源", "作者", "发布时间", "原文地址"]
SITONG_ROWS = [
    [1, "某物流公司被曝拖欠司机运费", "多名货车司机反映某物流公司拖欠运费超过半年，讨要无果。", "负面", "拖欠;运费", "微博", "货车司机老李",
     "2026-05-03 08:15:00", "https://weibo.com/7012345111/O2aBcDeFg"],
    [2, "劳动监察部门介入某电子厂欠薪事件", "记者从当地人社局获悉，已责令企业限期支付工资。", "中性", "欠薪;人社局", "澎湃新闻", "",
     "2026-05-03 10:00:00", "https://www.thepaper.cn/newsDetail_forward_30000001"],
    [3, "工地工人高空作业无防护", "视频显示工人在高空作业时没有系安全带。", "负面", "安全", "抖音", "工地记录者",
     "2026-05-03 11:30:00", "https://www.douyin.com/video/7365123456789099999"],
    [4, "某公司年会现场视频走红", "员工自编节目调侃加班文化，网友直呼真实。", "正面", "年会;加班", "今日头条", "职场观察",
     "2026-05-03 12:00:00", "https://www.toutiao.com/article/7360000000000000001/"],
]


def test_sitong_excel_export_rows_keep_their_own_platform_and_the_vendors_sentiment(tmp_path):
    book = Workbook()
    book.active.title = "统计"  # a summary sheet the export also carries: not posts, left alone
    book.active.append(["情感", "条数"])
    book.active.append(["负面", 2])
    sheet = book.create_sheet("舆情数据")
    sheet.append(SITONG_HEADER)
    for row in SITONG_ROWS:
        sheet.append(row)
    path = tmp_path / "思通舆情导出.xlsx"
    book.save(path)
    assert [counts(r) for r in ingest(tmp_path / "s.duckdb", path)] == [(4, 4, 0, 0)]
    assert rows(tmp_path / "s.duckdb", "SELECT platform, site, title, author, vendor_sentiment, external_id = url FROM posts ORDER BY id") == [
        ("微博", "微博", "某物流公司被曝拖欠司机运费", "货车司机老李", "负面", True),
        ("新闻网站", "澎湃新闻", "劳动监察部门介入某电子厂欠薪事件", None, "中性", True),
        ("抖音", "抖音", "工地工人高空作业无防护", "工地记录者", "负面", True),
        ("今日头条", "今日头条", "某公司年会现场视频走红", "职场观察", "正面", True),
    ]
    assert [counts(r) for r in ingest(tmp_path / "s.duckdb", path)] == [(4, 0, 4, 0)]


def test_generic_vendor_export_is_matched_by_its_chinese_headers(tmp_path):
    path = tmp_path / "舆情监测导出.csv"
    path.write_text(
        "文章标题,内容,原文链接,发布时间,媒体名称,渠道,情感倾向,阅读量,评论量,地区\n"
        "员工爆料：公司强制周六上班,员工称公司以项目紧为由连续三个月周六上班，没有加班费。,https://mp.weixin.qq.com/s/AbCdEf,"
        "2026-05-04 09:00,职场那些事,微信,负面,1.2万,35,广东\n"
        "某厂裁员补偿方案公布,公司公布裁员补偿按 N+1 执行。,https://www.zhihu.com/question/623456789,2026-05-04 10:00,"
        "知乎,,中性,3000,120,北京\n",
        encoding="gbk")
    assert [counts(r) for r in ingest(tmp_path / "g.duckdb", path)] == [(2, 2, 0, 0)]
    assert rows(tmp_path / "g.duckdb", "SELECT platform, site, vendor_sentiment, views, comments, region FROM posts ORDER BY id") == [
        ("微信", "职场那些事", "负面", 12000, 35, "广东"),
        ("知乎", "知乎", "中性", 3000, 120, "北京"),
    ]


def trendradar_db(path, *, with_dates: bool = True):
    """A TrendRadar news database with its own schema (platforms, news_items)."""
    con = sqlite3.connect(path)
    con.executescript("""
        CREATE TABLE platforms (id TEXT PRIMARY KEY, name TEXT NOT NULL, is_active INTEGER DEFAULT 1,
                                updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);
        CREATE TABLE news_items (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, platform_id TEXT NOT NULL,
            rank INTEGER NOT NULL, url TEXT DEFAULT '', mobile_url TEXT DEFAULT '', crawl_date TEXT NOT NULL DEFAULT '',
            first_crawl_time TEXT NOT NULL, last_crawl_time TEXT NOT NULL, crawl_count INTEGER DEFAULT 1,
            created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);
    """)
    con.executemany("INSERT INTO platforms (id, name) VALUES (?, ?)",
                    [("weibo", "微博"), ("toutiao", "今日头条"), ("wallstreetcn-hot", "华尔街见闻")])
    day = "2026-11-20" if with_dates else ""
    con.executemany(
        "INSERT INTO news_items (title, platform_id, rank, url, mobile_url, crawl_date, first_crawl_time, last_crawl_time, crawl_count)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [
            ("某外卖平台骑手集体停工讨薪", "weibo", 3, "https://s.weibo.com/weibo?q=%23骑手停工%23", "", day, "09-30", "11-00", 4),
            ("多地推进新就业形态劳动者权益保障", "toutiao", 12, "https://www.toutiao.com/trending/7360000000000000002/", "",
             day, "10-00", "10-30", 2),
            ("某科技公司宣布裁员 10%", "wallstreetcn-hot", 1, "https://wallstreetcn.com/articles/3712345", "", day, "10-15",
             "12-00", 6),
        ])
    con.commit()
    con.close()
    return path


def test_trendradar_hot_list_items_become_posts_of_their_platform(tmp_path):
    path = trendradar_db(tmp_path / "news.db")
    assert [counts(r) for r in ingest(tmp_path / "t.duckdb", path)] == [(3, 3, 0, 0)]
    assert rows(tmp_path / "t.duckdb", "SELECT platform, text, strftime(published_at AT TIME ZONE 'Asia/Shanghai', "
                "'%Y-%m-%d %H:%M'), external_id = url FROM posts ORDER BY id") == [
        ("微博", "某外卖平台骑手集体停工讨薪", "2026-11-20 09:30", True),
        ("今日头条", "多地推进新就业形态劳动者权益保障", "2026-11-20 10:00", True),
        ("华尔街见闻", "某科技公司宣布裁员 10%", "2026-11-20 10:15", True),
    ]
    assert [counts(r) for r in ingest(tmp_path / "t.duckdb", path)] == [(3, 0, 3, 0)]


def test_trendradar_without_crawl_dates_takes_the_day_from_the_file_name(tmp_path):
    path = trendradar_db(tmp_path / "2026-11-21.db", with_dates=False)
    ingest(tmp_path / "d.duckdb", path)
    assert rows(tmp_path / "d.duckdb", "SELECT strftime(published_at AT TIME ZONE 'Asia/Shanghai', '%Y-%m-%d %H:%M') "
                "FROM posts ORDER BY id LIMIT 1") == [("2026-11-21 09:30",)]


def test_another_sqlite_database_is_a_clear_error(tmp_path, capsys):
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (x TEXT)")
    con.commit()
    con.close()
    assert ingest(tmp_path / "e.duckdb", path, expect=2) == []
    err = capsys.readouterr().err
    assert err.startswith("workbench: 错误：") and "news_items" in err and err.count("\n") == 1
