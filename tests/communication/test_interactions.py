"""The interaction log: who answered which post, where, when, and how the public took it."""
import pytest
from conftest import audit_rows

from workbench.communication import interactions


@pytest.fixture
def incident(store):
    iid = store.execute("INSERT INTO incidents (title, status) VALUES ('欠薪', '处置中') RETURNING id").fetchone()[0]
    rows = [("k1", None, "2026-11-20 02:00+08", "负面", "云帆物流拖欠工资，联系 13812345678", 90),
            ("r1", "k1", "2026-11-20 06:00+08", "负面", "官方回复也没用", 1),
            ("r2", "k1", "2026-11-20 07:00+08", "中性", "等周五看看", 1),
            ("r0", "k1", "2026-11-20 03:00+08", "负面", "回复之前的评论", 1)]
    for ext, parent, at, sentiment, text, likes in rows:
        pid = store.execute(
            "INSERT INTO posts (platform, external_id, parent_external_id, author, text, text_masked, content_hash,"
            " published_at, likes) VALUES ('微博', ?, ?, '网友', ?, ?, md5(?), ?, ?) RETURNING id",
            [ext, parent, text, text.replace("13812345678", "138****5678"), ext, at, likes],
        ).fetchone()[0]
        store.execute("INSERT INTO analyses (post_id, sentiment) VALUES (?, ?)", [pid, sentiment])
        store.execute("INSERT INTO incident_posts (incident_id, post_id) VALUES (?, ?)", [iid, pid])
    return iid


def test_a_reply_is_logged_with_what_the_post_drew_afterwards(store, incident):
    key = int(interactions.key_posts(store, incident).iloc[0]["post_id"])
    iid = interactions.log_reply(store, incident, platform="微博", responder="@云帆物流官方", reply="您好，工资本周五前发放一半",
                                 actor="王敏", post_id=key, replied_at="2026-11-20 05:00+08")
    row = interactions.listing(store, incident).iloc[0]
    assert (row["id"], row["responder"], row["outcome"]) == (iid, "@云帆物流官方", "待观察")
    assert (row["later_replies"], row["later_negative"]) == (2, 1)  # the 03:00 comment came before the answer
    assert "13812345678" not in row["post_text"]
    interactions.set_outcome(store, iid, "继续质疑", "李文", "评论区仍质疑发放时间")
    row = interactions.listing(store, incident).iloc[0]
    assert (row["outcome"], row["outcome_note"], row["updated_by"]) == ("继续质疑", "评论区仍质疑发放时间", "李文")
    assert [r[1] for r in audit_rows(store, "interaction")] == ["set_outcome", "create"]


def test_bad_input_is_refused_in_chinese(store, incident):
    with pytest.raises(ValueError, match="请填写回复内容"):
        interactions.log_reply(store, incident, platform="微博", responder="客服", reply=" ", actor="王敏")
    with pytest.raises(ValueError, match="不属于该事件"):
        interactions.log_reply(store, incident, platform="微博", responder="客服", reply="您好", actor="王敏", post_id=999)
    with pytest.raises(ValueError, match="互动结果只能是"):
        interactions.log_reply(store, incident, platform="微博", responder="客服", reply="您好", actor="王敏", outcome="好")
    assert store.execute("SELECT count(*) FROM interactions").fetchone()[0] == 0
