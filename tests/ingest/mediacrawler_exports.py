"""MediaCrawler exports written by hand, exactly as the tool writes them.

Headers are the tool's, in its order, for both schemas: before 2026-07 the author columns are
``user_id, nickname, …, ip_location`` (with avatar, gender, profile links); from 2026-07 only
``creator_hash, nickname``. Cells are as the tool writes them: Weibo counts as strings, 小红书
counts as ``1.2万``, ``create_time`` in seconds (微博, 抖音, B站, 知乎) or milliseconds (小红书, 快手),
贴吧 times as text, a top-level comment's ``parent_comment_id`` as its own id (微博), ``0`` or empty.

``write(root, folder, item, schema, fmt)`` puts a file where the tool puts it:
``data/{folder}/{fmt}/search_{item}_2026-05-01.{fmt}`` (CSV in utf-8-sig, JSON arrays, JSON Lines);
``write_workbook`` writes the workbook with the sheets Contents / Comments / Creators.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

from openpyxl import Workbook

OLD, NEW = "2026-07 前", "2026-07 起"


def _h(text: str) -> list[str]:
    return text.split(",")


HEADERS = {
    ("weibo", "contents", OLD): _h("note_id,content,create_time,create_date_time,liked_count,comments_count,shared_count,last_modify_ts,note_url,ip_location,user_id,nickname,gender,profile_url,avatar,source_keyword"),
    ("weibo", "contents", NEW): _h("note_id,content,create_time,create_date_time,liked_count,comments_count,shared_count,last_modify_ts,note_url,creator_hash,nickname,source_keyword"),
    ("weibo", "comments", OLD): _h("comment_id,create_time,create_date_time,note_id,content,sub_comment_count,comment_like_count,last_modify_ts,ip_location,parent_comment_id,user_id,nickname,gender,profile_url,avatar"),
    ("weibo", "comments", NEW): _h("comment_id,create_time,create_date_time,note_id,content,sub_comment_count,comment_like_count,last_modify_ts,parent_comment_id,creator_hash,nickname"),
    ("weibo", "creators", OLD): _h("user_id,nickname,gender,avatar,desc,ip_location,follows,fans,tag_list,last_modify_ts"),
    ("weibo", "creators", NEW): _h("creator_hash,nickname,desc,follows,fans,tag_list,last_modify_ts"),
    ("xhs", "contents", OLD): _h("note_id,type,title,desc,video_url,time,last_update_time,user_id,nickname,avatar,liked_count,collected_count,comment_count,share_count,ip_location,image_list,tag_list,last_modify_ts,note_url,source_keyword,xsec_token"),
    ("xhs", "contents", NEW): _h("note_id,type,title,desc,video_url,time,last_update_time,creator_hash,nickname,liked_count,collected_count,comment_count,share_count,image_list,tag_list,last_modify_ts,note_url,source_keyword,xsec_token"),
    ("xhs", "comments", OLD): _h("comment_id,create_time,ip_location,note_id,content,user_id,nickname,avatar,sub_comment_count,pictures,parent_comment_id,last_modify_ts,like_count"),
    ("xhs", "comments", NEW): _h("comment_id,create_time,note_id,content,creator_hash,nickname,sub_comment_count,pictures,parent_comment_id,last_modify_ts,like_count"),
    ("xhs", "creators", OLD): _h("user_id,nickname,gender,avatar,desc,ip_location,follows,fans,interaction,tag_list,last_modify_ts"),
    ("xhs", "creators", NEW): _h("creator_hash,nickname,desc,follows,fans,interaction,tag_list,last_modify_ts"),
    ("douyin", "contents", OLD): _h("aweme_id,aweme_type,title,desc,create_time,user_id,sec_uid,short_user_id,user_unique_id,user_signature,nickname,avatar,liked_count,collected_count,comment_count,share_count,ip_location,last_modify_ts,aweme_url,cover_url,video_download_url,music_download_url,note_download_url,source_keyword"),
    ("douyin", "contents", NEW): _h("aweme_id,aweme_type,title,desc,create_time,creator_hash,nickname,liked_count,collected_count,comment_count,share_count,last_modify_ts,aweme_url,cover_url,video_download_url,music_download_url,note_download_url,source_keyword"),
    ("douyin", "comments", OLD): _h("comment_id,create_time,ip_location,aweme_id,content,user_id,sec_uid,short_user_id,user_unique_id,user_signature,nickname,avatar,sub_comment_count,like_count,last_modify_ts,parent_comment_id,pictures"),
    ("douyin", "comments", NEW): _h("comment_id,create_time,aweme_id,content,creator_hash,nickname,sub_comment_count,like_count,last_modify_ts,parent_comment_id,pictures"),
    ("douyin", "creators", OLD): _h("user_id,nickname,gender,avatar,desc,ip_location,follows,fans,interaction,videos_count,last_modify_ts"),
    ("douyin", "creators", NEW): _h("creator_hash,nickname,desc,follows,fans,interaction,videos_count,last_modify_ts"),
    ("kuaishou", "contents", OLD): _h("video_id,video_type,title,desc,create_time,user_id,nickname,avatar,liked_count,viewd_count,last_modify_ts,video_url,video_cover_url,video_play_url,source_keyword"),
    ("kuaishou", "contents", NEW): _h("video_id,video_type,title,desc,create_time,creator_hash,nickname,liked_count,viewd_count,last_modify_ts,video_url,video_cover_url,video_play_url,source_keyword"),
    ("kuaishou", "comments", OLD): _h("comment_id,create_time,video_id,content,user_id,nickname,avatar,sub_comment_count,last_modify_ts"),
    ("kuaishou", "comments", NEW): _h("comment_id,create_time,video_id,content,creator_hash,nickname,sub_comment_count,last_modify_ts"),
    ("kuaishou", "creators", OLD): _h("user_id,nickname,gender,avatar,desc,ip_location,follows,fans,interaction,last_modify_ts"),
    ("kuaishou", "creators", NEW): _h("creator_hash,nickname,desc,follows,fans,interaction,last_modify_ts"),
    ("bilibili", "contents", OLD): _h("video_id,video_type,title,desc,create_time,user_id,nickname,avatar,liked_count,disliked_count,video_play_count,video_favorite_count,video_share_count,video_coin_count,video_danmaku,video_comment,last_modify_ts,video_url,video_cover_url,source_keyword"),
    ("bilibili", "contents", NEW): _h("video_id,video_type,title,desc,create_time,creator_hash,nickname,liked_count,disliked_count,video_play_count,video_favorite_count,video_share_count,video_coin_count,video_danmaku,video_comment,last_modify_ts,video_url,video_cover_url,source_keyword"),
    ("bilibili", "comments", OLD): _h("comment_id,parent_comment_id,create_time,video_id,content,user_id,nickname,sex,sign,avatar,sub_comment_count,like_count,last_modify_ts"),
    ("bilibili", "comments", NEW): _h("comment_id,parent_comment_id,create_time,video_id,content,creator_hash,nickname,sub_comment_count,like_count,last_modify_ts"),
    ("bilibili", "creators", OLD): _h("user_id,nickname,sex,sign,avatar,last_modify_ts,total_fans,total_liked,user_rank,is_official"),
    ("bilibili", "creators", NEW): _h("creator_hash,nickname,sign,last_modify_ts,total_fans,total_liked,user_rank,is_official"),
    ("tieba", "contents", OLD): _h("note_id,title,desc,note_url,publish_time,user_link,user_nickname,user_avatar,tieba_name,tieba_link,total_replay_num,total_replay_page,ip_location,source_keyword,last_modify_ts"),
    ("tieba", "contents", NEW): _h("note_id,title,desc,note_url,publish_time,creator_hash,nickname,tieba_name,tieba_link,total_replay_num,total_replay_page,source_keyword,last_modify_ts"),
    ("tieba", "comments", OLD): _h("comment_id,parent_comment_id,content,user_link,user_nickname,user_avatar,publish_time,ip_location,sub_comment_count,note_id,note_url,tieba_id,tieba_name,tieba_link,last_modify_ts"),
    ("tieba", "comments", NEW): _h("comment_id,parent_comment_id,content,creator_hash,nickname,publish_time,sub_comment_count,note_id,note_url,tieba_id,tieba_name,tieba_link,last_modify_ts"),
    ("tieba", "creators", OLD): _h("user_id,user_name,nickname,gender,avatar,ip_location,follows,fans,registration_duration,last_modify_ts"),
    ("tieba", "creators", NEW): _h("creator_hash,nickname,follows,fans,registration_duration,last_modify_ts"),
    ("zhihu", "contents", OLD): _h("content_id,content_type,content_text,content_url,question_id,title,desc,created_time,updated_time,voteup_count,comment_count,source_keyword,user_id,user_link,user_nickname,user_avatar,user_url_token,last_modify_ts"),
    ("zhihu", "contents", NEW): _h("content_id,content_type,content_text,content_url,question_id,title,desc,created_time,updated_time,voteup_count,comment_count,source_keyword,creator_hash,nickname,last_modify_ts"),
    ("zhihu", "comments", OLD): _h("comment_id,parent_comment_id,content,publish_time,ip_location,sub_comment_count,like_count,dislike_count,content_id,content_type,user_id,user_link,user_nickname,user_avatar,last_modify_ts"),
    ("zhihu", "comments", NEW): _h("comment_id,parent_comment_id,content,publish_time,sub_comment_count,like_count,dislike_count,content_id,content_type,creator_hash,nickname,last_modify_ts"),
    ("zhihu", "creators", OLD): _h("user_id,user_link,user_nickname,user_avatar,url_token,gender,ip_location,follows,fans,anwser_count,video_count,question_count,article_count,column_count,get_voteup_count,last_modify_ts"),
    ("zhihu", "creators", NEW): _h("creator_hash,nickname,follows,fans,anwser_count,video_count,question_count,article_count,column_count,get_voteup_count,last_modify_ts"),
}

TS = 1777700000000  # last_modify_ts: when the crawler wrote the row (milliseconds)

# One post, a top-level comment and a reply to it, and the post's author, per platform. Each row
# holds every column of both schemas (a file takes the ones its headers name). The author keeps
# the same user_id / creator_hash in every file, as the crawler writes it.
ROWS = {
    "weibo": {
        "contents": [dict(
            note_id="5041234567890123", content="公司连续三个月拖欠工资，HR 只说再等等 #欠薪#", create_time=1777608000,
            create_date_time="2026-05-01 12:00:00", liked_count="1203", comments_count="45", shared_count="7",
            last_modify_ts=TS, note_url="https://m.weibo.cn/detail/5041234567890123", ip_location="广东",
            user_id="6012345678", nickname="打工人阿强", gender="m", profile_url="https://m.weibo.cn/u/6012345678",
            avatar="https://tvax1.sinaimg.cn/crop.0.0.180.180.180/a1.jpg", source_keyword="欠薪", creator_hash="a3f1c2d4e5b60718")],
        "comments": [
            dict(comment_id="5041234567899001", create_time=1777611900, create_date_time="2026-05-01 13:05:00",
                 note_id="5041234567890123", content="我们厂也是，去劳动监察大队投诉吧", sub_comment_count="1",
                 comment_like_count="12", last_modify_ts=TS, ip_location="北京", parent_comment_id="5041234567899001",
                 user_id="7012345001", nickname="路人甲", gender="f", profile_url="https://m.weibo.cn/u/7012345001",
                 avatar="", creator_hash="0c1d2e3f4a5b6c7d"),
            dict(comment_id="5041234567899002", create_time=1777615800, create_date_time="2026-05-01 14:10:00",
                 note_id="5041234567890123", content="回复@路人甲:投诉有用，上个月刚拿回工资", sub_comment_count="0",
                 comment_like_count="3", last_modify_ts=TS, ip_location="上海", parent_comment_id="5041234567899001",
                 user_id="7012345002", nickname="路人乙", gender="m", profile_url="https://m.weibo.cn/u/7012345002",
                 avatar="", creator_hash="1d2e3f4a5b6c7d8e"),
        ],
        "creators": [dict(user_id="6012345678", nickname="打工人阿强", gender="Male", avatar="", desc="普通打工人",
                          ip_location="广东", follows="210", fans="5230", tag_list="", last_modify_ts=TS,
                          creator_hash="a3f1c2d4e5b60718")],
    },
    "xhs": {
        "contents": [dict(
            note_id="6630a1b2000000001e03f9c1", type="normal", title="面试被问婚育情况，这算歧视吗",
            desc="面试被问婚育情况，这算歧视吗？HR 说是例行了解 #职场 #面试", video_url="", time=1777685400000,
            last_update_time=1777685400000, user_id="5f1e2d3c000000000100a1b2", nickname="小红薯打工记",
            avatar="https://sns-avatar-qc.xhscdn.com/avatar/1.jpg", liked_count="1.2万", collected_count="3456",
            comment_count="890", share_count="120", ip_location="浙江", image_list="https://sns-img-qc.xhscdn.com/1.jpg",
            tag_list="职场,面试", last_modify_ts=TS,
            note_url="https://www.xiaohongshu.com/explore/6630a1b2000000001e03f9c1?xsec_token=ABc1&xsec_source=pc_search",
            source_keyword="面试歧视", xsec_token="ABc1", creator_hash="b7e6d5c4b3a29180")],
        "comments": [
            dict(comment_id="6630b0c1000000001f00aa01", create_time=1777688100000, ip_location="江苏",
                 note_id="6630a1b2000000001e03f9c1", content="这就是就业歧视，可以向人社局反映",
                 user_id="5a0000000000000000000001", nickname="职场老鸟", avatar="", sub_comment_count="1", pictures="",
                 parent_comment_id=0, last_modify_ts=TS, like_count="56", creator_hash="2e3f4a5b6c7d8e9f"),
            dict(comment_id="6630b0c1000000001f00aa02", create_time=1777689000000, ip_location="上海",
                 note_id="6630a1b2000000001e03f9c1", content="我也被问过，真的很反感", user_id="5a0000000000000000000002",
                 nickname="面试中", avatar="", sub_comment_count="0", pictures="", parent_comment_id="6630b0c1000000001f00aa01",
                 last_modify_ts=TS, like_count="2", creator_hash="3f4a5b6c7d8e9fa0"),
        ],
        "creators": [dict(user_id="5f1e2d3c000000000100a1b2", nickname="小红薯打工记", gender="Female", avatar="",
                          desc="记录打工日常", ip_location="浙江", follows="88", fans="1.5万", interaction="9.8万",
                          tag_list='{"profession": "运营"}', last_modify_ts=TS, creator_hash="b7e6d5c4b3a29180")],
    },
    "douyin": {
        "contents": [dict(
            aweme_id="7365123456789012345", aweme_type="0", title="工厂强制加班到凌晨，不加就扣钱",
            desc="工厂强制加班到凌晨，不加就扣钱", create_time=1777692000, user_id="98765432101", sec_uid="MS4wLjABAAAAabc",
            short_user_id="123456789", user_unique_id="dy_worker", user_signature="流水线上的普通人", nickname="流水线小李",
            avatar="https://p3-pc.douyinpic.com/aweme/100x100/a.jpeg", liked_count="25000", collected_count="800",
            comment_count="3100", share_count="950", ip_location="河南", last_modify_ts=TS,
            aweme_url="https://www.douyin.com/video/7365123456789012345", cover_url="", video_download_url="",
            music_download_url="", note_download_url="", source_keyword="强制加班", creator_hash="c8d7e6f5a4b39201")],
        "comments": [
            dict(comment_id="7365200000000000001", create_time=1777692600, ip_location="河南", aweme_id="7365123456789012345",
                 content="举报到 12333，别忍着", user_id="11111111111", sec_uid="MS4wLjABAAAAx1", short_user_id="1",
                 user_unique_id="", user_signature="", nickname="热心网友", avatar="", sub_comment_count="2", like_count=340,
                 last_modify_ts=TS, parent_comment_id="0", pictures="", creator_hash="4a5b6c7d8e9fa0b1"),
            dict(comment_id="7365200000000000002", create_time=1777693200, ip_location="湖北", aweme_id="7365123456789012345",
                 content="打了，说会转给监察大队", user_id="98765432101", sec_uid="MS4wLjABAAAAabc", short_user_id="123456789",
                 user_unique_id="dy_worker", user_signature="", nickname="流水线小李", avatar="", sub_comment_count="0",
                 like_count=15, last_modify_ts=TS, parent_comment_id="7365200000000000001", pictures="",
                 creator_hash="c8d7e6f5a4b39201"),
        ],
        "creators": [dict(user_id="98765432101", nickname="流水线小李", gender="Male", avatar="", desc="流水线上的普通人",
                          ip_location="河南", follows=35, fans=4200, interaction=98000, videos_count=56, last_modify_ts=TS,
                          creator_hash="c8d7e6f5a4b39201")],
    },
    "kuaishou": {
        "contents": [dict(
            video_id="3xk9a7bz2m4p6q8", video_type="1", title="快递站说好的五险一金一直没交", desc="快递站说好的五险一金一直没交",
            create_time=1777608000000, user_id="3x7yq2w8e4r6t1u", nickname="快递小哥老周", avatar="",
            liked_count="3402", viewd_count="150000", last_modify_ts=TS,
            video_url="https://www.kuaishou.com/short-video/3xk9a7bz2m4p6q8", video_cover_url="", video_play_url="",
            source_keyword="五险一金", creator_hash="d9e8f7a6b5c40312")],
        "comments": [
            dict(comment_id="812345678901", create_time=1777611900000, video_id="3xk9a7bz2m4p6q8",
                 content="可以去社保局查缴费记录", user_id="3x1aaaaaaaaaaaa", nickname="网友甲", avatar="",
                 sub_comment_count="0", last_modify_ts=TS, creator_hash="5b6c7d8e9fa0b1c2"),
            dict(comment_id="812345678902", create_time=1777615800000, video_id="3xk9a7bz2m4p6q8",
                 content="同样情况，已经离职维权", user_id="3x1bbbbbbbbbbbb", nickname="网友乙", avatar="",
                 sub_comment_count="0", last_modify_ts=TS, creator_hash="6c7d8e9fa0b1c2d3"),
        ],
        "creators": [dict(user_id="3x7yq2w8e4r6t1u", nickname="快递小哥老周", gender="Male", avatar="", desc="快递十年",
                          ip_location="", follows=12, fans=860, interaction=45, last_modify_ts=TS,
                          creator_hash="d9e8f7a6b5c40312")],
    },
    "bilibili": {
        "contents": [dict(
            video_id="1705123456", video_type="video", title="实习生被要求无偿加班一个月，我录下来了",
            desc="记录一下实习期间的真实经历，仅供参考", create_time=1777615800, user_id="35123456", nickname="实习生日记",
            avatar="", liked_count="8800", disliked_count="0", video_play_count="210000", video_favorite_count="5600",
            video_share_count="730", video_coin_count="4100", video_danmaku="1500", video_comment="960",
            last_modify_ts=TS, video_url="https://www.bilibili.com/video/av1705123456", video_cover_url="",
            source_keyword="无偿加班", creator_hash="e0f9a8b7c6d51423")],
        "comments": [
            dict(comment_id="245678901234", parent_comment_id="0", create_time=1777619400, video_id="1705123456",
                 content="实习也受劳动法保护吗？求科普", user_id="12345678", nickname="吃瓜群众", sex="保密", sign="",
                 avatar="", sub_comment_count="1", like_count=77, last_modify_ts=TS, creator_hash="7d8e9fa0b1c2d3e4"),
            dict(comment_id="245678901299", parent_comment_id="245678901234", create_time=1777623000,
                 video_id="1705123456", content="在校实习一般不算劳动关系，但可以主张报酬", user_id="23456789",
                 nickname="法律up", sex="男", sign="", avatar="", sub_comment_count="0", like_count=30,
                 last_modify_ts=TS, creator_hash="8e9fa0b1c2d3e4f5"),
        ],
        "creators": [dict(user_id="35123456", nickname="实习生日记", sex="女", sign="记录实习", avatar="",
                          last_modify_ts=TS, total_fans=23000, total_liked=180000, user_rank=5, is_official=-1,
                          creator_hash="e0f9a8b7c6d51423")],
    },
    "tieba": {
        "contents": [dict(
            note_id="9012345678", title="某电子厂暑假工克扣工资，有一起维权的吗",
            desc="某电子厂暑假工说好时薪22，结算只按18算，有一起维权的吗", note_url="https://tieba.baidu.com/p/9012345678",
            publish_time="2026-05-01 12:00", user_link="https://tieba.baidu.com/home/main/?id=tb.1.abcd",
            user_nickname="暑假工小王", user_avatar="", tieba_name="打工吧", tieba_link="https://tieba.baidu.com/f?kw=打工",
            total_replay_num=132, total_replay_page=5, ip_location="广东", source_keyword="克扣工资", last_modify_ts=TS,
            creator_hash="f1a0b9c8d7e62534", nickname="暑假工小王")],
        "comments": [
            dict(comment_id="150123456789", parent_comment_id="", content="我也是这个厂的，算我一个",
                 user_link="https://tieba.baidu.com/home/main/?id=tb.1.efgh", user_nickname="同厂工友", user_avatar="",
                 publish_time="2026-05-01 13:05", ip_location="湖南", sub_comment_count=2, note_id="9012345678",
                 note_url="https://tieba.baidu.com/p/9012345678", tieba_id="12345", tieba_name="打工吧",
                 tieba_link="https://tieba.baidu.com/f?kw=打工", last_modify_ts=TS, creator_hash="9fa0b1c2d3e4f5a6",
                 nickname="同厂工友"),
            dict(comment_id="150123456790", parent_comment_id="150123456789", content="建议先保存好考勤记录",
                 user_link="https://tieba.baidu.com/home/main/?id=tb.1.ijkl", user_nickname="老工人", user_avatar="",
                 publish_time="2026-05-01 14:10", ip_location="江西", sub_comment_count=0, note_id="9012345678",
                 note_url="https://tieba.baidu.com/p/9012345678", tieba_id="12345", tieba_name="打工吧",
                 tieba_link="https://tieba.baidu.com/f?kw=打工", last_modify_ts=TS, creator_hash="a0b1c2d3e4f5a6b7",
                 nickname="老工人"),
        ],
        "creators": [dict(user_id="tb.1.abcd", user_name="shujiagong_w", nickname="暑假工小王", gender="男", avatar="",
                          ip_location="广东", follows=10, fans=36, registration_duration="3.5年", last_modify_ts=TS,
                          creator_hash="f1a0b9c8d7e62534")],
    },
    "zhihu": {
        "contents": [dict(
            content_id="3456789012", content_type="answer", content_text="作为 HR 说几句：试用期辞退也必须有合法理由，否则可以要求赔偿金",
            content_url="https://www.zhihu.com/question/612345678/answer/3456789012", question_id="612345678",
            title="试用期被无故辞退可以要求赔偿吗？", desc="作为 HR 说几句", created_time=1777685400, updated_time=1777685400,
            voteup_count=2345, comment_count=210, source_keyword="试用期辞退", user_id="a1b2c3d4e5f6",
            user_link="https://www.zhihu.com/people/hr-laozhang", user_nickname="HR老张", user_avatar="",
            user_url_token="hr-laozhang", last_modify_ts=TS, creator_hash="0a1b2c3d4e5f6071", nickname="HR老张")],
        "comments": [
            dict(comment_id="10987654321", parent_comment_id="", content="收藏了，下周就去仲裁", publish_time=1777688100,
                 ip_location="北京", sub_comment_count=1, like_count=45, dislike_count=0, content_id="3456789012",
                 content_type="answer", user_id="b2c3d4e5f6a7", user_link="", user_nickname="准备仲裁的人", user_avatar="",
                 last_modify_ts=TS, creator_hash="b1c2d3e4f5a6b7c8", nickname="准备仲裁的人"),
            dict(comment_id="10987654399", parent_comment_id="10987654321", content="仲裁前先收集好证据",
                 publish_time=1777692000, ip_location="上海", sub_comment_count=0, like_count=8, dislike_count=0,
                 content_id="3456789012", content_type="answer", user_id="a1b2c3d4e5f6", user_link="",
                 user_nickname="HR老张", user_avatar="", last_modify_ts=TS, creator_hash="0a1b2c3d4e5f6071",
                 nickname="HR老张"),
        ],
        "creators": [dict(user_id="a1b2c3d4e5f6", user_link="https://www.zhihu.com/people/hr-laozhang",
                          user_nickname="HR老张", user_avatar="", url_token="hr-laozhang", gender="男", ip_location="北京",
                          follows=120, fans=35000, anwser_count=230, video_count=0, question_count=3, article_count=12,
                          column_count=1, get_voteup_count=98000, last_modify_ts=TS, creator_hash="0a1b2c3d4e5f6071",
                          nickname="HR老张")],
    },
}

# What the store must hold for each platform: the post, then the comments in file order.
# author_id and followers: (before 2026-07, from 2026-07); followers as the creators file gives them.
# post: (external_id, local time, likes, comments, reposts, views, author, url starts with)
# comment: (external_id, root_external_id, parent_external_id, local time, likes, author)
EXPECTED = {
    "weibo": dict(platform="微博", author_id=("6012345678", "a3f1c2d4e5b60718"), followers=(5230, 5230),
                  post=("5041234567890123", "2026-05-01 12:00", 1203, 45, 7, 0, "打工人阿强", "https://m.weibo.cn/detail/"),
                  comments=[("5041234567899001", "5041234567890123", "5041234567890123", "2026-05-01 13:05", 12, "路人甲"),
                            ("5041234567899002", "5041234567890123", "5041234567899001", "2026-05-01 14:10", 3, "路人乙")]),
    "xhs": dict(platform="小红书", author_id=("5f1e2d3c000000000100a1b2", "b7e6d5c4b3a29180"), followers=(15000, 15000),
                post=("6630a1b2000000001e03f9c1", "2026-05-02 09:30", 12000, 890, 120, 0, "小红薯打工记",
                      "https://www.xiaohongshu.com/explore/"),
                comments=[("6630b0c1000000001f00aa01", "6630a1b2000000001e03f9c1", "6630a1b2000000001e03f9c1",
                           "2026-05-02 10:15", 56, "职场老鸟"),
                          ("6630b0c1000000001f00aa02", "6630a1b2000000001e03f9c1", "6630b0c1000000001f00aa01",
                           "2026-05-02 10:30", 2, "面试中")]),
    "douyin": dict(platform="抖音", author_id=("98765432101", "c8d7e6f5a4b39201"), followers=(4200, 4200),
                   post=("7365123456789012345", "2026-05-02 11:20", 25000, 3100, 950, 0, "流水线小李",
                         "https://www.douyin.com/video/"),
                   comments=[("7365200000000000001", "7365123456789012345", "7365123456789012345", "2026-05-02 11:30", 340,
                              "热心网友"),
                             ("7365200000000000002", "7365123456789012345", "7365200000000000001", "2026-05-02 11:40", 15,
                              "流水线小李")]),
    "kuaishou": dict(platform="快手", author_id=("3x7yq2w8e4r6t1u", "d9e8f7a6b5c40312"), followers=(860, 860),
                     post=("3xk9a7bz2m4p6q8", "2026-05-01 12:00", 3402, 0, 0, 150000, "快递小哥老周",
                           "https://www.kuaishou.com/short-video/"),
                     comments=[("812345678901", "3xk9a7bz2m4p6q8", "3xk9a7bz2m4p6q8", "2026-05-01 13:05", 0, "网友甲"),
                               ("812345678902", "3xk9a7bz2m4p6q8", "3xk9a7bz2m4p6q8", "2026-05-01 14:10", 0, "网友乙")]),
    "bilibili": dict(platform="哔哩哔哩", author_id=("35123456", "e0f9a8b7c6d51423"), followers=(23000, 23000),
                     post=("1705123456", "2026-05-01 14:10", 8800, 960, 730, 210000, "实习生日记",
                           "https://www.bilibili.com/video/av"),
                     comments=[("245678901234", "1705123456", "1705123456", "2026-05-01 15:10", 77, "吃瓜群众"),
                               ("245678901299", "1705123456", "245678901234", "2026-05-01 16:10", 30, "法律up")]),
    "tieba": dict(platform="贴吧", author_id=("https://tieba.baidu.com/home/main/?id=tb.1.abcd", "f1a0b9c8d7e62534"),
                  followers=(None, 36),  # before 2026-07 a post names its author by link, a profile by id
                  post=("9012345678", "2026-05-01 12:00", 0, 132, 0, 0, "暑假工小王", "https://tieba.baidu.com/p/"),
                  comments=[("150123456789", "9012345678", "9012345678", "2026-05-01 13:05", 0, "同厂工友"),
                            ("150123456790", "9012345678", "150123456789", "2026-05-01 14:10", 0, "老工人")]),
    "zhihu": dict(platform="知乎", author_id=("a1b2c3d4e5f6", "0a1b2c3d4e5f6071"), followers=(35000, 35000),
                  post=("3456789012", "2026-05-02 09:30", 2345, 210, 0, 0, "HR老张", "https://www.zhihu.com/question/"),
                  comments=[("10987654321", "3456789012", "3456789012", "2026-05-02 10:15", 45, "准备仲裁的人"),
                            ("10987654399", "3456789012", "10987654321", "2026-05-02 11:20", 8, "HR老张")]),
}

SHEETS = {"contents": "Contents", "comments": "Comments", "creators": "Creators"}


def rows(folder: str, item: str, schema: str) -> list[dict]:
    """The rows of one file, each with exactly its schema's columns, in the tool's order."""
    headers = HEADERS[(folder, item, schema)]
    return [{h: row.get(h, "") for h in headers} for row in ROWS[folder][item]]


def write(root: Path, folder: str, item: str, schema: str, fmt: str) -> Path:
    """One export file where MediaCrawler puts it: ``data/{folder}/{fmt}/search_{item}_2026-05-01.{fmt}``."""
    path = root / "data" / folder / fmt / f"search_{item}_2026-05-01.{fmt}"
    path.parent.mkdir(parents=True, exist_ok=True)
    records = rows(folder, item, schema)
    if fmt == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=HEADERS[(folder, item, schema)])
            writer.writeheader()
            writer.writerows(records)
    elif fmt == "json":
        path.write_text(json.dumps(records, ensure_ascii=False, indent=4), encoding="utf-8")
    else:
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def write_workbook(path: Path, folder: str, schema: str, items=("contents", "comments", "creators")) -> Path:
    """A MediaCrawler workbook: one sheet per item, the header row first."""
    book = Workbook()
    book.remove(book.active)
    for item in items:
        sheet = book.create_sheet(SHEETS[item])
        sheet.append(HEADERS[(folder, item, schema)])
        for record in rows(folder, item, schema):
            sheet.append(list(record.values()))
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
