"""One alert thread per incident: the first alert carries the evidence and is pushed; later triggers
update the thread and are pushed only when they escalate (a graver level, a new kind), with the reason;
a cycle with nothing new raises nothing; channels get one message per thread change."""
from __future__ import annotations

import json
from datetime import timedelta

import pandas as pd
import pytest
from alerts_support import T0, add_posts, http_server, steady_baseline  # noqa: F401 (http_server is a fixture)
from conftest import audit_rows
from incidents.incident_factory import store_before

from workbench import db
from workbench.alerts import channels, delivery, engine
from workbench.alerts import store as alert_store
from workbench.incidents import levels, membership, opening, record
from workbench.migrate import migrate

H = timedelta(hours=1)
SPIKE = T0 + H * (7 * 24 + 6)


def _incident(con, post_ids, *, at, title="云帆物流分拨中心拖欠工资", polarity=None):
    cols = {"key": 1, "title": title, "category": "薪酬福利", **({"polarity": polarity} if polarity else {})}
    with db.transaction(con) as cur:
        (iid,) = opening.open_incidents(cur, pd.DataFrame([cols]),
                                        pd.DataFrame({"key": [1] * len(post_ids), "post_id": post_ids}), opened_at=at)
    return iid


@pytest.fixture
def grave_incident(store):
    """A wage incident: a quiet week, then 20 negative posts in one hour, graded Ⅱ by an analyst."""
    quiet = steady_baseline(store, T0, 7 * 24 + 6, category="薪酬福利")
    loud = add_posts(store, SPIKE, 20, category="薪酬福利", sentiment="负面", text="拖欠工资三个月 联系 138****5678")
    iid = _incident(store, quiet + loud, at=SPIKE)
    levels.set_level_override(store, iid, "Ⅱ", "数百人聚集讨薪", "分析员甲", now=SPIKE)
    return iid


def _thread(con, iid):
    return con.execute("SELECT id, thread_id, level, rules, notify, reason FROM alerts WHERE incident_id = ? ORDER BY id",
                       [iid]).fetchall()


def test_first_cycle_gives_one_alert_per_incident_with_its_evidence_and_one_message(store, grave_incident, http_server):
    channels.save_channel(store, {"name": "值班群", "kind": "webhook", "url": http_server.url("/hook")}, "管理员")
    now = SPIKE + timedelta(minutes=40)
    engine.evaluate(store, now=now)
    (head,) = _thread(store, grave_incident)
    alert_id, thread_id, level, rules, notify, reason = head
    assert thread_id == alert_id and level == "Ⅱ" and notify and reason.startswith("首次预警")
    assert set(rules) == {"incident_level", "spike", "negative_share"}
    evidence = json.loads(store.execute("SELECT evidence FROM alerts WHERE id = ?", [alert_id]).fetchone()[0])
    assert evidence["incident"]["title"] == "云帆物流分拨中心拖欠工资" and evidence["incident"]["posts"] > 20
    assert evidence["posts"] and all("138****5678" in p["excerpt"] for p in evidence["posts"])
    assert {t["rule"] for t in evidence["triggers"]} == set(rules)
    # the category's own alerts (its spike, its negative share) are threads of their own
    others = store.execute("SELECT scope_kind, thread_id = id FROM alerts WHERE incident_id IS NULL").fetchall()
    assert others and set(others) == {("category", True)}

    delivery.deliver_pending(store, now=now)
    assert len(http_server.calls) == 1 + len(others)  # one message per thread change
    incident_msg = next(c["body"] for c in http_server.calls if c["body"]["alert"]["incident_id"] == grave_incident)
    assert incident_msg["title"].startswith("【舆情预警·Ⅱ级 重大】")

    # nothing new: nothing raised, nothing pushed
    assert engine.evaluate(store, now=now + timedelta(minutes=10)) == []
    assert delivery.deliver_pending(store, now=now + timedelta(minutes=10))["sent"] == 0
    assert len(http_server.calls) == 1 + len(others)


def test_later_triggers_update_the_thread_and_only_escalations_are_pushed(store, grave_incident, http_server):
    channels.save_channel(store, {"name": "值班群", "kind": "webhook", "url": http_server.url("/hook")}, "管理员")
    alert_store.update_settings(store, {"suppression_hours": 2}, "管理员")
    engine.evaluate(store, now=SPIKE + timedelta(minutes=40))
    delivery.deliver_pending(store, now=SPIKE + timedelta(minutes=40))
    alert_store.acknowledge(store, _thread(store, grave_incident)[0][0], "值班员", now=SPIKE + timedelta(minutes=45))

    def pushed():  # messages about this incident (the category's own spikes are other threads)
        return [c["body"] for c in http_server.calls if c["body"]["alert"]["incident_id"] == grave_incident]

    assert len(pushed()) == 1

    # a second spike of the same incident three hours later: same level, same kind → recorded, not pushed
    later = SPIKE + 3 * H
    add_posts(store, later, 25, category="薪酬福利", sentiment="中性")
    new_posts = store.execute("SELECT id FROM posts WHERE published_at >= ?", [later]).fetchall()
    with db.transaction(store) as cur:
        membership.add_posts(cur, pd.DataFrame({"incident_id": grave_incident, "post_id": [p[0] for p in new_posts]}))
    engine.evaluate(store, now=later + timedelta(minutes=30))
    update = _thread(store, grave_incident)[-1]
    assert update[1] == _thread(store, grave_incident)[0][0] and update[3] == ["spike"]
    assert update[4] is False and "不重复推送" in update[5]
    delivery.deliver_pending(store, now=later + timedelta(minutes=30))
    assert len(pushed()) == 1

    # the analyst raises it to Ⅰ: a graver level → pushed, with the reason
    levels.set_level_override(store, grave_incident, "Ⅰ", "出现人员受伤", "分析员甲", now=later + H)
    engine.evaluate(store, now=later + H + timedelta(minutes=5))
    up = _thread(store, grave_incident)[-1]
    assert up[2] == "Ⅰ" and up[4] is True and "Ⅱ级 重大升至Ⅰ级 特别重大" in up[5]
    delivery.deliver_pending(store, now=later + H + timedelta(minutes=5))
    assert len(pushed()) == 2
    msg = pushed()[-1]
    assert msg["title"].startswith("【舆情预警升级·Ⅰ级 特别重大】") and "推送原因：升级" in msg["text"]
    # the raised level reopened the thread for acknowledgement
    assert alert_store.list_threads(store, {"acknowledged": False, "incident_id": grave_incident})["changes"].tolist() == [3]

    # nobody answers within the Ⅰ-level hour from that decision: a new kind (response overdue) → pushed
    engine.evaluate(store, now=later + 2 * H + timedelta(minutes=10))
    late = _thread(store, grave_incident)[-1]
    assert late[3] == ["clock_overdue"] and late[4] is True and "首次回应超时" in late[5]


def test_acknowledging_a_thread_acknowledges_its_alerts_and_the_incident(store, grave_incident):
    engine.evaluate(store, now=SPIKE + timedelta(minutes=40))
    (head,) = _thread(store, grave_incident)
    assert alert_store.acknowledge(store, head[0], "值班长", now=SPIKE + timedelta(minutes=50))
    assert not alert_store.acknowledge(store, head[0], "值班长")
    inc = record.get(store, grave_incident)
    assert inc.acknowledged_at == SPIKE + timedelta(minutes=50)  # the acknowledge clock stopped too
    assert [r[1] for r in audit_rows(store, "incidents")][0] == "acknowledge"
    (thread,) = alert_store.list_threads(store, {"incident_id": grave_incident}).to_dict("records")
    assert thread["unacknowledged"] == 0 and thread["acknowledged_by"] == "值班长"
    history = alert_store.thread_history(store, head[0])
    assert history["id"].tolist() == [head[0]] and history["rule_names"].iloc[0][0] == "重大事件与升级"


def test_a_positive_incident_is_tracked_but_never_alerted_on(store):
    quiet = steady_baseline(store, T0, 7 * 24 + 6, category="企业文化", sentiment="正面")
    loud = add_posts(store, SPIKE, 30, category="企业文化", sentiment="正面", text="公司团建太好玩了")
    iid = _incident(store, quiet + loud, at=SPIKE, title="某科技公司团建获好评", polarity="正面")
    levels.set_level_override(store, iid, "Ⅱ", "传播很广", "分析员甲", now=SPIKE)
    engine.evaluate(store, now=SPIKE + 30 * H)  # spike and overdue clocks would fire for a negative one
    assert store.execute("SELECT count(*) FROM alerts WHERE incident_id = ?", [iid]).fetchone()[0] == 0
    assert store.execute("SELECT count(*) FROM alerts WHERE scope_kind = 'digest'").fetchone()[0] == 0


def test_migration_gathers_an_incidents_earlier_alerts_into_one_thread(db_path, tmp_path, monkeypatch):
    con = store_before("0651", db_path, tmp_path, monkeypatch)
    con.execute("INSERT INTO alerts (id, rule, incident_id, level, message, scope_kind, scope_key, bucket_at) VALUES "
                "(1, 'incident_level', 7, 'Ⅱ', '新增Ⅱ级事件', 'incident', '7:Ⅱ', ?), "
                "(2, 'spike', NULL, 'Ⅲ', '分类突增', 'category', '薪酬福利', ?), "
                "(3, 'clock_overdue', 7, 'Ⅰ', '确认超时', 'incident', '7:ack', ?)", [T0, T0, T0])
    migrate(con)
    assert con.execute("SELECT id, thread_id, rules FROM alerts ORDER BY id").fetchall() == [
        (1, 1, ["incident_level"]), (2, 2, ["spike"]), (3, 1, ["clock_overdue"])]
    assert sorted(r[0] for r in con.execute("SELECT scope_key FROM alert_triggers").fetchall()) == sorted(["7:Ⅱ", "7:ack", "薪酬福利"])
