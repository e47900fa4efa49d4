"""Plans, roles, playbooks, talking points and actions: owners, deadlines, overdue flags, audit."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from conftest import audit_rows
from response_fixtures import make_incident

from workbench import db
from workbench.incidents import clocks
from workbench.response import actions, clock, plans, playbooks, talking_points

TZ = ZoneInfo("Asia/Shanghai")


def test_create_plan_records_owner_deadline_and_audit(store):
    iid = make_incident(store)
    pid = plans.create_plan(store, iid, "欠薪应对方案", "刘海峰", "2026-11-20 12:00+08", "王敏", strategy="先核实")
    row = store.execute("SELECT title, owner, due_at, strategy, created_by FROM plans WHERE id = ?", [pid]).fetchone()
    assert row[0:2] == ("欠薪应对方案", "刘海峰") and row[3:] == ("先核实", "王敏")
    assert row[2] == datetime(2026, 11, 20, 12, tzinfo=TZ)
    actor, action, entity, entity_id, before, after = audit_rows(store, "plan")[0]
    assert (actor, action, entity_id, before) == ("王敏", "create", str(pid), None) and "刘海峰" in after


def test_plan_needs_owner_and_deadline(store):
    iid = make_incident(store)
    with pytest.raises(ValueError, match="负责人"):
        plans.create_plan(store, iid, "方案", " ", "2026-11-20 12:00+08", "王敏")
    with pytest.raises(ValueError, match="时限"):
        plans.create_plan(store, iid, "方案", "刘海峰", None, "王敏")
    assert audit_rows(store) == []


def test_assign_replaces_the_role_holder_with_before_and_after(store):
    iid = make_incident(store)
    plans.assign(store, iid, "新闻发言人", "李文", "2026-11-20 10:00+08", "王敏")
    plans.assign(store, iid, "新闻发言人", "周洁", "2026-11-20 11:00+08", "王敏")
    assert db.query("plan_assignments", store, incident_id=iid)["person"].tolist() == ["周洁"]
    latest = audit_rows(store, "assignment")[0]
    assert "李文" in latest[4] and "周洁" in latest[5]


def test_playbook_deadlines_follow_the_configured_level_clock(store):
    defaults = clocks.load_config(store)
    grave, mild = playbooks.for_incident("薪酬福利", "Ⅰ", defaults), playbooks.for_incident("薪酬福利", "Ⅳ", defaults)
    assert "总指挥" in grave.roles and "财务" in grave.roles
    first = {a["title"]: a["due_hours"] for a in grave.actions}
    assert first["发布首次权威信息（官方渠道）"] == 1.0  # Ⅰ: first response within 1 h
    assert {a["title"]: a["due_hours"] for a in mild.actions}["视情况个别回应或内部沟通"] == 48.0
    assert playbooks.for_incident("不存在", None, defaults).category == "其他"
    clocks.save_config(store, {"response": {"Ⅰ": 120}}, "管理员")  # the team's own clock: 2 h
    tighter = playbooks.for_incident("薪酬福利", "Ⅰ", clocks.load_config(store))
    assert {a["title"]: a["due_hours"] for a in tighter.actions}["发布首次权威信息（官方渠道）"] == 2.0


def test_apply_playbook_creates_plan_points_and_actions_from_the_opening_time(store):
    iid = make_incident(store, level="Ⅱ", opened_at="2026-11-20 08:00:00+08")
    talking_points.set_point(store, iid, "事实", "涉及员工 120 人", "王敏")
    made = plans.apply_playbook(store, iid, "刘海峰", "王敏", now=datetime(2026, 11, 20, 8, 30, tzinfo=TZ))
    book = playbooks.for_incident("薪酬福利", "Ⅱ", clocks.load_config(store))
    assert made["actions"] == len(book.actions) and made["talking_points"] == len(book.talking_points) - 1
    points = db.query("talking_point_list", store, incident_id=iid)
    assert points.loc[points["key"] == "事实", "value"].item() == "涉及员工 120 人"  # kept, not overwritten
    acts = actions.list_actions(store, iid, now=datetime(2026, 11, 20, 8, 31, tzinfo=TZ)).set_index("title")
    assert acts.loc["发布首次回应", "due_at"] == datetime(2026, 11, 20, 12, tzinfo=TZ)  # Ⅱ: 4 h from detection
    assert acts.loc["发布首次回应", "role"] == "新闻发言人"
    assert not acts["overdue"].any()  # nothing is late half an hour after detection


def test_playbook_actions_go_to_the_people_holding_their_roles(store):
    iid = make_incident(store, level="Ⅱ", opened_at="2026-11-20 08:00:00+08")
    plans.assign(store, iid, "新闻发言人", "李文", "2026-11-20 12:00+08", "王敏")
    plans.assign(store, iid, "财务", "赵会计", "2026-11-20 12:00+08", "王敏")
    made = plans.apply_playbook(store, iid, "刘海峰", "王敏", now=datetime(2026, 11, 20, 8, 30, tzinfo=TZ))
    owners = actions.list_actions(store, iid).set_index("title")["owner"]
    assert owners["发布首次回应"] == "李文" and owners["核对工资与福利发放记录"] == "赵会计"
    assert owners["召开处置会商，确认事实与口径"] == "刘海峰"  # 总指挥 not staffed yet: the plan owner holds it
    assert made["unstaffed"] >= 1
    # staffing the role later hands its open actions on (audited), a person's own choice stays
    hr_action = int(actions.list_actions(store, iid).set_index("title").loc["制定并公布补发时间表", "id"])
    actions.reschedule(store, hr_action, "2026-11-21 18:00+08", "王敏", owner="周专员")
    plans.assign(store, iid, "总指挥", "陈总", None, "王敏")
    plans.assign(store, iid, "人力资源", "孙经理", None, "王敏")
    owners = actions.list_actions(store, iid).set_index("title")["owner"]
    assert owners["召开处置会商，确认事实与口径"] == "陈总" and owners["制定并公布补发时间表"] == "周专员"
    assert any(row[1] == "hand_on" and "陈总" in row[5] for row in audit_rows(store, "action"))


def test_playbook_applied_late_keeps_the_clock_deadline_but_is_not_overdue_at_creation(store):
    iid = make_incident(store, level="Ⅱ", opened_at="2026-11-20 08:00:00+08")
    late = datetime(2026, 11, 20, 14, 0, tzinfo=TZ)  # six hours after detection
    plans.apply_playbook(store, iid, "刘海峰", "王敏", now=late)
    acts = actions.list_actions(store, iid, now=late).set_index("title")
    meeting = acts.loc["召开处置会商，确认事实与口径"]  # clock: 2 h after detection, already past
    assert meeting["clock_due_at"] == datetime(2026, 11, 20, 10, tzinfo=TZ)
    assert meeting["due_at"] == late + plans.CATCH_UP and "顺延" in meeting["note"]
    assert acts.loc["制定并公布补发时间表", "due_at"] == datetime(2026, 11, 20, 20, tzinfo=TZ)  # 12 h: still ahead
    assert not acts["overdue"].any()
    later = actions.list_actions(store, iid, now=late + timedelta(hours=2)).set_index("title")
    assert later.loc["召开处置会商，确认事实与口径", "overdue"] and not later.loc["制定并公布补发时间表", "overdue"]


def test_plan_and_action_owner_and_deadline_edits_are_audited(store):
    iid = make_incident(store)
    pid = plans.create_plan(store, iid, "方案", "刘海峰", "2026-11-20 12:00+08", "王敏")
    plans.edit_plan(store, pid, "陈总", "2026-11-21 12:00+08", "王敏")
    assert store.execute("SELECT owner, due_at FROM plans").fetchone() == ("陈总", datetime(2026, 11, 21, 12, tzinfo=TZ))
    assert audit_rows(store, "plan")[0][1] == "edit"
    aid = actions.create(store, iid, "核对工资", "刘海峰", "2026-11-20 12:00+08", "王敏")
    actions.reschedule(store, aid, "2026-11-22 09:00+08", "王敏", owner="赵会计")
    assert store.execute("SELECT owner, due_at FROM actions").fetchone() == ("赵会计", datetime(2026, 11, 22, 9, tzinfo=TZ))
    _, action, _, _, before, after = audit_rows(store, "action")[0]
    assert action == "reschedule" and "刘海峰" in before and "赵会计" in after


def test_actions_overdue_flags_and_done_time(store):
    iid = make_incident(store)
    now = datetime(2026, 11, 21, 9, tzinfo=TZ)
    late = actions.create(store, iid, "核对工资发放记录", "财务部", now - timedelta(hours=2), "王敏")
    soon = actions.create(store, iid, "发布补发时间表", "人力资源部", now + timedelta(hours=3), "王敏")
    done = actions.create(store, iid, "约谈分拨中心负责人", "王敏", now - timedelta(hours=5), "王敏")
    actions.set_status(store, done, "已完成", "王敏", now=now - timedelta(hours=1))
    df = actions.list_actions(store, iid, now=now).set_index("id")
    assert df.loc[late, "overdue"] and df.loc[late, "时限"] == "已超时 2小时0分"
    assert not df.loc[soon, "overdue"] and df.loc[soon, "时限"] == "还剩 3小时0分"
    assert not df.loc[done, "overdue"] and df.loc[done, "时限"] == "已完成"
    assert df.loc[done, "done_at"] == now - timedelta(hours=1)
    actions.set_status(store, done, "进行中", "王敏", now=now)
    assert store.execute("SELECT done_at FROM actions WHERE id = ?", [done]).fetchone()[0] is None
    assert [r[1] for r in audit_rows(store, "action")][:2] == ["set_status", "set_status"]


def test_action_status_must_be_known(store):
    iid = make_incident(store)
    aid = actions.create(store, iid, "核对", "财务部", "2026-11-21 09:00+08", "王敏")
    with pytest.raises(ValueError, match="行动状态只能是"):
        actions.set_status(store, aid, "搞定", "王敏")


def test_countdown_texts():
    now = datetime(2026, 11, 21, 9, tzinfo=TZ)
    assert clock.countdown(now + timedelta(days=1, hours=2), now) == "还剩 1天2小时"
    assert clock.countdown(now - timedelta(minutes=5), now) == "已超时 5分钟"
    assert clock.countdown(None, now) == "未设时限"


def test_talking_point_kind_defaults_and_delete(store):
    iid = make_incident(store)
    talking_points.set_point(store, iid, "禁用表述", "恶意造谣、临时工", "王敏")
    talking_points.set_point(store, iid, "态度", "高度重视", "王敏")
    assert {p["key"]: p["kind"] for p in talking_points.points(store, iid)} == {"态度": "必含", "禁用表述": "禁用"}
    talking_points.delete_point(store, iid, "态度", "王敏")
    assert [p["key"] for p in talking_points.points(store, iid)] == ["禁用表述"]
    assert [r[1] for r in audit_rows(store, "talking_point")] == ["delete", "set", "set"]
