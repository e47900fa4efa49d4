"""Statements use verified facts only: the 口径 check reads the claims ledger."""
import pytest
from claims_story import wage_incident
from conftest import audit_rows

from workbench.response import statements, talking_points
from workbench.verification import claims, statement_check, wording

WAGES = ["拖欠三个月工资", "三个月没发工资"]


@pytest.mark.parametrize("text, expected", [
    ("公司拖欠三个月工资，我们深表歉意。", wording.ASSERTS),
    ("华东分拨中心三个月没发工资", wording.ASSERTS),
    ("公司并未拖欠三个月工资。", wording.DENIES),
    ("不存在拖欠三个月工资的情况", wording.DENIES),
    ("网传拖欠三个月工资，经核实不实。", wording.DENIES),
    ("网传「拖欠三个月工资」系谣言", wording.DENIES),
    ("公司拖欠两个月工资", None),            # another number is another claim
    ("公司向受影响员工致歉", None),
])
def test_a_text_states_denies_or_leaves_a_claim(text, expected):
    assert wording.stance(WAGES, text) == expected


def _verified(con, iid, text, status, **kw):
    cid = claims.add_claim(con, iid, text, "王敏")
    claims.set_status(con, cid, "核实中", "王敏")
    if status != "核实中":
        claims.set_status(con, cid, status, "王敏", evidence="核查记录", confirmed_by="财务部", **kw)
    return cid


@pytest.fixture
def incident(store):
    iid, _ = wage_incident(store)
    return iid


def _kinds(con, iid, body):
    return [(f["kind"], f["severity"], f["key"]) for f in statement_check.findings(con, iid, body)]


def test_denying_a_true_claim_asserting_a_false_one_or_stating_an_unchecked_one_blocks(store, incident):
    true_ = _verified(store, incident, "拖欠三个月工资", "属实")
    false_ = _verified(store, incident, "上百名分拣员聚集在园区门口讨薪", "不实")
    pending = claims.add_claim(store, incident, "资金链断了", "王敏")
    assert _kinds(store, incident, "公司并未拖欠三个月工资。") == [("否认属实", "阻断", f"核实#{true_}")]
    assert _kinds(store, incident, "昨日上百名分拣员聚集在园区门口讨薪。") == [("认定不实", "阻断", f"核实#{false_}")]
    assert _kinds(store, incident, "公司资金链断了。") == [("未核实", "阻断", f"核实#{pending}")]
    assert _kinds(store, incident, "公司拖欠三个月工资，网传上百名分拣员聚集在园区门口讨薪系谣言。") == []


def test_partly_true_and_unverifiable_claims_only_warn_when_stated(store, incident):
    part = _verified(store, incident, "拖欠三个月工资", "部分属实", finding="10月工资延迟发放")
    unknown = _verified(store, incident, "资金链断了", "无法核实")
    found = statement_check.findings(store, incident, "公司拖欠三个月工资，资金链断了。")
    assert [(f["kind"], f["severity"], f["key"]) for f in found] == [
        ("部分属实", "提示", f"核实#{part}"), ("无法核实", "提示", f"核实#{unknown}")]
    assert "10月工资延迟发放" in found[0]["message"]


def test_a_statement_asserting_a_false_claim_is_blocked_and_passes_after_revision(store, incident):
    false_ = _verified(store, incident, "上百名分拣员聚集在园区门口讨薪", "不实")
    talking_points.set_point(store, incident, "态度", "公司向受影响员工致歉", "王敏")
    sid = statements.create(store, incident, "官方微博", "公司向受影响员工致歉。上百名分拣员聚集在园区门口讨薪一事正在处理。", "李文")
    statements.transition(store, sid, "review", "李文")
    with pytest.raises(statements.ApprovalBlocked) as blocked:
        statements.transition(store, sid, "approved", "王敏")
    assert [f["key"] for f in blocked.value.findings] == [f"核实#{false_}"]
    assert "已核实为不实" in str(blocked.value)
    statements.revise(store, sid, "公司向受影响员工致歉。经核实，网传上百名分拣员聚集在园区门口讨薪不实。", "李文")
    statements.transition(store, sid, "review", "李文")
    assert statements.transition(store, sid, "approved", "王敏") == []
    assert store.execute("SELECT status, override_reason FROM statements").fetchone() == ("approved", None)


def test_forced_approval_over_a_ledger_finding_needs_a_reason_and_keeps_it(store, incident):
    _verified(store, incident, "资金链断了", "核实中")
    sid = statements.create(store, incident, "内部公告", "关于资金链断了的传言，公司正在说明。", "李文")
    statements.transition(store, sid, "review", "李文")
    with pytest.raises(statements.ApprovalBlocked):
        statements.transition(store, sid, "approved", "王敏")
    found = statements.transition(store, sid, "approved", "王敏", override_reason="内部通报，领导同意先行说明")
    assert found[0]["kind"] == "未核实"
    assert audit_rows(store, "statement")[0][5].count("领导同意先行说明") == 1


def test_a_talking_point_citing_a_reopened_claim_blocks(store, incident):
    cid = _verified(store, incident, "拖欠三个月工资", "属实")
    key = claims.cite(store, cid, "王敏")
    assert statement_check.findings(store, incident, "公司拖欠三个月工资。") == []
    claims.set_status(store, cid, "核实中", "王敏")
    kinds = _kinds(store, incident, "公司向员工致歉。")
    assert kinds == [("口径引用失效", "阻断", key)]
