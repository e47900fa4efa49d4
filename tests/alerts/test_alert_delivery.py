"""Deliveries against real local servers: robot formats and signatures, retries, quiet hours, SMTP."""
from __future__ import annotations

import base64
import email
import email.policy
import hashlib
import hmac
import socket
from datetime import datetime, timedelta

import pytest
from alerts_support import http_server  # noqa: F401 (a fixture: a real local webhook receiver)
from conftest import audit_rows

from workbench import db
from workbench.alerts import channels, delivery
from workbench.alerts import store as alert_store
from workbench.alerts.store import NewAlert
from workbench.alerts.timeutil import TZ

NOW = datetime(2026, 11, 20, 14, 5, tzinfo=TZ)


def _alert(con, level="Ⅲ", created=NOW, message="分类「工时加班」14时发帖 20 条") -> int:
    evidence = {
        "explanation": "14时 发帖 20 条，阈值 5",
        "posts": [{"post_id": 1, "platform": "微博", "url": "https://weibo.example/1", "excerpt": "联系 138****5678 <@all> 维权"}],
    }
    with db.transaction(con) as cur:
        return alert_store.insert_alert(cur, NewAlert(
            rule="spike", scope_kind="category", scope_key="工时加班", scope_label="工时加班", level=level,
            message=message, evidence=evidence, bucket_at=created.replace(minute=0),
        ), created)


def _by_channel(con, alert_id):
    return {r[0]: r[1:] for r in con.execute(
        "SELECT channel, status, attempts, last_error, next_attempt_at FROM alert_deliveries WHERE alert_id = ?", [alert_id]
    ).fetchall()}


def test_each_robot_gets_its_real_format_and_signature_and_a_failure_blocks_none(store, http_server):
    s = http_server
    channels.save_channel(store, {"name": "企微群", "kind": "wecom", "url": s.url("/wecom?key=abc-123")}, "管理员")
    channels.save_channel(store, {"name": "钉钉群", "kind": "dingtalk", "url": s.url("/ding?access_token=tok"), "secret": "SECdingsecret123"}, "管理员")
    channels.save_channel(store, {"name": "飞书群", "kind": "feishu", "url": s.url("/feishu"), "secret": "feishu-secret-xyz"}, "管理员")
    channels.save_channel(store, {"name": "坏掉的", "kind": "webhook", "url": s.url("/broken")}, "管理员")
    channels.save_channel(store, {"name": "通用", "kind": "webhook", "url": s.url("/hook"), "secret": "hook-secret-456"}, "管理员")
    alert_id = _alert(store)

    result = delivery.deliver_pending(store, now=NOW)
    assert result["queued"] == 5 and result["sent"] == 4 and result["retrying"] == 1
    calls = {c["path"]: c for c in s.calls}

    wecom = calls["/wecom"]
    assert wecom["query"] == {"key": "abc-123"}
    assert set(wecom["body"]) == {"msgtype", "markdown"} and wecom["body"]["msgtype"] == "markdown"
    assert set(wecom["body"]["markdown"]) == {"content"}
    content = wecom["body"]["markdown"]["content"]
    assert "发帖量突增" in content and "138****5678" in content and "<@all>" not in content
    assert len(content.encode()) <= 4096

    ding = calls["/ding"]
    ts = ding["query"]["timestamp"]
    assert ts == str(int(NOW.timestamp() * 1000))
    expected = base64.b64encode(hmac.new(b"SECdingsecret123", f"{ts}\nSECdingsecret123".encode(), hashlib.sha256).digest()).decode()
    assert ding["query"]["sign"] == expected and ding["query"]["access_token"] == "tok"
    assert ding["body"]["msgtype"] == "markdown" and set(ding["body"]["markdown"]) == {"title", "text"}
    assert ding["body"]["markdown"]["title"].startswith("【舆情预警")

    feishu = calls["/feishu"]["body"]
    assert feishu["timestamp"] == str(int(NOW.timestamp()))
    key = f"{feishu['timestamp']}\nfeishu-secret-xyz".encode()
    assert feishu["sign"] == base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    assert feishu["msg_type"] == "interactive"
    assert feishu["card"]["header"]["template"] == "yellow"
    assert "发帖量突增" in feishu["card"]["header"]["title"]["content"]

    hook = calls["/hook"]
    assert hook["body"]["event"] == "alert" and hook["body"]["alert"]["alert_id"] == alert_id
    assert b"NaN" not in hook["raw"] and hook["body"]["alert"]["incident_id"] is None  # strict JSON
    assert hook["body"]["alert"]["evidence"]["explanation"].startswith("14时")
    sig = hmac.new(b"hook-secret-456", hook["raw"], hashlib.sha256).hexdigest()
    assert hook["headers"]["X-Workbench-Signature"] == f"sha256={sig}"

    rows = _by_channel(store, alert_id)
    assert rows["企微群"][:2] == ("sent", 1) and rows["钉钉群"][0] == rows["飞书群"][0] == rows["通用"][0] == "sent"
    status, attempts, error, next_at = rows["坏掉的"]
    assert (status, attempts) == ("retrying", 1) and "HTTP 500" in error
    assert next_at == NOW + timedelta(seconds=60)


def test_retry_waits_for_its_backoff_then_succeeds_or_finally_fails(store, http_server):
    s = http_server
    channels.save_channel(store, {"name": "不稳定", "kind": "webhook", "url": s.url("/broken")}, "管理员")
    store.execute("UPDATE alert_settings SET value = '3' WHERE key = 'max_attempts'")
    alert_id = _alert(store)
    delivery.deliver_pending(store, now=NOW)
    assert delivery.deliver_pending(store, now=NOW + timedelta(seconds=30))["retrying"] == 0  # not due yet
    assert len(s.calls) == 1
    delivery.deliver_pending(store, now=NOW + timedelta(seconds=61))
    status, attempts, _, next_at = _by_channel(store, alert_id)["不稳定"]
    assert (status, attempts) == ("retrying", 2) and next_at == NOW + timedelta(seconds=61 + 120)
    result = delivery.deliver_pending(store, now=NOW + timedelta(seconds=200))
    assert result["failed"] == 1
    assert _by_channel(store, alert_id)["不稳定"][:2] == ("failed", 3)
    assert delivery.deliver_pending(store, now=NOW + timedelta(hours=2))["failed"] == 0  # final

    s.broken.clear()
    second = _alert(store, created=NOW + timedelta(minutes=1))
    s.broken.add("/broken")
    delivery.deliver_pending(store, now=NOW + timedelta(minutes=2))
    s.broken.clear()
    delivery.deliver_pending(store, now=NOW + timedelta(minutes=4))
    assert _by_channel(store, second)["不稳定"][:2] == ("sent", 2)


def test_robot_error_code_in_a_200_reply_counts_as_failure(store, http_server):
    channels.save_channel(store, {"name": "签名错", "kind": "dingtalk", "url": http_server.url("/refuse"), "secret": "x"}, "管理员")
    alert_id = _alert(store)
    delivery.deliver_pending(store, now=NOW)
    status, _, error, _ = _by_channel(store, alert_id)["签名错"]
    assert status == "retrying" and "310000" in error


def test_quiet_hours_hold_deliveries_but_not_alerts_and_release_them_after(store, http_server):
    channels.save_channel(store, {"name": "企微群", "kind": "wecom", "url": http_server.url("/wecom")}, "管理员")
    alert_store.update_settings(store, {"quiet_start": "22:00", "quiet_end": "07:00"}, "值班长")
    night = datetime(2026, 11, 20, 23, 30, tzinfo=TZ)
    routine = _alert(store, level="Ⅲ", created=night)
    grave = _alert(store, level="Ⅰ", created=night, message="新增Ⅰ级事件")
    result = delivery.deliver_pending(store, now=night)
    assert result["held"] == 1 and result["sent"] == 1
    assert _by_channel(store, routine)["企微群"][0] == "held"
    assert _by_channel(store, grave)["企微群"][0] == "sent"  # Ⅰ级 bypasses quiet hours
    assert _by_channel(store, routine)["站内"][0] == "sent"   # the alert itself is in the app
    assert len(http_server.calls) == 1

    morning = datetime(2026, 11, 21, 7, 5, tzinfo=TZ)
    assert delivery.deliver_pending(store, now=morning)["sent"] == 1
    assert _by_channel(store, routine)["企微群"][:2] == ("sent", 1)
    assert audit_rows(store, "alert_settings")


def test_level_filter_age_limit_and_acknowledged_alerts_are_not_pushed(store, http_server):
    channels.save_channel(store, {"name": "领导群", "kind": "wecom", "url": http_server.url("/wecom"), "min_level": "Ⅱ"}, "管理员")
    _alert(store, level="Ⅲ")
    _alert(store, level="Ⅱ")
    _alert(store, level="Ⅰ", created=NOW - timedelta(days=3))
    acked = _alert(store, level="Ⅰ")
    alert_store.acknowledge(store, acked, "值班员", now=NOW)
    assert delivery.deliver_pending(store, now=NOW)["sent"] == 1


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
            self.messages.append(envelope)
            return "250 OK"

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


def test_email_over_smtp_has_a_chinese_subject_and_body(store, smtp_server):
    controller, inbox = smtp_server
    channels.save_channel(store, {
        "name": "值班邮箱", "kind": "email", "smtp_host": "127.0.0.1", "smtp_port": controller.port,
        "mail_from": "alerts@example.com", "mail_to": "duty@example.com; boss@example.com",
    }, "管理员")
    channels.save_channel(store, {
        "name": "要加密的", "kind": "email", "smtp_host": "127.0.0.1", "smtp_port": controller.port,
        "smtp_security": "starttls", "mail_from": "alerts@example.com", "mail_to": "duty@example.com",
    }, "管理员")
    alert_id = _alert(store)
    result = delivery.deliver_pending(store, now=NOW)
    assert result["sent"] == 1 and result["retrying"] == 1
    assert len(inbox.messages) == 1
    envelope = inbox.messages[0]
    assert sorted(envelope.rcpt_tos) == ["boss@example.com", "duty@example.com"]
    msg = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
    assert msg["Subject"].startswith("【舆情预警·Ⅲ级 较大】发帖量突增")
    body = msg.get_content()
    assert "分类「工时加班」14时发帖 20 条" in body and "138****5678" in body
    status, _, error, _ = _by_channel(store, alert_id)["要加密的"]
    assert status == "retrying" and "SMTP" in error  # the plain server offers no STARTTLS


def test_channel_config_is_validated_audited_and_secrets_masked(store):
    with pytest.raises(ValueError, match="Webhook 地址"):
        channels.save_channel(store, {"name": "坏", "kind": "wecom", "url": "ftp://x"}, "管理员")
    cid = channels.save_channel(store, {"name": "钉钉", "kind": "dingtalk", "url": "https://oapi.dingtalk.com/robot/send?access_token=SECRET-TOKEN", "secret": "SEC0123456789abcdef"}, "管理员")
    channels.save_channel(store, {"min_level": "Ⅱ", "secret": ""}, "管理员", channel_id=cid)  # blank keeps the secret
    ch = channels.load_channels(store)[0]
    assert ch.secret == "SEC0123456789abcdef" and ch.min_level == "Ⅱ"
    shown = channels.channels_frame(store).iloc[0]
    assert "SECRET-TOKEN" not in shown["url"] and shown["secret"] == "••••cdef"
    rows = audit_rows(store, "alert_channels")
    assert [r[1] for r in rows] == ["update", "create"]
    assert all("SEC0123456789abcdef" not in (r[4] or "") + (r[5] or "") for r in rows)
    assert all("SECRET-TOKEN" not in (r[4] or "") + (r[5] or "") for r in rows)


def test_a_failing_channel_is_tried_once_per_run_and_the_rest_wait(store, http_server):
    channels.save_channel(store, {"name": "坏掉的", "kind": "webhook", "url": http_server.url("/broken")}, "管理员")
    channels.save_channel(store, {"name": "企微群", "kind": "wecom", "url": http_server.url("/wecom")}, "管理员")
    for i in range(3):
        _alert(store, created=NOW + timedelta(seconds=i))
    result = delivery.deliver_pending(store, now=NOW + timedelta(seconds=5))
    assert (result["sent"], result["retrying"], result["deferred"]) == (3, 1, 2)
    assert sum(c["path"] == "/broken" for c in http_server.calls) == 1
    pending = store.execute("SELECT count(*) FROM alert_deliveries WHERE channel = '坏掉的' AND status = 'pending'").fetchone()[0]
    assert pending == 2


def test_a_backlog_goes_out_as_the_gravest_alerts_and_one_summary_per_channel(store, http_server):
    alert_store.update_settings(store, {"push_digest_over": 3}, "管理员")
    channels.save_channel(store, {"name": "企微群", "kind": "wecom", "url": http_server.url("/wecom")}, "管理员")
    channels.save_channel(store, {"name": "接口", "kind": "webhook", "url": http_server.url("/hook")}, "管理员")
    levels = ["Ⅳ", "Ⅲ", "Ⅰ", "Ⅳ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅲ"]
    ids = [_alert(store, level=lv, created=NOW + timedelta(seconds=i), message=f"第{i}条") for i, lv in enumerate(levels)]
    result = delivery.deliver_pending(store, now=NOW + timedelta(minutes=1))
    assert (result["sent"], result["summarized"]) == (6, 10)  # per channel: 3 one by one + 5 in one summary
    wecom = [c["body"]["markdown"]["content"] for c in http_server.calls if c["path"] == "/wecom"]
    assert len(wecom) == 4
    assert "第2条" in wecom[0] and "第4条" in wecom[1]  # Ⅰ, then Ⅱ, then the oldest Ⅲ
    assert "另有 5 条预警" in wecom[3] and "Ⅲ级 较大 2 条、Ⅳ级 一般 3 条" in wecom[3]
    hook = [c["body"] for c in http_server.calls if c["path"] == "/hook"]
    assert hook[-1]["alert"]["summary"] is True and sorted(hook[-1]["alert"]["alert_ids"]) == sorted(set(ids) - {ids[2], ids[4], ids[1]})
    statuses = store.execute("SELECT status, count(*) FROM alert_deliveries WHERE channel = '企微群' GROUP BY status").fetchall()
    assert dict(statuses) == {"sent": 3, "summarized": 5}
    again = delivery.deliver_pending(store, now=NOW + timedelta(minutes=2))
    assert (again["sent"], again["summarized"]) == (0, 0) and len(http_server.calls) == 8
