"""The claims ledger: claims with their posts counted and first seen, verified step by step, audited."""
import pandas as pd
import pytest
from claims_story import attach_posts, make_incident, wage_incident
from conftest import audit_rows

from workbench.response import talking_points
from workbench.verification import claims


@pytest.fixture
def incident(store):
    return wage_incident(store)


def test_a_claim_links_the_posts_that_make_it_counted_and_first_seen(store, incident):
    iid, posts = incident
    cid = claims.add_claim(store, iid, "拖欠三个月工资", "王敏", phrases="三个月没发工资")
    row = claims.ledger(store, iid).iloc[0]
    assert (row["id"], row["status"], row["posts"]) == (cid, "待核实", 3)  # two wordings, three posts
    assert row["first_seen"] == pd.Timestamp("2026-11-20 02:00:00+08")
    assert list(row["phrases"]) == ["三个月没发工资"]
    assert audit_rows(store, "claim")[0][:2] == ("王敏", "create")


def test_a_claim_says_so_when_it_is_already_in_the_ledger(store, incident):
    iid, _ = incident
    cid = claims.add_claim(store, iid, "拖欠三个月工资", "王敏")
    with pytest.raises(ValueError, match=f"核实#{cid}"):
        claims.add_claim(store, iid, "拖欠三个月工资", "李文")


def test_verification_runs_pending_then_checking_then_a_verdict_with_evidence(store, incident):
    iid, _ = incident
    cid = claims.add_claim(store, iid, "拖欠三个月工资", "王敏")
    with pytest.raises(ValueError, match="不能从「待核实」改为「属实」"):
        claims.set_status(store, cid, "属实", "王敏", evidence="工资表", confirmed_by="财务部")
    claims.set_status(store, cid, "核实中", "王敏", now="2026-11-20 05:00+08")
    with pytest.raises(ValueError, match="核实依据"):
        claims.set_status(store, cid, "属实", "王敏", confirmed_by="财务部")
    with pytest.raises(ValueError, match="确认人"):
        claims.set_status(store, cid, "属实", "王敏", evidence="工资表")
    with pytest.raises(ValueError, match="核实结论"):
        claims.set_status(store, cid, "部分属实", "王敏", evidence="工资表", confirmed_by="财务部")
    claims.set_status(store, cid, "部分属实", "周洁", evidence="发放记录", document="10月工资表.xlsx",
                      confirmed_by="财务部 张会计", finding="10月工资延迟发放，9月前已结清", now="2026-11-20 06:00+08")
    row = claims.ledger(store, iid).iloc[0]
    assert (row["status"], row["verified_by"], row["document"], row["confirmed_by"]) == (
        "部分属实", "周洁", "10月工资表.xlsx", "财务部 张会计")
    assert row["verified_at"] == pd.Timestamp("2026-11-20 06:00+08")
    steps = claims.history(store, iid)
    assert list(steps["status"]) == ["核实中", "部分属实"] and list(steps["verified_by"]) == ["王敏", "周洁"]
    assert [r[1] for r in audit_rows(store, "claim")] == ["status:部分属实", "status:核实中", "create"]
    claims.set_status(store, cid, "核实中", "王敏")  # a verdict may be reopened
    assert claims.ledger(store, iid).iloc[0]["status"] == "核实中"


def test_editing_the_wording_links_the_posts_that_now_match(store, incident):
    iid, _ = incident
    cid = claims.add_claim(store, iid, "删除员工帖子", "王敏")
    assert claims.ledger(store, iid).iloc[0]["posts"] == 0
    assert claims.edit_claim(store, cid, "李文", phrases="删帖了") == 1
    assert audit_rows(store, "claim")[0][:2] == ("李文", "edit")


def test_posts_are_linked_by_hand_only_within_the_incident(store, incident):
    iid, posts = incident
    other = make_incident(store, title="另一事件")
    stray = attach_posts(store, other, [("2026-11-20 01:00:00+08", "负面", "别处的帖子")])
    cid = claims.add_claim(store, iid, "资金链断裂", "王敏")
    claims.link_posts(store, cid, [posts[6]], "王敏")
    assert claims.ledger(store, iid).iloc[0]["posts"] == 1
    with pytest.raises(ValueError, match="不属于该事件"):
        claims.link_posts(store, cid, stray, "王敏")


def test_a_verified_claim_is_cited_in_the_talking_points(store, incident):
    iid, _ = incident
    cid = claims.add_claim(store, iid, "上百名分拣员聚集在园区门口讨薪", "王敏")
    with pytest.raises(ValueError, match="只有核实为"):
        claims.cite(store, cid, "王敏")
    claims.set_status(store, cid, "核实中", "王敏")
    claims.set_status(store, cid, "不实", "王敏", evidence="园区监控", confirmed_by="安保部")
    assert claims.cite(store, cid, "王敏") == f"核实#{cid}"
    assert talking_points.points(store, iid) == [{
        "key": f"核实#{cid}", "value": "经核实，网传「上百名分拣员聚集在园区门口讨薪」不实", "kind": "背景"}]


def test_deleting_a_claim_removes_its_links_and_is_audited(store, incident):
    iid, _ = incident
    cid = claims.add_claim(store, iid, "拖欠三个月工资", "王敏")
    claims.delete_claim(store, cid, "李文")
    assert claims.ledger(store, iid).empty
    assert store.execute("SELECT count(*) FROM claim_posts").fetchone()[0] == 0
    assert audit_rows(store, "claim")[0][:2] == ("李文", "delete")
