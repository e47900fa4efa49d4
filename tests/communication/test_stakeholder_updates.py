"""Stakeholder updates: audiences on a cadence by level, drafts from the incident's state, checked
like a statement, sent through a real channel (HTTP, SMTP) or recorded, on time or late."""
from datetime import timedelta

import pandas as pd
import pytest
from conftest import audit_rows
from receivers import mailbox, webhook  # noqa: F401 (fixtures)

from workbench.alerts import channels
from workbench.communication import audiences, updates
from workbench.incidents import record
from workbench.response import actions, statements, talking_points
from workbench.response.clock import as_time
from workbench.verification import claims

OPENED = as_time("2026-11-20 04:00+08")


@pytest.fixture
def incident(store):
    return store.execute(
        "INSERT INTO incidents (title, category, level, status, opened_at) VALUES"
        " ('云帆物流华东分拨中心拖欠工资', '薪酬福利', 'Ⅰ', '处置中', ?) RETURNING id", [OPENED]
    ).fetchone()[0]


def _due(con, iid, now):
    return updates.due(con, record.get(con, iid), now).set_index("audience")


def test_cadence_follows_the_level_and_an_incident_may_set_its_own(store, incident):
    plan = audiences.plan(store, incident, "Ⅰ").set_index("audience")
    assert plan.at["管理层", "cadence_hours"] == 2 and plan.at["管理层", "source"] == "按级别默认（Ⅰ级）"
    assert audiences.plan(store, incident, "Ⅳ").set_index("audience").at["媒体", "cadence_hours"] is None
    audiences.set_plan(store, incident, "媒体", "新闻发布会", 6, "王敏")
    plan = audiences.plan(store, incident, "Ⅰ").set_index("audience")
    assert (plan.at["媒体", "channel"], plan.at["媒体", "cadence_hours"], plan.at["媒体", "source"]) == ("新闻发布会", 6, "事件设置")
    assert audit_rows(store, "stakeholder_plan")[0][:2] == ("王敏", "set")
    with pytest.raises(ValueError, match="通报对象只能是"):
        audiences.set_plan(store, incident, "股东", "邮件", 2, "王敏")


def test_an_update_is_due_a_cadence_after_the_clock_start_with_its_countdown(store, incident):
    due = _due(store, incident, OPENED + timedelta(minutes=90))
    assert due.at["管理层", "due_at"] == OPENED + timedelta(hours=2)
    assert due.at["管理层", "倒计时"] == "还剩 30分钟" and not due.at["管理层", "overdue"]
    late = _due(store, incident, OPENED + timedelta(hours=3))
    assert late.at["管理层", "overdue"] and late.at["管理层", "倒计时"] == "已超时 1小时0分"
    assert updates.next_due(store, record.get(store, incident), OPENED)["audience"] == "管理层"


def test_the_draft_tells_verified_facts_the_work_done_and_what_comes_next(store, incident):
    true_ = claims.add_claim(store, incident, "拖欠三个月工资", "王敏")
    claims.set_status(store, true_, "核实中", "王敏")
    claims.set_status(store, true_, "部分属实", "王敏", evidence="工资表", confirmed_by="财务部",
                      finding="华东分拨中心10月工资延迟发放")
    claims.add_claim(store, incident, "资金链断了", "王敏")  # still 待核实: counted, never stated
    talking_points.set_point(store, incident, "态度", "公司向受影响员工致歉", "王敏")
    actions.create(store, incident, "分批发放工资", "财务部", "2026-11-22 14:00+08", "王敏")
    text = updates.draft(store, incident, "管理层", now=OPENED + timedelta(hours=1))
    assert "一、已掌握的情况" in text and "二、已开展的工作" in text and "三、下一步" in text
    assert "经核实：华东分拨中心10月工资延迟发放" in text and "另有 1 项网传说法正在核实" in text
    assert "资金链" not in text
    assert "分批发放工资（财务部，2026-11-22 14:00 前）" in text
    assert "下次通报：2026-11-20 07:00 前" in text and "统一口径：公司向受影响员工致歉" in text
    assert updates.check(store, incident, text) == []


def test_a_blocked_update_is_not_sent_without_a_reason(store, incident):
    cid = claims.add_claim(store, incident, "上百名分拣员聚集在园区门口讨薪", "王敏")
    claims.set_status(store, cid, "核实中", "王敏")
    claims.set_status(store, cid, "不实", "王敏", evidence="园区监控", confirmed_by="安保部")
    uid = updates.create(store, incident, "全体员工", "上百名分拣员聚集在园区门口讨薪，公司正在处理。", "李文")
    with pytest.raises(updates.SendBlocked, match="已核实为不实"):
        updates.send(store, uid, "王敏")
    assert store.execute("SELECT status FROM stakeholder_updates").fetchone()[0] == "草稿"
    updates.revise(store, uid, "经核实，网传上百名分拣员聚集在园区门口讨薪不实，公司正在处理欠薪。", "李文")
    assert updates.send(store, uid, "王敏") == updates.RECORDED
    assert store.execute("SELECT status, sent_by, delivery FROM stakeholder_updates").fetchone() == ("已发送", "王敏", "人工记录")
    assert [r[1] for r in audit_rows(store, "stakeholder_update")] == ["send", "revise", "create"]
    with pytest.raises(ValueError, match="已发送"):
        updates.revise(store, uid, "再改", "李文")


def test_two_updates_to_leadership_go_out_on_the_cadence_through_a_real_webhook(store, incident, webhook):
    channels.save_channel(store, {"name": "管理层群", "kind": "webhook", "url": webhook.url()}, "管理员")
    audiences.set_plan(store, incident, "管理层", "管理层群", 2, "王敏")
    first_at, second_at = OPENED + timedelta(hours=1, minutes=50), OPENED + timedelta(hours=3, minutes=40)
    for at in (first_at, second_at):
        uid = updates.create(store, incident, "管理层", updates.draft(store, incident, "管理层", now=at), "王敏", now=at)
        assert updates.send(store, uid, "王敏", now=at) == updates.PUSHED
    assert [p["alert"]["audience"] for p in webhook.received] == ["管理层", "管理层"]
    assert webhook.received[0]["title"].startswith("【相关方通报·管理层】云帆物流华东分拨中心拖欠工资")
    sent = updates.listing(store, incident)
    assert list(sent["按时"]) == ["按时", "按时"]
    assert list(sent["due_at"].iloc[::-1]) == [OPENED + timedelta(hours=2), first_at + timedelta(hours=2)]
    assert _due(store, incident, second_at).at["管理层", "due_at"] == second_at + timedelta(hours=2)


def test_an_update_by_mail_reaches_the_smtp_server(store, incident, mailbox):
    port, received = mailbox
    channels.save_channel(store, {"name": "合作方邮箱", "kind": "email", "smtp_host": "127.0.0.1", "smtp_port": port,
                                  "mail_from": "pr@example.com", "mail_to": "partner@example.com"}, "管理员")
    audiences.set_plan(store, incident, "合作方", "合作方邮箱", 24, "王敏")
    uid = updates.create(store, incident, "合作方", "尊敬的合作方：公司正在处理华东分拨中心工资发放问题，联系人 13812345678。", "王敏")
    updates.send(store, uid, "王敏")
    assert received[0]["Subject"].startswith("【相关方通报·合作方】")
    body = received[0].get_content()
    assert "华东分拨中心工资发放问题" in body and "138****5678" in body and "13812345678" not in body


def test_a_failed_push_keeps_the_draft_with_its_error(store, incident, webhook):
    channels.save_channel(store, {"name": "坏群", "kind": "webhook", "url": webhook.url("/down")}, "管理员")
    uid = updates.create(store, incident, "管理层", "进展：正在核实。", "王敏", channel="坏群")
    with pytest.raises(ValueError, match="发送失败"):
        updates.send(store, uid, "王敏")
    status, error = store.execute("SELECT status, last_error FROM stakeholder_updates").fetchone()
    assert status == "草稿" and "HTTP 500" in error


def test_a_closed_incident_has_no_update_due(store, incident):
    store.execute("UPDATE incidents SET status = '已关闭' WHERE id = ?", [incident])
    due = _due(store, incident, OPENED)
    assert due["due_at"].isna().all() and set(due["倒计时"]) == {"已停止"}
