"""The ledger, the updates and the replies in the 舆情专报 and in the 复盘 (timeline and report)."""
import pytest

from workbench.briefings import documents
from workbench.communication import interactions, updates
from workbench.response.clock import as_time
from workbench.review import export, postmortem
from workbench.verification import claims, proposals

NOW = as_time("2026-11-20 12:00+08")


@pytest.fixture
def carried(demo_store):
    """Demo incident 2 (云帆物流 arrears, Ⅰ级) after claims were verified, an update sent and a reply logged."""
    con, iid = demo_store, 2
    top = proposals.propose(con, iid).iloc[0].to_dict()
    cid = proposals.accept(con, iid, top, "王敏")
    claims.set_status(con, cid, "核实中", "王敏", now="2026-11-20 05:00+08")
    claims.set_status(con, cid, "部分属实", "周洁", evidence="核对发放记录，联系人 13812345678", document="10月工资表.xlsx",
                      confirmed_by="财务部", finding="华东分拨中心10月工资延迟发放", now="2026-11-20 06:00+08")
    uid = updates.create(con, iid, "管理层", updates.draft(con, iid, "管理层", now="2026-11-20 07:00+08"), "王敏",
                         now="2026-11-20 07:00+08")
    updates.send(con, uid, "王敏", now="2026-11-20 07:00+08")
    post = int(interactions.key_posts(con, iid).iloc[0]["post_id"])
    interactions.log_reply(con, iid, platform="微博", responder="@云帆物流官方", reply="您好，10月工资本周五前发放一半",
                           actor="王敏", post_id=post, replied_at="2026-11-20 08:30+08")
    return con, iid, cid


def test_the_incident_briefing_has_the_ledger_and_the_updates(carried):
    con, iid, cid = carried
    briefing = documents.build(con, incident_id=iid, now=NOW)
    titles = [s.title for s in briefing.sections]
    assert titles[-2:] == ["附一、信息核实（核实台账）", "附二、相关方通报与互动"]
    md = documents.render(briefing, "md").decode("utf-8")
    assert f"| 核实\\#{cid} | 云帆物流拖欠我们三个月工资 | 部分属实 |" in md  # the Markdown shows 核实#N as text
    assert "华东分拨中心10月工资延迟发放" in md and "10月工资表.xlsx" in md
    assert "| 管理层 | 邮件 | 2026-11-20 07:00 | 王敏 | 人工记录 |" in md
    assert "管理层（邮件）：每 2 小时，下次 2026-11-20 09:00 前" in md
    # post-derived text is inert Markdown: the @ as a character reference, the mask's stars escaped
    assert "&#64;云帆物流官方" in md and "13812345678" not in md and "138\\*\\*\\*\\*5678" in md
    assert documents.render(briefing, "docx")[:2] == b"PK"


def test_the_review_timeline_and_report_carry_verification_updates_and_replies(carried):
    con, iid, cid = carried
    events = postmortem.timeline(con, iid)
    ours = [e for e in events if e["类型"] in ("核实", "通报", "互动")]
    assert [(e["时间"], e["类型"]) for e in ours] == [
        ("2026-11-20 05:00", "核实"), ("2026-11-20 06:00", "核实"), ("2026-11-20 07:00", "通报"), ("2026-11-20 08:30", "互动")]
    assert ours[1]["事件"] == f"核实#{cid}「云帆物流拖欠我们三个月工资」→ 部分属实（周洁，确认：财务部）"
    times = [e["时间"] for e in events]
    assert times == sorted(times)
    text = export.review_markdown(con, iid, now=NOW)
    assert "## 信息核实与沟通" in text and "### 核实台账" in text and "### 相关方通报" in text and "### 互动记录" in text
    assert f"| 核实\\#{cid} |" in text and "13812345678" not in text
