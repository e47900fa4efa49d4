"""The 预警汇报 page: renders empty and with demo data; acknowledging, settings and channels persist and are audited."""
from __future__ import annotations

from conftest import audit_rows


def _waiting_threads(con):
    """Threads with a pushed alert nobody acknowledged, the latest change first (the page's default order)."""
    return [r[0] for r in con.execute(
        "SELECT coalesce(thread_id, id) AS t FROM alerts GROUP BY t "
        "HAVING count(*) FILTER (WHERE coalesce(notify, TRUE) AND acknowledged_at IS NULL) > 0 "
        "ORDER BY max(created_at) DESC, t DESC").fetchall()]


def test_alerts_page_on_an_empty_store(store, open_page):
    at = open_page("alerts")
    assert "预警汇报" in [t.value for t in at.title]
    assert any("没有符合条件的预警" in i.value for i in at.info)


def test_threads_with_history_and_acknowledging_one_on_the_demo_store(demo_store, open_page):
    waiting = _waiting_threads(demo_store)
    assert waiting, "the demo store should hold threads waiting for acknowledgement"
    at = open_page("alerts", user="值班长")
    at.selectbox(key="alerts_range").set_value("全部时间").run()
    thread = at.selectbox(key="alerts_pick").value
    assert thread == waiting[0]
    history = [df.value for df in at.dataframe if "reason" in df.value.columns]
    changes = demo_store.execute("SELECT count(*) FROM alerts WHERE coalesce(thread_id, id) = ?", [thread]).fetchone()[0]
    assert history and len(history[0]) == changes  # every change of the thread, with why it was pushed or not
    at.button(key="alerts_ack").click().run()
    assert not at.exception
    left = demo_store.execute("SELECT count(*) FROM alerts WHERE coalesce(thread_id, id) = ? AND acknowledged_at IS NULL",
                              [thread]).fetchone()[0]
    assert left == 0
    rows = audit_rows(demo_store, "alerts")
    assert rows[0][:3] == ("值班长", "acknowledge", "alerts") and f'"thread_id": {thread}' in rows[0][5]


def test_clock_settings_are_the_clocks_everywhere(store, open_page):
    from workbench.incidents import clocks

    at = open_page("alerts", role="admin", user="管理员")
    at.number_input(key="clock_response_Ⅱ").set_value(180)
    at.button(key="FormSubmitter:clock_settings-保存处置时限").click().run()
    assert not at.exception
    assert clocks.load_config(store)["response"]["Ⅱ"].total_seconds() == 180 * 60
    assert audit_rows(store, "incident_settings")[0][:2] == ("管理员", "update")


def test_settings_and_channel_forms_write_with_audit(store, open_page):
    at = open_page("alerts", role="admin", user="管理员")
    at.text_input(key="set_quiet_start").input("22:00")
    at.text_input(key="set_quiet_end").input("07:00")
    at.button(key="FormSubmitter:alert_settings-保存预警规则").click().run()
    assert not at.exception
    assert dict(store.execute("SELECT key, value FROM alert_settings WHERE key LIKE 'quiet_%'").fetchall())["quiet_start"] == "22:00"

    at.text_input(key="channel_name").input("值班企微群")
    at.text_input(key="channel_url").input("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRETKEY")
    at.button(key="FormSubmitter:channel_form-保存渠道").click().run()
    assert not at.exception
    assert store.execute("SELECT name, kind FROM alert_channels").fetchall() == [("值班企微群", "wecom")]
    assert audit_rows(store, "alert_channels")[0][0] == "管理员"
    page_text = " ".join(str(d.value.to_dict()) for d in at.dataframe)
    assert "SECRETKEY" not in page_text

    at.text_input(key="channel_name").input("")
    at.button(key="FormSubmitter:channel_form-保存渠道").click().run()
    assert any("不能为空" in e.value for e in at.error)
    assert store.execute("SELECT count(*) FROM alert_channels").fetchone()[0] == 1


def test_a_digest_of_overdue_clocks_lists_them_on_the_page(store, open_page):
    from datetime import datetime, timedelta, timezone

    from workbench.alerts import engine
    from workbench.alerts import store as alert_store

    alert_store.update_settings(store, {"clock_digest_over": 0}, "组长")  # every overdue clock into the digest
    opened = datetime.now(timezone.utc) - timedelta(days=3)
    for iid in (1, 2):
        store.execute("INSERT INTO incidents (id, title, level, status, opened_at) VALUES (?, ?, 'Ⅳ', '已定级', ?)",
                      [iid, f"积压事件{iid}", opened])
    (digest,) = engine.evaluate(store)
    at = open_page("alerts")
    at.selectbox(key="alerts_range").set_value("全部时间").run()
    at.selectbox(key="alerts_pick").set_value(digest).run()
    assert not at.exception
    listed = [df.value for df in at.dataframe if "clock_name" in df.value.columns]
    assert listed and set(listed[0]["title"]) == {"积压事件1", "积压事件2"} and len(listed[0]) == 4
