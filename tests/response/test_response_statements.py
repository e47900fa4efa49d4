"""Statements: draft → review → approved → published, versions, approval gated by the 口径 check."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from conftest import audit_rows
from response_fixtures import make_incident

from workbench.response import statements, talking_points
from workbench.response.statements import ApprovalBlocked

GOOD = "经核实，涉及员工 120 人。全部工资将于 11 月 30 日前足额发放。"


@pytest.fixture
def incident(store):
    iid = make_incident(store)
    talking_points.set_point(store, iid, "事实", "经核实，涉及员工 120 人。", "王敏")
    talking_points.set_point(store, iid, "措施", "全部工资将于 11 月 30 日前足额发放。", "王敏")
    talking_points.set_point(store, iid, "禁用表述", "恶意造谣", "王敏")
    return iid


def _row(con, sid):
    return con.execute(
        "SELECT status, version, approved_by, published_at, override_reason FROM statements WHERE id = ?", [sid]
    ).fetchone()


def test_full_flow_publishes_and_stops_the_first_response_clock(store, incident):
    sid = statements.create(store, incident, "官方微博", GOOD, "李文")
    assert _row(store, sid)[:2] == ("draft", 1)
    statements.transition(store, sid, "review", "李文")
    assert statements.transition(store, sid, "approved", "赵总") == []
    statements.transition(store, sid, "published", "李文", now="2026-11-20 11:30:00+08")
    status, _, approved_by, published_at, _ = _row(store, sid)
    assert (status, approved_by) == ("published", "赵总")
    assert published_at == datetime(2026, 11, 20, 11, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    first = store.execute("SELECT first_response_at FROM incidents WHERE id = ?", [incident]).fetchone()[0]
    assert first == published_at
    actions = [r[1] for r in audit_rows(store, "statement")]
    assert actions == ["transition:published", "transition:approved", "transition:review", "create"]
    assert audit_rows(store, "incidents")[0][1] == "first_response"


@pytest.mark.parametrize("path,bad", [
    ([], "approved"), ([], "published"), (["review"], "published"),
    (["review", "approved", "published"], "draft"), (["review", "approved", "published"], "review"),
])
def test_invalid_transitions_are_refused_and_change_nothing(store, incident, path, bad):
    sid = statements.create(store, incident, "官网", GOOD, "李文")
    for step in path:
        statements.transition(store, sid, step, "赵总" if step == "approved" else "李文")
    before = _row(store, sid)
    n_audit = len(audit_rows(store))
    with pytest.raises(ValueError, match="不能从"):
        statements.transition(store, sid, bad, "李文")
    assert _row(store, sid) == before
    assert len(audit_rows(store)) == n_audit


def test_approval_blocked_by_findings_unless_overridden_with_reason(store, incident):
    sid = statements.create(store, incident, "官网", "网传系恶意造谣，涉及员工 100 人。", "李文")
    statements.transition(store, sid, "review", "李文")
    with pytest.raises(ApprovalBlocked) as e:
        statements.transition(store, sid, "approved", "赵总")
    kinds = {f["kind"] for f in e.value.findings}
    assert kinds == {"缺少要点", "禁用表述", "数值矛盾"}
    assert _row(store, sid)[0] == "review"
    findings = statements.transition(store, sid, "approved", "赵总", override_reason="法务确认可先发")
    assert findings and _row(store, sid)[0] == "approved"
    assert _row(store, sid)[4] == "法务确认可先发"
    stored = store.execute("SELECT check_findings FROM statements WHERE id = ?", [sid]).fetchone()[0]
    assert "恶意造谣" in stored


def test_revision_keeps_versions_and_sends_back_to_draft(store, incident):
    sid = statements.create(store, incident, "官网", "初稿", "李文")
    statements.transition(store, sid, "review", "李文")
    assert statements.revise(store, sid, GOOD, "李文") == 2
    assert _row(store, sid)[:2] == ("draft", 2)
    versions = store.execute(
        "SELECT version, body FROM statement_versions WHERE statement_id = ? ORDER BY version", [sid]
    ).fetchall()
    assert versions == [(1, "初稿"), (2, GOOD)]


def test_published_statement_cannot_be_revised(store, incident):
    sid = statements.create(store, incident, "官网", GOOD, "李文")
    for step in ("review", "approved", "published"):
        statements.transition(store, sid, step, "赵总" if step == "approved" else "李文")
    with pytest.raises(ValueError, match="已发布"):
        statements.revise(store, sid, "改一下", "李文")


def test_empty_body_and_unknown_incident_are_clear_errors(store, incident):
    with pytest.raises(ValueError, match="请填写声明正文"):
        statements.create(store, incident, "官网", "  ", "李文")
    with pytest.raises(ValueError, match="事件 999 不存在"):
        statements.create(store, 999, "官网", GOOD, "李文")
    assert store.execute("SELECT count(*) FROM statements").fetchone()[0] == 0
