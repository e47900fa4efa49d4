"""Acknowledging and listing alerts; the alerts command."""
from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from conftest import audit_rows

from workbench import db
from workbench.alerts import store as alert_store
from workbench.alerts.store import NewAlert
from workbench.alerts.timeutil import TZ
from workbench.cli import main

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=TZ)


def _alert(con, level, rule="spike", created=NOW):
    with db.transaction(con) as cur:
        return alert_store.insert_alert(cur, NewAlert(
            rule=rule, scope_kind="category", scope_key="薪酬福利", scope_label="薪酬福利", level=level,
            message=f"{level}级测试预警", evidence={"numbers": {"count": 9}}, bucket_at=created,
        ), created)


def test_acknowledge_records_who_and_when_once(store):
    a = _alert(store, "Ⅱ")
    assert alert_store.acknowledge(store, a, "值班员甲", now=NOW + timedelta(minutes=5))
    assert store.execute("SELECT acknowledged_by, acknowledged_at FROM alerts WHERE id = ?", [a]).fetchone() == (
        "值班员甲", NOW + timedelta(minutes=5))
    assert not alert_store.acknowledge(store, a, "值班员乙")  # already done: nothing changes
    rows = audit_rows(store, "alerts")
    assert len(rows) == 1 and rows[0][0] == "值班员甲" and rows[0][1] == "acknowledge"
    with pytest.raises(ValueError, match="不存在"):
        alert_store.acknowledge(store, 999, "值班员甲")


def test_list_alerts_filters_by_level_rule_ack_and_time(store):
    a1 = _alert(store, "Ⅰ", "incident_level")
    a2 = _alert(store, "Ⅲ", created=NOW - timedelta(days=2))
    _alert(store, "Ⅲ", "negative_share")
    alert_store.acknowledge(store, a1, "甲", now=NOW)
    assert list(alert_store.list_alerts(store, {"level": "Ⅲ", "rule": "spike"})["id"]) == [a2]
    assert a1 not in set(alert_store.list_alerts(store, {"acknowledged": False})["id"])
    assert list(alert_store.list_alerts(store, {"acknowledged": True})["id"]) == [a1]
    recent = alert_store.list_alerts(store, {"start": NOW - timedelta(hours=1), "end": NOW + timedelta(hours=1)})
    assert a2 not in set(recent["id"]) and len(recent) == 2
    assert set(alert_store.list_alerts(store)["rule_name"]) == {"重大事件与升级", "发帖量突增", "负面占比上升"}


def test_alerts_command_lists_and_acknowledges(store, db_path, capsys):
    a = _alert(store, "Ⅱ")
    db.close_all()
    assert main(["--db", str(db_path), "alerts", "ack", str(a), "--by", "命令行用户"]) == 0
    assert main(["--db", str(db_path), "alerts", "list", "--format", "json"]) == 0
    out = capsys.readouterr().out.strip().splitlines()[-1]
    assert json.loads(out)[0]["acknowledged_by"] == "命令行用户"
    assert main(["--db", str(db_path), "alerts", "ack", "4242"]) == 2
    assert "不存在" in capsys.readouterr().err
    assert main(["--db", str(db_path), "alerts", "list", "--threads", "--format", "json"]) == 0
    (thread,) = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert thread["thread_id"] == a and thread["changes"] == 1 and thread["unacknowledged"] == 0


def test_settings_are_validated_and_audited(store):
    with pytest.raises(ValueError, match="HH:MM"):
        alert_store.update_settings(store, {"quiet_start": "晚上十点"}, "管理员")
    new = alert_store.update_settings(store, {"min_volume": "8", "category_sensitivity": "high"}, "管理员")
    assert new["min_volume"] == 8 and new["category_sensitivity"] == "high"
    assert {r[3] for r in audit_rows(store, "alert_settings")} == {"min_volume", "category_sensitivity"}


def test_alerts_evaluate_and_deliver_commands(store, db_path, capsys):
    store.execute("INSERT INTO incidents (id, title, level, status) VALUES (1, '重大事件', 'Ⅰ', '已定级')")
    db.close_all()
    assert main(["--db", str(db_path), "alerts", "evaluate", "--now", "2026-11-20T10:00"]) == 0
    assert "新增预警 1 条" in capsys.readouterr().out
    assert main(["--db", str(db_path), "alerts", "deliver", "--now", "2026-11-20T10:01"]) == 0
    assert json.loads(capsys.readouterr().out.strip())["sent"] == 0  # no channel configured: in-app only
    assert main(["--db", str(db_path), "alerts", "evaluate", "--now", "昨天"]) == 2
