"""The 应对策划 page: empty store, demo store, and each of its writes persisted and audited."""
import pytest
from conftest import audit_rows
from response_fixtures import make_incident, two_incidents

from workbench.response import statements, talking_points


def _click(at, label):
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_empty_store_shows_a_friendly_note(store, open_page):
    at = open_page("response")
    assert at.title[0].value == "应对策划"
    assert any("暂无事件" in i.value for i in at.info)


def test_demo_store_renders_tabs_and_the_incident(demo_store, open_page):
    at = open_page("response")
    assert [t.label for t in at.tabs] == ["方案与分工", "口径", "声明", "行动", "核实台账", "相关方通报"]
    assert at.selectbox(key="response_incident").value is not None


@pytest.fixture
def seeded(store):
    return make_incident(store)


def test_create_plan_and_assign_role(store, seeded, open_page):
    at = open_page("response", user="王敏")
    at.text_input(key=f"plan_title_{seeded}").input("欠薪应对方案")
    at.text_input(key=f"plan_owner_{seeded}").input("刘海峰")
    _click(at, "创建方案")
    assert any("方案已创建" in s.value for s in at.success)
    assert store.execute("SELECT title, owner FROM plans").fetchall() == [("欠薪应对方案", "刘海峰")]
    assert audit_rows(store, "plan")[0][:2] == ("王敏", "create")
    at.selectbox(key=f"assign_role_{seeded}").set_value("新闻发言人")
    at.text_input(key=f"assign_person_{seeded}").input("李文")
    _click(at, "分配角色")
    assert store.execute("SELECT role, person FROM assignments").fetchall() == [("新闻发言人", "李文")]
    assert audit_rows(store, "assignment")[0][0] == "王敏"


def test_missing_owner_shows_chinese_error_and_writes_nothing(store, seeded, open_page):
    at = open_page("response")
    at.text_input(key=f"plan_title_{seeded}").input("方案")
    _click(at, "创建方案")
    assert any("请填写负责人" in e.value for e in at.error)
    assert store.execute("SELECT count(*) FROM plans").fetchone()[0] == 0


def test_apply_playbook_from_the_page(store, seeded, open_page):
    at = open_page("response", user="王敏")
    at.text_input(key=f"playbook_owner_{seeded}").input("刘海峰")
    _click(at, "按预案生成方案、口径模板和行动")
    assert store.execute("SELECT count(*) FROM actions").fetchone()[0] >= 3
    assert store.execute("SELECT count(*) FROM talking_points").fetchone()[0] >= 3


def test_talking_point_and_statement_flow(store, seeded, open_page):
    at = open_page("response", user="王敏")
    at.text_input(key=f"point_key_{seeded}").input("事实")
    at.text_area(key=f"point_value_{seeded}").input("涉及员工 120 人")
    _click(at, "保存口径")
    assert talking_points.points(store, seeded) == [{"key": "事实", "value": "涉及员工 120 人", "kind": "必含"}]
    assert audit_rows(store, "talking_point")[0][0] == "王敏"

    at.text_area(key=f"statement_body_{seeded}").input("经核实，涉及员工 100 人。")
    _click(at, "保存草稿")
    sid = store.execute("SELECT id FROM statements").fetchone()[0]
    at.button(key=f"move_{sid}_review_{seeded}").click().run()
    at.button(key=f"move_{sid}_approved_{seeded}").click().run()
    assert any("起草人以外的人批准" in e.value for e in at.error)  # the drafter does not approve
    assert store.execute("SELECT status FROM statements").fetchone()[0] == "review"

    at = open_page("response", user="赵总")
    at.button(key=f"move_{sid}_approved_{seeded}").click().run()
    assert any("口径检查未通过" in e.value for e in at.error)  # 100 人 ≠ 120 人
    assert store.execute("SELECT status FROM statements").fetchone()[0] == "review"
    at.text_input(key=f"override_{sid}_{seeded}").input("领导确认数字以最新统计为准")
    at.button(key=f"move_{sid}_approved_{seeded}").click().run()
    at.button(key=f"move_{sid}_published_{seeded}").click().run()
    assert not at.exception
    assert store.execute("SELECT status, approved_by FROM statements").fetchone() == ("published", "赵总")
    assert [r[1] for r in audit_rows(store, "statement")] == [
        "transition:published", "transition:approved", "transition:review", "create"]


def test_statement_revision_from_the_page(store, seeded, open_page):
    sid = statements.create(store, seeded, "官网", "初稿", "李文")
    at = open_page("response", user="王敏")
    at.text_area(key=f"body_{sid}_{seeded}").input("第二稿")
    at.button(key=f"revise_{sid}_{seeded}").click().run()
    assert store.execute("SELECT version, body FROM statements").fetchone() == (2, "第二稿")
    assert audit_rows(store, "statement")[0][:2] == ("王敏", "revise")


def test_action_create_and_status_change(store, seeded, open_page):
    at = open_page("response", user="王敏")
    at.text_input(key=f"action_title_{seeded}").input("核对工资发放记录")
    at.text_input(key=f"action_owner_{seeded}").input("财务部")
    _click(at, "新增行动")
    aid = store.execute("SELECT id FROM actions").fetchone()[0]
    at.selectbox(key=f"action_{seeded}_pick").set_value(aid)
    at.selectbox(key=f"action_{seeded}_status").set_value("已完成")
    _click(at, "更新行动状态")
    assert store.execute("SELECT status, done_at IS NOT NULL FROM actions").fetchone() == ("已完成", True)
    assert [r[1] for r in audit_rows(store, "action")] == ["set_status", "create"]


def test_plan_status_change(store, seeded, open_page):
    from workbench.response import plans

    pid = plans.create_plan(store, seeded, "方案", "刘海峰", "2026-11-21 09:00+08", "王敏")
    at = open_page("response", user="周洁")
    at.selectbox(key=f"plan_{seeded}_pick").set_value(pid)
    at.selectbox(key=f"plan_{seeded}_status").set_value("已完成")
    _click(at, "更新方案状态")
    assert store.execute("SELECT status FROM plans").fetchone()[0] == "已完成"
    assert audit_rows(store, "plan")[0][:2] == ("周洁", "set_status")


def test_owner_and_the_configured_response_clock(store, seeded, open_page):
    from workbench.incidents import clocks

    clocks.save_config(store, {"response": {"Ⅱ": 300}}, "管理员")  # the team allows 5 h for a Ⅱ-level reply
    at = open_page("response", user="王敏")
    clock = next(m for m in at.metric if m.label == "首次回应时限")
    assert "时限 5 小时" in clock.delta
    at.text_input(key=f"incident_owner_name_{seeded}").input("刘海峰")
    _click(at, "保存事件负责人")
    assert store.execute("SELECT owner FROM incidents WHERE id = ?", [seeded]).fetchone()[0] == "刘海峰"
    assert audit_rows(store, "incidents")[0][:2] == ("王敏", "set_owner")
    assert next(m for m in at.metric if m.label == "事件负责人").value == "刘海峰"


def test_forms_belong_to_their_incident_when_switching(store, open_page):
    first, second = two_incidents(store)
    at = open_page("response", user="王敏")
    at.selectbox(key="response_incident").set_value(first).run()
    at.text_input(key=f"playbook_owner_{first}").input("刘海峰")
    at.text_input(key=f"action_title_{first}").input("只属于第一起事件的行动")
    at.selectbox(key="response_incident").set_value(second).run()
    # the second incident's forms start empty: nothing typed for the first is carried over
    assert at.text_input(key=f"playbook_owner_{second}").value == ""
    assert at.text_input(key=f"action_title_{second}").value == ""
    at.text_input(key=f"playbook_owner_{second}").input("陈总")
    _click(at, "按预案生成方案、口径模板和行动")
    assert store.execute("SELECT DISTINCT incident_id, owner FROM plans").fetchall() == [(second, "陈总")]
    at.selectbox(key="response_incident").set_value(first).run()
    assert at.text_input(key=f"action_title_{first}").value == ""  # unsaved text was dropped on the switch


def test_action_owner_and_deadline_edit_from_the_page(store, seeded, open_page):
    from workbench.response import actions

    aid = actions.create(store, seeded, "核对工资", "刘海峰", "2026-11-21 09:00+08", "王敏")
    at = open_page("response", user="周洁")
    at.selectbox(key=f"action_edit_{seeded}_pick").set_value(aid).run()
    at.text_input(key=f"action_edit_{seeded}_owner_{aid}").input("赵会计")
    _click(at, "保存行动负责人与时限")
    assert store.execute("SELECT owner FROM actions").fetchone()[0] == "赵会计"
    assert audit_rows(store, "action")[0][:2] == ("周洁", "reschedule")
