"""The 核实台账 and 相关方通报 tabs of 应对策划 and the 互动记录 of 跟踪反馈, driven from the entry point."""
import pytest
from conftest import audit_rows

from workbench.verification import claims


def _click(at, label):
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def incident(store):
    iid = store.execute(
        "INSERT INTO incidents (title, category, level, status, opened_at) VALUES"
        " ('云帆物流拖欠工资', '薪酬福利', 'Ⅰ', '处置中', now() - INTERVAL 90 MINUTE) RETURNING id"
    ).fetchone()[0]
    for i, text in enumerate(["云帆物流拖欠我们三个月工资", "又一个：云帆物流拖欠我们三个月工资！", "上百名分拣员聚集在园区门口讨薪"]):
        pid = store.execute(
            "INSERT INTO posts (platform, external_id, author, text, text_masked, content_hash, published_at, likes)"
            " VALUES ('微博', ?, '网友', ?, ?, md5(?), now() - INTERVAL 2 HOUR, ?) RETURNING id",
            [str(i), text, text, text, 10 - i],
        ).fetchone()[0]
        store.execute("INSERT INTO incident_posts (incident_id, post_id) VALUES (?, ?)", [iid, pid])
    return iid


def test_claims_are_proposed_accepted_and_verified_on_the_page(store, incident, open_page):
    at = open_page("response", user="王敏")
    assert any("下一次相关方通报：管理层" in i.value for i in at.info)  # Ⅰ级: every 2 h, due in 30 min
    _click(at, "从帖子提议说法（高频关键表述与数字）")
    at.multiselect(key="claims_accept_pick").set_value([0])
    _click(at, "采纳所选说法")
    assert any("已采纳 1 条说法" in s.value for s in at.success)
    cid, text, posts = store.execute(
        "SELECT c.id, c.text, count(*) FROM claims c JOIN claim_posts p ON p.claim_id = c.id GROUP BY c.id, c.text").fetchone()
    assert (text, posts) == ("云帆物流拖欠我们三个月工资", 2)
    at.selectbox(key="claim_verify_pick").set_value(cid)
    at.selectbox(key="claim_verify_status").set_value("属实")
    _click(at, "保存核实状态")
    assert any("不能从「待核实」改为「属实」" in e.value for e in at.error)
    at.selectbox(key="claim_verify_status").set_value("核实中")
    _click(at, "保存核实状态")
    at.selectbox(key="claim_verify_status").set_value("属实")
    at.text_area(key="claim_evidence").input("核对10月工资发放记录")
    at.text_input(key="claim_confirmed_by").input("财务部")
    _click(at, "保存核实状态")
    assert claims.ledger(store, incident).iloc[0]["status"] == "属实"
    assert [r[:2] for r in audit_rows(store, "claim")][:2] == [("王敏", "status:属实"), ("王敏", "status:核实中")]


def test_an_update_is_drafted_checked_and_recorded_as_sent(store, incident, open_page):
    at = open_page("response", user="王敏")
    at.selectbox(key="update_draft_audience").set_value("管理层")
    _click(at, "按当前情况起草")
    uid = store.execute("SELECT id FROM stakeholder_updates").fetchone()[0]
    assert "【管理层通报】云帆物流拖欠工资" in at.text_area(key=f"update_body_{uid}").value
    at.text_area(key=f"update_body_{uid}").input("进展：云帆物流拖欠我们三个月工资一事正在核实。")
    at.button(key=f"update_revise_{uid}").click().run()
    claims.add_claim(store, incident, "拖欠我们三个月工资", "王敏")  # pending: the text now states an unchecked fact
    at.run()
    at.button(key=f"update_send_{uid}").click().run()
    assert any("通报检查未通过" in e.value for e in at.error)
    at.text_input(key=f"update_override_{uid}").input("仅内部通报，领导要求如实告知")
    at.button(key=f"update_send_{uid}").click().run()
    assert store.execute("SELECT status, delivery, override_reason FROM stakeholder_updates").fetchone() == (
        "已发送", "人工记录", "仅内部通报，领导要求如实告知")
    assert any("下一次相关方通报" in i.value for i in at.info)


def test_a_reply_is_logged_on_the_tracking_page(store, incident, open_page):
    at = open_page("tracking", user="李文")
    post = store.execute("SELECT min(id) FROM posts").fetchone()[0]
    at.selectbox(key="interaction_post").set_value(post)
    at.text_input(key="interaction_platform").input("微博")
    at.text_input(key="interaction_responder").input("@云帆物流官方")
    at.text_area(key="interaction_reply").input("您好，工资将于本周五前发放一半")
    _click(at, "记录回复")
    assert store.execute("SELECT post_id, responder, created_by FROM interactions").fetchone() == (post, "@云帆物流官方", "李文")
    at.selectbox(key="interaction_new_outcome").set_value("对方认可")
    _click(at, "更新结果")
    assert store.execute("SELECT outcome FROM interactions").fetchone()[0] == "对方认可"
    at.text_input(key="interaction_platform").input("")
    _click(at, "记录回复")
    assert any("请填写" in e.value for e in at.error)
