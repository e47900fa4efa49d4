"""dataabc's weibo-crawler (posts CSV and JSON, comments CSV) and weibo-search, as they write them."""
from __future__ import annotations

import csv
import json

from cli_runs import counts, ingest, rows

# weibo-crawler with Live Photo and edit columns, crawling reposts too (是否原创 and 源微博… follow).
CRAWLER_HEADER = ("id,bid,正文,头条文章url,原始图片url,视频url,Live Photo视频url,位置,日期,工具,点赞数,评论数,转发数,话题,@用户,"
                  "完整日期,是否编辑过,编辑次数,是否原创,源用户id,源用户昵称,源微博id,源微博bid,源微博正文,源微博头条文章url,"
                  "源微博原始图片url,源微博视频url,源微博Live Photo视频url,源微博位置,源微博日期,源微博工具,源微博点赞数,"
                  "源微博评论数,源微博转发数,源微博话题,源微博@用户,源微博完整日期,源微博是否编辑过,源微博编辑次数").split(",")
CRAWLER_ROWS = [
    ["5041234567890123", "O1aBcDeFg", "公司连续三个月拖欠工资，HR 只说再等等", "", "", "", "", "广州", "2026-05-01", "iPhone客户端",
     1203, 45, 7, "欠薪", "", "2026-05-01 12:00:00", False, 0, True] + [""] * 20,
    ["5041234567890555", "O1aBcDeZz", "转发一下，希望更多人看到//@工友小刘:我们也没拿到", "", "", "", "", "", "2026-05-01",
     "微博网页版", 3, 1, 0, "", "工友小刘", "2026-05-01 15:30:00", False, 0, False, "7012345777", "工友小刘",
     "5041234567890444", "O1aBcDeYy", "我们也没拿到三月的工资", "", "", "", "", "", "2026-05-01", "Android", 88, 20, 5,
     "", "", "2026-05-01 14:00:00", False, 0],
]
# An older file, originals only, before Live Photo and edit counts.
OLDER_HEADER = "id,bid,正文,头条文章url,原始图片url,视频url,位置,日期,工具,点赞数,评论数,转发数,话题,@用户,完整日期".split(",")
OLDER_ROWS = [["4987654321012345", "Nk3aBcDeF", "年终奖取消了还要求春节值班", "", "", "", "", "2024-01-20", "HUAWEI Mate 60",
               "1.1万", 230, 45, "", "", "2024-01-20 09:00:00"]]


def write_csv(path, header, records):
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(records)
    return path


def test_weibo_crawler_posts_csv_with_reposts_and_the_author_from_its_folder(tmp_path):
    path = write_csv(tmp_path / "weibo" / "打工人阿强" / "6012345678.csv", CRAWLER_HEADER, CRAWLER_ROWS)
    assert [counts(r) for r in ingest(tmp_path / "w.duckdb", path)] == [(2, 2, 0, 0)]
    got = rows(tmp_path / "w.duckdb",
               "SELECT platform, external_id, author, author_id, strftime(published_at AT TIME ZONE 'Asia/Shanghai', '%m-%d %H:%M'),"
               " likes, comments, reposts, parent_external_id, parent_author, url FROM posts ORDER BY published_at")
    assert got == [
        ("微博", "5041234567890123", "打工人阿强", "6012345678", "05-01 12:00", 1203, 45, 7, None, None,
         "https://m.weibo.cn/detail/5041234567890123"),
        ("微博", "5041234567890555", "打工人阿强", "6012345678", "05-01 15:30", 3, 1, 0, "5041234567890444", "工友小刘",
         "https://m.weibo.cn/detail/5041234567890555"),
    ]
    assert [counts(r) for r in ingest(tmp_path / "w.duckdb", path)] == [(2, 0, 2, 0)]


def test_weibo_crawler_older_file_uploaded_on_its_own(tmp_path):
    path = write_csv(tmp_path / "6012345678.csv", OLDER_HEADER, OLDER_ROWS)
    assert [counts(r) for r in ingest(tmp_path / "o.duckdb", path)] == [(1, 1, 0, 0)]
    assert rows(tmp_path / "o.duckdb", "SELECT platform, author, author_id, likes, "
                "strftime(published_at AT TIME ZONE 'Asia/Shanghai', '%Y-%m-%d %H:%M') FROM posts") == [
        ("微博", None, "6012345678", 11000, "2024-01-20 09:00")]


def test_weibo_crawler_json_and_comments(tmp_path):
    user = {"id": 6012345678, "screen_name": "打工人阿强", "gender": "m", "followers_count": 5230, "follow_count": 210,
            "description": "普通打工人", "verified": False}
    weibo = [
        {"user_id": 6012345678, "screen_name": "打工人阿强", "id": 5041234567890123, "bid": "O1aBcDeFg",
         "text": "公司连续三个月拖欠工资，HR 只说再等等", "article_url": "", "pics": "", "video_url": "", "location": "广州",
         "created_at": "2026-05-01", "source": "iPhone客户端", "attitudes_count": 1203, "comments_count": 45,
         "reposts_count": 7, "topics": "欠薪", "at_users": "", "full_created_at": "2026-05-01 12:00:00", "edited": False,
         "edit_count": 0},
        {"user_id": 6012345678, "screen_name": "打工人阿强", "id": 5041234567890555, "bid": "O1aBcDeZz",
         "text": "转发一下，希望更多人看到", "article_url": "", "pics": "", "video_url": "", "location": "",
         "created_at": "2026-05-01", "source": "微博网页版", "attitudes_count": 3, "comments_count": 1, "reposts_count": 0,
         "topics": "", "at_users": "", "full_created_at": "2026-05-01 15:30:00", "edited": False, "edit_count": 0,
         "retweet": {"user_id": 7012345777, "screen_name": "工友小刘", "id": 5041234567890444, "bid": "O1aBcDeYy",
                     "text": "我们也没拿到三月的工资", "created_at": "2026-05-01", "full_created_at": "2026-05-01 14:00:00",
                     "attitudes_count": 88, "comments_count": 20, "reposts_count": 5}},
    ]
    posts = tmp_path / "weibo" / "打工人阿强" / "6012345678.json"
    posts.parent.mkdir(parents=True)
    posts.write_text(json.dumps({"user": user, "weibo": weibo}, ensure_ascii=False), encoding="utf-8")
    comments = write_csv(tmp_path / "comments.csv", "id,weibo_id,created_at,user_screen_name,text,pic_url,like_count".split(","), [
        ["5041234567899001", "5041234567890123", "Fri May 01 13:05:00 +0800 2026", "路人甲", "我们厂也是，去劳动监察大队投诉吧", "", 12],
        ["5041234567899002", "5041234567890123", "Fri May 01 14:10:00 +0800 2026", "路人乙", "去年也这样，最后仲裁赢了", "", 3],
    ])
    assert [counts(r) for r in ingest(tmp_path / "j.duckdb", comments, posts)] == [(2, 2, 0, 0), (2, 2, 0, 0)]
    got = rows(tmp_path / "j.duckdb",
               "SELECT post_kind, external_id, root_external_id, parent_external_id, author, author_followers, likes,"
               " strftime(published_at AT TIME ZONE 'Asia/Shanghai', '%m-%d %H:%M') FROM posts ORDER BY published_at")
    assert got == [
        ("post", "5041234567890123", None, None, "打工人阿强", 5230, 1203, "05-01 12:00"),
        ("comment", "5041234567899001", "5041234567890123", "5041234567890123", "路人甲", None, 12, "05-01 13:05"),
        ("comment", "5041234567899002", "5041234567890123", "5041234567890123", "路人乙", None, 3, "05-01 14:10"),
        ("post", "5041234567890555", None, "5041234567890444", "打工人阿强", 5230, 3, "05-01 15:30"),
    ]
    # The CSV of the same posts adds nothing: same platform, kind and id.
    same = write_csv(tmp_path / "weibo" / "打工人阿强" / "6012345678.csv", CRAWLER_HEADER, CRAWLER_ROWS)
    assert [counts(r) for r in ingest(tmp_path / "j.duckdb", same)] == [(2, 0, 2, 0)]


def test_weibo_search_results(tmp_path):
    header = ("id,bid,user_id,用户昵称,微博正文,头条文章url,发布位置,艾特用户,话题,转发数,评论数,点赞数,发布时间,发布工具,"
              "微博图片url,微博视频url,retweet_id,ip,user_authentication,会员类型,会员等级").split(",")
    path = write_csv(tmp_path / "结果文件" / "欠薪" / "欠薪.csv", header, [
        ["5041234567890777", "O1aBcDeXx", "7012345888", "外卖骑手阿明", "平台又降了配送费，罚款却越来越多 #外卖骑手#", "", "深圳",
         "", "外卖骑手", 56, 210, 1300, "2026-05-02 20:15", "iPhone 15", "", "", "", "广东", "普通用户", "普通会员", 0],
        ["5041234567890778", "O1aBcDeWw", "7012345999", "法律人老张", "转发：骑手也可以主张劳动关系", "", "", "", "", 3, 0, 12,
         "2026-05-02 21:00", "微博网页版", "", "", "5041234567890777", "北京", "黄V", "年费会员", 6],
    ])
    assert [counts(r) for r in ingest(tmp_path / "s.duckdb", path)] == [(2, 2, 0, 0)]
    assert rows(tmp_path / "s.duckdb", "SELECT platform, external_id, author, author_id, likes, comments, reposts,"
                " parent_external_id, region, url FROM posts ORDER BY id") == [
        ("微博", "5041234567890777", "外卖骑手阿明", "7012345888", 1300, 210, 56, None, "广东",
         "https://weibo.com/7012345888/O1aBcDeXx"),
        ("微博", "5041234567890778", "法律人老张", "7012345999", 12, 0, 3, "5041234567890777", "北京",
         "https://weibo.com/7012345999/O1aBcDeWw"),
    ]
