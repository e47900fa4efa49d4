"""The 跟踪反馈 and 复盘总结 pages: empty store, demo store, their writes persisted and audited."""
import pytest
from conftest import audit_rows
from response.response_fixtures import add_posts, make_incident, two_incidents

from workbench.response import statements


def _click(at, label):
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def seeded(store):
    iid = make_incident(store, status="已关闭")
    add_posts(store, iid, [(f"2026-11-20 {h:02d}:10:00+08", "负面" if h < 12 else "中性", f"帖{h}") for h in range(6, 18)])
    sid = statements.create(store, iid, "官方微博", "说明", "李文")
    for step in ("review", "approved"):
        statements.transition(store, sid, step, "赵总" if step == "approved" else "李文")
    statements.transition(store, sid, "published", "李文", now="2026-11-20 12:00:00+08")
    return iid, sid


@pytest.mark.parametrize("page", ["tracking", "postmortem"])
def test_empty_store_shows_a_friendly_note(page, store, open_page):
    at = open_page(page)
    assert at.title[0].value == {"tracking": "跟踪反馈", "postmortem": "复盘总结"}[page]
    assert any("暂无事件" in i.value for i in at.info)


def test_tracking_on_demo_store(demo_store, open_page):
    at = open_page("tracking")
    assert at.selectbox(key="tracking_incident").value is not None
    assert at.get("plotly_chart")


def test_tracking_shows_effects_and_records_assessment(store, seeded, open_page):
    iid, sid = seeded
    at = open_page("tracking", user="王敏")
    at.select_slider(key="tracking_window").set_value(6).run()
    effects = at.dataframe[0].value
    assert effects["before_volume"].tolist() == [6] and effects["after_volume"].tolist() == [6]
    assert effects["verdict"].tolist() == ["明显好转"] and effects["confidence"].tolist() == ["高"]  # 6/6 vs 0/6 negative
    assert effects["baseline"].tolist() == ["发布前 6 小时（2026-11-20 06:00 至 2026-11-20 12:00）"]
    assert at.dataframe[1].value["platform"].tolist() == ["微博"]  # the same per platform
    at.selectbox(key=f"assessment_statement_{iid}").set_value(sid)
    at.selectbox(key=f"assessment_verdict_{iid}").set_value("有效")
    at.text_area(key=f"assessment_note_{iid}").input("负面明显回落")
    _click(at, "记录评估")
    row = store.execute("SELECT statement_id, verdict, note, created_by, metrics FROM tracking_assessments").fetchone()
    assert row[:4] == (sid, "有效", "负面明显回落", "王敏") and '"window_hours": 6' in row[4]
    assert audit_rows(store, "tracking_assessment")[0][:2] == ("王敏", "create")


def test_postmortem_on_demo_store(demo_store, open_page):
    at = open_page("postmortem")
    assert at.selectbox(key="postmortem_incident").value is not None
    assert [s.value for s in at.subheader][:4] == ["关键指标", "时间线", "形象指数", "编辑复盘"]
    assert at.get("plotly_chart")  # the demo's employers have enough posts for the reputation index


def test_postmortem_edit_finalise_export_and_lesson(store, seeded, open_page):
    iid, _ = seeded
    at = open_page("postmortem", user="王敏")
    at.text_area(key=f"review_lessons_{iid}").input("回应要在黄金4小时内")
    at.text_area(key=f"review_improvements_{iid}").input("建立周末值班制度")
    at.radio(key=f"review_status_{iid}").set_value("已定稿")
    _click(at, "保存复盘")
    assert store.execute("SELECT status, updated_by FROM reviews").fetchone() == ("已定稿", "王敏")
    assert store.execute("SELECT status FROM incidents").fetchone()[0] == "已复盘"
    assert audit_rows(store, "review")[0][:2] == ("王敏", "finalise")

    at.button(key=f"review_export_{iid}").click().run()
    assert not at.exception
    assert store.execute("SELECT exported_at IS NOT NULL FROM reviews").fetchone()[0]
    assert audit_rows(store, "review")[0][1] == "export"
    preview = at.code[0].value
    assert "## 经验教训" in preview and "回应要在黄金4小时内" in preview

    at.text_area(key=f"lesson_text_{iid}").input("声明前先统一口径")
    at.text_input(key=f"lesson_tags_{iid}").input("口径、时效")
    _click(at, "加入案例库")
    assert store.execute("SELECT text, tags FROM lessons").fetchone() == ("声明前先统一口径", ["口径", "时效"])
    assert audit_rows(store, "lesson")[0][:2] == ("王敏", "create")
    assert "声明前先统一口径" in at.dataframe[-1].value["text"].tolist()


def test_tracking_says_observing_while_the_window_is_open(store, open_page):
    from workbench.response.clock import now_or
    from datetime import timedelta

    iid = make_incident(store)
    now = now_or()
    add_posts(store, iid, [((now - timedelta(hours=h)).isoformat(), "负面", f"前{h}") for h in range(1, 8)])
    sid = statements.create(store, iid, "官方微博", "说明", "李文")
    for step in ("review", "approved", "published"):
        statements.transition(store, sid, step, "赵总" if step == "approved" else "李文", now=now - timedelta(minutes=5))
    at = open_page("tracking")
    effects = at.dataframe[0].value
    assert effects["verdict"].tolist() == ["观察中"] and "还剩 23小时" in effects["explanation"][0]


def test_review_saves_its_own_incident_text_after_switching(store, open_page):
    first, second = two_incidents(store, status="已关闭")
    at = open_page("postmortem", user="王敏")
    at.selectbox(key="postmortem_incident").set_value(first).run()
    at.text_area(key=f"review_lessons_{first}").input("物流：回应太慢")
    at.selectbox(key="postmortem_incident").set_value(second).run()
    assert at.text_area(key=f"review_lessons_{second}").value == ""  # nothing of the first incident shows here
    at.text_area(key=f"review_lessons_{second}").input("餐饮：排班要公开")
    _click(at, "保存复盘")
    at.selectbox(key="postmortem_incident").set_value(first).run()
    at.text_area(key=f"review_lessons_{first}").input("物流：先核实再回应")
    _click(at, "保存复盘")
    import json
    saved = dict(store.execute("SELECT incident_id, body FROM reviews").fetchall())
    assert json.loads(saved[second])["经验教训"] == "餐饮：排班要公开"
    assert json.loads(saved[first])["经验教训"] == "物流：先核实再回应"
    assert "某物流公司拖欠工资" in json.loads(saved[first])["事件概要"]
    assert "某餐饮店强制加班" in json.loads(saved[second])["事件概要"]
