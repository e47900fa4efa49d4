"""形象指数 per monitored employer, uploads included (their employer comes from the 主体词), and the
repair plan: positive actions with their dates and the index before and after each."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from conftest import audit_rows

from workbench.incidents import entities
from workbench.review import reputation

TZ = ZoneInfo("Asia/Shanghai")
DAY0 = datetime(2026, 11, 1, tzinfo=TZ)


def _post(con, day: int, sentiment: str, text: str, employer: str | None = None) -> None:
    at = DAY0 + timedelta(days=day, hours=10)
    pid = con.execute("INSERT INTO posts (platform, text, text_masked, content_hash, published_at, employer)"
                      " VALUES ('上传', ?, ?, md5(? || ?), ?, ?) RETURNING id",
                      [text, text, text, str(at), at, employer]).fetchone()[0]
    con.execute("INSERT INTO analyses (post_id, sentiment) VALUES (?, ?)", [pid, sentiment])


@pytest.fixture
def uploads(store):
    """Uploaded posts carry no employer: 6 a day that name 云帆 (by an alias or a misspelling), 3 about another."""
    entities.replace_all(store, [{"name": "云帆物流", "aliases": ["云帆", "云凡物流"]}, {"name": "星河科技"}], actor="王敏")
    for day in range(10):
        mood = ["负面"] * 5 + ["正面"] if day < 5 else ["正面"] * 4 + ["中性", "负面"]
        for n, s in enumerate(mood):
            _post(store, day, s, f"{'云凡物流' if n % 2 else '云帆'}的分拣站第{day}天第{n}条")
        for n in range(3):
            _post(store, day, "负面", f"星河科技加班第{day}天第{n}条")
    return store


def test_uploaded_posts_count_for_the_employer_their_text_names(uploads):
    index = reputation.daily(uploads, "云帆物流", DAY0, DAY0 + timedelta(days=10))
    assert len(index) == 10 and index["posts"].tolist() == [6] * 10
    assert index["index"].round(1).tolist()[:5] == [16.7] * 5  # 50 × (1 + (1 − 5) / 6)
    assert index["index"].round(1).tolist()[5:] == [75.0] * 5
    assert reputation.daily(uploads, "星河科技", DAY0, DAY0 + timedelta(days=10))["posts"].tolist() == [3] * 10


def test_the_monitored_employers_come_first(uploads):
    uploads.execute("INSERT INTO incidents (title, status, employer) VALUES ('x', '待研判', '华辰制造')")
    assert reputation.subjects(uploads) == ["云帆物流", "星河科技", "华辰制造"]


def test_thin_days_have_no_index(uploads):
    index = reputation.daily(uploads, "星河科技", DAY0, DAY0 + timedelta(days=3))
    assert index["index"].isna().all()  # 3 posts a day, fewer than MIN_POSTS


def test_repair_plan_reads_the_index_before_and_after_each_action(uploads):
    done = reputation.add_repair_action(uploads, "云帆物流", "发布整改进展公告", "整改公告", DAY0 + timedelta(days=5), "王敏",
                                        owner="公关部")
    reputation.mark_repair_done(uploads, done, "王敏", DAY0 + timedelta(days=5))
    reputation.add_repair_action(uploads, "云帆物流", "员工关怀开放日", "员工关怀", DAY0 + timedelta(days=30), "王敏")
    plan = reputation.repair_plan(uploads, "云帆物流")
    assert plan["title"].tolist() == ["发布整改进展公告", "员工关怀开放日"]
    effects = reputation.repair_effects(reputation.daily(uploads, "云帆物流", DAY0, DAY0 + timedelta(days=10)), plan,
                                        now=DAY0 + timedelta(days=12))
    first, second = effects.to_dict("records")
    assert round(first["index_before"], 1) == 16.7 and round(first["index_after"], 1) == 75.0
    assert "回升" in first["reading"] and "（5 天）" in first["reading"]
    assert second["reading"] == "尚未实施" and pd.isna(second["index_after"])
    assert [r[1] for r in audit_rows(uploads, "repair_action")] == ["create", "done", "create"]


def test_bad_repair_input_is_refused_in_chinese(store):
    with pytest.raises(ValueError, match="请填写修复行动"):
        reputation.add_repair_action(store, "云帆物流", " ", "整改公告", DAY0, "王敏")
    with pytest.raises(ValueError, match="类型只能是"):
        reputation.add_repair_action(store, "云帆物流", "公益", "捐款", DAY0, "王敏")


def test_postmortem_page_adds_a_repair_action_for_the_chosen_employer(uploads, open_page):
    at = open_page("postmortem")
    assert at.selectbox(key="repair_employer").options == ["云帆物流", "星河科技"]
    at.text_input(key="repair_title").set_value("发布整改进展公告")
    at.selectbox(key="repair_kind").set_value("整改公告")
    next(b for b in at.button if b.label == "加入计划").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert reputation.repair_plan(uploads, "云帆物流")["title"].tolist() == ["发布整改进展公告"]
    assert audit_rows(uploads, "repair_action")[0][:3] == ("测试员", "create", "repair_action")


def test_an_incident_without_employer_says_how_to_get_an_index(uploads, open_page):
    uploads.execute("INSERT INTO incidents (title, status, opened_at) VALUES ('无主体事件', '处置中', ?)", [DAY0])
    at = open_page("postmortem")
    assert not at.exception
    assert any("未识别出涉事企业" in c.value and "主体词" in c.value for c in at.caption)
