"""Level matrix, the analyst's override (reason required, audited), clocks and the status flow."""
from datetime import timedelta

import pytest
from conftest import audit_rows
from incident_factory import DAY, add_post, now  # noqa: F401 (now is a fixture)

from workbench import db, vocab
from workbench.incidents import clocks, levels, scoring, status


def _incident(con, **cols):
    cols = {"title": "测试事件", "opened_at": DAY, **cols}
    names = ", ".join(cols)
    return con.execute(f"INSERT INTO incidents ({names}) VALUES ({', '.join('?' * len(cols))}) RETURNING id",
                       list(cols.values())).fetchone()[0]


def test_level_matrix_default_and_configured(store):
    assert levels.level_for(90, 90) == "Ⅰ"
    assert levels.level_for(10, 10) == "Ⅳ"
    assert levels.level_for(60, 60) == "Ⅱ"
    assert levels.level_for(10, 80) == "Ⅱ"     # grave but quiet stays serious
    assert levels.level_for(30, 30) == "Ⅲ"
    # every level is reachable and graver cells never sit below milder ones
    grid = levels.DEFAULT_MATRIX["matrix"]
    order = {lv: i for i, lv in enumerate(vocab.LEVELS)}
    assert {c for r in grid for c in r} == set(vocab.LEVELS)
    for s in range(4):
        for h in range(3):
            assert order[grid[s][h + 1]] <= order[grid[s][h]]
            if s < 3:
                assert order[grid[s + 1][h]] <= order[grid[s][h]]
    strict = {"heat_bands": [10, 20, 30], "severity_bands": [10, 20, 30], "matrix": [["Ⅰ"] * 4] * 4}
    levels.save_matrix(store, strict, "管理员")
    assert levels.level_for(1, 1, levels.load_matrix(store)) == "Ⅰ"
    with pytest.raises(ValueError):
        levels.save_matrix(store, {"heat_bands": [1], "severity_bands": [1], "matrix": [["Ⅴ"]]}, "管理员")
    assert audit_rows(store, "incident_settings")[0][1] == "update"


def test_override_needs_reason_is_audited_and_wins(store, now):
    iid = _incident(store, category="薪酬福利")
    pid = add_post(store, "某公司欠薪", DAY, keywords=["欠薪"])
    store.execute("INSERT INTO incident_posts (incident_id, post_id) VALUES (?, ?)", [iid, pid])
    scoring.rescore(store, [iid], now=now)
    computed = store.execute("SELECT computed_level FROM incidents WHERE id = ?", [iid]).fetchone()[0]
    with pytest.raises(ValueError, match="理由"):
        levels.set_level_override(store, iid, "Ⅰ", "  ", "分析员甲")
    assert audit_rows(store, "incidents") == []
    levels.set_level_override(store, iid, "Ⅰ", "涉及群体性聚集，上调", "分析员甲")
    scoring.rescore(store, [iid], now=now + timedelta(hours=1))  # rescoring keeps the override
    row = store.execute("SELECT level, computed_level, level_override, level_reason FROM incidents WHERE id = ?", [iid]).fetchone()
    assert row == ("Ⅰ", computed, "Ⅰ", "涉及群体性聚集，上调")
    actor, action, _e, eid, before, after = audit_rows(store, "incidents")[0]
    assert (actor, action, eid) == ("分析员甲", "override_level", str(iid))
    assert '"level_override": "Ⅰ"' in after and '"level_override": null' in before
    levels.clear_override(store, iid, "研判后恢复", "分析员乙")
    assert store.execute("SELECT level FROM incidents WHERE id = ?", [iid]).fetchone()[0] == computed
    hist = store.execute("SELECT level, actor FROM incident_level_overrides ORDER BY id").fetchall()
    assert hist == [("Ⅰ", "分析员甲"), (None, "分析员乙")]


def test_clocks_count_down_go_overdue_and_escalate(store):
    inc = {"level": "Ⅱ", "status": "待研判", "opened_at": DAY, "acknowledged_at": None, "first_response_at": None}
    defaults = clocks.load_config(store)
    c = clocks.clocks(inc, DAY + timedelta(hours=1), defaults)
    assert c["ack"]["due_at"] == DAY + vocab.ACK_CLOCK["Ⅱ"]
    assert c["ack"]["remaining"] == timedelta(hours=1) and not c["ack"]["overdue"]
    assert c["effective_level"] == "Ⅱ" and not c["escalated"]
    c = clocks.clocks(inc, DAY + timedelta(hours=3), defaults)
    assert c["ack"]["overdue"] and c["ack"]["state"] == "已超时"
    assert not c["response"]["overdue"]
    assert c["escalated"] and c["effective_level"] == "Ⅰ"
    done = clocks.clocks({**inc, "acknowledged_at": DAY + timedelta(hours=2, minutes=30)}, DAY + timedelta(hours=3), defaults)
    assert done["ack"]["late"] and not done["ack"]["overdue"] and done["ack"]["state"] == "超时完成"
    closed = clocks.clocks({**inc, "status": "已关闭"}, DAY + timedelta(days=5), defaults)
    assert not closed["escalated"] and closed["response"]["state"] == "已停止"
    # configured clocks replace the defaults
    clocks.save_config(store, {"ack": {"Ⅱ": 600}}, "管理员")
    c = clocks.clocks(inc, DAY + timedelta(hours=3), clocks.load_config(store))
    assert not c["ack"]["overdue"] and c["ack"]["due_at"] == DAY + timedelta(hours=10)


def test_overdue_incidents_lists_each_late_clock(store):
    late = _incident(store, level="Ⅰ")
    _incident(store, level="Ⅳ")
    acked = _incident(store, level="Ⅰ", acknowledged_at=DAY + timedelta(minutes=10))
    df = clocks.overdue_incidents(store, DAY + timedelta(hours=2))
    got = sorted(zip(df["incident_id"], df["clock"]))
    assert got == [(late, "ack"), (late, "response"), (acked, "response")]
    assert set(df["escalated_level"]) == {"Ⅰ"}


def test_status_flow_valid_and_invalid_transitions(store):
    iid = _incident(store, level="Ⅲ", computed_level="Ⅲ")
    with pytest.raises(ValueError, match="不能从"):
        status.advance(store, iid, "处置中", "分析员甲", now=DAY)
    for i, st in enumerate(vocab.STATUSES[1:], start=1):
        status.advance(store, iid, st, "分析员甲", now=DAY + timedelta(hours=i))
        col = vocab.STATUS_TIME_COLUMN[st]
        at, cur = store.execute(f"SELECT {col}, status FROM incidents WHERE id = ?", [iid]).fetchone()
        assert cur == st and at == DAY + timedelta(hours=i)
    with pytest.raises(ValueError):
        status.advance(store, iid, "待研判", "分析员甲")
    rows = [r for r in audit_rows(store, "incidents") if r[1] == "advance_status"]
    assert len(rows) == len(vocab.STATUSES) - 1
    status.acknowledge(store, iid, "分析员乙", now=DAY)
    with pytest.raises(ValueError):
        status.acknowledge(store, iid, "分析员乙")


def test_grading_needs_a_level(store):
    iid = _incident(store)
    with pytest.raises(ValueError, match="级别"):
        status.advance(store, iid, "已定级", "分析员甲")


def test_incident_list_filters(store):
    a = _incident(store, level="Ⅰ", status="处置中", category="安全健康")
    _incident(store, level="Ⅳ", category="其他")
    df = db.query("incident_list", store, level="Ⅰ", status=None, category=None)
    assert list(df["id"]) == [a]
    assert len(db.query("incident_list", store, level=None, status=None, category="其他")) == 1
